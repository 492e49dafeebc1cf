"""The IRI namespaces graphkit mints terms in, as rdflib ``Namespace`` objects.

The base can be changed with the ``GRAPHKIT_BASE_IRI`` environment variable before import, so an
organisation can mint actors under its own domain; the ontology keeps its own namespace.
"""

from __future__ import annotations

import os

from rdflib import Namespace

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
