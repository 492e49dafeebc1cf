"""Streaming builds: documents extracted into partitions on disk, then one final step writes the outputs.

A build in two steps, so that memory stays flat whatever the size of the corpus and so that many
processes (Dask workers) can extract at once:

1. :func:`write_partition` extracts documents (with per-document resolution) and writes, as they
   finish, a *partition* into a folder (a local path or any fsspec URL):

   * ``NAME.results.jsonl``: one line per document, every field of its resolved extraction
     result (document, actors, mentions, statements), sorted by document id;
   * ``NAME.audit.jsonl``: per document, in input order, the names and merges that
     ``actors.jsonl`` reports;
   * ``NAME.summary.json``: what cross-document resolution needs (the actors, mentions and
     spellings per actor, acronym definitions: :class:`~graphkit.resolution.corpus.CorpusNames`),
     the read-report problems and counts. Its size grows with distinct actors, not documents.

   Each file is written under a temporary name and renamed; the summary comes last and marks the
   partition complete, so a partition a crash cut short is never read.

2. :func:`finish_build` reads every summary, computes the cross-document mapping and labels
   (:meth:`~graphkit.resolution.ActorResolver.corpus_mapping`, the decisions of
   ``resolve_graph``), then streams the partitions' documents in id order, rewritten by the
   mapping: the statement files are written line by line, the RDF files from rows sorted on disk,
   the views' network (HTML, GraphML, GEXF) aggregated per tie as the statements pass
   (:class:`graphkit.network.from_store.NetworkBuilder`), ``actors.jsonl`` grouped on disk. With
   a store, the documents are loaded into it (:func:`_load_store`) and the outputs stream from
   the whole store.

The outputs are byte for byte those of :func:`graphkit.pipeline.run` and
:func:`graphkit.outputs.write_outputs` over the same documents, in any number of partitions
(``tests/test_partitions.py``). JSON-LD is compacted a graph at a time, its nodes sorted on disk.

Examples
--------
>>> import tempfile
>>> from graphkit.documents import Document
>>> with tempfile.TemporaryDirectory() as tmp:
...     summary = write_partition([Document("d1", "Russia is arming Hezbollah.")], tmp + "/parts", "p0")
...     written = finish_build(tmp + "/parts", tmp + "/out", html=False)
...     summary["documents"], [p.name for p in written]
(1, ['graph.ttl', 'statements.jsonl', 'statements.csv', 'actors.jsonl', 'report.jsonl'])
"""

from __future__ import annotations

import contextlib
import csv
import dataclasses
import heapq
import importlib.util
import io
import itertools
import json
import marshal
import os
import re
import shutil
import tempfile
import threading
import uuid
from collections import Counter
from collections.abc import Callable, Container, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import fsspec

from graphkit.documents import Document, Problem, ReadReport, quote_id
from graphkit.io import atomic_write, commit_together, json_line, remove_stale_temporaries, write_jsonl
from graphkit.lines import statement_order
from graphkit.model import (
    DocumentInfo,
    Evidence,
    ExtractionResult,
    KnowledgeGraph,
    Mention,
    Relation,
    Statement,
)
from graphkit.outputs import DEFAULT_MAX_ACTORS
from graphkit.pipeline import RunOptions, RunStats, extract_results, make_resolver
from graphkit.resolution import ActorResolver, Merge
from graphkit.resolution.corpus import CorpusNames, actor_from_json, actor_to_json
from graphkit.resolution.rewrite import rewrite

__all__ = [
    "BuildTotals",
    "PartitionError",
    "PartitionWriter",
    "finish_build",
    "list_partitions",
    "read_results",
    "read_summary",
    "result_from_json",
    "result_to_json",
    "write_partition",
]

#: The version of the partition files; :func:`finish_build` refuses other versions.
FORMAT = 1
SUMMARY, RESULTS, AUDIT = ".summary.json", ".results.jsonl", ".audit.jsonl"
#: Results held in memory by a :class:`PartitionWriter` before a sorted run goes to disk.
RESULT_RUN = 2_000
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,199}")
ProgressCallback = Callable[[str, int, "int | None"], None]


class PartitionError(ValueError):
    """A partition folder that cannot be built: missing, empty, or written by another version."""


# -- results as JSON lines ---------------------------------------------------------------------------
def result_to_json(result: ExtractionResult) -> dict[str, Any]:
    """Every field of a (resolved) extraction result as JSON; :func:`result_from_json` reads it back.

    Examples
    --------
    >>> from graphkit.samples import from_triples
    >>> kg = from_triples([("Russia", "arms", "Syria")])
    >>> result = ExtractionResult(kg.documents["example"], kg.actors, kg.mentions, kg.statements)
    >>> result_from_json(json.loads(json.dumps(result_to_json(result)))) == result
    True
    """
    relations = {s.relation.name: dataclasses.asdict(s.relation) for s in result.statements}
    return {
        "document": dataclasses.asdict(result.document),
        "actors": [actor_to_json(a) for a in result.actors.values()],
        "mentions": [dataclasses.astuple(m) for m in result.mentions],
        "relations": relations,
        "statements": [_statement_to_json(s) for s in result.statements],
        "notes": list(result.notes),
    }


def _statement_to_json(s: Statement) -> dict[str, Any]:
    out = {f.name: getattr(s, f.name) for f in dataclasses.fields(s)}
    out["relation"] = s.relation.name
    out["subject_mention"] = dataclasses.astuple(s.subject_mention)
    out["object_mention"] = dataclasses.astuple(s.object_mention)
    out["evidence"] = dataclasses.astuple(s.evidence)
    return out


def result_from_json(data: dict[str, Any]) -> ExtractionResult:
    """The extraction result of :func:`result_to_json`."""
    relations = {name: Relation(**r) for name, r in data.get("relations", {}).items()}
    statements = []
    for s in data.get("statements", []):
        statements.append(
            Statement(
                **{
                    **s,
                    "relation": relations[s["relation"]],
                    "subject_mention": Mention(*s["subject_mention"]),
                    "object_mention": Mention(*s["object_mention"]),
                    "evidence": Evidence(*s["evidence"]),
                }
            )
        )
    actors = (actor_from_json(a) for a in data.get("actors", []))
    return ExtractionResult(
        DocumentInfo(**data["document"]),
        {a.id: a for a in actors},
        [Mention(*m) for m in data.get("mentions", [])],
        statements,
        notes=list(data.get("notes", [])),
    )


# -- files, local or fsspec -------------------------------------------------------------------------
def _join(folder: str | os.PathLike[str], name: str) -> str:
    folder = os.fspath(folder)
    return f"{folder.rstrip('/')}/{name}" if "://" in folder else os.path.join(folder, name)


@contextlib.contextmanager
def _atomic_put(folder: str, name: str, mode: str = "w") -> Iterator[IO[Any]]:
    """Write ``folder/name`` under a temporary name, renamed once complete (any fsspec file system)."""
    fs, root = fsspec.core.url_to_fs(folder)
    fs.makedirs(root, exist_ok=True)
    tmp = f"{root.rstrip('/')}/.{name}.{uuid.uuid4().hex[:8]}.part"
    try:
        with fs.open(
            tmp, mode + ("" if "b" in mode else "t"), encoding=None if "b" in mode else "utf-8"
        ) as f:
            yield f
        fs.mv(tmp, f"{root.rstrip('/')}/{name}")
    except BaseException:
        with contextlib.suppress(Exception):
            fs.rm(tmp)
        raise


def list_partitions(folder: str | os.PathLike[str]) -> list[str]:
    """Return the names of the complete partitions of ``folder`` (those with a summary), sorted.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     _ = write_partition([], tmp, "part-1")
    ...     list_partitions(tmp)
    ['part-1']
    """
    fs, root = fsspec.core.url_to_fs(os.fspath(folder))
    if not fs.exists(root):
        return []
    names = [p.rsplit("/", 1)[-1] for p in fs.ls(root, detail=False)]
    return sorted(n[: -len(SUMMARY)] for n in names if n.endswith(SUMMARY) and not n.startswith("."))


def read_summary(folder: str | os.PathLike[str], name: str) -> dict[str, Any]:
    """Return the summary of partition ``name`` of ``folder``."""
    with fsspec.open(_join(folder, name + SUMMARY), "rt", encoding="utf-8") as f:
        summary = json.load(f)
    if summary.get("format") != FORMAT:
        raise PartitionError(
            f"partition {name} of {os.fspath(folder)} has format {summary.get('format')!r}, "
            f"this graphkit reads {FORMAT}: write it again with this version"
        )
    return summary


def read_results(folder: str | os.PathLike[str], name: str) -> Iterator[ExtractionResult]:
    """Yield the results of partition ``name``, by document id, one line at a time."""
    for result, _ in _read_positioned(folder, name):
        yield result


def _read_positioned(folder: str | os.PathLike[str], name: str) -> Iterator[tuple[ExtractionResult, int]]:
    with fsspec.open(_join(folder, name + RESULTS), "rt", encoding="utf-8") as f:
        for line in f:
            data = json.loads(line)
            yield result_from_json(data), data.get("position", 0)


# -- step 1: a partition ---------------------------------------------------------------------------
def write_partition(
    documents: Iterable[Document],
    folder: str | os.PathLike[str],
    name: str,
    options: RunOptions | None = None,
    *,
    report: ReadReport | None = None,
    stats: RunStats | None = None,
    on_result: Callable[[ExtractionResult], None] | None = None,
    resolver: ActorResolver | None = None,
    extractor: Any = None,
    source: str | None = None,
) -> dict[str, Any]:
    """Extract ``documents`` into the partition ``name`` of ``folder``; return its summary.

    Parameters
    ----------
    documents : the documents, read lazily
    folder : a local folder or an fsspec URL (``s3://bucket/run``), created when missing
    name : the partition's name (letters, digits, ``.``, ``_``, ``-``); partitions are read in
        name order, which decides ties as input order does
    options : extraction options (:class:`~graphkit.pipeline.RunOptions`)
    report : failed documents and reader problems go there (and into the summary)
    stats : counts and timings
    on_result : called after each document
    resolver : the per-document resolver (default: one made from ``options``)
    extractor : a loaded :class:`~graphkit.extraction.Extractor` (a Dask worker reuses one
        across partitions; default: one made from ``options``)
    source : what the documents were read from, for messages about the partition (its inputs)

    Returns
    -------
    dict
        The summary written to ``NAME.summary.json`` (JSON-able): ``documents``, ``statements``,
        ``mentions``, ``characters``, ``names`` (:class:`CorpusNames` as JSON), ``problems``.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     s = write_partition([Document("d", "Iran is arming Hamas.")], tmp, "p")
    ...     s["documents"], s["statements"], sorted(os.listdir(tmp))
    (1, 1, ['p.audit.jsonl', 'p.results.jsonl', 'p.summary.json'])
    """
    options = options or RunOptions()
    report = report if report is not None else ReadReport()
    stats = stats if stats is not None else RunStats()
    if resolver is None and options.resolve:
        with stats.stage("load model"):
            resolver = make_resolver(options)
    first_problem = len(report.problems)
    with PartitionWriter(folder, name, resolve=resolver is not None, source=source) as writer:
        for result in extract_results(documents, options, stats, report, resolver, extractor):
            merges: list[Merge] = []
            if resolver is not None:  # this document's merges: written, not kept
                merges, resolver.merges[:] = list(resolver.merges), []
            with stats.stage("partition"):  # what "graph" was when the graph was held in memory
                writer.add(result, merges)
            if on_result is not None:
                on_result(result)
        writer.problems = report.problems[first_problem:]
        with stats.stage("partition"):
            writer.close()
    return writer.summary


class PartitionWriter:
    """Writes one partition from results already extracted (what :func:`write_partition` does).

    Results are added as they come (:meth:`add`); memory is one run of :data:`RESULT_RUN`
    results, sorted by document id and spooled to a local temporary folder, then merged into
    ``NAME.results.jsonl`` by :meth:`close`, which writes the summary last. Leaving the ``with``
    block on an exception writes no summary: the partition is never read.

    Examples
    --------
    >>> import tempfile
    >>> from graphkit.samples import from_triples
    >>> kg = from_triples([("Russia", "arms", "Syria")])
    >>> result = ExtractionResult(kg.documents["example"], kg.actors, kg.mentions, kg.statements)
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     with PartitionWriter(tmp, "p0") as writer:
    ...         writer.add(result)
    ...     writer.summary["documents"], [r.document.id for r in read_results(tmp, "p0")]
    (1, ['example'])
    """

    def __init__(
        self, folder: str | os.PathLike[str], name: str, *, resolve: bool = True, source: str | None = None
    ) -> None:
        if not _NAME.fullmatch(name):
            raise ValueError(f"a partition name is letters, digits, '.', '_' and '-', not {name!r}")
        self.folder, self.name, self.resolve = os.fspath(folder), name, resolve
        self.names = CorpusNames()
        self.counts: Counter[str] = Counter()
        self.problems: list[Problem] = []
        self.source = source  # what the documents were read from (the summary's "source")
        self.summary: dict[str, Any] | None = None
        self._run: list[tuple[str, int, bytes]] = []
        self._runs: list[Path] = []
        self._position = 0
        self._closed = False

    def __enter__(self) -> PartitionWriter:
        # a partition written again is incomplete until its new summary: never old and new files mixed
        fs, root = fsspec.core.url_to_fs(self.folder)
        summary = f"{root.rstrip('/')}/{self.name}{SUMMARY}"
        if fs.exists(summary):
            fs.rm(summary)
        self._stack = contextlib.ExitStack()
        # the sorted runs: removed by close() after they are merged (or on failure), not by the stack,
        # which close() leaves first to put the audit file in place
        self._tmp = Path(tempfile.mkdtemp(prefix="graphkit-partition-"))
        self._audit = self._stack.enter_context(_atomic_put(self.folder, self.name + AUDIT))
        return self

    def add(self, result: ExtractionResult, merges: Iterable[Merge] = ()) -> None:
        """Add one document's (resolved) result, with the resolver's merges for that document."""
        self.names.add(result)
        data = result_to_json(result)
        data["position"] = self._position  # the input order, which the views' evidence keeps
        line = (json.dumps(data) + "\n").encode("ascii")  # escapes: any string survives
        self._run.append((result.document.id, self._position, line))
        self._position += 1
        if len(self._run) >= RESULT_RUN:
            self._spill()
        self._audit.write(json.dumps(_audit_line(result, list(merges))) + "\n")
        self.counts["documents"] += 1
        self.counts["statements"] += len(result.statements)
        self.counts["mentions"] += len(result.mentions)
        self.counts["characters"] += result.document.length

    def _spill(self) -> None:
        path = self._tmp / f"run-{len(self._runs)}.jsonl"
        with path.open("wb") as f:
            for doc_id, position, line in sorted(self._run, key=lambda r: (r[0], r[1])):
                f.write(json.dumps([doc_id, position]).encode("utf-8", "surrogatepass") + b"\t" + line)
        self._runs.append(path)
        self._run = []

    def _sorted(self) -> Iterator[tuple[str, bytes]]:
        """The result lines by document id; of an id added twice, the last (as KnowledgeGraph.add)."""

        def read(path: Path) -> Iterator[tuple[str, int, bytes]]:
            with path.open("rb") as f:
                for raw in f:
                    key, line = raw.split(b"\t", 1)
                    doc_id, position = json.loads(key)
                    yield doc_id, position, line

        runs = [read(p) for p in self._runs] + [iter(sorted(self._run, key=lambda r: (r[0], r[1])))]
        pending = None
        for item in heapq.merge(*runs, key=lambda r: (r[0], r[1])):
            if pending is not None and pending[0] != item[0]:
                yield pending[0], pending[2]
            pending = item
        if pending is not None:
            yield pending[0], pending[2]

    def close(self) -> dict[str, Any]:
        """Write the results file and the summary (which marks the partition complete); return it."""
        if self._closed:
            return self.summary  # type: ignore[return-value]
        self._closed = True
        self._stack.close()  # the audit file, renamed into place
        try:
            with _atomic_put(self.folder, self.name + RESULTS, "wb") as f:
                for _, line in self._sorted():
                    f.write(line)
        finally:
            shutil.rmtree(self._tmp, ignore_errors=True)
        self.summary = {
            "format": FORMAT,
            "name": self.name,
            **{k: self.counts[k] for k in ("documents", "statements", "mentions", "characters")},
            "resolve": self.resolve,
            "problems": [p.to_json() for p in self.problems],
            **({"source": self.source} if self.source is not None else {}),
            "names": self.names.to_json(),
        }
        with _atomic_put(self.folder, self.name + SUMMARY) as f:  # last: marks the partition complete
            json.dump(self.summary, f)
        return self.summary

    def __exit__(self, kind: Any, *exc: Any) -> None:
        if kind is None:
            self.close()
        else:  # no summary: the partition stays incomplete, never read
            self._closed = True
            try:
                self._stack.__exit__(kind, *exc)
            finally:
                shutil.rmtree(self._tmp, ignore_errors=True)


def _audit_line(result: ExtractionResult, merges: list[Merge]) -> dict[str, Any]:
    return {
        "doc": result.document.id,
        "mentions": [[m.actor, m.text, m.via] for m in result.mentions],
        "merges": [[m.name, m.source, m.target, m.why, m.doc] for m in merges],
        # the views average confidence in input order (to_multidigraph's): kept in that order here
        "statements": [
            [s.subject, s.object, s.relation.name, s.relation.symmetric, s.polarity, s.confidence]
            for s in result.statements
        ],
    }


# -- step 2: the outputs -----------------------------------------------------------------------------
@dataclass
class BuildTotals:
    """What :func:`finish_build` wrote: counts for the CLI's summary table."""

    #: documents in the outputs (with ``--store``: every document the store holds)
    documents: int = 0
    statements: int = 0
    #: actors some mention or statement of the outputs refers to
    actors: int = 0
    by_relation: Counter[str] = field(default_factory=Counter)
    #: statements per actor (subject or object), and the labels of the outputs
    degree: Counter[str] = field(default_factory=Counter)
    labels: dict[str, str] = field(default_factory=dict)
    #: the partitions' problems, then the documents the store refused (``report.jsonl``)
    report: ReadReport = field(default_factory=ReadReport)


def finish_build(
    folder: str | os.PathLike[str],
    out: str | os.PathLike[str],
    *,
    store: str | os.PathLike[str] | None = None,
    formats: Iterable[str] = ("ttl",),
    html: bool = True,
    max_actors: int = DEFAULT_MAX_ACTORS,
    options: RunOptions | None = None,
    on_progress: ProgressCallback | None = None,
    totals: BuildTotals | None = None,
) -> list[Path]:
    """Write the build outputs of every partition of ``folder`` into ``out`` (what ``build`` writes).

    Memory is bounded by the actors and ties, not the documents: the documents stream from the
    partitions (or the store), the RDF files and the audit records are sorted on disk, and the
    views are aggregated tie by tie (reading a store back costs memory with its size: Oxigraph
    keeps its table readers, so only ``store`` builds read one).

    Parameters
    ----------
    folder : the partitions (a local folder or an fsspec URL)
    out : the output folder: the files of :func:`graphkit.outputs.write_outputs`, written
        completely before any replaces its previous version
    store : a persistent Oxigraph store the documents are loaded into (each replacing its
        earlier version; one the store holds under another id is refused and reported); the
        outputs then show every document the store holds, resolved across all of them.
        Default: none.
    formats, html, max_actors : as :func:`graphkit.outputs.write_outputs`
    options : ``options.resolve`` (default True) resolves actors across the partitions
    on_progress : called as ``on_progress(stage, done, total)`` while documents stream
    totals : filled with counts (the CLI's summary)

    Returns
    -------
    list of Path
        The files written, in :func:`~graphkit.outputs.write_outputs`'s order.

    Raises
    ------
    PartitionError
        When ``folder`` holds no complete partition, or one of another format version.
    """
    from graphkit.writers import check_formats

    formats = check_formats(formats)  # before anything is read: a typo costs no run
    options = options or RunOptions()
    totals = totals if totals is not None else BuildTotals()
    parts = list_partitions(folder)
    if not parts:
        raise PartitionError(f"{os.fspath(folder)} holds no complete partition (NAME{SUMMARY})")
    # an id in two partitions (two inputs of a Dask run): the first partition's is kept, as a
    # local build keeps the first of an id it reads, and the others are reported
    dropped = _repeated_ids(folder, parts)
    names, sources = CorpusNames(), []
    with_repeats = {i for i, _ in dropped}
    for i, part in enumerate(parts):
        summary = read_summary(folder, part)
        sources.append(summary.get("source") or _join(folder, part + RESULTS))
        if i in with_repeats:  # its names counted a dropped document: counted again
            for result, _ in _read_positioned(folder, part):
                if (i, result.document.id) not in dropped:
                    names.add(result)
        else:
            names.update(CorpusNames.from_json(summary["names"]))
        for p in summary.get("problems", []):
            totals.report.problems.append(Problem(p["where"], p["reason"], p["skipped"]))
        totals.report.documents += summary.get("documents", 0)
    for (i, doc_id), first in sorted(dropped.items()):
        what = f"duplicate document id {quote_id(doc_id)}"
        totals.report.skip(sources[i], f"{what} (the first one, in {sources[first]}, was kept)")
        totals.report.documents -= 1
    # the corpus decisions need no gazetteer: names, types and counts
    resolver = ActorResolver(certainty={}) if options.resolve else None
    mapping: dict[str, Any] = {}
    actors = dict(names.actors)
    if resolver is not None:
        mapping, names = resolver.corpus_mapping(names)
        actors = resolver.corpus_labels(names.actors, names)

    def ranked_documents() -> Iterator[tuple[ExtractionResult, int | None]]:
        for result, rank in _merged(folder, parts, dropped):
            yield (rewrite(result, mapping) if mapping else result), rank

    def run_documents() -> Iterator[ExtractionResult]:
        return (result for result, _ in ranked_documents())

    def per_document_merges() -> Iterator[Merge]:
        for row in _audit_rows(folder, parts, dropped):
            yield from (Merge(*m) for m in row["merges"])

    write = dict(
        out=out, formats=formats, html=html, max_actors=max_actors, totals=totals, on_progress=on_progress
    )
    if store is None:
        audit = None
        if resolver is not None:
            audit = _AuditInput(
                names.used_actors(),
                actors,
                lambda: _audit_mentions(folder, parts, mapping, dropped),
                per_document_merges,
                resolver,
            )
        means = _audit_means(folder, parts, mapping, dropped)
        return _write_outputs(ranked_documents, actors, audit=audit, means=means, **write)

    from graphkit.store import open_store

    handle = _StoreHandle(store, open_store(store))  # closed when this returns: one process at a time
    with tempfile.TemporaryDirectory(prefix="graphkit-held-") as tmp:
        loaded, held = Path(tmp) / "loaded.jsonl", Path(tmp) / "results.jsonl"
        _load_store(handle, run_documents(), actors, totals, on_progress, os.fspath(store), loaded)
        handle.renew()  # what the load made Oxigraph hold is freed before the store is read back
        # the outputs show every document the store holds, resolved across all of them; the store
        # is read once, into a file the passes below read (Oxigraph reads a term at a time), and
        # the documents just loaded are read from what was loaded
        names, store_mapping = _store_names(handle, held, loaded), {}
        loaded.unlink()  # read: its documents are in ``held`` now (disk use: one copy)
        actors = dict(names.actors)
        if resolver is not None:
            store_mapping, names = resolver.corpus_mapping(names)
            actors = resolver.corpus_labels(names.actors, names)

        def store_documents() -> Iterator[tuple[ExtractionResult, int | None]]:
            # in id and text order, as store_to_kg orders them: no input rank
            with held.open(encoding="utf-8") as f:
                for line in f:
                    result = result_from_json(json.loads(line))
                    yield (rewrite(result, store_mapping) if store_mapping else result), None

        audit = None
        if resolver is not None:
            audit = _AuditInput(
                names.used_actors(),
                actors,
                lambda: (m for r, _ in store_documents() for m in r.mentions),
                per_document_merges,
                resolver,
            )
        return _write_outputs(store_documents, actors, audit=audit, **write)


def _merged(
    folder: str | os.PathLike[str], parts: list[str], dropped: Container[tuple[int, str]] = ()
) -> Iterator[tuple[ExtractionResult, int]]:
    """The results of every partition by document id, but those of ``dropped`` (partition index, id),
    each with its rank in the input order (partition, then position in it); of an id that is still
    in two partitions, the first partition's."""

    def ranked(i: int, part: str) -> Iterator[tuple[str, int, ExtractionResult, int]]:
        for r, position in _read_positioned(folder, part):
            if (i, r.document.id) not in dropped:
                yield r.document.id, i, r, (i << 40) + (position << 16)

    streams = [ranked(i, part) for i, part in enumerate(parts)]  # (a generator per partition: i bound)
    last = None
    for doc_id, _, result, rank in heapq.merge(*streams, key=lambda t: (t[0], t[1])):
        if doc_id != last:
            yield result, rank
        last = doc_id


#: How a line of ``NAME.results.jsonl`` starts (:func:`result_to_json`'s order), up to the id.
_RESULT_PREFIX = '{"document": {"id": '


def _result_ids(folder: str | os.PathLike[str], part: str) -> Iterator[str]:
    """The document ids of a partition, in its (id) order, each read without the rest of its line."""
    decoder = json.JSONDecoder()
    with fsspec.open(_join(folder, part + RESULTS), "rt", encoding="utf-8") as f:
        for line in f:
            if line.startswith(_RESULT_PREFIX):
                yield decoder.raw_decode(line, len(_RESULT_PREFIX))[0]
            else:  # written some other way: read whole
                yield json.loads(line)["document"]["id"]


def _repeated_ids(folder: str | os.PathLike[str], parts: list[str]) -> dict[tuple[int, str], int]:
    """The documents whose id an earlier partition holds too: (partition index, id) -> that partition's index.

    One pass over the ids (each partition is sorted by id); memory holds the repeated ones only.
    """

    def ids(i: int, part: str) -> Iterator[tuple[str, int]]:
        return ((doc_id, i) for doc_id in _result_ids(folder, part))

    repeated: dict[tuple[int, str], int] = {}
    last, first = None, -1
    for doc_id, i in heapq.merge(*(ids(i, part) for i, part in enumerate(parts))):
        if doc_id == last:
            repeated[(i, doc_id)] = first
        else:
            last, first = doc_id, i
    return repeated


def _audit_rows(
    folder: str | os.PathLike[str], parts: list[str], dropped: Container[tuple[int, str]] = ()
) -> Iterator[dict[str, Any]]:
    """The audit lines of every partition in input order, but those of ``dropped`` (partition index, id)."""
    for i, part in enumerate(parts):
        with fsspec.open(_join(folder, part + AUDIT), "rt", encoding="utf-8") as f:
            for line in f:
                row = json.loads(line)
                if (i, row["doc"]) not in dropped:
                    yield row


def _audit_mentions(
    folder: str | os.PathLike[str],
    parts: list[str],
    mapping: dict[str, Any],
    dropped: Container[tuple[int, str]] = (),
) -> Iterator[Mention]:
    """The mentions ``actors.jsonl`` reports, in input order, re-pointed by the corpus mapping."""
    target = {old: (new.id if new is not None else None) for old, new in mapping.items()}
    for row in _audit_rows(folder, parts, dropped):
        for actor, text, via in row["mentions"]:
            yield Mention(row["doc"], text, 0, 0, target.get(actor, actor), via)


@dataclass
class _AuditInput:
    """What ``actors.jsonl`` is made of: each read once, streaming (:func:`_write_audit`)."""

    used: dict[str, Any]
    actors: dict[str, Any]
    mentions: Callable[[], Iterator[Mention]]
    per_document: Callable[[], Iterator[Merge]]
    resolver: ActorResolver


def _doc_graph(result: ExtractionResult, actors: dict[str, Any]) -> KnowledgeGraph:
    doc = result.document
    return KnowledgeGraph(actors, {doc.id: doc}, result.mentions, result.statements)


# -- the persistent store ---------------------------------------------------------------------------
class _StoreHandle:
    """An Oxigraph store that a long load opens again every :data:`RENEW_EVERY` documents.

    Oxigraph (RocksDB) keeps what a load wrote through (buffers, table readers) until the store is
    closed: about 15 KB a document. Closing and opening it again bounds that. It is opened with
    :func:`~graphkit.store.reopen_store`, not :func:`~graphkit.store.open_store`, which would drop
    the staging graphs still to be moved. This handle must be the store's only holder: callers
    read ``handle.store`` at each use, never keep it.
    """

    def __init__(self, path: str | os.PathLike[str], store: Any) -> None:
        self.path, self.store = os.fspath(path), store
        self._since = 0  # documents loaded, moved or read since the store was last opened

    def due(self, documents: int = 1) -> bool:
        """Count ``documents`` more; True when :data:`RENEW_EVERY` have passed (call :meth:`renew`)."""
        self._since += documents
        return self._since >= RENEW_EVERY

    def renew(self) -> None:
        from graphkit.store import reopen_store

        self.store.flush()
        self.store = None  # the last reference: the store closes (and frees its memory) here
        self.store = reopen_store(self.path)  # StoreBusy if another process took it meanwhile
        self._since = 0


#: Documents loaded (and moved) between two openings of the store by :class:`_StoreHandle`.
RENEW_EVERY = 2_000


def _load_store(
    handle: _StoreHandle,
    results: Iterable[ExtractionResult],
    actors: dict[str, Any],
    totals: BuildTotals,
    on_progress: ProgressCallback | None,
    where: str,
    loaded: Path,
) -> None:
    """Load the documents and the actors into the store, each document replacing its old version.

    A document the store does not hold yet is added to its own graph, :data:`MOVE_BATCH` documents
    a transaction. One the store holds is bulk-loaded into a staging graph, then moved over its old
    version, :data:`MOVE_BATCH` documents a transaction. Either way a crash leaves each document
    in its old version (or absent) or in its new one, never half of either, and staging graphs
    that the next :func:`~graphkit.store.open_store` drops. A document whose IRI holds another id
    is refused. Each document loaded is written to ``loaded`` as the store will read it back
    (for :func:`_store_results`), in the order of ``results``.
    """
    import pyoxigraph as ox

    from graphkit.model import document_iri
    from graphkit.quads import STAGING_SUFFIX
    from graphkit.rdf import actor_quads, document_quads
    from graphkit.store import held_id

    with tempfile.TemporaryDirectory(prefix="graphkit-nq-") as tmp:
        moves = Path(tmp) / "moves.txt"
        n = 0
        loader = _BulkLoader(handle)
        with (
            _NewDocuments(handle) as added,
            moves.open("w", encoding="utf-8") as staged,
            loaded.open("w", encoding="utf-8") as copy,
        ):
            for result in results:
                doc_id = result.document.id
                other = held_id(handle.store, doc_id)
                if other is not None:
                    totals.report.skip(
                        where,
                        f"document {doc_id[:80]!r} was not stored: the store holds a different document, "
                        f"{other[:80]!r}, under its IRI <{document_iri(doc_id)}> (nothing was replaced)",
                    )
                    continue
                graph = document_iri(doc_id)
                quads = document_quads(_doc_graph(result, actors), doc_id)
                if added.is_new(graph):
                    # nothing to replace: a transaction adds it (a bulk load and a move cost 3.5x)
                    added.add(graph, quads)
                else:
                    staging = ox.NamedNode(graph + STAGING_SUFFIX)
                    loader.add([ox.Quad(q.subject, q.predicate, q.object, staging) for q in quads])
                    staged.write(graph + "\n")
                copy.write(json.dumps([doc_id, graph, result_to_json(_read_back(quads, doc_id))]) + "\n")
                n += 1
                if handle.due():
                    loader.flush()
                    added.flush()
                    handle.renew()
                if on_progress is not None:
                    on_progress("loading the store", n, totals.report.documents or None)
            added.flush()
        loader.flush()
        done = 0
        with moves.open(encoding="utf-8") as staged:
            while batch := list(itertools.islice(staged, MOVE_BATCH)):
                # one transaction a batch, then a flush: a transaction a document, unflushed, let
                # the store's buffers grow with it (2.1 GB at 10,000 documents, docs/benchmarks.md).
                # Larger batches cost more memory, smaller ones more time. The IRIs are
                # document_iri's, never article text.
                graphs = [ox.NamedNode(line.rstrip("\n")) for line in batch]
                updates = (f"MOVE SILENT {ox.NamedNode(g.value + STAGING_SUFFIX)} TO {g}" for g in graphs)
                handle.store.update(" ;\n".join(updates))
                handle.store.flush()
                done += len(batch)
                if handle.due(len(batch)):
                    handle.renew()
                if on_progress is not None:
                    on_progress("replacing old versions", done, n)
    # actors: each one's description replaced, not merged (as graphkit.store.add_graph)
    store = handle.store
    for actor in actors.values():
        node = ox.NamedNode(actor.id)
        new = actor_quads(actor)
        old = list(store.quads_for_pattern(node, None, None, ox.DefaultGraph()))
        if set(old) != set(new):
            for quad in old:
                store.remove(quad)
            store.extend(new)


def _store_names(handle: _StoreHandle, copy: Path, loaded: Path) -> CorpusNames:
    """The names of every document the store holds, read one document at a time; the documents
    are written to the file ``copy`` as they are read (JSON lines, :func:`result_to_json`). Those
    of ``loaded`` (:func:`_load_store`'s) are read from it, not from the store."""
    names = CorpusNames(actors=_store_actors(handle.store))
    with copy.open("w", encoding="utf-8") as f:
        for result in _store_results(handle, loaded):
            names._count(result.mentions, result.statements)
            f.write(json_line(result_to_json(result)) + "\n")
    return names


def _store_actors(store: Any) -> dict[str, Any]:
    import pyoxigraph as ox

    from graphkit.readback import kg_from_quads

    kg = kg_from_quads(store.quads_for_pattern(None, None, None, ox.DefaultGraph()))
    # a store keeps no order among an actor's aliases (files do): they come back sorted, as store_to_kg
    return {k: dataclasses.replace(a, aliases=tuple(sorted(a.aliases))) for k, a in kg.actors.items()}


def _store_results(handle: _StoreHandle, loaded: Path | None = None) -> Iterator[ExtractionResult]:
    """The documents of the store by id, each read back on its own (as :func:`store_to_kg` reads
    them); the store is opened again every :data:`RENEW_EVERY` documents (reading fills its caches).

    ``loaded``: documents just loaded, as :func:`_load_store` wrote them; one that is next in
    the store's order is taken from there (what reading it back would give), not read.
    """
    import pyoxigraph as ox

    from graphkit.namespaces import DCTERMS

    identifier = ox.NamedNode(str(DCTERMS.identifier))
    with tempfile.TemporaryDirectory(prefix="graphkit-sort-") as tmp, contextlib.ExitStack() as files:
        ids = _DiskSort(Path(tmp))
        for q in handle.store.quads_for_pattern(None, identifier, None, None):
            if isinstance(q.graph_name, ox.NamedNode) and q.graph_name == q.subject:
                ids.add((q.object.value, q.subject.value))
        copies = (
            (json.loads(line) for line in files.enter_context(loaded.open(encoding="utf-8")))
            if loaded is not None
            else iter(())
        )
        row = next(copies, None)
        for doc_id, graph in ids:
            while row is not None and row[:2] < [doc_id, graph]:
                row = next(copies, None)  # (only if the two orders ever disagreed: then it is read)
            if row is not None and row[:2] == [doc_id, graph]:
                result, row = result_from_json(row[2]), next(copies, None)
            else:
                result = _read_back(
                    handle.store.quads_for_pattern(None, None, None, ox.NamedNode(graph)), doc_id
                )
                if handle.due():
                    handle.renew()
            yield result


def _read_back(quads: Iterable[Any], doc_id: str) -> ExtractionResult:
    """The extraction result of a document graph's quads, as :func:`~graphkit.store.store_to_kg` reads it."""
    from graphkit.readback import kg_from_quads

    kg = kg_from_quads(quads)
    info = kg.documents.get(doc_id, DocumentInfo(doc_id))
    return ExtractionResult(info, {}, kg.mentions, kg.statements)


# -- the output files -------------------------------------------------------------------------------
def _write_outputs(
    results: Callable[[], Iterator[tuple[ExtractionResult, int | None]]],
    actors: dict[str, Any],
    *,
    out: str | os.PathLike[str],
    formats: list[str],
    html: bool,
    max_actors: int,
    audit: _AuditInput | None,
    totals: BuildTotals,
    on_progress: ProgressCallback | None,
    means: _RunningMeans | None = None,
) -> list[Path]:
    """The files of :func:`graphkit.outputs.write_outputs`, from one pass over ``results()`` (by id,
    each with its rank in the input order, or None when read back from a store).

    ``means``: the views' mean confidence per edge, when the input order is not the order of
    ``results()`` (by default they are averaged in that order, as for a store read back).
    """
    from graphkit.network.from_store import NetworkBuilder
    from graphkit.writers.table import COLUMNS, _row

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    remove_stale_temporaries(out)  # a run killed mid-write left its temporary files
    parquet = importlib.util.find_spec("pyarrow") is not None
    with (
        tempfile.TemporaryDirectory(prefix="graphkit-build-", ignore_cleanup_errors=True) as tmp,
        commit_together(),
    ):
        work = Path(tmp)
        sorters = {
            flat: _RowSorter(work, flat) for flat in {_SORTED_RDF[f][1] for f in formats if f in _SORTED_RDF}
        }
        for sorter in sorters.values():
            sorter.add_actors(actors.values())
        used: set[str] = set()
        # the views' network, aggregated as the statements stream: memory is the ties
        network = NetworkBuilder(actors, max_evidence=VIEW_EVIDENCE)
        jsonld = _JsonLdSorter(work, actors) if "jsonld" in formats else None
        with contextlib.ExitStack() as files:
            jsonl = files.enter_context(atomic_write(out / "statements.jsonl"))
            table = files.enter_context(atomic_write(out / "statements.csv"))
            table.write("\ufeff")  # so that Excel reads accents right (as writers.table)
            rows = csv.DictWriter(table, fieldnames=COLUMNS, lineterminator="\n")
            rows.writeheader()
            frame = files.enter_context(_ParquetBatches(out / "statements.parquet")) if parquet else None
            for n, (result, rank) in enumerate(results(), 1):
                kg = _doc_graph(result, actors)
                for s in sorted(result.statements, key=statement_order):
                    jsonl.write(json_line(s.to_json(actors)) + "\n")
                    row = _row(kg, s)
                    rows.writerow({k: "" if v is None else v for k, v in row.items()})
                    if frame is not None:
                        frame.add(row)
                    totals.statements += 1
                    totals.by_relation[s.key] += 1
                    totals.degree.update((s.subject, s.object))
                    used.update(a for a in (s.subject, s.object, s.attributed_to, s.outlet) if a)
                for k, s in enumerate(result.statements):
                    network.add(kg, s, rank + k if rank is not None else None)
                if jsonld is not None:
                    jsonld.add_document(kg, result.document.id)
                used.update(m.actor for m in result.mentions)
                for sorter in sorters.values():
                    sorter.add_document(kg)
                totals.documents += 1
                if on_progress is not None:
                    on_progress("writing", n, totals.report.documents or None)
        totals.actors = len(used & set(actors))
        totals.labels = {iri: actors[iri].label for iri in totals.degree if iri in actors}
        # the mean confidences in input order when the stream is not in it (to_multidigraph's)
        averages = means.means if means is not None else None
        written: list[Path] = []
        for fmt in formats:
            target = out / f"graph.{fmt}"
            if fmt in _SORTED_RDF:
                rdf_format, flat = _SORTED_RDF[fmt]
                sorters[flat].write(target, rdf_format)
            elif fmt in ("graphml", "gexf"):
                from graphkit.writers.gephi import NETWORK_WRITERS

                tied = network.graph(confidence=averages, tallies=True)
                NETWORK_WRITERS[fmt].write(tied, target, actors=actors)
            elif fmt == "jsonld" and jsonld is not None:
                jsonld.write(target)
            else:  # pragma: no cover - check_formats admits no other format
                raise ValueError(f"no streaming writer for {fmt!r}")
            written.append(target)
        written += [out / "statements.jsonl", out / "statements.csv"]
        if frame is not None:
            written.append(out / "statements.parquet")
        if html:
            from graphkit.view import write_html

            view = network.graph(confidence=averages)
            written.append(write_html(view, out / "graph.html", max_actors=max_actors))
        if audit is not None:
            with atomic_write(out / "actors.jsonl") as f:
                _write_audit(f, audit, work)
            written.append(out / "actors.jsonl")
        write_jsonl((p.to_json() for p in totals.report.problems), out / "report.jsonl")
        written.append(out / "report.jsonl")
    return written


#: Evidence sentences kept per tie of the view (as many as it shows).
VIEW_EVIDENCE = 20
#: Quads bulk-loaded at a time: Oxigraph's bulk loader holds what one call loads in memory
#: (about 1 kB a quad), so a corpus is loaded in calls of this many quads, not in one.
BULK_CHUNK = 25_000


#: Documents moved from their staging graph over their old version in one update (and one flush).
MOVE_BATCH = 50


class _BulkLoader:
    """Quads bulk-loaded into a store :data:`BULK_CHUNK` at a time (memory: one chunk)."""

    def __init__(self, handle: _StoreHandle) -> None:
        self.handle, self.buffer, self.n = handle, io.BytesIO(), 0

    def add(self, quads: list[Any]) -> None:
        import pyoxigraph as ox

        ox.serialize(quads, self.buffer, format=_NQ)
        self.n += len(quads)
        if self.n >= BULK_CHUNK:
            self.flush()

    def flush(self) -> None:
        if self.n:
            self.handle.store.bulk_load(self.buffer.getvalue(), format=_NQ)
        self.buffer, self.n = io.BytesIO(), 0


class _NewDocuments:
    """Documents the store does not hold, added to their graphs :data:`MOVE_BATCH` a transaction.

    ``Store.extend`` is one transaction: a crash keeps all of a batch or none of it. Each batch is
    flushed, as the moves are, so the store's write buffers do not grow with the load. A batch is
    written by a thread while the next one is made (Oxigraph releases the GIL as it writes), one
    batch at a time; leaving the ``with`` block waits for it.
    """

    def __init__(self, handle: _StoreHandle) -> None:
        self.handle, self.quads, self.graphs = handle, [], set()
        self._writing: tuple[threading.Thread, set[str], list[BaseException]] | None = None

    def __enter__(self) -> _NewDocuments:
        return self

    def __exit__(self, kind: Any, *exc: Any) -> None:
        self.wait(raise_error=kind is None)  # the store is not released while a thread writes to it

    def is_new(self, graph: str) -> bool:
        """True when neither the store nor a batch being made or written holds the graph ``graph``."""
        import pyoxigraph as ox

        if graph in self.graphs or (self._writing is not None and graph in self._writing[1]):
            return False
        return not self.handle.store.contains_named_graph(ox.NamedNode(graph))

    def add(self, graph: str, quads: list[Any]) -> None:
        """Add a document's quads (:func:`~graphkit.rdf.document_quads`: in its graph already)."""
        self.quads += quads
        self.graphs.add(graph)
        if len(self.graphs) >= MOVE_BATCH:
            self._hand_over()

    def flush(self) -> None:
        """Write the documents added so far, and wait until they are."""
        self._hand_over()
        self.wait()

    def wait(self, raise_error: bool = True) -> None:
        """Wait for the batch being written; raise what writing it raised."""
        if self._writing is None:
            return
        (thread, _, errors), self._writing = self._writing, None
        thread.join()
        if errors and raise_error:
            raise errors[0]

    def _hand_over(self) -> None:
        self.wait()
        if self.graphs:
            store, quads, errors = self.handle.store, self.quads, []

            def write() -> None:
                try:
                    store.extend(quads)
                    store.flush()
                except BaseException as e:  # raised in the loading thread by wait()
                    errors.append(e)

            thread = threading.Thread(target=write, name="graphkit-store-writer")
            thread.start()
            self._writing = (thread, self.graphs, errors)
        self.quads, self.graphs = [], set()


class _RunningMeans:
    """The mean confidence per edge of :func:`~graphkit.network.to_multidigraph`, computed as it
    does (a running mean over the statements in graph order), so the views' rounding is the same."""

    def __init__(self) -> None:
        self.means: dict[tuple[str, str, str], float] = {}
        self.counts: Counter[tuple[str, str, str]] = Counter()

    def add(self, u: str, v: str, relation: str, symmetric: bool, polarity: str, confidence: float) -> None:
        if symmetric and v < u:
            u, v = v, u
        key = (u, v, relation if polarity == "positive" else f"not {relation}")
        self.counts[key] += 1
        mean = self.means.get(key, 0.0)
        self.means[key] = mean + (confidence - mean) / self.counts[key]


def _audit_means(
    folder: str | os.PathLike[str],
    parts: list[str],
    mapping: dict[str, Any],
    dropped: Container[tuple[int, str]] = (),
) -> _RunningMeans:
    """The views' mean confidences, over the statements in input order (the partitions' audit files),
    once the corpus mapping is applied (a statement whose two actors became one is dropped)."""
    target = {old: (new.id if new is not None else None) for old, new in mapping.items()}
    means = _RunningMeans()
    for row in _audit_rows(folder, parts, dropped):
        for subject, obj, relation, symmetric, polarity, confidence in row.get("statements", []):
            u, v = target.get(subject, subject), target.get(obj, obj)
            if u is not None and v is not None and u != v:
                means.add(u, v, relation, symmetric, polarity, confidence)
    return means


def _write_audit(f: IO[str], audit: _AuditInput, work: Path) -> None:
    """Write ``actors.jsonl`` as :func:`~graphkit.resolution.resolver.audit_records` and ``json_line``
    would, grouped on disk and written a name, a document and a reason at a time: memory stays the
    same however many documents name an actor (a record lists every one).

    Rows are sorted by actor, then names by (name, document) and reasons in the order
    ``audit_records`` lists them (the linker's, then each document's merges, then the corpus's).
    """
    from graphkit.resolution.resolver import LINKER_REASONS, NAME_VIAS, actor_record

    dropped = "\U0010ffff"  # sorts after every IRI: the dropped names come last, as in audit_records
    rows = _DiskSort(work)
    seq = 0
    for m in audit.mentions():
        if m.via in NAME_VIAS:
            rows.add((m.actor, 0, m.text, m.doc))
        reason = LINKER_REASONS.get(m.via)
        if reason is not None:
            rows.add((m.actor, 1, seq, [["name", m.text], ["why", reason], ["doc", m.doc]]))
            seq += 1

    def merges() -> Iterator[Merge]:
        yield from audit.per_document()
        yield from audit.resolver.merges

    for merge in merges():
        entry = [["name", merge.name], ["from", merge.source], ["why", merge.why]]
        if merge.doc is not None:
            entry.append(["doc", merge.doc])
        rows.add((merge.target or dropped, 1, seq, entry))
        seq += 1

    stream = iter(rows)
    row = next(stream, None)

    def take(actor: str) -> Iterator[tuple]:
        """The rows of ``actor`` (the stream is at its first row, or past it)."""
        nonlocal row
        while row is not None and row[0] == actor:
            yield row
            row = next(stream, None)

    dump = lambda value: json.dumps(value, ensure_ascii=False)  # noqa: E731 - json_line's items
    for iri, actor in audit.used.items():
        actor = audit.actors.get(iri, actor)
        while row is not None and row[0] < iri:  # an actor no output uses
            row = next(stream, None)
        record = actor_record(iri, actor, {}, [])
        assert list(record)[-2:] == ["names", "merged"], "actors.jsonl's last two fields are streamed"
        head = json_line({k: v for k, v in record.items() if k not in ("names", "merged")})
        f.write(head[:-1] + ', "names": {')
        rows_of = take(iri)
        name, last_doc, first_reason = None, None, None
        for r in rows_of:
            if r[1] != 0:  # the reasons, sorted after the names
                first_reason = r
                break
            if r[2] != name:
                f.write(("], " if name is not None else "") + dump(r[2]) + ": [")
                name, last_doc = r[2], None
            if r[3] != last_doc:
                f.write(("" if last_doc is None else ", ") + dump(r[3]))
                last_doc = r[3]
        f.write(("]" if name is not None else "") + '}, "merged": [')
        if first_reason is not None:
            _write_unique(f, (dict(r[3]) for r in itertools.chain([first_reason], rows_of)))
        f.write("]}\n")
    while row is not None and row[0] != dropped:
        row = next(stream, None)
    if row is not None:
        f.write('{"id": null, "label": null, "dropped": [')
        _write_unique(f, (dict(r[3]) for r in take(dropped)))
        f.write("]}\n")


def _write_unique(f: IO[str], entries: Iterable[dict[str, Any]]) -> None:
    """Write entries comma-separated, each once, as ``resolver._unique`` keeps them."""
    from graphkit.resolution.resolver import entry_key

    seen: set[tuple] = set()
    for entry in entries:
        key = entry_key(entry)
        if key not in seen:
            f.write((", " if seen else "") + json_line(entry))
            seen.add(key)


# -- sorting on disk ---------------------------------------------------------------------------------
class _JsonLdSorter:
    """JSON-LD written as :func:`graphkit.writers.jsonld.serialize` writes it, from nodes sorted on
    disk: the actors' nodes, then each document's named graph compacted as it streams."""

    #: top-level nodes sorted in memory at a time (a document's graph is a few kilobytes)
    RUN = 2_000

    def __init__(self, folder: Path, actors: dict[str, Any]) -> None:
        from graphkit.rdf import to_quads

        self.rows = _DiskSort(folder, run=self.RUN)
        self._add(to_quads(KnowledgeGraph(actors=dict(actors))))

    def _add(self, quads: list[Any]) -> None:
        from graphkit.writers.jsonld import compact_nodes, node_key

        for node in compact_nodes(quads):
            self.rows.add(node_key(node))  # (id, JSON): the JSON is the node, written back below

    def add_document(self, kg: KnowledgeGraph, doc_id: str) -> None:
        from graphkit.rdf import document_quads

        self._add(document_quads(kg, doc_id))

    def write(self, path: Path) -> None:
        from graphkit.writers.jsonld import node_text, write_nodes

        with atomic_write(path) as f:
            write_nodes(f, (node_text(json.loads(text)) for _, text in self.rows))


class _DiskSort:
    """Rows (tuples of plain values) sorted in runs of :data:`_RUN` written to disk, then merged.

    Memory is one run; iterating merges the runs (one open file each). A run is written with
    :mod:`marshal`, which gives back exactly the rows written, tuples and lists as they were (JSON
    made every tuple a list), and faster: it only ever reads this object's own temporary files.
    """

    def __init__(self, folder: Path, unique: bool = False, run: int = 0) -> None:
        self.folder, self.unique = folder, unique
        self.run = run or _RUN
        self.runs: list[Path] = []
        self.rows: list[tuple] = []

    def add(self, row: tuple) -> None:
        self.rows.append(row)
        if len(self.rows) >= self.run:
            self._spill()

    def _sorted_rows(self) -> list[tuple]:
        return sorted(dict.fromkeys(self.rows)) if self.unique else sorted(self.rows, key=_sort_key)

    def _spill(self) -> None:
        path = self.folder / f"run-{uuid.uuid4().hex}.marshal"
        with path.open("wb") as f:
            for row in self._sorted_rows():
                data = marshal.dumps(row)
                f.write(len(data).to_bytes(4, "little"))
                f.write(data)
        self.runs.append(path)
        self.rows = []

    def __iter__(self) -> Iterator[tuple]:
        def read(path: Path) -> Iterator[tuple]:
            with path.open("rb") as f:
                while size := f.read(4):
                    yield marshal.loads(f.read(int.from_bytes(size, "little")))

        streams = [read(p) for p in self.runs] + [iter(self._sorted_rows())]
        merged = heapq.merge(*streams, key=None if self.unique else _sort_key)
        if not self.unique:
            yield from merged
            return
        last = None
        for row in merged:
            if row != last:
                yield row
                last = row


def _sort_key(row: tuple) -> tuple:
    # audit rows: (actor, kind, name or sequence, ...); what follows never decides the order
    return row[:3] if len(row) > 3 and row[1] == 1 else row


_NQ = None  # set below (pyoxigraph imported once the module is used)
_RUN = 200_000  # rows sorted in memory at a time


def _sorted_rdf() -> dict[str, tuple[Any, bool]]:
    import pyoxigraph as ox

    return {
        "ttl": (ox.RdfFormat.TURTLE, True),
        "nt": (ox.RdfFormat.N_TRIPLES, True),
        "trig": (ox.RdfFormat.TRIG, False),
        "nq": (ox.RdfFormat.N_QUADS, False),
    }


_SORTED_RDF = _sorted_rdf()
_NQ = _SORTED_RDF["nq"][0]


class _RowSorter:
    """The rows of :func:`graphkit.rdf._build` (the order of ``to_quads``), sorted and deduplicated
    on disk, so Turtle, TriG, N-Triples and N-Quads come out as byte-identical as from a whole graph."""

    def __init__(self, folder: Path, flat: bool) -> None:
        self.flat = flat
        self.rows = _DiskSort(folder, unique=True)

    def _add(self, rows: Iterable[tuple]) -> None:
        for row in rows:
            self.rows.add(row[1:] if self.flat else row)

    def add_actors(self, actors: Iterable[Any]) -> None:
        from graphkit.rdf import _actor_rows

        for actor in actors:
            self._add(_actor_rows(actor))

    def add_document(self, kg: KnowledgeGraph) -> None:
        from graphkit.rdf import _rows

        self._add(_rows(kg, actors=False))

    def write(self, target: Path, rdf_format: Any) -> None:
        import pyoxigraph as ox

        from graphkit.rdf import PREFIXES, _build

        prefixes = rdf_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG)
        # _build takes rows with a graph first; flat rows have none
        chunks = (
            [("", *row) for row in chunk] if self.flat else chunk
            for chunk in _chunks(iter(self.rows), 10_000)
        )
        items = (item for chunk in chunks for item in _build(chunk, self.flat))
        with atomic_write(target, "wb") as f:
            if prefixes:
                sink = _PrefixOrder(f)
                ox.serialize(items, sink, format=rdf_format, prefixes=PREFIXES)
                sink.finish()
            else:
                ox.serialize(items, f, format=rdf_format)


def _chunks(items: Iterator[tuple], size: int) -> Iterator[list[tuple]]:
    chunk: list[tuple] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


class _PrefixOrder(io.RawIOBase):
    """A binary sink that puts the ``@prefix`` header in :data:`~graphkit.rdf.PREFIXES` order
    (:func:`graphkit.writers.rdf._ordered_prefixes`), passing the rest through as it comes."""

    def __init__(self, sink: IO[bytes]) -> None:
        super().__init__()
        self.sink, self.head, self.done = sink, b"", False

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        data = bytes(data)
        if self.done:
            self.sink.write(data)
            return len(data)
        self.head += data
        if any(line and not line.startswith(b"@prefix ") for line in self.head.split(b"\n")[:-1]):
            self._flush_head()
        return len(data)

    def _flush_head(self) -> None:
        from graphkit.writers.rdf import _ordered_prefixes

        self.sink.write(_ordered_prefixes(self.head))
        self.head, self.done = b"", True

    def finish(self) -> None:
        """Write what is held back (a file of prefixes only)."""
        if not self.done:
            self._flush_head()


class _ParquetBatches:
    """``statements.parquet`` written in batches of rows (pyarrow), atomically, as ``writers.table``'s.

    The schema is fixed (strings, ``confidence`` a double, offsets integers), so that every batch
    has the same types whatever values it holds.
    """

    BATCH = 10_000

    def __init__(self, target: Path) -> None:
        self.target = target
        self.rows: list[dict[str, Any]] = []

    def __enter__(self) -> _ParquetBatches:
        import pyarrow as pa
        import pyarrow.parquet as pq

        from graphkit.writers.table import COLUMNS

        numbers = {"confidence": pa.float64(), "evidence_start": pa.int64(), "evidence_end": pa.int64()}
        self.schema = pa.schema([(c, numbers.get(c, pa.string())) for c in COLUMNS])
        self._file = atomic_write(self.target, "wb")
        self._writer = pq.ParquetWriter(self._file.__enter__(), self.schema)
        return self

    def add(self, row: dict[str, Any]) -> None:
        self.rows.append(row)
        if len(self.rows) >= self.BATCH:
            self._flush()

    def _flush(self) -> None:
        import pyarrow as pa

        if self.rows:
            self._writer.write_table(pa.Table.from_pylist(self.rows, schema=self.schema))
            self.rows = []

    def __exit__(self, *exc: Any) -> None:
        if exc[0] is None:
            self._flush()
        self._writer.close()
        self._file.__exit__(*exc)
