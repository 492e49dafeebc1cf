"""Partitions (graphkit.partitions): written as documents finish, read only when complete, and a build
over the same documents in ten partitions gives the outputs of one partition and of the in-memory
build (``pipeline.run`` + ``write_outputs``), byte for byte."""

from __future__ import annotations

import filecmp
import json
from pathlib import Path

import pytest

from graphkit.documents import ReadReport
from graphkit.outputs import write_outputs
from graphkit.partitions import (
    BuildTotals,
    PartitionError,
    PartitionWriter,
    finish_build,
    list_partitions,
    read_results,
    read_summary,
    result_from_json,
    result_to_json,
)
from graphkit.resolution import ActorResolver
from tests.partition_corpus import in_memory_build, resolved_results

FORMATS = ["ttl", "nq", "nt", "trig", "graphml", "gexf", "jsonld"]


def write_parts(folder: Path | str, n: int, parts: int, seed: int = 7) -> None:
    """``n`` synthetic documents cut into ``parts`` contiguous partitions (input order kept)."""
    items = list(resolved_results(n, ActorResolver(), seed))
    size = -(-n // parts)
    for k in range(parts):
        with PartitionWriter(folder, f"part-{k:03d}") as writer:
            for result, merges in items[k * size : (k + 1) * size]:
                writer.add(result, merges)


def same_files(a: Path, b: Path) -> list[str]:
    names = sorted(p.name for p in a.iterdir())
    assert names == sorted(p.name for p in b.iterdir())
    return [n for n in names if not filecmp.cmp(a / n, b / n, shallow=False)]


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> Path:
    """The in-memory build of 120 synthetic documents (cross-document merges of every kind)."""
    out = tmp_path_factory.mktemp("reference")
    kg, records = in_memory_build(120)
    write_outputs(kg, out, FORMATS, html=True, report=ReadReport(), actors=records)
    return out


def test_ten_partitions_give_the_outputs_of_one_and_of_the_in_memory_build(reference, tmp_path) -> None:
    kg, records = in_memory_build(120)
    whys = " | ".join(e["why"] for r in records for e in r.get("merged", []))
    # the corpus exercises every cross-document decision (so the partitions must agree on them)
    assert "defined in another document" in whys and "the one in the corpus" in whys
    assert "the same name as Karim Saleh" in whys
    for parts in (1, 10):
        write_parts(tmp_path / f"p{parts}", 120, parts)
        assert len(list_partitions(tmp_path / f"p{parts}")) == parts
        finish_build(tmp_path / f"p{parts}", tmp_path / f"out{parts}", formats=FORMATS)
        assert same_files(reference, tmp_path / f"out{parts}") == []
    assert (reference / "actors.jsonl").read_text(encoding="utf-8").count("\n") == len(records)
    lines = (reference / "statements.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(kg.statements) > 100


def test_a_partition_cut_short_is_never_read(tmp_path) -> None:
    items = list(resolved_results(20, ActorResolver()))
    with PartitionWriter(tmp_path, "good") as writer:
        for result, merges in items[:10]:
            writer.add(result, merges)
    with pytest.raises(RuntimeError), PartitionWriter(tmp_path, "killed") as writer:
        for result, merges in items[10:]:
            writer.add(result, merges)
        raise RuntimeError("the worker died")
    assert list_partitions(tmp_path) == ["good"]
    assert not list(tmp_path.glob("killed*")) and not list(tmp_path.glob(".*"))  # nothing half-written
    written = finish_build(tmp_path, tmp_path / "out", html=False)
    docs = {json.loads(line)["doc"] for line in (tmp_path / "out" / "statements.jsonl").open()}
    assert docs == {r.document.id for r, _ in items[:10] if r.statements}
    assert [p.name for p in written][0] == "graph.ttl"


def test_a_partition_written_again_replaces_the_old_one(tmp_path) -> None:
    items = list(resolved_results(6, ActorResolver()))
    for batch in (items[:3], items[3:]):
        with PartitionWriter(tmp_path, "p") as writer:
            for result, merges in batch:
                writer.add(result, merges)
    assert [r.document.id for r in read_results(tmp_path, "p")] == [r.document.id for r, _ in items[3:]]
    assert read_summary(tmp_path, "p")["documents"] == 3


def test_a_document_in_two_partitions_is_the_first_one_and_the_repeat_is_reported(tmp_path) -> None:
    (first, _), (second, _) = list(resolved_results(2, ActorResolver()))
    again = result_from_json(result_to_json(second))
    again.document = type(first.document)(first.document.id, title="the later version")
    for name, result in (("a", first), ("b", again)):
        with PartitionWriter(tmp_path, name, source="news-b.jsonl" if name == "b" else None) as writer:
            writer.add(result)
    totals = BuildTotals()
    finish_build(tmp_path, tmp_path / "out", formats=["nq"], html=False, totals=totals)
    text = (tmp_path / "out" / "graph.nq").read_text(encoding="utf-8")
    assert "the later version" not in text and first.document.id in text
    assert totals.report.documents == 1
    (problem,) = [json.loads(line) for line in (tmp_path / "out" / "report.jsonl").open()]
    # said where the documents came from: the partition's inputs when it names them, else its file
    assert problem["skipped"] and problem["where"] == "news-b.jsonl"
    assert "duplicate document id" in problem["reason"] and "a.results.jsonl, was kept" in problem["reason"]


def test_repeated_ids_across_partitions_give_the_outputs_without_the_repeats(reference, tmp_path) -> None:
    # other versions of some documents (other actors and statements) in later partitions, as two
    # inputs of a Dask run that give one id to two articles: the outputs are those of the first
    items = list(resolved_results(120, ActorResolver()))
    others = {r.document.id: (r, m) for r, m in resolved_results(120, ActorResolver(), seed=99)}
    repeats = [others[r.document.id] for r, _ in items[5:120:12]]
    parts = [items[k * 12 : (k + 1) * 12] for k in range(10)]
    for k in range(10):
        with PartitionWriter(tmp_path / "parts", f"part-{k:03d}") as writer:
            for result, merges in parts[k] + (repeats[: k // 2] if k else []):
                writer.add(result, merges)
    totals = BuildTotals()
    finish_build(tmp_path / "parts", tmp_path / "out", formats=FORMATS, totals=totals)
    assert [n for n in same_files(reference, tmp_path / "out") if n != "report.jsonl"] == []
    problems = [json.loads(line) for line in (tmp_path / "out" / "report.jsonl").open()]
    assert len(problems) == sum(k // 2 for k in range(1, 10)) and totals.report.documents == 120
    assert all("duplicate document id" in p["reason"] for p in problems)


def test_results_survive_json_with_any_string(tmp_path) -> None:
    items = list(resolved_results(30, ActorResolver()))
    hostile = items[0][0]
    hostile.document = type(hostile.document)(hostile.document.id, title="bad \udc80 surrogate \u2028 \x00")
    with PartitionWriter(tmp_path, "p") as writer:
        for result, merges in items:
            writer.add(result, merges)
    back = {r.document.id: r for r in read_results(tmp_path, "p")}
    assert all(back[r.document.id] == r for r, _ in items)
    assert list(back) == sorted(back)  # by document id


def test_partitions_in_any_fsspec_folder() -> None:
    fsspec = pytest.importorskip("fsspec")
    url = "memory://graphkit-test/run-1"
    write_parts(url, 20, 2)
    assert list_partitions(url) == ["part-000", "part-001"]
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        finish_build(url, tmp, html=False)
        assert Path(tmp, "statements.jsonl").stat().st_size > 0
    fsspec.filesystem("memory").rm("/graphkit-test", recursive=True)


def test_finish_build_says_what_is_wrong_with_the_folder(tmp_path) -> None:
    with pytest.raises(PartitionError, match="no complete partition"):
        finish_build(tmp_path / "missing", tmp_path / "out")
    write_parts(tmp_path / "p", 3, 1)
    summary = tmp_path / "p" / "part-000.summary.json"
    data = json.loads(summary.read_text())
    summary.write_text(json.dumps({**data, "format": 99}))
    with pytest.raises(PartitionError, match="format 99"):
        finish_build(tmp_path / "p", tmp_path / "out")
    with pytest.raises(ValueError, match="unknown format"):
        finish_build(tmp_path / "p", tmp_path / "out", formats=["html"])
    assert not (tmp_path / "out").exists()
    with pytest.raises(ValueError, match="partition name"):
        PartitionWriter(tmp_path, "../escape")


def test_a_partition_larger_than_one_sorted_run_keeps_every_result(reference, tmp_path, monkeypatch) -> None:
    # results past RESULT_RUN are spooled to disk in sorted runs and merged at close: cut the run
    # small so the 120 documents make many runs, and the outputs must still be the whole build's
    import graphkit.partitions as partitions

    monkeypatch.setattr(partitions, "RESULT_RUN", 7)
    spool = tmp_path / "spool"
    spool.mkdir()
    monkeypatch.setattr(partitions.tempfile, "tempdir", str(spool))
    write_parts(tmp_path / "parts", 120, 1)
    ids = [r.document.id for r in read_results(tmp_path / "parts", "part-000")]
    assert len(ids) == 120 and ids == sorted(ids)
    finish_build(tmp_path / "parts", tmp_path / "out", formats=FORMATS, html=True)
    assert same_files(reference, tmp_path / "out") == []
    assert list(spool.iterdir()) == []  # the runs are removed once merged


@pytest.mark.parametrize("unique", [False, True])
def test_rows_sorted_on_disk_come_back_exactly_as_they_were_added(tmp_path, unique) -> None:
    """The disk sort under every RDF file and the audit: rows spilled in runs of 3 and merged are
    the rows added, in order, tuples and lists as they were (a lone surrogate and floats too)."""
    from graphkit.partitions import _DiskSort, _sort_key

    rows = [
        ("b", 1, 0.1 + 0.2, ("literal", "caf\u00e9", None)),
        ("a", 0, "bad \udc80 byte", ("iri", "https://example.org/x", "")),
        ("c", 2, -1e-300, ("literal", "\U0010ffff", "xsd:string")),
        ("a", 0, "bad \udc80 byte", ("iri", "https://example.org/x", "")),
        ("b", 0, 7, ("literal", "", None)),
    ]
    if not unique:  # the audit's rows hold lists
        rows += [("d", 1, 5, [["name", "X"], ["why", "same"]]), ("d", 1, 4, [["name", "Y"]])]
    sort = _DiskSort(tmp_path, unique=unique, run=3)
    for row in rows:
        sort.add(row)
    assert len(sort.runs) == len(rows) // 3 and list(tmp_path.iterdir())  # spilled to disk
    expected = sorted(dict.fromkeys(rows)) if unique else sorted(rows, key=_sort_key)
    got = list(sort)
    assert got == expected
    assert [type(r[-1]) for r in got] == [type(r[-1]) for r in expected]
    assert list(sort) == got  # read again: the runs stay until the folder goes
