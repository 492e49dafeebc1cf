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


def random_kg(
    n_actors: int, n_edges: int, *, seed: int = 0, n_docs: int = 200, n_blocs: int | None = None
) -> KnowledgeGraph:
    """Return a synthetic graph of ``n_actors`` actors, each in some statement, and ``n_edges`` edges.

    Every statement is a different edge of :func:`graphkit.network.to_multidigraph` (pair, relation,
    polarity). Actors fall into ``n_blocs`` blocs (default one per 100 actors) and 80% of the
    statements stay inside a bloc; partners are drawn with a preferential bias (a few hubs, many
    small actors) as in news data. About 5% of the statements are negated and 10% reported claims.
    Deterministic for a seed.
    """
    if n_actors < 2 or n_edges < n_actors // 2:
        raise ValueError("need at least two actors and one edge per two actors")
    rng = random.Random(seed)
    vocabulary = default_vocabulary()
    relations = [vocabulary[name] for name in sorted(vocabulary)]
    types = ("State", "Government", "Military", "ArmedGroup", "IGO", "NGO", "Media", "Person", "Organisation")
    blocs = n_blocs or max(1, n_actors // 100)
    kg = KnowledgeGraph()
    ids = [str(ACTOR[f"synthetic/a{i}"]) for i in range(n_actors)]
    for i, iri in enumerate(ids):
        kg.actors[iri] = Actor(id=iri, label=f"Actor {i}", type=types[i % len(types)], aliases=(f"A{i}",))
    for d in range(n_docs):
        kg.documents[f"doc-{d}"] = DocumentInfo(
            id=f"doc-{d}", title=f"Report {d}", date=f"2024-{1 + d % 12:02d}-{1 + d % 28:02d}", source="Wire"
        )
    members = [list(range(b, n_actors, blocs)) for b in range(blocs)]
    weights = [1.0 / (1 + i // blocs) ** 0.9 for i in range(n_actors)]
    seen: set[tuple[str, str, str, str]] = set()
    n = 0
    while len(kg.statements) < n_edges:
        # the first statements give every actor a tie, the others follow the preferential bias
        first = len(kg.statements) < n_actors
        a = len(kg.statements) if first else rng.choices(range(n_actors), weights=weights)[0]
        pool = members[a % blocs] if rng.random() < 0.8 and len(members[a % blocs]) > 1 else range(n_actors)
        b = rng.choices(list(pool), weights=[weights[j] for j in pool])[0]
        n += 1
        if a == b:
            continue
        rel = rng.choice(relations)
        polarity = "negative" if rng.random() < 0.05 else "positive"
        u, v = (min(a, b), max(a, b)) if rel.symmetric else (a, b)
        if (ids[u], ids[v], rel.name, polarity) in seen:
            continue
        seen.add((ids[u], ids[v], rel.name, polarity))
        doc = f"doc-{rng.randrange(n_docs)}"
        sentence = f"{kg.actors[ids[a]].label} and {kg.actors[ids[b]].label}: {rel.label} (#{n})."
        kg.statements.append(
            Statement(
                doc=doc,
                relation=rel,
                subject=ids[a],
                object=ids[b],
                subject_mention=Mention(doc, f"Actor {a}", n, n + 1, ids[a]),
                object_mention=Mention(doc, f"Actor {b}", n + 2, n + 3, ids[b]),
                evidence=Evidence(sentence, n, n + len(sentence)),
                polarity=polarity,
                modality="reported" if rng.random() < 0.1 else "asserted",
                confidence=round(rng.uniform(0.3, 1.0), 2),
            )
        )
    return kg
