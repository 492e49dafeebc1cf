"""Fuzzing the document reader and the extractor with hypothesis: hostile input never raises."""

from __future__ import annotations

import html
import json
import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from graphkit.documents import Document, ReadReport, html_to_text, read_documents
from graphkit.extraction import split_text
from graphkit.text import clean_text

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

#: Pieces of text that have broken naive pipelines: markup, quotes, escapes, bidi controls, emoji,
#: combining marks, surrogate halves, and actor names the gazetteer knows.
HOSTILE = [
    "Russia",
    "Iran",
    "Hezbollah",
    "the United States",
    "NATO",
    "Mr. Putin",
    "said",
    "condemned",
    "arms",
    "attacked",
    "did not",
    "\u200f",
    "\u202e",
    "\u2066",
    "\u200b",
    "\ufeff",
    "\u2028",
    "🇺🇦",
    "💣",
    "👩‍👩‍👧",
    "e\u0301",
    '"',
    "'",
    "\\",
    "<",
    ">",
    "&amp;",
    "</script>",
    "<img src=x onerror=alert(1)>",
    "\n",
    "\n\n",
    "\r\n",
    "\t",
    "\x00",
    "\x1b[31m",
    "\x7f",
    "\ud800",
    "العربية",
    "Ελλάδα",
    "中国",
    "ـ",
    ".",
    "!",
    ",",
    "'s",
    "A" * 10_000,
    "Hez" + "b" * 10_000 + "ollah",
]

#: One hostile piece (by index, so that failure reports do not print the 10,000-character names).
hostile_piece = st.integers(0, len(HOSTILE) - 1).map(HOSTILE.__getitem__)
hostile_text = st.one_of(
    st.text(max_size=300),
    st.lists(hostile_piece, max_size=50).map(" ".join),
    st.lists(st.one_of(hostile_piece, st.text(max_size=8)), max_size=40).map("".join),
)


def _check_document(doc: Document) -> None:
    """What every document the reader yields must satisfy, whatever the input."""
    assert doc.text.strip()
    for value in (doc.id, doc.text, doc.title, doc.date, doc.url, doc.source):
        if value is not None:
            value.encode("utf-8")  # no lone surrogates: every writer downstream can encode it
    assert not re.search(
        r"[\x00-\x08\x0b-\x1f\x7f\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]", doc.text
    )
    for value in (doc.title, doc.date, doc.url, doc.source):
        assert value is None or not re.search(r"[\x00-\x1f\x7f\u202e]", value)


def _read_files(files: dict[str, bytes]) -> tuple[list[Document], ReadReport]:
    with tempfile.TemporaryDirectory() as folder:
        for name, data in files.items():
            Path(folder, name).write_bytes(data)
        report = ReadReport()
        docs = list(read_documents([folder], report))
    return docs, report


# -- the reader ---------------------------------------------------------------------------------
@FUZZ
@given(
    st.dictionaries(
        st.sampled_from(["a.txt", "b.md", "c.html", "d.jsonl", "e.htm", "f.ndjson"]),
        st.one_of(
            st.binary(max_size=2000),
            hostile_text.map(lambda t: t.encode("utf-8", "surrogatepass")),
            hostile_text.map(lambda t: t.encode("utf-16", "surrogatepass")),
        ),
        max_size=6,
    )
)
def test_reader_never_raises_on_arbitrary_bytes(files):
    docs, report = _read_files(files)
    for doc in docs:
        _check_document(doc)
    assert len({d.id for d in docs}) == len(docs)
    assert report.documents == len(docs)
    for problem in report.problems:
        json.dumps(problem.to_json(), ensure_ascii=False).encode("utf-8")
    # every text or HTML file either gave its document or is named in the report
    ids = {d.id.split("/", 1)[-1] for d in docs}  # ids are ROOT/NAME
    reported = {Path(p.where).name for p in report.problems}
    for name in files:
        if not name.endswith(("jsonl", "ndjson")):
            assert name in ids or name in reported, name


json_value = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | hostile_text,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=6,
)
good_row = st.fixed_dictionaries(
    {"text": hostile_text.filter(lambda t: t.strip())},
    optional={
        "id": hostile_text,
        "title": json_value,
        "date": json_value,
        "url": json_value,
        "source": json_value,
    },
)
json_line = st.one_of(
    good_row.map(lambda r: ("row", r)),
    json_value.map(lambda v: ("value", v)),
    st.text(max_size=60).map(lambda t: ("raw", t)),
)


@FUZZ
@given(st.lists(json_line, max_size=25))
@example(lines=[("raw", "\xa0")])  # a line of a no-break space is blank, not malformed JSON
def test_reader_reports_each_bad_json_line_by_number_and_reads_the_rest(lines):
    rendered = []
    for kind, value in lines:
        if kind == "raw":
            rendered.append(value.replace("\n", " ").replace("\r", " "))
        else:
            rendered.append(json.dumps(value, ensure_ascii=bool(len(rendered) % 2)))
    data = "\n".join(rendered).encode("utf-8", "surrogatepass")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "news.jsonl")
        path.write_bytes(data)
        report = ReadReport()
        docs = list(read_documents([path], report))
    for doc in docs:
        _check_document(doc)
    if any(p.where == str(path) for p in report.skipped):  # refused whole (binary, empty)
        assert docs == []
        return
    skipped = {int(p.where.rsplit(":", 1)[1]) for p in report.skipped}
    nonblank = [n for n, line in enumerate(rendered, 1) if line.strip()]
    assert skipped <= set(nonblank)
    assert len(docs) == len(nonblank) - len(skipped)
    for n, (kind, value) in enumerate(lines, 1):
        if kind == "value" and not isinstance(value, dict):
            assert n in skipped, rendered[n - 1]
        if kind == "row" and clean_text(value["text"]).strip():
            duplicate = any(p.where == f"{path}:{n}" and "duplicate" in p.reason for p in report.skipped)
            assert n not in skipped or duplicate, (rendered[n - 1], report.problems)


HIDDEN_TAGS = ["script", "style", "template", "noscript", "svg"]
VISIBLE_TAGS = ["p", "div", "span", "b", "li", "h2", "article"]
SECRET = "SECRET"

words = st.text(
    alphabet=st.characters(categories=["L", "N"], exclude_characters=SECRET), min_size=1, max_size=8
)
element = st.recursive(
    words.map(lambda w: ("text", w)),
    lambda children: st.tuples(st.sampled_from(VISIBLE_TAGS + HIDDEN_TAGS), st.lists(children, max_size=4)),
    max_leaves=12,
)


def _render(node, hidden: bool = False) -> tuple[str, list[str]]:
    """Return (markup, the words a reader should see) of a generated element tree."""
    if node[0] == "text":
        word = SECRET if hidden else node[1]
        return html.escape(word), ([] if hidden else [node[1]])
    tag, children = node
    inner_hidden = hidden or tag in HIDDEN_TAGS
    parts = [_render(c, inner_hidden) for c in children]
    if tag in ("script", "style"):  # raw text elements: no markup inside
        body = " ".join(SECRET for _ in parts)
        return f"<{tag}>{body}</{tag}>", []
    return f"<{tag}>" + " ".join(p[0] for p in parts) + f"</{tag}>", [w for p in parts for w in p[1]]


@FUZZ
@given(st.lists(element, max_size=6))
def test_html_reader_shows_exactly_the_visible_text(nodes):
    rendered = [_render(n) for n in nodes]
    markup = "<html><head><title>t</title></head><body>" + " ".join(r[0] for r in rendered) + "</body></html>"
    _, text = html_to_text(markup)
    assert SECRET not in text
    assert text.split() == [w for r in rendered for w in r[1] for w in w.split()]


MARKUP = [
    "<p>",
    "</p>",
    "<script>",
    "</script>",
    "<!--",
    "-->",
    "<![CDATA[",
    "<title>",
    "<style",
    "&#0;",
    "&#xd800;",
    "&",
    "<a href='",
    "<!doctype",
    "<svg>",
    "</head>",
    "<body>",
    "<br/>",
    "<script/>",
]


@FUZZ
@given(st.lists(st.sampled_from(MARKUP) | hostile_piece, max_size=40).map("".join))
def test_html_reader_never_raises_on_broken_markup(markup):
    title, text = html_to_text(markup)
    assert isinstance(text, str) and (title is None or isinstance(title, str))


@FUZZ
@given(hostile_text, st.integers(min_value=20, max_value=400))
def test_split_text_pieces_cover_the_text_in_order(text, size):
    pieces = split_text(text, size)
    assert "".join(p for _, p in pieces) == text
    for offset, piece in pieces:
        assert text[offset : offset + len(piece)] == piece
        assert len(piece) <= size


# -- the extractor ------------------------------------------------------------------------------
def _check_result(doc: Document, result) -> None:
    text = doc.text
    assert result.document.id == doc.id and result.document.length == len(text)
    for m in result.mentions:
        assert 0 <= m.start <= m.end <= len(text)
        assert text[m.start : m.end] == m.text
        assert m.actor in result.actors
    for s in result.statements:
        assert text[s.evidence.start : s.evidence.end] == s.evidence.text
        for m in (s.subject_mention, s.object_mention):
            assert text[m.start : m.end] == m.text
        assert s.subject in result.actors and s.object in result.actors
        if s.attributed_to:
            assert s.attributed_to in result.actors


@pytest.mark.slow
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(hostile_text, min_size=1, max_size=4))
def test_extractor_never_raises_and_offsets_point_into_the_text(extractor, texts):
    docs = [Document(f"d{k}", t) for k, t in enumerate(texts)]
    results = list(extractor.extract(docs))
    assert [r.document.id for r in results] == [d.id for d in docs]
    for doc, result in zip(docs, results, strict=True):
        _check_result(doc, result)


@pytest.mark.slow
def test_extractor_handles_long_names_and_documents_cut_in_pieces(extractor, monkeypatch):
    import graphkit.extraction.extractor as extraction  # where the Extractor looks split_text up

    name = "Hez" + "b" * 10_000 + "ollah"
    paragraph = (
        f"Russia is supplying {name} with rockets, officials said.\n\n"
        "Iran condemned Israel \u200f for the air strikes 🇺🇦.\n\n"
        "The United States did not arm the rebels.\n\n"
    )
    text = paragraph * 6
    real_split = extraction.split_text
    monkeypatch.setattr(extraction, "split_text", lambda t, max_chars=0: real_split(t, 2_000))
    assert len(real_split(text, 2_000)) > 3
    doc = Document("long", text)
    (result,) = extractor.extract([doc])
    _check_result(doc, result)
    later = [m for m in result.mentions if m.start > len(text) // 2]
    assert later, "mentions in later pieces must be found, with offsets into the whole document"
    assert {m.text for m in later} >= {"Iran", "Israel"}
