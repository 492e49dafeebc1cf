"""JSON-LD, compacted by rdflib with graphkit's context (``ontologies/graphkit.context.jsonld``).

pyoxigraph writes JSON-LD too, but only expanded; rdflib compacts it with the context, and the
nodes are sorted here so that the same graph always gives the same bytes.
"""

from __future__ import annotations

import json
import os
import warnings
from typing import Any

from graphkit.io import atomic_write
from graphkit.model import KnowledgeGraph
from graphkit.quads import rdflib_dataset
from graphkit.rdf import jsonld_context, to_quads

__all__ = ["serialize", "write"]


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
    ds = rdflib_dataset(to_quads(kg))
    with warnings.catch_warnings():
        # rdflib's JSON-LD writer uses its own deprecated Dataset API: not the caller's concern
        warnings.simplefilter("ignore", DeprecationWarning)
        text = ds.serialize(format="json-ld", context=jsonld_context(), auto_compact=True)
    document = json.loads(text)
    context = document.pop("@context", jsonld_context())
    nodes = document.pop("@graph", [document] if document else [])
    # rdflib wraps the default graph in a {"@graph": [...]} object without @id, which JSON-LD reads
    # as a graph named by a blank node: hoist its nodes to the top level, the default graph
    top: list[Any] = []
    for node in nodes if isinstance(nodes, list) else [nodes]:
        if isinstance(node, dict) and set(node) == {"@graph"}:
            top.extend(node["@graph"] if isinstance(node["@graph"], list) else [node["@graph"]])
        else:
            top.append(node)
    document = {"@context": context, "@graph": top}
    _sort_nodes(document)
    return (json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


def _sort_nodes(node: Any) -> None:
    # rdflib lists nodes in store order: sort every @graph by @id so that output is deterministic
    # (values keep their order: aliases are written in gazetteer order)
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "@graph" and isinstance(value, list):
                value.sort(
                    key=lambda n: (str(n.get("@id", "")) if isinstance(n, dict) else "", json.dumps(n))
                )
            _sort_nodes(value)
    elif isinstance(node, list):
        for item in node:
            _sort_nodes(item)


def write(kg: KnowledgeGraph, path: str | os.PathLike[str]) -> None:
    """Write the graph as JSON-LD to ``path``, atomically."""
    data = serialize(kg)
    with atomic_write(path, "wb") as f:
        f.write(data)
