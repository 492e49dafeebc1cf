"""Runs on a Dask cluster (``--cluster``): for corpora that outgrow one machine.

**Partitioned builds** (:func:`build_distributed`, ``graphkit build --cluster``): the client lists
the input files by name only (:mod:`graphkit.remote_inputs`: paths, folders, globs or fsspec URLs)
and cuts them into partitions; each partition is a task in which a worker reads its documents,
extracts them and writes the partition's results (documents, mentions and statements, one JSON
line a document, with what cross-document resolution needs) into a shared folder
(:func:`graphkit.partitions.write_partition`); the client then resolves actors across the
partitions, loads them into the store and writes the outputs, N-Quads among them
(:func:`graphkit.partitions.finish_build`). A partition holds no RDF of its own: its actor IRIs
are not final until the corpus-wide resolution, which the final step applies as it streams. The
client never reads document text and never holds the results: memory on every machine is bounded
by a partition, not by the corpus. A partition's files are renamed into place only when
complete, so a task that Dask runs again (its worker died) rewrites them whole, never half or
twice.

**Streaming extraction** (:func:`extract_distributed`, ``graphkit extract --cluster``): the
client reads the documents and cuts the stream into batches that go to the workers as tasks; each
worker process loads the spaCy pipeline once and sends back plain
:class:`~graphkit.model.ExtractionResult` objects. The client keeps a bounded number of batches
in flight and yields the results in input order, so memory stays bounded on the client and the
output is identical to a local run (standard output, in order, is the point of ``extract``).

Dask does the scheduling, reruns a task whose worker died, and scales from a LocalCluster to a
cluster of machines (docs/distributed.md). Workers must have the same graphkit, the spaCy model
and any ``--actors`` file (at the same path) installed; run them with one thread each
(``dask worker --nthreads 1 --nworkers N``): a worker process parses one batch at a time.
"""

from __future__ import annotations

import json
import os
import threading
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import ExitStack, contextmanager, nullcontext
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from graphkit.documents import DEFAULT_MAX_CHARS, Document, ReadReport
from graphkit.model import ExtractionResult
from graphkit.outputs import DEFAULT_MAX_ACTORS
from graphkit.remote_inputs import (
    Partition,
    count_newlines,
    describe_partition,
    is_url,
    list_inputs,
    partition_bytes_for,
    plan_partitions,
    read_partition,
)

if TYPE_CHECKING:
    from distributed import Client, Future

    from graphkit.extraction import Extractor
    from graphkit.partitions import BuildTotals
    from graphkit.pipeline import RunOptions, RunStats
    from graphkit.resolution import ActorResolver

#: The name of a run's work folder inside OUT (the default partitions folder); the local build's
#: own work folders have the same prefix, and a build removes those a killed one left.
WORK_PREFIX = ".graphkit-partitions-"
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


#: Actor resolvers of this worker process, by actor files: made once, reused across partitions.
_RESOLVERS: dict[tuple, ActorResolver] = {}


def _worker_resolver(options: RunOptions) -> ActorResolver:
    from graphkit.pipeline import make_resolver

    key = tuple(str(a) for a in options.actors)
    resolver = _RESOLVERS.get(key)
    if resolver is None:
        resolver = _RESOLVERS[key] = make_resolver(options)
    return resolver


#: The documents a store holds (id -> text hash) of the last ``known`` file this worker read.
_KNOWN: dict[str, dict[str, str | None]] = {}


def _known_documents(path: str) -> dict[str, str | None]:
    if path not in _KNOWN:
        import fsspec

        with fsspec.open(path, "rt", encoding="utf-8") as f:
            held = json.load(f)
        _KNOWN.clear()  # one run's at a time: it can be large (an entry per stored document)
        _KNOWN[path] = held
    return _KNOWN[path]


def _default_model() -> str:
    from graphkit.extraction import DEFAULT_MODEL

    return DEFAULT_MODEL


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
def for_workers(options: RunOptions) -> RunOptions:
    """Return ``options`` with the files it names made absolute: workers run in other folders.

    Examples
    --------
    >>> from graphkit.pipeline import RunOptions
    >>> for_workers(RunOptions(actors=["extra.yaml"])).actors[0] == os.path.abspath("extra.yaml")
    True
    """

    def absolute(path):
        return os.path.abspath(path) if not is_url(os.fspath(path)) else os.fspath(path)

    model = options.model
    if model and not model.startswith("blank:") and Path(model).exists():  # a saved pipeline's folder
        model = os.path.abspath(model)
    return replace(
        options,
        model=model,
        actors=[absolute(a) for a in options.actors],
        verbs=[absolute(v) for v in options.verbs],
        verbs_plover=absolute(options.verbs_plover) if options.verbs_plover else None,
    )


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

    options = for_workers(options)
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


# -- partitioned builds: the worker side -----------------------------------------------------
def worker_versions() -> dict[str, str]:
    """Return the graphkit and Python versions of this process (checked on every worker first)."""
    import platform

    from graphkit import __version__

    return {"graphkit": __version__, "python": platform.python_version()}


def build_partition(
    partition: Partition,
    folder: str,
    options: RunOptions,
    newlines_before: Sequence[int] = (),
    max_chars: int = DEFAULT_MAX_CHARS,
    known: str | None = None,
) -> dict[str, Any]:
    """Read, extract and write one partition in a worker (the task :func:`build_distributed` submits).

    Parameters
    ----------
    partition : the files (or the byte range of a JSON-lines file) to read, here, on the worker
    folder : the partitions folder (a path every worker can write, or an fsspec URL)
    options : the run's options; extraction runs in this process (one worker thread, one parse)
    newlines_before : for a later block of a JSON-lines file, the newlines counted in each
        earlier block (:func:`graphkit.remote_inputs.count_newlines`): its first line's number
    max_chars : documents longer than this are skipped (and reported)
    known : the file of the documents the ``--store`` holds (id -> text hash, JSON): those read
        unchanged are not extracted again, as in a local incremental build

    Returns
    -------
    A small dict: the partition's name, its documents (extracted, and ``skipped`` unchanged),
    statements and problems, and where the time went (the summary
    :func:`~graphkit.partitions.write_partition` wrote stays in the folder).
    """
    from graphkit.model import text_hash
    from graphkit.partitions import write_partition
    from graphkit.pipeline import RunStats, unchanged_skipped

    report, stats = ReadReport(), RunStats()
    here = replace(options, workers=1, cluster=None)  # no process pool inside a Dask worker
    with _LOCK:  # one parse at a time per process (a worker started with several threads)
        with stats.stage("load model"):  # once per worker process, not once per partition
            extractor = _worker_extractor(
                here.model or _default_model(),
                tuple(str(a) for a in here.actors),
                max(1, here.batch_size),
                tuple(str(v) for v in here.verbs),
                here.verbs_plover,
            )
            resolver = _worker_resolver(here) if here.resolve else None
        documents = read_partition(partition, report, max_chars, sum(newlines_before))
        if known is not None:
            held = _known_documents(known)
            documents = unchanged_skipped(documents, lambda d: held.get(d.id) == text_hash(d.text), stats)
        write_partition(
            documents,
            folder,
            partition.name,
            here,
            report=report,
            stats=stats,
            resolver=resolver,
            extractor=extractor,
            source=describe_partition(partition),
        )
    return {
        "partition": partition.name,
        "bytes": partition.nbytes,
        "documents": stats.documents,
        "skipped": stats.skipped,
        "statements": stats.statements,
        "problems": len(report.problems),
        "stages": dict(stats.stages),
        "pid": os.getpid(),
    }


# -- partitioned builds: the client side -----------------------------------------------------
def _check_workers(client: Client) -> int:
    """Return the worker threads of the cluster, after checking every worker runs this graphkit."""
    mine = worker_versions()
    try:
        theirs = client.run(worker_versions)
    except Exception as e:  # a worker without graphkit cannot even unpickle the function
        raise RuntimeError(
            f"a Dask worker cannot run graphkit ({type(e).__name__}: {e}): install graphkit "
            f"{mine['graphkit']}, its model and any --actors file on every worker"
        ) from e
    if not theirs:
        raise RuntimeError("the Dask cluster has no worker: start some (dask worker --nthreads 1 ...)")
    for address, versions in sorted(theirs.items()):
        if versions["graphkit"] != mine["graphkit"]:
            raise RuntimeError(
                f"the Dask worker {address} runs graphkit {versions['graphkit']}, this client "
                f"{mine['graphkit']}: install the same version everywhere"
            )
    return sum(w.get("nthreads", 1) for w in client.scheduler_info()["workers"].values()) or 1


def submit_partitions(
    client: Client,
    plan: Sequence[Partition],
    folder: str,
    options: RunOptions,
    max_chars: int,
    known: str | None = None,
) -> list[Future]:
    """Submit a task per partition (and the newline counts of the blocks of large JSON-lines files)."""
    run = uuid.uuid4().hex[:8]
    counts: dict[str, list[Future]] = {}  # a file cut into blocks -> the counts of its blocks so far
    futures = []
    for part in plan:
        first = part.pieces[0]
        before: list[Future] = []
        if first.end is not None:  # a block: its line numbers need the newlines before it
            before = list(counts.get(first.path, ()))
            if first.end < first.size:
                counts.setdefault(first.path, []).append(
                    client.submit(
                        count_newlines,
                        first.path,
                        first.start,
                        first.end,
                        key=f"graphkit-newlines-{part.name}-{run}",
                        priority=10,  # quick, and later blocks wait for them
                        pure=False,
                    )
                )
        futures.append(
            client.submit(
                build_partition,
                part,
                folder,
                options,
                before,
                max_chars,
                known,
                key=f"graphkit-{part.name}-{run}",
                retries=0,  # an error (not a lost worker: Dask reruns those) would repeat
                pure=False,
            )
        )
    return futures


def _absolute(folder: str | os.PathLike[str]) -> str:
    folder = os.fspath(folder)
    return folder.rstrip("/") if is_url(folder) else os.path.abspath(folder)


def build_distributed(
    inputs: Iterable[str | os.PathLike[str]],
    out: str | os.PathLike[str],
    cluster: str,
    options: RunOptions | None = None,
    *,
    partitions: str | os.PathLike[str] | None = None,
    partition_bytes: int | None = None,
    keep_partitions: bool = False,
    store: str | os.PathLike[str] | None = None,
    formats: Sequence[str] = ("ttl",),
    html: bool = True,
    max_actors: int = DEFAULT_MAX_ACTORS,
    report: ReadReport | None = None,
    on_plan: Callable[[list[Partition]], None] | None = None,
    on_partition: Callable[[dict[str, Any]], None] | None = None,
    on_progress: Callable[[str, int, int | None], None] | None = None,
    totals: BuildTotals | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
) -> list[Path]:
    """Build the graph of ``inputs`` on a Dask cluster: workers read, extract and write partitions.

    Parameters
    ----------
    inputs : files, folders, glob patterns or fsspec URLs, listed (by name only) on the client and
        read by the workers: the same paths must name the same files on every machine
    out : the output folder, written by the client (:func:`graphkit.partitions.finish_build`)
    cluster : ``"local"`` for a LocalCluster of ``options.workers`` processes, or a scheduler address
    options : model, actor files, batch size, resolution
    partitions : the folder the workers write their partitions into: on a cluster of machines, a
        shared folder (NFS) or an fsspec URL (``s3://bucket/parts``); each run writes into a fresh
        subfolder ``run-ID`` of it, removed after the outputs are written. Default: a work folder
        ``OUT/.graphkit-partitions-ID`` (OUT must then be shared with the workers)
    partition_bytes : input bytes per partition (default: about four partitions a worker thread,
        from 64 KiB to 64 MiB)
    keep_partitions : keep this run's partition subfolder after the outputs are written
    store, formats, html, max_actors : as for :func:`~graphkit.partitions.finish_build`
    report : collects what the client could not list (a missing path, a duplicate file); default
        ``totals.report``, where every problem of the run ends (and ``OUT/report.jsonl``)
    on_plan : called with the partitions before they are submitted
    on_partition : called with each finished task's small summary (progress)
    on_progress : the final step's progress, ``on_progress(stage, done, total)``
    totals : filled with the run's counts (:class:`~graphkit.partitions.BuildTotals`)
    max_chars : documents longer than this are skipped (and reported)

    Returns
    -------
    The output files written.

    Raises
    ------
    NothingRead
        when no partition held a document; the outputs are not touched
    RuntimeError
        when a worker cannot run graphkit, a partition fails, or the client cannot see the
        partitions the workers wrote

    Examples
    --------
    >>> import tempfile
    >>> from graphkit.pipeline import RunOptions
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     _ = (Path(tmp) / "news.jsonl").write_text('{"id": "d1", "text": "Russia is arming Hezbollah."}')
    ...     options = RunOptions(workers=1)
    ...     files = build_distributed([f"{tmp}/*.jsonl"], f"{tmp}/out", "local", options, html=False)
    ...     [f.name for f in files], (Path(tmp) / "out" / "statements.jsonl").read_text().count("arms")
    (['graph.ttl', 'statements.jsonl', 'statements.csv', 'actors.jsonl', 'report.jsonl'], 1)
    """
    from distributed import as_completed

    from graphkit.partitions import BuildTotals, finish_build
    from graphkit.pipeline import RunOptions

    options = for_workers(options or RunOptions())
    totals = totals if totals is not None else BuildTotals()
    report = report if report is not None else totals.report
    # by default a work folder inside OUT, as a local build's (whose next run removes it if killed)
    folder = _absolute(partitions if partitions is not None else out)
    pieces = list_inputs(inputs, report)
    out_existed = Path(out).exists()
    read = 0
    with dask_client(cluster, options.workers) as client:
        threads = _check_workers(client)
        size = partition_bytes or partition_bytes_for(sum(p.nbytes for p in pieces), threads)
        plan = plan_partitions(pieces, size)
        run = uuid.uuid4().hex[:12]
        run_folder = f"{folder}/run-{run}" if partitions is not None else f"{folder}/{WORK_PREFIX}{run}"
        if on_plan is not None:
            on_plan(plan)
        known = _write_known(store, run_folder) if store is not None else None
        futures = submit_partitions(client, plan, run_folder, options, max_chars, known)
        names = {future.key: part for future, part in zip(futures, plan, strict=True)}
        try:
            for future in as_completed(futures):
                try:
                    summary = future.result()  # the task's error, or KilledWorker (died 3 times)
                except Exception as e:
                    raise RuntimeError(_failed(names[future.key], e)) from e
                # let the scheduler forget it: a worker lost later would otherwise make Dask run a
                # finished partition again, rewriting it while this machine reads the partitions
                future.release()
                read += summary["documents"] + summary["skipped"]
                if on_partition is not None:
                    on_partition(summary)
        except BaseException:
            client.cancel(futures)
            _clean_up(run_folder, folder if partitions is None else None, out_existed, out)
            raise
    try:
        _check_visible(run_folder, plan)
        _remove_leftovers(run_folder)
        if not read:
            raise NothingRead(f"no document could be read: {os.fspath(out)}/ was left as it was")
        if report is not totals.report:  # what the client could not list comes first, as it came first
            totals.report.problems[:0] = report.problems
        return finish_build(
            run_folder,
            out,
            store=store,
            formats=formats,
            html=html,
            max_actors=max_actors,
            options=options,
            on_progress=on_progress,
            totals=totals,
        )
    finally:
        if not keep_partitions:
            _clean_up(run_folder, folder if partitions is None else None, out_existed, out)


def _clean_up(run_folder: str, default_folder: str | None, out_existed: bool, out) -> None:
    """Remove a run's partitions, and OUT when it was made for them alone."""
    _remove(run_folder)
    if default_folder is not None and not out_existed:
        _remove_empty(os.fspath(out))


def _write_known(store: str | os.PathLike[str], folder: str) -> str:
    """Write the documents the store holds (id -> text hash) where the workers read it."""
    import fsspec

    from graphkit.store import open_store, store_documents

    graph_store = open_store(store)
    held = store_documents(graph_store)
    del graph_store  # closed: finish_build opens it again (one opener at a time)
    fs, local = fsspec.core.url_to_fs(folder)
    fs.makedirs(local, exist_ok=True)
    path = f"{folder}/known-documents.json"
    with fsspec.open(path, "wt", encoding="utf-8") as f:
        json.dump(held, f, ensure_ascii=False)
    return path


def _failed(part: Partition, error: Exception) -> str:
    first = part.pieces[0]
    where = first.path if first.end is None else f"{first.path}, bytes {first.start}-{first.end}"
    more = f" and {len(part.pieces) - 1} more file(s)" if len(part.pieces) > 1 else ""
    why = " ".join(str(error).split()) or type(error).__name__
    return f"partition {part.name} ({where}{more}) failed on the cluster: {type(error).__name__}: {why}"


class NothingRead(RuntimeError):
    """No partition held a document (every input missing or refused): the outputs are left as they were."""


def _fs(folder: str):
    import fsspec

    return fsspec.core.url_to_fs(folder)


def _check_visible(folder: str, plan: Sequence[Partition]) -> None:
    """Refuse to finish when the client cannot see a partition a worker wrote (a folder not shared)."""
    from graphkit.partitions import list_partitions

    missing = sorted({part.name for part in plan} - set(list_partitions(folder)))
    if missing:
        raise RuntimeError(
            f"the workers wrote {len(missing)} partition(s) ({', '.join(missing[:3])}) this machine "
            f"cannot see in {folder}: --partitions must be a folder every worker and this machine "
            "share (a network filesystem) or an object-store URL (s3://...)"
        )


def _remove_leftovers(folder: str) -> None:
    """Remove the temporary files of attempts that died (a worker lost mid-task; Dask reran it)."""
    fs, path = _fs(folder)
    if not fs.exists(path):
        return
    for name in fs.ls(path, detail=False):
        if name.rstrip("/").rsplit("/", 1)[-1].startswith("."):
            fs.rm(name)


def _remove(folder: str) -> None:
    fs, path = _fs(folder)
    if fs.exists(path):
        fs.rm(path, recursive=True)


def _remove_empty(folder: str) -> None:
    fs, path = _fs(folder)
    if fs.exists(path) and not fs.ls(path, detail=False):
        fs.rmdir(path)
