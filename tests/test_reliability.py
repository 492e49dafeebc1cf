"""Long runs on messy input: bad documents are skipped and reported, outputs are atomic and deterministic."""

from __future__ import annotations

import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from corpus_factory import make_corpus
from typer.testing import CliRunner

import graphkit
from graphkit.cli import EXIT_SKIPPED, app, write_outputs
from graphkit.io import atomic_write, commit_together, write_jsonl

OUTPUTS = ("graph.ttl", "statements.jsonl", "statements.csv", "actors.jsonl", "graph.html", "report.jsonl")


def _graphkit(*args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    """Run the real ``graphkit`` command (its own process, exit code and signals)."""
    return subprocess.run(
        [sys.executable, "-m", "graphkit.cli", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=Path(__file__).resolve().parents[1],
    )


def _start(*args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "graphkit.cli", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=Path(__file__).resolve().parents[1],
    )


def _report(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "report.jsonl").read_text(encoding="utf-8").splitlines()]


def _snapshot(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in OUTPUTS}


# -- atomic writes --------------------------------------------------------------------------------
def test_a_failed_write_leaves_the_old_file_and_no_temporary_file(tmp_path):
    target = tmp_path / "graph.ttl"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError), atomic_write(target) as f:
        f.write("half of the new")
        raise RuntimeError("killed")
    assert target.read_text(encoding="utf-8") == "old"
    assert os.listdir(tmp_path) == ["graph.ttl"]


def test_atomic_files_get_normal_permissions_and_keep_those_of_the_file_they_replace(tmp_path):
    umask = os.umask(0o022)
    os.umask(umask)
    fresh = tmp_path / "fresh.txt"
    with atomic_write(fresh) as f:
        f.write("x")
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o666 & ~umask
    kept = tmp_path / "kept.txt"
    kept.write_text("old", encoding="utf-8")
    kept.chmod(0o640)
    with atomic_write(kept) as f:
        f.write("new")
    assert stat.S_IMODE(kept.stat().st_mode) == 0o640 and kept.read_text(encoding="utf-8") == "new"


def test_files_committed_together_are_all_replaced_or_none(tmp_path):
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    write_jsonl([{"v": "old"}], a)
    write_jsonl([{"v": "old"}], b)
    with pytest.raises(OSError), commit_together():
        write_jsonl([{"v": "new"}], a)
        assert a.read_text(encoding="utf-8") == '{"v": "old"}\n'  # not renamed yet
        raise OSError("disk full while writing b")
    assert a.read_text(encoding="utf-8") == b.read_text(encoding="utf-8") == '{"v": "old"}\n'
    assert sorted(os.listdir(tmp_path)) == ["a.jsonl", "b.jsonl"]
    with commit_together():
        write_jsonl([{"v": "new"}], a)
        with commit_together():  # nested blocks commit with the outermost
            write_jsonl([{"v": "new"}], b)
        assert b.read_text(encoding="utf-8") == '{"v": "old"}\n'
    assert a.read_text(encoding="utf-8") == b.read_text(encoding="utf-8") == '{"v": "new"}\n'


def test_build_outputs_are_replaced_together_or_not_at_all(tmp_path, monkeypatch):
    from graphkit.model import DocumentInfo, ExtractionResult, KnowledgeGraph

    out = tmp_path / "out"
    kg = KnowledgeGraph()
    kg.add(ExtractionResult(DocumentInfo("old-doc")))
    write_outputs(kg, out, ["ttl"], html=False)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    kg.add(ExtractionResult(DocumentInfo("new-doc")))
    # the view is the last file written: the graph and the statements are already on disk, unrenamed
    monkeypatch.setattr(
        "graphkit.view.write_html", lambda *a, **k: (_ for _ in ()).throw(OSError("no space"))
    )
    with pytest.raises(OSError, match="no space"):
        write_outputs(kg, out, ["ttl"], html=True)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


# -- bad input, end to end ------------------------------------------------------------------------
@pytest.fixture(scope="module")
def messy(tmp_path_factory, examples_dir):
    """A small folder with one of each kind of bad input beside the example articles."""
    root = tmp_path_factory.mktemp("messy") / "in"
    shutil.copytree(examples_dir, root)
    outside = root.parent / "outside.txt"
    outside.write_text("Secret: Russia arms nobody.", encoding="utf-8")
    (root / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8)
    (root / "latin1.txt").write_bytes("Café diplomacy: France condemned Iran.".encode("latin-1"))
    (root / "empty.md").write_bytes(b"")
    with open(root / "huge.txt", "wb") as f:  # 50 MB, sparse
        f.truncate(50 * 1024 * 1024)
    (root / "scripts.html").write_text(
        "<title>t</title><script>alert('x')</script><style>p{}</style><p>Israel struck Gaza.</p>",
        encoding="utf-8",
    )
    rows = [
        json.dumps({"id": "wire-1", "text": "Iran accused Israel of the attack."}),
        "{broken json",
        json.dumps({"id": "wire-1", "text": "Same id again."}),
        json.dumps({"id": "[/red] [bold]markup", "text": "Russia condemned [/yellow] NATO."}),
        json.dumps({"id": "[/red] [bold]markup", "text": "A duplicate with markup in its id."}),
    ]
    (root / "wire.jsonl").write_text("\n".join(rows) + "\n", encoding="utf-8")
    os.symlink(outside, root / "link.txt")
    return root


@pytest.mark.slow
def test_a_build_on_bad_input_finishes_reports_everything_skipped_and_exits_3(messy, tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["build", str(messy), "-o", str(out), "--workers", "1"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert result.exit_code == EXIT_SKIPPED, result.output
    report = {(r["where"], r["skipped"]): r["reason"] for r in _report(out)}
    skipped = {Path(w).name: reason for (w, s), reason in report.items() if s}
    assert set(skipped) == {
        "binary.txt",
        "empty.md",
        "huge.txt",
        "link.txt",
        "wire.jsonl:2",
        "wire.jsonl:3",
        "wire.jsonl:5",
    }
    assert "binary" in skipped["binary.txt"] and "too large" in skipped["huge.txt"]
    assert "duplicate" in skipped["wire.jsonl:3"] and "outside" in skipped["link.txt"]
    assert (str(messy / "latin1.txt"), False) in report  # repaired, noted, not skipped
    kg = graphkit.load(out / "graph.ttl")
    files = {f"{messy.name}/{name}" for name in ("latin1.txt", "scripts.html", "02-alliance.txt")}
    assert files | {"wire-1", "[/red] [bold]markup"} <= set(kg.documents)  # ids from files: ROOT/PATH
    assert not any("Secret" in (d.title or "") for d in kg.documents.values())
    rows = [json.loads(line) for line in (out / "statements.jsonl").read_text(encoding="utf-8").splitlines()]
    assert any(r["doc"] == "wire-1" and r["relation"] == "accuses" for r in rows)
    assert not any("alert" in r["evidence"]["text"] for r in rows)


@pytest.mark.slow
def test_a_clean_build_exits_0_and_extract_reports_skips_too(examples_dir, messy, tmp_path):
    result = _graphkit("build", str(examples_dir), "-o", str(tmp_path / "out"), "--workers", "1")
    assert result.returncode == 0, result.stderr
    assert not [r for r in _report(tmp_path / "out") if r["skipped"]]
    result = _graphkit("extract", str(messy / "wire.jsonl"), "--workers", "1")
    assert result.returncode == EXIT_SKIPPED, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert {row["doc"] for row in lines} <= {"wire-1", "[/red] [bold]markup"}
    assert "wire.jsonl:2" in result.stderr and "malformed JSON" in result.stderr


@pytest.mark.slow
def test_a_1000_document_corpus_with_5_percent_broken_files_builds_completely(tmp_path):
    corpus = make_corpus(tmp_path / "corpus", n_good=950, n_bad=50)
    out = tmp_path / "out"
    result = _graphkit("build", str(corpus.root), "-o", str(out), "--workers", "2")
    assert result.returncode == EXIT_SKIPPED, result.stderr[-3000:]
    report = _report(out)
    assert {r["where"] for r in report if r["skipped"]} == corpus.bad
    assert {r["where"] for r in report if not r["skipped"]} == corpus.repaired
    kg = graphkit.load(out / "graph.ttl")
    assert set(kg.documents) == corpus.good
    docs_with_statements = {
        json.loads(line)["doc"] for line in (out / "statements.jsonl").open(encoding="utf-8")
    }
    assert docs_with_statements <= corpus.good and len(docs_with_statements) > 300


# -- killed midway ------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def big_corpus(tmp_path_factory):
    # big enough that extraction takes seconds and writing the outputs a visible moment
    return make_corpus(tmp_path_factory.mktemp("big") / "corpus", n_good=500, n_bad=25)


@pytest.mark.slow
def test_a_run_killed_midway_leaves_the_previous_outputs_intact(big_corpus, examples_dir, tmp_path):
    out = tmp_path / "out"
    assert _graphkit("build", str(examples_dir), "-o", str(out), "--workers", "1").returncode == 0
    before = _snapshot(out)

    # killed while extracting
    proc = _start("build", str(big_corpus.root), "-o", str(out), "--workers", "1")
    time.sleep(4)
    assert proc.poll() is None, "the build ended before it could be killed: make the corpus bigger"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert _snapshot(out) == before
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == sorted(OUTPUTS)

    # killed while writing: the moment a temporary output file appears
    proc = _start("build", str(big_corpus.root), "-o", str(out), "--workers", "1")
    seen_temp = False
    deadline = time.monotonic() + 240
    while proc.poll() is None and time.monotonic() < deadline:
        if any(p.name.endswith(".tmp") for p in out.iterdir()):
            proc.send_signal(signal.SIGKILL)
            seen_temp = True
            break
        time.sleep(0.002)
    proc.wait(timeout=30)
    assert seen_temp, "never saw the build writing its outputs"
    after = _snapshot(out)
    changed = {name for name in OUTPUTS if after[name] != before[name]}
    # the outputs are committed together: all old (killed before the renames) or all new
    assert changed in (set(), set(OUTPUTS)), f"a mix of two runs: {sorted(changed)} changed"
    graphkit.load(out / "graph.ttl")
    for line in after["statements.jsonl"].decode("utf-8").splitlines():
        json.loads(line)


# -- determinism --------------------------------------------------------------------------------
@pytest.mark.slow
def test_the_same_input_gives_byte_identical_outputs_with_one_or_two_workers(tmp_path):
    corpus = make_corpus(tmp_path / "corpus", n_good=140, n_bad=6)
    moved = tmp_path / "elsewhere" / "corpus"
    shutil.copytree(corpus.root, moved, symlinks=True)
    runs = {"first": (corpus.root, "1"), "again, elsewhere": (moved, "1"), "two workers": (corpus.root, "2")}
    outputs = {}
    for name, (root, workers) in runs.items():
        out = tmp_path / name.replace(" ", "-").replace(",", "")
        result = _graphkit("build", str(root), "-o", str(out), "--workers", workers, "--formats", "ttl,nq")
        assert result.returncode == EXIT_SKIPPED, result.stderr[-3000:]
        outputs[name] = {f: (out / f).read_bytes() for f in ("graph.ttl", "graph.nq", "statements.jsonl")}
        outputs[name]["report.jsonl"] = (
            (out / "report.jsonl").read_bytes().replace(str(root).encode(), b"ROOT")
        )
    assert len(outputs["first"]["statements.jsonl"].splitlines()) > 50
    for name in ("again, elsewhere", "two workers"):
        for f, data in outputs["first"].items():
            assert outputs[name][f] == data, f"{f} differs in run {name!r}"


# -- the store, per document --------------------------------------------------------------------
class _FailingStore:
    """A store whose ``extend`` fails once, on the given call: a crash in the middle of an update."""

    def __init__(self, store, fail_on: int):
        self._store, self._calls, self._fail_on = store, 0, fail_on

    def extend(self, quads):
        self._calls += 1
        if self._calls == self._fail_on:
            raise OSError("the disk went away")
        return self._store.extend(quads)

    def __getattr__(self, name):
        return getattr(self._store, name)


def test_the_store_never_holds_half_a_document_and_a_rerun_completes_it(tmp_path):
    import pyoxigraph as ox
    from kgfactory import make_kg

    from graphkit.model import DocumentInfo, document_iri
    from graphkit.rdf import document_quads
    from graphkit.store import add_graph, has_document, open_store

    old = make_kg()
    new = make_kg()
    for doc_id, info in list(new.documents.items()):  # every document changed since the last build
        new.documents[doc_id] = DocumentInfo(doc_id, title=f"{info.title} (updated)", text_hash="new")
    store = open_store(tmp_path / "store")
    add_graph(store, old)

    def graph(doc_id):
        return set(store.quads_for_pattern(None, None, None, ox.NamedNode(document_iri(doc_id))))

    failures = 0
    for fail_on in range(1, 100):  # a failure at every write the update makes, one after the other
        add_graph(store, old)
        try:
            add_graph(_FailingStore(store, fail_on), new)
        except OSError:
            failures += 1
        else:
            break  # fail_on is past the last write
        for doc_id in new.documents:
            versions = [set(document_quads(old, doc_id)), set(document_quads(new, doc_id)), set()]
            assert graph(doc_id) in versions, f"half a document after a failure at write #{fail_on}"
        add_graph(store, new)  # the next build
        for doc_id in new.documents:
            assert graph(doc_id) == set(document_quads(new, doc_id))
            assert has_document(store, doc_id, "new")
    assert failures >= len(new.documents)


# -- one document that breaks the extractor ------------------------------------------------------
@pytest.mark.slow
def test_a_document_that_breaks_the_extractor_is_reported_and_the_run_goes_on(tmp_path, monkeypatch):
    """A bug met on one odd document must cost that document, not the whole run."""
    import graphkit.extraction.extractor as extraction  # where the Extractor looks doc_to_result up
    from graphkit.documents import ReadReport
    from graphkit.pipeline import RunOptions, run

    real = extraction.doc_to_result

    def fragile(doc, info, *args, **kwargs):
        if "BOOM" in doc.text:
            raise ValueError("a bug that only this document triggers")
        return real(doc, info, *args, **kwargs)

    monkeypatch.setattr(extraction, "doc_to_result", fragile)
    rows = [
        {"id": "before", "text": "Iran condemned Israel."},
        {"id": "bad", "text": "Russia arms Syria. BOOM."},
        {"id": "after", "text": "France condemned Iran."},
    ]
    (tmp_path / "news.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    report = ReadReport()
    kg = run([tmp_path], RunOptions(workers=1, batch_size=8), report=report)
    assert set(kg.documents) == {"before", "after"}
    assert [p.skipped for p in report.problems if "bad" in p.where or "bad" in p.reason] == [True]
