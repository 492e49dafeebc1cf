"""JSON lines (``.jsonl``, ``.ndjson``): one document a line, streaming.

Each line is an object with ``text`` and optionally ``id``, ``title``, ``date``, ``url`` and
``source`` (FORMAT.md). A line is read at most once and an over-long one is skipped in fixed-size
chunks, never held whole; a bad line is reported and the next one read.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import IO

from graphkit.documents import (
    CHUNK,
    SNIFF_BYTES,
    Document,
    ReadReport,
    cap_field,
    looks_binary,
    quote_id,
    too_large,
)
from graphkit.text import clean_field, clean_text

__all__ = ["read"]

#: Room for the fields around ``text`` on a JSON line.
_JSON_LINE_SLACK = 1 << 16


def _decode_line(raw: bytes, where: str, report: ReadReport) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        report.warn(where, f"invalid UTF-8 at byte {e.start} of the line: replaced")
        return raw.decode("utf-8-sig", errors="replace")


def _optional_str(value: object) -> str | None:
    if value is None or isinstance(value, (dict, list)):
        return None
    return clean_field(str(value)) or None


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
        text = clean_text(text)
    if not isinstance(text, str) or not text.strip():
        report.skip(at, "no 'text' field (or it is empty)")
        return None
    raw_id = row.get("id")
    doc_id = _optional_str(raw_id)
    if doc_id is None:
        if "id" in row:  # a list, an object, null or an empty id: say what was used instead
            kind = "null" if raw_id is None else type(raw_id).__name__ if raw_id != "" else "empty"
            report.warn(at, f"'id' is {kind}, not a string: the document is {quote_id(default_id)}")
        doc_id = default_id
    doc_id = cap_field(doc_id, "id", at, report)
    if len(text) > max_chars:
        report.skip(at, f"document {quote_id(doc_id)} " + too_large(f"{len(text):,} characters", max_chars))
        return None
    fields = {name: cap_field(_optional_str(row.get(name)), name, at, report) for name in _FIELDS}
    return Document(id=doc_id, text=text, **fields)


_FIELDS = ("title", "date", "url", "source")


def _lines(f: IO[bytes], max_line: int, first_line: int = 1) -> Iterator[tuple[int, bytes | None]]:
    """Yield ``(line number, line)`` of a binary stream; a line over ``max_line`` bytes comes as None.

    An over-long line is consumed in fixed-size chunks, never held whole.
    """
    lineno = first_line - 1
    while True:
        line = f.readline(max_line + 1)
        if not line:
            return
        lineno += 1
        if len(line) > max_line and not line.endswith(b"\n"):
            while True:
                chunk = f.readline(CHUNK)
                if not chunk or chunk.endswith(b"\n"):
                    break
            yield lineno, None
        else:
            yield lineno, line


def binary_reason(head: bytes) -> str | None:
    """Return why a JSON-lines file whose first bytes are ``head`` is refused as binary, or None.

    Examples
    --------
    >>> binary_reason(b'{"text": "One."}'), binary_reason(b"\\xff\\xfe{\\x00")
    (None, 'UTF-16 encoded JSON lines are not supported: save the file as UTF-8')
    """
    head = head[:SNIFF_BYTES]
    if head.count(b"\x00") > max(2, len(head) // 100) or looks_binary(head.decode("utf-8", "replace")):
        if head.startswith((b"\xff\xfe", b"\xfe\xff")):
            return "UTF-16 encoded JSON lines are not supported: save the file as UTF-8"
        return "binary file (not UTF-8 JSON lines)"
    return None


def read(
    f: IO[bytes],
    where: str,
    doc_id: str,
    report: ReadReport,
    max_chars: int,
    first_line: int = 1,
    more_after: Callable[[], bool] | None = None,
) -> Iterator[tuple[str, Document]]:
    """Yield ``(where, document)`` for the lines of a JSON-lines stream (``doc_id#N`` when a line has no id).

    ``first_line`` > 1: the stream is a later block of a file (:mod:`graphkit.distributed` reads a
    large file in byte ranges), whose first line is line ``first_line`` of the file: lines are
    numbered from there, and the file's start (checked for binary data with the first block) and
    emptiness are not this block's to judge. ``more_after``: for the first block of a file cut in
    blocks, says whether the file holds anything after it (a blank first block is no empty file).

    Examples
    --------
    >>> import io
    >>> report = ReadReport()
    >>> lines = io.BufferedReader(io.BytesIO(b'{"id": "a", "text": "One."}\\nnot json\\n{"text": "Two."}\\n'))
    >>> [(at, doc.id) for at, doc in read(lines, "in.jsonl", "in.jsonl", report, 1000)]
    [('in.jsonl:1', 'a'), ('in.jsonl:3', 'in.jsonl#3')]
    >>> [problem.where for problem in report.skipped]
    ['in.jsonl:2']
    """
    reason = binary_reason(f.peek(SNIFF_BYTES) if hasattr(f, "peek") else b"") if first_line == 1 else None
    if reason is not None:
        report.skip(where, reason)
        return
    found = False
    # \uXXXX escapes take 6 bytes a character: a line within the character limit may take 6 times
    max_line = 6 * max_chars + _JSON_LINE_SLACK
    for lineno, raw in _lines(f, max_line, first_line):
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
        doc = _json_document(line, at, report, f"{doc_id}#{lineno}", max_chars)
        if doc is not None:
            yield at, doc
    if not found and first_line == 1 and not (more_after is not None and more_after()):
        report.skip(where, "empty file")
