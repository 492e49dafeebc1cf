"""Reading inputs: every kind of bad file is reported (never raised), memory stays bounded."""

from __future__ import annotations

import io
import json
import os
import tracemalloc
from pathlib import Path

import pytest

from graphkit.documents import (
    DEFAULT_MAX_CHARS,
    SUPPORTED_SUFFIXES,
    Document,
    ReadReport,
    count_documents,
    html_to_text,
    read_documents,
)


def _read(*inputs, **kwargs) -> tuple[list[Document], ReadReport]:
    report = ReadReport()
    docs = list(read_documents([str(i) for i in inputs], report, **kwargs))
    return docs, report


def _reasons(report: ReadReport) -> dict[str, str]:
    return {p.where: p.reason for p in report.problems}


# -- plain files ----------------------------------------------------------------------------------
def test_text_and_markdown_files_give_one_document_titled_by_the_first_line(tmp_path):
    (tmp_path / "a.txt").write_text("\n\nRussia arms Hezbollah\n\nMoscow sent rockets.\n", encoding="utf-8")
    (tmp_path / "b.md").write_text("# Alliance news\r\nFrance and Germany sign a pact.\r\n", encoding="utf-8")
    docs, report = _read(tmp_path)
    assert [d.id for d in docs] == [f"{tmp_path.name}/a.txt", f"{tmp_path.name}/b.md"]
    assert docs[0].title == "Russia arms Hezbollah"
    assert docs[1].title == "Alliance news"
    assert "\r" not in docs[1].text
    assert report.ok and report.problems == [] and report.documents == 2


def test_examples_folder_reads_every_article(examples_dir):
    docs, report = _read(examples_dir)
    assert len(docs) >= 6 and len(docs) == count_documents([examples_dir])
    assert report.ok
    others = {
        p.name for p in examples_dir.iterdir() if p.suffix not in SUPPORTED_SUFFIXES and p.name[0] != "."
    }
    assert {Path(p.where).name for p in report.problems} == others  # noted as ignored, not skipped


def test_binary_files_are_skipped_with_a_reason(tmp_path):
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    (tmp_path / "noise.md").write_bytes(bytes((i * 7919 + 13) % 256 or 1 for i in range(4000)))
    (tmp_path / "good.txt").write_text("Iran condemned Israel.", encoding="utf-8")
    docs, report = _read(tmp_path)
    assert [d.id for d in docs] == [f"{tmp_path.name}/good.txt"]
    reasons = _reasons(report)
    assert "binary" in reasons[str(tmp_path / "image.txt")]
    assert "binary" in reasons[str(tmp_path / "noise.md")]
    assert len(report.skipped) == 2


def test_invalid_utf8_is_decoded_with_replacement_and_reported_not_skipped(tmp_path):
    (tmp_path / "latin1.txt").write_bytes("Café in Paris: France condemned Iran.".encode("latin-1"))
    docs, report = _read(tmp_path)
    assert len(docs) == 1 and "Caf\ufffd in Paris" in docs[0].text
    assert report.ok  # repaired, so the run is not marked as having skipped anything
    (problem,) = report.problems
    assert not problem.skipped and "invalid UTF-8 at byte 3" in problem.reason


def test_utf8_bom_and_utf16_files_are_decoded(tmp_path):
    (tmp_path / "bom.txt").write_bytes("\ufeffRussia arms Syria.".encode())
    (tmp_path / "wide.txt").write_bytes("Russia arms Syria.".encode("utf-16"))
    docs, report = _read(tmp_path)
    assert [d.text for d in docs] == ["Russia arms Syria.", "Russia arms Syria."]
    assert report.ok


def test_empty_and_blank_files_are_skipped(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.md").write_text(" \n\t\n  ", encoding="utf-8")
    (tmp_path / "empty.jsonl").write_bytes(b"")
    (tmp_path / "blank.jsonl").write_text("\n\n   \n", encoding="utf-8")
    (tmp_path / "empty.html").write_text("<html><script>x()</script></html>", encoding="utf-8")
    docs, report = _read(tmp_path)
    assert docs == []
    assert sorted(Path(p.where).name for p in report.skipped) == [
        "blank.jsonl",
        "blank.md",
        "empty.html",
        "empty.jsonl",
        "empty.txt",
    ]


def test_control_characters_are_blanked_and_lone_surrogates_replaced(tmp_path):
    (tmp_path / "c.txt").write_text("Iran\x00 condemned\x1b Israel\x7f.\tOK\n", encoding="utf-8")
    (tmp_path / "d.txt").write_text("\u200fIran\u200f condemned \u202eIsrael\u202c.\u200d", encoding="utf-8")
    docs, _ = _read(tmp_path)
    assert docs[0].text == "Iran  condemned  Israel .\tOK\n"
    # invisible direction marks would hide names from the extractor: blanked, offsets kept
    assert docs[1].text == " Iran  condemned  Israel .\u200d"
    doc = Document("d\ud800", "a\udfffb", title="t\ud83d")
    assert (doc.id, doc.text, doc.title) == ("d\ufffd", "a\ufffdb", "t\ufffd")
    doc.text.encode("utf-8")


# -- HTML ---------------------------------------------------------------------------------------
def test_html_keeps_visible_text_only():
    markup = """<!doctype html><html><head><title>Strike &amp; counter-strike</title>
    <meta charset="utf-8"><style>p { color: red }</style>
    <script>document.write("hidden")</script></head>
    <body><nav><p>Israel struck Gaza.</p></nav><noscript>enable JS</noscript>
    <template><p>template text</p></template><svg><text>svg text</text></svg>
    <p>Hamas &lt;fired&gt; rockets&nbsp;at Israel.</p><br/><p>Second</p></body></html>"""
    title, text = html_to_text(markup)
    assert title == "Strike & counter-strike"
    assert "Israel struck Gaza." in text and "Hamas <fired> rockets\xa0at Israel." in text
    for hidden in ("document.write", "color: red", "enable JS", "template text", "svg text"):
        assert hidden not in text


def test_html_without_closing_head_or_with_an_unclosed_script_keeps_the_body():
    title, text = html_to_text("<html><head><title>T</title><body><p>Russia arms Syria.</p>")
    assert (title, text) == ("T", "Russia arms Syria.")
    _, text = html_to_text("<p>Visible.</p><script>var s = '</p><p>not visible';")
    assert text == "Visible."
    _, text = html_to_text("<p>A</p><script/><p>B</p>")
    assert text.split() == ["A", "B"]


def test_html_files_are_read_as_visible_text(tmp_path):
    (tmp_path / "page.html").write_text(
        "<title>Accusation</title><script>alert(1)</script><p>Iran accused Israel.</p>", encoding="utf-8"
    )
    docs, report = _read(tmp_path)
    assert docs == [Document(f"{tmp_path.name}/page.html", "Iran accused Israel.", title="Accusation")]
    assert report.ok


# -- JSON lines ---------------------------------------------------------------------------------
def test_malformed_json_lines_are_reported_with_file_and_line_and_the_rest_read(tmp_path):
    lines = [
        json.dumps({"id": "a", "text": "Russia arms Syria.", "title": "T", "date": "2024-01-01"}),
        "{not json",
        "",
        json.dumps(["a", "list"]),
        json.dumps({"id": "no-text"}),
        json.dumps({"id": "bad-text", "text": 42}),
        json.dumps({"text": "Iran condemned Israel."}),
        '{"id": "trunc", "text": "cut',
        json.dumps({"id": 7, "text": "Numeric id.", "title": {"nested": 1}, "url": "http://x/\nnl"}),
    ]
    path = tmp_path / "news.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    docs, report = _read(path)
    assert [d.id for d in docs] == ["a", f"{tmp_path.name}/news.jsonl#7", "7"]
    assert docs[0].title == "T" and docs[0].date == "2024-01-01"
    assert docs[2].title is None and docs[2].url == "http://x/ nl"
    reasons = _reasons(report)
    assert set(reasons) == {f"{path}:{n}" for n in (2, 4, 5, 6, 8)}
    assert reasons[f"{path}:2"].startswith("malformed JSON")
    assert reasons[f"{path}:8"].startswith("malformed JSON")
    assert "object" in reasons[f"{path}:4"]
    assert "text" in reasons[f"{path}:5"] and "text" in reasons[f"{path}:6"]


def test_json_lines_with_escaped_surrogates_and_controls_are_cleaned(tmp_path):
    row = '{"id": "x\\ud800", "text": "Iran\\u0000 said \\udfff no.", "title": "a\\nb\\u2028c"}\n'
    (tmp_path / "s.jsonl").write_text(row, encoding="utf-8")
    (doc,), report = _read(tmp_path)
    assert doc == Document("x\ufffd", "Iran  said \ufffd no.", title="a b c")
    assert report.ok


def test_invalid_utf8_inside_a_json_line_is_repaired_and_reported(tmp_path):
    path = tmp_path / "l.jsonl"
    path.write_bytes(b'{"id": "a", "text": "Caf\xe9 talks."}\n{"id": "b", "text": "fine"}\n')
    docs, report = _read(path)
    assert [d.text for d in docs] == ["Caf\ufffd talks.", "fine"]
    assert report.ok and [p.where for p in report.problems] == [f"{path}:1"]


def test_binary_jsonl_is_skipped_as_a_whole(tmp_path):
    path = tmp_path / "blob.jsonl"
    path.write_bytes(b"\x1f\x8b\x08\x00" + bytes(range(256)) * 100)
    docs, report = _read(path)
    assert docs == [] and [p.where for p in report.skipped] == [str(path)]
    assert "binary" in report.skipped[0].reason


# -- duplicates ---------------------------------------------------------------------------------
def test_duplicate_ids_keep_the_first_and_report_the_others_with_where_they_were(tmp_path):
    rows = [
        {"id": "same", "text": "First."},
        {"id": "other", "text": "Other."},
        {"id": "same", "text": "Second."},
    ]
    (tmp_path / "a.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    (tmp_path / "b.jsonl").write_text(json.dumps({"id": "other", "text": "Again."}) + "\n", encoding="utf-8")
    docs, report = _read(tmp_path, tmp_path / "a.jsonl")
    assert [(d.id, d.text) for d in docs] == [("same", "First."), ("other", "Other.")]
    wheres = [p.where for p in report.skipped]
    assert wheres == [
        f"{tmp_path}/a.jsonl:3",
        f"{tmp_path}/b.jsonl:1",
        f"{tmp_path}/a.jsonl:1",
        f"{tmp_path}/a.jsonl:2",
        f"{tmp_path}/a.jsonl:3",
    ]
    assert all("duplicate document id" in p.reason for p in report.skipped)
    assert f"{tmp_path}/a.jsonl:1" in report.skipped[0].reason


# -- size limits --------------------------------------------------------------------------------
def test_a_50_mb_document_is_refused_without_reading_it(tmp_path):
    big = tmp_path / "big.txt"
    with open(big, "wb") as f:
        line = b"Russia arms Syria. " * 50 + b"\n"
        for _ in range(50 * 1024 * 1024 // len(line) + 1):
            f.write(line)
    assert big.stat().st_size > 50 * 1024 * 1024
    (tmp_path / "small.txt").write_text("Iran condemned Israel.", encoding="utf-8")
    tracemalloc.start()
    try:
        docs, report = _read(tmp_path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert [d.id for d in docs] == [f"{tmp_path.name}/small.txt"]
    (problem,) = report.skipped
    assert problem.where == str(big)
    assert "too large" in problem.reason and f"{DEFAULT_MAX_CHARS:,} characters" in problem.reason
    assert peak < 2 * 1024 * 1024, peak


def test_a_file_over_the_character_limit_is_refused_after_reading_at_most_4x_the_limit(tmp_path):
    path = tmp_path / "long.txt"
    path.write_text("a" * 3000, encoding="utf-8")
    docs, report = _read(path, max_chars=1000)
    assert docs == [] and "3,000 characters" in report.skipped[0].reason
    path.write_text("a" * 5000, encoding="utf-8")
    docs, report = _read(path, max_chars=1000)
    assert docs == [] and "5,000 bytes" in report.skipped[0].reason
    path.write_text("é" * 1000, encoding="utf-8")  # 2,000 bytes, 1,000 characters: within the limit
    docs, report = _read(path, max_chars=1000)
    assert len(docs[0].text) == 1000 and report.ok


def test_an_over_long_json_line_is_skipped_in_bounded_memory_and_the_next_lines_read(tmp_path):
    path = tmp_path / "big.jsonl"
    with open(path, "w", encoding="utf-8") as f:
        f.write(json.dumps({"id": "a", "text": "First."}) + "\n")
        f.write('{"id": "huge", "text": "' + "x" * (16 * 1024 * 1024) + '"}\n')
        f.write(json.dumps({"id": "c", "text": "a" * 1500}) + "\n")
        f.write(json.dumps({"id": "d", "text": "Last."}) + "\n")
    tracemalloc.start()
    try:
        docs, report = _read(path, max_chars=1000)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert [d.id for d in docs] == ["a", "d"]
    reasons = _reasons(report)
    assert "line too large" in reasons[f"{path}:2"]
    assert "'c' too large (1,500 characters" in reasons[f"{path}:3"]
    assert peak < 2 * 1024 * 1024, peak  # far less than the line


def test_count_documents_matches_what_is_read_and_survives_a_huge_line(tmp_path):
    (tmp_path / "a.jsonl").write_text('{"text": "a"}\n\n{"text": "b"}\n{"text": "c"}', encoding="utf-8")
    (tmp_path / "b.txt").write_text("B.", encoding="utf-8")
    assert count_documents([tmp_path]) == len(_read(tmp_path)[0]) == 4
    (tmp_path / "c.jsonl").write_bytes(b"x" * (3 * 1024 * 1024))  # one line, no newline
    assert count_documents([tmp_path]) == 5
    assert count_documents(["-"]) is None


# -- folders and links --------------------------------------------------------------------------
def test_links_out_of_the_folder_are_never_followed(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("Secret text.", encoding="utf-8")
    root = tmp_path / "corpus"
    (root / "sub").mkdir(parents=True)
    (root / "sub" / "real.txt").write_text("Russia arms Syria.", encoding="utf-8")
    os.symlink(outside / "secret.txt", root / "leak.txt")
    os.symlink(outside, root / "leakdir")
    os.symlink("../../outside/secret.txt", root / "sub" / "relative.txt")
    os.symlink(root / "sub" / "real.txt", root / "inside.txt")
    os.symlink(root / "missing.txt", root / "broken.txt")
    os.symlink(root / "loop.txt", root / "loop.txt")
    docs, report = _read(root)
    # the link inside the folder points to a file read already: read once, under its own path
    assert [d.id for d in docs] == ["corpus/sub/real.txt"]
    assert "read once" in _reasons(report)[str(root / "inside.txt")]
    assert all("Secret" not in d.text for d in docs)
    reasons = _reasons(report)
    for name in ("leak.txt", "leakdir", "sub/relative.txt", "loop.txt"):
        assert "outside the input folder" in reasons[str(root / name)], name
    assert "cannot read" in reasons[str(root / "broken.txt")]


def test_fifos_and_unsupported_files_do_not_block_or_fail_the_run(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    (tmp_path / "README").write_text("About this folder.", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("hidden", encoding="utf-8")
    (tmp_path / "ok.txt").write_text("Iran condemned Israel.", encoding="utf-8")
    docs, report = _read(tmp_path)
    assert [d.id for d in docs] == [f"{tmp_path.name}/ok.txt"]
    reasons = _reasons(report)
    assert "not a regular file" in reasons[str(tmp_path / "pipe.txt")]
    assert "not a supported file type" in reasons[str(tmp_path / "photo.jpg")]
    assert "not a supported file type" in reasons[str(tmp_path / "README")]
    assert [p.where for p in report.skipped] == [str(tmp_path / "pipe.txt")]


@pytest.mark.skipif(os.uname().sysname == "Darwin", reason="macOS refuses file names that are not UTF-8")
def test_undecodable_file_names_give_utf8_ids_and_reports(tmp_path):
    root = os.fsencode(tmp_path)
    with open(os.path.join(root, b"caf\xe9.txt"), "wb") as f:
        f.write(b"France condemned Iran.")
    with open(os.path.join(root, b"bin\xff.txt"), "wb") as f:
        f.write(b"\x00\x01")
    docs, report = _read(tmp_path)
    assert [d.id for d in docs] == [f"{tmp_path.name}/caf\\xe9.txt"]
    for p in report.problems:
        json.dumps(p.to_json(), ensure_ascii=False).encode("utf-8")


def test_missing_inputs_are_reported(tmp_path):
    docs, report = _read(tmp_path / "nope")
    assert docs == [] and "no such file" in report.skipped[0].reason


# -- standard input -----------------------------------------------------------------------------
def test_stdin_json_lines_text_and_bytes():
    docs, report = _read("-", stdin=io.StringIO('{"id": "a", "text": "One."}\n{oops\n{"text": "Two."}\n'))
    assert [d.id for d in docs] == ["a", "stdin#3"]
    assert [p.where for p in report.skipped] == ["<stdin>:2"]
    docs, report = _read("-", stdin=io.BytesIO(b"\xef\xbb\xbfRussia arms \xff Syria.\n"))
    assert docs == [Document("stdin", "Russia arms \ufffd Syria.\n", title="Russia arms \ufffd Syria.")]
    assert report.ok and "invalid UTF-8" in report.problems[0].reason
    docs, report = _read("-", stdin=io.StringIO(""))
    assert docs == [] and not report.ok


def test_stdin_is_read_in_bounded_memory():
    data = io.BytesIO(b"x" * (16 * 1024 * 1024))
    tracemalloc.start()
    try:
        docs, report = _read("-", stdin=data, max_chars=1000)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert docs == [] and "too large" in report.skipped[0].reason
    assert peak < 1024 * 1024, peak  # far less than the input
