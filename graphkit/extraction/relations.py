"""The ``graphkit_relations`` component: relations between the actors of a sentence.

A trigger (a verb, a noun, a fixed phrase or a copular noun of the lexicon) names the relation;
the dependency parse gives its arguments. Each argument phrase is searched for the actor it
names: "a pair of Hezbollah commanders" -> Hezbollah, "the overwhelming majority of Russian
attacks" -> Russia, but never through "other than ISIS". Coordinated arguments give one statement
per pair. Polarity, modality and attribution come from :mod:`graphkit.extraction.modality`.
Results go to ``doc._.relations``, a list of :class:`FoundRelation`.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import yaml
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from graphkit.extraction.actors import ActorMention
from graphkit.extraction.modality import Cues, modality, polarity, reporter
from graphkit.resources import data_path
from graphkit.vocabulary import default_vocabulary

# Dependencies followed inside an argument phrase to find the actor it names.
_NP_DEPS = {"compound", "amod", "poss", "nmod", "appos", "npadvmod", "nummod", "quantmod", "det"}
_NP_DEEP_DEPS = _NP_DEPS | {"prep", "pobj", "acl", "agent", "relcl", "dobj", "nsubj", "pcomp", "conj"}
# Prepositions that put their object outside the phrase's referent ("targets other than ISIS").
_EXCLUDING_PREPS = {"than", "except", "besides", "unlike", "excluding", "instead", "without", "against", "like"}
_SUBJECT_DEPS = ("nsubj", "csubj")
_OBJECT_DEPS = ("dobj", "dative", "nsubjpass", "attr", "oprd")


@dataclass(frozen=True)
class TriggerRule:
    """How one trigger word finds its relation and its arguments."""

    relation: str
    preps: tuple[str, ...] = ()
    reverse: bool = False
    theme: bool = False
    deep: bool = False
    passive_speaker: bool = False


@dataclass
class Lexicon:
    """The relation lexicon (``graphkit/data/lexicon.yaml``)."""

    verbs: dict[str, TriggerRule]
    nouns: dict[str, TriggerRule]
    standing: dict[str, str]
    phrases: list[dict[str, Any]]
    themes: dict[str, str]
    titles: dict[str, str]
    cues: Cues

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Lexicon:
        vocab = default_vocabulary()

        def rule(entry: dict[str, Any]) -> TriggerRule:
            name = entry["relation"]
            vocab[name]  # fail early on a relation the ontology does not define
            return TriggerRule(name, tuple(entry.get("preps") or ()), bool(entry.get("reverse")),
                               bool(entry.get("theme")), bool(entry.get("deep")),
                               bool(entry.get("passive_speaker")))

        themes = {word: relation for relation, words in (data.get("themes") or {}).items() for word in words}
        titles = {t: relation for relation, words in (data.get("titles") or {}).items() for t in words}
        return cls(
            verbs={k: rule(v) for k, v in (data.get("verbs") or {}).items()},
            nouns={k: rule(v) for k, v in (data.get("nouns") or {}).items()},
            standing=dict(data.get("standing") or {}),
            phrases=list(data.get("phrases") or []),
            themes=themes,
            titles=titles,
            cues=Cues.from_dict(data.get("cues") or {}),
        )


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """Return the shipped lexicon (parsed once per process)."""
    return Lexicon.from_dict(yaml.safe_load(data_path("lexicon.yaml").read_text(encoding="utf-8")))


@dataclass
class FoundRelation:
    """A relation found in a sentence, before it becomes a model ``Statement``."""

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
                if child.dep_ == "prep" and not deep and child.lower_ not in ("of", "from", "in"):
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
    if head is verb:
        return []
    if verb.dep_ in ("xcomp", "conj", "advcl", "pcomp", "acomp", "ccomp") and verb.dep_ != "ccomp":
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
        elif dep == "prep" and (child.lower_ in rule.preps or child.lower_ == "with" and rule.theme):
            for pobj in (c for c in child.children if c.dep_ in ("pobj", "pcomp")):
                if rule.theme and child.lower_ == "with":
                    themes.extend(_conjuncts(pobj))
                else:
                    objects.extend(_conjuncts(pobj))
    if rule.theme and not objects and themes and not any(c.dep_ == "dative" for c in verb.children):
        # "provide them with rockets": the first object is the recipient, "with" holds the theme
        pass
    if verb.dep_ in ("relcl", "acl") and (passive or verb.tag_ == "VBN"):
        objects.append(verb.head)  # "casualties caused by Russian strikes": the head is the object
    return objects, themes


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
        if len(mentions) >= 2 or any(m.kind == "pronoun" for m in mentions):
            for sent in doc.sents:
                if sum(1 for m in mentions if sent.start <= m.span.start < sent.end) < 2:
                    continue
                for token in sent:
                    found.extend(self._from_token(token, sent, index))
        found.extend(self._titles(doc, mentions, index))
        doc._.relations = self._finish(found)
        return doc

    # -- triggers -------------------------------------------------------------------------
    def _from_token(self, token: Token, sent: Span, index: MentionIndex) -> list[FoundRelation]:
        lemma = token.lemma_.lower()
        lower = token.lower_
        if token.pos_ in ("VERB", "AUX") or token.tag_.startswith("VB"):
            phrase = self._phrase(token)
            if phrase is not None:
                return self._verbal(token, sent, index, phrase, "phrase")
            rule = self.lexicon.verbs.get(lemma)
            if rule is not None and token.pos_ == "VERB":
                return self._verbal(token, sent, index, rule, "verb")
            if lemma == "be":
                return self._standing(token, sent, index)
        if token.pos_ in ("NOUN", "PROPN"):
            rule = self.lexicon.nouns.get(lemma) or self.lexicon.nouns.get(lower)
            if rule is not None and token.dep_ not in ("compound",):
                return self._nominal(token, sent, index, rule)
            if (lemma in self.lexicon.standing or lower in self.lexicon.standing) and token.dep_ != "attr":
                return self._standing_noun(token, sent, index)
        return []

    def _phrase(self, verb: Token) -> TriggerRule | None:
        lemma = verb.lemma_.lower()
        for entry in self.lexicon.phrases:
            if entry["lemma"] != lemma:
                continue
            if "object" in entry:
                objs = {c.lemma_.lower() for c in verb.children if c.dep_ in ("dobj", "nsubjpass", "pobj")}
                objs |= {p.lemma_.lower() for c in verb.children if c.dep_ == "prep" for p in c.children}
                objs |= {c.lower_ for c in verb.children if c.dep_ in ("acomp", "oprd")}
                if not objs & set(entry["object"]):
                    continue
            if "particle" in entry:
                parts = {c.lower_ for c in verb.children if c.dep_ in ("prt", "prep")}
                if not parts & set(entry["particle"]):
                    continue
            preps = tuple(entry.get("preps") or ()) + tuple(entry.get("particle") or ())
            return TriggerRule(entry["relation"], preps, bool(entry.get("reverse")), False,
                               bool(entry.get("deep")), bool(entry.get("passive_speaker")))
        return None

    def _verbal(self, verb: Token, sent: Span, index: MentionIndex, rule: TriggerRule,
                pattern: str) -> list[FoundRelation]:
        subjects = subjects_of(verb)
        objects, themes = objects_of(verb, rule)
        relation = rule.relation
        if rule.theme:
            theme_relation = self._theme_relation(themes) if themes else None
            if themes and not objects:
                # "provide X with Y" has X as dobj; "give X Y" has X as dative: the dobj is then the
                # recipient when a "with" theme exists
                with_themes = [t for t in themes if t.head.dep_ == "prep" and t.head.lower_ == "with"]
                direct = [t for t in themes if t not in with_themes]
                if with_themes and direct:
                    objects, themes = direct, with_themes
                    theme_relation = self._theme_relation(themes)
                elif direct:
                    # the "thing given" may itself be an actor only for verbs like "help"
                    objects = []
            if theme_relation:
                relation = theme_relation
        if rule.passive_speaker and not subjects:
            rep = reporter(verb, self.lexicon.cues)
            subjects = [rep] if rep is not None else []
        if rule.reverse:
            subjects, objects = objects, subjects
        return self._pairs(relation, subjects, objects, verb, sent, index, pattern, deep=rule.deep)

    def _theme_relation(self, themes: list[Token]) -> str | None:
        for theme in themes:
            words = [theme.lemma_.lower(), theme.lower_] + [c.lemma_.lower() for c in theme.children
                                                            if c.dep_ in ("compound", "amod")]
            for conj in theme.conjuncts:
                words.append(conj.lemma_.lower())
            for w in words:
                if w in self.lexicon.themes:
                    return self.lexicon.themes[w]
        return None

    def _nominal(self, noun: Token, sent: Span, index: MentionIndex, rule: TriggerRule) -> list[FoundRelation]:
        subjects: list[Token] = []
        objects: list[Token] = []
        for child in noun.children:
            if child.dep_ in ("poss", "amod", "compound", "nmod") and index.by_token.get(child.i):
                subjects.append(child)
            elif child.dep_ == "prep" and child.lower_ == "by":
                subjects.extend(p for p in child.children if p.dep_ == "pobj")
            elif child.dep_ == "prep" and child.lower_ in rule.preps:
                objects.extend(p for c in [child] for p in c.children if p.dep_ == "pobj")
        objects = [o for obj in objects for o in _conjuncts(obj)]
        if not subjects and noun.dep_ in ("dobj", "nsubjpass", "pobj") and noun.head.pos_ in ("VERB", "AUX"):
            subjects = subjects_of(noun.head if noun.dep_ != "pobj" else noun.head.head)
        # "US-Iran talks": two actors in the compound of a symmetric relation
        if not objects and self.vocabulary[rule.relation].symmetric and len(subjects) >= 2:
            subjects, objects = subjects[:1], subjects[1:]
        return self._pairs(rule.relation, subjects, objects, noun, sent, index, "noun")

    def _standing(self, copula: Token, sent: Span, index: MentionIndex) -> list[FoundRelation]:
        """ "X and Y are (strategic) allies", "X is an ally of Y"."""
        attrs = [c for c in copula.children if c.dep_ == "attr"]
        subjects = [t for c in copula.children if c.dep_ == "nsubj" for t in _conjuncts(c)]
        out: list[FoundRelation] = []
        for attr in attrs:
            relation = self.lexicon.standing.get(attr.lemma_.lower()) or self.lexicon.standing.get(attr.lower_)
            if relation is None:
                continue
            objects = [p for c in attr.children if c.dep_ == "prep" and c.lower_ in ("of", "with", "to")
                       for p in c.children if p.dep_ == "pobj"]
            objects += [c for c in attr.children if c.dep_ == "poss"]
            if objects:
                out += self._pairs(relation, subjects, objects, attr, sent, index, "standing")
            elif len(subjects) >= 2:
                out += self._pairs(relation, subjects[:1], subjects[1:], attr, sent, index, "standing")
        return out

    def _standing_noun(self, noun: Token, sent: Span, index: MentionIndex) -> list[FoundRelation]:
        """ "Iran's ally Syria", "Hezbollah's patron Iran": possessor and apposition."""
        relation = self.lexicon.standing.get(noun.lemma_.lower()) or self.lexicon.standing[noun.lower_]
        owners = [c for c in noun.children if c.dep_ == "poss"]
        owners += [p for c in noun.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children
                   if p.dep_ == "pobj"]
        named = [c for c in noun.children if c.dep_ == "appos"]
        if noun.dep_ == "appos":
            named.append(noun.head)
        if not owners or not named:
            return []
        return self._pairs(relation, named, owners, noun, sent, index, "standing")

    def _titles(self, doc: Doc, mentions: list[ActorMention], index: MentionIndex) -> list[FoundRelation]:
        """Structural ties from titles: "US spokesman John Kirby", "Hezbollah leader Hassan Nasrallah"."""
        out: list[FoundRelation] = []
        for m in mentions:
            if m.actor.type != "Person" or m.kind != "name":
                continue
            head = m.span.root
            title_tokens = [t for t in head.lefts if t.i < m.span.start and t.dep_ in ("compound", "amod", "nmod")]
            title_tokens += [c for c in head.children if c.dep_ == "appos"]
            if head.dep_ == "appos":
                title_tokens.append(head.head)
            for t in title_tokens:
                relation = self.lexicon.titles.get(t.lower_) or self.lexicon.titles.get(t.lemma_.lower())
                if relation is None:
                    continue
                orgs = [o for o in index.actors_in(t) if o.actor.id != m.actor.id]
                orgs += [o for c in t.lefts for o in index.actors_in(c) if o.actor.id != m.actor.id]
                orgs += [index.by_token[c.i] for c in head.lefts if c.i in index.by_token
                         and c.i < t.i and index.by_token[c.i].actor.id != m.actor.id]
                for org in dict.fromkeys(orgs):
                    out.append(FoundRelation(relation, m, org, t, t.sent, "title"))
                break
        return out

    # -- pairs ----------------------------------------------------------------------------
    def _pairs(self, relation: str, subjects: list[Token], objects: list[Token], trigger: Token, sent: Span,
               index: MentionIndex, pattern: str, deep: bool = False) -> list[FoundRelation]:
        out: list[FoundRelation] = []
        subj_mentions = [m for s in subjects for m in index.actors_in(s)]
        obj_mentions = [m for o in objects for m in index.actors_in(o, deep=deep)]
        for s in dict.fromkeys(subj_mentions):
            for o in dict.fromkeys(obj_mentions):
                if s.actor.id == o.actor.id:
                    continue
                out.append(FoundRelation(relation, s, o, trigger, sent, pattern))
        return out

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
            out.append(f)
        return out


@Language.factory("graphkit_relations", requires=["doc._.actor_mentions"], assigns=["doc._.relations"])
def make_relation_finder(nlp: Language, name: str) -> RelationFinder:
    """Create the relation finder with the shipped lexicon."""
    return RelationFinder(name)
