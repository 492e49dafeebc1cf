"""Office titles in the ``graphkit_actors`` component: "Minister for the Middle East, Tobias Ellwood"
and a later "the Minister" name the same person; "Iraq's national security adviser", named
nowhere, is an office holder tied to Iraq; "US spokesman John Kirby" is affiliated with the US.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from spacy.tokens import Doc, Span, Token

from graphkit.extraction.mentions import ActorMention, index_by_token
from graphkit.extraction.names import in_ranges, read_actor_data
from graphkit.extraction.reading import children, head_indices
from graphkit.extraction.words import WordFilter, word_set_filter
from graphkit.model import Actor


@dataclass(frozen=True)
class Titles:
    """Title words (``coref.yaml``): what makes "the Foreign Secretary" a person."""

    heads: frozenset[str]
    modifiers: frozenset[str]
    #: the tokens whose lemma is a head word: the only ones that can begin an office title
    head_tokens: WordFilter = field(init=False, repr=False, compare=False)
    #: heads and modifiers: every word a title is made of (one set, not a union at each test)
    words: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "head_tokens", word_set_filter(lemmas=self.heads))
        object.__setattr__(self, "words", self.heads | self.modifiers)

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Titles:
        """Return the titles of ``coref.yaml``'s ``titles`` mapping (``heads``, ``modifiers``)."""
        return cls(
            frozenset(w.lower() for w in data.get("heads", [])),
            frozenset(w.lower() for w in data.get("modifiers", [])),
        )


@lru_cache(maxsize=1)
def default_titles() -> Titles:
    """Return the title words of the package's ``coref.yaml``.

    Examples
    --------
    >>> "secretary" in default_titles().heads
    True
    """
    return Titles.from_data(read_actor_data()["titles"])


def affiliate(found: list[ActorMention], titles: Titles) -> tuple[list[ActorMention], dict[str, Actor]]:
    """Tie persons to the state or body their title names: "US spokesman John Kirby" -> the US.

    A provisional person takes the country of that affiliation. Returns the mentions (with the
    persons updated) and ``{person IRI: affiliated actor}``.
    """
    by_token = index_by_token(found, keep="last")
    affiliations: dict[str, Actor] = {}
    out: list[ActorMention] = []
    for m in found:
        if m.actor.type != "Person" or m.kind != "name":
            out.append(m)
            continue
        org = _affiliation_of(m, by_token, titles)
        actor = m.actor
        if org is not None:
            affiliations.setdefault(actor.id, org)
            if actor.provisional and not actor.country and org.country:
                actor = Actor(**{**actor.__dict__, "country": org.country})
        out.append(m if actor is m.actor else ActorMention(m.span, actor, m.via, m.kind))
    # every mention of a person carries the country that one titled mention gave it
    with_country = {m.actor.id: m.actor for m in out if m.actor.type == "Person" and m.actor.country}
    out = [
        ActorMention(m.span, with_country[m.actor.id], m.via, m.kind)
        if m.actor.id in with_country and with_country[m.actor.id] is not m.actor
        else m
        for m in out
    ]
    return out, affiliations


def _affiliation_of(m: ActorMention, by_token: dict[int, ActorMention], titles: Titles) -> Actor | None:
    """The state or body named in the person's title: compounds before the name or an apposition."""
    doc = m.span.doc
    candidates: list[Token] = []
    i = m.span.start - 1
    while i >= 0 and (doc[i].dep_ in ("compound", "amod", "nmod", "poss", "case") or doc[i].tag_ == "POS"):
        candidates.append(doc[i])
        i -= 1
    root = m.span.root
    for child in children(root):
        if child.dep_ == "appos" and child.lemma_.lower() in titles.heads:
            candidates.extend(child.subtree)
    if root.dep_ == "appos" and root.head.lemma_.lower() in titles.heads:
        candidates.extend(root.head.subtree)
    for token in candidates:
        other = by_token.get(token.i)
        if other is not None and other.actor.type != "Person" and other.actor.id != m.actor.id:
            return other.actor
    return None


def title_mentions(
    doc: Doc,
    found: list[ActorMention],
    affiliations: dict[str, Actor],
    noise: list[tuple[int, int]],
    titles: Titles,
    provisional: bool = True,
) -> list[ActorMention]:
    """Office titles that name a person: "the Foreign Secretary", "Iraq's national security adviser".

    A title apposed to a name is that person; a title met elsewhere is the person the text
    gave the same title, else an office holder (a provisional person) labelled by the title
    and tied to the state or body it names.
    """
    by_token = index_by_token(found, keep="last")
    persons = [m for m in found if m.actor.type == "Person" and m.kind == "name"]
    titled: dict[str, Actor] = {}  # title head + modifiers -> person, from "Foreign Secretary Philip Hammond"
    out: list[ActorMention] = []
    for m in persons:
        words = [t.lemma_.lower() for t in _title_tokens(m, titles)]
        if any(w in titles.heads for w in words):
            titled.setdefault(
                " ".join(w for w in words if w in titles.heads or w in titles.modifiers), m.actor
            )
    mention_tokens = sorted(by_token)
    heads: list[int] | None = None
    for i in titles.head_tokens.positions(doc):  # the others' lemmas are no head word
        token = doc[i]
        if (
            token.i in by_token
            or token.lemma_.lower() not in titles.heads
            or token.pos_ not in ("NOUN", "PROPN")
        ):
            continue
        if token.tag_ in ("NNS", "NNPS") or token.dep_ == "compound" and token.head.i in by_token:
            continue  # plural, or the title of a name that follows ("Foreign Secretary Philip Hammond")
        span = _title_span(token, titles, by_token)
        if span is None or in_ranges(span, noise):
            continue
        words = [t.lemma_.lower() for t in span if t.lemma_.lower() in titles.words]
        if heads is None:  # read once per doc, and only for a doc with a title
            heads = head_indices(doc)
        affiliation = _affiliation(token, by_token, mention_tokens, heads)
        apposed = _apposed_person(token, by_token)
        if apposed is not None:
            out.append(ActorMention(span, apposed.actor, "title", "title"))
            continue
        key = " ".join(words)
        person = titled.get(key) or next(
            (a for k, a in titled.items() if k.endswith(key) or key.endswith(k)), None
        )
        if person is not None and (
            affiliation is None
            or affiliations.get(person.id) in (None, affiliation)
            or person.country == affiliation.country
        ):
            out.append(ActorMention(span, person, "title", "title"))
            continue
        capitalised = token.text[:1].isupper()
        dets = {c.lower_ for c in children(token) if c.dep_ in ("det", "nummod", "quantmod")}
        if (
            dets & {"one", "another", "some", "any", "each", "every", "no"}
            or dets & {"a", "an"}
            and not capitalised
        ):
            continue  # "one Hezbollah commander", "an Iraqi minister": some holder, not the office
        if not provisional or not (capitalised or affiliation is not None):
            continue
        label = (
            " ".join([affiliation.label] if affiliation is not None else [])
            + " "
            + " ".join(
                t.text
                for t in span
                if t.lemma_.lower() in titles.words or t.pos_ == "PROPN" and t.i not in by_token
            )
        )
        label = re.sub(r"\s+", " ", label).strip()
        if not label:
            continue
        office = Actor.provisional_actor(
            _title_case(label), "Person", affiliation.country if affiliation is not None else None
        )
        out.append(ActorMention(span, office, "title", "title"))
        if affiliation is not None:
            affiliations.setdefault(office.id, affiliation)
    return out


def _title_case(label: str) -> str:
    return " ".join(w if any(c.isupper() for c in w) else w.capitalize() for w in label.split())


def _title_tokens(m: ActorMention, titles: Titles) -> list[Token]:
    """Title words written with a person's name: before it, in the name ("Foreign Secretary Philip
    Hammond" as a gazetteer alias), or in an apposition."""
    doc = m.span.doc
    out: list[Token] = [t for t in m.span if t.lemma_.lower() in titles.words]
    i = m.span.start - 1
    while i >= 0 and doc[i].dep_ in ("compound", "amod", "nmod") and doc[i].head.i >= doc[i].i:
        out.append(doc[i])
        i -= 1
    for child in children(m.span.root):
        if child.dep_ == "appos" and child.lemma_.lower() in titles.heads:
            out.extend(t for t in child.subtree if t.i > m.span.end)
    return sorted(out, key=lambda t: t.i)


def _title_span(token: Token, titles: Titles, by_token: dict[int, ActorMention]) -> Span | None:
    """The words of the title headed by ``token``: modifiers, "for the Middle East", "of State"."""
    doc = token.doc
    start = token.i
    while start > 0:
        prev = doc[start - 1]
        if prev.head.i in range(start - 1, token.i + 1) and prev.dep_ in (
            "compound",
            "amod",
            "nmod",
            "poss",
            "case",
            "det",
        ):
            start -= 1
            continue
        if prev.tag_ == "POS" or prev.i in by_token and prev.dep_ in ("compound", "poss", "amod", "nmod"):
            start -= 1
            continue
        break
    end = token.i + 1
    for child in token.rights:
        if child.dep_ == "prep" and child.lower_ in ("for", "of", "to") and child.i == end:
            objects = [c for c in children(child) if c.dep_ == "pobj"]
            if objects and not any(
                t.i in by_token and by_token[t.i].actor.type == "Person" for t in child.subtree
            ):
                end = child.right_edge.i + 1  # the subtree's last token
    while start < end and doc[start].dep_ == "det" and doc[start].lower_ in ("the", "a", "an"):
        start += 1
    while start < end and (doc[start].is_punct or doc[start].tag_ == "POS"):
        start += 1
    return Span(doc, start, end) if end > start else None


def _affiliation(
    token: Token, by_token: dict[int, ActorMention], mention_tokens: list[int], heads: list[int]
) -> Actor | None:
    """The first actor in the text, not a person, that the title's phrase (``token.subtree``) names.

    Only the mentions' tokens between the phrase's edges are read, each kept when its chain of
    heads (``heads``: each token's head index) reaches ``token``: no Token for the phrase's other words.
    """
    top = token.i
    lo, hi = bisect_left(mention_tokens, token.left_edge.i), bisect_right(mention_tokens, token.right_edge.i)
    for i in mention_tokens[lo:hi]:
        actor = by_token[i].actor
        if actor.type == "Person":
            continue
        j = i
        while j != top and heads[j] != j:
            j = heads[j]
        if j == top:
            return actor
    return None


def _apposed_person(token: Token, by_token: dict[int, ActorMention]) -> ActorMention | None:
    """The person a title stands in apposition to: "Minister for the Middle East, Tobias Ellwood"."""
    doc = token.doc
    for other in (token.head, *children(token)):
        m = by_token.get(other.i)
        if m is not None and m.actor.type == "Person" and (token.dep_ == "appos" or other.dep_ == "appos"):
            return m
    # "Minister for the Middle East, Tobias Ellwood said": the title ends where the name begins
    end = token.right_edge.i + 1  # the subtree's last token
    if end + 1 < len(doc) and doc[end].text == ",":
        m = by_token.get(end + 1)
        if m is not None and m.actor.type == "Person" and m.span.start == end + 1:
            return m
    return None
