"""RDF views of a knowledge graph: the statement model as quads, and the rdflib views of it.

The model (``ontologies/graphkit.ttl``, checked by ``ontologies/shapes.ttl``):

* the **default graph** holds the actors (``gk:State``, ``gk:ArmedGroup`` ...), labelled with SKOS;
* each **document** is a named graph (its IRI) holding the document's Dublin Core description, its
  mentions (``gk:Mention``) and its statements (``gk:Statement``, an n-ary node: subject, relation,
  object, polarity, modality, confidence, who it is attributed to, the evidence sentence and its
  offsets, ``prov:wasDerivedFrom`` the document);
* every positive statement also yields the plain triple ``subject relation object`` in its
  document's graph, so that ``?a gk:arms ?b`` works; a negated one never does.

Turtle and N-Triples merge the graphs into one (every node still says which document it comes
from); TriG, N-Quads and JSON-LD keep them. IRIs are deterministic and output is sorted, so the same
graph always gives byte-identical files. Writing goes through the writer registry
(:mod:`graphkit.writers`: pyoxigraph for the RDF syntaxes, rdflib to compact JSON-LD with graphkit's
context); reading back is :mod:`graphkit.readback` (``load``, ``kg_from_quads`` and ``parse_quads``
are importable from here too); :func:`to_dataset` gives the rdflib view for modelling.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import rdflib

from graphkit.io import atomic_write
from graphkit.model import (
    ACTOR_TYPES,
    Actor,
    DocumentInfo,
    KnowledgeGraph,
    Mention,
    Statement,
    document_iri,
)
from graphkit.namespaces import ACTOR, DCTERMS, DOC, GK, MENTION, ONTOLOGY, PROV, RDF, SKOS, STATEMENT, XSD
from graphkit.quads import rdflib_dataset, rdflib_term
from graphkit.resources import ontology_path
from graphkit.text import scrub_surrogates

__all__ = [
    "FORMATS",
    "NETWORK_FORMATS",
    "PREFIXES",
    "actor_quads",
    "document_quads",
    "guess_format",
    "jsonld_context",
    "mention_iri",
    "ontology_quads",
    "relation_iri",
    "serialize",
    "to_dataset",
    "to_graph",
    "to_quads",
    "write_output",
    "write_rdf",
]

RDF_NS = str(RDF)
XSD_NS = str(XSD)
SKOS_NS = str(SKOS)
PROV_NS = str(PROV)
DCTERMS_NS = str(DCTERMS)

#: The prefixes of Turtle and TriG output (and of the JSON-LD context).
PREFIXES = {
    "gk": str(GK),
    "actor": str(ACTOR),
    "doc": str(DOC),
    "statement": str(STATEMENT),
    "mention": str(MENTION),
    "rdf": RDF_NS,
    "xsd": XSD_NS,
    "skos": SKOS_NS,
    "prov": PROV_NS,
    "dcterms": DCTERMS_NS,
}

#: The RDF syntaxes graphkit writes and reads back, by writer name, with pyoxigraph's format for them
#: (writing any format goes through the writer registry, :mod:`graphkit.writers`).
FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "trig": ox.RdfFormat.TRIG,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nq": ox.RdfFormat.N_QUADS,
    "json-ld": ox.RdfFormat.JSON_LD,
}
#: The actor network formats (for Gephi), written by :mod:`graphkit.writers.gephi`.
NETWORK_FORMATS = ("graphml", "gexf")

PathLike = str | os.PathLike


_ONTOLOGY_GRAPH = ox.NamedNode(ONTOLOGY)


# -- terms ----------------------------------------------------------------------------------------
def relation_iri(name: str) -> str:
    """Return the IRI of a relation property (``gk:arms`` for ``arms``)."""
    return str(GK[name])


def mention_iri(mention: Mention) -> str:
    """Return the deterministic IRI of a mention: the same span of the same document gives the same IRI."""
    key = "\x1f".join(
        [mention.doc, str(mention.start), str(mention.end), mention.actor, mention.via, mention.text]
    )
    return str(MENTION[hashlib.sha1(key.encode("utf-8", "surrogatepass")).hexdigest()[:20]])


_doc_iri = lru_cache(maxsize=65536)(document_iri)


# A quad is built as plain, sortable data first:
#     (graph, subject, not_type, predicate, rank, object)
# graph is "" for the default graph; object is (0, IRI, "") or (1, lexical form, datatype IRI);
# not_type is False only for rdf:type, so types come first; rank orders the values of one property
# (zero except for aliases, which keep the gazetteer's order: RDF has none, so graphkit writes them
# in order and load() reads them back in the order they appear). Sorting these tuples gives the
# output order, and each pyoxigraph term is built once, at the end: fast and deterministic.
Row = tuple

_S = XSD_NS + "string"
_TYPE_IRI = RDF_NS + "type"


def _iri(value: str) -> tuple[int, str, str]:
    return (0, value, "")


def _lit(value: str, datatype: str = _S) -> tuple[int, str, str]:
    return (1, value, datatype)


def _int(value: int) -> tuple[int, str, str]:
    return (1, str(int(value)), XSD_NS + "integer")


def _decimal(value: float) -> tuple[int, str, str]:
    """Return ``value`` as an xsd:decimal in canonical form (what Oxigraph stores), exact for a float."""
    number = Decimal(repr(float(value)))
    if not number.is_finite():
        raise ValueError(f"confidence must be a finite number, not {value!r}")
    number = round(number, 18)  # xsd:decimal as Oxigraph keeps it: at most 18 fractional digits
    text = format(number.normalize(), "f")
    return (1, "0" if text in ("-0", "") else text, XSD_NS + "decimal")


_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
_YEAR_MONTH_RE = re.compile(r"\d{4}-(0[1-9]|1[0-2])")
_YEAR_RE = re.compile(r"\d{4}")
# canonical xsd:dateTime only: no trailing zeros in fractions, UTC written as Z
_DATETIME_RE = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d*[1-9])?(Z|[+-](?!00:00)\d{2}:\d{2})?")


def _date(value: str) -> tuple[int, str, str]:
    """Return an ISO 8601 date as a typed literal (xsd:date, dateTime, gYearMonth, gYear).

    A value that is not a valid date in the canonical form of its type stays an xsd:string, so the
    exact text survives a round trip through any store.
    """
    if _DATE_RE.fullmatch(value):
        try:
            date.fromisoformat(value)
            return _lit(value, XSD_NS + "date")
        except ValueError:
            pass
    elif _DATETIME_RE.fullmatch(value):
        try:
            datetime.fromisoformat(value)
            return _lit(value, XSD_NS + "dateTime")
        except ValueError:
            pass
    elif _YEAR_MONTH_RE.fullmatch(value):
        return _lit(value, XSD_NS + "gYearMonth")
    elif _YEAR_RE.fullmatch(value):
        return _lit(value, XSD_NS + "gYear")
    return _lit(value)


class _Terms:
    """IRIs of the terms graphkit writes, as strings: ``_t.subject`` is ``gk:subject``."""

    type = _TYPE_IRI
    pref_label = SKOS_NS + "prefLabel"
    alt_label = SKOS_NS + "altLabel"
    derived_from = PROV_NS + "wasDerivedFrom"
    identifier = DCTERMS_NS + "identifier"
    title = DCTERMS_NS + "title"
    date = DCTERMS_NS + "date"
    source = DCTERMS_NS + "source"
    is_part_of = DCTERMS_NS + "isPartOf"

    def __getattr__(self, name: str) -> str:
        iri = str(GK[name])
        setattr(self, name, iri)
        return iri


#: The IRIs of the terms graphkit writes (``TERMS.subject`` is ``gk:subject``): one spelling for
#: the writer here and the reader (:mod:`graphkit.readback`).
TERMS = _Terms()
_t = TERMS


# -- the model as rows ----------------------------------------------------------------------------
def _actor_rows(actor: Actor) -> Iterator[Row]:
    if actor.type not in ACTOR_TYPES:
        raise ValueError(f"actor {actor.id} has type {actor.type!r}; known types: {', '.join(ACTOR_TYPES)}")
    s = actor.id
    yield ("", s, False, _t.type, 0, _iri(str(GK[actor.type])))
    yield ("", s, True, _t.pref_label, 0, _lit(actor.label))
    for rank, alias in enumerate(actor.aliases):
        yield ("", s, True, _t.alt_label, rank, _lit(alias))
    if actor.country:
        yield ("", s, True, _t.country, 0, _lit(actor.country))
    if actor.cameo:
        yield ("", s, True, _t.cameoCode, 0, _lit(actor.cameo))
    if actor.sector:
        yield ("", s, True, _t.sector, 0, _lit(actor.sector))
    if actor.part_of:
        yield ("", s, True, _t.partOf, 0, _iri(actor.part_of))
    if actor.provisional:
        yield ("", s, True, _t.provisional, 0, _lit("true", XSD_NS + "boolean"))


def _document_rows(doc: DocumentInfo) -> Iterator[Row]:
    d = _doc_iri(doc.id)
    yield (d, d, False, _t.type, 0, _iri(_t.Document))
    yield (d, d, True, _t.identifier, 0, _lit(doc.id))
    if doc.title is not None:
        yield (d, d, True, _t.title, 0, _lit(doc.title))
    if doc.date:
        yield (d, d, True, _t.date, 0, _date(doc.date))
    if doc.source is not None:
        yield (d, d, True, _t.source, 0, _lit(doc.source))
    if doc.url is not None:
        yield (d, d, True, _t.url, 0, _lit(doc.url, XSD_NS + "anyURI"))
    if doc.text_hash is not None:
        yield (d, d, True, _t.textHash, 0, _lit(doc.text_hash))
    yield (d, d, True, _t.length, 0, _int(doc.length))


def _mention_rows(m: Mention, iri: str) -> Iterator[Row]:
    g = _doc_iri(m.doc)
    yield (g, iri, False, _t.type, 0, _iri(_t.Mention))
    yield (g, iri, True, _t.denotes, 0, _iri(m.actor))
    yield (g, iri, True, _t.start, 0, _int(m.start))
    yield (g, iri, True, _t.end, 0, _int(m.end))
    yield (g, iri, True, _t.text, 0, _lit(m.text))
    yield (g, iri, True, _t.via, 0, _lit(m.via))
    yield (g, iri, True, _t.is_part_of, 0, _iri(g))


def _statement_rows(st: Statement, mention_iris: dict[Mention, str]) -> Iterator[Row]:
    g = _doc_iri(st.doc)
    s = st.id
    relation = relation_iri(st.relation.name)
    yield (g, s, False, _t.type, 0, _iri(_t.Statement))
    yield (g, s, True, _t.subject, 0, _iri(st.subject))
    yield (g, s, True, _t.predicate, 0, _iri(relation))
    yield (g, s, True, _t.object, 0, _iri(st.object))
    yield (g, s, True, _t.polarity, 0, _lit(st.polarity))
    yield (g, s, True, _t.modality, 0, _lit(st.modality))
    yield (g, s, True, _t.confidence, 0, _decimal(st.confidence))
    if st.attributed_to:
        yield (g, s, True, _t.attributedTo, 0, _iri(st.attributed_to))
    if st.outlet:
        yield (g, s, True, _t.reportedBy, 0, _iri(st.outlet))
    yield (g, s, True, _t.evidenceText, 0, _lit(st.evidence.text))
    yield (g, s, True, _t.evidenceStart, 0, _int(st.evidence.start))
    yield (g, s, True, _t.evidenceEnd, 0, _int(st.evidence.end))
    yield (g, s, True, _t.subjectMention, 0, _iri(mention_iris[st.subject_mention]))
    yield (g, s, True, _t.objectMention, 0, _iri(mention_iris[st.object_mention]))
    if st.trigger is not None:
        yield (g, s, True, _t.trigger, 0, _lit(st.trigger))
    yield (g, s, True, _t.derived_from, 0, _iri(g))
    if st.date:
        yield (g, s, True, _t.date, 0, _date(st.date))
    if st.is_positive_assertion:
        # the plain edge, so that simple SPARQL (?a gk:arms ?b) works; never for a negated statement
        yield (g, st.subject, True, relation, 0, _iri(st.object))


def _rows(kg: KnowledgeGraph, *, actors: bool = True) -> Iterator[Row]:
    if actors:
        for actor in kg.actors.values():
            yield from _actor_rows(actor)
    for doc in kg.documents.values():
        yield from _document_rows(doc)
    # every mention once, whether listed in kg.mentions or only used by a statement
    mentions = dict.fromkeys(kg.mentions)
    for st in kg.statements:
        mentions.setdefault(st.subject_mention)
        mentions.setdefault(st.object_mention)
    mention_iris = {m: mention_iri(m) for m in mentions}
    for m, iri in mention_iris.items():
        yield from _mention_rows(m, iri)
    for st in kg.statements:
        yield from _statement_rows(st, mention_iris)
    # a statement or mention whose document is not registered still gets a document node
    for doc_id in sorted({m.doc for m in mentions} | {s.doc for s in kg.statements}):
        if doc_id not in kg.documents:
            yield from _document_rows(DocumentInfo(id=doc_id))


def _build(rows: Iterable[Row], flat: bool) -> list[Any]:
    """Deduplicate and sort rows, then build the pyoxigraph quads (triples when ``flat``).

    Order: the default graph first, then graphs by IRI; within a graph by subject, ``rdf:type``
    first, then property and object (aliases in their own order). Turtle and TriG written in this
    order group each subject's properties together.
    """
    # dict, not set: rows come mostly in order already, and sorting them in that order is fast
    unique = sorted(dict.fromkeys(row[1:] for row in rows) if flat else dict.fromkeys(rows))
    # each IRI and each object becomes a pyoxigraph term once
    iris = {row[i] for row in unique for i in ((0, 2) if flat else (0, 1, 3))}
    iris.update(o[1] if o[0] == 0 else o[2] for o in {row[-1] for row in unique})
    iris.discard("")
    nodes: dict[str, Any] = {}
    for iri in iris:
        try:
            nodes[iri] = ox.NamedNode(iri)
        except ValueError as error:
            raise ValueError(f"not a valid IRI: {iri!r} ({error})") from None
    nodes[""] = ox.DefaultGraph()
    objects: dict[tuple[int, str, str], Any] = {}
    for obj in {row[-1] for row in unique}:
        kind, value, datatype = obj
        if kind == 0:
            objects[obj] = nodes[value]
        else:
            try:
                objects[obj] = ox.Literal(value, datatype=nodes[datatype])
            except ValueError:
                # lone surrogates (from badly decoded input) cannot be written as UTF-8
                objects[obj] = ox.Literal(scrub_surrogates(value), datatype=nodes[datatype])
    if flat:
        triple = ox.Triple
        return [triple(nodes[s], nodes[p], objects[o]) for s, _, p, _, o in unique]
    quad = ox.Quad
    return [quad(nodes[s], nodes[p], objects[o], nodes[g]) for g, s, _, p, _, o in unique]


def to_quads(kg: KnowledgeGraph, *, flat: bool = False) -> list[ox.Quad] | list[ox.Triple]:
    """Return the graph as sorted, deduplicated pyoxigraph quads (triples when ``flat``).

    Examples
    --------
    >>> from graphkit.samples import from_triples
    >>> quads = to_quads(from_triples([("Russia", "arms", "Hezbollah")]))
    >>> sorted({q.graph_name.value for q in quads if isinstance(q.graph_name, ox.NamedNode)})
    ['https://w3id.org/graphkit/doc/example-50d858e0985ecc7f6041']
    >>> store = ox.Store()
    >>> store.extend(quads)
    >>> len(store)
    35
    """
    return _build(_rows(kg), flat)


def document_quads(kg: KnowledgeGraph, doc_id: str) -> list[ox.Quad]:
    """Return the quads of one document's named graph (its description, mentions and statements)."""
    part = KnowledgeGraph(
        documents={doc_id: kg.documents.get(doc_id, DocumentInfo(id=doc_id))},
        mentions=[m for m in kg.mentions if m.doc == doc_id],
        statements=[s for s in kg.statements if s.doc == doc_id],
    )
    return _build(_rows(part, actors=False), flat=False)


def actor_quads(actor: Actor) -> list[ox.Quad]:
    """Return the quads describing one actor (default graph), in order."""
    return _build(_actor_rows(actor), flat=False)


@lru_cache(maxsize=1)
def _ontology_quads() -> tuple[ox.Quad, ...]:
    path = ontology_path("graphkit.ttl")
    return tuple(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE, without_named_graphs=True))


def ontology_quads() -> list[ox.Quad]:
    """Return the ontology (``ontologies/graphkit.ttl``) as quads in its own named graph.

    Queries that need relation families or labels read them from this graph.
    """
    return [ox.Quad(q.subject, q.predicate, q.object, _ONTOLOGY_GRAPH) for q in _ontology_quads()]


# -- rdflib views ---------------------------------------------------------------------------------
def _bind_prefixes(graph: rdflib.Graph) -> None:
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)


def to_dataset(kg: KnowledgeGraph) -> rdflib.Dataset:
    """Return the graph as an rdflib ``Dataset``: actors in the default graph, one named graph per document.

    Parameters
    ----------
    kg : KnowledgeGraph

    Returns
    -------
    rdflib.Dataset
        The default graph holds the actors; the graph named by each document's IRI holds its
        description, mentions, statements and the plain triples of its positive statements.

    Examples
    --------
    >>> from graphkit.samples import from_triples
    >>> ds = to_dataset(from_triples([("Russia", "arms", "Hezbollah")]))
    >>> len(ds.default_graph), len(ds.graph(rdflib.URIRef(document_iri("example"))))
    (4, 31)
    """
    ds = rdflib.Dataset()
    _bind_prefixes(ds)
    return rdflib_dataset(to_quads(kg), ds)


def to_graph(kg: KnowledgeGraph) -> rdflib.Graph:
    """Return the graph as one flat rdflib ``Graph`` (the document graphs merged, as in Turtle).

    Examples
    --------
    >>> from graphkit.samples import from_triples
    >>> len(to_graph(from_triples([("Russia", "arms", "Hezbollah")])))
    35
    """
    graph = rdflib.Graph()
    _bind_prefixes(graph)
    for t in to_quads(kg, flat=True):
        graph.add((rdflib_term(t.subject), rdflib_term(t.predicate), rdflib_term(t.object)))
    return graph


# -- writing (through the writer registry, graphkit.writers) -------------------------------------
def guess_format(path: PathLike | None = None, format: str | None = None) -> str:
    """Return the output format name for ``format`` or, when it is None, for the suffix of ``path``.

    Names are those of the writer registry (:mod:`graphkit.writers`): ``turtle`` (.ttl), ``trig``,
    ``nt``, ``nq``, ``json-ld`` (.jsonld), ``graphml``, ``gexf``, ``statements`` (.jsonl), ``html``.

    Examples
    --------
    >>> guess_format("out/graph.TTL"), guess_format(format="n-quads")
    ('turtle', 'nq')
    """
    from graphkit.writers import format_name

    return format_name(path, format)


@lru_cache(maxsize=1)
def jsonld_context() -> dict[str, Any]:
    """Return the JSON-LD context of graphkit output (``ontologies/graphkit.context.jsonld``).

    Examples
    --------
    >>> jsonld_context()["gk"]
    'https://w3id.org/graphkit/ontology#'
    """
    context = json.loads(ontology_path("graphkit.context.jsonld").read_text(encoding="utf-8"))["@context"]
    context.update(PREFIXES)  # the minted namespaces follow GRAPHKIT_BASE_IRI
    return context


def serialize(kg: KnowledgeGraph, format: str = "turtle") -> bytes:
    """Return the graph serialized in an RDF format (``turtle``, ``trig``, ``nt``, ``nq``, ``json-ld``).

    The same graph always gives the same bytes.

    Examples
    --------
    >>> actor = Actor(str(ACTOR.RUS), "Russia", "State")
    >>> serialize(KnowledgeGraph(actors={actor.id: actor}), "turtle").decode().splitlines()[-2]
    'actor:RUS a gk:State ;'
    """
    from graphkit.writers import WRITERS

    name = guess_format(format=format)
    writer = WRITERS.load(name)
    if not hasattr(writer, "serialize"):
        raise ValueError(f"{name} is not an RDF format; write it with graphkit.writers.write()")
    return writer.serialize(kg)


def write_rdf(kg: KnowledgeGraph, path: PathLike, format: str | None = None) -> Path:
    """Write the graph as RDF, atomically; the format comes from the suffix when not given.

    Parameters
    ----------
    kg : KnowledgeGraph
    path : output file (``.ttl``, ``.trig``, ``.nt``, ``.nq``, ``.jsonld``)
    format : ``turtle``, ``trig``, ``nt``, ``nq`` or ``json-ld``; default from the suffix

    Returns
    -------
    Path
        The file written.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     write_rdf(KnowledgeGraph(), Path(tmp) / "graph.trig").name
    'graph.trig'
    """
    data = serialize(kg, guess_format(path, format))
    with atomic_write(path, "wb") as f:
        f.write(data)
    return Path(path)


def write_output(kg: KnowledgeGraph, path: PathLike, format: str | None = None) -> Path:
    """Write the graph in any registered format (RDF, GraphML/GEXF ...): :func:`graphkit.writers.write`."""
    from graphkit.writers import write

    return write(kg, path, format)


def __getattr__(name: str) -> Any:
    # reading lives in graphkit.readback, the Gephi writers in graphkit.writers.gephi (so that this
    # module needs no networkx); both are still importable from here
    if name in ("load", "kg_from_quads", "parse_quads"):
        from graphkit import readback

        return getattr(readback, name)
    if name in ("network_for_gephi", "write_network"):
        from graphkit.writers import gephi

        return getattr(gephi, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
