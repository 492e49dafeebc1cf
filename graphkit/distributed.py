"""Extraction on a Dask cluster (``--cluster``): for corpora that outgrow one machine.

The document stream is cut into batches that go to the workers of a ``dask.distributed`` cluster
as tasks; each worker process loads the spaCy pipeline once and sends back plain
:class:`~graphkit.model.ExtractionResult` objects. The client keeps a bounded number of batches
in flight and yields the results in input order, so memory stays bounded on the client and the
output is identical to a local run. Dask does the scheduling, retries a batch whose worker died,
and scales from a LocalCluster to a cluster of machines.

Workers must have graphkit, the spaCy model and any ``--actors`` file (at the same path)
installed; run them with one thread each (``dask worker --nthreads 1 --nworkers N``): a worker
process parses one batch at a time.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from contextlib import ExitStack, contextmanager, nullcontext
from typing import TYPE_CHECKING

from graphkit.documents import Document
from graphkit.model import ExtractionResult

if TYPE_CHECKING:
    from distributed import Client

    from graphkit.extraction import Extractor
    from graphkit.pipeline import RunOptions, RunStats

#: Batches in flight per worker thread: one parsing, one waiting, so no worker idles between tasks.
IN_FLIGHT_PER_THREAD = 2

# -- the worker side ------------------------------------------------------------------------
#: Extractors of this worker process, by (model, actor files, batch size): loaded once, reused.
_EXTRACTORS: dict[tuple, Extractor] = {}
# a worker with several threads must not run two batches on one pipeline at once (spaCy's
# memory zones are per vocabulary)
_LOCK = threading.Lock()


def _worker_extractor(
    model: str,
    actors: tuple[str, ...],
    batch_size: int,
    verbs: tuple[str, ...] = (),
    plover: str | None = None,
) -> Extractor:
    key = (model, actors, batch_size, verbs, plover)
    extractor = _EXTRACTORS.get(key)
    if extractor is None:
        from graphkit.extraction import Extractor

        extractor = Extractor(model, actors, batch_size=batch_size, verbs=verbs, verbs_plover=plover)
        _EXTRACTORS[key] = extractor
    return extractor


def extract_batch(
    batch: list[Document],
    model: str,
    actors: tuple[str, ...],
    batch_size: int,
    verbs: tuple[str, ...] = (),
    verbs_plover: str | None = None,
) -> list[ExtractionResult]:
    """Extract one batch of documents in a worker process (the task the client submits)."""
    with _LOCK:
        return _worker_extractor(model, actors, batch_size, verbs, verbs_plover).extract_batch(batch)


# -- the client side ------------------------------------------------------------------------
@contextmanager
def dask_client(cluster: str, workers: int = 1) -> Iterator[Client]:
    """Connect to a Dask scheduler, or start a LocalCluster of ``workers`` processes for ``"local"``.

    Parameters
    ----------
    cluster : ``"local"`` or a scheduler address such as ``tcp://10.0.0.5:8786``
    workers : worker processes of the LocalCluster (one thread each)

    Returns
    -------
    A context manager giving a ``distributed.Client``; a LocalCluster is closed on exit.
    """
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise RuntimeError(
            "--cluster needs Dask: pip install 'graphkit[dask]' (or run without --cluster)"
        ) from None

    if cluster == "local":
        # one thread per process: parsing holds the GIL; no dashboard, so no port can clash
        with (
            LocalCluster(
                n_workers=max(1, workers), threads_per_worker=1, processes=True, dashboard_address=None
            ) as local,
            Client(local) as client,
        ):
            yield client
    else:
        with Client(cluster) as client:
            yield client


def extract_distributed(
    documents: Iterable[Document], options: RunOptions, cluster: str, stats: RunStats | None = None
) -> Iterator[ExtractionResult]:
    """Yield an extraction result per document, in input order, computed on a Dask cluster.

    Parameters
    ----------
    documents : read lazily; batches of ``options.batch_size`` documents become Dask tasks
    options : model, extra actor files, workers (for ``"local"``), batch size
    cluster : ``"local"`` for a LocalCluster of ``options.workers`` processes, or a scheduler address
    stats : when given, the cluster start-up time is counted as stage ``start cluster``

    Returns
    -------
    An iterator of results, identical to those of a local run.

    Examples
    --------
    >>> from graphkit.pipeline import RunOptions
    >>> docs = [Document("d1", "Russia is arming Hezbollah.")]
    >>> results = list(extract_distributed(docs, RunOptions(workers=1), "local"))
    >>> [(r.document.id, [s.relation.name for s in r.statements]) for r in results]
    [('d1', ['arms'])]
    """
    from graphkit.extraction import DEFAULT_MODEL, document_batches, in_order

    model = options.model or DEFAULT_MODEL
    actors = tuple(str(a) for a in options.actors)
    verbs = tuple(str(v) for v in options.verbs)
    batch_size = max(1, options.batch_size)
    with ExitStack() as stack:
        with stats.stage("start cluster") if stats is not None else nullcontext():
            client = stack.enter_context(dask_client(cluster, options.workers))
        threads = sum(w.get("nthreads", 1) for w in client.scheduler_info()["workers"].values())
        limit = IN_FLIGHT_PER_THREAD * max(1, threads)
        yield from in_order(
            document_batches(documents, batch_size),
            lambda batch: client.submit(
                extract_batch, batch, model, actors, batch_size, verbs, options.verbs_plover, pure=False
            ),
            limit,
        )
