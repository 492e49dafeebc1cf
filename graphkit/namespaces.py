"""The IRI namespaces graphkit mints terms in, as rdflib ``Namespace`` objects.

The base can be changed with the ``GRAPHKIT_BASE_IRI`` environment variable before import, so an
organisation can mint actors under its own domain.
"""

from __future__ import annotations

import os

from rdflib import Namespace

BASE = os.environ.get("GRAPHKIT_BASE_IRI", "https://w3id.org/graphkit/")

#: Classes and properties of the ontology (``ontologies/graphkit.ttl``).
GK = Namespace(BASE + "ontology#")
#: Actors, gazetteer and provisional.
ACTOR = Namespace(BASE + "actor/")
#: Statement nodes (n-ary relations).
STATEMENT = Namespace(BASE + "statement/")
#: Documents, which are also the names of their named graphs.
DOC = Namespace(BASE + "doc/")
#: Mention nodes: spans of a document that name an actor.
MENTION = Namespace(BASE + "mention/")
#: The ontology itself, also the name of the graph it is loaded into for queries.
ONTOLOGY = BASE + "ontology"
