"""Small knowledge graphs written as triples, for examples and experiments (networkx's small graphs).

The docstring examples of :mod:`graphkit.network`, :mod:`graphkit.view` and :mod:`graphkit.model`
build their graphs here, so that each runs on its own:

>>> kg = from_triples([("Russia", "arms", "Syria"), ("Israel", "attacks", "Hezbollah")])
>>> [(s.subject_mention.text, s.relation.name, s.object_mention.text) for s in kg.statements]
[('Russia', 'arms', 'Syria'), ('Israel', 'attacks', 'Hezbollah')]
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from graphkit.model import Actor, DocumentInfo, Evidence, KnowledgeGraph, Mention, Statement
from graphkit.namespaces import ACTOR

__all__ = ["actor_iri", "from_triples"]


def actor_iri(label: str) -> str:
    """Return the IRI :func:`from_triples` gives the actor called ``label``.

    Examples
    --------
    >>> actor_iri("Russia")
    'https://w3id.org/graphkit/actor/example/russia'
    """
    return str(ACTOR[f"example/{re.sub(r'[^a-z0-9]+', '-', label.lower()).strip('-')}"])


def from_triples(
    triples: Iterable[tuple[str, str, str] | tuple[str, str, str, Mapping[str, Any]]],
    *,
    types: Mapping[str, str] | None = None,
    doc: str = "example",
    date: str | None = None,
) -> KnowledgeGraph:
    """Return a knowledge graph with one statement per ``(subject, relation, object)`` triple.

    Parameters
    ----------
    triples : iterable of tuples
        Actor labels and a relation name of the vocabulary, optionally followed by a dict of
        :class:`~graphkit.model.Statement` fields (``polarity``, ``modality``, ``date``,
        ``confidence``, ``doc``).
    types : mapping of str to str, optional
        Actor type by label (default ``"State"``).
    doc : str
        Id of the one document the statements are read from (unless a triple names its own).
    date : str, optional
        Date of that document.

    Returns
    -------
    KnowledgeGraph
        Each statement's evidence is the sentence "subject relation object." of a document made of
        these sentences, with the mentions at their offsets.

    Examples
    --------
    >>> kg = from_triples([("Russia", "arms", "Syria", {"polarity": "negative"})])
    >>> kg.statements[0].evidence.text, kg.statements[0].polarity
    ('Russia arms Syria.', 'negative')
    >>> sorted(a.label for a in kg.actors.values())
    ['Russia', 'Syria']
    """
    from graphkit.vocabulary import default_vocabulary

    vocabulary = default_vocabulary()
    types = dict(types or {})
    kg = KnowledgeGraph()
    offsets: dict[str, int] = {}
    for triple in triples:
        subject, relation_name, obj = triple[:3]
        fields = dict(triple[3]) if len(triple) > 3 else {}
        doc_id = fields.pop("doc", doc)
        relation = vocabulary[relation_name]
        for label in (subject, obj):
            iri = actor_iri(label)
            kg.actors.setdefault(iri, Actor(id=iri, label=label, type=types.get(label, "State")))
        if doc_id not in kg.documents:
            kg.documents[doc_id] = DocumentInfo(id=doc_id, date=date if doc_id == doc else None)
        start = offsets.get(doc_id, 0)
        text = f"{subject} {relation.name} {obj}."
        object_start = start + len(subject) + len(relation.name) + 2
        kg.statements.append(
            Statement(
                doc=doc_id,
                relation=relation,
                subject=actor_iri(subject),
                object=actor_iri(obj),
                subject_mention=Mention(doc_id, subject, start, start + len(subject), actor_iri(subject)),
                object_mention=Mention(doc_id, obj, object_start, object_start + len(obj), actor_iri(obj)),
                evidence=Evidence(text, start, start + len(text)),
                **fields,
            )
        )
        kg.mentions.extend((kg.statements[-1].subject_mention, kg.statements[-1].object_mention))
        offsets[doc_id] = start + len(text) + 1
    return kg
