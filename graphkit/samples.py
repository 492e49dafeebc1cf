"""A tiny knowledge graph built by hand, for examples and doctests (as networkx ships small graphs).

One document, "Russia is arming Hezbollah, the Kremlin said.", with its three mentions and the one
statement they support: Russia ``arms`` Hezbollah, reported by Russia, found with no model loaded.
"""

from __future__ import annotations

from graphkit.model import Actor, DocumentInfo, Evidence, KnowledgeGraph, Mention, Statement, text_hash
from graphkit.namespaces import ACTOR
from graphkit.vocabulary import default_vocabulary

__all__ = ["SAMPLE_TEXT", "sample_graph"]

#: The text of the sample document, ``sample-1``.
SAMPLE_TEXT = "Russia is arming Hezbollah, the Kremlin said."


def sample_graph() -> KnowledgeGraph:
    """Return the sample graph: two actors, one document, three mentions, one statement (a new copy).

    Examples
    --------
    >>> kg = sample_graph()
    >>> [(kg.actors[s.subject].label, s.relation.name, kg.actors[s.object].label) for s in kg.statements]
    [('Russia', 'arms', 'Hezbollah')]
    """
    russia = Actor(str(ACTOR.RUS), "Russia", "State", "RUS", ("the Kremlin",), cameo="RUS")
    hezbollah = Actor(str(ACTOR.hezbollah), "Hezbollah", "ArmedGroup", "LBN", ("Hizbullah",), cameo="LBNREB")
    doc = DocumentInfo(
        id="sample-1",
        title="Russia arms Hezbollah",
        date="2024-03-01",
        source="Example Wire",
        text_hash=text_hash(SAMPLE_TEXT),
        length=len(SAMPLE_TEXT),
    )

    def mention(text: str, actor: Actor) -> Mention:
        start = SAMPLE_TEXT.index(text)
        return Mention(doc.id, text, start, start + len(text), actor.id)

    subject, object_ = mention("Russia", russia), mention("Hezbollah", hezbollah)
    source = mention("the Kremlin", russia)
    statement = Statement(
        doc=doc.id,
        relation=default_vocabulary()["arms"],
        subject=russia.id,
        object=hezbollah.id,
        subject_mention=subject,
        object_mention=object_,
        evidence=Evidence(SAMPLE_TEXT, 0, len(SAMPLE_TEXT)),
        modality="reported",
        attributed_to=russia.id,
        confidence=0.8,
        date=doc.date,
        trigger="arming",
    )
    return KnowledgeGraph(
        actors={russia.id: russia, hezbollah.id: hezbollah},
        documents={doc.id: doc},
        mentions=[subject, object_, source],
        statements=[statement],
    )
