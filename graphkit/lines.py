"""A knowledge graph as the line format of the evaluation scorer (FORMAT.md), and its tallies.

``graphkit build`` writes these lines to ``statements.jsonl``; ``graphkit extract`` prints them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from graphkit.model import KnowledgeGraph, Mention, Statement

__all__ = ["json_lines", "relation_counts"]


def statement_order(s: Statement) -> tuple:
    """Return the sort key of a statement within its document: by offsets, then relation."""
    return (s.evidence.start, s.subject_mention.start, s.object_mention.start, s.relation.name, s.polarity)


def json_lines(kg: KnowledgeGraph, mentions: bool = True) -> Iterator[dict[str, Any]]:
    """Yield the FORMAT.md lines of a graph: per document (by id), its statements then its mentions.

    Parameters
    ----------
    kg : KnowledgeGraph
    mentions : bool
        Yield the mention lines too.

    Returns
    -------
    iterator of dict
        Statement lines in text order, then mention lines by offset.

    Examples
    --------
    >>> from graphkit.samples import from_triples
    >>> kg = from_triples([("Iran", "arms", "Hamas")])
    >>> [(row["kind"], row.get("relation") or row["text"]) for row in json_lines(kg)]
    [('statement', 'arms'), ('mention', 'Iran'), ('mention', 'Hamas')]
    """
    by_doc_st: dict[str, list[Statement]] = {}
    for s in kg.statements:
        by_doc_st.setdefault(s.doc, []).append(s)
    by_doc_m: dict[str, list[Mention]] = {}
    for m in kg.mentions:
        by_doc_m.setdefault(m.doc, []).append(m)
    for doc_id in sorted(set(kg.documents) | set(by_doc_st) | set(by_doc_m)):
        for s in sorted(by_doc_st.get(doc_id, []), key=statement_order):
            yield s.to_json(kg.actors)
        if mentions:
            for m in sorted(by_doc_m.get(doc_id, []), key=lambda m: (m.start, m.end, m.actor)):
                yield m.to_json(kg.actors)


def relation_counts(kg: KnowledgeGraph) -> dict[str, int]:
    """Return the number of statements per :attr:`~graphkit.model.Statement.key`, most frequent first.

    Examples
    --------
    >>> from graphkit.samples import from_triples
    >>> relation_counts(from_triples([("Iran", "arms", "Hamas"), ("Iran", "arms", "Hamas"),
    ...                               ("Iran", "arms", "Hezbollah", {"polarity": "negative"})]))
    {'arms': 2, 'not arms': 1}
    """
    counts: dict[str, int] = {}
    for s in kg.statements:
        counts[s.key] = counts.get(s.key, 0) + 1
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
