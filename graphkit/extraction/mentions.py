"""Actor mentions and the one index from token positions to the mentions covering them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from spacy.tokens import Span

from graphkit.model import Actor


@dataclass(frozen=True)
class ActorMention:
    """A token span of the doc linked to an actor; ``via`` says how the link was made."""

    span: Span
    actor: Actor
    via: str
    #: name, military, government, demonym, plural, capital, seat, title, pronoun, description
    kind: str = "name"

    @property
    def start_char(self) -> int:
        return self.span.start_char

    @property
    def end_char(self) -> int:
        return self.span.end_char


def index_by_token(
    mentions: Iterable[ActorMention], *, keep: Literal["first", "last"] = "first"
) -> dict[int, ActorMention]:
    """Return ``{token index: mention}`` for every token inside a mention.

    Parameters
    ----------
    mentions
        The mentions, in the order that decides ties.
    keep
        Which mention a token shared by overlapping mentions maps to: the ``"first"`` or the
        ``"last"`` of ``mentions`` that covers it.

    Returns
    -------
    dict
        Token index (``Token.i``) to the mention covering that token.

    Examples
    --------
    >>> import spacy
    >>> from graphkit.model import Actor
    >>> doc = spacy.blank("en")("Foreign Secretary Philip Hammond spoke")
    >>> person = Actor("gk:hammond", "Philip Hammond", "Person")
    >>> office = Actor("gk:fs", "Foreign Secretary", "Person")
    >>> mentions = [ActorMention(doc[0:4], office, "title"), ActorMention(doc[2:4], person, "gazetteer")]
    >>> sorted(index_by_token(mentions))
    [0, 1, 2, 3]
    >>> index_by_token(mentions)[2].actor.label
    'Foreign Secretary'
    >>> index_by_token(mentions, keep="last")[2].actor.label
    'Philip Hammond'
    """
    if keep == "last":
        return {i: m for m in mentions for i in range(m.span.start, m.span.end)}
    if keep != "first":
        raise ValueError(f"keep must be 'first' or 'last', not {keep!r}")
    out: dict[int, ActorMention] = {}
    for m in mentions:
        for i in range(m.span.start, m.span.end):
            out.setdefault(i, m)
    return out
