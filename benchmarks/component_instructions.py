"""Instructions run by graphkit's own pipeline components, at two revisions, counted by valgrind.

    .venv/bin/python benchmarks/component_instructions.py --base 7ee2afe
    .venv/bin/python benchmarks/component_instructions.py --base HEAD~3 --docs 300

On a shared machine the CPU time of a change worth 2% drifts by 10% between runs, so a
small speed-up cannot be seen in seconds. The number of instructions a process runs does
not drift: valgrind's ``callgrind`` counts them (the same count, to 0.1%, run after run).
What this script does:

1. writes the corpus of ``benchmarks/throughput.py`` (the dev documents, repeated) and parses
   ``--docs`` of them, evenly spaced, with the model's own components once (a DocBin in a
   temporary folder);
2. for the base revision (a ``git worktree`` in the temporary folder) and for the working tree,
   runs graphkit's components over those docs under ``valgrind --tool=callgrind``, counting only
   while each component runs, after one warm pass (the word caches are filled, as in a long run);
3. checks that both revisions give the same statements and mentions (a hash of them) and prints
   the instructions per component, with their ratio to the base.

Instructions are not time (a cache miss costs more than an addition), but in a Python program
they follow it closely enough to rank changes. Needs ``valgrind`` (Debian: ``apt-get install
valgrind``) and git; a run over 150 documents takes about two minutes.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

STEPS = ("graphkit_actors", "graphkit_coref", "graphkit_relations", "to results")


def parse_corpus(folder: Path, n_docs: int) -> None:
    """Write the throughput corpus, parse ``n_docs`` of it (evenly spaced) with the model's own components."""
    import throughput
    from spacy.tokens import DocBin

    from graphkit.extraction import DEFAULT_MODEL, Extractor

    corpus = folder / "corpus.jsonl"
    throughput.write_corpus(corpus, 1000)
    lines = corpus.read_text(encoding="utf-8").splitlines()
    step = max(1, len(lines) // n_docs)
    (folder / "sample.jsonl").write_text("\n".join(lines[::step][:n_docs]) + "\n", encoding="utf-8")
    extractor = Extractor(DEFAULT_MODEL, batch_size=32)
    nlp = extractor.nlp
    own = [n for n in nlp.pipe_names if n.startswith("graphkit_") and n != "graphkit_paragraphs"]
    from graphkit.documents import read_documents

    texts = [d.text for d in read_documents([folder / "sample.jsonl"])]
    with nlp.select_pipes(disable=own):
        docs = list(nlp.pipe(texts, batch_size=32))
    (folder / "parsed.docbin").write_bytes(DocBin(store_user_data=True, docs=docs).to_bytes())


def inner(folder: Path, out: Path) -> None:
    """Run under callgrind: graphkit's components over the parsed docs, counted one by one."""
    from spacy.tokens import DocBin

    from graphkit.documents import read_documents
    from graphkit.extraction import DEFAULT_MODEL, Extractor, doc_to_result, document_info
    from graphkit.io import json_line
    from graphkit.model import KnowledgeGraph

    extractor = Extractor(DEFAULT_MODEL, batch_size=32)
    nlp = extractor.nlp
    procs = [(n, nlp.get_pipe(n)) for n in nlp.pipe_names if n in STEPS]
    documents = list(read_documents([folder / "sample.jsonl"]))
    raw = (folder / "parsed.docbin").read_bytes()

    try:  # the extractor hands the pipeline docs that keep their text (graphkit.extraction.texts)
        from graphkit.extraction.texts import with_text
    except ImportError:  # a revision whose components join each doc's text themselves
        with_text = None

    def fresh() -> list:
        docs = list(DocBin().from_bytes(raw).get_docs(nlp.vocab))
        if with_text is not None:
            docs = [with_text(d, document.text) for d, document in zip(docs, documents, strict=True)]
        return docs

    def results(docs: list) -> list:
        pairs = zip(docs, documents, strict=True)
        return [doc_to_result(d, document_info(doc), extractor.vocabulary) for d, doc in pairs]

    warm = fresh()
    for _, proc in procs:
        warm = [proc(d) for d in warm]
    results(warm)
    pid = str(os.getpid())

    def control(*args: str) -> None:
        subprocess.run(["callgrind_control", *args, pid], capture_output=True, check=False)

    docs = fresh()
    control("--zero")
    for name, proc in procs:
        control("--instr=on")
        docs = [proc(d) for d in docs]
        control("--instr=off")
        control(f"--dump={name}")
    control("--instr=on")
    found = results(docs)
    control("--instr=off")
    control("--dump=to results")
    digest = hashlib.sha256()
    for result in found:
        graph = KnowledgeGraph()
        graph.add(result)
        for row in graph.iter_json(mentions=True):
            digest.update(json_line(row).encode())
    out.write_text(digest.hexdigest()[:16], encoding="utf-8")


def count(tree: Path, folder: Path, label: str) -> tuple[dict[str, float], str]:
    """Run :func:`inner` with the graphkit of ``tree`` under callgrind: Minstr per step, outputs' hash."""
    dumps = folder / f"callgrind-{label}"
    dumps.mkdir()
    env = dict(os.environ, PYTHONPATH=str(tree), PYTHONHASHSEED="0")
    command = [
        "valgrind",
        "--tool=callgrind",
        "--instr-atstart=no",
        f"--callgrind-out-file={dumps}/out",
        sys.executable,
        str(Path(__file__).resolve()),
        "--inner",
        str(folder),
        str(dumps / "digest"),
    ]
    run = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if run.returncode != 0:
        raise SystemExit(f"the count under valgrind failed ({label}):\n{run.stderr[-3000:]}")
    counts: dict[str, float] = {}
    for dump in sorted(dumps.glob("out.*")):
        text = dump.read_text(encoding="utf-8", errors="replace")
        lines = text.splitlines()
        name = next(line.split("dump ", 1)[1] for line in lines if line.startswith("desc: Trigger"))
        total = next(int(line.split()[1]) for line in lines if line.startswith("totals:"))
        counts[name] = total / 1e6
    return counts, (dumps / "digest").read_text(encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", help="the git revision to compare the working tree with (required)")
    parser.add_argument("--docs", type=int, default=150, help="documents of the corpus, evenly spaced (150)")
    parser.add_argument("--inner", nargs=2, metavar=("FOLDER", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.inner:
        inner(Path(args.inner[0]), Path(args.inner[1]))
        return
    if not args.base:
        parser.error("--base is required: the revision to compare the working tree with")
    with tempfile.TemporaryDirectory(prefix="graphkit-instr-") as tmp:
        folder = Path(tmp)
        parse_corpus(folder, args.docs)
        base = folder / "base"
        subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "add", "--detach", str(base), args.base],
            check=True,
            capture_output=True,
        )
        try:
            before, base_digest = count(base, folder, "base")
            after, digest = count(ROOT, folder, "tree")
        finally:
            subprocess.run(
                ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(base)],
                check=False,
                capture_output=True,
            )
    rows = [(step, before.get(step, 0.0), after.get(step, 0.0)) for step in STEPS]
    rows.append(("all", sum(r[1] for r in rows), sum(r[2] for r in rows)))
    print(f"graphkit's components over {args.docs} documents, millions of instructions (callgrind)")
    print(f"{'step':20s} | {'base ' + args.base:>14s} | {'working tree':>14s} | {'ratio':>6s}")
    print(f"{'-' * 20}-|-{'-' * 14}-|-{'-' * 14}-|-{'-' * 6}")
    for step, b, a in rows:
        print(f"{step:20s} | {b:14.1f} | {a:14.1f} | {a / b if b else float('nan'):6.3f}")
    same = "the same" if digest == base_digest else "DIFFERENT"
    print(f"statements and mentions: {same} ({base_digest} -> {digest})")


if __name__ == "__main__":
    main()
