"""Throughput: graphkit against bare spaCy on the same corpus and model, with 1 and 2 workers.

    .venv/bin/python benchmarks/throughput.py                 # 2,000+ documents, 3 rounds, + RDF speed
    .venv/bin/python benchmarks/throughput.py --docs 500 --repeats 1 --skip-rdf   # a quick look

Three modes, each timed in a fresh process (so peak memory is its own):

  a  bare spaCy: ``nlp.pipe(texts, batch_size, n_process=W)`` over the texts of the corpus file;
  b  graphkit extract: what ``graphkit extract`` does (read, extract, JSON lines to /dev/null);
  c  graphkit build: what ``graphkit build`` does (read, extract, graph, Turtle + statements + HTML).

Times exclude importing and loading the model (printed apart) and include reading the corpus.
Each round runs every mode with every worker count, in an order that rotates from round to round:
the machine's load drifts, so every ratio is the median of ratios taken within one round. CPU time
(all processes) is reported beside wall time: on a shared machine it is the steadier measure of
the work each mode adds. Peak memory is the maximum resident set size of the main process and of
its worker processes (getrusage). For memory against corpus size, b and c run again on a corpus
twice as large. Then the CPU time of each pipeline component is measured on one process.

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
    rows, seen = [], set()
    for file in sorted(DEV.glob("*.jsonl")):
        for line in file.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            if (
                str(row.get("text", "")).strip() and row["id"] not in seen
            ):  # graphkit keeps the first of an id
                seen.add(row["id"])
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
def cpu_seconds() -> float:
    """CPU time of this process and of its reaped children (worker processes)."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def child(mode: str, corpus: Path, workers: int, batch_size: int, model: str | None) -> dict:
    """Run one mode once and return its figures (called in a fresh process)."""
    import multiprocessing
    from contextlib import contextmanager

    from graphkit.pipeline import RunStats

    class Stats(RunStats):
        """RunStats that also notes the CPU time when the model is loaded."""

        cpu_at_load = 0.0

        @contextmanager
        def stage(self, name: str):
            with super().stage(name):
                yield
            if name == "load model":
                self.cpu_at_load = cpu_seconds()

    out: dict = {"mode": mode, "workers": workers}
    stats = Stats()
    if mode == "a":
        import spacy

        from graphkit.extraction import DEFAULT_MODEL

        with stats.stage("load model"):
            nlp = spacy.load(model or DEFAULT_MODEL)
        started = time.perf_counter()
        texts = corpus_texts(corpus)
        lengths = [len(doc) for doc in nlp.pipe(texts, batch_size=batch_size, n_process=workers)]
        docs, out["tokens"] = len(lengths), sum(lengths)
    elif mode == "p":
        return breakdown(corpus, batch_size, model)
    else:
        from graphkit.documents import ReadReport, read_documents
        from graphkit.extraction import Extractor  # noqa: F401  (imports are not throughput: not timed)
        from graphkit.io import json_line
        from graphkit.model import KnowledgeGraph
        from graphkit.pipeline import RunOptions, extract_results, run

        options = RunOptions(model=model, workers=workers, batch_size=batch_size)
        from graphkit.outputs import write_outputs

        report = ReadReport()
        started = time.perf_counter()
        if mode == "b":  # as `graphkit extract` does
            with open(os.devnull, "w", encoding="utf-8") as sink:
                for result in extract_results(read_documents([corpus], report), options, stats):
                    part = KnowledgeGraph()
                    part.add(result)
                    for row in part.iter_json(mentions=True):
                        sink.write(json_line(row) + "\n")
        else:  # as `graphkit build` does
            kg = run([corpus], options, report=report, stats=stats)
            with tempfile.TemporaryDirectory() as tmp, stats.stage("write"):
                write_outputs(kg, Path(tmp) / "out", ["ttl"], html=True, report=report)
        out["stages"] = {k: round(v, 3) for k, v in stats.stages.items()}
        out["statements"] = stats.statements
        docs = stats.documents
    out["load"] = stats.stages.get("load model", 0.0)
    out["seconds"] = time.perf_counter() - started - (out["load"] if mode != "a" else 0.0)
    multiprocessing.active_children()  # reap finished workers so that RUSAGE_CHILDREN counts them
    out["cpu"] = cpu_seconds() - stats.cpu_at_load
    out["docs"] = docs
    out["rss_main_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out["rss_workers_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return out


def breakdown(corpus: Path, batch_size: int, model: str | None) -> dict:
    """CPU time of each pipeline component, and of turning docs into results, on one process.

    The pipeline runs batch by batch as ``nlp.pipe`` does (each component's ``pipe`` over the
    batch), one component at a time, so that each one's time is its own.
    """
    from itertools import islice

    from graphkit.documents import read_documents
    from graphkit.extraction import DEFAULT_MODEL, Extractor, doc_to_result, document_info

    extractor = Extractor(model or DEFAULT_MODEL, batch_size=batch_size)
    nlp = extractor.nlp
    spent: dict[str, float] = {"tokenizer": 0.0, **{name: 0.0 for name in nlp.pipe_names}, "to results": 0.0}
    documents = iter(read_documents([corpus]))
    n = 0
    while batch := list(islice(documents, batch_size)):
        n += len(batch)
        with nlp.memory_zone():
            clock = time.process_time()
            docs = [nlp.make_doc(d.text) for d in batch]
            spent["tokenizer"] += time.process_time() - clock
            for name, proc in nlp.pipeline:
                clock = time.process_time()
                docs = (
                    list(proc.pipe(docs, batch_size=batch_size))
                    if hasattr(proc, "pipe")
                    else list(map(proc, docs))
                )
                spent[name] += time.process_time() - clock
            clock = time.process_time()
            for doc, document in zip(docs, batch, strict=True):
                doc_to_result(doc, document_info(document), extractor.vocabulary)
            spent["to results"] += time.process_time() - clock
    return {"mode": "p", "docs": n, "cpu": spent}


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
    parser.add_argument("--from-json", type=Path, help="print the tables of measurements saved with --json")
    parser.add_argument("--child", choices=[*MODES, "p"], help=argparse.SUPPRESS)
    parser.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--workers-child", type=int, default=1, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.corpus, args.workers_child, args.batch_size, args.model)))
        return
    if args.from_json:
        saved = json.loads(args.from_json.read_text(encoding="utf-8"))
        runs = saved["runs"]
        args.workers = sorted({r["workers"] for r in runs})
        args.repeats = 1 + max(r["round"] for r in runs)
        n_docs = max(r["docs"] for r in runs if r["mode"] == "a")
        report(runs, saved["memory"], saved["breakdown"], n_docs, args)
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
        for rep in range(args.repeats):
            # each round runs every mode with every worker count, in an order that rotates, so that
            # a drift of the machine's load hits all of them alike
            combos = [(mode, workers) for workers in args.workers for mode in MODES]
            shift = rep * len(combos) // max(1, args.repeats)
            for mode, workers in combos[shift:] + combos[:shift]:
                r = {**measure(mode, corpus, workers, args), "round": rep}
                runs.append(r)
                print(
                    f"  round {rep + 1} {mode} {workers}w: {r['docs'] / r['seconds']:7.1f} docs/s "
                    f"({r['seconds']:.1f}s, CPU {r['cpu']:.1f}s, load {r['load']:.1f}s)",
                    flush=True,
                )
        memory: list[dict] = []
        if not args.skip_memory:
            for workers in args.workers:
                for mode in ("b", "c"):
                    for path, size in ((corpus, 1), (doubled, 2)):
                        memory.append({**measure(mode, path, workers, args), "size": size})
                        print(
                            f"  memory {mode} {workers}w {size}x corpus: {memory[-1]['rss_main_mb']:.0f} MB"
                        )
        spent = measure("p", corpus, 1, args)
        report(runs, memory, spent, n_docs, args)
        if args.json:
            args.json.write_text(json.dumps({"runs": runs, "memory": memory, "breakdown": spent}, indent=1))
    if not args.skip_rdf:
        print(
            f"\n## Turtle: rdflib against pyoxigraph, {args.rdf_triples:,} triples (rdf_speed.py)\n",
            flush=True,
        )
        script = ROOT / "benchmarks" / "rdf_speed.py"
        subprocess.run(
            [sys.executable, str(script), "--triples", str(args.rdf_triples)], check=True, cwd=ROOT
        )


def report(runs: list[dict], memory: list[dict], spent: dict, n_docs: int, args: argparse.Namespace) -> None:
    """Print the tables."""
    median = statistics.median
    tokens = median(r["tokens"] for r in runs if r["mode"] == "a")
    by = {(r["mode"], r["workers"], r["round"]): r for r in runs}
    rounds = range(args.repeats)
    base = args.workers[0]

    def paired(mode: str, workers: int, other: str, other_workers: int, key) -> float:
        """The median over rounds of a ratio taken within each round."""
        return median(key(by[(mode, workers, k)], by[(other, other_workers, k)]) for k in rounds)

    speed = lambda r, o: (r["docs"] / r["seconds"]) / (o["docs"] / o["seconds"])  # noqa: E731
    work = lambda r, o: o["cpu"] / r["cpu"]  # noqa: E731
    rows = []
    for workers in args.workers:
        for mode in MODES:
            mine = [by[(mode, workers, k)] for k in rounds]
            docs_s = median(r["docs"] / r["seconds"] for r in mine)
            rows.append(
                [
                    MODES[mode],
                    workers,
                    f"{docs_s:.1f}",
                    f"{docs_s * tokens / n_docs:,.0f}",
                    f"{paired(mode, workers, 'a', workers, speed):.2f}",
                    f"{paired(mode, workers, 'a', workers, work):.2f}",
                    "-" if workers == base else f"{paired(mode, workers, mode, base, speed):.2f}",
                    f"{max(r['rss_main_mb'] for r in mine):.0f}",
                    f"{max(r['rss_workers_mb'] for r in mine):.0f}",
                    f"{median(r['load'] for r in mine):.1f}",
                    f"{median(r['cpu'] / r['seconds'] for r in mine):.2f}",
                ]
            )
    print(f"\n## Throughput: {n_docs} documents, {tokens:,.0f} tokens, median of {args.repeats} rounds\n")
    header = ["mode", "workers", "docs/s", "tokens/s", "x bare (wall)", "x bare (CPU)", f"x {base} worker"]
    print(table(rows, [*header, "peak MB main", "peak MB workers", "load s", "cores used"]))
    print(
        "\nx bare (wall): docs/s over bare spaCy's with as many workers; x bare (CPU): bare spaCy's CPU\n"
        "time over this mode's (all processes); x 1 worker: docs/s over this mode's with one worker. Each\n"
        "is the median of the ratios within a round. Times exclude loading the model (column 'load s').\n"
        "cores used: CPU time over wall time; below the worker count, other programs had the CPUs."
    )
    stages: dict[str, list[float]] = {}
    for r in runs:
        if r["mode"] == "c" and r["workers"] == base:
            for k, v in r["stages"].items():
                stages.setdefault(k, []).append(v)
    print(
        f"build stages ({base} worker, median s): "
        + ", ".join(f"{k} {median(v):.2f}" for k, v in stages.items())
    )

    cpu, n = spent["cpu"], spent["docs"]
    ours = {k for k in cpu if k.startswith("graphkit_") or k == "to results"}
    spacy_total = sum(v for k, v in cpu.items() if k not in ours)
    rows = [[k, f"{1000 * v / n:.2f}", f"{100 * v / spacy_total:.1f}%"] for k, v in cpu.items()]
    rows.append(
        [
            "graphkit (all of the above marked)",
            f"{1000 * sum(cpu[k] for k in ours) / n:.2f}",
            f"{100 * sum(cpu[k] for k in ours) / spacy_total:.1f}%",
        ]
    )
    print(f"\n## Where the time goes: CPU per document, one process, {n} documents\n")
    print(table(rows, ["stage", "CPU ms/doc", "% of spaCy's own"]))

    if memory:
        rows = []
        for workers in args.workers:
            for mode in ("b", "c"):
                one, two = (
                    next(r for r in memory if (r["mode"], r["workers"], r["size"]) == (mode, workers, s))
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
