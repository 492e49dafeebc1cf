"""Reading graphkit RDF back into the model: :func:`load` (any RDF source), :func:`kg_from_quads`.

Also importable from :mod:`graphkit.rdf`, where they were first. Files are parsed by pyoxigraph,
streaming; any other source is read through :func:`graphkit.quads.as_quads`.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from typing import Any

import pyoxigraph as ox

from graphkit.model import ACTOR_TYPES, Actor, DocumentInfo, Evidence, KnowledgeGraph, Mention, Statement
from graphkit.namespaces import GK, ONTOLOGY
from graphkit.quads import RdfSource, as_quads
from graphkit.rdf import FORMATS, TERMS, guess_format, relation_iri
from graphkit.vocabulary import Vocabulary, default_vocabulary

__all__ = ["kg_from_quads", "load", "parse_quads"]

PathLike = str | os.PathLike
_t = TERMS
_ACTOR_CLASSES = {str(GK[t]): t for t in ACTOR_TYPES}
_ONTOLOGY_GRAPH = ox.NamedNode(ONTOLOGY)


def parse_quads(path: PathLike, format: str | None = None) -> Iterator[ox.Quad]:
    """Parse an RDF file (any RDF syntax graphkit writes) into pyoxigraph quads, streaming.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     _ = (Path(tmp) / "g.nt").write_text("<urn:a> <urn:p> <urn:b> .\\n")
    ...     [str(q) for q in parse_quads(Path(tmp) / "g.nt")]
    ['<urn:a> <urn:p> <urn:b>']
    """
    name = guess_format(path, format)
    if name not in FORMATS:
        raise ValueError(f"{name} is not an RDF format: it cannot be read back into the model")
    return ox.parse(path=os.fspath(path), format=FORMATS[name])


def load(
    source: RdfSource,
    format: str | None = None,
    *,
    vocabulary: Vocabulary | None = None,
) -> KnowledgeGraph:
    """Read a graph that graphkit wrote back into the model.

    Parameters
    ----------
    source : a file (Turtle, TriG, N-Triples, N-Quads or JSON-LD), a list of files, an rdflib
        ``Graph``/``Dataset``, a pyoxigraph ``Store`` or a store directory: anything
        :func:`graphkit.quads.as_quads` reads (the ontology's graph in it is ignored)
    format : the format of the files; default from their suffixes
    vocabulary : the relations to resolve statements against; default the shipped ontology's

    Returns
    -------
    KnowledgeGraph
        Actors, documents, mentions and statements as they were written: actors sorted by IRI,
        documents by id, mentions and statements by document and position.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> from graphkit.namespaces import ACTOR
    >>> from graphkit.rdf import write_rdf
    >>> actor = Actor(str(ACTOR.RUS), "Russia", "State", aliases=("Moscow", "the Kremlin"))
    >>> kg = KnowledgeGraph(actors={actor.id: actor})
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     load(write_rdf(kg, Path(tmp) / "graph.trig")) == kg
    True
    """
    return kg_from_quads(as_quads(source, format), vocabulary=vocabulary)


class _Node:
    """The properties of one subject, values in the order they were read."""

    __slots__ = ("iri", "values")

    def __init__(self, iri: str):
        self.iri = iri
        self.values: dict[str, list[Any]] = {}

    def all(self, prop: str) -> list[Any]:
        return self.values.get(prop, [])

    def get(self, prop: str) -> Any:
        found = self.values.get(prop)
        return found[0] if found else None

    def need(self, prop: str) -> Any:
        found = self.values.get(prop)
        if not found:
            raise ValueError(f"<{self.iri}> has no <{prop}>: not a graph graphkit wrote")
        return found[0]

    def text(self, prop: str) -> str | None:
        value = self.get(prop)
        return value.value if value is not None else None


def kg_from_quads(quads: Iterable[ox.Quad], *, vocabulary: Vocabulary | None = None) -> KnowledgeGraph:
    """Rebuild a :class:`KnowledgeGraph` from quads (or triples) in graphkit's RDF model.

    Graph names are not needed: every statement and mention names its document. The ontology's
    graph, blank nodes and triples about anything else are ignored.

    Examples
    --------
    >>> from graphkit.rdf import to_quads
    >>> from graphkit.samples import from_triples
    >>> kg = from_triples([("Russia", "arms", "Syria")])
    >>> [s.relation.name for s in kg_from_quads(to_quads(kg, flat=True)).statements]
    ['arms']
    """
    nodes: dict[str, _Node] = {}
    for q in quads:
        if getattr(q, "graph_name", None) == _ONTOLOGY_GRAPH or not isinstance(q.subject, ox.NamedNode):
            continue
        node = nodes.get(q.subject.value)
        if node is None:
            node = nodes[q.subject.value] = _Node(q.subject.value)
        values = node.values.setdefault(q.predicate.value, [])
        if q.object not in values:
            values.append(q.object)

    vocabulary = vocabulary or default_vocabulary()
    relations = {relation_iri(name): relation for name, relation in vocabulary.items()}
    by_type: dict[str, list[_Node]] = {}
    for node in nodes.values():
        for t in node.all(_t.type):
            by_type.setdefault(t.value, []).append(node)

    kg = KnowledgeGraph()
    doc_ids: dict[str, str] = {}
    documents = []
    for node in by_type.get(_t.Document, []):
        length = node.get(_t.length)
        doc = DocumentInfo(
            id=node.need(_t.identifier).value,
            title=node.text(_t.title),
            date=node.text(_t.date),
            url=node.text(_t.url),
            source=node.text(_t.source),
            text_hash=node.text(_t.textHash),
            length=int(length.value) if length is not None else 0,
        )
        doc_ids[node.iri] = doc.id
        documents.append(doc)
    kg.documents = {d.id: d for d in sorted(documents, key=lambda d: d.id)}

    def doc_of(node: _Node, prop: str) -> str:
        iri = node.need(prop).value
        if iri not in doc_ids:
            raise ValueError(f"<{node.iri}> comes from <{iri}>, which is not described as a gk:Document")
        return doc_ids[iri]

    actors = []
    for class_iri, type_name in _ACTOR_CLASSES.items():
        for node in by_type.get(class_iri, []):
            part_of = node.get(_t.partOf)
            provisional = node.get(_t.provisional)
            actors.append(
                Actor(
                    id=node.iri,
                    label=node.need(_t.pref_label).value,
                    type=type_name,
                    country=node.text(_t.country),
                    aliases=tuple(a.value for a in node.all(_t.alt_label)),
                    sector=node.text(_t.sector),
                    cameo=node.text(_t.cameoCode),
                    part_of=part_of.value if part_of is not None else None,
                    provisional=provisional is not None and provisional.value in ("true", "1"),
                )
            )
    kg.actors = {a.id: a for a in sorted(actors, key=lambda a: a.id)}

    mentions: dict[str, Mention] = {}
    for node in by_type.get(_t.Mention, []):
        mentions[node.iri] = Mention(
            doc=doc_of(node, _t.is_part_of),
            text=node.need(_t.text).value,
            start=int(node.need(_t.start).value),
            end=int(node.need(_t.end).value),
            actor=node.need(_t.denotes).value,
            via=node.need(_t.via).value,
        )
    kg.mentions = sorted(mentions.values(), key=lambda m: (m.doc, m.start, m.end, m.actor, m.via, m.text))

    def mention(node: _Node, prop: str) -> Mention:
        iri = node.need(prop).value
        if iri not in mentions:
            raise ValueError(f"<{node.iri}> refers to the mention <{iri}>, which is not in the graph")
        return mentions[iri]

    statements = []
    for node in by_type.get(_t.Statement, []):
        predicate = node.need(_t.predicate).value
        if predicate not in relations:
            raise ValueError(
                f"<{node.iri}> has the relation <{predicate}>, which the vocabulary does not define"
            )
        attributed = node.get(_t.attributedTo)
        outlet = node.get(_t.reportedBy)
        statements.append(
            Statement(
                doc=doc_of(node, _t.derived_from),
                relation=relations[predicate],
                subject=node.need(_t.subject).value,
                object=node.need(_t.object).value,
                subject_mention=mention(node, _t.subjectMention),
                object_mention=mention(node, _t.objectMention),
                evidence=Evidence(
                    text=node.need(_t.evidenceText).value,
                    start=int(node.need(_t.evidenceStart).value),
                    end=int(node.need(_t.evidenceEnd).value),
                ),
                polarity=node.need(_t.polarity).value,
                modality=node.need(_t.modality).value,
                attributed_to=attributed.value if attributed is not None else None,
                confidence=float(node.need(_t.confidence).value),
                date=node.text(_t.date),
                trigger=node.text(_t.trigger),
                outlet=outlet.value if outlet is not None else None,
            )
        )
    kg.statements = sorted(statements, key=_statement_key)
    return kg


def _statement_key(s: Statement) -> tuple:
    return (
        s.doc,
        s.evidence.start,
        s.subject_mention.start,
        s.object_mention.start,
        s.relation.name,
        s.polarity,
        s.id,
    )
