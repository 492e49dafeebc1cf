"""RDF views of a knowledge graph: the statement model, the file formats, and reading them back.

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
graph always gives byte-identical files. Parsing and serializing go through pyoxigraph (fast),
except JSON-LD output, which rdflib compacts with graphkit's context
(``ontologies/graphkit.context.jsonld``); :func:`to_dataset` gives the rdflib view for modelling.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import warnings
from collections.abc import Iterable, Iterator, Sequence
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
    Evidence,
    KnowledgeGraph,
    Mention,
    Statement,
    document_iri,
)
from graphkit.namespaces import ACTOR, DOC, GK, MENTION, ONTOLOGY, STATEMENT
from graphkit.resources import ontology_path
from graphkit.vocabulary import Vocabulary, default_vocabulary

__all__ = [
    "FORMATS",
    "NETWORK_FORMATS",
    "PREFIXES",
    "actor_quads",
    "document_quads",
    "guess_format",
    "jsonld_context",
    "kg_from_quads",
    "load",
    "mention_iri",
    "network_for_gephi",
    "ontology_quads",
    "parse_quads",
    "relation_iri",
    "serialize",
    "to_dataset",
    "to_graph",
    "to_quads",
    "write_network",
    "write_output",
    "write_rdf",
]

RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
XSD_NS = "http://www.w3.org/2001/XMLSchema#"
SKOS_NS = "http://www.w3.org/2004/02/skos/core#"
PROV_NS = "http://www.w3.org/ns/prov#"
DCTERMS_NS = "http://purl.org/dc/terms/"

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

#: RDF output formats by name, with the pyoxigraph format that writes them.
FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "trig": ox.RdfFormat.TRIG,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nq": ox.RdfFormat.N_QUADS,
    "json-ld": ox.RdfFormat.JSON_LD,
}
#: The actor network formats (for Gephi), written by :func:`write_network`.
NETWORK_FORMATS = ("graphml", "gexf")

_FORMAT_NAMES = {
    "ttl": "turtle",
    "turtle": "turtle",
    "trig": "trig",
    "nt": "nt",
    "ntriples": "nt",
    "n-triples": "nt",
    "nq": "nq",
    "nquads": "nq",
    "n-quads": "nq",
    "jsonld": "json-ld",
    "json-ld": "json-ld",
    "json": "json-ld",
    "graphml": "graphml",
    "gexf": "gexf",
}

PathLike = str | os.PathLike


_ACTOR_CLASSES = {str(GK[t]): t for t in ACTOR_TYPES}
_ONTOLOGY_GRAPH = ox.NamedNode(ONTOLOGY)
_XSD_STRING = ox.NamedNode(XSD_NS + "string")


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
_SURROGATE = re.compile("[\ud800-\udfff]")


def _scrub(text: str) -> str:
    # Lone surrogates (from badly decoded input) cannot be written as UTF-8: replace each by U+FFFD,
    # one code point for one, so that character offsets stay right.
    # (a regex, not a UTF-16 round trip, which would fuse a pair of them into one code point)
    return _SURROGATE.sub("\ufffd", text)


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


_t = _Terms()


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
                objects[obj] = ox.Literal(_scrub(value), datatype=nodes[datatype])
    if flat:
        triple = ox.Triple
        return [triple(nodes[s], nodes[p], objects[o]) for s, _, p, _, o in unique]
    quad = ox.Quad
    return [quad(nodes[s], nodes[p], objects[o], nodes[g]) for g, s, _, p, _, o in unique]


def to_quads(kg: KnowledgeGraph, *, flat: bool = False) -> list[ox.Quad] | list[ox.Triple]:
    """Return the graph as sorted, deduplicated pyoxigraph quads (triples when ``flat``).

    Examples
    --------
    >>> quads = to_quads(kg)  # doctest: +SKIP
    >>> store = pyoxigraph.Store(); store.extend(quads)  # doctest: +SKIP
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
def _to_rdflib(term: Any) -> Any:
    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return rdflib.Literal(term.value, lang=term.language)
        if term.datatype == _XSD_STRING:
            return rdflib.Literal(term.value)
        # normalize=False: rdflib would rewrite lexical forms ("Z" -> "+00:00"); keep them exact
        return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value), normalize=False)
    raise TypeError(f"cannot convert {term!r} to rdflib")


def _from_rdflib(term: Any) -> Any:
    if isinstance(term, rdflib.URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, rdflib.BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, rdflib.Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is None:
            return ox.Literal(_scrub(str(term)))
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
    raise TypeError(f"cannot convert {term!r} to pyoxigraph")


def _fill_dataset(ds: rdflib.Dataset, quads: Iterable[ox.Quad]) -> rdflib.Dataset:
    graphs: dict[str, rdflib.Graph] = {}
    default = ds.default_graph
    for q in quads:
        triple = (_to_rdflib(q.subject), _to_rdflib(q.predicate), _to_rdflib(q.object))
        if isinstance(q.graph_name, ox.DefaultGraph):
            default.add(triple)
        else:
            name = q.graph_name.value
            if name not in graphs:
                graphs[name] = ds.graph(rdflib.URIRef(name))
            graphs[name].add(triple)
    return ds


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
    >>> ds = to_dataset(kg)  # doctest: +SKIP
    >>> print(ds.serialize(format="trig"))  # doctest: +SKIP
    """
    ds = rdflib.Dataset()
    _bind_prefixes(ds)
    return _fill_dataset(ds, to_quads(kg))


def to_graph(kg: KnowledgeGraph) -> rdflib.Graph:
    """Return the graph as one flat rdflib ``Graph`` (the document graphs merged, as in Turtle).

    Examples
    --------
    >>> g = to_graph(kg)  # doctest: +SKIP
    >>> len(g) > 0  # doctest: +SKIP
    True
    """
    graph = rdflib.Graph()
    _bind_prefixes(graph)
    for t in to_quads(kg, flat=True):
        graph.add((_to_rdflib(t.subject), _to_rdflib(t.predicate), _to_rdflib(t.object)))
    return graph


# -- writing --------------------------------------------------------------------------------------
def guess_format(path: PathLike | None = None, format: str | None = None) -> str:
    """Return the output format name for ``format`` or, when it is None, for the suffix of ``path``.

    Names: ``turtle`` (.ttl), ``trig``, ``nt``, ``nq``, ``json-ld`` (.jsonld), ``graphml``, ``gexf``.
    """
    if format is not None:
        name = _FORMAT_NAMES.get(format.lower().lstrip("."))
        if name is None:
            raise ValueError(f"unknown format {format!r}; known: {', '.join(sorted(set(_FORMAT_NAMES)))}")
        return name
    if path is None:
        return "turtle"
    suffix = Path(path).suffix.lower().lstrip(".")
    name = _FORMAT_NAMES.get(suffix)
    if name is None:
        raise ValueError(f"cannot tell the format of {os.fspath(path)!r} from its suffix; give format=")
    return name


@lru_cache(maxsize=1)
def jsonld_context() -> dict[str, Any]:
    """Return the JSON-LD context of graphkit output (``ontologies/graphkit.context.jsonld``)."""
    context = json.loads(ontology_path("graphkit.context.jsonld").read_text(encoding="utf-8"))["@context"]
    context.update(PREFIXES)  # the minted namespaces follow GRAPHKIT_BASE_IRI
    return context


def _jsonld(quads: list[ox.Quad]) -> bytes:
    ds = _fill_dataset(rdflib.Dataset(), quads)
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


def serialize(kg: KnowledgeGraph, format: str = "turtle") -> bytes:
    """Return the graph serialized in an RDF format (``turtle``, ``trig``, ``nt``, ``nq``, ``json-ld``).

    The same graph always gives the same bytes.

    Examples
    --------
    >>> print(serialize(kg, "trig").decode())  # doctest: +SKIP
    """
    name = guess_format(format=format)
    if name not in FORMATS:
        raise ValueError(f"{name} is not an RDF format; use write_network() for the actor network")
    rdf_format = FORMATS[name]
    if name == "json-ld":
        return _jsonld(to_quads(kg))
    items = to_quads(kg, flat=not rdf_format.supports_datasets)
    if name in ("nt", "nq"):
        return ox.serialize(items, format=rdf_format)
    return _ordered_prefixes(ox.serialize(items, format=rdf_format, prefixes=PREFIXES))


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
    >>> write_rdf(kg, "out/graph.trig")  # doctest: +SKIP
    PosixPath('out/graph.trig')
    """
    data = serialize(kg, guess_format(path, format))
    with atomic_write(path, "wb") as f:
        f.write(data)
    return Path(path)


def write_output(kg: KnowledgeGraph, path: PathLike, format: str | None = None) -> Path:
    """Write the graph in any format: RDF (:func:`write_rdf`) or GraphML/GEXF (:func:`write_network`)."""
    name = guess_format(path, format)
    if name in NETWORK_FORMATS:
        return write_network(kg, path, format=name)
    return write_rdf(kg, path, format=name)


# -- the actor network for Gephi ------------------------------------------------------------------
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _gephi_value(value: Any) -> Any:
    if isinstance(value, (list, tuple, set)):
        value = "; ".join(str(v) for v in value)
    if isinstance(value, str):
        return _XML_INVALID.sub("\ufffd", value)
    return value


def network_for_gephi(kg: KnowledgeGraph):
    """Return the weighted actor network with only string, number and boolean attributes.

    One directed edge per actor pair from the positive statements (``graphkit.network.to_digraph``),
    nodes and edges in sorted order so that files written from it are deterministic.
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


def write_network(kg: KnowledgeGraph, path: PathLike, format: str | None = None) -> Path:
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
    >>> write_network(kg, "out/actors.gexf")  # doctest: +SKIP
    PosixPath('out/actors.gexf')
    """
    import networkx as nx

    name = guess_format(path, format)
    G = network_for_gephi(kg)
    if name == "graphml":
        lines = nx.generate_graphml(G)
    elif name == "gexf":
        # the GEXF writer stamps today's date into <meta>: leave it out so the output is reproducible
        lines = (re.sub(r' lastmodifieddate="[^"]*"', "", line) for line in nx.generate_gexf(G))
    else:
        raise ValueError(f"{name} is not a network format; known: {', '.join(NETWORK_FORMATS)}")
    with atomic_write(path, "w") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        for line in lines:
            f.write(line + "\n")
    return Path(path)


# -- reading --------------------------------------------------------------------------------------
def parse_quads(path: PathLike, format: str | None = None) -> Iterator[ox.Quad]:
    """Parse an RDF file (any format graphkit writes) into pyoxigraph quads, streaming."""
    name = guess_format(path, format)
    if name not in FORMATS:
        raise ValueError(f"{name} is not an RDF format: it cannot be read back into the model")
    return ox.parse(path=os.fspath(path), format=FORMATS[name])


Source = PathLike | Sequence[PathLike] | rdflib.Graph | ox.Store


def load(
    source: Source,
    format: str | None = None,
    *,
    vocabulary: Vocabulary | None = None,
) -> KnowledgeGraph:
    """Read a graph that graphkit wrote back into the model.

    Parameters
    ----------
    source : a file (Turtle, TriG, N-Triples, N-Quads or JSON-LD), a list of files, an rdflib
        ``Graph``/``Dataset`` or a pyoxigraph ``Store``
    format : the format of the files; default from their suffixes
    vocabulary : the relations to resolve statements against; default the shipped ontology's

    Returns
    -------
    KnowledgeGraph
        Actors, documents, mentions and statements as they were written: actors sorted by IRI,
        documents by id, mentions and statements by document and position.

    Examples
    --------
    >>> kg = load("out/graph.ttl")  # doctest: +SKIP
    >>> kg == load("out/graph.trig")  # doctest: +SKIP
    True
    """
    if isinstance(source, ox.Store):
        return kg_from_quads(source, vocabulary=vocabulary)
    if isinstance(source, rdflib.Graph):
        triples = (
            ((s, p, o) for s, p, o, _ in source.quads((None, None, None, None)))
            if isinstance(source, rdflib.ConjunctiveGraph)
            else source.triples((None, None, None))
        )
        quads = (ox.Quad(_from_rdflib(s), _from_rdflib(p), _from_rdflib(o)) for s, p, o in triples)
        return kg_from_quads(quads, vocabulary=vocabulary)
    paths = [source] if isinstance(source, (str, os.PathLike)) else list(source)

    def all_quads() -> Iterator[ox.Quad]:
        for path in paths:
            yield from parse_quads(path, format)

    return kg_from_quads(all_quads(), vocabulary=vocabulary)


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
