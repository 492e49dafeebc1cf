"""Nothing unbounded: time and output linear in a list sentence, memory bounded for a long document.

"A, B, ... and Z condemned P, Q, ... and Y" pairs every subject with every object: its statements
are capped per sentence (and the cap reported), and the work per sentence is done once, not per
statement, so doubling the sentence at most doubles the time. A long document is parsed in groups
of pieces bounded by characters, so its peak memory does not grow with it.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from graphkit.documents import DEFAULT_MAX_CHARS, Document
from graphkit.extraction.convert import split_text
from graphkit.extraction.extractor import BATCH_CHARS, char_batches
from graphkit.extraction.relations.finish import MAX_STATEMENTS_PER_SENTENCE
from graphkit.gazetteer import ActorGazetteer


def _names() -> list[str]:
    """Distinct one- and two-word actor names of the shipped gazetteer (states, groups, bodies)."""
    gazetteer = ActorGazetteer.default()
    found: dict[str, str] = {}
    for name in gazetteer.iter_names():
        text = name.text
        plain = text.isascii() and "," not in text and " and " not in text
        if text[:1].isupper() and plain and len(text.split()) <= 2:
            found.setdefault(name.actor, text)
    names = list(found.values())
    assert len(names) > 800, len(names)
    return names


def list_sentence(n: int, names: list[str]) -> str:
    """ "A, B, ... and Z condemned P, Q, ... and Y" with ``n`` subjects and ``n`` objects."""
    subjects = [names[k % len(names)] for k in range(n)]
    objects = [names[(k + len(names) // 2) % len(names)] for k in range(n)]
    subject, object_ = ", ".join(subjects[:-1]), ", ".join(objects[:-1])
    return f"{subject} and {subjects[-1]} condemned {object_} and {objects[-1]}."


def _best_time(extractor, text: str, runs: int = 2) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(runs):
        started = time.perf_counter()
        result = list(extractor.extract([Document("list", text)]))[0]
        best = min(best, time.perf_counter() - started)
    return best, result


@pytest.mark.slow
def test_doubling_a_list_sentence_at_most_doubles_its_time(extractor):
    names = _names()
    extractor.extract_batch([Document("warm", list_sentence(5, names))])
    times, sizes = [], []
    for n in (100, 200, 400):  # about 2, 4 and 8.5 KB
        text = list_sentence(n, names)
        seconds, result = _best_time(extractor, text)
        times.append(seconds)
        sizes.append(len(text))
        assert result.error is None
        assert 0 < len(result.statements) <= MAX_STATEMENTS_PER_SENTENCE, n
    for small, big in zip(times, times[1:], strict=False):
        # twice the text, at most about twice the time (slack for a busy machine)
        assert big <= 2.5 * small + 0.3, (sizes, times)
    assert times[-1] < 5, times


def test_the_cap_on_statements_per_sentence_bites_and_is_noted(extractor, monkeypatch):
    """A sentence that gives more statements than the cap keeps the first ones and says so."""
    import graphkit.extraction.relations.finish as finish

    text = "Russia, Iran, Syria and Turkey condemned Israel, Egypt, Jordan and Qatar."
    full = list(extractor.extract([Document("full", text)]))[0]
    assert len(full.statements) == 16 and not full.notes
    monkeypatch.setattr(finish, "MAX_STATEMENTS_PER_SENTENCE", 5)
    capped = list(extractor.extract([Document("capped", text)]))[0]
    assert len(capped.statements) == 5
    assert len(capped.notes) == 1 and "one sentence gave 16 statements" in capped.notes[0]


def test_a_9_kb_list_sentence_builds_fast_with_bounded_output(tmp_path):
    text = list_sentence(420, _names())
    assert 8_500 < len(text) < 10_000
    (tmp_path / "list.txt").write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    started = time.monotonic()
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "graphkit.cli",
            "build",
            str(tmp_path / "list.txt"),
            "-o",
            str(out),
            "-w",
            "1",
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    # the summary's "time" row: the build without loading the model (a cold start, not the input)
    flat = re.sub(r"[│\s]+", " ", result.stderr)
    stages = {k: float(v) for k, v in re.findall(r"(read|extract|partition|write) (\d+\.\d+)s", flat)}
    assert set(stages) == {"read", "extract", "partition", "write"}, flat
    assert sum(stages.values()) < 5, stages
    assert time.monotonic() - started < 120
    statements = (out / "statements.jsonl").read_text(encoding="utf-8").splitlines()
    assert 0 < len(statements) <= MAX_STATEMENTS_PER_SENTENCE
    assert sum(p.stat().st_size for p in out.iterdir()) < 10_000_000
    notes = [json.loads(line) for line in (out / "report.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [n["skipped"] for n in notes] == [False]
    assert notes[0]["where"] == f"{tmp_path.name}/list.txt" and "limit per sentence" in notes[0]["reason"]


# -- memory of long documents ---------------------------------------------------------------------
def test_pieces_are_grouped_by_characters_not_by_count():
    text = "\n\n".join(["word " * 2_000] * 200)  # 2 MB in paragraphs of 10 KB
    pieces = split_text(text)
    assert all(len(p) <= 50_000 for _, p in pieces)
    groups = list(char_batches(((p, k) for k, (_, p) in enumerate(pieces)), BATCH_CHARS, 32))
    assert all(sum(len(p) for p, _ in g) <= BATCH_CHARS for g in groups)
    assert [k for g in groups for _, k in g] == list(range(len(pieces)))  # every piece, in order


def test_the_document_size_limit_is_documented_and_enforced(tmp_path):
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    assert f"{DEFAULT_MAX_CHARS:,}" in readme
    from graphkit.documents import ReadReport, read_documents

    (tmp_path / "big.txt").write_text("a" * 1001, encoding="utf-8")
    report = ReadReport()
    assert list(read_documents([tmp_path / "big.txt"], report, max_chars=1000)) == []
    assert "too large" in report.skipped[0].reason


@pytest.mark.slow
def test_a_750000_character_document_builds_in_under_1_gb(tmp_path, shared_dir):
    texts = [json.loads(line)["text"] for line in (shared_dir / "eval" / "dev" / "re3d_dev.jsonl").open()]
    body = "\n\n".join(t for t in texts if t)
    document = ("\n\n".join([body] * (750_000 // len(body) + 1)))[:750_000]
    (tmp_path / "long.txt").write_text(document, encoding="utf-8")
    out = tmp_path / "out"
    # the build runs as the child of a small process that reports its peak memory (RSS)
    probe = (
        "import resource, subprocess, sys\n"
        "done = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
        "sys.stderr.write(done.stderr)\n"
        "print(done.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    build = [sys.executable, "-m", "graphkit.cli", "build", str(tmp_path / "long.txt"), "-o", str(out)]
    result = subprocess.run(
        [sys.executable, "-c", probe, *build, "-w", "1", "--no-html"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    status, peak_kb = map(int, result.stdout.split())
    assert status == 0, result.stderr
    assert peak_kb < 1_000_000, f"peak memory {peak_kb / 1024:.0f} MB"
    assert len((out / "statements.jsonl").read_text(encoding="utf-8").splitlines()) > 500
