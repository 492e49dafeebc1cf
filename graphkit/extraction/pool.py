"""Parsing in other processes: the extractor's process pool, its workers, and the bounded in-order loop.

:func:`in_order` serves both the local process pool (:func:`extract_in_pool`) and the Dask backend
(:mod:`graphkit.distributed`): batches go out, results come back in input order, with a bounded
number in flight.

A worker that dies (killed, out of memory) costs its batch, not the run: the pool is started
again and the batches that were in flight are retried one at a time; a batch that kills its
worker a second time comes back as failed results, one per document (reported by id), and the
run goes on.
"""

from __future__ import annotations

import multiprocessing
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import islice
from typing import TYPE_CHECKING, Any, Union

from graphkit.documents import Document
from graphkit.model import ExtractionResult

if TYPE_CHECKING:
    from graphkit.extraction.extractor import Extractor

#: How worker processes start: forked where that is safe (they share the loaded model), else
#: spawned (each loads the model again; macOS, where forking breaks system libraries, and Windows).
START_METHOD = (
    "fork" if "fork" in multiprocessing.get_all_start_methods() and sys.platform != "darwin" else "spawn"
)

#: What a worker is started with: the (forked) extractor itself, or (model, actor files, batch size).
WorkerSource = Union["Extractor", tuple[str, tuple[str, ...], int]]

#: The extractor of a worker process (set by :func:`init_worker` when the process starts).
_WORKER: Extractor | None = None


def init_worker(source: WorkerSource) -> None:
    """Set up a worker process: keep the forked extractor, or build one from (model, actors, batch size)."""
    global _WORKER
    # Ctrl-C goes to the whole process group: the parent alone stops the run and shuts the pool
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the command's handler, forked with it
    if isinstance(source, tuple):
        from graphkit.extraction.extractor import Extractor

        model, actors, batch_size, *lexicon = source  # lexicon: CAMEO verb files and their table
        verbs, verbs_plover = lexicon if lexicon else ((), None)
        _WORKER = Extractor(model, actors, batch_size=batch_size, verbs=verbs, verbs_plover=verbs_plover)
    else:
        _WORKER = source


def warm_worker() -> None:
    """Run the pipeline once on a short text, so the first real batch does not pay for it."""
    assert _WORKER is not None, "worker started without an extractor"
    _WORKER.nlp("Russia warmed up.")


def extract_in_worker(batch: list[Document]) -> list[ExtractionResult]:
    """Extract one batch with this worker's extractor (the task the pool runs)."""
    assert _WORKER is not None, "worker started without an extractor"
    return _WORKER.extract_batch(batch)


def extract_in_pool(
    extractor: Extractor, batches: Iterator[list[Document]], n_process: int
) -> Iterator[ExtractionResult]:
    """Parse batches in ``n_process`` worker processes, keeping input order and at most 2 batches per worker.

    A pipeline that was handed in (not built from a model name) cannot be rebuilt in a spawned
    process: where processes cannot be forked, such an extractor parses here, serially.
    """
    if START_METHOD == "fork":
        # forked workers inherit the loaded pipeline: nothing is pickled or loaded again
        context, init = multiprocessing.get_context("fork"), (extractor,)
    elif extractor.rebuildable:
        e = extractor
        spec = (e.model, e.actors, e.batch_size, e.verbs, e.verbs_plover)
        context, init = multiprocessing.get_context("spawn"), (spec,)
    else:
        for batch in batches:
            yield from extractor.extract_batch(batch)
        return

    # ProcessPoolExecutor, not multiprocessing.Pool: a worker that dies (out of memory) raises
    # BrokenProcessPool here instead of leaving its batch waiting forever
    def start() -> ProcessPoolExecutor:
        pool = ProcessPoolExecutor(n_process, mp_context=context, initializer=init_worker, initargs=init)
        # start every worker now, before the first batch is read: the executor starts a process per
        # submitted task, and each warms its pipeline while this process reads the input
        for _ in range(n_process):
            pool.submit(warm_worker)
        return pool

    pools = _Pools(start)
    try:
        yield from _surviving(batches, pools, 2 * n_process)
    finally:
        pools.shutdown()


#: Why the documents of a batch that killed its worker twice are missing.
DEAD_WORKER = "the worker process parsing its batch died, twice (killed, or out of memory)"


class _Pools:
    """The current process pool, started again after a worker died."""

    def __init__(self, start: Callable[[], ProcessPoolExecutor]) -> None:
        self._start = start
        self.pool = start()

    def submit(self, batch: list[Document]) -> Future:
        try:
            return self.pool.submit(extract_in_worker, batch)
        except BrokenProcessPool as broken:  # it broke before a result said so: the same case
            future: Future = Future()
            future.set_exception(broken)
            return future

    def restart(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)
        self.pool = self._start()

    def shutdown(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


def _surviving(batches: Iterable[list[Document]], pools: _Pools, limit: int) -> Iterator[ExtractionResult]:
    """:func:`in_order` over a process pool, going on when a worker dies (see the module's docstring)."""
    pending: deque = deque()  # (batch, future), in input order
    iterator = iter(batches)
    try:
        while True:
            while len(pending) < limit and (batch := next(iterator, None)) is not None:
                pending.append((batch, pools.submit(batch)))
            if not pending:
                return
            batch, future = pending.popleft()
            try:
                results = future.result()
            except BrokenProcessPool:
                # every batch in flight failed with the pool; which one killed it is unknown, so
                # each is retried alone in a new pool: only the guilty one fails again
                todo = [batch, *(b for b, _ in pending)]
                pending.clear()
                pools.restart()
                for again in todo:
                    yield from _alone(again, pools)
                continue
            yield from results
    finally:
        for _, future in pending:  # stopped early: nobody will read these
            future.cancel()


def _alone(batch: list[Document], pools: _Pools) -> list[ExtractionResult]:
    """Parse one batch by itself; if its worker dies again, its documents come back as failed."""
    from graphkit.extraction.convert import document_info

    try:
        return pools.submit(batch).result()
    except BrokenProcessPool:
        pools.restart()
        return [ExtractionResult(document_info(d), error=DEAD_WORKER) for d in batch]


def in_order(
    batches: Iterable[list[Document]], submit: Callable[[list[Document]], Any], limit: int
) -> Iterator[ExtractionResult]:
    """Submit batches for parsing elsewhere and yield their results in input order.

    Parameters
    ----------
    batches : lists of documents, read lazily
    submit : returns a future (``concurrent.futures`` or Dask) whose result is a batch's results
    limit : at most this many futures are in flight, so memory stays bounded

    Returns
    -------
    An iterator of results. Futures still pending when the caller stops reading are cancelled.

    Examples
    --------
    >>> from concurrent.futures import ThreadPoolExecutor
    >>> with ThreadPoolExecutor(2) as pool:
    ...     list(in_order([[1, 2], [3], [4, 5]], lambda b: pool.submit(lambda: [x * 10 for x in b]), 2))
    [10, 20, 30, 40, 50]
    """
    pending: deque = deque()
    try:
        for batch in batches:
            pending.append(submit(batch))
            if len(pending) >= limit:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
    finally:
        for future in pending:  # stopped early: nobody will read these
            future.cancel()


def document_batches(documents: Iterable[Document], size: int) -> Iterator[list[Document]]:
    """Cut a document stream into lists of ``size`` documents (the last may be shorter), lazily.

    Examples
    --------
    >>> [len(b) for b in document_batches(iter(range(7)), 3)]
    [3, 3, 1]
    """
    iterator = iter(documents)
    while batch := list(islice(iterator, size)):
        yield batch
