"""Synthetic resolved results for the streaming-build tests: any number of documents, no model.

Each document names a few actors of a fixed pool (gazetteer-like states, people by full name or by
surname alone, organisations whose acronym one document defines, one name given two types), with
"meets", "arms" and negated "attacks" statements between them, dates and hostile text (quotes,
braces, backslashes, ``</script>``, non-Latin script). The results are resolved per document by the
:class:`~graphkit.resolution.ActorResolver` given, as ``write_partition`` resolves them, and the
merges of each document are returned with it.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

from graphkit.model import Actor, DocumentInfo, Evidence, ExtractionResult, KnowledgeGraph, Mention, Statement
from graphkit.namespaces import ACTOR
from graphkit.resolution import ActorResolver, Merge
from graphkit.vocabulary import default_vocabulary

VOCABULARY = default_vocabulary()
RELATIONS = [VOCABULARY["meets"], VOCABULARY["arms"], VOCABULARY["attacks"]]

STATES = [
    Actor(str(ACTOR[c]), name, "State", c)
    for c, name in (("RUS", "Russia"), ("IRN", "Iran"), ("ISR", "Israel"))
]
PEOPLE = ["Boris Johnson", "Johnson", "Karim Saleh", "Volodymyr Zelenskyy", "Volodymyr Zelensky", "Jane Doe"]
PEOPLE += [f"Person{i} Name{i}" for i in range(12)] + ["Ma Ying-jeou", 'Ali "the Quote" Hassan']
ORGS = ["Kurdistan Workers' Party", "PKK", "Karim Saleh", "Front {de} Libération", "Syndicat \\ Nord"]
ORGS += [f"Group{i} Brigade" for i in range(10)]
TEXTS = ["he said </script><b>", "«Москва» — Kyiv", 'a "quoted" word', "{braces} and \\backslash", "plain"]


def _actor(name: str, kind: str) -> Actor:
    return Actor.provisional_actor(name, kind)


#: A pool so small that every tie exists after a few hundred documents (memory tests: the ties
#: stop growing, the documents do not).
TINY = (["Jane Doe"], ["Kurdistan Workers' Party"])
SMALL = (["Boris Johnson", "Johnson", "Jane Doe", "Karim Saleh"], ["Kurdistan Workers' Party", "Karim Saleh"])


def synthetic_result(
    i: int, rng: random.Random, pool: tuple[list[str], list[str]] | None = None
) -> ExtractionResult:
    """The unresolved result of document ``i``: three to six actors, a statement between neighbours."""
    doc = f"doc-{i:06d}"
    people, orgs = pool or (PEOPLE, ORGS)
    actors = rng.sample(STATES, rng.randint(0, 2))
    actors += [_actor(n, "Person") for n in rng.sample(people, rng.randint(1, min(3, len(people))))]
    actors += [_actor(n, "Organisation") for n in rng.sample(orgs, rng.randint(1, min(2, len(orgs))))]
    rng.shuffle(actors)
    text_parts, mentions, pos = [], [], 0
    for actor in actors:
        filler = rng.choice(TEXTS) + " "
        pos += len(filler)
        text_parts.append(filler)
        via = "gazetteer" if not actor.provisional else "ner"
        mentions.append(Mention(doc, actor.label, pos, pos + len(actor.label), actor.id, via))
        text_parts.append(actor.label)
        pos += len(actor.label)
    if any(a.label == "Kurdistan Workers' Party" for a in actors) and rng.random() < 0.5:
        pkk = next(a for a in actors if a.label == "Kurdistan Workers' Party")
        mentions.append(Mention(doc, "PKK", pos + 2, pos + 5, pkk.id, "acronym"))
        pos += 6
    text = "".join(text_parts)
    evidence = Evidence(text, 0, len(text))
    statements = []
    named = [m for m in mentions if m.via != "acronym"]
    for a, b in zip(named, named[1:], strict=False):
        if a.actor == b.actor:
            continue
        relation = rng.choice(RELATIONS)
        negated = relation.name == "attacks" and rng.random() < 0.5
        statements.append(
            Statement(
                doc,
                relation,
                a.actor,
                b.actor,
                a,
                b,
                evidence,
                polarity="negative" if negated else "positive",
                modality=rng.choice(["asserted", "reported"]),
                confidence=round(rng.uniform(0.2, 0.95), 3),
                date=rng.choice([None, f"2024-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}"]),
            )
        )
    info = DocumentInfo(
        doc, title=f"Title {i} {rng.choice(TEXTS)}", date=f"2024-10-{1 + i % 28:02d}", length=len(text)
    )
    return ExtractionResult(info, {a.id: a for a in actors}, mentions, statements)


def resolved_results(
    n: int,
    resolver: ActorResolver,
    seed: int = 7,
    pool: tuple[list[str], list[str]] | None = None,
    start: int = 0,
) -> Iterator[tuple[ExtractionResult, list[Merge]]]:
    """``n`` documents (ids from ``start``) resolved one at a time, each with the merges it made."""
    rng = random.Random(seed)
    for i in range(start, start + n):
        result = resolver.resolve_result(synthetic_result(i, rng, pool))
        merges, resolver.merges[:] = list(resolver.merges), []
        yield result, merges


def in_memory_build(n: int, seed: int = 7) -> tuple[KnowledgeGraph, list[dict]]:
    """What ``pipeline.run`` gives for the same documents: the resolved graph and its actor records."""
    resolver = ActorResolver()
    rng = random.Random(seed)
    kg = KnowledgeGraph()
    for i in range(n):
        kg.add(resolver.resolve_result(synthetic_result(i, rng)))
    kg = resolver.resolve_graph(kg)
    return kg, list(resolver.records(kg))
