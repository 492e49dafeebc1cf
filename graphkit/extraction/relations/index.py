"""The mention index: which actor mention covers which token, and the actors a phrase names."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable

from spacy.tokens import Token

from graphkit.extraction.mentions import ActorMention, index_by_token
from graphkit.extraction.reading import children
from graphkit.extraction.relations.tree import EXCLUDING_PREPS, NON_TARGET_PREPS, REFERENT_PREPS, pobjs

# Dependencies followed inside an argument phrase to find the actor it names.
NP_DEPS = {"compound", "amod", "poss", "nmod", "appos", "npadvmod", "nummod", "quantmod", "det"}
NP_DEEP_DEPS = NP_DEPS | {"prep", "pobj", "acl", "agent", "relcl", "dobj", "nsubj", "pcomp", "conj"}
_NP_SHALLOW_DEPS = NP_DEPS | {"prep", "pobj"}


class MentionIndex:
    """Which actor mention covers which token (the first mention of a token wins).

    ``event_nouns`` and ``relational_nouns`` tune :meth:`actors_in`; ``paragraphs`` (a paragraph
    number per token) keeps arguments inside the trigger's paragraph.
    """

    def __init__(
        self,
        mentions: list[ActorMention],
        event_nouns: Iterable[str] | None = None,
        relational_nouns: Iterable[str] = (),
        paragraphs: list[int] | None = None,
    ):
        self.event_nouns = frozenset(event_nouns) if event_nouns is not None else None
        self.relational_nouns = frozenset(relational_nouns)
        self.paragraphs = paragraphs
        self.mentions = mentions
        self.by_token: dict[int, ActorMention] = index_by_token(mentions, keep="first")
        self._narrowest: MentionIndex | None = None
        self._inner: MentionIndex | None = None

    def narrowest(self) -> MentionIndex:
        """Return the index in which each token maps to the shortest mention covering it.

        "leader of Hezbollah", a title naming Hassan Nasrallah, does not hide Hezbollah inside it.
        """
        if self._narrowest is None:
            ordered = sorted(self.mentions, key=lambda m: len(m.span))  # stable: ties keep their order
            self._narrowest = MentionIndex(ordered, self.event_nouns, self.relational_nouns, self.paragraphs)
        return self._narrowest

    def inner(self) -> MentionIndex:
        """Return the index of the mentions that are not titles, each token to its shortest mention.

        A token only a title covers ("commander of the 9th Division") is left to the mentions
        inside the phrase ("the Iraqi Army's").
        """
        if self._inner is None:
            ordered = sorted((m for m in self.mentions if m.kind != "title"), key=lambda m: len(m.span))
            self._inner = MentionIndex(ordered, self.event_nouns, self.relational_nouns, self.paragraphs)
        return self._inner

    def actors_in(self, token: Token, deep: bool = False) -> list[ActorMention]:
        """Return the actor mentions an argument phrase headed by ``token`` names, nearest the head first.

        The phrase is searched breadth first; the search stops at the depth of the first actor
        found, and never goes through "other than ISIS" or "Syria's ally".
        """
        direct = self.by_token.get(token.i)
        if direct is not None:
            return [direct]
        deps = NP_DEEP_DEPS if deep else _NP_SHALLOW_DEPS
        if token.pos_ in ("VERB", "AUX") and not deep:
            deps = deps | {"nsubj"}  # a misparsed subject: "the Red Cross operating in Iraq said"
        seen: list[ActorMention] = []
        queue: deque[tuple[Token, int]] = deque([(token, 0)])
        best_depth = None
        while queue:
            tok, depth = queue.popleft()
            if best_depth is not None and depth > best_depth:
                break
            for child in children(tok):
                if child.dep_ == "acl" and child.tag_ == "VBN" and not deep:
                    # "attacks claimed by Daesh": the agent of an event named by the phrase (but
                    # "those persecuted by X" are not X)
                    if self.event_nouns is not None and tok.lemma_.lower() in self.event_nouns:
                        queue.extend((a, depth + 1) for a in children(child) if a.dep_ == "agent")
                    continue
                if child.dep_ not in deps or child.lower_ in EXCLUDING_PREPS:
                    continue
                if child.dep_ == "prep" and not deep and child.lower_ not in REFERENT_PREPS:
                    continue
                if child.dep_ == "amod" and child.lower_ == "other":
                    continue
                if child.dep_ == "poss" and tok.lemma_.lower() in self.relational_nouns:
                    continue  # "Syria's ally" is not Syria
                m = self.by_token.get(child.i)
                if m is not None:
                    if m not in seen:
                        seen.append(m)
                        best_depth = depth
                    continue
                queue.append((child, depth + 1))
        return seen

    def same_paragraph(self, mention: ActorMention, token: Token) -> bool:
        """Return True when a mention and a trigger sit in the same paragraph (no blank line between)."""
        if self.paragraphs is None:
            return True
        return self.paragraphs[mention.span.start] == self.paragraphs[token.i]

    def first_after(self, head: Token, stop_deps: Iterable[str] = ()) -> list[ActorMention]:
        """Return the first actor mention after ``head`` in its subtree, not crossing ``stop_deps`` links."""
        stop = set(stop_deps)
        best: ActorMention | None = None
        stack = [c for c in children(head) if c.i > head.i]
        while stack:
            tok = stack.pop()
            if tok.dep_ in stop or tok.lower_ in NON_TARGET_PREPS:
                continue
            m = self.by_token.get(tok.i)
            if m is not None and (best is None or m.span.start < best.span.start):
                best = m
            stack.extend(children(tok))
        return [best] if best is not None else []

    def owners(self, token: Token) -> list[ActorMention]:
        """Return the actors an object phrase names as its author.

        Itself, its possessor or modifier, or its agent ("welcomed the Board's report", "condemned
        the Israeli raid", "rejected calls by X"), never an actor further inside ("welcomed the
        liberation of Sinjar").
        """
        direct = self.by_token.get(token.i)
        if direct is not None:
            return [direct]
        out: list[ActorMention] = []
        for child in children(token):
            if child.dep_ in ("poss", "amod", "compound", "nmod", "appos"):
                out += self.actors_in(child)
            elif child.dep_ in ("prep", "agent") and child.lower_ in ("by", "from"):
                out += [m for p in pobjs(child) for m in self.actors_in(p)]
            elif child.dep_ == "acl" and child.tag_ == "VBN":
                agents = [p for a in children(child) if a.dep_ == "agent" for p in pobjs(a)]
                out += [m for p in agents for m in self.actors_in(p)]
        return list(dict.fromkeys(out))

    def addressees(self, verb: Token) -> list[ActorMention]:
        """Return whom a reporting verb addresses: "told The Daily Beast", "said to Reuters"."""
        out: list[ActorMention] = []
        for child in children(verb):
            if child.dep_ in ("dative", "dobj"):
                out.extend(self.actors_in(child)[:1])
            elif child.dep_ == "prep" and child.lower_ == "to":
                out.extend(m for p in children(child) if p.dep_ == "pobj" for m in self.actors_in(p)[:1])
        return out
