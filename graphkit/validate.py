"""Checking graphkit RDF against its SHACL shapes (``ontologies/shapes.ttl``) with pyshacl.

The data is validated as one graph (the document graphs merged, as in Turtle) with the whole
ontology added, so class targets follow ``rdfs:subClassOf`` and a statement's relation is checked
against the relation vocabulary (pyshacl's own ``ont_graph`` mixing would copy only the OWL and
RDFS axioms, not the relation annotations the shapes read).
"""

from __future__ import annotations

from functools import lru_cache

import pyoxigraph as ox
import rdflib

from graphkit.quads import RdfSource, as_quads, rdflib_term
from graphkit.resources import ontology_path

__all__ = ["validate"]

#: What can be validated: any RDF source (:func:`graphkit.quads.as_quads`).
Validatable = RdfSource


@lru_cache(maxsize=1)
def _shapes() -> rdflib.Graph:
    return rdflib.Graph().parse(ontology_path("shapes.ttl"), format="turtle")


@lru_cache(maxsize=1)
def _ontology() -> rdflib.Graph:
    return rdflib.Graph().parse(ontology_path("graphkit.ttl"), format="turtle")


def _data_graph(source: Validatable, format: str | None) -> rdflib.Graph:
    """The data as one flat rdflib graph (a new one: the caller's graph is left alone)."""
    graph = rdflib.Graph()
    for q in as_quads(source, format):
        if isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value.endswith("/ontology"):
            continue  # the store's copy of the ontology is mixed in below anyway
        graph.add((rdflib_term(q.subject), rdflib_term(q.predicate), rdflib_term(q.object)))
    return graph


def validate(source: Validatable, format: str | None = None) -> tuple[bool, str]:
    """Validate graphkit RDF against the shapes; return whether it conforms and pyshacl's report.

    Parameters
    ----------
    source : an RDF file (or files) graphkit wrote, a KnowledgeGraph, an rdflib graph, a
        pyoxigraph Store: anything :func:`graphkit.quads.as_quads` reads; its graphs are merged
    format : the files' format; default from their suffixes

    Returns
    -------
    (bool, str)
        ``conforms`` and the human-readable validation report.

    Examples
    --------
    >>> from graphkit.model import Actor, KnowledgeGraph
    >>> from graphkit.namespaces import ACTOR
    >>> russia = Actor(str(ACTOR.RUS), "Russia", "State")
    >>> conforms, report = validate(KnowledgeGraph(actors={russia.id: russia}))
    >>> conforms
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
