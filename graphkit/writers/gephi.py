"""The actor network for Gephi: GraphML and GEXF, written by networkx, reproducibly.

One directed edge per actor pair from the positive statements (:func:`graphkit.network.to_digraph`),
only string, number and boolean attributes, nodes and edges sorted.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from graphkit.io import atomic_write
from graphkit.model import KnowledgeGraph
from graphkit.writers import format_name

__all__ = ["GEXF", "GRAPHML", "NetworkWriter", "network_for_gephi", "write_network"]

_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _gephi_value(value: Any) -> Any:
    if isinstance(value, (list, tuple, set)):
        value = "; ".join(str(v) for v in value)
    if isinstance(value, str):
        return _XML_INVALID.sub("\ufffd", value)
    return value


def network_for_gephi(kg: KnowledgeGraph) -> Any:
    """Return the weighted actor network, a networkx ``DiGraph`` with only str, number and bool attributes.

    One directed edge per actor pair from the positive statements (``graphkit.network.to_digraph``),
    nodes and edges in sorted order so that files written from it are deterministic.

    Examples
    --------
    >>> network_for_gephi(KnowledgeGraph()).number_of_nodes()
    0
    """
    import networkx as nx

    from graphkit.network import to_digraph

    source = to_digraph(kg)
    G = nx.DiGraph()
    for node in sorted(source.nodes):
        attrs = {k: _gephi_value(v) for k, v in sorted(source.nodes[node].items()) if v is not None}
        G.add_node(node, **attrs)
    for u, v in sorted(source.edges):
        attrs = {k: _gephi_value(x) for k, x in sorted(source.edges[u, v].items()) if x is not None}
        G.add_edge(u, v, **attrs)
    return G


def write_network(kg: KnowledgeGraph, path: str | os.PathLike[str], format: str | None = None) -> Path:
    """Write the actor network as GraphML or GEXF (for Gephi), atomically and deterministically.

    Parameters
    ----------
    kg : KnowledgeGraph
    path : output file (``.graphml`` or ``.gexf``)
    format : ``graphml`` or ``gexf``; default from the suffix

    Returns
    -------
    Path
        The file written.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     write_network(KnowledgeGraph(), Path(tmp) / "actors.gexf").name
    'actors.gexf'
    """
    name = format_name(path, format)
    if name not in NETWORK_WRITERS:
        raise ValueError(f"{name} is not a network format; known: {', '.join(NETWORK_WRITERS)}")
    NETWORK_WRITERS[name].write(kg, path)
    return Path(path)


class NetworkWriter:
    """A writer of the actor network in a networkx XML format (``graphml`` or ``gexf``)."""

    def __init__(self, name: str) -> None:
        self.name = name

    def write(self, kg: KnowledgeGraph, path: str | os.PathLike[str]) -> None:
        """Write the actor network of ``kg`` to ``path``, atomically and deterministically."""
        import networkx as nx

        G = network_for_gephi(kg)
        if self.name == "graphml":
            lines = nx.generate_graphml(G)
        else:
            # the GEXF writer stamps today's date into <meta>: leave it out so the output is reproducible
            lines = (re.sub(r' lastmodifieddate="[^"]*"', "", line) for line in nx.generate_gexf(G))
        with atomic_write(path, "w") as f:
            f.write('<?xml version="1.0" encoding="UTF-8"?>\n')
            for line in lines:
                f.write(line + "\n")


GRAPHML = NetworkWriter("graphml")
GEXF = NetworkWriter("gexf")
#: The network writers by format name.
NETWORK_WRITERS = {"graphml": GRAPHML, "gexf": GEXF}
