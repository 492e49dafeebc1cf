"""A real Dask cluster on loopback: ``dask scheduler`` and ``dask worker`` processes, as on machines.

Not a LocalCluster: the scheduler and each worker are separate processes started from the
command line, with their own working folder (so a relative path the client passes would break,
as on another machine), found through a scheduler file; they are always stopped, with their
children, when the block ends. Used by the tests and by ``benchmarks/dask_partitions.py``.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

DASK = Path(sys.executable).with_name("dask")


@dataclass
class Cluster:
    """The running cluster: its scheduler address and the processes started."""

    address: str
    folder: Path
    scheduler: subprocess.Popen
    workers: list[subprocess.Popen] = field(default_factory=list)

    def logs(self) -> str:
        return "\n".join(
            f"--- {log.name}\n{log.read_text(errors='replace')[-3000:]}"
            for log in sorted(self.folder.glob("*.log"))
        )


def _start(args: list[str], folder: Path, name: str, env: dict[str, str]) -> subprocess.Popen:
    log = (folder / f"{name}.log").open("wb")
    # a session of its own: the worker's nanny and its child are stopped together (killpg)
    return subprocess.Popen(
        [str(DASK), *args], cwd=folder, stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True
    )


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        try:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=15)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            with suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=15)


@contextmanager
def dask_processes(folder: Path, workers: int = 2, timeout: float = 120) -> Iterator[Cluster]:
    """Start ``dask scheduler`` and ``workers`` ``dask worker --nthreads 1`` processes on 127.0.0.1.

    Parameters
    ----------
    folder : logs, the scheduler file and the processes' working folder
    workers : worker processes (one thread each, as docs/distributed.md says to run them)
    timeout : seconds to wait for the scheduler and every worker

    Returns
    -------
    A context manager giving a :class:`Cluster`; every process is stopped on exit.
    """
    from distributed import Client

    folder.mkdir(parents=True, exist_ok=True)
    scheduler_file = folder / "scheduler.json"
    env = dict(os.environ)  # PYTHONPATH included: the workers import the graphkit under test
    with ExitStack() as stack:
        scheduler = _start(
            [
                "scheduler",
                "--host",
                "127.0.0.1",
                "--port",
                "0",
                "--no-dashboard",
                "--scheduler-file",
                str(scheduler_file),
            ],
            folder,
            "scheduler",
            env,
        )
        stack.callback(_stop, scheduler)
        deadline = time.monotonic() + timeout
        while not scheduler_file.exists() or not scheduler_file.read_text().strip():
            if scheduler.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"dask scheduler did not start:\n{(folder / 'scheduler.log').read_text()}")
            time.sleep(0.1)
        address = json.loads(scheduler_file.read_text())["address"]
        cluster = Cluster(address, folder, scheduler)
        for k in range(workers):
            worker = _start(
                [
                    "worker",
                    address,
                    "--nthreads",
                    "1",
                    "--name",
                    f"worker-{k}",
                    "--no-dashboard",
                    "--local-directory",
                    str(folder / f"worker-{k}"),
                ],
                folder,
                f"worker-{k}",
                env,
            )
            stack.callback(_stop, worker)
            cluster.workers.append(worker)
        with Client(address, timeout=timeout) as client:
            try:
                client.wait_for_workers(workers, timeout=max(1.0, deadline - time.monotonic()))
            except TimeoutError as e:
                raise RuntimeError(f"the dask workers did not start:\n{cluster.logs()}") from e
        yield cluster
