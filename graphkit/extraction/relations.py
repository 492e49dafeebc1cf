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
- ``+loc``: the place the event happens in, for event types whose recipient may be a place
  ("reimposed blockades in the West Bank").

Then, per sentence, an event embedded in the complement of another trigger that produced a
statement ("threatened to impose sanctions", "refused to meet") is subsumed by it, and one
statement is kept per actor pair. Polarity, modality and attribution come from
:mod:`graphkit.extraction.modality`. Results go to ``doc._.relations``, a list of
:class:`FoundRelation`.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import yaml
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from graphkit.extraction.actors import ActorMention
from graphkit.extraction.modality import Cues, conditional_mark, modality, polarity, reporter
from graphkit.resources import data_path
from graphkit.vocabulary import CONFLICT, default_vocabulary

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
# Prepositions that name the target of an event noun ("action against Russia", "sanctions on Iran").
_TARGET_PREPS = {"against", "on", "upon", "to", "toward", "towards", "with", "for", "into", "at", "over"}
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
    "to",
    "from",
    "around",
    "outside",
    "toward",
    "towards",
    "over",
    "on",
}
_SUBJECT_DEPS = ("nsubj", "csubj")
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
# Pattern preference when two triggers give the same pair: lower is better.
_TIER_RANK = {"": 0, "+target": 1, "+comp": 2, "+near": 3, "+loc": 4}


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
    commissive: bool = False
    needs_theme: bool = False
    classify: bool = True
    near: bool = False


@dataclass
class Lexicon:
    """The relation lexicon (``graphkit/data/lexicon.yaml``)."""

    verbs: dict[str, TriggerRule]
    nouns: dict[str, TriggerRule]
    adjectives: dict[str, TriggerRule]
    standing: dict[str, str]
    phrases: list[dict[str, Any]]
    themes: dict[str, str]
    titles: dict[str, str]
    cues: Cues
    locative_relations: frozenset[str] = frozenset()
    directive_aux: frozenset[str] = frozenset()
    future_cooperation: dict[str, str] = field(default_factory=dict)
    conditional_threat: frozenset[str] = frozenset()

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Lexicon:
        vocab = default_vocabulary()

        def rule(entry: dict[str, Any]) -> TriggerRule:
            name = entry["relation"]
            vocab[name]  # fail early on a relation the ontology does not define
            return _rule_from(entry)

        themes = {word: relation for relation, words in (data.get("themes") or {}).items() for word in words}
        titles = {t: relation for relation, words in (data.get("titles") or {}).items() for t in words}
        for relation in (
            set(themes.values()) | set(titles.values()) | set((data.get("standing") or {}).values())
        ):
            vocab[relation]
        for entry in data.get("phrases") or []:
            vocab[entry["relation"]]
        conventions = data.get("conventions") or {}
        return cls(
            verbs={k: rule(v) for k, v in (data.get("verbs") or {}).items()},
            nouns={k: rule(v) for k, v in (data.get("nouns") or {}).items()},
            adjectives={k: rule(v) for k, v in (data.get("adjectives") or {}).items()},
            standing=dict(data.get("standing") or {}),
            phrases=list(data.get("phrases") or []),
            themes=themes,
            titles=titles,
            cues=Cues.from_dict(data.get("cues") or {}),
            locative_relations=frozenset(conventions.get("locative_recipient") or ()),
            directive_aux=frozenset(conventions.get("directive_aux") or ()),
            future_cooperation={
                str(k): str(v) for k, v in (conventions.get("future_cooperation") or {}).items()
            },
            conditional_threat=frozenset(conventions.get("conditional_threat") or ()),
        )


def _rule_from(entry: dict[str, Any]) -> TriggerRule:
    return TriggerRule(
        relation=entry["relation"],
        preps=tuple(entry.get("preps") or ()) + tuple(entry.get("particle") or ()),
        reverse=bool(entry.get("reverse")),
        theme=bool(entry.get("theme")),
        deep=bool(entry.get("deep")),
        passive_speaker=bool(entry.get("passive_speaker")),
        complement=bool(entry.get("complement")),
        commissive=bool(entry.get("commissive")),
        needs_theme=bool(entry.get("needs_theme")),
        classify=bool(entry.get("classify", True)),
        near=bool(entry.get("near")),
    )


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """Return the shipped lexicon (parsed once per process)."""
    return Lexicon.from_dict(yaml.safe_load(data_path("lexicon.yaml").read_text(encoding="utf-8")))


@dataclass
class FoundRelation:
    """A relation found in a sentence, before it becomes a model ``Statement``.

    ``pattern`` names the rule that found it (``verb``, ``noun+loc``, ``title``...): the key of its
    calibrated confidence. ``complement`` is the clause whose events this one subsumes, if any.
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

    def __init__(self, mentions: list[ActorMention]):
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
        seen: list[ActorMention] = []
        queue: deque[tuple[Token, int]] = deque([(token, 0)])
        best_depth = None
        while queue:
            tok, depth = queue.popleft()
            if best_depth is not None and depth > best_depth:
                break
            for child in tok.children:
                if child.dep_ not in deps or child.lower_ in _EXCLUDING_PREPS:
                    continue
                if child.dep_ == "prep" and not deep and child.lower_ not in _REFERENT_PREPS:
                    continue
                if child.dep_ == "amod" and child.lower_ == "other":
                    continue
                m = self.by_token.get(child.i)
                if m is not None:
                    if m not in seen:
                        seen.append(m)
                        best_depth = depth
                    continue
                queue.append((child, depth + 1))
        return seen

    def first_after(self, head: Token, start: int, stop_deps: Iterable[str] = ()) -> list[ActorMention]:
        """The first actor mention in ``head``'s subtree after token ``start``, within its clause."""
        stop = set(stop_deps)
        best: ActorMention | None = None
        stack = [c for c in head.children if c.i > start]
        while stack:
            tok = stack.pop()
            if tok.dep_ in stop or tok.lower_ in _EXCLUDING_PREPS:
                continue
            m = self.by_token.get(tok.i)
            if m is not None and (best is None or m.span.start < best.span.start):
                best = m
            stack.extend(tok.children)
        return [best] if best is not None else []


def _conjuncts(token: Token) -> list[Token]:
    return [token, *[c for c in token.conjuncts if c.i > token.i]]


def _is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)


def subjects_of(verb: Token, depth: int = 0) -> list[Token]:
    """The subject heads of a verb, climbing through control, coordination and modifiers."""
    if depth > 6:
        return []
    direct = [c for c in verb.children if c.dep_ in _SUBJECT_DEPS]
    if _is_passive(verb):
        direct = [p for c in verb.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]
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
                objects.extend(p for c in child.children if c.dep_ == "pobj" for p in _conjuncts(c))
            else:
                objects.extend(_conjuncts(child))
        elif dep in ("prep", "prt") and (child.lower_ in rule.preps or child.lower_ == "with" and rule.theme):
            for pobj in (c for c in child.children if c.dep_ in ("pobj", "pcomp")):
                if rule.theme and child.lower_ == "with":
                    themes.extend(_conjuncts(pobj))
                else:
                    objects.extend(_conjuncts(pobj))
            # "hand over to Britain two of its nationals": a particle followed by a preposition
            if dep == "prt":
                objects.extend(
                    p
                    for c in verb.children
                    if c.dep_ == "prep" and c.lower_ in rule.preps
                    for p in c.children
                    if p.dep_ == "pobj"
                )
    if verb.dep_ in ("relcl", "acl") and (passive or verb.tag_ == "VBN"):
        objects.append(verb.head)  # "casualties caused by Russian strikes": the head is the object
    return objects, themes


def _clause_governs(governor: Token, token: Token) -> bool:
    """True when ``token`` sits in a clausal complement (or its modifiers) of ``governor``."""
    current = token
    for _ in range(12):
        if current.head == current:
            return False
        if current.head == governor:
            return (
                current.dep_
                in ("xcomp", "ccomp", "prep", "pcomp", "dobj", "dative", "advcl", "acomp", "oprd")
                and current.dep_ != "conj"
            )
        if current.dep_ == "conj" and current.head.dep_ in ("ROOT",):
            return False
        current = current.head
    return False


def _depth(token: Token) -> int:
    depth = 0
    while token.head != token and depth < 50:
        token = token.head
        depth += 1
    return depth


class RelationFinder:
    """Finds relations between the actors of each sentence (the ``graphkit_relations`` component)."""

    def __init__(self, name: str, lexicon: Lexicon | None = None):
        self.name = name
        self.lexicon = lexicon or default_lexicon()
        self.vocabulary = default_vocabulary()
        if not Doc.has_extension("relations"):
            Doc.set_extension("relations", default=None)

    def __call__(self, doc: Doc) -> Doc:
        mentions = list(doc._.actor_mentions or [])
        index = MentionIndex(mentions)
        found: list[FoundRelation] = []
        if len(mentions) >= 2:
            for sent in doc.sents:
                if len({m.actor.id for m in mentions if sent.start <= m.span.start < sent.end}) < 2:
                    continue
                candidates: list[FoundRelation] = []
                for token in sent:
                    candidates.extend(self._from_token(token, sent, index))
                found.extend(self._select(candidates))
        found.extend(self._titles(doc, mentions, index))
        doc._.relations = self._finish(found)
        return doc

    # -- triggers -------------------------------------------------------------------------
    def _from_token(self, token: Token, sent: Span, index: MentionIndex) -> list[FoundRelation]:
        lemma = token.lemma_.lower()
        lower = token.lower_
        out: list[FoundRelation] = []
        if token.pos_ in ("VERB", "AUX") or token.tag_.startswith("VB"):
            phrase = self._phrase(token)
            if phrase is not None:
                out = self._verbal(token, sent, index, phrase, "phrase")
            else:
                rule = self.lexicon.verbs.get(lemma)
                if rule is not None and token.pos_ == "VERB" and token.dep_ not in ("amod", "compound"):
                    out = self._verbal(token, sent, index, rule, "verb")
                elif lemma == "be":
                    out = self._standing(token, sent, index)
            if not out and lemma in self.lexicon.cues.reporting_verbs:
                out = self._directive(token, sent, index)
        elif token.pos_ in ("NOUN", "PROPN"):
            rule = self.lexicon.nouns.get(lemma) or self.lexicon.nouns.get(lower)
            if rule is not None:
                out = self._nominal(token, sent, index, rule)
            elif (lemma in self.lexicon.standing or lower in self.lexicon.standing) and token.dep_ != "attr":
                out = self._standing_noun(token, sent, index)
        elif token.pos_ == "ADJ" and token.dep_ in ("acomp", "oprd", "amod", "advcl", "conj"):
            rule = self.lexicon.adjectives.get(lemma) or self.lexicon.adjectives.get(lower)
            if rule is not None and token.dep_ != "amod":
                out = self._adjectival(token, sent, index, rule)
        return out

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
                if not objs & set(entry["object"]):
                    continue
            if "particle" in entry:
                parts = {c.lower_ for c in verb.children if c.dep_ in ("prt", "prep")}
                if not parts & set(entry["particle"]):
                    continue
            return _rule_from(entry)
        return None

    def _verbal(
        self, verb: Token, sent: Span, index: MentionIndex, rule: TriggerRule, pattern: str
    ) -> list[FoundRelation]:
        subjects = subjects_of(verb)
        if verb.dep_ == "acl" and subjects and not any(index.actors_in(s) for s in subjects):
            # "issued a declaration demanding that ...": the declaration's author demands
            governor = verb.head.head if verb.head.dep_ in ("dobj", "attr") else None
            if governor is not None and governor.pos_ in ("VERB", "AUX"):
                subjects = subjects_of(governor)
        objects, themes = objects_of(verb, rule)
        relation = rule.relation
        if rule.theme:
            theme_relation = self._theme_relation(themes) if themes else None
            with_themes = [t for t in themes if t.head.dep_ == "prep" and t.head.lower_ == "with"]
            direct = [t for t in themes if t not in with_themes]
            if with_themes and direct and not objects:
                # "provide them with rockets": the direct object is the recipient
                objects, themes = direct, with_themes
                theme_relation = self._theme_relation(themes)
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
            subjects, objects = objects, subjects
            return self._pairs(relation, subjects, [(objects, "")], verb, sent, index, pattern, rule)
        tiers: list[tuple[list[Token], str]] = [(objects, "")]
        tiers.append((self._noun_targets(objects + themes), "+target"))
        if rule.complement:
            tiers.append((self._complement_targets(verb), "+comp"))
        if rule.near:
            tiers.append(([], "+near"))
        if relation in self.lexicon.locative_relations:
            tiers.append((self._locative_targets(verb, objects + themes), "+loc"))
        return self._pairs(relation, subjects, tiers, verb, sent, index, pattern, rule)

    def _theme_relation(self, themes: list[Token]) -> str | None:
        for theme in themes:
            words = [theme.lemma_.lower(), theme.lower_] + [
                c.lemma_.lower() for c in theme.children if c.dep_ in ("compound", "amod")
            ]
            for conj in theme.conjuncts:
                words.append(conj.lemma_.lower())
            # "700 kg of medicine", "a shipment of arms": the thing is the object of "of"
            words += [
                p.lemma_.lower()
                for c in theme.children
                if c.dep_ == "prep" and c.lower_ == "of"
                for p in c.children
                if p.dep_ == "pobj"
            ]
            for w in words:
                if w in self.lexicon.themes:
                    return self.lexicon.themes[w]
        return None

    def _commissive_relation(self, verb: Token, relation: str) -> str:
        """ "vowed to fight" is a threat, "vowed to help" a promise: the complement decides."""
        for child in verb.children:
            if child.dep_ not in _CLAUSE_DEPS:
                continue
            for tok in child.subtree:
                rule = self.lexicon.verbs.get(tok.lemma_.lower()) if tok.pos_ == "VERB" else None
                if rule is None and tok.pos_ == "NOUN":
                    rule = self.lexicon.nouns.get(tok.lemma_.lower())
                if rule is not None and self.vocabulary[rule.relation].quad in CONFLICT:
                    return "threatens"
        return relation

    def _noun_targets(self, heads: list[Token]) -> list[Token]:
        """The targets of object nouns: "threatened further action against Russia"."""
        out: list[Token] = []
        for head in heads:
            for child in head.children:
                if child.dep_ == "prep" and child.lower_ in _TARGET_PREPS:
                    out.extend(p for c in child.children if c.dep_ == "pobj" for p in _conjuncts(c))
        return out

    def _nested_targets(self, head: Token, preps: tuple[str, ...]) -> list[Token]:
        """Objects of ``preps`` inside the phrase of ``head`` (below its first level)."""
        out: list[Token] = []
        for child in head.children:
            if child.dep_ != "prep" or child.lower_ in _EXCLUDING_PREPS:
                continue
            for tok in child.subtree:
                if tok.dep_ == "prep" and tok.lower_ in preps and tok.i != child.i:
                    out.extend(p for c in tok.children if c.dep_ == "pobj" for p in _conjuncts(c))
        return out

    def _complement_targets(self, verb: Token) -> list[Token]:
        """Where a control verb's recipient is: the complement's subject, else its objects."""
        out: list[Token] = []
        clauses = [c for c in verb.children if c.dep_ in _CLAUSE_DEPS]
        # "called on X to", "agreed on a plan to": a clause under a preposition
        clauses += [p for c in verb.children if c.dep_ == "prep" for p in c.children if p.dep_ == "pcomp"]
        clauses += [
            g
            for c in verb.children
            if c.dep_ == "dobj"
            for g in c.children
            if g.dep_ in ("acl", "relcl") and g.i > c.i and g.dep_ == "acl"
        ]
        for clause in clauses:
            subjects = [c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")]
            if subjects and clause.dep_ == "ccomp":
                out.extend(t for s in subjects for t in _conjuncts(s))
                continue
            for tok in [clause, *[c for c in clause.children if c.dep_ in ("xcomp", "conj")]]:
                for child in tok.children:
                    if child.dep_ in ("dobj", "dative", "attr"):
                        out.extend(_conjuncts(child))
                        out.extend(self._noun_targets([child]))
                    elif child.dep_ in ("prep", "agent") and child.lower_ not in _EXCLUDING_PREPS:
                        out.extend(p for c in child.children if c.dep_ == "pobj" for p in _conjuncts(c))
        return out

    def _locative_targets(self, verb: Token, objects: list[Token]) -> list[Token]:
        out: list[Token] = []
        for head in [verb, *objects]:
            for child in head.children:
                if child.dep_ == "prep" and child.lower_ in _LOCATIVE_PREPS:
                    out.extend(p for c in child.children if c.dep_ == "pobj" for p in _conjuncts(c))
        return out

    def _nominal(
        self, noun: Token, sent: Span, index: MentionIndex, rule: TriggerRule
    ) -> list[FoundRelation]:
        # "a mediation effort between X and Y": a compound trigger takes its head's arguments
        head = noun.head if noun.dep_ == "compound" and noun.head.pos_ in ("NOUN", "PROPN") else noun
        subjects: list[Token] = []
        objects: list[Token] = []
        for np in [noun] if head.i == noun.i else [noun, head]:
            for child in np.children:
                if child == noun:
                    continue
                if child.dep_ in ("poss", "amod", "compound", "nmod") and index.by_token.get(child.i):
                    subjects.append(child)
                elif child.dep_ == "prep" and child.lower_ == "by":
                    subjects.extend(p for p in child.children if p.dep_ == "pobj")
                elif child.dep_ == "prep" and child.lower_ in rule.preps:
                    objects.extend(p for p in child.children if p.dep_ in ("pobj", "pcomp"))
        objects = [o for obj in objects for o in _conjuncts(obj)]
        pattern = "noun"
        if not subjects and head.dep_ in ("dobj", "nsubjpass", "pobj", "attr", "appos") and head.head != head:
            governor = head.head
            if head.dep_ == "pobj" and governor.dep_ == "prep":
                governor = governor.head
            if head.dep_ == "appos" and governor.dep_ in ("dobj", "pobj"):
                governor = governor.head.head if governor.dep_ == "pobj" else governor.head
            if governor.pos_ in ("VERB", "AUX"):
                subjects = subjects_of(governor)
                pattern = "noun-of-verb"
        # "US-Iran talks": two actors in the compound of a symmetric relation
        if not objects and self.vocabulary[rule.relation].symmetric and len(subjects) >= 2:
            subjects, objects = subjects[:1], subjects[1:]
        tiers: list[tuple[list[Token], str]] = [(objects, "")]
        # "the withdrawal of forces from Panama": the recipient's preposition further down the phrase
        tiers.append((self._nested_targets(head, rule.preps), "+target"))
        if rule.relation in self.lexicon.locative_relations:
            tiers.append((self._locative_targets(head, []), "+loc"))
        return self._pairs(rule.relation, subjects, tiers, noun, sent, index, pattern, rule)

    def _adjectival(
        self, adj: Token, sent: Span, index: MentionIndex, rule: TriggerRule
    ) -> list[FoundRelation]:
        """ "X is ready to send troops to Y", "X is opposed to Y's mediation", "critical of Y"."""
        subjects = subjects_of(adj) if adj.dep_ != "acomp" else subjects_of(adj.head)
        objects = [
            p
            for c in adj.children
            if c.dep_ == "prep" and c.lower_ in rule.preps
            for p in c.children
            if p.dep_ in ("pobj", "pcomp")
        ]
        objects = [o for obj in objects for o in _conjuncts(obj)]
        tiers: list[tuple[list[Token], str]] = [(objects, ""), (self._noun_targets(objects), "+target")]
        if rule.complement:
            tiers.append((self._complement_targets(adj), "+comp"))
        return self._pairs(rule.relation, subjects, tiers, adj, sent, index, "adjective", rule)

    def _directive(self, verb: Token, sent: Span, index: MentionIndex) -> list[FoundRelation]:
        """ "Russia said Sudan must return the helicopter": a demand made through a report."""
        out: list[FoundRelation] = []
        subjects = [c for c in verb.children if c.dep_ in _SUBJECT_DEPS]
        if not subjects:
            return out
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
        if noun.dep_ == "appos":
            named.append(noun.head)
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
                orgs = [o for p in phrase for o in index.actors_in(p) if o.actor.id != m.actor.id]
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
        subj_mentions = list(dict.fromkeys(m for s in subjects for m in index.actors_in(s)))
        if not subj_mentions:
            return []
        subject_actors = {m.actor.id for m in subj_mentions}
        subject_spans = {t for m in subj_mentions for t in range(m.span.start, m.span.end)}
        for objects, suffix in tiers:
            if suffix == "+near":  # the nearest actor after the trigger, inside its clause
                obj_mentions = index.first_after(
                    trigger, trigger.i, stop_deps=("advcl", "relcl", "ccomp", "conj", "nsubj", "parataxis")
                )
            else:
                obj_mentions = [m for o in objects for m in index.actors_in(o, deep=rule.deep)]
            obj_mentions = [
                m
                for m in dict.fromkeys(obj_mentions)
                if m.actor.id not in subject_actors and m.span.start not in subject_spans
            ]
            if not obj_mentions:
                continue
            out = []
            for s in subj_mentions:
                for o in obj_mentions:
                    if s.actor.id != o.actor.id:
                        out.append(FoundRelation(relation, s, o, trigger, sent, pattern + suffix))
            return out
        return []

    def _select(self, candidates: list[FoundRelation]) -> list[FoundRelation]:
        """Keep, per sentence, the statements of governing triggers and one statement per actor pair."""
        if not candidates:
            return []
        triggers = {id(c.trigger): c.trigger for c in candidates}
        # an event in the complement of another trigger is the content of that act (a promise, a
        # threat, a refusal, a demand), not an event of its own
        governing = [
            t
            for t in triggers.values()
            if any(c.trigger == t and not c.pattern.startswith(("title", "standing")) for c in candidates)
        ]
        kept = [
            c
            for c in candidates
            if not any(
                g != c.trigger
                and g.i != c.trigger.i
                and _clause_governs(g, c.trigger)
                and self._takes_complement(g)
                for g in governing
            )
        ]

        def rank(c: FoundRelation) -> tuple:
            suffix = "+" + c.pattern.split("+", 1)[1] if "+" in c.pattern else ""
            return (_TIER_RANK.get(suffix, 5), _depth(c.trigger), c.trigger.i)

        best: dict[frozenset, FoundRelation] = {}
        order: list[frozenset] = []
        for c in kept:
            key = frozenset((c.subject.actor.id, c.object.actor.id))
            if key not in best:
                best[key] = c
                order.append(key)
            elif rank(c) < rank(best[key]):
                best[key] = c
        return [best[k] for k in order]

    def _takes_complement(self, trigger: Token) -> bool:
        lemma = trigger.lemma_.lower()
        rule = (
            self.lexicon.verbs.get(lemma)
            or self.lexicon.adjectives.get(lemma)
            or self.lexicon.nouns.get(lemma)
        )
        phrase = self._phrase(trigger) if trigger.pos_ in ("VERB", "AUX") else None
        return bool(
            (rule is not None and (rule.complement or rule.commissive))
            or (phrase is not None and (phrase.complement or phrase.commissive))
        )

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
                rep = reporter(f.trigger, cues)
                if rep is not None:
                    doc = f.trigger.doc
                    idx = index_cache.setdefault(id(doc), MentionIndex(list(doc._.actor_mentions or [])))
                    names = idx.actors_in(rep)
                    f.reporter = names[0] if names else None
                self._apply_conventions(f)
            out.append(f)
        return out

    def _apply_conventions(self, f: FoundRelation) -> None:
        """PLOVER's coding conventions for intended acts (lexicon ``conventions``).

        A conditional intent to act against someone ("will withdraw from Chad unless ...") is a
        threat; a future cooperative act ("will provide aid") is a promise (AGREE).
        """
        relation = self.vocabulary[f.relation]
        if f.modality in ("future", "hypothetical") and relation.plover is not None:
            mark = conditional_mark(f.trigger, self.lexicon.cues)
            if mark is not None and (
                relation.quad in CONFLICT or relation.plover in self.lexicon.conditional_threat
            ):
                if mark == "unless" or relation.quad in CONFLICT:
                    f.extra["event"] = f.relation
                    f.relation = "threatens"
                    f.pattern += "+threat"
                    return
        if f.modality == "future" and f.relation in self.lexicon.future_cooperation:
            f.extra["event"] = f.relation
            f.relation = self.lexicon.future_cooperation[f.relation]


@Language.factory("graphkit_relations", requires=["doc._.actor_mentions"], assigns=["doc._.relations"])
def make_relation_finder(nlp: Language, name: str) -> RelationFinder:
    """Create the relation finder with the shipped lexicon."""
    return RelationFinder(name)
