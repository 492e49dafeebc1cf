"""The ``graphkit_relations`` component: relations between the actors of a sentence.

A trigger (a verb, a noun, an adjective, a fixed phrase or a copular noun of the lexicon) names
the relation; the dependency parse gives its arguments. Each argument phrase is searched for the
actor it names: "a pair of Hezbollah commanders" -> Hezbollah, "the overwhelming majority of
Russian attacks" -> Russia, but never through "other than ISIS". Coordinated arguments give one
statement per pair.

When the trigger has no object actor, the recipient is looked for further away, in tiers whose
name ends the statement's pattern (so that each tier's reliability is calibrated on its own):

- ``+target``: the target of the object noun ("threatened action against Russia");
- ``+comp``: the clausal complement of a control verb ("agreed to provide aid to Poland",
  "demanded that the US cancel ...");
- ``+cond``: the party a threat is conditioned on ("threatened to strike unless Israel ...");
- ``+near``: the first actor after the trigger in its clause, for verbal acts whose parse often
  misplaces the object ("denounced as a crime Serbia's suppression of ...");
- ``+loc``: the place the event happens in, for event types whose recipient may be a place
  ("reimposed blockades in the West Bank"), as PLOVER codes them;
- ``+mutual``: coordinated subjects of a reciprocal verb with one another ("X and Y met").

Other patterns: ``noun-of-verb`` ("launched attacks on X"), ``noun-in`` ("killed civilians in an
attack on X"), ``noun-between`` ("talks between X and Y"), ``ally-*`` (the party a cooperative act
helps fights too: "stands by Iraq to defeat Daesh"), ``coagent`` (those who fight side by side are
allies), ``directive`` ("X said Y must ..."), ``inclusion`` ("the coalition, including X"),
``standing``, ``standing-noun`` and ``title`` (standing ties).

Then, per sentence, an event embedded in the complement of another trigger that produced a
statement ("threatened to impose sanctions", "refused to meet") is the content of that act and is
subsumed by it, and one statement is kept per pair of mentions, the governing trigger's.
Arguments never cross a blank line (a headline run into the first sentence). Polarity, modality
and attribution come from :mod:`graphkit.extraction.modality`; PLOVER's conventions for intended
acts (lexicon ``conventions``) come last. Places named as recipients that the actor linker left
out are looked up in its gazetteer and added to ``doc._.actor_mentions`` (kind ``place``).
Results go to ``doc._.relations``, a list of :class:`FoundRelation`.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from graphkit.extraction.actors import ActorMention
from graphkit.extraction.modality import Cues, conditional_mark, modality, polarity, reporter, sources
from graphkit.model import Actor
from graphkit.resources import data_path
from graphkit.vocabulary import CONFLICT, COOPERATION, default_vocabulary

# Dependencies followed inside an argument phrase to find the actor it names.
_NP_DEPS = {"compound", "amod", "poss", "nmod", "appos", "npadvmod", "nummod", "quantmod", "det"}
_NP_DEEP_DEPS = _NP_DEPS | {"prep", "pobj", "acl", "agent", "relcl", "dobj", "nsubj", "pcomp", "conj"}
# Prepositions whose object still names (a part of) the phrase's referent: "a pair of Hezbollah
# commanders", "officials in Baghdad", "a spokesman for Hezbollah", "calls by Belarus".
_REFERENT_PREPS = {"of", "from", "in", "for", "by", "among", "within", "inside", "at"}
# Prepositions that put their object outside the phrase's referent ("targets other than ISIS").
_EXCLUDING_PREPS = {
    "than",
    "except",
    "besides",
    "unlike",
    "excluding",
    "instead",
    "without",
    "against",
    "like",
}
# Prepositions whose object is never the recipient of an event ("attacked no one but ISIS" aside).
_NON_TARGET_PREPS = _EXCLUDING_PREPS - {"against"}
# Prepositions that name the target of an event noun ("action against Russia", "sanctions on Iran").
_TARGET_PREPS = {"against", "on", "upon", "to", "toward", "towards", "with", "for", "into", "at"}
# Prepositions of a verb that point at its recipient ("reduced supplies to X", "turned on X").
_DIRECTED_PREPS = {"to", "against", "on", "upon", "toward", "towards", "into"}
# Prepositions of a verb that introduce the purpose of its act ("mobilized for a war against X").
_GOAL_PREPS = {"for", "to", "toward", "towards", "into"}
# Prepositions that name where an event happens.
_LOCATIVE_PREPS = {
    "in",
    "into",
    "inside",
    "within",
    "throughout",
    "across",
    "at",
    "near",
    "around",
    "outside",
}
_SUBJECT_DEPS = ("nsubj", "csubj")
_RELATIVE_TAGS = {"WDT", "WP", "WP$"}
_CLAUSE_DEPS = ("xcomp", "ccomp")
# Verbs whose direct object is the subject of their infinitive ("urged Iran to stop").
_OBJECT_CONTROL = {
    "urge",
    "ask",
    "call",
    "persuade",
    "force",
    "allow",
    "permit",
    "help",
    "order",
    "tell",
    "encourage",
    "invite",
    "press",
    "pressure",
    "push",
    "warn",
    "advise",
    "request",
    "require",
    "compel",
    "oblige",
    "enable",
    "convince",
    "lead",
    "appeal",
    "demand",
    "implore",
    "beg",
}
# Links through which a trigger's clause contains another trigger's event.
_CONTENT_LINKS = {"xcomp", "ccomp", "prep", "pcomp", "dobj", "dative", "advcl", "acomp", "oprd"}
# Pattern preference when two triggers give the same pair: lower is better.
_TIER_RANK = {"": 0, "+target": 1, "+comp": 2, "+mutual": 2, "+cond": 3, "+near": 3, "+loc": 4}

#: Looks a place name up: returns the actor (a state) a place name stands for, or None.
PlaceLookup = Callable[[str], "Actor | None"]


@dataclass(frozen=True)
class TriggerRule:
    """How one trigger word finds its relation and its arguments (see the lexicon's header)."""

    relation: str
    preps: tuple[str, ...] = ()
    reverse: bool = False
    theme: bool = False
    deep: bool = False
    passive_speaker: bool = False
    complement: bool = False
    complement_only: bool = False
    commissive: bool = False
    needs_theme: bool = False
    classify: bool = True
    near: bool = False
    reciprocal: bool = False
    intransitive: bool = False
    transitive: bool = False
    topic: bool = False
    owner: bool = False
    themes: tuple[tuple[str, str], ...] = ()


@dataclass
class Lexicon:
    """The relation lexicon (``graphkit/data/lexicon.yaml``)."""

    verbs: dict[str, TriggerRule]
    nouns: dict[str, list[TriggerRule]]
    adjectives: dict[str, TriggerRule]
    standing: dict[str, str]
    phrases: list[dict[str, Any]]
    themes: dict[str, str]
    titles: dict[str, str]
    cues: Cues
    locative_relations: frozenset[str] = frozenset()
    directive_aux: frozenset[str] = frozenset()
    future_acts: dict[str, str] = field(default_factory=dict)
    conditional_acts: dict[str, str] = field(default_factory=dict)
    support_verbs: frozenset[str] = frozenset()
    document_nouns: frozenset[str] = frozenset()
    inclusion: frozenset[str] = frozenset()
    quantity_nouns: frozenset[str] = frozenset()

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Lexicon:
        vocab = default_vocabulary()
        themes = {word: relation for relation, words in (data.get("themes") or {}).items() for word in words}
        titles = {t: relation for relation, words in (data.get("titles") or {}).items() for t in words}
        conventions = data.get("conventions") or {}
        lexicon = cls(
            verbs={k: _rule_from(v) for k, v in (data.get("verbs") or {}).items()},
            nouns={
                k: [_rule_from(e) for e in (v if isinstance(v, list) else [v])]
                for k, v in (data.get("nouns") or {}).items()
            },
            adjectives={k: _rule_from(v) for k, v in (data.get("adjectives") or {}).items()},
            standing=dict(data.get("standing") or {}),
            phrases=list(data.get("phrases") or []),
            themes=themes,
            titles=titles,
            cues=Cues.from_dict(data.get("cues") or {}),
            locative_relations=frozenset(conventions.get("locative_recipient") or ()),
            directive_aux=frozenset(conventions.get("directive_aux") or ()),
            future_acts={str(k): str(v) for k, v in (conventions.get("future_acts") or {}).items()},
            conditional_acts={str(k): str(v) for k, v in (conventions.get("conditional_acts") or {}).items()},
            support_verbs=frozenset(conventions.get("support_verbs") or ()),
            document_nouns=frozenset(conventions.get("document_nouns") or ()),
            inclusion=frozenset(conventions.get("inclusion") or ()),
            quantity_nouns=frozenset(conventions.get("quantity_nouns") or ()),
        )
        # fail early on a relation the ontology does not define
        rules = [
            *lexicon.verbs.values(),
            *lexicon.adjectives.values(),
            *(r for v in lexicon.nouns.values() for r in v),
        ]
        named = [r.relation for r in rules] + [t for r in rules for _, t in r.themes]
        named += [e["relation"] for e in lexicon.phrases] + list(themes.values()) + list(titles.values())
        named += list(lexicon.standing.values()) + list(lexicon.locative_relations)
        named += [
            n for pair in (*lexicon.future_acts.items(), *lexicon.conditional_acts.items()) for n in pair
        ]
        for name in named:
            vocab[name]
        return lexicon


def _rule_from(entry: dict[str, Any]) -> TriggerRule:
    own_themes = tuple(
        (word, relation) for relation, words in (entry.get("themes") or {}).items() for word in words
    )
    return TriggerRule(
        relation=entry["relation"],
        preps=tuple(entry.get("preps") or ()) + tuple(entry.get("particle") or ()),
        reverse=bool(entry.get("reverse")),
        theme=bool(entry.get("theme")) or bool(own_themes),
        deep=bool(entry.get("deep")),
        passive_speaker=bool(entry.get("passive_speaker")),
        complement=bool(entry.get("complement")) or bool(entry.get("complement_only")),
        complement_only=bool(entry.get("complement_only")),
        commissive=bool(entry.get("commissive")),
        needs_theme=bool(entry.get("needs_theme")),
        classify=bool(entry.get("classify", True)),
        near=bool(entry.get("near")),
        reciprocal=bool(entry.get("reciprocal")),
        intransitive=bool(entry.get("intransitive")),
        transitive=bool(entry.get("transitive")),
        topic=bool(entry.get("topic")),
        owner=bool(entry.get("owner")),
        themes=own_themes,
    )


class _LexiconLoader(yaml.SafeLoader):
    """YAML 1.2 booleans only: in the lexicon, ``on``, ``off``, ``yes`` and ``no`` are words."""


_LexiconLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_LexiconLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def load_lexicon(path: str | Path) -> Lexicon:
    """Read a lexicon file (YAML; ``on`` and ``no`` stay words, not booleans)."""
    return Lexicon.from_dict(yaml.load(Path(path).read_text(encoding="utf-8"), Loader=_LexiconLoader))


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """Return the shipped lexicon (parsed once per process)."""
    return load_lexicon(data_path("lexicon.yaml"))


@dataclass
class FoundRelation:
    """A relation found in a sentence, before it becomes a model ``Statement``.

    ``pattern`` names the rule that found it (``verb``, ``noun+loc``, ``title``...): the key of its
    calibrated confidence. ``extra["event"]`` keeps the event relation a convention recoded
    ("will provide aid" -> agrees_with, event aids).
    """

    relation: str
    subject: ActorMention
    object: ActorMention
    trigger: Token
    sentence: Span
    pattern: str
    polarity: str = "positive"
    modality: str = "asserted"
    reporter: ActorMention | None = None
    extra: dict[str, Any] = field(default_factory=dict)


class MentionIndex:
    """Which actor mention covers which token."""

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
        self.by_token: dict[int, ActorMention] = {}
        for m in mentions:
            for i in range(m.span.start, m.span.end):
                self.by_token.setdefault(i, m)

    def actors_in(self, token: Token, deep: bool = False) -> list[ActorMention]:
        """The actor mentions an argument phrase headed by ``token`` names, nearest the head first."""
        direct = self.by_token.get(token.i)
        if direct is not None:
            return [direct]
        deps = _NP_DEEP_DEPS if deep else _NP_DEPS | {"prep", "pobj"}
        if token.pos_ in ("VERB", "AUX") and not deep:
            deps = deps | {"nsubj"}  # a misparsed subject: "the Red Cross operating in Iraq said"
        seen: list[ActorMention] = []
        queue: deque[tuple[Token, int]] = deque([(token, 0)])
        best_depth = None
        while queue:
            tok, depth = queue.popleft()
            if best_depth is not None and depth > best_depth:
                break
            for child in tok.children:
                if child.dep_ == "acl" and child.tag_ == "VBN" and not deep:
                    # "attacks claimed by Daesh": the agent of an event named by the phrase (but
                    # "those persecuted by X" are not X)
                    if self.event_nouns is not None and tok.lemma_.lower() in self.event_nouns:
                        queue.extend((a, depth + 1) for a in child.children if a.dep_ == "agent")
                    continue
                if child.dep_ not in deps or child.lower_ in _EXCLUDING_PREPS:
                    continue
                if child.dep_ == "prep" and not deep and child.lower_ not in _REFERENT_PREPS:
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
        """True when a mention and a trigger sit in the same paragraph (no blank line between)."""
        if self.paragraphs is None:
            return True
        return self.paragraphs[mention.span.start] == self.paragraphs[token.i]

    def first_after(self, head: Token, stop_deps: Iterable[str] = ()) -> list[ActorMention]:
        """The first actor mention after ``head`` in its subtree, not crossing ``stop_deps`` links."""
        stop = set(stop_deps)
        best: ActorMention | None = None
        stack = [c for c in head.children if c.i > head.i]
        while stack:
            tok = stack.pop()
            if tok.dep_ in stop or tok.lower_ in _NON_TARGET_PREPS:
                continue
            m = self.by_token.get(tok.i)
            if m is not None and (best is None or m.span.start < best.span.start):
                best = m
            stack.extend(tok.children)
        return [best] if best is not None else []


def _paragraphs(doc: Doc) -> list[int]:
    """The paragraph number of each token: a blank line ends a paragraph (a title, a byline) even
    where the parser runs a sentence across it."""
    out: list[int] = []
    paragraph = 0
    for token in doc:
        out.append(paragraph)
        if token.is_space and token.text.count("\n") >= 2 or token.whitespace_.count("\n") >= 2:
            paragraph += 1
    return out


def _conjuncts(token: Token) -> list[Token]:
    """A token and the tokens coordinated with it ("X, Y and Z"; a list parsed as "X, [Y and Z]"
    with Y in apposition counts too)."""
    out = [token, *[c for c in token.conjuncts if c.i > token.i]]
    for child in token.children:
        if child.dep_ == "appos" and any(g.dep_ == "conj" for g in child.children):
            out += [child, *[c for c in child.conjuncts if c.i > child.i]]
    return out


def _pobjs(prep: Token) -> list[Token]:
    return [p for c in prep.children if c.dep_ in ("pobj", "pcomp") for p in _conjuncts(c)]


def _owners(token: Token, index: MentionIndex) -> list[ActorMention]:
    """The actors an object phrase names as its author: itself, its possessor or modifier, or its
    agent ("welcomed the Board's report", "condemned the Israeli raid", "rejected calls by X"),
    never an actor further inside ("welcomed the liberation of Sinjar")."""
    direct = index.by_token.get(token.i)
    if direct is not None:
        return [direct]
    out: list[ActorMention] = []
    for child in token.children:
        if child.dep_ in ("poss", "amod", "compound", "nmod", "appos"):
            out += index.actors_in(child)
        elif child.dep_ in ("prep", "agent") and child.lower_ in ("by", "from"):
            out += [m for p in _pobjs(child) for m in index.actors_in(p)]
        elif child.dep_ == "acl" and child.tag_ == "VBN":
            out += [
                m for a in child.children if a.dep_ == "agent" for p in _pobjs(a) for m in index.actors_in(p)
            ]
    return list(dict.fromkeys(out))


def _is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)


def subjects_of(verb: Token, depth: int = 0) -> list[Token]:
    """The subject heads of a verb, climbing through control, coordination and modifiers."""
    if depth > 6:
        return []
    direct = [c for c in verb.children if c.dep_ in _SUBJECT_DEPS]
    if verb.dep_ == "relcl" and any(c.tag_ in _RELATIVE_TAGS for c in direct):
        direct = [verb.head if c.tag_ in _RELATIVE_TAGS else c for c in direct]  # "X, which attacked Y"
    if _is_passive(verb):
        direct = [p for c in verb.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]
        if not direct and depth > 0:
            # "X is committed to defeating Y", "X is determined to": an adjectival passive
            direct = [c for c in verb.children if c.dep_ == "nsubjpass"]
    if direct:
        return [t for d in direct for t in _conjuncts(d)]
    head = verb.head
    if head == verb:
        return []
    if verb.dep_ == "xcomp":
        # object control: "urged Iran to stop" -> Iran stops; else subject control
        controllers = [c for c in head.children if c.dep_ in ("dobj", "dative")]
        if controllers and head.lemma_.lower() in _OBJECT_CONTROL:
            return [t for d in controllers for t in _conjuncts(d)]
        return subjects_of(head, depth + 1)
    if verb.dep_ == "pcomp" and head.lower_ in ("of", "for", "from") and head.head != head:
        # "accused Iran of arming X", "blamed X for bombing Y", "stopped X from arming Y"
        controllers = [c for c in head.head.children if c.dep_ == "dobj"]
        if controllers:
            return [t for d in controllers for t in _conjuncts(d)]
    if verb.dep_ in ("conj", "advcl", "pcomp", "acomp"):
        return subjects_of(head, depth + 1)
    if verb.dep_ == "prep" or head.dep_ == "prep":
        return subjects_of(head.head if head.dep_ == "prep" else head, depth + 1)
    if verb.dep_ in ("relcl", "acl") and not _is_passive(verb) and verb.tag_ != "VBN":
        return [head]
    return []


def objects_of(verb: Token, rule: TriggerRule) -> tuple[list[Token], list[Token]]:
    """Return (object heads, theme heads) of a verb trigger."""
    objects: list[Token] = []
    themes: list[Token] = []
    passive = _is_passive(verb)
    for child in verb.children:
        dep = child.dep_
        if dep == "nsubjpass":
            objects.extend(_conjuncts(child))
        elif dep == "dobj":
            (themes if rule.theme else objects).extend(_conjuncts(child))
        elif dep == "dative":
            if child.pos_ == "ADP":  # "give X to Y" parsed as dative "to"
                objects.extend(_pobjs(child))
            else:
                objects.extend(_conjuncts(child))
        elif dep in ("prep", "prt") and (child.lower_ in rule.preps or child.lower_ == "with" and rule.theme):
            if rule.theme and child.lower_ == "with":
                themes.extend(_pobjs(child))
            else:
                objects.extend(_pobjs(child))
            # "hand over to Britain two of its nationals": a particle followed by a preposition
            if dep == "prt":
                objects.extend(
                    p for c in verb.children if c.dep_ == "prep" and c.lower_ in rule.preps for p in _pobjs(c)
                )
    if rule.theme and not rule.topic:
        # "sent weapons to X", "recalled its ambassador from X": the preposition parsed on the thing
        objects.extend(
            p
            for t in themes
            for c in t.children
            if c.dep_ == "prep" and c.lower_ in rule.preps and c.lower_ != "with"
            for p in _pobjs(c)
        )
    if verb.dep_ in ("relcl", "acl") and (passive or verb.tag_ == "VBN"):
        objects.append(verb.head)  # "casualties caused by Russian strikes": the head is the object
    if verb.dep_ == "advcl" and verb.tag_ == "VBN" and not any(c.dep_ == "nsubjpass" for c in verb.children):
        # "X took the town, aided by Turkey": the participle's patient is the main clause's subject
        objects.extend(subjects_of(verb.head))
    if verb.dep_ == "relcl":
        # "Hezbollah, which Syria arms": the relative pronoun stands for the noun it follows
        objects = [verb.head if o.tag_ in _RELATIVE_TAGS else o for o in objects]
        themes = [verb.head if t.tag_ in _RELATIVE_TAGS else t for t in themes]
    return objects, themes


def _governs(governor: Token, token: Token) -> bool:
    """True when ``token`` sits in the content of ``governor``'s clause (not a coordinated clause)."""
    current = token
    for _ in range(12):
        head = current.head
        if head == current or current.dep_ == "conj":
            return False
        if head == governor:
            return current.dep_ in _CONTENT_LINKS
        current = head
    return False


def _participle_stems(word: str) -> list[str]:
    """Verb lemmas a past participle may come from: "armed" -> arm, "freed" -> free, "planned" -> plan."""
    if not word.endswith("ed"):
        return []
    return [word[:-2], word[:-1], word[:-3], word[:-3] + "y" if word.endswith("ied") else word[:-2]]


def _depth(token: Token) -> int:
    depth = 0
    while token.head != token and depth < 50:
        token = token.head
        depth += 1
    return depth


def _place_span(token: Token) -> Span:
    """The proper name a place token heads: "the Gaza Strip" -> "Gaza Strip"."""
    doc = token.doc
    start = token.i
    for child in token.lefts:
        if child.dep_ in ("compound", "amod") and child.pos_ == "PROPN" and child.i < start:
            start = child.i
    return doc[start : token.i + 1]


class RelationFinder:
    """Finds relations between the actors of each sentence (the ``graphkit_relations`` component).

    ``places`` looks up the place an event happens in ("demonstrated in Serbia") when the event
    type may take a place as its recipient; without it such recipients are only found among the
    actor mentions.
    """

    def __init__(self, name: str, lexicon: Lexicon | None = None, places: PlaceLookup | None = None):
        self.name = name
        self.lexicon = lexicon or default_lexicon()
        self.vocabulary = default_vocabulary()
        self.places = places
        if not Doc.has_extension("relations"):
            Doc.set_extension("relations", default=None)

    def __call__(self, doc: Doc) -> Doc:
        mentions = list(doc._.actor_mentions or [])
        index = MentionIndex(mentions, self.lexicon.nouns, self.lexicon.standing, _paragraphs(doc))
        found: list[FoundRelation] = []
        if len(mentions) >= 1:
            for sent in doc.sents:
                if not any(sent.start <= m.span.start < sent.end for m in mentions):
                    continue
                candidates: list[FoundRelation] = []
                for token in sent:
                    candidates.extend(self._from_token(token, sent, index))
                found.extend(self._select(candidates))
        found.extend(self._titles(doc, mentions, index))
        doc._.relations = self._finish(found)
        places = [f.object for f in doc._.relations if f.object.kind == "place" and f.object not in mentions]
        if places:
            doc._.actor_mentions = sorted(
                mentions + list(dict.fromkeys(places)), key=lambda m: (m.span.start, m.span.end)
            )
        return doc

    # -- triggers -------------------------------------------------------------------------
    def _from_token(self, token: Token, sent: Span, index: MentionIndex) -> list[FoundRelation]:
        lemma = token.lemma_.lower()
        lower = token.lower_
        out: list[FoundRelation] = []
        if token.pos_ in ("VERB", "AUX") or token.tag_.startswith("VB"):
            adjective = self.lexicon.adjectives.get(lower)
            phrase = self._phrase(token)
            if adjective is not None and token.tag_ == "VBN" and _is_passive(token):
                out = self._adjectival(token, sent, index, adjective)  # "X is opposed to Y"
            elif phrase is not None:
                out = self._verbal(token, sent, index, phrase, "phrase")
            else:
                rule = self.lexicon.verbs.get(lemma)
                if rule is not None and token.pos_ == "VERB" and token.dep_ not in ("amod", "compound"):
                    out = self._verbal(token, sent, index, rule, "verb")
                elif lemma == "be":
                    out = self._standing(token, sent, index)
            if not out and lemma in self.lexicon.cues.reporting_verbs:
                out = self._directive(token, sent, index)
            if lower in self.lexicon.inclusion and token.dep_ == "prep":
                out = self._inclusion(token, sent, index)  # "including", tagged as a verb
        elif token.pos_ == "ADJ" and any(c.dep_ == "dobj" for c in token.children):
            # "Russia allegedly armed Hezbollah": a participle with an object tagged as an adjective
            rule = next(
                (self.lexicon.verbs[v] for v in _participle_stems(lower) if v in self.lexicon.verbs), None
            )
            if rule is not None:
                out = self._verbal(token, sent, index, rule, "verb")
        elif token.pos_ in ("NOUN", "PROPN"):
            rule = self._noun_rule(token)
            if rule is not None:
                out = self._nominal(token, sent, index, rule)
            elif (lemma in self.lexicon.standing or lower in self.lexicon.standing) and token.dep_ != "attr":
                out = self._standing_noun(token, sent, index)
        elif lower in self.lexicon.inclusion and token.dep_ == "prep":
            out = self._inclusion(token, sent, index)
        elif token.pos_ == "ADJ" and token.dep_ in ("acomp", "oprd", "advcl", "conj"):
            rule = self.lexicon.adjectives.get(lemma) or self.lexicon.adjectives.get(lower)
            if rule is not None:
                out = self._adjectival(token, sent, index, rule)
        return out

    def _noun_rule(self, noun: Token) -> TriggerRule | None:
        """The rule of an event noun; a noun with several senses picks the one its prepositions fit
        ("a call on X to" is a request, "a call with X" a consultation)."""
        rules = self.lexicon.nouns.get(noun.lemma_.lower()) or self.lexicon.nouns.get(noun.lower_)
        if not rules:
            return None
        preps = {c.lower_ for c in noun.children if c.dep_ == "prep"}
        return next((r for r in rules if preps & set(r.preps)), rules[0])

    def _phrase(self, verb: Token) -> TriggerRule | None:
        lemma = verb.lemma_.lower()
        for entry in self.lexicon.phrases:
            if entry["lemma"] != lemma:
                continue
            if "object" in entry:
                objs = {c.lemma_.lower() for c in verb.children if c.dep_ in ("dobj", "nsubjpass", "pobj")}
                objs |= {c.lower_ for c in verb.children if c.dep_ in ("dobj", "nsubjpass")}
                objs |= {p.lemma_.lower() for c in verb.children if c.dep_ == "prep" for p in c.children}
                objs |= {c.lower_ for c in verb.children if c.dep_ in ("acomp", "oprd")}
                # "launch a mediation effort": the compound of the object counts too
                objs |= {
                    g.lemma_.lower()
                    for c in verb.children
                    if c.dep_ in ("dobj", "nsubjpass")
                    for g in c.children
                    if g.dep_ == "compound"
                }
                # "joined X for talks": the noun of a preposition on the object
                objs |= {
                    p.lemma_.lower()
                    for c in verb.children
                    if c.dep_ == "dobj"
                    for g in c.children
                    if g.dep_ == "prep"
                    for p in g.children
                    if p.dep_ == "pobj"
                }
                if not objs & set(entry["object"]):
                    continue
            if "particle" in entry:
                parts = {c.lower_ for c in verb.children if c.dep_ in ("prt", "prep")}
                if not parts & set(entry["particle"]):
                    continue
            return _rule_from(entry)
        return None

    def _phrase_nouns(self, verb: Token) -> list[Token]:
        """The fixed nouns of a phrase under the verb's prepositions ("be in touch with X")."""
        words: set[str] = set()
        for entry in self.lexicon.phrases:
            if entry["lemma"] == verb.lemma_.lower():
                words |= set(entry.get("object") or ())
        return [p for c in verb.children if c.dep_ == "prep" for p in _pobjs(c) if p.lemma_.lower() in words]

    def _verbal(
        self, verb: Token, sent: Span, index: MentionIndex, rule: TriggerRule, pattern: str
    ) -> list[FoundRelation]:
        subjects = subjects_of(verb)
        if (
            verb.dep_ == "acl"
            and verb.head.lemma_.lower() in self.lexicon.document_nouns
            and not any(index.actors_in(s) for s in subjects)
        ):
            # "issued a declaration demanding that ...": the declaration's author demands
            governor = verb.head.head if verb.head.dep_ in ("dobj", "attr") else None
            if governor is not None and governor.pos_ in ("VERB", "AUX"):
                subjects = subjects_of(governor)
        if rule.intransitive and any(c.dep_ == "dobj" for c in verb.children):
            return []  # "demonstrated the unity of ...": not a protest
        if rule.transitive and not any(c.dep_ in ("dobj", "nsubjpass") for c in verb.children):
            return []  # "the ambassador is returning to Syria": not a release
        objects, themes = objects_of(verb, rule)
        relation = rule.relation
        if rule.theme:
            with_themes = [t for t in themes if t.head.dep_ == "prep" and t.head.lower_ == "with"]
            direct = [t for t in themes if t not in with_themes]
            if with_themes and direct and not objects:
                # "provide them with rockets": the direct object is the recipient
                objects, themes = direct, with_themes
            if not objects and not with_themes and rule.classify:
                # "giving the Russian air force information": a double object parsed as a compound
                objects = [c for t in direct for c in t.children if c.dep_ == "compound" and c.i < t.i]
            theme_relation = self._theme_relation(themes, rule) if themes else None
            if theme_relation and rule.classify:
                relation = theme_relation
            elif rule.needs_theme and not theme_relation:
                return []  # "gave them a veto": not aid
        if rule.commissive:
            relation = self._commissive_relation(verb, relation)
        if rule.passive_speaker and not subjects:
            rep = reporter(verb, self.lexicon.cues)
            subjects = [rep] if rep is not None else []
        if rule.reverse:
            return self._pairs(relation, objects, [(subjects, "")], verb, sent, index, pattern, rule)
        tiers: list[tuple[list[Token], str]] = []
        if self.vocabulary[relation].quad == "structural":
            # a standing tie is stated by its own arguments ("X leads Y"), never guessed further away
            return self._pairs(relation, subjects, [(objects, "")], verb, sent, index, pattern, rule)
        if not rule.complement_only:
            # praise and blame go to the author of what is praised, never to actors inside it
            targets = [] if rule.owner else self._noun_targets(objects if rule.topic else objects + themes)
            targets += [
                p
                for c in verb.children
                if c.dep_ == "prep" and c.lower_ in _DIRECTED_PREPS and not rule.owner
                for p in _pobjs(c)
            ]
            # "be in touch with X", "mobilized reservists for a war against X": the target of an
            # event noun the verb's preposition introduces
            targets += self._noun_targets(
                [
                    p
                    for c in verb.children
                    if c.dep_ == "prep" and c.lower_ in _GOAL_PREPS
                    for p in _pobjs(c)
                    if self._noun_rule(p) is not None
                ]
            )
            if pattern == "phrase":
                targets += self._noun_targets(self._phrase_nouns(verb))
            tiers += [(objects, ""), (targets, "+target")]
        if rule.complement:
            tiers.append((self._complement_targets(verb), "+comp"))
            tiers.append((self._condition_subjects(verb), "+cond"))
        if rule.near:
            tiers.append(([], "+near"))
        if relation in self.lexicon.locative_relations and not rule.complement_only:
            tiers.append((self._locative_targets(verb, objects + themes), "+loc"))
        out = self._pairs(relation, subjects, tiers, verb, sent, index, pattern, rule)
        if self.vocabulary[relation].plover == "ASSAULT" and not rule.reciprocal:
            allies = self._allies_above(verb)
            if allies:
                out += self._pairs(relation, allies, tiers, verb, sent, index, "ally-" + pattern, rule)
            out += self._coagents(subjects, verb, sent, index)
        return out

    def _coagents(
        self, subjects: list[Token], trigger: Token, sent: Span, index: MentionIndex
    ) -> list[FoundRelation]:
        """ "X, Y and Z are committed to defeating ISIL": those who fight side by side are allies."""
        heads = [s for s in subjects if s.dep_ in ("nsubj", "nsubjpass", "conj")]
        mentions = list({m.actor.id: m for s in heads for m in index.actors_in(s)}.values())
        if len(mentions) < 2:
            return []
        return [
            FoundRelation("allied_with", a, b, trigger, sent, "coagent")
            for k, a in enumerate(mentions)
            for b in mentions[k + 1 :]
        ]

    def _theme_relation(self, themes: list[Token], rule: TriggerRule) -> str | None:
        table = dict(rule.themes) if rule.themes else self.lexicon.themes
        for theme in themes:
            words = [theme.lemma_.lower(), theme.lower_]
            words += [c.lemma_.lower() for c in theme.children if c.dep_ in ("compound", "amod")]
            words += [conj.lemma_.lower() for conj in theme.conjuncts]
            # "700 kg of medicine", "a shipment of arms": the thing is the object of "of"
            words += [
                p.lemma_.lower()
                for c in theme.children
                if c.dep_ == "prep" and c.lower_ == "of"
                for p in c.children
                if p.dep_ == "pobj"
            ]
            for w in words:
                if w in table:
                    return table[w]
        return None

    def _commissive_relation(self, verb: Token, relation: str) -> str:
        """ "vowed to fight" is a threat, "vowed to help" a promise, "vowed never to return" a
        refusal: the complement decides."""
        for child in verb.children:
            if child.dep_ not in _CLAUSE_DEPS:
                continue
            if any(c.dep_ == "neg" or c.lower_ in self.lexicon.cues.negators for c in child.children):
                return "rejects"
            for tok in child.subtree:
                rule = self.lexicon.verbs.get(tok.lemma_.lower()) if tok.pos_ == "VERB" else None
                if rule is None and tok.pos_ == "NOUN":
                    rule = self._noun_rule(tok)
                if rule is not None and self.vocabulary[rule.relation].quad in CONFLICT:
                    return "threatens"
        return relation

    def _noun_targets(self, heads: list[Token], depth: int = 0) -> list[Token]:
        """The targets of object nouns: "threatened further action against Russia", "mobilized
        reservists for a war against Iraq", "launch an offensive in its war with Iraq"."""
        out: list[Token] = []
        for head in heads:
            rule = self._noun_rule(head) if head.pos_ == "NOUN" else None
            own = set(rule.preps) if rule is not None else set()
            # a document is "on" its topic: only "a resolution against X" names a target
            document = rule is None and head.lemma_.lower() in self.lexicon.document_nouns
            for child in head.children:
                if child.dep_ != "prep":
                    continue
                if document and child.lower_ != "against":
                    continue
                if child.lower_ in _TARGET_PREPS or child.lower_ in own:
                    for pobj in _pobjs(child):
                        out.append(pobj)
                        if depth < 2 and pobj.pos_ == "NOUN" and self._noun_rule(pobj) is not None:
                            out.extend(self._noun_targets([pobj], depth + 1))
                elif child.lower_ == "in" and depth < 1:
                    out.extend(self._noun_targets(_pobjs(child), depth + 1))
                elif (
                    child.lower_ == "of" and head.lemma_.lower() in self.lexicon.quantity_nouns and depth < 2
                ):
                    # "a series of strikes on X", "a wave of attacks against X"
                    out.extend(self._noun_targets(_pobjs(child), depth + 1))
        return out

    def _nested_targets(self, head: Token, preps: tuple[str, ...]) -> list[Token]:
        """Objects of ``preps`` inside the phrase of ``head`` (below its first level)."""
        out: list[Token] = []
        for child in head.children:
            if child.dep_ != "prep" or child.lower_ in _NON_TARGET_PREPS:
                continue
            # two levels down at most: "withdrawal of forces from Panama", not "funding of a
            # project for the rehabilitation of the Ishtar Gate"
            for pobj in _pobjs(child):
                for tok in pobj.children:
                    if tok.dep_ == "prep" and tok.lower_ in preps:
                        out.extend(_pobjs(tok))
        return out

    def _beneficiaries(self, token: Token) -> list[Token]:
        """The party a cooperative trigger helps: "support for Iraq", "supported the Iraqi forces"."""
        if token.pos_ in ("NOUN", "PROPN"):
            rule = self._noun_rule(token)
            if rule is None or self.vocabulary[rule.relation].quad not in COOPERATION:
                return []
            return [
                p for c in token.children if c.dep_ == "prep" and c.lower_ in rule.preps for p in _pobjs(c)
            ]
        if token.pos_ not in ("VERB", "AUX"):
            return []
        rule = self._phrase(token) or self.lexicon.verbs.get(token.lemma_.lower())
        if rule is None or self.vocabulary[rule.relation].quad not in COOPERATION:
            # "reiterated its support for Iraq in the fight against ISIL"
            return [b for c in token.children if c.dep_ == "dobj" for b in self._beneficiaries(c)]
        objects, _ = objects_of(token, rule)
        return [o for o in objects if o.dep_ != "nsubjpass"]

    def _allies_above(self, trigger: Token) -> list[Token]:
        """Beneficiaries of a cooperative act whose purpose the trigger is: "stands by Iraq to
        defeat Daesh" (Iraq fights too), "supported the Iraqi forces in its efforts to defeat ISIL"."""
        current = trigger
        for _ in range(5):
            if current.head == current or current.dep_ not in (
                "xcomp",
                "advcl",
                "acl",
                "pobj",
                "prep",
                "pcomp",
            ):
                return []
            current = current.head
            allies = self._beneficiaries(current)
            if allies:
                return allies
        return []

    def _complement_clauses(self, verb: Token) -> list[Token]:
        clauses = [c for c in verb.children if c.dep_ in _CLAUSE_DEPS]
        # "called on X to", "agreed on a plan to": a clause under a preposition
        clauses += [p for c in verb.children if c.dep_ == "prep" for p in c.children if p.dep_ == "pcomp"]
        clauses += [g for c in verb.children if c.dep_ == "dobj" for g in c.children if g.dep_ == "acl"]
        # purpose clauses: "blocked a road to show their anger at X"; "pushing for the US to support"
        for c in verb.children:
            if c.dep_ != "advcl":
                continue
            marks = {m.lower_ for m in c.children if m.dep_ in ("mark", "aux")}
            if "to" in marks or "for" in marks:
                clauses.append(c)
        return clauses

    def _complement_targets(self, verb: Token) -> list[Token]:
        """Where a control verb's recipient is: the complement's subject, else its objects."""
        out: list[Token] = []
        for clause in self._complement_clauses(verb):
            subjects = [c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")]
            if subjects and clause.dep_ in ("ccomp", "advcl"):
                out.extend(t for s in subjects for t in _conjuncts(s))
                continue
            for tok in [clause, *[c for c in clause.children if c.dep_ in ("xcomp", "conj")]]:
                embedded = self.lexicon.verbs.get(tok.lemma_.lower())
                for child in tok.children:
                    if child.dep_ == "dobj" and embedded is not None and embedded.theme:
                        out.extend(self._noun_targets([child]))  # "deploy troops": its own forces
                    elif child.dep_ in ("dobj", "dative", "attr"):
                        out.extend(_conjuncts(child))
                        out.extend(self._noun_targets([child]))
                    elif child.dep_ in ("prep", "agent") and child.lower_ not in _NON_TARGET_PREPS:
                        out.extend(_pobjs(child))
                        out.extend(self._noun_targets(_pobjs(child)))
        return out

    def _condition_subjects(self, verb: Token) -> list[Token]:
        """Who must comply: "threatened to strike unless Israel withdrew" -> Israel."""
        clauses = [verb, *self._complement_clauses(verb)]
        return [
            t
            for clause in clauses
            for c in clause.children
            if c.dep_ == "advcl"
            and any(m.dep_ == "mark" and m.lower_ in ("unless", "if", "until") for m in c.children)
            for s in c.children
            if s.dep_ in ("nsubj", "nsubjpass")
            for t in _conjuncts(s)
        ]

    def _locative_targets(self, verb: Token, objects: list[Token]) -> list[Token]:
        out: list[Token] = []
        heads = [verb, *objects]
        # "refused to deploy peacekeepers in Iraq": the place of the complement's event
        for clause in (c for c in verb.children if c.dep_ == "xcomp"):
            heads += [clause, *(c for c in clause.children if c.dep_ == "dobj")]
        for head in heads:
            for child in head.children:
                if child.dep_ != "prep":
                    continue
                located = child.lower_ in _LOCATIVE_PREPS
                for pobj in _pobjs(child) if located or child.lower_ in _GOAL_PREPS else []:
                    if located:
                        out.append(pobj)
                    # "at a jail in northern Israel", "troops to a force in Liberia": one more level
                    out.extend(
                        p
                        for c in pobj.children
                        if c.dep_ == "prep" and (c.lower_ == "in" or located and c.lower_ == "of")
                        for p in _pobjs(c)
                    )
        return out

    def _nominal(
        self, noun: Token, sent: Span, index: MentionIndex, rule: TriggerRule
    ) -> list[FoundRelation]:
        # "a mediation effort between X and Y": a compound trigger takes its head's arguments
        head = noun.head if noun.dep_ == "compound" and noun.head.pos_ in ("NOUN", "PROPN") else noun
        # "carried out a series of strikes on X": the quantity noun stands in the verb's object slot
        quantity = head
        while (
            quantity.dep_ == "pobj"
            and quantity.head.lower_ == "of"
            and quantity.head.head.lemma_.lower() in self.lexicon.quantity_nouns
        ):
            quantity = quantity.head.head
        subjects: list[Token] = []
        objects: list[Token] = []
        between: list[Token] = []
        phrase = [noun] if head.i == noun.i else [noun, head]
        # "the agreement reached between X and Y": the participle's prepositions belong to the noun
        phrase += [c for c in head.children if c.dep_ == "acl" and c.tag_ == "VBN"]
        for np in phrase:
            for child in np.children:
                if child == noun:
                    continue
                if child.dep_ in ("poss", "amod", "compound", "nmod") and index.by_token.get(child.i):
                    subjects.append(child)
                    # "Israel-Hamas talks": a compound of the compound
                    subjects += [
                        g
                        for g in child.children
                        if g.dep_ in ("compound", "amod", "conj")
                        and index.by_token.get(g.i)
                        and index.by_token[g.i] != index.by_token[child.i]
                    ]
                elif child.dep_ in ("prep", "agent") and child.lower_ == "by":
                    subjects.extend(p for p in child.children if p.dep_ == "pobj")
                elif child.dep_ == "prep" and child.lower_ == "between" and "between" in rule.preps:
                    between.extend(_pobjs(child))
                elif child.dep_ == "prep" and "between" in rule.preps and not between:
                    # "the agreement on 2 December between X and Y"
                    between.extend(
                        p
                        for g in child.subtree
                        if g.dep_ == "prep" and g.lower_ == "between"
                        for p in _pobjs(g)
                    )
                elif child.dep_ == "prep" and child.lower_ in rule.preps:
                    objects.extend(_pobjs(child))
        pattern = "noun"
        if not subjects and head.dep_ == "pobj" and head.head.lower_ == "in" and head.head.head != head.head:
            # "support for Iraq in the fight against ISIL": the supported party fights; "X and
            # others in support of the coalition": the phrase the "in" modifies acts;
            # "killed civilians in an attack on X": the subject of the verb acts
            governor = head.head.head
            allies = self._beneficiaries(governor) if self.vocabulary[rule.relation].quad in CONFLICT else []
            if allies:
                subjects, pattern = allies, "noun-ally"
            elif governor.pos_ in ("NOUN", "PROPN"):
                # "X, Y and others in support of Z": the whole coordination
                subjects, pattern = [governor, *governor.conjuncts], "noun-in"
            elif governor.pos_ in ("VERB", "AUX"):
                subjects, pattern = subjects_of(governor), "noun-in"
        if (
            not subjects
            and quantity.dep_ in ("dobj", "nsubjpass", "attr", "appos")
            and quantity.head != quantity
        ):
            # the object of a verb: "launched attacks on X", "announced a suspension of links with X"
            governor = quantity.head
            if quantity.dep_ == "appos" and governor.dep_ in ("dobj", "pobj"):
                governor = governor.head.head if governor.dep_ == "pobj" else governor.head
            if governor.pos_ in ("VERB", "AUX") and governor.lemma_.lower() in self.lexicon.support_verbs:
                subjects = subjects_of(governor)
                pattern = "noun-of-verb"
                # "stepped up deliveries to X": the noun's preposition attached to the verb
                objects += [
                    p
                    for c in governor.children
                    if c.dep_ == "prep" and c.lower_ in rule.preps
                    for p in _pobjs(c)
                ]
        # every actor of the "between" phrase, modifiers included ("Iraqi and Kurdish governments")
        parties = list(
            {
                m.actor.id: m
                for t in between
                for i in range(t.left_edge.i, t.i + 1)
                for m in [index.by_token.get(i)]
                if m is not None
            }.values()
        )
        if not any(index.actors_in(t) for t in subjects) and len(parties) >= 2:
            # "an agreement between X and Y", "talks between the Iraqi and Kurdish governments":
            # the parties with one another
            return [
                FoundRelation(rule.relation, parties[0], other, noun, sent, "noun-between")
                for other in parties[1:]
            ]
        objects += between
        # "US-Iran talks": two actors in the compound of a symmetric relation
        if not objects and self.vocabulary[rule.relation].symmetric and len(subjects) >= 2:
            subjects, objects = subjects[:1], subjects[1:]
        tiers: list[tuple[list[Token], str]] = [(objects, "")]
        # "the withdrawal of forces from Panama": the recipient's preposition further down the phrase
        tiers.append((self._nested_targets(head, rule.preps), "+target"))
        relation = rule.relation
        if rule.theme:
            # "weapons deliveries to X", "a shipment of arms to X": the thing delivered decides
            relation = self._theme_relation([noun], rule) or relation
        return self._pairs(relation, subjects, tiers, noun, sent, index, pattern, rule)

    def _adjectival(
        self, adj: Token, sent: Span, index: MentionIndex, rule: TriggerRule
    ) -> list[FoundRelation]:
        """ "X is ready to send troops to Y", "X is opposed to Y's mediation", "critical of Y"."""
        subjects = [t for c in adj.children if c.dep_ in ("nsubj", "nsubjpass") for t in _conjuncts(c)]
        if not subjects:
            subjects = subjects_of(adj.head) if adj.dep_ == "acomp" else subjects_of(adj)
        objects = [p for c in adj.children if c.dep_ == "prep" and c.lower_ in rule.preps for p in _pobjs(c)]
        tiers: list[tuple[list[Token], str]] = [(objects, ""), (self._noun_targets(objects), "+target")]
        if rule.complement:
            tiers.append((self._complement_targets(adj), "+comp"))
        if rule.relation in self.lexicon.locative_relations:
            tiers.append((self._locative_targets(adj, []), "+loc"))
        return self._pairs(rule.relation, subjects, tiers, adj, sent, index, "adjective", rule)

    def _directive(self, verb: Token, sent: Span, index: MentionIndex) -> list[FoundRelation]:
        """ "Russia said Sudan must return the helicopter": a demand made through a report."""
        out: list[FoundRelation] = []
        subjects = [c for c in verb.children if c.dep_ in _SUBJECT_DEPS]
        if not subjects or verb.lemma_.lower() in self.lexicon.cues.neg_raising:
            return out  # "X believes Y should ...": an opinion, not a demand
        for clause in (c for c in verb.children if c.dep_ == "ccomp"):
            auxes = {c.lower_ for c in clause.children if c.dep_ == "aux"}
            # "X must go", "X has to go", "X needs to go"
            if clause.lemma_.lower() in ("have", "need") and any(c.dep_ == "xcomp" for c in clause.children):
                auxes.add("must")
            if not auxes & self.lexicon.directive_aux:
                continue
            targets = [t for c in clause.children if c.dep_ == "nsubj" for t in _conjuncts(c)]
            out += self._pairs(
                "requests", subjects, [(targets, "")], verb, sent, index, "directive", TriggerRule("requests")
            )
        return out

    def _inclusion(self, prep: Token, sent: Span, index: MentionIndex) -> list[FoundRelation]:
        """ "the international community, including Russia and Iran": members of a group."""
        group = prep.head
        if group.pos_ not in ("NOUN", "PROPN"):
            return []
        rule = TriggerRule("member_of")
        return self._pairs("member_of", _pobjs(prep), [([group], "")], prep, sent, index, "inclusion", rule)

    def _standing(self, copula: Token, sent: Span, index: MentionIndex) -> list[FoundRelation]:
        """ "X and Y are (strategic) allies", "X is an ally of Y"."""
        attrs = [c for c in copula.children if c.dep_ == "attr"]
        subjects = [t for c in copula.children if c.dep_ == "nsubj" for t in _conjuncts(c)]
        out: list[FoundRelation] = []
        for attr in attrs:
            relation = self.lexicon.standing.get(attr.lemma_.lower()) or self.lexicon.standing.get(
                attr.lower_
            )
            if relation is None:
                continue
            objects = [
                p
                for c in attr.children
                if c.dep_ == "prep" and c.lower_ in ("of", "with", "to")
                for p in c.children
                if p.dep_ == "pobj"
            ]
            objects += [c for c in attr.children if c.dep_ == "poss"]
            rule = TriggerRule(relation)
            if objects:
                out += self._pairs(relation, subjects, [(objects, "")], attr, sent, index, "standing", rule)
            elif len(subjects) >= 2:
                out += self._pairs(
                    relation, subjects[:1], [(subjects[1:], "")], attr, sent, index, "standing", rule
                )
        return out

    def _standing_noun(self, noun: Token, sent: Span, index: MentionIndex) -> list[FoundRelation]:
        """ "Iran's ally Syria", "Hezbollah's patron Iran": possessor and apposition."""
        relation = self.lexicon.standing.get(noun.lemma_.lower()) or self.lexicon.standing[noun.lower_]
        owners = [c for c in noun.children if c.dep_ == "poss"]
        owners += [
            p
            for c in noun.children
            if c.dep_ == "prep" and c.lower_ == "of"
            for p in c.children
            if p.dep_ == "pobj"
        ]
        named = [c for c in noun.children if c.dep_ == "appos"]
        if noun.dep_ in ("appos", "compound"):
            named.append(noun.head)  # "Iran, Syria's ally", "Syria's ally Iran" (compound)
        # "Syria's ally Iran" parsed as two subjects of the same verb
        named += [
            c for c in noun.head.children if c.i == noun.i + 1 and c.dep_ == noun.dep_ and c.i != noun.i
        ]
        if noun.dep_ == "pobj" and noun.head.lower_ == "as" and noun.head.head != noun.head:
            # "the UK, as part of the Coalition, ...", "working as part of the Coalition"
            governor = noun.head.head
            named += subjects_of(governor) if governor.pos_ in ("VERB", "AUX") else [governor]
        if not owners or not named:
            return []
        return self._pairs(
            relation, named, [(owners, "")], noun, sent, index, "standing-noun", TriggerRule(relation)
        )

    def _titles(self, doc: Doc, mentions: list[ActorMention], index: MentionIndex) -> list[FoundRelation]:
        """Structural ties from titles: "US spokesman John Kirby", "Hezbollah leader Hassan Nasrallah"."""
        out: list[FoundRelation] = []
        for m in mentions:
            if m.actor.type != "Person" or m.kind != "name":
                continue
            head = m.span.root
            title_tokens = [
                t for t in head.lefts if t.i < m.span.start and t.dep_ in ("compound", "amod", "nmod")
            ]
            title_tokens += [c for c in head.children if c.dep_ == "appos"]
            if head.dep_ == "appos":
                title_tokens.append(head.head)
            for t in title_tokens:
                relation = self.lexicon.titles.get(t.lower_) or self.lexicon.titles.get(t.lemma_.lower())
                if relation is None:
                    continue
                # the organisation is named inside the title phrase: "US spokesman", "the State
                # Department's spokesman", "spokesman for Hezbollah"
                phrase = [c for c in t.children if c.dep_ in ("compound", "amod", "nmod", "poss")]
                phrase += [
                    p
                    for c in t.children
                    if c.dep_ == "prep" and c.lower_ in ("of", "for", "at")
                    for p in c.children
                    if p.dep_ == "pobj"
                ]
                phrase += [
                    c for c in head.lefts if c.i < t.i and c.dep_ in ("compound", "amod", "nmod", "poss")
                ]
                orgs = [
                    o
                    for p in phrase
                    for o in index.actors_in(p)
                    if o.actor.id != m.actor.id and abs(o.span.start - t.i) <= 6
                ]
                for org in dict.fromkeys(orgs):
                    if org.actor.type == "Person":
                        continue
                    out.append(FoundRelation(relation, m, org, t, t.sent, "title"))
                break
        return out

    # -- pairs ----------------------------------------------------------------------------
    def _pairs(
        self,
        relation: str,
        subjects: list[Token],
        tiers: list[tuple[list[Token], str]],
        trigger: Token,
        sent: Span,
        index: MentionIndex,
        pattern: str,
        rule: TriggerRule,
    ) -> list[FoundRelation]:
        """Pair each subject actor with the object actors of the first tier that names any."""
        subj_mentions = [
            m
            for m in dict.fromkeys(m for s in subjects for m in index.actors_in(s))
            if index.same_paragraph(m, trigger)
        ]
        if not subj_mentions:
            return []
        subject_actors = {m.actor.id for m in subj_mentions}
        subject_spans = {t for m in subj_mentions for t in range(m.span.start, m.span.end)}
        for objects, suffix in tiers:
            if suffix == "+near":
                stops = ("advcl", "relcl", "ccomp", "conj", "nsubj", "parataxis", "acl")
                obj_mentions = index.first_after(trigger, stop_deps=stops)
            elif rule.owner and suffix == "":
                obj_mentions = [m for o in objects for m in _owners(o, index)]
            else:
                obj_mentions = [m for o in objects for m in index.actors_in(o, deep=rule.deep)]
                if self.places is not None:  # "withdrew from Chad": a place the linker left out
                    obj_mentions += [
                        p
                        for o in objects
                        if o.i not in index.by_token
                        for p in [self._place(o)]
                        if p is not None
                    ]
            obj_mentions = [
                m
                for m in dict.fromkeys(obj_mentions)
                if m.actor.id not in subject_actors
                and m.span.start not in subject_spans
                and index.same_paragraph(m, trigger)
            ]
            if not obj_mentions:
                continue
            return [
                FoundRelation(relation, s, o, trigger, sent, pattern + suffix)
                for s in subj_mentions
                for o in obj_mentions
            ]
        distinct = list({m.actor.id: m for m in subj_mentions}.values())
        if rule.reciprocal and len(distinct) >= 2:
            # "X and Y met", "X and Y discussed the crisis": the participants with one another
            return [
                FoundRelation(relation, distinct[0], o, trigger, sent, pattern + "+mutual")
                for o in distinct[1:]
            ]
        return []

    def _place(self, token: Token) -> ActorMention | None:
        """A place recipient that no actor mention covers ("demonstrated in Serbia")."""
        if token.pos_ != "PROPN" or self.places is None:
            return None
        span = _place_span(token)
        actor = self.places(span.text)
        if actor is None or actor.country is None:
            return None
        return ActorMention(span, actor, "gazetteer", "place")

    def _select(self, candidates: list[FoundRelation]) -> list[FoundRelation]:
        """Keep, per sentence, the statements of governing triggers and one statement per actor pair."""
        if not candidates:
            return []
        governing = list(
            {
                c.trigger.i: c.trigger
                for c in candidates
                if not c.pattern.startswith(("title", "standing")) and self._takes_complement(c.trigger)
            }.values()
        )
        # an event in the complement of another trigger is the content of that act (a promise, a
        # threat, a refusal, a demand), not an event of its own
        kept = [
            c for c in candidates if not any(g.i != c.trigger.i and _governs(g, c.trigger) for g in governing)
        ]

        def better(a: FoundRelation, b: FoundRelation) -> bool:
            """Is ``a`` the better statement of a pair than ``b``? The governing trigger first."""
            if _governs(a.trigger, b.trigger):
                return True
            if _governs(b.trigger, a.trigger):
                return False
            return self._rank(a) < self._rank(b)

        def pair(c: FoundRelation) -> tuple[int, int]:
            spans = (c.subject.span.start, c.object.span.start)
            return tuple(sorted(spans)) if self.vocabulary[c.relation].symmetric else spans  # type: ignore[return-value]

        # one statement per directed pair of mentions (unordered for symmetric relations)
        best: dict[tuple[int, int], FoundRelation] = {}
        for c in kept:
            key = pair(c)
            if key not in best or better(c, best[key]):
                best[key] = c
        return [c for c in kept if best.get(pair(c)) is c]

    @staticmethod
    def _rank(c: FoundRelation) -> tuple:
        suffix = "+" + c.pattern.split("+", 1)[1] if "+" in c.pattern else ""
        return (_TIER_RANK.get(suffix, 5), _depth(c.trigger), c.trigger.i)

    def _takes_complement(self, trigger: Token) -> bool:
        lemma = trigger.lemma_.lower()
        if trigger.pos_ in ("VERB", "AUX"):
            phrase = self._phrase(trigger)
            if phrase is not None:
                return phrase.complement or phrase.commissive
            rule = self.lexicon.verbs.get(lemma) or self.lexicon.adjectives.get(trigger.lower_)
        else:
            rule = self.lexicon.adjectives.get(lemma) or self._noun_rule(trigger)
        return rule is not None and (rule.complement or rule.commissive)

    def _finish(self, found: list[FoundRelation]) -> list[FoundRelation]:
        cues = self.lexicon.cues
        index_cache: dict[int, MentionIndex] = {}
        out: list[FoundRelation] = []
        seen: set[tuple] = set()
        for f in found:
            key = (f.relation, f.subject.span.start, f.object.span.start, f.trigger.i)
            if key in seen:
                continue
            seen.add(key)
            if f.pattern != "title":
                f.polarity = polarity(f.trigger, cues)
                f.modality = modality(f.trigger, cues)
                found_sources = sources(f.trigger, cues)
                if found_sources:
                    # the nearest source that names an actor ("a commander said" before "according
                    # to The Daily Beast")
                    doc = f.trigger.doc
                    idx = index_cache.setdefault(id(doc), MentionIndex(list(doc._.actor_mentions or [])))
                    names = [m for t in found_sources for m in idx.actors_in(t)[:1]]
                    f.reporter = names[0] if names else None
                    # the chain of sources, nearest first, and the outlet that carries the report
                    f.extra["sources"] = list(dict.fromkeys(m.actor.id for m in names))
                    # the outlet is a Media source, or the Media a source spoke to ("told The Daily Beast")
                    told = [m for t in found_sources for m in _addressees(t.head, idx)]
                    outlets = [m.actor.id for m in names + told if m.actor.type == "Media"]
                    if outlets:
                        f.extra["outlet"] = outlets[-1]
                self._apply_conventions(f)
            out.append(f)
        return out

    def _apply_conventions(self, f: FoundRelation) -> None:
        """PLOVER's coding conventions for intended acts (lexicon ``conventions``).

        An act made conditional on the recipient ("will withdraw from Chad unless ...") is a
        threat; an announced future act is a promise when cooperative ("will provide aid") and a
        threat when hostile ("will blockade Paris").
        """
        if f.polarity != "positive" or f.modality not in ("future", "hypothetical"):
            return
        recoded = None
        if conditional_mark(f.trigger, self.lexicon.cues) is not None:
            recoded = self.lexicon.conditional_acts.get(f.relation)
        if recoded is None and f.modality == "future":
            recoded = self.lexicon.future_acts.get(f.relation)
        if recoded is not None and recoded != f.relation:
            f.extra["event"] = f.relation
            f.relation = recoded


class GazetteerPlaces:
    """A place lookup over an actor gazetteer: a state's name or its capital (picklable)."""

    def __init__(self, gazetteer: Any):
        self.gazetteer = gazetteer

    def __call__(self, text: str) -> Actor | None:
        return self.gazetteer.lookup(text, kinds=("name", "capital"))


def _gazetteer_places(nlp: Language) -> PlaceLookup | None:
    """The place lookup of the pipeline's actor linker, if it has one."""
    if "graphkit_actors" not in nlp.pipe_names:
        return None
    gazetteer = getattr(nlp.get_pipe("graphkit_actors"), "gazetteer", None)
    return GazetteerPlaces(gazetteer) if gazetteer is not None else None


def _addressees(verb: Token, index: MentionIndex) -> list[ActorMention]:
    """Whom a reporting verb addresses: "told The Daily Beast", "said to Reuters"."""
    out: list[ActorMention] = []
    for child in verb.children:
        if child.dep_ in ("dative", "dobj"):
            out.extend(index.actors_in(child)[:1])
        elif child.dep_ == "prep" and child.lower_ == "to":
            out.extend(m for p in child.children if p.dep_ == "pobj" for m in index.actors_in(p)[:1])
    return out


@Language.factory(
    "graphkit_relations",
    requires=["doc._.actor_mentions"],
    assigns=["doc._.relations"],
    default_config={"place_recipients": True},
)
def make_relation_finder(nlp: Language, name: str, place_recipients: bool) -> RelationFinder:
    """Create the relation finder with the shipped lexicon (and the actor linker's place names)."""
    return RelationFinder(name, places=_gazetteer_places(nlp) if place_recipients else None)
