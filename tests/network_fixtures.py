"""Hand-built knowledge graphs for the network and view tests (and the view benchmark).

``build_kg`` makes a graph from short triples, so a test reads like the situation it checks:

    kg = build_kg([("rus", "arms", "syr"), ("isr", "attacks", "hez", {"polarity": "negative"})])
"""

from __future__ import annotations

import random
from typing import Any

from graphkit.model import Actor, DocumentInfo, Evidence, KnowledgeGraph, Mention, Statement
from graphkit.namespaces import ACTOR
from graphkit.vocabulary import default_vocabulary

#: The actors the triples may name, by key: label, type, country and aliases.
ACTORS: dict[str, tuple[str, str, str | None, tuple[str, ...]]] = {
    "rus": ("Russia", "State", "RUS", ("Russian Federation", "Moscow")),
    "syr": ("Syria", "State", "SYR", ("Damascus",)),
    "irn": ("Iran", "State", "IRN", ("Tehran",)),
    "isr": ("Israel", "State", "ISR", ("Jerusalem",)),
    "usa": ("United States", "State", "USA", ("Washington", "US")),
    "hez": ("Hezbollah", "ArmedGroup", "LBN", ()),
    "isis": ("Islamic State", "ArmedGroup", None, ("ISIS", "Daesh")),
    "un": ("United Nations", "IGO", None, ("UN",)),
    "idf": ("Israel Defense Forces", "Military", "ISR", ("IDF",)),
    "msf": ("Doctors Without Borders", "NGO", None, ("MSF",)),
}


def actor_id(key: str) -> str:
    return str(ACTOR[f"test/{key}"])


def make_actor(key: str) -> Actor:
    label, type_, country, aliases = ACTORS.get(key, (key.title(), "Organisation", None, ()))
    return Actor(id=actor_id(key), label=label, type=type_, country=country, aliases=aliases)


def make_statement(
    subject: str,
    relation: str,
    object: str,
    *,
    doc: str = "doc-1",
    text: str | None = None,
    polarity: str = "positive",
    modality: str = "asserted",
    attributed_to: str | None = None,
    confidence: float = 0.8,
    date: str | None = None,
    offset: int = 0,
) -> Statement:
    """Return a statement between two actor keys; the evidence sentence is made up from them."""
    rel = default_vocabulary()[relation]
    s_label, o_label = make_actor(subject).label, make_actor(object).label
    sentence = text or f"{s_label} {'did not ' if polarity == 'negative' else ''}{rel.label} {o_label}."
    return Statement(
        doc=doc,
        relation=rel,
        subject=actor_id(subject),
        object=actor_id(object),
        subject_mention=Mention(doc, s_label, offset, offset + len(s_label), actor_id(subject)),
        object_mention=Mention(doc, o_label, offset + 1, offset + 1 + len(o_label), actor_id(object)),
        evidence=Evidence(sentence, offset, offset + len(sentence)),
        polarity=polarity,
        modality=modality,
        attributed_to=actor_id(attributed_to) if attributed_to else None,
        confidence=confidence,
        date=date,
    )


def build_kg(
    triples: list[tuple[Any, ...]],
    documents: dict[str, dict[str, Any]] | None = None,
    extra_actors: tuple[str, ...] = (),
) -> KnowledgeGraph:
    """Return a graph of ``(subject, relation, object[, options])`` triples over the keys of ``ACTORS``.

    ``options`` go to :func:`make_statement` (doc, text, polarity, modality, date ...). Each
    statement gets its own offset so that ids never collide. ``documents`` maps a document id to
    its :class:`DocumentInfo` fields; documents the triples name are created when missing.
    """
    kg = KnowledgeGraph()
    docs = {doc_id: DocumentInfo(id=doc_id, **fields) for doc_id, fields in (documents or {}).items()}
    for i, triple in enumerate(triples):
        subject, relation, obj = triple[:3]
        options = dict(triple[3]) if len(triple) > 3 else {}
        options.setdefault("offset", i * 100)
        statement = make_statement(subject, relation, obj, **options)
        for key in (subject, obj, *([options["attributed_to"]] if options.get("attributed_to") else [])):
            kg.actors.setdefault(actor_id(key), make_actor(key))
        kg.statements.append(statement)
        kg.mentions.extend([statement.subject_mention, statement.object_mention])
        docs.setdefault(statement.doc, DocumentInfo(id=statement.doc, title=f"Article {statement.doc}"))
    for key in extra_actors:
        kg.actors.setdefault(actor_id(key), make_actor(key))
    kg.documents.update(docs)
    return kg


def random_kg(n_actors: int, n_statements: int, *, seed: int = 0, n_docs: int = 200) -> KnowledgeGraph:
    """Return a synthetic graph: ``n_actors`` actors and ``n_statements`` statements between them.

    Partners are drawn with a preferential bias (a few hubs, many small actors) as in news data;
    about 5% of the statements are negated and 10% reported claims. Deterministic for a seed.
    """
    rng = random.Random(seed)
    vocabulary = default_vocabulary()
    relations = sorted(vocabulary)
    types = ("State", "Government", "Military", "ArmedGroup", "IGO", "NGO", "Media", "Person", "Organisation")
    kg = KnowledgeGraph()
    ids = []
    for i in range(n_actors):
        actor = Actor(
            id=str(ACTOR[f"synthetic/a{i}"]),
            label=f"Actor {i}",
            type=types[i % len(types)],
            aliases=(f"A{i}",),
        )
        kg.actors[actor.id] = actor
        ids.append(actor.id)
    for d in range(n_docs):
        kg.documents[f"doc-{d}"] = DocumentInfo(
            id=f"doc-{d}", title=f"Report {d}", date=f"2024-{1 + d % 12:02d}-{1 + d % 28:02d}", source="Wire"
        )
    weights = [1.0 / (1 + i) ** 0.8 for i in range(n_actors)]
    for n in range(n_statements):
        a, b = rng.choices(ids, weights=weights, k=2)
        if a == b:
            b = ids[(ids.index(a) + 1 + rng.randrange(n_actors - 1)) % n_actors]
        rel = vocabulary[rng.choice(relations)]
        doc = f"doc-{rng.randrange(n_docs)}"
        sentence = f"{kg.actors[a].label} and {kg.actors[b].label}: {rel.label} (#{n})."
        kg.statements.append(
            Statement(
                doc=doc,
                relation=rel,
                subject=a,
                object=b,
                subject_mention=Mention(doc, kg.actors[a].label, n, n + 1, a),
                object_mention=Mention(doc, kg.actors[b].label, n + 2, n + 3, b),
                evidence=Evidence(sentence, n, n + len(sentence)),
                polarity="negative" if rng.random() < 0.05 else "positive",
                modality="reported" if rng.random() < 0.1 else "asserted",
                confidence=round(rng.uniform(0.3, 1.0), 2),
            )
        )
    return kg
