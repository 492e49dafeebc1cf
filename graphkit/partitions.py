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
   ``resolve_graph``), then streams the partitions' documents in id order: their N-Quads,
   rewritten by the mapping, are bulk-loaded into an Oxigraph store, the statement files are
   written line by line, the RDF files from rows sorted on disk, and the GraphML and HTML views
   from the store (:func:`graphkit.network.from_store.store_multidigraph`).

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
import json
import os
import re
import tempfile
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import fsspec

from graphkit.documents import Document, Problem, ReadReport
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
from graphkit.pipeline import RunOptions, RunStats, extract_results, make_resolver
from graphkit.resolution import ActorResolver, Merge
from graphkit.resolution.corpus import CorpusNames, actor_from_json, actor_to_json
from graphkit.resolution.resolver import audit_records
from graphkit.resolution.rewrite import rewrite

__all__ = [
    "BuildTotals",
    "PartitionError",
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
    with fsspec.open(_join(folder, name + RESULTS), "rt", encoding="utf-8") as f:
        for line in f:
            yield result_from_json(json.loads(line))


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
    if not _NAME.fullmatch(name):
        raise ValueError(f"a partition name is letters, digits, '.', '_' and '-', not {name!r}")
    folder = os.fspath(folder)
    options = options or RunOptions()
    report = report if report is not None else ReadReport()
    stats = stats if stats is not None else RunStats()
    if resolver is None and options.resolve:
        with stats.stage("load model"):
            resolver = make_resolver(options)
    first_problem = len(report.problems)
    names = CorpusNames()
    counts = Counter()
    index: list[tuple[str, int, int, int]] = []  # doc id, input position, offset, length
    with tempfile.TemporaryDirectory(prefix="graphkit-partition-") as tmp:
        spool = Path(tmp) / "results.jsonl"
        with spool.open("wb") as out, _atomic_put(folder, name + AUDIT) as audit:
            results = extract_results(documents, options, stats, report, resolver, extractor)
            for position, result in enumerate(results):
                merges = []
                if resolver is not None:  # this document's merges: written, not kept
                    merges, resolver.merges[:] = list(resolver.merges), []
                with stats.stage("write"):
                    names.add(result)
                    line = (json_line(result_to_json(result)) + "\n").encode("utf-8", "surrogatepass")
                    index.append((result.document.id, position, out.tell(), len(line)))
                    out.write(line)
                    audit.write(json_line(_audit_line(result, merges)) + "\n")
                counts["documents"] += 1
                counts["statements"] += len(result.statements)
                counts["mentions"] += len(result.mentions)
                counts["characters"] += result.document.length
                if on_result is not None:
                    on_result(result)
        with stats.stage("write"):
            _write_sorted(spool, index, folder, name + RESULTS)
    summary = {
        "format": FORMAT,
        "name": name,
        **{k: counts[k] for k in ("documents", "statements", "mentions", "characters")},
        "resolve": resolver is not None,
        "problems": [p.to_json() for p in report.problems[first_problem:]],
        "names": names.to_json(),
    }
    with _atomic_put(folder, name + SUMMARY) as f:  # last: marks the partition complete
        json.dump(summary, f, ensure_ascii=False)
    return summary


def _audit_line(result: ExtractionResult, merges: list[Merge]) -> dict[str, Any]:
    return {
        "doc": result.document.id,
        "mentions": [[m.actor, m.text, m.via] for m in result.mentions],
        "merges": [[m.name, m.source, m.target, m.why, m.doc] for m in merges],
    }


def _write_sorted(spool: Path, index: list[tuple[str, int, int, int]], folder: str, name: str) -> None:
    """Copy the spooled result lines to ``folder/name`` by document id (a repeated id: the last read)."""
    last: dict[str, tuple[int, int, int]] = {}
    for doc_id, position, offset, length in index:
        last[doc_id] = (position, offset, length)
    with spool.open("rb") as src, _atomic_put(folder, name, "wb") as dst:
        for doc_id in sorted(last):
            _, offset, length = last[doc_id]
            src.seek(offset)
            dst.write(src.read(length))


# -- step 2: the outputs -----------------------------------------------------------------------------
@dataclass
class BuildTotals:
    """What :func:`finish_build` wrote: counts for the CLI's summary table."""

    documents: int = 0
    statements: int = 0
    actors: int = 0
    by_relation: Counter[str] = field(default_factory=Counter)
    degree: Counter[str] = field(default_factory=Counter)
    labels: dict[str, str] = field(default_factory=dict)
    report: ReadReport = field(default_factory=ReadReport)
    refused: list[str] = field(default_factory=list)


def finish_build(
    folder: str | os.PathLike[str],
    out: str | os.PathLike[str],
    *,
    store: str | os.PathLike[str] | None = None,
    formats: Iterable[str] = ("ttl",),
    html: bool = True,
    max_actors: int = 300,
    options: RunOptions | None = None,
    on_progress: ProgressCallback | None = None,
    totals: BuildTotals | None = None,
) -> list[Path]:
    """Write the build outputs of every partition of ``folder`` into ``out`` (what ``build`` writes).

    Parameters
    ----------
    folder : the partitions (a local folder or an fsspec URL)
    out : the output folder (:func:`graphkit.outputs.write_outputs`'s files, committed together)
    store : a persistent Oxigraph store to add the documents to (unchanged documents were
        skipped by the caller; a document stored under another id is refused and reported); the
        outputs then show every document the store holds. Default: a temporary store.
    formats, html, max_actors : as :func:`graphkit.outputs.write_outputs`
    options : ``options.resolve`` (default True) resolves across the partitions
    on_progress : called as ``on_progress(stage, done, total)`` while documents stream
    totals : filled with counts (the CLI's summary)

    Returns
    -------
    list of Path
        The files written, in :func:`~graphkit.outputs.write_outputs`'s order.
    """
    from graphkit.writers import check_formats

    formats = check_formats(formats)
    options = options or RunOptions()
    totals = totals if totals is not None else BuildTotals()
    parts = list_partitions(folder)
    if not parts:
        raise PartitionError(f"{os.fspath(folder)} holds no complete partition (NAME{SUMMARY})")
    names = CorpusNames()
    for part in parts:
        summary = read_summary(folder, part)
        names.update(CorpusNames.from_json(summary["names"]))
        for p in summary.get("problems", []):
            totals.report.problems.append(Problem(p["where"], p["reason"], p["skipped"]))
        totals.report.documents += summary.get("documents", 0)
        del summary
    resolver = ActorResolver(certainty={}) if options.resolve else None
    mapping: dict[str, Any] = {}
    if resolver is not None:
        mapping, names = resolver.corpus_mapping(names)
        actors = resolver.corpus_labels(names.actors, names)
    else:
        actors = dict(names.actors)
    totals.actors = len(names.used_actors())

    def documents() -> Iterator[ExtractionResult]:
        for result in _merged(folder, parts):
            if mapping:
                result = rewrite(result, mapping)
            yield result

    def outputs(store_path: str | os.PathLike[str]) -> list[Path]:
        from graphkit.store import open_store

        graph_store = open_store(store_path)
        _load_store(graph_store, documents(), actors, totals, on_progress)
        if store is not None:
            # the outputs show every document the store holds, resolved across all of them
            return _outputs_from_store(graph_store, out, formats, html, max_actors, resolver, totals)
        audit = None
        if resolver is not None:
            audit = _audit(folder, parts, mapping, names.used_actors(), actors, resolver)
        return _write_outputs(
            documents(), actors, graph_store, out, formats, html, max_actors, audit, totals, on_progress
        )

    if store is not None:
        return outputs(store)
    # the store is closed (out of scope) when outputs() returns, before its folder is removed
    with tempfile.TemporaryDirectory(prefix="graphkit-store-", ignore_cleanup_errors=True) as tmp:
        return outputs(tmp)


def _merged(folder: str | os.PathLike[str], parts: list[str]) -> Iterator[ExtractionResult]:
    """The results of every partition by document id (one id in two partitions: the later one's)."""
    streams = [((r.document.id, i, r) for r in read_results(folder, part)) for i, part in enumerate(parts)]
    pending: tuple[str, int, ExtractionResult] | None = None
    for item in heapq.merge(*streams, key=lambda t: (t[0], t[1])):
        if pending is not None and pending[0] != item[0]:
            yield pending[2]
        pending = item
    if pending is not None:
        yield pending[2]


def _audit(
    folder: str | os.PathLike[str],
    parts: list[str],
    mapping: dict[str, Any],
    used: dict[str, Any],
    actors: dict[str, Any],
    resolver: ActorResolver,
) -> Iterator[dict[str, Any]]:
    """The ``actors.jsonl`` records, from the partitions' audit files (read in input order)."""
    target = {old: (new.id if new is not None else None) for old, new in mapping.items()}
    per_doc: list[Merge] = []

    def mentions() -> Iterator[Mention]:
        for part in parts:
            with fsspec.open(_join(folder, part + AUDIT), "rt", encoding="utf-8") as f:
                for line in f:
                    row = json.loads(line)
                    doc = row["doc"]
                    for actor, text, via in row["mentions"]:
                        yield Mention(doc, text, 0, 0, target.get(actor, actor), via)
                    per_doc.extend(Merge(*m) for m in row["merges"])

    used = {iri: actors[iri] for iri in used if iri in actors}

    def merges() -> Iterator[Merge]:
        yield from per_doc
        yield from resolver.merges

    # mentions are read first (audit_records reads them before the merges), filling per_doc
    return audit_records(used, mentions(), merges())


def _doc_graph(result: ExtractionResult, actors: dict[str, Any]) -> KnowledgeGraph:
    doc = result.document
    return KnowledgeGraph(actors, {doc.id: doc}, result.mentions, result.statements)


def _load_store(
    store: Any, results: Iterable[ExtractionResult], actors: dict[str, Any], totals, on_progress
) -> None:
    """Bulk-load the documents (replacing earlier versions) and the actors into the store."""
    import pyoxigraph as ox

    from graphkit.model import document_iri
    from graphkit.rdf import actor_quads, document_quads
    from graphkit.store import held_id

    with tempfile.TemporaryDirectory(prefix="graphkit-nq-") as tmp:
        path = Path(tmp) / "load.nq"
        n = 0
        with path.open("wb") as f:
            for result in results:
                doc_id = result.document.id
                other = held_id(store, doc_id)
                if other is not None:
                    reason = (
                        f"document {doc_id[:80]!r} was not stored: the store holds a different document, "
                        f"{other[:80]!r}, under its IRI <{document_iri(doc_id)}> (nothing was replaced)"
                    )
                    totals.refused.append(reason)
                    continue
                graph = ox.NamedNode(document_iri(doc_id))
                if store.contains_named_graph(graph):
                    store.remove_graph(graph)
                ox.serialize(
                    document_quads(_doc_graph(result, actors), doc_id), f, format=ox.RdfFormat.N_QUADS
                )
                n += 1
                if on_progress is not None:
                    on_progress("loading the store", n, totals.report.documents or None)
            for actor in actors.values():
                node = ox.NamedNode(actor.id)
                for quad in list(store.quads_for_pattern(node, None, None, ox.DefaultGraph())):
                    store.remove(quad)
                ox.serialize(actor_quads(actor), f, format=ox.RdfFormat.N_QUADS)
        store.bulk_load(path=str(path), format=ox.RdfFormat.N_QUADS)


def _write_outputs(
    results: Iterator[ExtractionResult],
    actors: dict[str, Any],
    store: Any,
    out: str | os.PathLike[str],
    formats: list[str],
    html: bool,
    max_actors: int,
    audit: Iterator[dict[str, Any]] | None,
    totals: BuildTotals,
    on_progress: ProgressCallback | None,
) -> list[Path]:
    """The files of :func:`graphkit.outputs.write_outputs`, streaming ``results`` (by document id)."""
    from graphkit.writers.table import COLUMNS, _row

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    remove_stale_temporaries(out)
    written: list[Path] = []
    parquet = importlib.util.find_spec("pyarrow") is not None
    rdf_formats = [f for f in formats if f in _SORTED_RDF]
    with tempfile.TemporaryDirectory(prefix="graphkit-sort-") as tmp, commit_together():
        sorters = {flat: _RowSorter(Path(tmp), flat) for flat in {_SORTED_RDF[f][1] for f in rdf_formats}}
        for sorter in sorters.values():
            sorter.add_actors(actors.values())
        with contextlib.ExitStack() as files:
            jsonl = files.enter_context(atomic_write(out / "statements.jsonl"))
            table = files.enter_context(atomic_write(out / "statements.csv"))
            table.write("\ufeff")
            rows = csv.DictWriter(table, fieldnames=COLUMNS, lineterminator="\n")
            rows.writeheader()
            frame = _ParquetSpool(Path(tmp) / "statements.parquet") if parquet else None
            for n, result in enumerate(results, 1):
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
                for sorter in sorters.values():
                    sorter.add_document(kg)
                totals.documents += 1
                if on_progress is not None:
                    on_progress("writing", n, totals.report.documents or None)
        # the graph files, in the order asked for, before the statement files (as write_outputs)
        for fmt in formats:
            target = out / f"graph.{fmt}"
            if fmt in _SORTED_RDF:
                rdf_format, flat = _SORTED_RDF[fmt]
                sorters[flat].write(target, rdf_format)
            else:
                _write_from_store(store, target, fmt)
            written.append(target)
        written += [out / "statements.jsonl", out / "statements.csv"]
        if frame is not None:
            frame.write(out / "statements.parquet")
            written.append(out / "statements.parquet")
        if html:
            written.append(_write_from_store(store, out / "graph.html", "html", max_actors=max_actors))
        if audit is not None:
            write_jsonl(audit, out / "actors.jsonl")
            written.append(out / "actors.jsonl")
        for reason in totals.refused:
            totals.report.skip("store", reason)
        write_jsonl((p.to_json() for p in totals.report.problems), out / "report.jsonl")
        written.append(out / "report.jsonl")
    totals.labels = {iri: actors[iri].label for iri, _ in totals.degree.most_common(5) if iri in actors}
    return written


def _write_from_store(store: Any, target: Path, fmt: str, **options: Any) -> Path:
    """A file drawn from the store (the views; JSON-LD, which compacts the whole graph at once)."""
    from graphkit.store import store_to_kg
    from graphkit.writers import write

    # TODO(stream): the views from store_multidigraph
    return write(store_to_kg(store), target, format=fmt, **options)


def _outputs_from_store(store, out, formats, html, max_actors, resolver, totals) -> list[Path]:
    from graphkit.outputs import write_outputs
    from graphkit.store import store_to_kg

    kg = store_to_kg(store)
    if resolver is not None:
        kg = resolver.resolve_graph(kg)
    for reason in totals.refused:
        totals.report.skip("store", reason)
    records = list(resolver.records(kg)) if resolver is not None else None
    totals.documents = len(kg.documents)
    totals.statements = len(kg.statements)
    return write_outputs(
        kg, out, formats, html=html, max_actors=max_actors, report=totals.report, actors=records
    )


# -- RDF files from rows sorted on disk --------------------------------------------------------------
def _sorted_rdf() -> dict[str, tuple[Any, bool]]:
    import pyoxigraph as ox

    return {
        "ttl": (ox.RdfFormat.TURTLE, True),
        "nt": (ox.RdfFormat.N_TRIPLES, True),
        "trig": (ox.RdfFormat.TRIG, False),
        "nq": (ox.RdfFormat.N_QUADS, False),
    }


_SORTED_RDF = _sorted_rdf()
_RUN = 200_000  # rows sorted in memory at a time


class _RowSorter:
    """The rows of :func:`graphkit.rdf._build`, sorted and deduplicated on disk (runs, then a merge)."""

    def __init__(self, folder: Path, flat: bool) -> None:
        self.folder, self.flat = folder, flat
        self.runs: list[Path] = []
        self.rows: list[tuple] = []

    def _add(self, rows: Iterable[tuple]) -> None:
        for row in rows:
            self.rows.append(row[1:] if self.flat else row)
            if len(self.rows) >= _RUN:
                self._spill()

    def add_actors(self, actors: Iterable[Any]) -> None:
        from graphkit.rdf import _actor_rows

        for actor in actors:
            self._add(_actor_rows(actor))

    def add_document(self, kg: KnowledgeGraph) -> None:
        from graphkit.rdf import _rows

        self._add(_rows(kg, actors=False))

    def _spill(self) -> None:
        path = self.folder / f"run-{id(self)}-{len(self.runs)}.jsonl"
        with path.open("w", encoding="utf-8") as f:
            for row in sorted(dict.fromkeys(self.rows)):
                f.write(json.dumps(row, ensure_ascii=False) + "\n")
        self.runs.append(path)
        self.rows = []

    def _sorted(self) -> Iterator[tuple]:
        def read(path: Path) -> Iterator[tuple]:
            with path.open(encoding="utf-8") as f:
                for line in f:
                    row = json.loads(line)
                    row[-1] = tuple(row[-1])
                    yield tuple(row)

        streams = [read(p) for p in self.runs] + [iter(sorted(dict.fromkeys(self.rows)))]
        last = None
        for row in heapq.merge(*streams):
            if row != last:
                yield row
                last = row

    def write(self, target: Path, rdf_format: Any) -> None:
        import pyoxigraph as ox

        from graphkit.rdf import PREFIXES, _build

        prefixes = PREFIXES if rdf_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else None
        rows = self._sorted()
        with atomic_write(target, "wb") as f:
            sink = _PrefixOrder(f) if prefixes else f
            items = (
                item
                for chunk in _chunks(rows, 10_000)
                for item in _build(_as_rows(chunk, self.flat), self.flat)
            )
            if prefixes:
                ox.serialize(items, sink, format=rdf_format, prefixes=prefixes)
                sink.close()
            else:
                ox.serialize(items, sink, format=rdf_format)


def _as_rows(chunk: list[tuple], flat: bool) -> list[tuple]:
    # _build takes rows with a graph first; flat rows have none
    return [("", *row) for row in chunk] if flat else chunk


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
    """A binary sink that puts the ``@prefix`` header in :data:`~graphkit.rdf.PREFIXES` order."""

    def __init__(self, sink: IO[bytes]) -> None:
        self.sink, self.head, self.done = sink, b"", False

    def writable(self) -> bool:
        return True

    def write(self, data: bytes) -> int:
        if self.done:
            self.sink.write(data)
            return len(data)
        self.head += bytes(data)
        lines = self.head.split(b"\n")
        if any(line and not line.startswith(b"@prefix ") for line in lines[:-1]):
            self._flush_head()
        return len(data)

    def _flush_head(self) -> None:
        from graphkit.writers.rdf import _ordered_prefixes

        self.sink.write(_ordered_prefixes(self.head))
        self.head, self.done = b"", True

    def close(self) -> None:
        if not self.done:
            self._flush_head()
        super().close()


class _ParquetSpool:
    """``statements.parquet`` from rows added one at a time (CSV-typed columns, written in batches)."""

    def __init__(self, path: Path) -> None:
        self.path, self.rows = path, []

    def add(self, row: dict[str, Any]) -> None:
        self.rows.append(row)

    def write(self, target: Path) -> None:
        import pandas as pd

        from graphkit.writers.table import COLUMNS

        # TODO(stream): batches through pyarrow.parquet.ParquetWriter
        with atomic_write(target, "wb") as f:
            pd.DataFrame(self.rows, columns=list(COLUMNS)).to_parquet(f, index=False)
