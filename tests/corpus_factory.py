"""Test corpora built from the example articles and the dev sets: good documents and broken files.

:func:`make_corpus` writes a folder of ``.txt``, ``.md``, ``.html`` and ``.jsonl`` inputs in which a
known share is broken in every way the reader must survive, and returns what a build must show:
the ids of the good documents and where each broken input is (as the report names it).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared" / "eval" / "dev"


def source_texts() -> list[str]:
    """Real news-like texts: the examples, then the dev sets' documents (read-only, not copied)."""
    from graphkit.documents import read_documents

    texts = [d.text for d in read_documents([ROOT / "examples"])]
    for name in ("seed_gold.jsonl", "re3d_dev.jsonl", "plover_dev.jsonl"):
        path = DEV / name
        if not path.exists():
            raise FileNotFoundError(f"{path}: the reference material must sit beside the clone")
        for line in path.read_text(encoding="utf-8").splitlines():
            text = json.loads(line)["text"]
            if text.strip():
                texts.append(text)
    return texts


@dataclass
class Corpus:
    root: Path
    good: set[str] = field(default_factory=set)  # document ids a build must contain
    bad: set[str] = field(default_factory=set)  # report "where" of every skipped input
    repaired: set[str] = field(default_factory=set)  # report "where" of inputs read with a note


def make_corpus(root: Path, n_good: int = 950, n_bad: int = 50, outside: Path | None = None) -> Corpus:
    """Write ``n_good`` good documents and ``n_bad`` broken inputs under ``root``.

    The broken ones: binary files, empty files, malformed or text-less JSON lines, duplicate ids,
    links out of the folder, files over the size limit and binary ``.jsonl`` files. Some good
    documents are Latin-1 encoded: repaired and noted, not skipped.
    """
    texts = source_texts()
    corpus = Corpus(root)
    root.mkdir(parents=True)
    outside = outside or root.parent / f"{root.name}-outside"
    outside.mkdir(exist_ok=True)
    (outside / "secret.txt").write_text("Russia arms the secret outside the corpus.", encoding="utf-8")
    counter = iter(range(10**9))

    def text() -> str:
        k = next(counter)
        return f"{texts[k % len(texts)]}\n\n(Report {k}.)"

    # how the good documents are spread over the formats (jsonl lines take what is left)
    n_txt, n_md, n_html = n_good * 35 // 95, n_good * 10 // 95, n_good * 5 // 95
    n_jsonl = n_good - n_txt - n_md - n_html
    for sub in ("txt", "md", "html", "jsonl"):
        (root / sub).mkdir()
    for k in range(n_txt):
        path = root / "txt" / f"{k:04d}.txt"
        if k % 35 == 7:  # Latin-1: repaired with replacement characters and noted
            path.write_bytes((text() + " Café talks.").encode("latin-1", "replace"))
            corpus.repaired.add(str(path))
        else:
            path.write_text(text(), encoding="utf-8")
        corpus.good.add(f"{root.name}/txt/{k:04d}.txt")  # ids from files: ROOT/PATH
    for k in range(n_md):
        (root / "md" / f"{k:04d}.md").write_text("# Headline\n\n" + text(), encoding="utf-8")
        corpus.good.add(f"{root.name}/md/{k:04d}.md")
    for k in range(n_html):
        page = (
            "<html><head><title>News</title><style>p{color:red}</style>"
            "<script>document.title='</p>pwned'</script></head><body>"
            + "".join(f"<p>{part}</p>" for part in text().split("\n\n"))
            + "<script>track()</script></body></html>"
        )
        (root / "html" / f"{k:04d}.html").write_text(page, encoding="utf-8")
        corpus.good.add(f"{root.name}/html/{k:04d}.html")

    # the broken inputs, in proportions that add up to n_bad
    kinds = ["binary", "empty", "bad-json", "bad-json", "no-text", "duplicate", "link-out", "too-large"]
    plan = [kinds[k % len(kinds)] for k in range(n_bad - 2)] + ["binary-jsonl"] * min(2, n_bad)
    line_faults = [p for p in plan if p in ("bad-json", "no-text", "duplicate")]
    file_faults = [p for p in plan if p not in ("bad-json", "no-text", "duplicate")]

    n_files = 5
    rows: list[list[tuple[str, bool]]] = [[] for _ in range(n_files)]  # (line, broken)
    ids: list[str] = []
    for k in range(n_jsonl):
        doc_id = f"wire-{k:04d}"
        rows[k % n_files].append((json.dumps({"id": doc_id, "text": text(), "source": "wire"}), False))
        ids.append(doc_id)
        corpus.good.add(doc_id)
    for k, fault in enumerate(line_faults):
        bucket = rows[k % n_files]
        at = (k * 7) % (len(bucket) + 1)
        if fault == "bad-json":
            line = ['{"id": "broken", "text": "unterminated', "{'single': 'quotes'}", "[1, 2]", "null"][k % 4]
        elif fault == "no-text":
            line = json.dumps({"id": f"empty-{k}", "text": ["not", "a", "string"] if k % 2 else "   "})
        else:
            line = json.dumps({"id": ids[k], "text": "A second document with the same id."})
            at = len(bucket)  # after the first one, which is kept
        bucket.insert(at, (line, True))
    for f, bucket in enumerate(rows):
        path = root / "jsonl" / f"wire-{f}.jsonl"
        path.write_text("\n".join(line for line, _ in bucket) + "\n", encoding="utf-8")
        corpus.bad.update(f"{path}:{n}" for n, (_, broken) in enumerate(bucket, 1) if broken)

    (root / "bad").mkdir()
    for k, fault in enumerate(file_faults):
        if fault == "binary":
            path = root / "bad" / f"binary-{k}.txt"
            path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + os.urandom(3000))
        elif fault == "empty":
            path = root / "bad" / f"empty-{k}{('.txt', '.md', '.html')[k % 3]}"
            path.write_text(("", "  \n\t\n", "<html><script>only()</script></html>")[k % 3], encoding="utf-8")
        elif fault == "link-out":
            path = root / "bad" / f"link-{k}.txt"
            os.symlink(outside / "secret.txt", path)
        elif fault == "too-large":
            path = root / "bad" / f"huge-{k}.txt"
            with open(path, "wb") as fh:  # sparse: 25 MB on paper, nothing on disk
                fh.truncate(25 * 1024 * 1024)
        else:  # binary-jsonl
            path = root / "bad" / f"archive-{k}.jsonl"
            path.write_bytes(b"\x1f\x8b\x08\x00" + os.urandom(4000))
        corpus.bad.add(str(path))
    assert len(corpus.good) == n_good and len(corpus.bad) == n_bad, (len(corpus.good), len(corpus.bad))
    return corpus
