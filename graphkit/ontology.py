"""The shipped ontology (``ontologies/graphkit.ttl``), read once per process.

Code that needs a list the ontology defines (the actor types, the quad classes) reads it from
here rather than copying it, so the two cannot drift apart. The lists keep the order in which the
ontology declares their terms, which is the order people read them in (and that outputs follow).
"""

from __future__ import annotations

from functools import lru_cache

import pyoxigraph as ox

from graphkit.namespaces import GK
from graphkit.resources import ontology_path

__all__ = ["actor_types", "ontology_triples", "quad_classes"]

_RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_SUBCLASS_OF = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#subClassOf")
_NOTATION = ox.NamedNode("http://www.w3.org/2004/02/skos/core#notation")


@lru_cache(maxsize=1)
def ontology_triples() -> tuple[ox.Triple, ...]:
    """Return the triples of ``graphkit.ttl`` in the order the file states them (parsed once).

    Examples
    --------
    >>> len(ontology_triples()) > 100
    True
    """
    # a streaming parser yields the triples in document order, which the lists below keep
    return tuple(ox.parse(path=str(ontology_path("graphkit.ttl")), format=ox.RdfFormat.TURTLE))


def _local(term: ox.NamedNode) -> str:
    return term.value.rsplit("#", 1)[-1]


@lru_cache(maxsize=1)
def actor_types() -> tuple[str, ...]:
    """Return the local names of the actor classes (the subclasses of ``gk:Actor``), as declared.

    Examples
    --------
    >>> actor_types()[:3]
    ('State', 'Government', 'Military')
    """
    actor = ox.NamedNode(str(GK.Actor))
    found = (t.subject for t in ontology_triples() if t.predicate == _SUBCLASS_OF and t.object == actor)
    return tuple(dict.fromkeys(_local(s) for s in found if isinstance(s, ox.NamedNode)))


@lru_cache(maxsize=1)
def quad_classes() -> tuple[str, ...]:
    """Return the notations of the relation families (the ``gk:QuadClass`` individuals), as declared.

    Examples
    --------
    >>> quad_classes()
    ('verbal-cooperation', 'material-cooperation', 'verbal-conflict', 'material-conflict', 'structural')
    """
    triples = ontology_triples()
    quad_class = ox.NamedNode(str(GK.QuadClass))
    members = [t.subject for t in triples if t.predicate == _RDF_TYPE and t.object == quad_class]
    notation = {t.subject: t.object.value for t in triples if t.predicate == _NOTATION}
    return tuple(dict.fromkeys(notation[m] for m in members))
