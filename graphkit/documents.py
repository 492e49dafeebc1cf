"""Reading input documents: files, folders and standard input, lazily, one document at a time.

A file's format comes from its suffix, through the reader registry (:mod:`graphkit.readers`):
``.txt`` and ``.md`` (the first non-empty line is the title), ``.jsonl`` (one document a line:
``id``, ``text`` and optionally ``title``, ``date``, ``url``, ``source``) and ``.html``/``.htm``
(visible text only). Nothing here raises on a bad input: problems are recorded in a
:class:`ReadReport` and the run goes on.

A document read from a folder has the id ``ROOT/PATH``: the folder's name, then the file's path
inside it, so the same file name in two input folders gives two documents (two input folders with
the same name are told apart by a short hash of the second one's path, ``ROOT~1a2b3c4d/PATH``). A
file given by itself is named as its folder names it (``FOLDER/NAME``), so building a file and
later its folder gives one document.
Bytes of a file name that are not UTF-8 are kept as ``\\xNN`` escapes, so no two names collide.

Metadata fields are capped (:data:`MAX_FIELD_CHARS`, ids :data:`MAX_ID_CHARS`): a longer value is
cut (an id keeps a hash of its whole value, so it stays unique) and the cut is reported.

Memory stays bounded whatever the input: a file is never read beyond ``4 * max_chars`` bytes (the
most UTF-8 ``max_chars`` characters can take), a JSON line is read at most once and an over-long one
is skipped in fixed-size chunks, and standard input is read line by line.
"""

from __future__ import annotations

import hashlib
import io
import os
import stat
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from graphkit import readers
from graphkit.plugins import Plugin
from graphkit.text import clean_field, clean_text, has_surrogates, scrub_surrogates

#: Documents longer than this are refused with a clear message rather than exhausting memory.
#: Shorter ones are parsed in pieces (``graphkit.extraction.split_text``); 5 million characters is
#: about 2,500 pages, a few minutes of parsing.
DEFAULT_MAX_CHARS = 5_000_000

#: Metadata values (title, date, url, source) longer than this are cut, and the cut reported.
MAX_FIELD_CHARS = 2000
#: Ids longer than this are cut and given a hash of the whole id (so they stay unique).
MAX_ID_CHARS = 500

#: Bytes looked at to tell binary files from text.
SNIFF_BYTES = 8192
#: Bytes read at a time where a stream is read in pieces.
CHUNK = 1 << 18


def __getattr__(name: str) -> Any:
    # computed on use, so a reader registered later counts; html_to_text is imported on first use
    if name == "SUPPORTED_SUFFIXES":
        return readers.supported_suffixes()
    if name == "html_to_text":
        from graphkit.readers.html import html_to_text

        return html_to_text
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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
            if isinstance(value, str) and has_surrogates(value):
                object.__setattr__(self, name, scrub_surrogates(value))


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
        self.problems.append(Problem(scrub_surrogates(where), scrub_surrogates(reason), skipped=True))

    def warn(self, where: str, reason: str) -> None:
        """Record an input that was read but repaired (or something ignored on purpose)."""
        self.problems.append(Problem(scrub_surrogates(where), scrub_surrogates(reason), skipped=False))

    @property
    def skipped(self) -> list[Problem]:
        return [p for p in self.problems if p.skipped]

    @property
    def ok(self) -> bool:
        return not self.skipped


def looks_binary(text: str) -> bool:
    """Return True when the start of a decoded text is mostly replacement or control characters.

    Examples
    --------
    >>> looks_binary("plain text"), looks_binary("\\ufffd\\x01\\x02 ")
    (False, True)
    """
    head = text[:SNIFF_BYTES]
    if not head:
        return False
    bad = sum(1 for c in head if c == "\ufffd" or (c < " " and c not in "\t\n\r\f"))
    return bad > 0.25 * len(head)


def _decode(data: bytes, where: str, report: ReadReport) -> str | None:
    """Decode UTF-8 (with a BOM or not) or BOM-marked UTF-16; invalid bytes are replaced and
    reported; binary data is refused (``None``)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16", errors="replace")
        if looks_binary(text):
            report.skip(where, "binary file (not text)")
            return None
        report.warn(where, "UTF-16 encoded: decoded as UTF-16")
        return text
    head = data[:SNIFF_BYTES]
    if head.count(b"\x00") > max(2, len(head) // 100):
        # a stray NUL is blanked like other control characters; many of them mean binary data
        report.skip(where, "binary file (NUL bytes)")
        return None
    try:
        text = data.decode("utf-8-sig")
        if looks_binary(text):
            report.skip(where, "binary file (control characters)")
            return None
        return text
    except UnicodeDecodeError as e:
        text = data.decode("utf-8-sig", errors="replace")
        if looks_binary(text):
            report.skip(where, "binary file (not UTF-8 text)")
            return None
        report.warn(where, f"invalid UTF-8 at byte {e.start}: decoded with replacement characters")
        return text


def quote_id(doc_id: str, limit: int = 80) -> str:
    """Return a document id for a message: quoted, and cut when long.

    Examples
    --------
    >>> quote_id("a" * 100)[-6:]
    "aa...'"
    """
    return repr(doc_id if len(doc_id) <= limit else doc_id[:limit] + "...")


def cap_field(value: str | None, name: str, where: str, report: ReadReport) -> str | None:
    """Return a metadata value cut to its limit; a cut is noted in ``report``.

    An id over :data:`MAX_ID_CHARS` keeps its start and a hash of the whole id, so two long ids
    that share their start stay two ids; other fields are cut at :data:`MAX_FIELD_CHARS`.

    Examples
    --------
    >>> report = ReadReport()
    >>> len(cap_field("t" * 5000, "title", "in.jsonl:1", report)), report.problems[0].reason
    (2000, 'title cut to 2,000 characters (it had 5,000)')
    >>> a, b = (cap_field("x" * 600 + end, "id", "-", report) for end in "ab")
    >>> len(a), a == b
    (517, False)
    """
    if value is None:
        return None
    limit = MAX_ID_CHARS if name == "id" else MAX_FIELD_CHARS
    if len(value) <= limit:
        return value
    report.warn(where, f"{name} cut to {limit:,} characters (it had {len(value):,})")
    if name == "id":
        digest = hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()[:16]
        return f"{value[:limit]}~{digest}"
    return value[:limit]


def path_id(name: str) -> str:
    """Return the id of a file name: bytes that are not UTF-8 become ``\\xNN`` escapes, not U+FFFD.

    Two names that differ only in an undecodable byte stay two ids.

    Examples
    --------
    >>> path_id("r\\udc80.txt"), path_id("r\\udc81.txt")
    ('r\\\\x80.txt', 'r\\\\x81.txt')
    """
    if not has_surrogates(name):
        return name
    return os.fsencode(name).decode("utf-8", "backslashreplace")


def too_large(size: str, max_chars: int) -> str:
    """Return the reason every "too large" refusal gives, for a size said as ``size``.

    Examples
    --------
    >>> too_large("12 characters", 10)
    'too large (12 characters; the limit is 10 characters): split it into several documents'
    """
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
        chunk = f.read(min(CHUNK, limit + 1 - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    return b"".join(chunks)


def _read_whole(
    f: IO[bytes],
    where: str,
    reader: Plugin,
    doc_id: str,
    report: ReadReport,
    max_chars: int,
    size_hint: int | None = None,
) -> Document | None:
    """Read one document with a whole-file reader (text, Markdown, HTML) from a binary stream."""
    max_bytes = 4 * max_chars
    data = _read_at_most(f, max_bytes, size_hint)
    if len(data) > max_bytes:
        report.skip(where, too_large(f"more than {max_bytes:,} bytes", max_chars))
        return None
    text = _decode(data, where, report)
    del data
    if text is None:
        return None
    parse: Callable[[str], tuple[str | None, str]] = reader.load()
    try:
        title, text = parse(text)
    except Exception as e:  # the parsers are lenient; this is a last resort, not a path we expect
        report.skip(where, f"cannot parse {reader.info['label']}: {type(e).__name__}: {e}")
        return None
    title = cap_field(clean_field(title), "title", where, report) if title else None
    text = clean_text(text)
    if not text.strip():
        report.skip(where, "empty document")
        return None
    if len(text) > max_chars:
        report.skip(where, too_large(f"{len(text):,} characters", max_chars))
        return None
    doc_id = cap_field(scrub_surrogates(doc_id), "id", where, report) or doc_id
    return Document(id=doc_id, text=text, title=title or None)


def _read_path(path: Path, doc_id: str, report: ReadReport, max_chars: int) -> Iterator[tuple[str, Document]]:
    where = scrub_surrogates(str(path))
    reader = readers.reader_for(path.suffix)
    assert reader is not None  # reader_for falls back to the text reader
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer (it is refused just below)
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
        with os.fdopen(fd, "rb") as f:
            st = os.fstat(f.fileno())
            if not stat.S_ISREG(st.st_mode):
                report.skip(where, "not a regular file")
                return
            if reader.info["streaming"]:
                yield from reader.load()(f, where, scrub_surrogates(doc_id), report, max_chars)
                return
            if st.st_size > 4 * max_chars:
                # refused before reading a byte: no UTF-8 text this long fits the limit
                report.skip(where, too_large(f"{st.st_size:,} bytes", max_chars))
                return
            doc = _read_whole(f, where, reader, doc_id, report, max_chars, st.st_size)
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
    links to files are read only when they point inside ``root``, last, and only when the file
    they point to was not read already (it is read once, under its own path).
    """
    real_root = root.resolve()
    seen: set[Path] = set()  # a link to a file inside the folder is read once, not twice
    links: list[Path] = []

    def unreadable(e: OSError) -> None:
        report.skip(scrub_surrogates(str(e.filename or root)), f"cannot read folder: {e.strerror or e}")

    for dirpath, dirnames, filenames in os.walk(root, followlinks=False, onerror=unreadable):
        here = Path(dirpath)
        for d in list(dirnames):
            if (here / d).is_symlink() and not _inside(here / d, real_root):
                where = scrub_surrogates(str(here / d))
                report.skip(where, "symbolic link pointing outside the input folder")
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and not (here / d).is_symlink())
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            path = here / name
            if path.is_symlink() and not _inside(path, real_root):
                report.skip(scrub_surrogates(str(path)), "symbolic link pointing outside the input folder")
                continue
            if readers.reader_for(path.suffix, default=None) is None:
                report.warn(
                    scrub_surrogates(str(path)),
                    f"not a supported file type ({readers.describe_suffixes()}): ignored",
                )
                continue
            if path.is_symlink():
                links.append(path)  # read after the folder: the file it points to may be in it
                continue
            seen.add(_real(path))
            yield path
    for path in links:
        if _real(path) in seen:
            report.warn(scrub_surrogates(str(path)), "a link to a file already read: read once")
            continue
        seen.add(_real(path))
        yield path


def _real(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # a symlink loop: read (and refused) where it is
        return path.absolute()


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
    >>> import io
    >>> report = ReadReport()
    >>> docs = read_documents(["-"], report, stdin=io.BytesIO(b"Talks resumed\\n\\nThey met in Geneva."))
    >>> [(doc.id, doc.title) for doc in docs], report.documents
    ([('stdin', 'Talks resumed')], 1)
    """
    report = report if report is not None else ReadReport()
    roots: dict[str, str] = {}  # the name an input root is known by -> its real path
    read = (found for raw in inputs for found in _read_one(str(raw), report, stdin, max_chars, roots))
    yield from first_of_each_id(read, report)


def first_of_each_id(found: Iterable[tuple[str, Document]], report: ReadReport) -> Iterator[Document]:
    """Yield the documents of ``(where, document)`` pairs, counted; a repeated id is skipped and reported.

    Examples
    --------
    >>> report = ReadReport()
    >>> [d.text for d in first_of_each_id([("a", Document("x", "1")), ("b", Document("x", "2"))], report)]
    ['1']
    >>> report.documents, [p.where for p in report.problems]
    (1, ['b'])
    """
    seen: dict[str, str] = {}
    for where, doc in found:
        if doc.id in seen:
            what = f"duplicate document id {quote_id(doc.id)}"
            report.skip(where, f"{what} (the first one, {seen[doc.id]}, was kept)")
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
    first = f.peek(SNIFF_BYTES)[:SNIFF_BYTES].lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if first == b"{":
        yield from readers.READERS.load("jsonl")(f, "<stdin>", "stdin", report, max_chars)
        return
    doc = _read_whole(f, "<stdin>", readers.READERS.get("text"), "stdin", report, max_chars)
    if doc is not None:
        yield "<stdin>", doc


def _root_name(path: Path, name: str, roots: dict[str, str]) -> str:
    """Return the name an input is known by in ids: ``name``, or ``name~HASH`` when another input
    of this run already has that name (the hash is of this one's real path)."""
    try:
        real = str(path.resolve())
    except (OSError, RuntimeError):
        real = str(path.absolute())
    if roots.setdefault(name, real) == real:
        return name
    tagged = f"{name}~{hashlib.sha256(os.fsencode(real)).hexdigest()[:8]}"
    roots.setdefault(tagged, real)
    return tagged


def _read_one(
    raw: str,
    report: ReadReport,
    stdin: IO[str] | IO[bytes] | None,
    max_chars: int,
    roots: dict[str, str] | None = None,
) -> Iterator[tuple[str, Document]]:
    roots = roots if roots is not None else {}
    if raw == "-":
        yield from _read_stdin(stdin, report, max_chars)
        return
    path = Path(raw)
    if path.is_dir():
        resolved = path.resolve()
        root = _root_name(path, path_id(resolved.name or "root"), roots)
        for file in _walk(path, report):
            rel = path_id(file.relative_to(path).as_posix())
            yield from _read_path(file, f"{root}/{rel}", report, max_chars)
    elif path.is_file():
        # named as its folder would name it ("examples/a.txt"): a file built alone, then with its
        # folder, is one document, not two
        folder = path.resolve().parent
        root = _root_name(folder, path_id(folder.name or "root"), roots)
        yield from _read_path(path, f"{root}/{path_id(path.name)}", report, max_chars)
    else:
        report.skip(raw, "no such file or folder")


def _count_lines(path: Path) -> int:
    """Count the non-empty lines of a file, reading it in fixed-size chunks."""
    total = 0
    pending = False  # the current line has content
    with open(path, "rb") as f:
        while chunk := f.read(CHUNK):
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
            reader = readers.reader_for(file.suffix)
            if reader is not None and reader.info["streaming"]:
                try:
                    total += _count_lines(file)
                except OSError:
                    continue
            else:
                total += 1
    return total
