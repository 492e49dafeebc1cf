"""Reading input documents: files, folders and standard input, lazily, one document at a time.

Supported: ``.txt`` and ``.md`` (the first non-empty line is the title), ``.jsonl`` (one document a
line: ``id``, ``text`` and optionally ``title``, ``date``, ``url``, ``source``) and ``.html``/``.htm``
(visible text only). Nothing here raises on a bad input: problems are recorded in a
:class:`ReadReport` and the run goes on.

Memory stays bounded whatever the input: a file is never read beyond ``4 * max_chars`` bytes (the
most UTF-8 ``max_chars`` characters can take), a JSON line is read at most once and an over-long one
is skipped in fixed-size chunks, and standard input is read line by line.
"""

from __future__ import annotations

import io
import json
import os
import re
import stat
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import IO, Any

TEXT_SUFFIXES = {".txt", ".md", ".markdown"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
HTML_SUFFIXES = {".html", ".htm"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | JSONL_SUFFIXES | HTML_SUFFIXES

#: Documents longer than this are refused with a clear message rather than exhausting memory.
#: Shorter ones are parsed in pieces (``graphkit.extraction.split_text``); 5 million characters is
#: about 2,500 pages, a few minutes of parsing.
DEFAULT_MAX_CHARS = 5_000_000

#: Bytes looked at to tell binary files from text.
_SNIFF_BYTES = 8192
#: Room for the fields around ``text`` on a JSON line.
_JSON_LINE_SLACK = 1 << 16
_CHUNK = 1 << 18

#: Invisible formatting characters: zero-width space, direction marks, embeddings, overrides and
#: isolates, word joiner, a BOM inside the text. Glued to a name they hide it from the extractor
#: ("\u200fIran" is not "Iran"), and a bidi override in evidence can make a page show text in a
#: different order than it is stored. Zero-width (non-)joiners stay: scripts and emoji need them.
_INVISIBLE = "\u061c\u200b\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff"
_CONTROL = re.compile(f"[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f{_INVISIBLE}]")
_FIELD_CONTROL = re.compile(f"[\\x00-\\x1f\\x7f\\x85\\u2028\\u2029{_INVISIBLE}]+")
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def _safe(text: str) -> str:
    """Replace lone surrogates (from JSON ``\\ud800`` escapes or undecodable file names) with U+FFFD.

    They are valid in a Python string but not in UTF-8, so every writer downstream would fail on them.
    """
    return _SURROGATE.sub("\ufffd", text)


@dataclass(frozen=True)
class Document:
    """One input document. ``id`` is stable: the given id, else the path relative to the input root."""

    id: str
    text: str
    title: str | None = None
    date: str | None = None
    url: str | None = None
    source: str | None = None

    def __post_init__(self) -> None:
        # a lone surrogate (a JSON "\ud800" escape, a str built in Python) cannot be encoded as
        # UTF-8: spaCy's tokenizer and every writer would fail on it. U+FFFD keeps the offsets.
        for name in ("id", "text", "title", "date", "url", "source"):
            value = getattr(self, name)
            if isinstance(value, str) and _SURROGATE.search(value):
                object.__setattr__(self, name, _safe(value))


@dataclass(frozen=True)
class Problem:
    """Something that was skipped or repaired while reading, with where it happened."""

    where: str
    reason: str
    skipped: bool = True

    def to_json(self) -> dict[str, Any]:
        """Return the line of ``report.jsonl``."""
        return {"where": self.where, "reason": self.reason, "skipped": self.skipped}


@dataclass
class ReadReport:
    """What the reader skipped or repaired. ``ok`` is False when anything was skipped.

    ``documents`` counts the documents read (and handed on to extraction).
    """

    problems: list[Problem] = field(default_factory=list)
    documents: int = 0

    def skip(self, where: str, reason: str) -> None:
        """Record an input that was not read at all."""
        self.problems.append(Problem(_safe(where), _safe(reason), skipped=True))

    def warn(self, where: str, reason: str) -> None:
        """Record an input that was read but repaired (or something ignored on purpose)."""
        self.problems.append(Problem(_safe(where), _safe(reason), skipped=False))

    @property
    def skipped(self) -> list[Problem]:
        return [p for p in self.problems if p.skipped]

    @property
    def ok(self) -> bool:
        return not self.skipped


class _VisibleText(HTMLParser):
    """Collects the visible text of an HTML page (no scripts, styles or templates)."""

    # <head> is not hidden itself: pages often omit </head>, and its content that matters
    # (<script>, <style>, <title>) is handled by tag. Text outside any tag there is rare.
    HIDDEN = {
        "script",
        "style",
        "noscript",
        "template",
        "svg",
        "math",
        "iframe",
        "object",
        "canvas",
        "select",
    }
    BLOCK = {
        "p",
        "div",
        "br",
        "li",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "tr",
        "section",
        "article",
        "header",
        "footer",
        "blockquote",
        "pre",
        "title",
        "ul",
        "ol",
        "table",
        "dt",
        "dd",
        "hr",
        "figcaption",
        "aside",
        "nav",
        "main",
        "body",
    }

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: list[str] = []
        self._hidden = 0
        self._in_title = False

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag == "title" and not self._hidden:
            self._in_title = True
        elif tag in self.HIDDEN:
            self._hidden += 1
        if tag in self.BLOCK:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs) -> None:
        # <br/>, <script/>: nothing opens, so nothing must stay hidden
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
        if self._hidden:
            return
        if self._in_title:
            self.title.append(data)
        else:
            self.parts.append(data)


def html_to_text(markup: str) -> tuple[str | None, str]:
    """Return ``(title, visible text)`` of an HTML page, paragraphs separated by blank lines.

    Scripts, styles, templates and other invisible content are dropped; entities are decoded.

    Examples
    --------
    >>> html_to_text("<title>T</title><p>Hello <script>alert(1)</script>world</p>")
    ('T', 'Hello world')
    """
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
            return _clean_field(line[:300])
    return None


def _looks_binary(text: str) -> bool:
    """True when the start of a decoded text is mostly replacement or control characters."""
    head = text[:_SNIFF_BYTES]
    if not head:
        return False
    bad = sum(1 for c in head if c == "\ufffd" or (c < " " and c not in "\t\n\r\f"))
    return bad > 0.25 * len(head)


def _decode(data: bytes, where: str, report: ReadReport) -> str | None:
    """Decode UTF-8 (with a BOM or not) or BOM-marked UTF-16; invalid bytes are replaced and
    reported; binary data is refused (``None``)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16", errors="replace")
        if _looks_binary(text):
            report.skip(where, "binary file (not text)")
            return None
        report.warn(where, "UTF-16 encoded: decoded as UTF-16")
        return text
    head = data[:_SNIFF_BYTES]
    if head.count(b"\x00") > max(2, len(head) // 100):
        # a stray NUL is blanked like other control characters; many of them mean binary data
        report.skip(where, "binary file (NUL bytes)")
        return None
    try:
        text = data.decode("utf-8-sig")
        if _looks_binary(text):
            report.skip(where, "binary file (control characters)")
            return None
        return text
    except UnicodeDecodeError as e:
        text = data.decode("utf-8-sig", errors="replace")
        if _looks_binary(text):
            report.skip(where, "binary file (not UTF-8 text)")
            return None
        report.warn(where, f"invalid UTF-8 at byte {e.start}: decoded with replacement characters")
        return text


def _decode_line(raw: bytes, where: str, report: ReadReport) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        report.warn(where, f"invalid UTF-8 at byte {e.start} of the line: replaced")
        return raw.decode("utf-8-sig", errors="replace")


def _clean(text: str) -> str:
    """Normalise newlines; blank control and invisible formatting characters (keep tabs and newlines).

    Each is replaced by one space, so the text keeps its length and shape.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _safe(_CONTROL.sub(" ", text))


def _clean_field(text: str) -> str:
    """A one-line metadata value: no control characters, newlines or lone surrogates."""
    return _safe(_FIELD_CONTROL.sub(" ", text)).strip()


def _short(doc_id: str, limit: int = 80) -> str:
    """A document id for a message: quoted, and cut when long."""
    return repr(doc_id if len(doc_id) <= limit else doc_id[:limit] + "...")


def _optional_str(value: object) -> str | None:
    if value is None or isinstance(value, (dict, list)):
        return None
    return _clean_field(str(value)) or None


def _json_document(
    line: str, at: str, report: ReadReport, default_id: str, max_chars: int
) -> Document | None:
    """Parse one JSON line into a document, or report why it cannot be one."""
    try:
        row = json.loads(line)
    except json.JSONDecodeError as e:
        report.skip(at, f"malformed JSON: {e.msg} (column {e.colno})")
        return None
    except RecursionError:
        report.skip(at, "malformed JSON: nested too deeply")
        return None
    if not isinstance(row, dict):
        report.skip(at, "a JSON line must be an object")
        return None
    text = row.get("text")
    if isinstance(text, str):
        text = _clean(text)
    if not isinstance(text, str) or not text.strip():
        report.skip(at, "no 'text' field (or it is empty)")
        return None
    doc_id = _optional_str(row.get("id")) or default_id
    if len(text) > max_chars:
        report.skip(at, f"document {_short(doc_id)} " + _too_large(f"{len(text):,} characters", max_chars))
        return None
    return Document(
        id=doc_id,
        text=text,
        title=_optional_str(row.get("title")),
        date=_optional_str(row.get("date")),
        url=_optional_str(row.get("url")),
        source=_optional_str(row.get("source")),
    )


def _lines(f: IO[bytes], max_line: int) -> Iterator[tuple[int, bytes | None]]:
    """Yield ``(line number, line)`` of a binary stream; a line over ``max_line`` bytes comes as None.

    An over-long line is consumed in fixed-size chunks, never held whole.
    """
    lineno = 0
    while True:
        line = f.readline(max_line + 1)
        if not line:
            return
        lineno += 1
        if len(line) > max_line and not line.endswith(b"\n"):
            while True:
                chunk = f.readline(_CHUNK)
                if not chunk or chunk.endswith(b"\n"):
                    break
            yield lineno, None
        else:
            yield lineno, line


def _read_jsonl(
    f: IO[bytes], where: str, prefix: str, report: ReadReport, max_chars: int
) -> Iterator[tuple[str, Document]]:
    """Yield ``(where, document)`` for the lines of a JSON-lines stream."""
    head = f.peek(_SNIFF_BYTES)[:_SNIFF_BYTES] if hasattr(f, "peek") else b""
    if head.count(b"\x00") > max(2, len(head) // 100) or _looks_binary(head.decode("utf-8", "replace")):
        report.skip(
            where,
            "binary file (not UTF-8 JSON lines)"
            if not head.startswith((b"\xff\xfe", b"\xfe\xff"))
            else "UTF-16 encoded JSON lines are not supported: save the file as UTF-8",
        )
        return
    found = False
    # \uXXXX escapes take 6 bytes a character: a line within the character limit may take 6 times
    max_line = 6 * max_chars + _JSON_LINE_SLACK
    for lineno, raw in _lines(f, max_line):
        at = f"{where}:{lineno}"
        if raw is None:
            found = True
            report.skip(
                at, f"line too large (over {max_line:,} bytes; the limit is {max_chars:,} characters)"
            )
            continue
        if not raw.strip():
            continue
        line = _decode_line(raw, at, report)
        if not line.strip():  # blank in Unicode terms too (a no-break space, an em space)
            continue
        found = True
        doc = _json_document(line, at, report, f"{prefix}#{lineno}", max_chars)
        if doc is not None:
            yield at, doc
    if not found:
        report.skip(where, "empty file")


def _too_large(size: str, max_chars: int) -> str:
    return f"too large ({size}; the limit is {max_chars:,} characters): split it into several documents"


def _read_at_most(f: IO[bytes], limit: int, size_hint: int | None = None) -> bytes:
    """Read a stream to its end, or to ``limit + 1`` bytes when it is longer (then it is refused).

    ``f.read(limit + 1)`` would allocate ``limit`` bytes up front for every small file; reading the
    known size (a file's), else in chunks (standard input's), allocates what the data needs.
    """
    if size_hint is not None and size_hint <= limit:
        data = f.read(size_hint + 1)  # + 1: notice a file that grew since it was measured
        if len(data) <= size_hint:
            return data
        chunks, total = [data], len(data)
    else:
        chunks, total = [], 0
    while total <= limit:
        chunk = f.read(min(_CHUNK, limit + 1 - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    return b"".join(chunks)


def _read_whole(
    f: IO[bytes],
    where: str,
    suffix: str,
    doc_id: str,
    report: ReadReport,
    max_chars: int,
    size_hint: int | None = None,
) -> Document | None:
    """Read one text, Markdown or HTML document from a binary stream, within the size limit."""
    max_bytes = 4 * max_chars
    data = _read_at_most(f, max_bytes, size_hint)
    if len(data) > max_bytes:
        report.skip(where, _too_large(f"more than {max_bytes:,} bytes", max_chars))
        return None
    text = _decode(data, where, report)
    del data
    if text is None:
        return None
    if suffix in HTML_SUFFIXES:
        try:
            title, text = html_to_text(text)
        except Exception as e:  # the parser is lenient; this is a last resort, not a path we expect
            report.skip(where, f"cannot parse HTML: {type(e).__name__}: {e}")
            return None
        title = _clean_field(title) if title else None
    else:
        title = _title_of(text)
    text = _clean(text)
    if not text.strip():
        report.skip(where, "empty document")
        return None
    if len(text) > max_chars:
        report.skip(where, _too_large(f"{len(text):,} characters", max_chars))
        return None
    return Document(id=_safe(doc_id), text=text, title=title or None)


def _read_path(path: Path, doc_id: str, report: ReadReport, max_chars: int) -> Iterator[tuple[str, Document]]:
    where = _safe(str(path))
    suffix = path.suffix.lower()
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer (it is refused just below)
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
        with os.fdopen(fd, "rb") as f:
            st = os.fstat(f.fileno())
            if not stat.S_ISREG(st.st_mode):
                report.skip(where, "not a regular file")
                return
            if suffix in JSONL_SUFFIXES:
                yield from _read_jsonl(f, where, _safe(doc_id), report, max_chars)
                return
            if st.st_size > 4 * max_chars:
                # refused before reading a byte: no UTF-8 text this long fits the limit
                report.skip(where, _too_large(f"{st.st_size:,} bytes", max_chars))
                return
            doc = _read_whole(f, where, suffix, doc_id, report, max_chars, st.st_size)
    except OSError as e:
        report.skip(where, f"cannot read: {e.strerror or e}")
        return
    if doc is not None:
        yield where, doc


def read_file(
    path: Path, doc_id: str, report: ReadReport, max_chars: int = DEFAULT_MAX_CHARS
) -> Iterator[Document]:
    """Yield the documents of one file (several for ``.jsonl``)."""
    for _, doc in _read_path(Path(path), doc_id, report, max_chars):
        yield doc


def _walk(root: Path, report: ReadReport) -> Iterator[Path]:
    """Yield supported files under ``root`` in sorted order, never following links out of it.

    Links to folders are never followed (a link inside the folder is read where it points);
    links to files are read only when they point inside ``root``.
    """
    real_root = root.resolve()

    def unreadable(e: OSError) -> None:
        report.skip(_safe(str(e.filename or root)), f"cannot read folder: {e.strerror or e}")

    for dirpath, dirnames, filenames in os.walk(root, followlinks=False, onerror=unreadable):
        here = Path(dirpath)
        for d in list(dirnames):
            if (here / d).is_symlink() and not _inside(here / d, real_root):
                report.skip(_safe(str(here / d)), "symbolic link pointing outside the input folder")
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and not (here / d).is_symlink())
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            path = here / name
            if path.is_symlink() and not _inside(path, real_root):
                report.skip(_safe(str(path)), "symbolic link pointing outside the input folder")
                continue
            if path.suffix.lower() not in SUPPORTED_SUFFIXES:
                report.warn(_safe(str(path)), "not a supported file type (.txt .md .jsonl .html): ignored")
                continue
            yield path


def _inside(path: Path, real_root: Path) -> bool:
    try:
        return path.resolve().is_relative_to(real_root)
    except (OSError, RuntimeError):  # a symlink loop
        return False


def read_documents(
    inputs: Iterable[str | os.PathLike[str]],
    report: ReadReport | None = None,
    stdin: IO[str] | IO[bytes] | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
) -> Iterator[Document]:
    """Yield documents from files, folders (recursively) and ``-`` (standard input, JSON lines or text).

    Parameters
    ----------
    inputs : paths of files or folders, or ``"-"``
    report : collects what was skipped or repaired; pass one to read it afterwards
    stdin : the stream ``-`` reads, text or binary (default: ``sys.stdin``'s bytes)
    max_chars : documents longer than this are skipped (and reported), so memory stays bounded

    Returns
    -------
    An iterator: documents are read lazily, so a large corpus is never held in memory. A document
    whose id was already read is skipped and reported (the first one is kept).

    Examples
    --------
    >>> docs = list(read_documents(["examples"]))  # doctest: +SKIP
    """
    report = report if report is not None else ReadReport()
    seen: dict[str, str] = {}
    for raw in inputs:
        for where, doc in _read_one(str(raw), report, stdin, max_chars):
            if doc.id in seen:
                report.skip(
                    where, f"duplicate document id {_short(doc.id)} (the first one, {seen[doc.id]}, was kept)"
                )
                continue
            seen[doc.id] = where
            report.documents += 1
            yield doc


class _BytesOf(io.RawIOBase):
    """A stream whose ``read(n)`` returns text or bytes, seen as a raw stream of UTF-8 bytes."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream
        self._pending = b""

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:
        if not self._pending:
            data = self._stream.read(len(b))
            self._pending = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else bytes(data)
        n = min(len(b), len(self._pending))
        b[:n] = self._pending[:n]
        self._pending = self._pending[n:]
        return n


def _binary_stream(stdin: IO[str] | IO[bytes] | None) -> io.BufferedReader:
    """Standard input as bytes: decoding is ours, so invalid UTF-8 is repaired, never fatal."""
    stream: Any = sys.stdin if stdin is None else stdin
    if isinstance(stream, io.BufferedReader):
        return stream
    buffer = getattr(stream, "buffer", None)
    if isinstance(buffer, io.BufferedReader):
        return buffer
    return io.BufferedReader(_BytesOf(buffer if buffer is not None else stream))


def _read_stdin(
    stdin: IO[str] | IO[bytes] | None, report: ReadReport, max_chars: int
) -> Iterator[tuple[str, Document]]:
    f = _binary_stream(stdin)
    first = f.peek(_SNIFF_BYTES)[:_SNIFF_BYTES].lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if first == b"{":
        yield from _read_jsonl(f, "<stdin>", "stdin", report, max_chars)
        return
    doc = _read_whole(f, "<stdin>", ".txt", "stdin", report, max_chars)
    if doc is not None:
        yield "<stdin>", doc


def _read_one(
    raw: str, report: ReadReport, stdin: IO[str] | IO[bytes] | None, max_chars: int
) -> Iterator[tuple[str, Document]]:
    if raw == "-":
        yield from _read_stdin(stdin, report, max_chars)
        return
    path = Path(raw)
    if path.is_dir():
        for file in _walk(path, report):
            rel = file.relative_to(path).as_posix()
            yield from _read_path(file, rel, report, max_chars)
    elif path.is_file():
        yield from _read_path(path, path.name, report, max_chars)
    else:
        report.skip(raw, "no such file or folder")


def _count_lines(path: Path) -> int:
    """Count the non-empty lines of a file, reading it in fixed-size chunks."""
    total = 0
    pending = False  # the current line has content
    with open(path, "rb") as f:
        while chunk := f.read(_CHUNK):
            for k, part in enumerate(chunk.split(b"\n")):
                if k > 0:
                    total += pending
                    pending = False
                pending = pending or bool(part.strip())
    return total + pending


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
                    total += _count_lines(file)
                except OSError:
                    continue
            else:
                total += 1
    return total
