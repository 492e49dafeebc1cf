"""Scale: ``graphkit build`` on a synthetic corpus of 100,000 documents, against bare spaCy.

    .venv/bin/python benchmarks/scale.py                          # 100,000 documents (about an hour)
    .venv/bin/python benchmarks/scale.py --docs 2000 --small 200  # a quick look (a few minutes)
    .venv/bin/python benchmarks/scale.py --runs build-2,dask-2    # only some of the runs

The corpus is synthesised from the texts of ``../shared/eval/dev``: each document is two to six
sentences drawn (with a fixed seed) from the dev texts, with a date spread over two years, written
as JSON-lines files of 1,000 documents (``corpus/part-NNNN.jsonl``), so that a Dask run has files to
hand out to its workers. Every document is a new text, so spaCy's caches are not unusually warm.

The runs, each a fresh command watched from outside (``psutil``: the resident memory of every
process it starts, sampled every 0.2 s, and its CPU time from ``wait4``):

  bare-W   bare spaCy, ``nlp.pipe(texts, n_process=W)`` over the same texts: the physical limit;
  build-W  ``graphkit build FILES -o OUT --workers W`` (Turtle, statements, GraphML-free default
           outputs and the HTML view);
  store-W  ``graphkit build FILES -o OUT --workers W --store STORE`` into a new Oxigraph store: the
           documents loaded into it, the outputs read back from it (not in the default runs);
  dask-2   ``graphkit build FILES --cluster tcp://127.0.0.1:PORT`` against a ``dask scheduler`` and
           one ``dask worker --nworkers 2 --nthreads 1`` started by this script: the workers read
           the files and write partitions (about ``--pieces`` of them, 10 by default), the client
           loads them and draws the views;
  small    ``--small-run`` (build-1) again on the first ``--small`` documents: peak memory of the
           full build over this one's is the flatness figure (target: at most 1.2x, 100,000 / 10,000).

The output files of every graphkit run over the same corpus are compared byte for byte (SHA-256):
a Dask run over ten partitions must write what a local build over one writes.

Ratios are taken within this one run: documents/s over bare spaCy's with as many workers, and over
the same mode's with one worker. Times include starting the command, importing and loading the
model (a few seconds, the same for every run), so short runs understate graphkit's rate.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared" / "eval" / "dev"
DOCS_PER_FILE = 1000
SAMPLE_SECONDS = 0.2
#: Where a sentence ends: a full stop, question or exclamation mark before a space and a capital.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'])")


# -- the corpus ------------------------------------------------------------------------------
def dev_sentences() -> list[str]:
    """The sentences of the dev texts (each text cut at sentence ends), in file order."""
    sentences: list[str] = []
    for file in sorted(DEV.glob("*.jsonl")):
        for line in file.read_text(encoding="utf-8").splitlines():
            text = str(json.loads(line).get("text") or "").strip()
            sentences.extend(s.strip() for s in _SENTENCE_END.split(text) if len(s.strip()) > 20)
    if not sentences:
        raise SystemExit(f"no dev texts in {DEV}: the reference material must sit beside the project")
    return sentences


def write_corpus(folder: Path, n_docs: int, seed: int = 16) -> list[Path]:
    """Write ``n_docs`` synthetic documents as JSON-lines files of 1,000 into ``folder``; return the files."""
    rng = random.Random(seed)
    sentences = dev_sentences()
    folder.mkdir(parents=True, exist_ok=True)
    files: list[Path] = []
    for start in range(0, n_docs, DOCS_PER_FILE):
        path = folder / f"part-{start // DOCS_PER_FILE:04d}.jsonl"
        with path.open("w", encoding="utf-8") as f:
            for i in range(start, min(n_docs, start + DOCS_PER_FILE)):
                text = " ".join(rng.choice(sentences) for _ in range(rng.randint(2, 6)))
                day = time.strftime("%Y-%m-%d", time.gmtime(1704067200 + (i * 7919 % 730) * 86400))
                f.write(json.dumps({"id": f"s{i:06d}", "date": day, "text": text}) + "\n")
        files.append(path)
    return files


# -- watching a command ----------------------------------------------------------------------
@dataclass
class Watched:
    """The processes of one run: peak resident memory per process (MB), by role."""

    peaks: dict[int, float] = field(default_factory=dict)
    roles: dict[int, str] = field(default_factory=dict)

    def sample(self, root: psutil.Process, role: str) -> None:
        """Note the resident memory of ``root`` and of its descendants."""
        try:
            procs = [root, *root.children(recursive=True)]
        except psutil.NoSuchProcess:
            return
        for p in procs:
            try:
                rss = p.memory_info().rss / 2**20
            except psutil.Error:
                continue
            self.peaks[p.pid] = max(self.peaks.get(p.pid, 0.0), rss)
            self.roles.setdefault(p.pid, role if p.pid == root.pid else f"{role} child")

    def peak(self, role: str) -> float:
        """The largest peak of the processes with this role."""
        return max((v for pid, v in self.peaks.items() if self.roles[pid] == role), default=0.0)


def run_watched(cmd: list[str], watched: Watched, also: Sequence[tuple[psutil.Process, str]] = ()) -> float:
    """Run ``cmd`` to its end, sampling the memory of its processes and of ``also``; return its wall time."""
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=errors)
        root = psutil.Process(proc.pid)
        while proc.poll() is None:
            watched.sample(root, "main")
            for other, role in also:
                watched.sample(other, role)
            time.sleep(SAMPLE_SECONDS)
        wall = time.perf_counter() - started
        if proc.returncode != 0:
            errors.seek(0)
            tail = errors.read().decode(errors="replace")[-2000:]
            raise SystemExit(f"{' '.join(cmd[:4])}... failed ({proc.returncode}):\n{tail}")
    return wall


def children_cpu() -> float:
    """CPU time of the reaped child processes of this script (a run's command and its own children)."""
    usage = os.times()
    return usage.children_user + usage.children_system


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# -- the runs --------------------------------------------------------------------------------
BARE = """
import json, sys, spacy
files, workers, model = sys.argv[1:-2], int(sys.argv[-2]), sys.argv[-1]
nlp = spacy.load(model)
def texts():
    for name in files:
        with open(name, encoding="utf-8") as f:
            for line in f:
                yield json.loads(line)["text"]
print(sum(1 for _ in nlp.pipe(texts(), batch_size=32, n_process=workers)))
"""


def graphkit_cmd(files: list[Path], out: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "graphkit", "build", *map(str, files), "-o", str(out), *extra]


def measure(name: str, files: list[Path], n_docs: int, work: Path, model: str, pieces: int = 10) -> dict:
    """Run one named run (``bare-W``, ``build-W``, ``store-W``, ``dask-2``) and return its figures.

    A Dask run plans its input into about ``pieces`` partitions (``--partition-size``).
    """
    kind, workers = name.rsplit("-", 1)
    workers_n = int(workers)
    out = work / f"out-{name}-{n_docs}"
    shutil.rmtree(out, ignore_errors=True)
    watched = Watched()
    cpu_before = children_cpu()
    servers: list[subprocess.Popen] = []
    try:
        if kind == "bare":
            cmd = [sys.executable, "-c", BARE, *map(str, files), workers, model]
            wall = run_watched(cmd, watched)
        elif kind == "build":
            wall = run_watched(graphkit_cmd(files, out, "--workers", workers, "--model", model), watched)
        elif kind == "store":  # a build into a new persistent store: loaded, then read back
            store = work / f"store-{name}-{n_docs}"
            shutil.rmtree(store, ignore_errors=True)
            cmd = graphkit_cmd(files, out, "--workers", workers, "--model", model, "--store", str(store))
            wall = run_watched(cmd, watched)
            shutil.rmtree(store, ignore_errors=True)
        elif kind == "dask":
            port = free_port()
            address = f"tcp://127.0.0.1:{port}"
            dask = shutil.which("dask", path=str(Path(sys.executable).parent)) or "dask"
            quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "cwd": ROOT}
            servers.append(
                subprocess.Popen(
                    [dask, "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"], **quiet
                )
            )
            time.sleep(3)
            servers.append(
                subprocess.Popen(
                    [
                        dask,
                        "worker",
                        address,
                        "--nworkers",
                        workers,
                        "--nthreads",
                        "1",
                        "--no-dashboard",
                        "--memory-limit",
                        "0",
                    ],
                    **quiet,
                )
            )
            time.sleep(8)  # the workers start and register
            also = [
                (psutil.Process(servers[0].pid), "scheduler"),
                (psutil.Process(servers[1].pid), "workers"),
            ]
            size = math.ceil(sum(f.stat().st_size for f in files) / max(1, pieces))
            cmd = graphkit_cmd(
                files, out, "--cluster", address, "--model", model, "--partition-size", str(max(size, 65536))
            )
            wall = run_watched(cmd, watched, also)
        else:
            raise SystemExit(f"unknown run {name!r}")
    finally:
        for server in reversed(servers):
            server.terminate()
        for server in reversed(servers):
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
    workers_peak = max(watched.peak("main child"), watched.peak("workers child"), watched.peak("workers"))
    return {
        "run": name,
        "kind": kind,
        "workers": workers_n,
        "docs": n_docs,
        "seconds": wall,
        "cpu": children_cpu() - cpu_before,
        "peak_main_mb": watched.peak("main"),
        "peak_worker_mb": workers_peak,
        "peak_scheduler_mb": watched.peak("scheduler"),
        "outputs": output_digests(out),
    }


def output_digests(out: Path) -> dict[str, str]:
    """The SHA-256 of every output file of a run (empty for bare spaCy, which writes none)."""
    if not out.is_dir():
        return {}
    return {f.name: hashlib.sha256(f.read_bytes()).hexdigest() for f in sorted(out.iterdir()) if f.is_file()}


def compare_outputs(results: list[dict]) -> None:
    """Print, for each corpus size, whether every graphkit run wrote the same files as the first.

    Store runs are compared with store runs only: their outputs are read back from the store, which
    keeps no input order (evidence, aliases), so they differ from a build's by design.
    """
    group = lambda r: (r["docs"], r["kind"] == "store")  # noqa: E731
    for key in sorted({group(r) for r in results}):
        runs = [r for r in results if group(r) == key and r.get("outputs")]
        if len(runs) < 2:
            continue
        first = runs[0]
        for other in runs[1:]:
            names = sorted(set(first["outputs"]) | set(other["outputs"]))
            differ = [n for n in names if first["outputs"].get(n) != other["outputs"].get(n)]
            verdict = "the same bytes" if not differ else "DIFFERENT: " + ", ".join(differ)
            print(
                f"\noutputs, {key[0]:,} docs: {other['run']} against {first['run']}:"
                f" {len(names)} files, {verdict}"
            )


# -- the report ------------------------------------------------------------------------------
def table(rows: list[list[str]], header: list[str]) -> str:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    line = lambda r: "| " + " | ".join(str(c).rjust(w) for c, w in zip(r, widths, strict=True)) + " |"  # noqa: E731
    return "\n".join([line(header), "|" + "|".join("-" * (w + 2) for w in widths) + "|", *map(line, rows)])


def report(results: list[dict]) -> None:
    """Print the table of the runs, with ratios taken within this run."""
    by = {(r["run"], r["docs"]): r for r in results}
    rows = []
    for r in results:
        rate = r["docs"] / r["seconds"]
        bare = by.get((f"bare-{r['workers']}", r["docs"]))
        one = by.get((f"{'build' if r['kind'] == 'dask' else r['kind']}-1", r["docs"]))
        rows.append(
            [
                r["run"],
                f"{r['docs']:,}",
                f"{rate:.1f}",
                f"{rate / (bare['docs'] / bare['seconds']):.2f}" if bare else "-",
                f"{rate / (one['docs'] / one['seconds']):.2f}" if one and one is not r else "-",
                f"{r['peak_main_mb']:.0f}",
                f"{r['peak_worker_mb']:.0f}" if r["peak_worker_mb"] else "-",
                f"{r['peak_scheduler_mb']:.0f}" if r["peak_scheduler_mb"] else "-",
                f"{r['cpu'] / r['seconds']:.2f}",
            ]
        )
    header = [
        "run",
        "docs",
        "docs/s",
        "x bare spaCy",
        "x 1 worker",
        "peak MB main",
        "peak MB worker",
        "peak MB scheduler",
        "cores used",
    ]
    print(table(rows, header))
    compare_outputs(results)
    sizes = sorted({r["docs"] for r in results if r["kind"] in ("build", "store")})
    for run in sorted({r["run"] for r in results if r["kind"] in ("build", "store")}):
        if len(sizes) > 1 and (run, sizes[0]) in by and (run, sizes[-1]) in by:
            small, big = by[(run, sizes[0])], by[(run, sizes[-1])]
            ratio = big["peak_main_mb"] / small["peak_main_mb"]
            print(
                f"\n{run}: peak memory of the main process, {sizes[-1]:,} docs over {sizes[0]:,}: {ratio:.2f}"
            )
            if small["peak_worker_mb"] and big["peak_worker_mb"]:
                ratio = big["peak_worker_mb"] / small["peak_worker_mb"]
                print(f"{run}: peak memory of a worker process, the same: {ratio:.2f}")
    print(
        "\n'x bare spaCy': docs/s over bare spaCy's with as many workers, in this run; 'x 1 worker': over the"
    )
    print("same mode's with one worker (a Dask run over build-1). 'cores used': CPU time of the command's")
    print(
        "processes over wall time (for a Dask run, its servers too). Peaks: resident memory, sampled"
        " every 0.2 s."
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--docs", type=int, default=100_000, help="documents in the corpus (default 100,000)")
    parser.add_argument(
        "--small", type=int, default=10_000, help="the smaller build for the memory figure (default 10,000)"
    )
    parser.add_argument(
        "--runs", default="bare-1,build-1,bare-2,build-2,dask-2", help="which runs, comma-separated"
    )
    parser.add_argument("--small-run", default="build-1", help="the run repeated on the smaller corpus")
    parser.add_argument("--model", default=None, help="spaCy model (default: graphkit's)")
    parser.add_argument(
        "--work", type=Path, help="folder for the corpus and outputs (default: a temporary one)"
    )
    parser.add_argument("--json", type=Path, help="also save every measurement here")
    parser.add_argument(
        "--pieces",
        type=int,
        default=10,
        help="partitions of a Dask run's input (default 10): its outputs are compared with the local builds'",
    )
    args = parser.parse_args()
    from graphkit.extraction import DEFAULT_MODEL

    model = args.model or DEFAULT_MODEL
    with tempfile.TemporaryDirectory() as tmp:
        work = args.work or Path(tmp)
        files = write_corpus(work / "corpus", args.docs)
        print(
            f"corpus: {args.docs:,} documents in {len(files)} files under {work / 'corpus'}", file=sys.stderr
        )
        results = []
        for name in args.runs.split(","):
            print(f"run {name} ...", file=sys.stderr, flush=True)
            results.append(measure(name.strip(), files, args.docs, work, model, args.pieces))
            print(f"  {results[-1]['docs'] / results[-1]['seconds']:.1f} docs/s", file=sys.stderr, flush=True)
        if args.small and args.small < args.docs:
            # the same seed: the small corpus is the first documents of the large one
            small_files = write_corpus(work / "corpus-small", args.small)
            print(f"run {args.small_run} on {args.small:,} documents ...", file=sys.stderr, flush=True)
            results.append(measure(args.small_run, small_files, args.small, work, model))
        if args.json:
            args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")
        print(
            f"\n## Scale: {args.docs:,} synthetic documents,"
            f" {time.strftime('%Y-%m-%d %H:%M', time.gmtime())} UTC\n"
        )
        report(results)


if __name__ == "__main__":
    main()
