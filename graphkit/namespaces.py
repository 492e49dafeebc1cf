"""The IRI namespaces graphkit mints terms in, as rdflib ``Namespace`` objects, and the W3C ones it uses.

The base can be changed with the ``GRAPHKIT_BASE_IRI`` environment variable before import, so an
organisation can mint actors under its own domain; the ontology keeps its own namespace.

The W3C vocabularies (``RDF``, ``XSD``, ``SKOS``, ``PROV``, ``DCTERMS``) take their IRIs from rdflib,
so that every module spells an IRI such as ``xsd:string`` the same way and none types it:

>>> str(XSD.string), str(DCTERMS.identifier)
('http://www.w3.org/2001/XMLSchema#string', 'http://purl.org/dc/terms/identifier')
"""

from __future__ import annotations

import os

from rdflib import Namespace
from rdflib import namespace as _w3c

__all__ = [
    "ACTOR",
    "BASE",
    "DCTERMS",
    "DOC",
    "GK",
    "MENTION",
    "ONTOLOGY",
    "ONTOLOGY_BASE",
    "PROV",
    "RDF",
    "SKOS",
    "STATEMENT",
    "XSD",
]

#: Where the ontology's terms live: fixed, since ``ontologies/*.ttl`` are written against it.
ONTOLOGY_BASE = "https://w3id.org/graphkit/"
#: Where instance data (actors, statements, documents) is minted: configurable.
BASE = os.environ.get("GRAPHKIT_BASE_IRI", ONTOLOGY_BASE)

#: Classes and properties of the ontology (``ontologies/graphkit.ttl``).
GK = Namespace(ONTOLOGY_BASE + "ontology#")
#: Actors, gazetteer and provisional.
ACTOR = Namespace(BASE + "actor/")
#: Statement nodes (n-ary relations).
STATEMENT = Namespace(BASE + "statement/")
#: Documents, which are also the names of their named graphs.
DOC = Namespace(BASE + "doc/")
#: Mention nodes: spans of a document that name an actor.
MENTION = Namespace(BASE + "mention/")
#: The ontology itself, also the name of the graph it is loaded into for queries.
ONTOLOGY = ONTOLOGY_BASE + "ontology"

# Plain Namespaces, not rdflib's closed DefinedNamespaces: those warn on any unknown attribute
# (doctest collection probes every module global for one).
RDF = Namespace(str(_w3c.RDF))
XSD = Namespace(str(_w3c.XSD))
SKOS = Namespace(str(_w3c.SKOS))
PROV = Namespace(str(_w3c.PROV))
DCTERMS = Namespace(str(_w3c.DCTERMS))
