"""Checking graphkit RDF against its SHACL shapes (``ontologies/shapes.ttl``) with pyshacl.

The data is validated as one graph (the document graphs merged, as in Turtle) with the whole
ontology added, so class targets follow ``rdfs:subClassOf`` and a statement's relation is checked
against the relation vocabulary (pyshacl's own ``ont_graph`` mixing would copy only the OWL and
RDFS axioms, not the relation annotations the shapes read).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import lru_cache

import pyoxigraph as ox
import rdflib

from graphkit.model import KnowledgeGraph
from graphkit.resources import ontology_path

__all__ = ["validate"]

Validatable = str | os.PathLike | Sequence[str | os.PathLike] | KnowledgeGraph | rdflib.Graph | ox.Store


@lru_cache(maxsize=1)
def _shapes() -> rdflib.Graph:
    return rdflib.Graph().parse(ontology_path("shapes.ttl"), format="turtle")


@lru_cache(maxsize=1)
def _ontology() -> rdflib.Graph:
    return rdflib.Graph().parse(ontology_path("graphkit.ttl"), format="turtle")


def _data_graph(source: Validatable, format: str | None) -> rdflib.Graph:
    from graphkit.rdf import _to_rdflib, parse_quads, to_graph

    if isinstance(source, KnowledgeGraph):
        return to_graph(source)
    if isinstance(source, rdflib.Graph):
        flat = rdflib.Graph()  # a copy: the caller's graph is left alone
        if isinstance(source, rdflib.ConjunctiveGraph):
            for s, p, o, _ in source.quads((None, None, None, None)):
                flat.add((s, p, o))
        else:
            for triple in source:
                flat.add(triple)
        return flat
    if isinstance(source, ox.Store):
        quads = iter(source)
    else:
        paths = [source] if isinstance(source, (str, os.PathLike)) else list(source)
        quads = (q for path in paths for q in parse_quads(path, format))
    graph = rdflib.Graph()
    for q in quads:
        if isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value.endswith("/ontology"):
            continue  # the store's copy of the ontology is mixed in below anyway
        graph.add((_to_rdflib(q.subject), _to_rdflib(q.predicate), _to_rdflib(q.object)))
    return graph


def validate(source: Validatable, format: str | None = None) -> tuple[bool, str]:
    """Validate graphkit RDF against the shapes; return whether it conforms and pyshacl's report.

    Parameters
    ----------
    source : an RDF file (or files) graphkit wrote, a KnowledgeGraph, an rdflib graph or a
        pyoxigraph Store
    format : the files' format; default from their suffixes

    Returns
    -------
    (bool, str)
        ``conforms`` and the human-readable validation report.

    Examples
    --------
    >>> conforms, report = validate("out/graph.ttl")  # doctest: +SKIP
    >>> conforms  # doctest: +SKIP
    True
    """
    import pyshacl

    data = _data_graph(source, format)
    data += _ontology()
    conforms, _, text = pyshacl.validate(
        data,
        shacl_graph=_shapes(),
        inference="none",
        advanced=True,
        allow_warnings=False,
    )
    return bool(conforms), str(text)
