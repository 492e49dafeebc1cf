"""Inputs read where they are processed: the client lists files by name, a Dask worker reads them.

A partitioned run (``graphkit build --cluster``) never reads document text on the client:
:func:`list_inputs` expands paths, folders, glob patterns and fsspec URLs (``s3://bucket/news/``,
``file:///data/*.jsonl``) into file names, sizes and document ids only, and :func:`plan_partitions`
groups them into partitions of about ``partition_bytes`` each. A JSON-lines file larger than that
is cut into byte ranges (as ``dask.bag.read_text`` does with ``blocksize``), so one big file still
spreads over the workers: a range holds the lines that *start* in it, and its first line number
comes from the newlines counted before it (:func:`count_newlines`, a small task of its own), so a
document without an id gets the same ``FILE#LINE`` id and a problem the same ``FILE:LINE`` place
as in a local run. :func:`read_partition` is the worker's side: it reads a partition's documents
with the same readers, limits and checks as :func:`graphkit.documents.read_documents`.

Document ids are those of a local run of the same inputs (``FOLDER/PATH``, a file given alone as
``PARENT/NAME``); a glob pattern stands for the files it matches, each given alone, as the shell
would expand it. Local paths are made absolute, since workers do not share the client's working
directory; they, the URLs, and the partitions folder must name the same files on every machine.
"""

from __future__ import annotations

import glob
import hashlib
import io
import math
import os
import posixpath
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO

from graphkit import readers
from graphkit.documents import (
    CHUNK,
    DEFAULT_MAX_CHARS,
    SNIFF_BYTES,
    Document,
    ReadReport,
    _read_path,
    _read_whole,
    _root_name,
    _walk,
    first_of_each_id,
    path_id,
    quote_id,
    too_large,
)
from graphkit.text import scrub_surrogates

__all__ = ["Partition", "Piece", "count_newlines", "list_inputs", "plan_partitions", "read_partition"]

#: Partitions are at most this large by default (64 MiB of input: about 15,000 news articles).
MAX_PARTITION_BYTES = 64 << 20
#: ... and at least this large, however many workers there are (a task costs a little to start).
MIN_PARTITION_BYTES = 64 << 10


@dataclass(frozen=True)
class Piece:
    """One input file, or a byte range of a JSON-lines file, as a worker reads it.

    ``path``: an absolute local path or an fsspec URL. ``doc_id``: the document's id (a file
    with one document), or the prefix of the ``#LINE`` ids of its JSON lines. ``start``/``end``:
    the byte range of a block (``end`` None: the whole file); ``block``: its index in the file.
    """

    path: str
    doc_id: str
    size: int
    start: int = 0
    end: int | None = None
    block: int = 0

    @property
    def nbytes(self) -> int:
        """The bytes of input this piece stands for."""
        return (self.size if self.end is None else self.end) - self.start


@dataclass(frozen=True)
class Partition:
    """The pieces one task reads; ``name`` orders partitions as their inputs were given."""

    name: str
    pieces: tuple[Piece, ...]

    @property
    def nbytes(self) -> int:
        return sum(p.nbytes for p in self.pieces)


def describe_partition(partition: Partition, limit: int = 3) -> str:
    """Say what a partition reads, for messages: its first inputs (byte ranges of blocks) and how many more.

    Examples
    --------
    >>> describe_partition(Partition("p", (Piece("/n/a.jsonl", "a", 10, 0, 5, 0),)))
    '/n/a.jsonl (bytes 0-5)'
    >>> pieces = tuple(Piece(f"/n/{k}.txt", k, 1) for k in "abcde")
    >>> describe_partition(Partition("p", pieces))
    '/n/a.txt, /n/b.txt, /n/c.txt and 2 more'
    """
    pieces = partition.pieces
    shown = [p.path if p.end is None else f"{p.path} (bytes {p.start}-{p.end})" for p in pieces[:limit]]
    more = len(pieces) - limit
    return ", ".join(shown) + (f" and {more} more" if more > 0 else "")


def is_url(raw: str) -> bool:
    """Return True for an fsspec URL (``s3://...``, ``file://...``), False for a local path.

    Examples
    --------
    >>> is_url("s3://bucket/news/"), is_url("news/a.txt"), is_url("C:/news")
    (True, False, False)
    """
    return "://" in raw


def _has_magic(raw: str) -> bool:
    return glob.has_magic(raw)


def _url_root(url: str, name: str, roots: dict[str, str]) -> str:
    """The root name of a URL input: as :func:`graphkit.documents._root_name` names a folder."""
    if roots.setdefault(name, url) == url:
        return name
    tagged = f"{name}~{hashlib.sha256(url.encode('utf-8')).hexdigest()[:8]}"
    roots.setdefault(tagged, url)
    return tagged


def _local_files(raw: str, report: ReadReport, roots: dict[str, str]) -> Iterator[tuple[str, str, int]]:
    path = Path(raw)
    if path.is_dir():
        root = _root_name(path, path_id(path.resolve().name or "root"), roots)
        for file in _walk(path, report):  # names and links only: no file is opened
            rel = path_id(file.relative_to(path).as_posix())
            yield os.path.abspath(file), f"{root}/{rel}", _size(file)
    elif path.is_file():
        folder = path.resolve().parent
        root = _root_name(folder, path_id(folder.name or "root"), roots)
        yield os.path.abspath(path), f"{root}/{path_id(path.name)}", _size(path)
    elif _has_magic(raw):
        matches = sorted(glob.glob(raw, recursive=True))
        if not matches:
            report.skip(scrub_surrogates(raw), "no file matches this pattern")
        for match in matches:
            yield from _local_files(match, report, roots)
    else:
        report.skip(scrub_surrogates(raw), "no such file or folder")


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:  # read (and reported) by the worker
        return 0


def _hidden(rel: str) -> bool:
    return any(part.startswith(".") for part in rel.split("/"))


def _url_files(raw: str, report: ReadReport, roots: dict[str, str]) -> Iterator[tuple[str, str, int]]:
    import fsspec

    try:
        fs, path = fsspec.core.url_to_fs(raw)
    except (ImportError, ValueError) as e:
        report.skip(raw, f"cannot open this URL: {e}")
        return
    paths = sorted(fs.glob(path)) if _has_magic(path) else [path]
    if not paths:
        report.skip(raw, "no file matches this pattern")
    for path in paths:
        try:
            info = fs.info(path)
        except (FileNotFoundError, OSError) as e:
            report.skip(fs.unstrip_protocol(path), f"no such file or folder ({e})")
            continue
        if info["type"] == "directory":
            top = path.rstrip("/")
            root = _url_root(fs.unstrip_protocol(top), path_id(posixpath.basename(top) or "root"), roots)
            for name, entry in sorted(fs.find(top, detail=True).items()):
                rel = posixpath.relpath(name, top)
                if _hidden(rel):
                    continue
                url = fs.unstrip_protocol(name)
                if readers.reader_for(PurePosixPath(name).suffix, default=None) is None:
                    what = f"not a supported file type ({readers.describe_suffixes()}): ignored"
                    report.warn(url, what)
                    continue
                yield url, f"{root}/{rel}", int(entry.get("size") or 0)
        else:
            folder = posixpath.dirname(path.rstrip("/"))
            root = _url_root(
                fs.unstrip_protocol(folder), path_id(posixpath.basename(folder) or "root"), roots
            )
            yield fs.unstrip_protocol(path), f"{root}/{posixpath.basename(path)}", int(info.get("size") or 0)


def list_inputs(inputs: Iterable[str | os.PathLike[str]], report: ReadReport) -> list[Piece]:
    """Return the input files of a run, by name: no file is opened.

    Parameters
    ----------
    inputs : files, folders, glob patterns (``news/**/*.jsonl``) or fsspec URLs
        (``s3://bucket/news/``); ``-`` (standard input) cannot be read by workers and is refused
    report : what cannot be read is recorded here (a missing path, an unsupported file in a
        folder, the same document given twice)

    Returns
    -------
    A list of whole-file :class:`Piece` objects, in input order, with the ids of a local run.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     for name in ("b.txt", "a.jsonl", "notes.csv"):
    ...         _ = (Path(tmp) / "news" / name).parent.mkdir(exist_ok=True)
    ...         _ = (Path(tmp) / "news" / name).write_text("{}")
    ...     report = ReadReport()
    ...     pieces = list_inputs([f"{tmp}/news", f"{tmp}/missing"], report)
    >>> [p.doc_id for p in pieces], [problem.reason[:24] for problem in report.problems]
    (['news/a.jsonl', 'news/b.txt'], ['not a supported file typ', 'no such file or folder'])
    """
    roots: dict[str, str] = {}
    seen: dict[str, str] = {}  # document id -> the file that gave it
    pieces = []
    for raw in map(os.fspath, inputs):
        if raw == "-":
            raise ValueError("standard input cannot be read by Dask workers: give files, folders or URLs")
        files = _url_files(raw, report, roots) if is_url(raw) else _local_files(raw, report, roots)
        for path, doc_id, size in files:
            if doc_id in seen:  # the same file given twice: read once, as a local run reads it
                what = f"duplicate document id {quote_id(doc_id)}"
                report.skip(scrub_surrogates(path), f"{what} (the first one, {seen[doc_id]}, was kept)")
                continue
            seen[doc_id] = scrub_surrogates(path)
            pieces.append(Piece(path, doc_id, size))
    return pieces


def _splittable(piece: Piece) -> bool:
    reader = readers.reader_for(PurePosixPath(piece.path).suffix)
    return reader is not None and reader.name == "jsonl"


def partition_bytes_for(total: int, threads: int) -> int:
    """Return the partition size of a run over ``total`` bytes: about four tasks a worker thread,
    within :data:`MIN_PARTITION_BYTES` and :data:`MAX_PARTITION_BYTES`.

    Examples
    --------
    >>> partition_bytes_for(4 << 20, threads=2) == 512 << 10, partition_bytes_for(1 << 40, 2) == 64 << 20
    (True, True)
    """
    return max(MIN_PARTITION_BYTES, min(MAX_PARTITION_BYTES, math.ceil(total / (4 * max(1, threads)))))


def plan_partitions(pieces: Iterable[Piece], partition_bytes: int) -> list[Partition]:
    """Group input files into partitions of about ``partition_bytes``, in input order.

    Small files are grouped; a JSON-lines file over ``partition_bytes`` is cut into byte ranges,
    a partition each; a file of another kind (one document) is never cut.

    Examples
    --------
    >>> files = [Piece("/in/a.txt", "in/a.txt", 40), Piece("/in/b.txt", "in/b.txt", 70),
    ...          Piece("/in/c.jsonl", "in/c.jsonl", 250)]
    >>> for part in plan_partitions(files, 100):
    ...     print(part.name, [(p.doc_id, p.start, p.end) for p in part.pieces])
    part-00000 [('in/a.txt', 0, None), ('in/b.txt', 0, None)]
    part-00001 [('in/c.jsonl', 0, 100)]
    part-00002 [('in/c.jsonl', 100, 200)]
    part-00003 [('in/c.jsonl', 200, 250)]
    """
    limit = max(1, partition_bytes)
    groups: list[list[Piece]] = []
    current: list[Piece] = []
    for piece in pieces:
        if piece.size > limit and _splittable(piece):
            if current:
                groups.append(current)
                current = []
            for block, start in enumerate(range(0, piece.size, limit)):
                end = min(piece.size, start + limit)
                groups.append([Piece(piece.path, piece.doc_id, piece.size, start, end, block)])
            continue
        current.append(piece)
        if sum(p.nbytes for p in current) >= limit:
            groups.append(current)
            current = []
    if current:
        groups.append(current)
    width = max(5, len(str(len(groups))))
    return [Partition(f"part-{k:0{width}d}", tuple(group)) for k, group in enumerate(groups)]


# -- the worker's side -----------------------------------------------------------------------
def _open(path: str) -> IO[bytes]:
    if is_url(path):
        import fsspec

        return fsspec.open(path, "rb").open()
    return open(path, "rb")


def count_newlines(path: str, start: int, end: int) -> int:
    """Return the newlines in bytes ``[start, end)`` of a file (a task: line numbers of later blocks).

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.NamedTemporaryFile(suffix=".jsonl") as f:
    ...     _ = f.write(b"a\\nb\\nc\\n"); f.flush()
    ...     count_newlines(f.name, 0, 4), count_newlines(f.name, 4, 6)
    (2, 1)
    """
    total = 0
    with _open(path) as f:
        f.seek(start)
        left = end - start
        while left > 0 and (chunk := f.read(min(CHUNK, left))):
            total += chunk.count(b"\n")
            left -= len(chunk)
    return total


def _line_start(f: IO[bytes], offset: int) -> tuple[int, int]:
    """Return where the first line starting at or after ``offset`` starts, and the newlines
    (0 or 1) between ``offset`` and there; the file's size when no line starts there."""
    if offset <= 0:
        return 0, 0
    f.seek(offset - 1)
    pos = offset - 1
    while chunk := f.read(CHUNK):
        at = chunk.find(b"\n")
        if at >= 0:
            return pos + at + 1, int(pos + at >= offset)
        pos += len(chunk)
    return pos, 0


class _Range(io.RawIOBase):
    """Bytes ``[start, end)`` of a binary file, as a stream of their own."""

    def __init__(self, f: IO[bytes], start: int, end: int) -> None:
        f.seek(start)
        self._f, self._left = f, end - start

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:
        n = min(len(b), self._left)
        if n <= 0:
            return 0
        data = self._f.read(n)
        b[: len(data)] = data
        self._left -= len(data)
        return len(data)


def _read_block(
    f: IO[bytes], piece: Piece, report: ReadReport, max_chars: int, lines_before: int
) -> Iterator[tuple[str, Document]]:
    from graphkit.readers.jsonl import binary_reason, read

    if piece.block > 0:
        f.seek(0)
        if binary_reason(f.read(SNIFF_BYTES)) is not None:
            return  # the whole file is refused, once, by its first block
    start, skipped = _line_start(f, piece.start)
    end = piece.size if piece.end is None or piece.end >= piece.size else _line_start(f, piece.end)[0]
    if start >= end and piece.block > 0:
        return  # a line that started in an earlier block fills this one
    stream = io.BufferedReader(_Range(f, start, max(start, end)), CHUNK)

    def more_after() -> bool:  # only asked when a first block held no line: is the whole file blank?
        f.seek(max(start, end))
        while chunk := f.read(CHUNK):
            if chunk.decode("utf-8", "replace").strip():
                return True
        return False

    yield from read(
        stream,
        piece.path,
        piece.doc_id,
        report,
        max_chars,
        first_line=lines_before + skipped + 1,
        more_after=more_after,
    )


def read_piece(
    piece: Piece, report: ReadReport, max_chars: int = DEFAULT_MAX_CHARS, lines_before: int = 0
) -> Iterator[tuple[str, Document]]:
    """Yield ``(where, document)`` for one piece, read as a local run reads its file.

    ``lines_before``: the newlines of the file before a block's start (:func:`count_newlines`).
    """
    if piece.end is None and not is_url(piece.path):
        # a whole local file: exactly the local reader (regular files only, FIFOs never waited on)
        yield from _read_path(Path(piece.path), piece.doc_id, report, max_chars)
        return
    where, doc_id = scrub_surrogates(piece.path), scrub_surrogates(piece.doc_id)
    reader = readers.reader_for(PurePosixPath(piece.path).suffix)
    assert reader is not None  # reader_for falls back to the text reader
    try:
        with _open(piece.path) as f:
            if piece.end is not None:
                yield from _read_block(f, piece, report, max_chars, lines_before)
            elif reader.info["streaming"]:
                stream = f if hasattr(f, "peek") else io.BufferedReader(f, CHUNK)  # type: ignore[arg-type]
                yield from reader.load()(stream, where, doc_id, report, max_chars)
            elif piece.size > 4 * max_chars:
                report.skip(where, too_large(f"{piece.size:,} bytes", max_chars))
            else:
                doc = _read_whole(f, where, reader, doc_id, report, max_chars, piece.size)
                if doc is not None:
                    yield where, doc
    except OSError as e:
        report.skip(where, f"cannot read: {e.strerror or e}")


def read_partition(
    partition: Partition,
    report: ReadReport | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
    lines_before: int = 0,
) -> Iterator[Document]:
    """Yield the documents of a partition, lazily (a worker's reading; the client never calls it).

    Parameters
    ----------
    partition : what to read
    report : collects what was skipped or repaired, as :func:`graphkit.documents.read_documents`
    max_chars : documents longer than this are skipped (and reported)
    lines_before : for a partition that is a later block of a JSON-lines file, the file's
        newlines before the block (the sum of :func:`count_newlines` over the earlier blocks)

    Returns
    -------
    An iterator of documents; a document whose id the partition already gave is skipped and
    reported (the first one is kept).

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     _ = (Path(tmp) / "in.jsonl").write_text('{"text": "One."}\\n{"text": "Two."}\\n')
    ...     [part] = plan_partitions(list_inputs([tmp], ReadReport()), 1 << 20)
    ...     [doc.id.split("/")[1] for doc in read_partition(part)]
    ['in.jsonl#1', 'in.jsonl#2']
    """
    report = report if report is not None else ReadReport()
    read = (
        found for piece in partition.pieces for found in read_piece(piece, report, max_chars, lines_before)
    )
    yield from first_of_each_id(read, report)
