"""Output formats: a registry of writers by name, each imported on first use.

A writer is an object (a module, or an instance) with ``write(kg, path, **options)``, which writes
the file atomically (:func:`graphkit.io.atomic_write`); a writer of an RDF syntax also has
``serialize(kg) -> bytes``. Registered here: the RDF syntaxes (Turtle, TriG, N-Triples, N-Quads,
JSON-LD), the actor network for Gephi (GraphML, GEXF), the statements (FORMAT.md JSON lines, and a
table: CSV, Parquet) and the HTML view. :func:`write` picks one by name, alias or file suffix;
``graphkit build --formats`` and its help take their names from here (:func:`selectable_formats`).

Adding a format is one module with ``write`` and one :func:`register_writer` line.

Examples
--------
>>> format_name("out/graph.ttl"), format_name(format="JSONLD"), format_name(format="jsonl")
('turtle', 'json-ld', 'statements')
>>> ",".join(selectable_formats())
'ttl,trig,nt,nq,jsonld,graphml,gexf'
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from graphkit.plugins import Plugin, Registry

if TYPE_CHECKING:
    from graphkit.model import KnowledgeGraph

__all__ = [
    "WRITERS",
    "check_formats",
    "format_name",
    "register_writer",
    "selectable_formats",
    "write",
    "writer_for",
]

#: Output writers by name; see :func:`register_writer`.
WRITERS = Registry("writer")


def register_writer(
    name: str,
    target: str | object,
    *,
    aliases: tuple[str, ...] = (),
    suffix: str = "",
    selectable: bool = True,
) -> None:
    """Register an output writer.

    Parameters
    ----------
    name : the format's name (``turtle``)
    target : ``"module"`` or ``"module:attribute"`` of an object with ``write(kg, path, **options)``,
        imported on first use (or the object itself)
    aliases : other names, also taken as file suffixes (``ttl``)
    suffix : the suffix of the files it writes, without the dot; default the name
    selectable : whether ``build --formats`` may ask for it (as ``OUT/graph.SUFFIX``); the
        statements and the view have options of their own
    """
    WRITERS.register(name, target, aliases=aliases, suffix=suffix or name, selectable=selectable)


def format_name(path: str | os.PathLike[str] | None = None, format: str | None = None) -> str:
    """Return the writer name for ``format`` or, when it is None, for the suffix of ``path`` (Turtle
    when neither is given); raise ``ValueError`` for a format no writer registers."""
    if format is not None:
        if format not in WRITERS:
            known = ", ".join(sorted(set(WRITERS.names())))
            raise ValueError(f"unknown format {format!r}; known: {known}")
        return WRITERS.name_of(format)
    if path is None:
        return "turtle"
    suffix = Path(path).suffix.lower().lstrip(".")
    if not suffix or suffix not in WRITERS:
        raise ValueError(f"cannot tell the format of {os.fspath(path)!r} from its suffix; give format=")
    return WRITERS.name_of(suffix)


def writer_for(path: str | os.PathLike[str] | None = None, format: str | None = None) -> Plugin:
    """Return the writer plugin for a format name or a path's suffix (see :func:`format_name`)."""
    return WRITERS.get(format_name(path, format))


def write(
    kg: KnowledgeGraph, path: str | os.PathLike[str], format: str | None = None, **options: Any
) -> Path:
    """Write ``kg`` to ``path`` in a registered format (default from the suffix), atomically.

    Parameters
    ----------
    kg : KnowledgeGraph
    path : the file to write
    format : a writer name or alias; default from the suffix of ``path``
    **options : passed to the writer (``max_actors`` for ``html``, ``mentions`` for ``statements``)

    Returns
    -------
    Path
        The file written.

    Examples
    --------
    >>> import tempfile
    >>> from graphkit.model import KnowledgeGraph
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = write(KnowledgeGraph(), Path(tmp) / "graph.nt")
    ...     path.name, path.read_bytes()
    ('graph.nt', b'')
    """
    writer_for(path, format).load().write(kg, Path(path), **options)
    return Path(path)


def selectable_formats() -> list[str]:
    """Return the suffixes ``build --formats`` takes, in registration order."""
    return [plugin.info["suffix"] for plugin in WRITERS if plugin.info["selectable"]]


def check_formats(formats: Iterable[str]) -> list[str]:
    """Return ``formats`` unchanged when ``build --formats`` may write each; else raise ``ValueError``.

    Examples
    --------
    >>> check_formats(["ttl", "gexf"])
    ['ttl', 'gexf']
    >>> check_formats(["html"])
    Traceback (most recent call last):
    ...
    ValueError: unknown format 'html' for --formats; known: ttl,trig,nt,nq,jsonld,graphml,gexf
    """
    formats = list(formats)
    for fmt in formats:
        if fmt not in WRITERS or not WRITERS.info(fmt)["selectable"]:
            raise ValueError(f"unknown format {fmt!r} for --formats; known: {','.join(selectable_formats())}")
    return formats


register_writer("turtle", "graphkit.writers.rdf:TURTLE", aliases=("ttl",), suffix="ttl")
register_writer("trig", "graphkit.writers.rdf:TRIG")
register_writer("nt", "graphkit.writers.rdf:N_TRIPLES", aliases=("ntriples", "n-triples"))
register_writer("nq", "graphkit.writers.rdf:N_QUADS", aliases=("nquads", "n-quads"))
register_writer("json-ld", "graphkit.writers.jsonld", aliases=("jsonld", "json"), suffix="jsonld")
register_writer("graphml", "graphkit.writers.gephi:GRAPHML")
register_writer("gexf", "graphkit.writers.gephi:GEXF")
register_writer(
    "statements", "graphkit.writers.statements", aliases=("jsonl",), suffix="jsonl", selectable=False
)
register_writer("html", "graphkit.writers.html", selectable=False)
register_writer("csv", "graphkit.writers.table:CSV", selectable=False)
register_writer("parquet", "graphkit.writers.table:PARQUET", selectable=False)
