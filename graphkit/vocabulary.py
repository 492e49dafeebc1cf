"""The relation vocabulary, read from the ontology (``ontologies/graphkit.ttl``).

The ontology is the single definition of every relation: its PLOVER event type, quad class,
CAMEO code and symmetry. The extractor and the RDF writer both read it from here.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping
from functools import lru_cache

from rdflib import OWL, RDF, RDFS, Graph, Literal
from rdflib.namespace import SKOS

from graphkit.model import Relation
from graphkit.namespaces import GK
from graphkit.ontology import quad_classes
from graphkit.resources import ontology_path

#: The relation families (``quad``), the ontology's ``gk:QuadClass`` notations in its order.
QUADS: tuple[str, ...] = quad_classes()
#: PLOVER's two cooperation quads, and its two conflict quads.
COOPERATION = frozenset(q for q in QUADS if q.endswith("-cooperation"))
CONFLICT = frozenset(q for q in QUADS if q.endswith("-conflict"))


class Vocabulary(Mapping[str, Relation]):
    """A read-only mapping from relation name to :class:`Relation`."""

    def __init__(self, relations: dict[str, Relation]):
        self._relations = dict(sorted(relations.items()))

    def __getitem__(self, name: str) -> Relation:
        try:
            return self._relations[name]
        except KeyError:
            raise KeyError(f"unknown relation {name!r}; known: {', '.join(self._relations)}") from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._relations)

    def __len__(self) -> int:
        return len(self._relations)

    def by_plover(self, plover: str) -> list[Relation]:
        """Return the relations of one PLOVER event type, by name.

        Examples
        --------
        >>> [r.name for r in default_vocabulary().by_plover("AID")]
        ['aids', 'arms', 'funds', 'trains']
        """
        return [r for r in self._relations.values() if r.plover == plover]

    def to_json(self) -> list[dict[str, object]]:
        """Return the relations as JSON-ready records (what a saved pipeline keeps of the ontology).

        Examples
        --------
        >>> vocab = default_vocabulary()
        >>> Vocabulary.from_json(vocab.to_json())["arms"] == vocab["arms"]
        True
        """
        return [dataclasses.asdict(r) for r in self._relations.values()]

    @classmethod
    def from_json(cls, records: list[dict[str, object]]) -> Vocabulary:
        """Rebuild a vocabulary from :meth:`to_json` records."""
        return cls({str(r["name"]): Relation(**r) for r in records})  # type: ignore[arg-type]


def _local(term) -> str:
    return str(term).rsplit("#", 1)[-1]


def vocabulary_from_graph(graph: Graph) -> Vocabulary:
    """Build the vocabulary from an ontology graph: each ``owl:ObjectProperty`` with a ``gk:relationName``."""
    relations: dict[str, Relation] = {}
    for prop in graph.subjects(RDF.type, OWL.ObjectProperty):
        name = graph.value(prop, GK.relationName)
        if name is None:
            continue
        quad = graph.value(graph.value(prop, GK.quadClass), SKOS.notation)
        plover = graph.value(prop, GK.ploverType)
        cameo = graph.value(prop, GK.cameoRoot)
        mode = graph.value(prop, GK.ploverMode)
        relations[str(name)] = Relation(
            name=str(name),
            label=str(graph.value(prop, RDFS.label) or name),
            plover=_local(plover) if plover is not None else None,
            quad=str(quad),
            symmetric=(prop, RDF.type, OWL.SymmetricProperty) in graph,
            cameo=str(cameo) if isinstance(cameo, Literal) else None,
            mode=str(mode) if mode is not None else None,
            definition=str(graph.value(prop, SKOS.definition) or ""),
        )
    return Vocabulary(relations)


@lru_cache(maxsize=1)
def default_vocabulary() -> Vocabulary:
    """Return the vocabulary of the shipped ontology (parsed once per process).

    Examples
    --------
    >>> arms = default_vocabulary()["arms"]
    >>> arms.plover, arms.quad, arms.symmetric, arms.cameo
    ('AID', 'material-cooperation', False, '072')
    """
    graph = Graph()
    graph.parse(ontology_path("graphkit.ttl"), format="turtle")
    return vocabulary_from_graph(graph)
