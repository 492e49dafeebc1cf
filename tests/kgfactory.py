"""A small, realistic knowledge graph built by hand from the model's dataclasses (RDF, store, query tests).

Two documents. The first says that Russia supplies Hezbollah with weapons, according to Hezbollah;
that Russia did NOT strike ISIS; that Iran and Hezbollah are allied; and names Hezbollah's
spokesman. The second, two weeks later, has Hezbollah attack ISIS. Texts carry quotes, backslashes,
newlines, ``</script>`` and non-Latin script so that escaping is exercised in every format.
"""

from __future__ import annotations

from dataclasses import replace

from graphkit.model import (
    Actor,
    DocumentInfo,
    Evidence,
    ExtractionResult,
    KnowledgeGraph,
    Mention,
    Statement,
    text_hash,
)
from graphkit.namespaces import ACTOR
from graphkit.vocabulary import default_vocabulary

RUSSIA = str(ACTOR["RUS"])
RUSSIAN_MILITARY = str(ACTOR["RUS-military"])
LEBANON = str(ACTOR["LBN"])
IRAN = str(ACTOR["IRN"])
HEZBOLLAH = str(ACTOR["hezbollah"])
ISIS = str(ACTOR["isis"])

DOC1 = "news/2024-03-01 arms.txt"
DOC2 = "wire-0002"

TEXT1 = (
    'Hezbollah said: "Moscow supplies us with anti-tank weapons" \\ via Syria.\n'
    "Russian jets did not strike ISIS positions near Palmyra, the Kremlin insisted </script>.\n"
    "Iran is allied with Hezbollah.\n"
    "Spokesman Ahmad Example spoke for Hezbollah."
)
TEXT2 = "On 15 March, Hezbollah fighters attacked ISIS (داعش) near Qusayr."


def _actors() -> dict[str, Actor]:
    actors = [
        # aliases deliberately not sorted: their order must survive a round trip
        Actor(RUSSIA, "Russia", "State", "RUS", ("Russian Federation", "Moscow", "the Kremlin"), cameo="RUS"),
        Actor(
            RUSSIAN_MILITARY,
            "Russian armed forces",
            "Military",
            "RUS",
            ("Russian jets", "Russian forces"),
            sector="MIL",
            cameo="RUSMIL",
            part_of=RUSSIA,
        ),
        Actor(LEBANON, "Lebanon", "State", "LBN", ("Lebanese Republic",), cameo="LBN"),
        Actor(IRAN, "Iran", "State", "IRN", ("Islamic Republic of Iran", "Tehran"), cameo="IRN"),
        Actor(
            HEZBOLLAH,
            "Hezbollah",
            "ArmedGroup",
            "LBN",
            ("Hizbullah", "Hizballah", "Party of God"),
            sector="REB",
            cameo="LBNREB",
        ),
        Actor(ISIS, "Islamic State", "ArmedGroup", None, ("ISIS", "Daesh", "داعش")),
    ]
    spokesman = Actor.provisional_actor("Ahmad Example", "Person", country="LBN")
    return {a.id: a for a in [*actors, spokesman]}


SPOKESMAN = Actor.provisional_actor("Ahmad Example", "Person", country="LBN").id


def _span(doc: str, text: str, needle: str, actor: str, *, after: int = 0, via: str = "gazetteer") -> Mention:
    start = text.index(needle, after)
    return Mention(doc, needle, start, start + len(needle), actor, via)


def _sentence(text: str, needle: str) -> Evidence:
    start = text.index(needle)
    end = text.find("\n", start)
    end = len(text) if end < 0 else end
    return Evidence(text[start:end], start, end)


def make_kg() -> KnowledgeGraph:
    """Return the two-document graph described in the module docstring (a fresh object each call)."""
    vocab = default_vocabulary()
    actors = _actors()
    doc1 = DocumentInfo(
        id=DOC1,
        title='Hezbollah: "Moscow arms us"',
        date="2024-03-01",
        url="https://example.org/news?id=1&lang=en",
        source="Example Wire",
        text_hash=text_hash(TEXT1),
        length=len(TEXT1),
    )
    doc2 = DocumentInfo(
        id=DOC2,
        date="2024-03-15T08:30:00Z",
        source="Example Wire",
        text_hash=text_hash(TEXT2),
        length=len(TEXT2),
    )

    hez_says = _span(DOC1, TEXT1, "Hezbollah", HEZBOLLAH)
    moscow = _span(DOC1, TEXT1, "Moscow", RUSSIA)
    us = _span(DOC1, TEXT1, "us", HEZBOLLAH, after=moscow.end, via="coref")
    jets = _span(DOC1, TEXT1, "Russian jets", RUSSIAN_MILITARY, via="demonym")
    isis1 = _span(DOC1, TEXT1, "ISIS", ISIS)
    kremlin = _span(DOC1, TEXT1, "the Kremlin", RUSSIA)
    iran = _span(DOC1, TEXT1, "Iran", IRAN)
    hez_allied = _span(DOC1, TEXT1, "Hezbollah", HEZBOLLAH, after=iran.end)
    spokesman = _span(DOC1, TEXT1, "Ahmad Example", SPOKESMAN, via="ner")
    hez_spoken = _span(DOC1, TEXT1, "Hezbollah", HEZBOLLAH, after=spokesman.end)
    hez2 = _span(DOC2, TEXT2, "Hezbollah fighters", HEZBOLLAH)
    isis2 = _span(DOC2, TEXT2, "ISIS", ISIS)

    statements = [
        Statement(
            doc=DOC1,
            relation=vocab["arms"],
            subject=RUSSIA,
            object=HEZBOLLAH,
            subject_mention=moscow,
            object_mention=us,
            evidence=_sentence(TEXT1, "Hezbollah said"),
            polarity="positive",
            modality="reported",
            attributed_to=HEZBOLLAH,
            confidence=0.8,
            date="2024-03-01",
            trigger="supplies",
        ),
        Statement(
            doc=DOC1,
            relation=vocab["strikes"],
            subject=RUSSIAN_MILITARY,
            object=ISIS,
            subject_mention=jets,
            object_mention=isis1,
            evidence=_sentence(TEXT1, "Russian jets"),
            polarity="negative",
            modality="reported",
            attributed_to=RUSSIA,
            confidence=0.7,
            trigger="strike",
        ),
        Statement(
            doc=DOC1,
            relation=vocab["allied_with"],
            subject=IRAN,
            object=HEZBOLLAH,
            subject_mention=iran,
            object_mention=hez_allied,
            evidence=_sentence(TEXT1, "Iran is allied"),
            confidence=0.9,
            trigger="allied",
        ),
        Statement(
            doc=DOC1,
            relation=vocab["spokesperson_for"],
            subject=SPOKESMAN,
            object=HEZBOLLAH,
            subject_mention=spokesman,
            object_mention=hez_spoken,
            # two lines of evidence: a newline inside a literal
            evidence=Evidence(TEXT1[iran.start :], iran.start, len(TEXT1)),
            confidence=0.6,
        ),
        Statement(
            doc=DOC2,
            relation=vocab["attacks"],
            subject=HEZBOLLAH,
            object=ISIS,
            subject_mention=hez2,
            object_mention=isis2,
            evidence=Evidence(TEXT2, 0, len(TEXT2)),
            confidence=0.123456789,
            date="2024-03-15",
            trigger="attacked",
        ),
    ]
    mentions1 = [hez_says, moscow, us, jets, isis1, kremlin, iran, hez_allied, spokesman, hez_spoken]
    kg = KnowledgeGraph(actors=dict(sorted(actors.items())))
    kg.documents = {DOC1: doc1, DOC2: doc2}
    kg.mentions = [*mentions1, hez2, isis2]
    kg.statements = statements
    return kg


def canonical(kg: KnowledgeGraph) -> tuple:
    """Return what must survive a round trip, in a comparable form (lists sorted, dicts as given)."""
    return (
        dict(sorted(kg.actors.items())),
        dict(sorted(kg.documents.items())),
        sorted(kg.mentions, key=repr),
        sorted(kg.statements, key=lambda s: s.id),
    )


def results(kg: KnowledgeGraph) -> list[ExtractionResult]:
    """Return the graph as per-document extraction results, as the pipeline hands them over."""
    out = []
    for doc_id, doc in sorted(kg.documents.items()):
        statements = [s for s in kg.statements if s.doc == doc_id]
        mentions = [m for m in kg.mentions if m.doc == doc_id]
        used = {m.actor for m in mentions} | {s.attributed_to for s in statements if s.attributed_to}
        used |= {kg.actors[a].part_of for a in list(used) if a in kg.actors and kg.actors[a].part_of}
        actors = {a: kg.actors[a] for a in sorted(used) if a in kg.actors}
        out.append(ExtractionResult(document=doc, actors=actors, mentions=mentions, statements=statements))
    return out


def sorted_aliases(kg: KnowledgeGraph) -> KnowledgeGraph:
    """Return ``kg`` with every actor's aliases sorted (what a store, which keeps no order, gives back)."""
    kg.actors = {k: replace(a, aliases=tuple(sorted(a.aliases))) for k, a in kg.actors.items()}
    return kg
