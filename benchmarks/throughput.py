"""Throughput: graphkit against bare spaCy on the same corpus and model, with 1 and 2 workers.

    .venv/bin/python benchmarks/throughput.py                 # 2,000+ documents, 3 rounds, + RDF speed
    .venv/bin/python benchmarks/throughput.py --docs 500 --repeats 1 --skip-rdf   # a quick look

Three modes, each timed in a fresh process (so peak memory is its own):

  a  bare spaCy: ``nlp.pipe(texts, batch_size, n_process=W)`` over the texts of the corpus file;
  b  graphkit extract: what ``graphkit extract`` does (read, extract, JSON lines to /dev/null);
  c  graphkit build: what ``graphkit build`` does (read, extract, graph, Turtle + statements + HTML).

Times exclude loading the model (the same for a, b and c; printed apart) and include reading the
corpus. The modes run interleaved, in a rotating order, ``--repeats`` times per worker count: the
machine's load drifts, so each ratio is the median of ratios taken in the same round. Peak memory
is the maximum resident set size of the main process and of its worker processes (getrusage).
Memory against corpus size: b and c are run again on a corpus twice as large.

The corpus: the documents of ../shared/eval/dev repeated under new ids (``r003/<id>``) up to
``--docs`` documents, written to a temporary JSON-lines file. Repeated texts find spaCy's tokenizer
cache warm; both sides of every ratio get the same benefit.

Finally ``benchmarks/rdf_speed.py`` times Turtle writing and parsing of a 1M-triple graph with
rdflib and pyoxigraph (run as a subprocess; ``--skip-rdf`` to leave it out).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared" / "eval" / "dev"
MODES = {"a": "bare spaCy nlp.pipe", "b": "graphkit extract", "c": "graphkit build (RDF + HTML)"}


# -- the corpus ------------------------------------------------------------------------------
def write_corpus(path: Path, n_docs: int) -> int:
    """Write the dev documents, repeated under new ids, until ``n_docs``; return the count written."""
    rows = []
    for file in sorted(DEV.glob("*.jsonl")):
        for line in file.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            if str(row.get("text", "")).strip():
                rows.append({k: row[k] for k in ("id", "title", "date", "source", "text") if row.get(k)})
    if not rows:
        raise SystemExit(f"no documents in {DEV}: the reference material must sit beside the project")
    written = 0
    with path.open("w", encoding="utf-8") as f:
        while written < n_docs:
            for row in rows:
                f.write(json.dumps({**row, "id": f"r{written // len(rows):03d}/{row['id']}"}) + "\n")
                written += 1
    return written


def corpus_texts(path: Path):
    """Yield the texts of a corpus file, lazily: bare spaCy's input."""
    with path.open(encoding="utf-8") as f:
        for line in f:
            yield json.loads(line)["text"]


# -- one measured run (in a child process) ---------------------------------------------------
def child(mode: str, corpus: Path, workers: int, batch_size: int, model: str | None) -> dict:
    """Run one mode once and return its figures (called in a fresh process)."""
    import multiprocessing

    out: dict = {"mode": mode, "workers": workers}
    if mode == "a":
        import spacy

        from graphkit.extraction import DEFAULT_MODEL

        started = time.perf_counter()
        nlp = spacy.load(model or DEFAULT_MODEL)
        out["load"] = time.perf_counter() - started
        started = time.perf_counter()
        lengths = [
            len(doc) for doc in nlp.pipe(corpus_texts(corpus), batch_size=batch_size, n_process=workers)
        ]
        docs, tokens = len(lengths), sum(lengths)
        out["seconds"] = time.perf_counter() - started
        out["tokens"] = tokens
    else:
        from graphkit.documents import ReadReport, read_documents
        from graphkit.io import json_line
        from graphkit.model import KnowledgeGraph
        from graphkit.pipeline import RunOptions, RunStats, extract_results, run

        options = RunOptions(model=model, workers=workers, batch_size=batch_size)
        stats, report = RunStats(), ReadReport()
        started = time.perf_counter()
        if mode == "b":
            with open(os.devnull, "w", encoding="utf-8") as sink:
                for result in extract_results(read_documents([corpus], report), options, stats):
                    part = KnowledgeGraph()
                    part.add(result)
                    for row in part.iter_json(mentions=True):
                        sink.write(json_line(row) + "\n")
        else:
            from graphkit.cli import write_outputs

            kg = run([corpus], options, report=report, stats=stats)
            with tempfile.TemporaryDirectory() as tmp, stats.stage("write"):
                write_outputs(kg, Path(tmp) / "out", ["ttl"], html=True, report=report)
        out["load"] = stats.stages.get("load model", 0.0)
        out["seconds"] = time.perf_counter() - started - out["load"]
        out["stages"] = {k: round(v, 3) for k, v in stats.stages.items()}
        out["statements"] = stats.statements
        docs = stats.documents
    multiprocessing.active_children()  # reap finished workers so that RUSAGE_CHILDREN counts them
    out["docs"] = docs
    out["rss_main_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out["rss_workers_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return out


def measure(mode: str, corpus: Path, workers: int, args: argparse.Namespace) -> dict:
    """Run one mode in a fresh Python process and return what it reports."""
    cmd = [
        sys.executable,
        __file__,
        "--child",
        mode,
        "--corpus",
        str(corpus),
        "--workers-child",
        str(workers),
        "--batch-size",
        str(args.batch_size),
    ]
    if args.model:
        cmd += ["--model", args.model]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    if proc.returncode != 0:
        raise SystemExit(f"mode {mode} with {workers} worker(s) failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


# -- the report ------------------------------------------------------------------------------
def table(rows: list[list[str]], header: list[str]) -> str:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    line = lambda r: "| " + " | ".join(str(c).rjust(w) for c, w in zip(r, widths, strict=True)) + " |"  # noqa: E731
    return "\n".join([line(header), "|" + "|".join("-" * (w + 2) for w in widths) + "|", *map(line, rows)])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=2000, help="documents in the corpus (at least)")
    parser.add_argument("--repeats", type=int, default=3, help="interleaved rounds per worker count")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--model", default=None)
    parser.add_argument("--skip-memory", action="store_true", help="skip the runs on a doubled corpus")
    parser.add_argument("--skip-rdf", action="store_true", help="skip benchmarks/rdf_speed.py")
    parser.add_argument("--rdf-triples", type=int, default=1_000_000)
    parser.add_argument("--json", type=Path, help="also write every measurement to this file")
    parser.add_argument("--child", choices=sorted(MODES), help=argparse.SUPPRESS)
    parser.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--workers-child", type=int, default=1, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.corpus, args.workers_child, args.batch_size, args.model)))
        return

    with tempfile.TemporaryDirectory(prefix="graphkit-bench-") as tmp:
        corpus, doubled = Path(tmp) / "corpus.jsonl", Path(tmp) / "corpus2x.jsonl"
        n_docs = write_corpus(corpus, args.docs)
        write_corpus(doubled, 2 * n_docs)
        print(
            f"corpus: {n_docs} documents ({corpus.stat().st_size / 1e6:.1f} MB) from {DEV}; "
            f"batch size {args.batch_size}; {os.cpu_count()} CPUs; load average {os.getloadavg()[0]:.1f}",
            flush=True,
        )
        runs: list[dict] = []
        order = list(MODES)
        for workers in args.workers:
            for rep in range(args.repeats):
                for mode in order[rep % 3 :] + order[: rep % 3]:  # rotate: no mode always runs first
                    r = measure(mode, corpus, workers, args)
                    r["round"] = rep
                    runs.append(r)
                    print(
                        f"  {workers}w round {rep + 1} {mode}: {r['docs'] / r['seconds']:7.1f} docs/s "
                        f"({r['seconds']:.1f}s, load {r['load']:.1f}s)",
                        flush=True,
                    )
        memory: list[dict] = []
        if not args.skip_memory:
            for workers in args.workers:
                for mode in ("b", "c"):
                    for path, size in ((corpus, 1), (doubled, 2)):
                        r = measure(mode, path, workers, args)
                        r["size"] = size
                        memory.append(r)
                        print(
                            f"  memory {mode} {workers}w {size}x corpus: main {r['rss_main_mb']:.0f} MB, "
                            f"workers {r['rss_workers_mb']:.0f} MB",
                            flush=True,
                        )
        report(runs, memory, n_docs, args)
        if args.json:
            args.json.write_text(json.dumps({"runs": runs, "memory": memory}, indent=1), encoding="utf-8")
    if not args.skip_rdf:
        print(
            f"\n## Turtle: rdflib against pyoxigraph, {args.rdf_triples:,} triples (rdf_speed.py)\n",
            flush=True,
        )
        subprocess.run(
            [sys.executable, str(ROOT / "benchmarks" / "rdf_speed.py"), "--triples", str(args.rdf_triples)],
            check=True,
            cwd=ROOT,
        )


def report(runs: list[dict], memory: list[dict], n_docs: int, args: argparse.Namespace) -> None:
    tokens = statistics.median(r["tokens"] for r in runs if r["mode"] == "a")
    rate = {(r["mode"], r["workers"], r["round"]): r["docs"] / r["seconds"] for r in runs}
    rows = []
    for workers in args.workers:
        for mode in MODES:
            mine = [r for r in runs if r["mode"] == mode and r["workers"] == workers]
            docs_s = statistics.median(r["docs"] / r["seconds"] for r in mine)
            ratio = statistics.median(
                rate[(mode, workers, k)] / rate[("a", workers, k)] for k in range(args.repeats)
            )
            scaling = "-"
            if workers != args.workers[0]:
                base = args.workers[0]
                gain = statistics.median(
                    rate[(mode, workers, k)] / rate[(mode, base, k)] for k in range(args.repeats)
                )
                scaling = f"{gain:.2f}"
            rows.append(
                [
                    MODES[mode],
                    workers,
                    f"{docs_s:.1f}",
                    f"{docs_s * tokens / n_docs:,.0f}",
                    f"{max(r['rss_main_mb'] for r in mine):.0f}",
                    f"{max(r['rss_workers_mb'] for r in mine):.0f}",
                    "1.00" if mode == "a" else f"{ratio:.2f}",
                    scaling,
                    f"{statistics.median(r['load'] for r in mine):.1f}",
                ]
            )
    print(f"\n## Throughput: {n_docs} documents, {tokens:,.0f} tokens, median of {args.repeats} rounds\n")
    print(
        table(
            rows,
            [
                "mode",
                "workers",
                "docs/s",
                "tokens/s",
                "peak MB main",
                "peak MB workers",
                "x bare spaCy",
                f"x {args.workers[0]} worker",
                "load s",
            ],
        )
    )
    print("\n'x bare spaCy': b/a and c/a, the median of the ratios of each round (same worker count).")
    stages = {}
    for r in runs:
        if r["mode"] == "c" and r["workers"] == args.workers[0]:
            for k, v in r["stages"].items():
                stages.setdefault(k, []).append(v)
    if stages:
        parts = ", ".join(f"{k} {statistics.median(v):.2f}s" for k, v in stages.items())
        print(f"build stages ({args.workers[0]} worker, median): {parts}")
    if memory:
        rows = []
        for workers in args.workers:
            for mode in ("b", "c"):
                one, two = (
                    next(
                        r for r in memory if r["mode"] == mode and r["workers"] == workers and r["size"] == s
                    )
                    for s in (1, 2)
                )
                rows.append(
                    [
                        MODES[mode],
                        workers,
                        f"{one['rss_main_mb']:.0f}",
                        f"{two['rss_main_mb']:.0f}",
                        f"{two['rss_main_mb'] / one['rss_main_mb']:.2f}",
                        f"{one['rss_workers_mb']:.0f}",
                        f"{two['rss_workers_mb']:.0f}",
                    ]
                )
        print(f"\n## Peak memory (MB) against corpus size: {n_docs} and {2 * n_docs} documents\n")
        print(
            table(rows, ["mode", "workers", "main 1x", "main 2x", "main 2x/1x", "workers 1x", "workers 2x"])
        )


if __name__ == "__main__":
    main()
