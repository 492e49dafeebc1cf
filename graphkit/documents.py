"""Reading input documents: files, folders and standard input, lazily, one document at a time.

Supported: ``.txt`` and ``.md`` (the first non-empty line is the title), ``.jsonl`` (one document a
line: ``id``, ``text`` and optionally ``title``, ``date``, ``url``, ``source``) and ``.html``/``.htm``
(visible text only). Nothing here raises on a bad input: problems are recorded in a
:class:`ReadReport` and the run goes on.
"""

from __future__ import annotations

import html
import json
import os
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import IO

TEXT_SUFFIXES = {".txt", ".md", ".markdown"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
HTML_SUFFIXES = {".html", ".htm"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | JSONL_SUFFIXES | HTML_SUFFIXES

#: Documents longer than this are refused with a clear message rather than exhausting memory.
DEFAULT_MAX_CHARS = 5_000_000


@dataclass(frozen=True)
class Document:
    """One input document. ``id`` is stable: the given id, else the path relative to the input root."""

    id: str
    text: str
    title: str | None = None
    date: str | None = None
    url: str | None = None
    source: str | None = None


@dataclass(frozen=True)
class Problem:
    """Something that was skipped or repaired while reading, with where it happened."""

    where: str
    reason: str
    skipped: bool = True


@dataclass
class ReadReport:
    """What the reader skipped or repaired. ``ok`` is False when anything was skipped."""

    problems: list[Problem] = field(default_factory=list)
    documents: int = 0

    def skip(self, where: str, reason: str) -> None:
        self.problems.append(Problem(where, reason, skipped=True))

    def warn(self, where: str, reason: str) -> None:
        self.problems.append(Problem(where, reason, skipped=False))

    @property
    def skipped(self) -> list[Problem]:
        return [p for p in self.problems if p.skipped]

    @property
    def ok(self) -> bool:
        return not self.skipped


class _VisibleText(HTMLParser):
    """Collects the visible text of an HTML page (no scripts, styles or templates)."""

    HIDDEN = {"script", "style", "noscript", "template", "head", "svg", "iframe", "object"}
    BLOCK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article",
             "header", "footer", "blockquote", "pre", "title", "ul", "ol", "table"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: list[str] = []
        self._hidden = 0
        self._in_title = False

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag == "title":
            self._in_title = True
        elif tag in self.HIDDEN:
            self._hidden += 1
        if tag in self.BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        elif tag in self.HIDDEN and self._hidden:
            self._hidden -= 1
        if tag in self.BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title.append(data)
        elif not self._hidden:
            self.parts.append(data)


def html_to_text(markup: str) -> tuple[str | None, str]:
    """Return ``(title, visible text)`` of an HTML page, paragraphs separated by blank lines."""
    parser = _VisibleText()
    parser.feed(markup)
    parser.close()
    text = "".join(parser.parts)
    lines = [re.sub(r"[ \t\r\f\v]+", " ", line).strip() for line in text.split("\n")]
    body = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    title = re.sub(r"\s+", " ", "".join(parser.title)).strip() or None
    return title, body


def _title_of(text: str) -> str | None:
    for line in text.splitlines():
        line = line.strip().lstrip("#").strip()
        if line:
            return line[:300]
    return None


def _decode(data: bytes, where: str, report: ReadReport) -> str | None:
    """Decode UTF-8 (with a BOM or not); invalid bytes are replaced and reported; binary is refused."""
    if b"\x00" in data[:8192]:
        report.skip(where, "binary file (NUL bytes)")
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        report.warn(where, f"invalid UTF-8 at byte {e.start}: decoded with replacement characters")
        return data.decode("utf-8-sig", errors="replace")


def _clean(text: str) -> str:
    """Normalise newlines and drop control characters that no text means (keep tabs and newlines)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", " ", text)


def _optional_str(value: object) -> str | None:
    if value is None:
        return None
    return str(value).strip() or None


def parse_jsonl(stream: Iterable[str], where: str, report: ReadReport, default_prefix: str) -> Iterator[Document]:
    """Yield the documents of a JSON-lines stream; bad lines are reported with their line number."""
    for lineno, line in enumerate(stream, 1):
        if not line.strip():
            continue
        at = f"{where}:{lineno}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as e:
            report.skip(at, f"malformed JSON: {e.msg}")
            continue
        if not isinstance(row, dict):
            report.skip(at, "a JSON line must be an object")
            continue
        text = row.get("text")
        if not isinstance(text, str) or not text.strip():
            report.skip(at, "no 'text' field (or it is empty)")
            continue
        doc_id = _optional_str(row.get("id")) or f"{default_prefix}#{lineno}"
        yield Document(
            id=doc_id,
            text=_clean(text),
            title=_optional_str(row.get("title")),
            date=_optional_str(row.get("date")),
            url=_optional_str(row.get("url")),
            source=_optional_str(row.get("source")),
        )


def read_file(path: Path, doc_id: str, report: ReadReport, max_chars: int = DEFAULT_MAX_CHARS) -> Iterator[Document]:
    """Yield the documents of one file (several for ``.jsonl``)."""
    where = str(path)
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        try:
            with open(path, "rb") as f:
                # decoded line by line: memory stays bounded by the longest line
                lines = (_decode(raw, f"{where}:{n}", report) or "" for n, raw in enumerate(f, 1))
                for doc in parse_jsonl(lines, where, report, doc_id):
                    if _check_size(doc, where, report, max_chars):
                        yield doc
        except OSError as e:
            report.skip(where, f"cannot read: {e.strerror or e}")
        return
    try:
        size = path.stat().st_size
        if size > max_chars * 4:
            report.skip(where, f"too large ({size:,} bytes; the limit is {max_chars:,} characters)")
            return
        data = path.read_bytes()
    except OSError as e:
        report.skip(where, f"cannot read: {e.strerror or e}")
        return
    text = _decode(data, where, report)
    if text is None:
        return
    if suffix in HTML_SUFFIXES:
        title, text = html_to_text(text)
    else:
        title = _title_of(text)
    text = _clean(text)
    if not text.strip():
        report.skip(where, "empty document")
        return
    doc = Document(id=doc_id, text=text, title=title)
    if _check_size(doc, where, report, max_chars):
        yield doc


def _check_size(doc: Document, where: str, report: ReadReport, max_chars: int) -> bool:
    if len(doc.text) > max_chars:
        report.skip(where, f"document {doc.id!r} too large ({len(doc.text):,} characters; the limit is {max_chars:,})")
        return False
    return True


def _walk(root: Path, report: ReadReport) -> Iterator[Path]:
    """Yield supported files under ``root`` in sorted order, never following links out of it."""
    real_root = root.resolve()
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            path = Path(dirpath) / name
            if path.suffix.lower() not in SUPPORTED_SUFFIXES:
                continue
            if path.is_symlink():
                target = path.resolve()
                if not target.is_relative_to(real_root):
                    report.skip(str(path), "symbolic link pointing outside the input folder")
                    continue
            yield path


def read_documents(
    inputs: Iterable[str | os.PathLike[str]],
    report: ReadReport | None = None,
    stdin: IO[str] | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
) -> Iterator[Document]:
    """Yield documents from files, folders (recursively) and ``-`` (standard input, JSON lines or text).

    Parameters
    ----------
    inputs : paths of files or folders, or ``"-"``
    report : collects what was skipped or repaired; pass one to read it afterwards
    stdin : the stream ``-`` reads (default: ``sys.stdin``)

    Returns
    -------
    An iterator: documents are read lazily, so a large corpus is never held in memory.

    Examples
    --------
    >>> docs = list(read_documents(["examples"]))  # doctest: +SKIP
    """
    report = report if report is not None else ReadReport()
    seen: set[str] = set()
    for raw in inputs:
        for doc in _read_one(str(raw), report, stdin, max_chars):
            if doc.id in seen:
                report.skip(doc.id, "duplicate document id (the first one was kept)")
                continue
            seen.add(doc.id)
            report.documents += 1
            yield doc


def _read_one(raw: str, report: ReadReport, stdin: IO[str] | None, max_chars: int) -> Iterator[Document]:
    if raw == "-":
        stream = stdin if stdin is not None else sys.stdin
        data = stream.read()
        first = data.lstrip()[:1]
        if first == "{":
            yield from parse_jsonl(data.splitlines(), "<stdin>", report, "stdin")
        elif data.strip():
            yield Document(id="stdin", text=_clean(data), title=_title_of(data))
        else:
            report.skip("<stdin>", "empty input")
        return
    path = Path(raw)
    if path.is_dir():
        for file in _walk(path, report):
            rel = file.relative_to(path).as_posix()
            yield from read_file(file, rel, report, max_chars)
    elif path.is_file():
        yield from read_file(path, path.name, report, max_chars)
    else:
        report.skip(raw, "no such file or folder")


def unescape_entities(text: str) -> str:
    """Return text with HTML entities decoded (used for text-ish inputs that carry entities)."""
    return html.unescape(text)


def count_documents(inputs: Iterable[str | os.PathLike[str]]) -> int | None:
    """Estimate how many documents ``inputs`` hold, cheaply (for progress bars); None for stdin."""
    total = 0
    for raw in inputs:
        if str(raw) == "-":
            return None
        path = Path(raw)
        files = list(_walk(path, ReadReport())) if path.is_dir() else [path] if path.is_file() else []
        for file in files:
            if file.suffix.lower() in JSONL_SUFFIXES:
                try:
                    with open(file, "rb") as f:
                        total += sum(1 for line in f if line.strip())
                except OSError:
                    continue
            else:
                total += 1
    return total
