"""Any RDF source as pyoxigraph quads (:func:`as_quads`), and the term converters to and from rdflib.

Every module that accepts "an RDF source" (:func:`graphkit.rdf.load`, :func:`graphkit.query.to_store`,
:func:`graphkit.push.push`, :func:`graphkit.validate.validate`) reads it through :func:`as_quads`,
so they all accept the same things and see the same quads: graph names are always kept (a consumer
that wants one flat graph drops them itself, as validation does).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import rdflib

from graphkit.model import KnowledgeGraph
from graphkit.namespaces import XSD
from graphkit.text import scrub_surrogates

__all__ = [
    "STAGING_SUFFIX",
    "RdfSource",
    "as_quads",
    "graph_name",
    "is_staging",
    "oxigraph_term",
    "rdflib_dataset",
    "rdflib_term",
]

PathLike = str | os.PathLike
#: What :func:`as_quads` accepts.
RdfSource = KnowledgeGraph | ox.Store | rdflib.Graph | PathLike | Sequence[PathLike]

_XSD_STRING = ox.NamedNode(str(XSD.string))

#: The end of a staging graph's name: the store writes a document's new version there first
#: (:mod:`graphkit.store`); one left by a crash is never read as data.
STAGING_SUFFIX = "#graphkit-staging"


def is_staging(graph: Any) -> bool:
    """Return True for the name of a store's staging graph (left by a run that stopped mid-update).

    Examples
    --------
    >>> staging = ox.NamedNode("https://w3id.org/graphkit/doc/a-1#graphkit-staging")
    >>> is_staging(staging), is_staging(ox.DefaultGraph())
    (True, False)
    """
    return isinstance(graph, ox.NamedNode) and graph.value.endswith(STAGING_SUFFIX)


def _without_staging(quads: Iterable[ox.Quad]) -> Iterator[ox.Quad]:
    for q in quads:
        if not is_staging(q.graph_name):
            yield q


_RDFLIB_DEFAULT = "urn:x-rdflib:default"


def as_quads(source: RdfSource, format: str | None = None) -> Iterator[ox.Quad]:
    """Yield the quads of an RDF source, graph names kept.

    Parameters
    ----------
    source : a KnowledgeGraph (its quads, :func:`graphkit.rdf.to_quads`), a pyoxigraph ``Store``,
        a store directory (opened read-only), an rdflib ``Dataset``/``ConjunctiveGraph`` (each
        quad in its graph) or ``Graph`` (all in the default graph), an RDF file, or a list of files
    format : the files' RDF format (``turtle``, ``trig``, ``nt``, ``nq``, ``json-ld``); default
        from each file's suffix

    Returns
    -------
    An iterator of ``pyoxigraph.Quad``, read lazily (files are parsed as they are consumed).

    Examples
    --------
    >>> g = rdflib.Graph()
    >>> _ = g.add((rdflib.URIRef("urn:a"), rdflib.URIRef("urn:p"), rdflib.Literal("x")))
    >>> [str(q) for q in as_quads(g)]
    ['<urn:a> <urn:p> "x"']
    >>> ds = rdflib.Dataset()
    >>> _ = ds.graph(rdflib.URIRef("urn:g")).add(next(iter(g)))
    >>> [q.graph_name for q in as_quads(ds)]
    [<NamedNode value=urn:g>]
    """
    from graphkit.rdf import to_quads
    from graphkit.readback import parse_quads

    if isinstance(source, ox.Store):
        yield from _without_staging(source)
    elif isinstance(source, KnowledgeGraph):
        yield from to_quads(source)
    elif isinstance(source, rdflib.ConjunctiveGraph):
        for s, p, o, g in source.quads((None, None, None, None)):
            yield ox.Quad(oxigraph_term(s), oxigraph_term(p), oxigraph_term(o), graph_name(g))
    elif isinstance(source, rdflib.Graph):
        for s, p, o in source.triples((None, None, None)):
            yield ox.Quad(oxigraph_term(s), oxigraph_term(p), oxigraph_term(o))
    elif isinstance(source, (str, os.PathLike)) and Path(source).is_dir():
        yield from _without_staging(ox.Store.read_only(os.fspath(source)))
    elif isinstance(source, (str, os.PathLike)):
        yield from parse_quads(source, format)
    elif isinstance(source, Iterable):
        for path in source:
            yield from parse_quads(path, format)
    else:
        raise TypeError(f"cannot read RDF from a {type(source).__name__}")


def graph_name(graph: Any) -> ox.NamedNode | ox.DefaultGraph:
    """Return the pyoxigraph graph name of an rdflib graph or graph identifier (None: the default graph).

    Examples
    --------
    >>> graph_name(rdflib.URIRef("urn:g")), graph_name(None)
    (<NamedNode value=urn:g>, <DefaultGraph>)
    """
    identifier = getattr(graph, "identifier", graph)
    if identifier is None or str(identifier) == _RDFLIB_DEFAULT:
        return ox.DefaultGraph()
    return ox.NamedNode(str(identifier))


def rdflib_term(term: Any) -> Any:
    """Return the rdflib term of a pyoxigraph term; literals keep their exact lexical form.

    Examples
    --------
    >>> rdflib_term(ox.Literal("2024-01-01T00:00:00Z", datatype=ox.NamedNode(str(XSD.dateTime))))
    rdflib.term.Literal('2024-01-01T00:00:00Z', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#dateTime'))
    """
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


def oxigraph_term(term: Any) -> Any:
    """Return the pyoxigraph term of an rdflib term (lone surrogates in plain literals become U+FFFD).

    Examples
    --------
    >>> oxigraph_term(rdflib.Literal("chez", lang="fr"))
    <Literal value=chez language=fr>
    """
    if isinstance(term, rdflib.URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, rdflib.BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, rdflib.Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is None:
            return ox.Literal(scrub_surrogates(str(term)))
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
    raise TypeError(f"cannot convert {term!r} to pyoxigraph")


def rdflib_dataset(quads: Iterable[ox.Quad], dataset: rdflib.Dataset | None = None) -> rdflib.Dataset:
    """Add pyoxigraph quads to an rdflib ``Dataset`` (a new one by default), each into its graph; return it.

    Examples
    --------
    >>> a, p, g = ox.NamedNode("urn:a"), ox.NamedNode("urn:p"), ox.NamedNode("urn:g")
    >>> ds = rdflib_dataset([ox.Quad(a, p, ox.Literal("x"), g)])
    >>> len(ds.graph(rdflib.URIRef("urn:g")))
    1
    """
    ds = dataset if dataset is not None else rdflib.Dataset()
    graphs: dict[str, rdflib.Graph] = {}
    default = ds.default_graph
    for q in quads:
        triple = (rdflib_term(q.subject), rdflib_term(q.predicate), rdflib_term(q.object))
        if isinstance(q.graph_name, ox.DefaultGraph):
            default.add(triple)
        else:
            name = q.graph_name.value
            if name not in graphs:
                graphs[name] = ds.graph(rdflib.URIRef(name))
            graphs[name].add(triple)
    return ds
