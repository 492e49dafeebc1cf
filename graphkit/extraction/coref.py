"""The ``graphkit_coref`` component: pronouns and definite descriptions resolved to actors.

No coreference model installs offline, so this is a small salience-based resolver: a pronoun
("they", "its") or a definite description ("the terror group", "the country") refers to the most
salient earlier actor of a compatible type, within a few sentences. Subjects are more salient than
other mentions; an actor that is an argument of the pronoun's own verb is never its antecedent
("they are not striking ISIS": *they* is not ISIS). Resolved mentions are added to
``doc._.actor_mentions`` with ``via="coref"``; each keeps its own span.
"""

from __future__ import annotations

from functools import lru_cache

import yaml
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from graphkit.extraction.actors import ActorMention
from graphkit.resources import data_path

_SUBJECT_DEPS = {"nsubj", "nsubjpass", "poss", "agent"}
_DETERMINERS = {"the", "this", "that", "these", "those"}


@lru_cache(maxsize=1)
def _rules() -> dict:
    return yaml.safe_load(data_path("coref.yaml").read_text(encoding="utf-8"))


def _clause_head(token: Token) -> Token:
    """The verb whose clause the token belongs to."""
    while token.pos_ not in ("VERB", "AUX") and token.head is not token:
        token = token.head
    return token


def _co_arguments(token: Token) -> set[int]:
    """Indices of tokens that are arguments of the same verb as ``token`` (never its antecedent)."""
    verb = _clause_head(token)
    out: set[int] = set()
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass", "dobj", "dative", "attr", "agent", "prep"):
            out.update(t.i for t in child.subtree)
    out.discard(token.i)
    return out


def _mention_subject_rank(mention: ActorMention) -> int:
    root = mention.span.root
    while root.dep_ in ("compound", "amod", "pobj", "prep") and root.head is not root:
        if root.dep_ == "pobj" and root.head.lower_ != "of":
            break
        root = root.head
    return 0 if root.dep_ in _SUBJECT_DEPS else 1


class CoreferenceResolver:
    """Resolves pronouns and definite descriptions (the ``graphkit_coref`` pipeline component)."""

    def __init__(self, name: str, window_sentences: int | None = None):
        self.name = name
        rules = _rules()
        self.pronouns: dict[str, set[str]] = {k: set(v) for k, v in rules["pronouns"].items()}
        self.descriptions: dict[str, set[str]] = {k: set(v) for k, v in rules["descriptions"].items()}
        self.window = window_sentences or int(rules.get("window_sentences", 3))

    def __call__(self, doc: Doc) -> Doc:
        mentions: list[ActorMention] = list(doc._.actor_mentions or [])
        taken = {t for m in mentions for t in range(m.span.start, m.span.end)}
        sentences = list(doc.sents)
        sent_index = {t.i: k for k, s in enumerate(sentences) for t in s}
        added: list[ActorMention] = []
        for token in doc:
            if token.i in taken:
                continue
            span, types, kind = self._referring(token)
            if span is None:
                continue
            antecedent = self._antecedent(token, span, types, mentions + added, sent_index)
            if antecedent is not None:
                added.append(ActorMention(span, antecedent.actor, "coref", kind))
                taken.update(range(span.start, span.end))
        doc._.actor_mentions = sorted(mentions + added, key=lambda m: (m.span.start, m.span.end))
        return doc

    def _referring(self, token: Token) -> tuple[Span | None, set[str], str]:
        """Return the span of a pronoun or a definite description headed by ``token``."""
        doc = token.doc
        lower = token.lower_
        if token.pos_ == "PRON" and lower in self.pronouns:
            return doc[token.i : token.i + 1], self.pronouns[lower], "pronoun"
        if token.pos_ == "NOUN" and lower in self.descriptions:
            det = [c for c in token.children if c.dep_ == "det" and c.lower_ in _DETERMINERS]
            if det and not any(c.dep_ == "prep" and c.lower_ == "of" for c in token.children):
                start = min(det[0].i, *(c.i for c in token.lefts))
                return doc[start : token.i + 1], self.descriptions[lower], "description"
        return None, set(), ""

    def _antecedent(self, token: Token, span: Span, types: set[str], mentions: list[ActorMention],
                    sent_index: dict[int, int]) -> ActorMention | None:
        here = sent_index[token.i]
        excluded = _co_arguments(token) if span.root.pos_ == "PRON" else set()
        best: tuple[tuple[int, int, int], ActorMention] | None = None
        for m in mentions:
            if m.span.start >= span.start or m.actor.type not in types:
                continue
            distance = here - sent_index[m.span.start]
            if distance > self.window or m.span.start in excluded:
                continue
            if m.kind == "demonym" and span.root.lower_ in ("it", "its"):
                continue
            # nearest sentence first, then subjects, then the latest mention
            key = (distance, _mention_subject_rank(m), -m.span.start)
            if best is None or key < best[0]:
                best = (key, m)
        return best[1] if best else None


@Language.factory("graphkit_coref", default_config={"window_sentences": 3},
                  requires=["doc._.actor_mentions"], assigns=["doc._.actor_mentions"])
def make_coref(nlp: Language, name: str, window_sentences: int) -> CoreferenceResolver:
    """Create the rule-based coreference resolver."""
    return CoreferenceResolver(name, window_sentences)
