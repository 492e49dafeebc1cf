"""Orchestration: documents -> extraction -> knowledge graph, streaming, with progress and timings.

The CLI and the Python API (``graphkit.build``) both call :func:`run`; nothing here prints.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from graphkit.documents import Document, ReadReport, read_documents
from graphkit.model import ExtractionResult, KnowledgeGraph

ProgressCallback = Callable[[ExtractionResult], None]


@dataclass
class RunStats:
    """What a run did and where its time went (seconds per stage)."""

    documents: int = 0
    statements: int = 0
    mentions: int = 0
    characters: int = 0
    stages: dict[str, float] = field(default_factory=dict)

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.stages[name] = self.stages.get(name, 0.0) + time.perf_counter() - start


@dataclass
class RunOptions:
    """Options shared by ``build`` and ``extract``."""

    model: str | None = None
    actors: Sequence[str | Path] = ()
    workers: int = 1
    batch_size: int = 32
    cluster: str | None = None


def default_workers() -> int:
    """The number of cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def extract_results(documents: Iterable[Document], options: RunOptions | None = None,
                    stats: RunStats | None = None) -> Iterator[ExtractionResult]:
    """Yield an extraction result per document, streaming (memory bounded by the batch size).

    Parameters
    ----------
    documents : an iterable of documents, read lazily
    options : model, extra actor files, workers, batch size, Dask cluster
    stats : filled with counts and per-stage timings when given
    """
    from graphkit.extraction import DEFAULT_MODEL, Extractor

    options = options or RunOptions()
    stats = stats if stats is not None else RunStats()
    model = options.model or DEFAULT_MODEL
    if options.cluster:
        from graphkit.distributed import extract_distributed

        results = extract_distributed(documents, options, cluster=options.cluster)
    else:
        with stats.stage("load model"):
            extractor = Extractor(model, options.actors, batch_size=options.batch_size)
        results = extractor.extract(documents, n_process=max(1, options.workers))
    clock = time.perf_counter()
    for result in results:
        stats.documents += 1
        stats.statements += len(result.statements)
        stats.mentions += len(result.mentions)
        stats.characters += result.document.length
        now = time.perf_counter()
        stats.stages["extract"] = stats.stages.get("extract", 0.0) + now - clock
        yield result
        clock = time.perf_counter()


def run(inputs: Iterable[str | os.PathLike[str]], options: RunOptions | None = None,
        report: ReadReport | None = None, stats: RunStats | None = None,
        on_result: ProgressCallback | None = None,
        skip: Callable[[Document], bool] | None = None) -> KnowledgeGraph:
    """Read documents from ``inputs`` and return their knowledge graph.

    Parameters
    ----------
    inputs : files, folders or ``"-"``
    options : extraction options
    report : collects what the reader skipped
    stats : counts and per-stage timings
    on_result : called after each document (progress bars)
    skip : documents for which it returns True are not extracted (incremental builds)
    """
    report = report if report is not None else ReadReport()
    documents: Iterable[Document] = read_documents(inputs, report)
    if skip is not None:
        documents = (d for d in documents if not skip(d))
    kg = KnowledgeGraph()
    for result in extract_results(documents, options, stats):
        kg.add(result)
        if on_result is not None:
            on_result(result)
    return kg
