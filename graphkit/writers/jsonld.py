"""JSON-LD, compacted by rdflib with graphkit's context (``ontologies/graphkit.context.jsonld``).

pyoxigraph writes JSON-LD too, but only expanded; rdflib compacts it with the context. The
document is compacted a graph at a time (the actors of the default graph, then each document's
named graph), so that a streaming build can write it without holding the corpus: the top-level
nodes are sorted by ``@id`` (in memory here, on disk in :mod:`graphkit.partitions`), and the same
graph always gives the same bytes.
"""

from __future__ import annotations

import io
import itertools
import json
import os
import warnings
from collections.abc import Iterable
from typing import IO, Any

from graphkit.io import atomic_write
from graphkit.model import KnowledgeGraph
from graphkit.quads import rdflib_dataset
from graphkit.rdf import jsonld_context, to_quads

__all__ = ["compact_nodes", "node_key", "node_text", "serialize", "write", "write_nodes"]


def serialize(kg: KnowledgeGraph) -> bytes:
    """Return the graph as compacted JSON-LD, one ``@graph`` per document, nodes sorted by ``@id``.

    Examples
    --------
    >>> import json
    >>> from graphkit.model import Actor
    >>> from graphkit.namespaces import ACTOR
    >>> kg = KnowledgeGraph(actors={ACTOR.RUS: Actor(str(ACTOR.RUS), "Russia", "State")})
    >>> json.loads(serialize(kg))["@graph"]
    [{'@id': 'actor:RUS', '@type': 'gk:State', 'label': 'Russia'}]
    """
    # to_quads lists the default graph first, then each named graph: compacted one at a time
    by_graph = itertools.groupby(to_quads(kg), key=lambda q: q.graph_name)
    nodes = [node for _, quads in by_graph for node in compact_nodes(quads)]
    nodes.sort(key=node_key)
    out = io.StringIO()
    write_nodes(out, map(node_text, nodes))
    return out.getvalue().encode("utf-8")


def compact_nodes(quads: Iterable[Any]) -> list[Any]:
    """Return the top-level nodes of some pyoxigraph quads, compacted with graphkit's context.

    A named graph is one node (``{"@id": graph, "@graph": [...]}``); the nodes of the default
    graph are top-level nodes themselves. Nested ``@graph`` lists are sorted by ``@id``.
    """
    ds = rdflib_dataset(list(quads))
    with warnings.catch_warnings():
        # rdflib's JSON-LD writer uses its own deprecated Dataset API: not the caller's concern
        warnings.simplefilter("ignore", DeprecationWarning)
        text = ds.serialize(format="json-ld", context=jsonld_context(), auto_compact=True)
    document = json.loads(text)
    document.pop("@context", None)
    if "@id" in document:  # one node, or one named graph, compacted as the document itself
        nodes: Any = [document]
    else:
        nodes = document.pop("@graph", [document] if document else [])
    # rdflib wraps the default graph in a {"@graph": [...]} object without @id, which JSON-LD reads
    # as a graph named by a blank node: hoist its nodes to the top level, the default graph
    top: list[Any] = []
    for node in nodes if isinstance(nodes, list) else [nodes]:
        if isinstance(node, dict) and set(node) == {"@graph"}:
            top.extend(node["@graph"] if isinstance(node["@graph"], list) else [node["@graph"]])
        else:
            top.append(node)
    _sort_nodes(top)
    return top


def node_key(node: Any) -> tuple[str, str]:
    """The order of top-level nodes: by ``@id``, then by their JSON (deterministic output)."""
    return (str(node.get("@id", "")) if isinstance(node, dict) else "", json.dumps(node))


def node_text(node: Any) -> str:
    """A top-level node as :func:`write_nodes` writes it (indented for its place in the document).

    Only the newlines ``json.dumps`` puts between members are indented: a string keeps its own
    line separators ("\x85", "\u2028": ``str.splitlines`` and ``textwrap.indent`` would split
    there), and a newline inside a string is written escaped.
    """
    return "  " + json.dumps(node, ensure_ascii=False, indent=1, sort_keys=True).replace("\n", "\n  ")


def write_nodes(f: IO[str], texts: Iterable[str]) -> None:
    """Write the document ``{"@context": ..., "@graph": [...]}`` from nodes already in order.

    The bytes are those of ``json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True)``
    (and a newline), written a node at a time.
    """
    context = json.dumps(jsonld_context(), ensure_ascii=False, indent=1, sort_keys=True)
    f.write('{\n "@context": ' + context.replace("\n", "\n ") + ',\n "@graph": [')
    first = True
    for text in texts:
        f.write(("\n" if first else ",\n") + text)
        first = False
    f.write("]\n}\n" if first else "\n ]\n}\n")


def _sort_nodes(node: Any) -> None:
    # rdflib lists nodes in store order: sort every @graph by @id so that output is deterministic
    # (values keep their order: aliases are written in gazetteer order)
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "@graph" and isinstance(value, list):
                value.sort(key=node_key)
            _sort_nodes(value)
    elif isinstance(node, list):
        for item in node:
            _sort_nodes(item)


def write(kg: KnowledgeGraph, path: str | os.PathLike[str]) -> None:
    """Write the graph as JSON-LD to ``path``, atomically."""
    data = serialize(kg)
    with atomic_write(path, "wb") as f:
        f.write(data)
