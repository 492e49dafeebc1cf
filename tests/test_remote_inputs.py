"""Inputs of a partitioned run: listed by name on the client, read by the worker exactly as locally.

However the inputs are cut into partitions (whole files grouped, JSON-lines files cut into byte
ranges), reading every partition gives the documents, ids and read problems of
:func:`graphkit.documents.read_documents` over the same inputs.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from graphkit.documents import ReadReport, read_documents
from graphkit.remote_inputs import (
    Piece,
    count_newlines,
    list_inputs,
    plan_partitions,
    read_partition,
)


def read_planned(inputs, partition_bytes: int) -> tuple[list, list, list]:
    """Read inputs as a partitioned run does: plan on the 'client', read each partition."""
    report = ReadReport()
    plan = plan_partitions(list_inputs(inputs, report), partition_bytes)
    docs = []
    for part in plan:
        lines_before = 0
        (first, *_rest) = part.pieces
        if first.end is not None:  # a block: the newlines of the blocks before it
            lines_before = sum(
                count_newlines(p.path, p.start, p.end)
                for q in plan
                for p in q.pieces
                if p.path == first.path and p.end is not None and p.block < first.block
            )
        docs.extend(read_partition(part, report, lines_before=lines_before))
    return docs, [(p.where, p.reason, p.skipped) for p in report.problems], plan


def read_locally(inputs) -> tuple[list, list]:
    report = ReadReport()
    docs = list(read_documents(inputs, report))
    return docs, [(p.where, p.reason, p.skipped) for p in report.problems]


LINES = st.one_of(
    st.builds(lambda t: json.dumps({"text": t}), st.text(min_size=1, max_size=40)),
    st.builds(
        lambda i, t: json.dumps({"id": i, "text": t}),
        st.sampled_from(["a", "b", "c", "d"]),
        st.text(min_size=1, max_size=60),
    ),
    st.sampled_from(["", "   ", "not json", "[1, 2]", '{"text": ""}', '{"id": null, "text": "x"}']),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=st.lists(LINES, max_size=30), block=st.integers(1, 200), trailing=st.booleans())
@example(lines=["", '{"text": "0"}'], block=1, trailing=False)  # a blank first block: no empty file
@example(lines=["", "   ", ""], block=1, trailing=True)  # every block blank: one empty file
def test_byte_range_blocks_read_the_lines_a_local_run_reads(tmp_path_factory, lines, block, trailing):
    folder = tmp_path_factory.mktemp("in")
    path = folder / "big.jsonl"
    path.write_text("\n".join(lines) + ("\n" if trailing else ""), encoding="utf-8")
    local_docs, local_problems = read_locally([path])
    docs, problems, plan = read_planned([path], block)
    # the ids (FILE#LINE for lines without one), texts and where every problem was found agree;
    # a file cut into blocks reports an id repeated across blocks at finish_build, not here
    seen, deduped = set(), []
    for doc in docs:
        if doc.id not in seen:
            seen.add(doc.id)
            deduped.append(doc)
    assert [(d.id, d.text) for d in deduped] == [(d.id, d.text) for d in local_docs]
    assert [p for p in problems if "duplicate" not in p[1]] == [
        p for p in local_problems if "duplicate" not in p[1]
    ]
    if path.stat().st_size > block:
        assert len(plan) > 1


def test_a_large_jsonl_file_spreads_over_partitions_with_local_ids(tmp_path):
    rows = [{"text": f"Russia is arming Hezbollah, report {k}."} for k in range(200)]
    rows[37]["id"] = "named"
    (tmp_path / "news").mkdir()
    big = tmp_path / "news" / "wire.jsonl"
    big.write_text("".join(json.dumps(r) + "\n" for r in rows) + "{oops\n", encoding="utf-8")
    (tmp_path / "news" / "a.txt").write_text("Talks\n\nThey met in Geneva.", encoding="utf-8")
    docs, problems, plan = read_planned([tmp_path / "news"], 1500)
    local_docs, local_problems = read_locally([tmp_path / "news"])
    assert len(plan) > 5
    assert [(d.id, d.text) for d in docs] == [(d.id, d.text) for d in local_docs]
    # a.txt first (sorted), then the lines: the 38th is named, the 39th has its line number
    assert docs[38].id == "named" and docs[39].id == "news/wire.jsonl#39"
    assert problems == [
        (
            str(big) + ":201",
            "malformed JSON: Expecting property name enclosed in double quotes (column 2)",
            True,
        )
    ]
    assert [where.rsplit("/", 1)[1] for where, *_ in local_problems] == ["wire.jsonl:201"]


def test_ids_of_folders_files_and_globs_are_those_of_a_local_run(tmp_path, monkeypatch):
    for rel in ("news/a.txt", "news/sub/b.md", "news/.hidden.txt", "other/news/c.txt", "x/d.jsonl"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text('{"text": "Iran warned Israel."}' if rel.endswith("l") else "Hi.")
    monkeypatch.chdir(tmp_path)
    inputs = ["news", "other/news", "x/d.jsonl", "news/a.txt"]
    report = ReadReport()
    pieces = list_inputs(inputs, report)
    local = [d.id for d in read_documents(inputs)]
    whole = [p.doc_id for p in pieces if not p.doc_id.endswith(".jsonl")]
    assert whole == [i for i in local if not i.startswith("x/")]
    assert [p.doc_id for p in pieces if p.doc_id.endswith(".jsonl")] == ["x/d.jsonl"]
    assert all(Path(p.path).is_absolute() for p in pieces)  # workers have another working folder
    assert [p.reason.split(" (")[0] for p in report.problems] == ["duplicate document id 'news/a.txt'"]
    # a quoted glob stands for the files it matches, each given alone (as the shell expands it)
    globbed = [p.doc_id for p in list_inputs(["news/**/*.txt", "nothing/*.txt"], report)]
    assert globbed == ["news/a.txt"]
    assert report.problems[-1].reason == "no file matches this pattern"
    with pytest.raises(ValueError, match="standard input"):
        list_inputs(["-"], ReadReport())


def test_fsspec_urls_are_listed_and_read_like_paths(tmp_path):
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "a.txt").write_text("Talks\n\nIran warned Israel.", encoding="utf-8")
    (tmp_path / "news" / "b.jsonl").write_text(
        "".join(json.dumps({"text": f"Line {k}."}) + "\n" for k in range(50)), encoding="utf-8"
    )
    report = ReadReport()
    pieces = list_inputs([f"file://{tmp_path}/news"], report)
    assert [p.doc_id for p in pieces] == ["news/a.txt", "news/b.jsonl"]
    assert all(p.path.startswith("file://") for p in pieces)
    docs = [d for part in plan_partitions(pieces, 1 << 20) for d in read_partition(part, report)]
    assert [(d.id, d.title, d.text) for d in docs] == [
        (d.id, d.title, d.text) for d in read_documents([tmp_path / "news"])
    ]
    assert [p.doc_id for p in list_inputs([f"file://{tmp_path}/news/*.txt"], report)] == ["news/a.txt"]


def test_partitions_keep_input_order_and_whole_documents():
    pieces = [Piece(f"/in/{k}.txt", f"in/{k}.txt", 30) for k in range(7)]
    plan = plan_partitions(pieces, 100)
    assert [p.doc_id for part in plan for p in part.pieces] == [p.doc_id for p in pieces]
    assert [len(part.pieces) for part in plan] == [4, 3]
    assert [part.name for part in plan] == sorted(part.name for part in plan)
    # a text file larger than a partition is one document: never cut
    assert plan_partitions([Piece("/in/long.txt", "in/long.txt", 500)], 100)[0].pieces[0].end is None
