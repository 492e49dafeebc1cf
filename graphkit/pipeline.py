"""Orchestration: documents -> extraction -> knowledge graph, streaming, with progress and timings.

The CLI and the Python API (``graphkit.build``) both call :func:`run`; nothing here prints.
Documents are read lazily and extracted a batch at a time (in worker processes, or on a Dask
cluster), so memory is bounded by the batch size, not by the corpus.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from graphkit.documents import Document, ReadReport, read_documents
from graphkit.model import ExtractionResult, KnowledgeGraph
from graphkit.resolution import ActorResolver

if TYPE_CHECKING:
    from graphkit.extraction import Extractor

ProgressCallback = Callable[[ExtractionResult], None]
T = TypeVar("T")


@dataclass
class RunStats:
    """What a run did and where its time went (seconds per stage).

    A stage's time excludes the stages nested in it: time spent reading documents while the
    extractor waits for them counts as ``read``, not as ``extract``.

    Examples
    --------
    >>> stats = RunStats()
    >>> with stats.stage("extract"):
    ...     items = list(stats.timed(range(3), "read"))
    >>> sorted(stats.stages), items
    (['extract', 'read'], [0, 1, 2])
    """

    documents: int = 0
    #: documents not extracted because the store already holds them unchanged
    skipped: int = 0
    statements: int = 0
    mentions: int = 0
    characters: int = 0
    stages: dict[str, float] = field(default_factory=dict)
    _open: list[list] = field(default_factory=list, repr=False, compare=False)

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        """Count the time of the ``with`` block to stage ``name`` (minus its nested stages)."""
        frame = [time.perf_counter(), 0.0]  # start, time of nested stages
        self._open.append(frame)
        try:
            yield
        finally:
            self._open.pop()
            elapsed = time.perf_counter() - frame[0]
            self.stages[name] = self.stages.get(name, 0.0) + elapsed - frame[1]
            if self._open:
                self._open[-1][1] += elapsed

    def timed(self, items: Iterable[T], name: str) -> Iterator[T]:
        """Yield from ``items``, counting the time spent waiting for each one to stage ``name``."""
        iterator = iter(items)
        while True:
            with self.stage(name):
                item = next(iterator, _END)
            if item is _END:
                return
            yield item  # type: ignore[misc]

    @property
    def seconds(self) -> float:
        """The time of all stages."""
        return sum(self.stages.values())

    def rate(self) -> float:
        """Documents extracted per second of reading and extraction (0 before the first one)."""
        busy = sum(v for k, v in self.stages.items() if k in _EXTRACTION_STAGES)
        return self.documents / busy if busy > 0 else 0.0


_END = object()
#: The stages a document goes through before its result is yielded (the documents/s rate).
_EXTRACTION_STAGES = {"read", "check store", "extract"}


@dataclass
class RunOptions:
    """Options shared by ``build`` and ``extract``.

    ``workers``: parsing processes (or Dask workers for ``cluster="local"``). ``cluster``: ``None``
    to run here, ``"local"`` for a Dask LocalCluster, or a scheduler address ``tcp://HOST:PORT``.
    """

    model: str | None = None
    actors: Sequence[str | Path] = ()
    workers: int = 1
    batch_size: int = 32
    cluster: str | None = None
    #: CAMEO verb dictionaries that extend the relation lexicon, and their CAMEO-to-PLOVER table
    verbs: Sequence[str | Path] = ()
    verbs_plover: str | None = None
    #: resolve actors (one node per real actor, :mod:`graphkit.resolution`)
    resolve: bool = True


def make_resolver(options: RunOptions | None = None) -> ActorResolver:
    """The actor resolver of a run: the run's gazetteer, the place gazetteer and the analyst's overrides.

    Examples
    --------
    >>> make_resolver(RunOptions()).overrides.blocked
    set()
    """
    from graphkit.gazetteer import ActorGazetteer
    from graphkit.places import PlaceGazetteer
    from graphkit.resolution import ActorOverrides, ActorResolver

    options = options or RunOptions()
    actors = [str(a) for a in options.actors]
    gazetteer = ActorGazetteer.from_files(actors) if actors else ActorGazetteer.default()
    return ActorResolver(gazetteer, PlaceGazetteer.default(), overrides=ActorOverrides.from_files(actors))


def default_workers() -> int:
    """The number of cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def extract_results(
    documents: Iterable[Document],
    options: RunOptions | None = None,
    stats: RunStats | None = None,
    report: ReadReport | None = None,
    resolver: ActorResolver | None = None,
    extractor: Extractor | None = None,
) -> Iterator[ExtractionResult]:
    """Yield an extraction result per document, in input order, streaming.

    At most ``2 * workers`` batches of documents are read ahead of the results yielded, so memory
    is bounded by the batch size; the results are the same for any number of workers or a cluster.

    Parameters
    ----------
    documents : an iterable of documents, read lazily
    options : model, extra actor files, workers, batch size, Dask cluster
    stats : filled with counts and per-stage timings when given
    report : documents whose extraction failed are listed there (and not yielded)
    resolver : resolves each result's actors (with its document's text) before it is yielded;
        by default one is made when ``options.resolve``
    extractor : a loaded extractor to use (a Dask worker reuses one across partitions); by
        default one is made from ``options`` (not used with ``options.cluster``)

    Returns
    -------
    An iterator of :class:`~graphkit.model.ExtractionResult`.

    Examples
    --------
    >>> docs = [Document("d1", "Russia is arming Hezbollah."), Document("d2", "It rained.")]
    >>> [(r.document.id, len(r.statements)) for r in extract_results(docs)]
    [('d1', 1), ('d2', 0)]
    """
    from graphkit.extraction import DEFAULT_MODEL, Extractor

    options = options or RunOptions()
    stats = stats if stats is not None else RunStats()
    if resolver is None and options.resolve:
        with stats.stage("load model"):
            resolver = make_resolver(options)
    texts: dict[str, str] = {}  # the documents in flight (read ahead of their results: bounded)
    if resolver is not None:
        documents = _remember_texts(documents, texts)
    documents = stats.timed(documents, "read")
    if options.cluster:
        from graphkit.distributed import extract_distributed

        results = extract_distributed(documents, options, cluster=options.cluster, stats=stats)
    else:
        if extractor is None:
            with stats.stage("load model"):
                extractor = Extractor(
                    options.model or DEFAULT_MODEL,
                    options.actors,
                    batch_size=options.batch_size,
                    verbs=options.verbs,
                    verbs_plover=options.verbs_plover,
                )
        results = extractor.extract(documents, n_process=max(1, options.workers))
    for result in stats.timed(results, "extract"):
        text = texts.pop(result.document.id, None)
        if result.error is not None:
            if report is not None:
                report.skip(result.document.id, f"extraction failed: {result.error}")
            continue
        if report is not None:
            for note in result.notes:
                report.warn(result.document.id, note)
        if resolver is not None:
            with stats.stage("resolve"):
                result = resolver.resolve_result(result, text)
        stats.documents += 1
        stats.statements += len(result.statements)
        stats.mentions += len(result.mentions)
        stats.characters += result.document.length
        yield result


def run(
    inputs: Iterable[str | os.PathLike[str]],
    options: RunOptions | None = None,
    report: ReadReport | None = None,
    stats: RunStats | None = None,
    on_result: ProgressCallback | None = None,
    skip: Callable[[Document], bool] | None = None,
    resolver: ActorResolver | None = None,
) -> KnowledgeGraph:
    """Read documents from ``inputs`` and return their knowledge graph.

    Parameters
    ----------
    inputs : files, folders or ``"-"``
    options : extraction options
    report : collects what the reader skipped
    stats : counts and per-stage timings
    on_result : called after each document (progress bars)
    skip : documents for which it returns True are not extracted (incremental builds); they are
        counted in ``stats.skipped``
    resolver : the actor resolver (default: one made from ``options`` when ``options.resolve``);
        after the documents, it resolves across them (:meth:`ActorResolver.resolve_graph`)

    Returns
    -------
    The :class:`~graphkit.model.KnowledgeGraph` of the documents extracted.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     _ = (Path(tmp) / "a.txt").write_text("Russia is arming Hezbollah.")
    ...     kg = run([tmp], RunOptions(workers=1))
    >>> [(kg.actors[s.subject].label, s.relation.name, kg.actors[s.object].label) for s in kg.statements]
    [('Russia', 'arms', 'Hezbollah')]
    """
    report = report if report is not None else ReadReport()
    stats = stats if stats is not None else RunStats()
    documents: Iterable[Document] = read_documents(inputs, report)
    if skip is not None:
        documents = unchanged_skipped(documents, skip, stats)
    options = options or RunOptions()
    if resolver is None and options.resolve:
        with stats.stage("load model"):
            resolver = make_resolver(options)
    kg = KnowledgeGraph()
    for result in extract_results(documents, options, stats, report, resolver):
        with stats.stage("graph"):
            kg.add(result)
        if on_result is not None:
            on_result(result)
    if resolver is not None:
        with stats.stage("resolve"):
            kg = resolver.resolve_graph(kg)
    return kg


def _remember_texts(documents: Iterable[Document], texts: dict[str, str]) -> Iterator[Document]:
    for document in documents:
        texts[document.id] = document.text
        yield document


def unchanged_skipped(
    documents: Iterable[Document], skip: Callable[[Document], bool], stats: RunStats
) -> Iterator[Document]:
    """Yield the documents for which ``skip`` is False; count the others in ``stats.skipped``."""
    for document in documents:
        with stats.stage("check store"):
            unchanged = skip(document)
        if unchanged:
            stats.skipped += 1
        else:
            yield document
