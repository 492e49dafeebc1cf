"""A partitioned Dask build (2 workers on loopback) against a local 2-worker build, same corpus.

    .venv/bin/python benchmarks/dask_partitions.py               # 1,000 documents, 2 rounds
    .venv/bin/python benchmarks/dask_partitions.py --docs 300 --rounds 1   # a quick look

Each round builds the same corpus three times, each a fresh ``graphkit build`` process:

  local      ``graphkit build CORPUS -o OUT --workers 2``: the baseline;
  dask       ``graphkit build CORPUS -o OUT --cluster tcp://...`` on a fresh cluster: a real
             ``dask scheduler`` and two ``dask worker --nthreads 1`` processes on 127.0.0.1
             (tests/dask_processes.py), started before the timer; the workers read the corpus
             (cut into byte ranges), load the model on their first partition (as the local pool
             loads it) and write partitions; the client finishes;
  dask warm  the same build again on the same cluster: its workers have the model loaded.

The corpus: the dev documents repeated under new ids (``benchmarks/throughput.py``'s builder), in
one JSON-lines file. Wall time includes writing every output. Peak memory is the
largest resident set size sampled (every 50 ms, psutil) of each process: the client or local
parent, the local pool's children, the scheduler and each Dask worker. CPU time is of every
process involved (on a shared machine the steadier measure). Rounds alternate the local run
before and after the Dask ones; each ratio is the median of the ratios within a round (the
machine's load drifts). The outputs of the two modes are compared
byte for byte (statements, actors, Turtle).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "tests"))  # the loopback cluster lives with the tests

from dask_processes import dask_processes  # noqa: E402
from throughput import table, write_corpus  # noqa: E402

GRAPHKIT = [sys.executable, "-m", "graphkit"]


class Sampler:
    """Peak RSS (MB) of named process trees, sampled in a thread."""

    def __init__(self, roots: dict[str, int], interval: float = 0.05) -> None:
        self.roots, self.interval = roots, interval
        self.peak: dict[str, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> Sampler:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.sample()
            time.sleep(self.interval)

    def sample(self) -> None:
        for name, pid in self.roots.items():
            try:
                root = psutil.Process(pid)
                kids = root.children(recursive=True)
            except psutil.NoSuchProcess:
                continue
            for label, procs in ((name, [root]), (f"{name} children", kids)):
                for proc in procs:
                    try:
                        rss = proc.memory_info().rss / 1e6
                    except psutil.NoSuchProcess:
                        continue
                    self.peak[label] = max(self.peak.get(label, 0.0), rss)


def tree_cpu(pids: dict[str, int]) -> dict[str, float]:
    """CPU seconds spent so far by these long-lived process trees: each root, and its children."""
    spent: dict[str, float] = {}
    for name, pid in pids.items():
        root = psutil.Process(pid)
        for label, procs in ((name, [root]), (f"{name} children", root.children(recursive=True))):
            for proc in procs:
                with contextlib.suppress(psutil.NoSuchProcess):
                    t = proc.cpu_times()
                    spent[label] = spent.get(label, 0.0) + t.user + t.system
    return spent


def children_cpu() -> float:
    """CPU seconds of this process's reaped children (a finished build and its pool)."""
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def run_build(args: list[str], cwd: Path, cluster: dict[str, int]) -> dict:
    """Run ``graphkit build ARGS``; return its wall time, CPU time per process and peak memory."""
    before, cluster_before = children_cpu(), tree_cpu(cluster)
    start = time.perf_counter()
    proc = subprocess.Popen(
        [*GRAPHKIT, "build", *args], cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    with Sampler({"client": proc.pid, **cluster}) as sampler:
        _, stderr = proc.communicate()
        seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"graphkit build {' '.join(args)} failed:\n{stderr.decode()[-3000:]}")
    cpu = {"client": children_cpu() - before}  # the build process with its pool, if any
    cpu.update({k: v - cluster_before.get(k, 0.0) for k, v in tree_cpu(cluster).items()})
    return {"seconds": seconds, "cpu": sum(cpu.values()), "cpu_by": cpu, "peak": sampler.peak}


def same_outputs(a: Path, b: Path) -> bool:
    return all(
        (a / n).read_bytes() == (b / n).read_bytes()
        for n in ("statements.jsonl", "actors.jsonl", "graph.ttl")
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=1000, help="documents in the corpus (at least)")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--partition-size", default=None, help="--partition-size of the Dask build")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="graphkit-dask-bench-") as tmp:
        tmp = Path(tmp)
        corpus = tmp / "corpus.jsonl"
        n_docs = write_corpus(corpus, args.docs)
        print(
            f"corpus: {n_docs} documents ({corpus.stat().st_size / 1e6:.1f} MB); {os.cpu_count()} CPUs; "
            f"load average {os.getloadavg()[0]:.1f}",
            flush=True,
        )
        runs: list[dict] = []
        for rnd in range(args.rounds):
            local_first = rnd % 2 == 0
            if local_first:
                runs.append(local_run(corpus, tmp, rnd, n_docs))
            started = time.perf_counter()
            with dask_processes(tmp / f"cluster-{rnd}", workers=2) as cluster:
                up = time.perf_counter() - started
                print(f"  round {rnd + 1} cluster up in {up:.1f}s at {cluster.address}", flush=True)
                processes = {"scheduler": cluster.scheduler.pid}
                processes.update({f"worker {k}": w.pid for k, w in enumerate(cluster.workers)})
                for mode in ("dask", "dask warm"):
                    out = tmp / f"{mode.replace(' ', '-')}-{rnd}"
                    cut = ["--partition-size", args.partition_size] if args.partition_size else []
                    build = [str(corpus), "-o", str(out), "--cluster", cluster.address, *cut]
                    runs.append(
                        show(
                            {**run_build(build, tmp, processes), "mode": mode, "round": rnd, "out": out},
                            n_docs,
                        )
                    )
            if not local_first:
                runs.append(local_run(corpus, tmp, rnd, n_docs))
        report(runs, n_docs, args.rounds)


def local_run(corpus: Path, tmp: Path, rnd: int, n_docs: int) -> dict:
    out = tmp / f"local-{rnd}"
    r = run_build([str(corpus), "-o", str(out), "--workers", "2"], tmp, {})
    return show({**r, "mode": "local", "round": rnd, "out": out}, n_docs)


def show(r: dict, n_docs: int) -> dict:
    print(
        f"  round {r['round'] + 1} {r['mode']:9}: {n_docs / r['seconds']:6.1f} docs/s "
        f"({r['seconds']:.1f}s, CPU {r['cpu']:.1f}s)",
        flush=True,
    )
    return r


def report(runs: list[dict], n_docs: int, rounds: int) -> None:
    by = {(r["mode"], r["round"]): r for r in runs}
    modes = ("local", "dask", "dask warm")
    rows = []
    for mode in modes:
        mine = [r for r in runs if r["mode"] == mode]
        seconds = statistics.median(r["seconds"] for r in mine)
        cpu = statistics.median(r["cpu"] for r in mine)
        speed = statistics.median(by["local", k]["seconds"] / by[mode, k]["seconds"] for k in range(rounds))
        work = statistics.median(by[mode, k]["cpu"] / by["local", k]["cpu"] for k in range(rounds))
        rows.append(
            [
                mode,
                n_docs,
                f"{seconds:.1f}",
                f"{n_docs / seconds:.1f}",
                f"{speed:.2f}x",
                f"{cpu:.1f}",
                f"{work:.2f}x",
            ]
        )
    print(f"\n## Partitioned Dask build against a local build, {n_docs} documents, 2 workers each\n")
    print("dask: a fresh cluster (its workers load the model, as the local pool does); dask warm: the")
    print("same cluster again (the model already loaded). Ratios: medians of the ratios within a round.\n")
    header = ["mode", "docs", "wall s", "docs/s", "speed vs local", "CPU s (all)", "CPU vs local"]
    print(table(rows, header))
    labels = sorted({label for r in runs for label in r["peak"]}, key=lambda s: (s.startswith("worker"), s))
    mem_rows = []
    for mode in modes:
        mine = [r for r in runs if r["mode"] == mode]
        for label in labels:
            values = [r["peak"][label] for r in mine if label in r["peak"]]
            if not values:
                continue
            cpu = statistics.median(r["cpu_by"].get(label, 0.0) for r in mine)
            cpu_text = f"{cpu:.1f}" if label != "client children" else "(in the row above)"
            name = {
                "client": "build (parent + pool)" if mode == "local" else "client",
                "client children": "pool processes (each)" if mode == "local" else "client's children",
            }.get(label, label)
            if name.startswith("worker"):  # `dask worker` is a nanny; its child does the work
                name = name.replace(" children", " process") if "children" in name else f"{name} nanny"
            mem_rows.append([mode, name, f"{max(values):.0f}", cpu_text])
    print("\n## Per process: peak memory (MB resident, the largest over the rounds) and CPU s (median)\n")
    print(table(mem_rows, ["mode", "process", "peak RSS MB", "CPU s"]))
    equal = all(
        same_outputs(by["local", k]["out"], by[m, k]["out"]) for k in range(rounds) for m in modes[1:]
    )
    print(f"\noutputs equal (statements.jsonl, actors.jsonl, graph.ttl): {'yes' if equal else 'NO'}")


if __name__ == "__main__":
    main()
