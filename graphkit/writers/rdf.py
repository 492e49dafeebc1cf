"""The RDF syntaxes pyoxigraph writes: Turtle, TriG, N-Triples and N-Quads.

Quads come sorted and deduplicated from :func:`graphkit.rdf.to_quads` (triples for the syntaxes
without named graphs, which merge the document graphs), so the same graph always gives the same
bytes.
"""

from __future__ import annotations

import os

import pyoxigraph as ox

from graphkit.io import atomic_write
from graphkit.model import KnowledgeGraph
from graphkit.rdf import PREFIXES, to_quads

__all__ = ["N_QUADS", "N_TRIPLES", "TRIG", "TURTLE", "RdfWriter"]


class RdfWriter:
    """A writer of one RDF syntax, with graphkit's prefixes (in :data:`~graphkit.rdf.PREFIXES` order) or none.

    Examples
    --------
    >>> from graphkit.model import Actor
    >>> from graphkit.namespaces import ACTOR
    >>> kg = KnowledgeGraph(actors={ACTOR.RUS: Actor(str(ACTOR.RUS), "Russia", "State")})
    >>> TURTLE.serialize(kg).decode().splitlines()[-2]
    'actor:RUS a gk:State ;'
    >>> N_TRIPLES.serialize(kg).decode().splitlines()[-1]
    '<https://w3id.org/graphkit/actor/RUS> <http://www.w3.org/2004/02/skos/core#prefLabel> "Russia" .'
    """

    def __init__(self, format: ox.RdfFormat, *, prefixes: bool = False) -> None:
        self.format = format
        self.prefixes = prefixes

    def serialize(self, kg: KnowledgeGraph) -> bytes:
        """Return the graph in this syntax."""
        items = to_quads(kg, flat=not self.format.supports_datasets)
        if not self.prefixes:
            return ox.serialize(items, format=self.format)
        return _ordered_prefixes(ox.serialize(items, format=self.format, prefixes=PREFIXES))

    def write(self, kg: KnowledgeGraph, path: str | os.PathLike[str]) -> None:
        """Write the graph in this syntax to ``path``, atomically."""
        data = self.serialize(kg)
        with atomic_write(path, "wb") as f:
            f.write(data)


def _ordered_prefixes(data: bytes) -> bytes:
    # Oxigraph writes the @prefix lines in an order of its own: put them in PREFIXES order so the
    # header never depends on a hash map
    lines = data.split(b"\n")
    n = 0
    while n < len(lines) and lines[n].startswith(b"@prefix "):
        n += 1
    order = {name: i for i, name in enumerate(PREFIXES)}
    header = sorted(lines[:n], key=lambda line: order.get(line[8:].split(b":", 1)[0].decode(), len(order)))
    return b"\n".join(header + lines[n:])


TURTLE = RdfWriter(ox.RdfFormat.TURTLE, prefixes=True)
TRIG = RdfWriter(ox.RdfFormat.TRIG, prefixes=True)
N_TRIPLES = RdfWriter(ox.RdfFormat.N_TRIPLES)
N_QUADS = RdfWriter(ox.RdfFormat.N_QUADS)
