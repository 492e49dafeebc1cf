"""Nothing lost, nothing forged: document identity, in one build and across ``--store`` builds.

A document id crafted to look like another document's IRI, the same file name in two input
folders, two file names that differ only in an undecodable byte, a link to a file already read,
ids that are not strings and ids megabytes long: each gives the documents it should, no document
replaces another, and whatever was changed is reported.
"""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from kgfactory import make_kg

from graphkit.documents import MAX_FIELD_CHARS, MAX_ID_CHARS, ReadReport, read_documents
from graphkit.model import document_iri
from graphkit.namespaces import DCTERMS
from graphkit.store import DocumentConflict, add_graph, open_store, store_documents


def _graphkit(*args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "graphkit.cli", *args], capture_output=True, text=True, timeout=timeout
    )


def _report(out: Path) -> list[dict]:
    path = out / "report.jsonl"
    return (
        [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()] if path.exists() else []
    )


def _stored_ids(store: Path) -> list[str]:
    gc.collect()  # the CLI's process is gone; ours may still hold a handle from an earlier open
    return list(store_documents(open_store(store)))


# -- the IRI of a document ----------------------------------------------------------------------
def test_every_iri_carries_a_hash_of_the_whole_id():
    victim = "report.txt"
    forged = document_iri(victim).rsplit("/", 1)[-1]  # an id already in the victim's slug form
    assert document_iri(forged) != document_iri(victim)
    ids = ["a b", "a-b", "A-B", "a_b", "ab", "a" * 200, "a" * 201, "x", "", "-", "\u00e9", "e"]
    assert len({document_iri(i) for i in ids}) == len(ids)
    assert all(document_iri(i).rsplit("-", 1)[-1].isalnum() for i in ids)


@pytest.fixture(scope="module")
def forged_corpus(tmp_path_factory) -> tuple[Path, Path]:
    """Two JSON-lines files: a victim, and a document whose id is the victim's IRI slug."""
    root = tmp_path_factory.mktemp("forged")
    victim_id = "victim.txt"
    forged_id = document_iri(victim_id).rsplit("/", 1)[-1]
    first = root / "first.jsonl"
    second = root / "second.jsonl"
    first.write_text(json.dumps({"id": victim_id, "text": "Russia is arming Hezbollah."}) + "\n")
    second.write_text(json.dumps({"id": forged_id, "text": "Iran condemned Israel."}) + "\n")
    return first, second


def test_a_forged_id_is_a_second_document_in_one_build(forged_corpus, tmp_path):
    out = tmp_path / "out"
    result = _graphkit("build", *map(str, forged_corpus), "-o", str(out), "-w", "1", "--no-html")
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in (out / "statements.jsonl").read_text().splitlines()]
    assert len({row["doc"] for row in rows}) == 2
    graph = ox.Store()
    graph.load(path=str(out / "graph.ttl"), format=ox.RdfFormat.TURTLE)
    ids = {q.object.value for q in graph.quads_for_pattern(None, ox.NamedNode(str(DCTERMS.identifier)), None)}
    assert len(ids) == 2


def test_a_forged_id_replaces_nothing_in_a_store_build(forged_corpus, tmp_path):
    store, out = tmp_path / "store", tmp_path / "out"
    for source in forged_corpus:  # the victim first, then the forger, in two builds
        result = _graphkit(
            "build", str(source), "--store", str(store), "-o", str(out), "-w", "1", "--no-html"
        )
        assert result.returncode == 0, result.stderr
    assert len(_stored_ids(store)) == 2


# -- the same file name in two folders ------------------------------------------------------------
@pytest.fixture(scope="module")
def two_folders(tmp_path_factory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("folders")
    a, b = base / "srcA", base / "srcB"
    a.mkdir()
    b.mkdir()
    (a / "report.txt").write_text("Russia is arming Hezbollah.", encoding="utf-8")
    (b / "report.txt").write_text("Iran condemned Israel.", encoding="utf-8")
    return a, b


def test_the_same_file_name_in_two_folders_gives_two_documents(two_folders, tmp_path):
    docs = list(read_documents(two_folders))
    assert [d.id for d in docs] == ["srcA/report.txt", "srcB/report.txt"]
    out = tmp_path / "out"
    result = _graphkit("build", *map(str, two_folders), "-o", str(out), "-w", "1", "--no-html")
    assert result.returncode == 0, result.stderr  # no "duplicate" skip
    docs_seen = {json.loads(line)["doc"] for line in (out / "statements.jsonl").read_text().splitlines()}
    assert docs_seen == {"srcA/report.txt", "srcB/report.txt"}


def test_a_store_build_from_the_second_folder_keeps_the_first(two_folders, tmp_path):
    store, out = tmp_path / "store", tmp_path / "out"
    for folder in two_folders:
        result = _graphkit(
            "build", str(folder), "--store", str(store), "-o", str(out), "-w", "1", "--no-html"
        )
        assert result.returncode == 0, result.stderr
    assert _stored_ids(store) == ["srcA/report.txt", "srcB/report.txt"]


def test_two_input_folders_of_the_same_name_are_told_apart(tmp_path):
    a, b = tmp_path / "x" / "corpus", tmp_path / "y" / "corpus"
    for folder, text in ((a, "One."), (b, "Two.")):
        folder.mkdir(parents=True)
        (folder / "n.txt").write_text(text, encoding="utf-8")
    report = ReadReport()
    ids = [d.id for d in read_documents([a, b], report)]
    assert ids[0] == "corpus/n.txt" and ids[1].startswith("corpus~") and ids[1].endswith("/n.txt")
    assert report.problems == []
    assert [d.id for d in read_documents([a, b])] == ids  # the same ids on every run


def test_two_files_of_one_name_given_directly_are_two_documents(two_folders):
    report = ReadReport()
    docs = list(read_documents([f / "report.txt" for f in two_folders], report))
    assert len({d.id for d in docs}) == 2 and report.ok


@pytest.mark.skipif(os.uname().sysname == "Darwin", reason="macOS refuses file names that are not UTF-8")
def test_names_that_differ_in_an_undecodable_byte_are_two_documents(tmp_path):
    root = os.fsencode(tmp_path / "c")
    os.mkdir(root)
    for byte, text in ((b"\xe9", b"One."), (b"\xe8", b"Two.")):
        with open(os.path.join(root, b"caf" + byte + b".txt"), "wb") as f:
            f.write(text)
    report = ReadReport()
    assert sorted(d.id for d in read_documents([tmp_path / "c"], report)) == [
        "c/caf\\xe8.txt",
        "c/caf\\xe9.txt",
    ]
    assert report.ok


def test_a_link_to_a_file_inside_the_folder_is_read_once(tmp_path):
    root = tmp_path / "c"
    root.mkdir()
    (root / "real.txt").write_text("Russia is arming Hezbollah.", encoding="utf-8")
    os.symlink(root / "real.txt", root / "a-link.txt")  # sorted before the file it points to
    report = ReadReport()
    assert [d.id for d in read_documents([root], report)] == ["c/real.txt"]
    assert [(Path(p.where).name, p.skipped) for p in report.problems] == [("a-link.txt", False)]
    (root / "real.txt").unlink()
    (tmp_path / "elsewhere").mkdir()
    os.symlink(root / ".hidden.txt", root / "b-link.txt")  # a link to a file not read otherwise
    (root / ".hidden.txt").write_text("Iran condemned Israel.", encoding="utf-8")
    assert [d.id for d in read_documents([root], ReadReport())] == ["c/b-link.txt"]


# -- ids and fields from JSON lines -------------------------------------------------------------
def test_ids_that_are_not_strings_are_replaced_with_a_note(tmp_path):
    lines = [{"id": [1], "text": "One."}, {"id": {"a": 1}, "text": "Two."}, {"id": None, "text": "Three."}]
    lines.append({"id": "", "text": "Four."})
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps(row) + "\n" for row in lines), encoding="utf-8")
    report = ReadReport()
    assert [d.id for d in read_documents([path], report)] == [
        f"{tmp_path.name}/in.jsonl#{n}" for n in (1, 2, 3, 4)
    ]
    reasons = [p.reason for p in report.problems]
    assert [r.split(",")[0] for r in reasons] == [
        "'id' is list",
        "'id' is dict",
        "'id' is null",
        "'id' is empty",
    ]
    assert all("not a string" in r and "in.jsonl#" in r for r in reasons) and report.ok


def test_a_huge_id_and_title_are_cut_and_reported_and_the_outputs_stay_small(tmp_path):
    huge = "x" * 2_000_000
    rows = [
        {"id": huge + "1", "title": "t" * 100_000, "text": "Russia is arming Hezbollah. " * 20},
        {"id": huge + "2", "text": "Russia is arming Hezbollah."},
    ]
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    report = ReadReport()
    docs = list(read_documents([path], report))
    assert len(docs) == 2 and docs[0].id != docs[1].id  # cut, yet still two ids
    assert all(len(d.id) <= MAX_ID_CHARS + 17 for d in docs) and len(docs[0].title) == MAX_FIELD_CHARS
    assert [p.reason.split(" cut")[0] for p in report.problems] == ["id", "title", "id"]
    out = tmp_path / "out"
    result = _graphkit("build", str(path), "-o", str(out), "-w", "1", "--no-html")
    assert result.returncode == 0, result.stderr
    assert sum(f.stat().st_size for f in out.iterdir()) < 1_000_000  # 4 MB in; not 100 MB out
    assert any("id cut to" in r["reason"] for r in _report(out))


# -- the store refuses to replace another document ----------------------------------------------
def test_the_store_refuses_to_replace_a_document_held_under_another_id(tmp_path):
    kg = make_kg()
    doc_id = sorted(kg.documents)[0]
    graph = ox.NamedNode(document_iri(doc_id))
    store = open_store(tmp_path / "store")
    # what a store written with another IRI rule, or a hash collision, would hold
    store.add(ox.Quad(graph, ox.NamedNode(str(DCTERMS.identifier)), ox.Literal("someone-else"), graph))
    before = set(store.quads_for_pattern(None, None, None, graph))
    with pytest.raises(DocumentConflict, match="someone-else"):
        add_graph(store, kg)
    assert set(store.quads_for_pattern(None, None, None, graph)) == before
    refused: list[DocumentConflict] = []
    assert add_graph(store, kg, on_conflict=refused.append) == len(kg.documents) - 1
    assert len(refused) == 1 and "nothing was replaced" in str(refused[0])
    assert set(store.quads_for_pattern(None, None, None, graph)) == before


def test_a_store_open_in_another_process_is_a_one_line_error(tmp_path):
    store = open_store(tmp_path / "store")  # held by this process
    (tmp_path / "a.txt").write_text("Russia is arming Hezbollah.", encoding="utf-8")
    result = _graphkit(
        "build", str(tmp_path / "a.txt"), "--store", str(tmp_path / "store"), "-o", str(tmp_path / "o")
    )
    del store
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "open in another process" in result.stderr
