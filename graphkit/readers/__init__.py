"""Input formats: a registry of document readers by file suffix, each imported on first use.

A reader is registered with the suffixes it takes; :func:`graphkit.documents.read_documents` picks
it by a file's suffix, and the suffixes a folder walk reads, its "not a supported file type"
warning and the command line's help all come from this registry. Two kinds:

* a **whole-file** reader ``parse(text: str) -> (title or None, body)`` gets the decoded text of
  one file (within the size limit, binary data already refused) and returns its title and body;
  cleaning, limits and the :class:`~graphkit.documents.Document` are the caller's;
* a **streaming** reader (``streaming=True``) ``read(f, where, doc_id, report, max_chars)`` gets
  the binary stream and yields ``(where, Document)`` pairs, several per file (JSON lines); it
  reports its own problems and keeps each document within ``max_chars``.

Adding a format is one module with that function and one :func:`register_reader` line.

Examples
--------
>>> describe_suffixes()
'.txt .md .jsonl .html'
>>> reader_for(".HTM").name, reader_for(".csv").name
('html', 'text')
"""

from __future__ import annotations

from graphkit.plugins import Plugin, Registry

__all__ = ["READERS", "describe_suffixes", "reader_for", "register_reader", "supported_suffixes"]

#: Document readers by name; see :func:`register_reader`.
READERS = Registry("reader")


def register_reader(
    name: str, target: str | object, *, suffixes: tuple[str, ...], streaming: bool = False, label: str = ""
) -> None:
    """Register a document reader for file suffixes.

    Parameters
    ----------
    name : the reader's name (``html``)
    target : ``"module:function"``, imported on first use (or the function itself)
    suffixes : the file suffixes it reads, with the dot (``(".html", ".htm")``); the first one
        names the format in messages
    streaming : True for a reader of the binary stream that yields several documents
    label : how messages name the format (``HTML``); default the name
    """
    READERS.register(
        name,
        target,
        suffixes=tuple(s.lower() for s in suffixes),
        streaming=streaming,
        label=label or name,
    )


def reader_for(suffix: str, default: str | None = "text") -> Plugin | None:
    """Return the reader of a file suffix (``".md"``); ``default``'s for a suffix none registers.

    A file named on the command line is read whatever its suffix (as text by default); a folder
    walk reads only the files whose suffix a reader registers (:func:`supported_suffixes`).
    """
    suffix = suffix.lower()
    for plugin in READERS:
        if suffix in plugin.info["suffixes"]:
            return plugin
    return READERS.get(default) if default is not None else None


def supported_suffixes() -> frozenset[str]:
    """Return every suffix a registered reader takes (``.txt``, ``.md``, ``.jsonl`` ...)."""
    return frozenset(s for plugin in READERS for s in plugin.info["suffixes"])


def describe_suffixes() -> str:
    """Return the formats for messages and help: each reader's first suffix, in registration order."""
    return " ".join(plugin.info["suffixes"][0] for plugin in READERS)


register_reader("text", "graphkit.readers.text:parse", suffixes=(".txt",))
register_reader("markdown", "graphkit.readers.markdown:parse", suffixes=(".md", ".markdown"))
register_reader("jsonl", "graphkit.readers.jsonl:read", suffixes=(".jsonl", ".ndjson"), streaming=True)
register_reader("html", "graphkit.readers.html:parse", suffixes=(".html", ".htm"), label="HTML")
