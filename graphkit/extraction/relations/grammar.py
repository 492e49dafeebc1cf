"""The grammar (lexicon, vocabulary, place lookup: built once per component) and the per-sentence scope."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Span, Token

from graphkit.extraction.mentions import ActorMention
from graphkit.extraction.reading import children
from graphkit.extraction.relations.index import MentionIndex
from graphkit.extraction.relations.lexicon import Lexicon, Sense, TriggerRule, rule_from
from graphkit.model import Actor
from graphkit.vocabulary import CONFLICT, COOPERATION, Vocabulary

#: Looks a place name up: returns the actor (a state) a place name stands for, or None.
PlaceLookup = Callable[[str], "Actor | None"]
#: Candidate argument heads and the suffix their statements' pattern takes ("", "+target", ...).
Tier = tuple[list[Token], str]


# verb tags whose form has a regular ending the tagger may fail to strip
_INFLECTED = frozenset(("VBD", "VBN", "VBG", "VBZ", "VBP"))


def _stems(word: str) -> list[str]:
    """Return the lemmas a regular verb form may come from, likeliest first.

    Examples
    --------
    >>> _stems("shelled"), _stems("supplies")
    (['shell', 'shelle', 'shel', 'shell'], ['supplie', 'suppli', 'supply'])
    """
    if word.endswith("ed"):
        return [word[:-2], word[:-1], word[:-3], word[:-3] + "y" if word.endswith("ied") else word[:-2]]
    if word.endswith("ing"):
        return [word[:-3], word[:-3] + "e", word[:-4]]
    if word.endswith("s"):
        return [word[:-1], word[:-2], word[:-3] + "y" if word.endswith("ies") else word[:-1]]
    return []


def _selects(sense: Sense, verb: Token) -> bool:
    """Return True when a verb's object and particle meet every condition of a verb sense."""
    objects = [c for c in children(verb) if c.dep_ in ("dobj", "nsubjpass")]
    words = {o.lemma_.lower() for o in objects} | {o.lower_ for o in objects}
    if sense.objects and not words & sense.objects:
        return False
    if sense.object_entities and not any(o.ent_type_ in sense.object_entities for o in objects):
        return False
    return not sense.particles or any(c.dep_ == "prt" and c.lower_ in sense.particles for c in children(verb))


def _phrase_objects(verb: Token) -> set[str]:
    """The words a fixed phrase's object may be among the verb's dependents (see :meth:`Grammar.phrase`)."""
    objs: set[str] = set()
    for c in children(verb):
        dep = c.dep_
        if dep in ("dobj", "nsubjpass", "pobj"):
            objs.add(c.lemma_.lower())
        if dep in ("dobj", "nsubjpass"):
            objs.add(c.lower_)
            for g in children(c):
                if g.dep_ == "compound":
                    objs.add(g.lemma_.lower())  # "launch a mediation effort"
                elif g.dep_ == "prep" and dep == "dobj":
                    # "joined X for talks": the noun of a preposition on the object
                    objs.update(p.lemma_.lower() for p in children(g) if p.dep_ == "pobj")
        elif dep == "prep":
            objs.update(p.lemma_.lower() for p in children(c))
        elif dep in ("acomp", "oprd", "xcomp") and c.pos_ != "VERB":
            objs.add(c.lower_)  # "took civilians hostage": an object complement
    return objs


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


@dataclass(frozen=True)
class Grammar:
    """What the rules read: the lexicon, the relation vocabulary and the place lookup (or None)."""

    lexicon: Lexicon
    vocabulary: Vocabulary
    places: PlaceLookup | None = None
    # the phrases of each verb lemma, in lexicon order, with their rules
    _phrases: dict[str, list[tuple[dict[str, Any], TriggerRule]]] = field(
        init=False, repr=False, compare=False
    )
    #: what the rules derive from the lexicon once, made when first asked for (word filters)
    derived: dict[str, Any] = field(init=False, repr=False, compare=False, default_factory=dict)

    def __post_init__(self) -> None:
        phrases: dict[str, list[tuple[dict[str, Any], TriggerRule]]] = {}
        for entry in self.lexicon.phrases:
            phrases.setdefault(entry["lemma"], []).append((entry, rule_from(entry)))
        object.__setattr__(self, "_phrases", phrases)

    def phrase_lemmas(self) -> frozenset[str]:
        """Return the verb lemmas that begin a fixed phrase of the lexicon."""
        return frozenset(self._phrases)

    def quad(self, relation: str) -> str:
        """Return the quad class of a relation ("material-conflict", "structural", ...)."""
        return self.vocabulary[relation].quad

    def is_conflict(self, rule: TriggerRule | None) -> bool:
        """Return True when a rule's relation is a (verbal or material) conflict act."""
        return rule is not None and self.vocabulary[rule.relation].quad in CONFLICT

    def is_cooperation(self, rule: TriggerRule | None) -> bool:
        """Return True when a rule's relation is a (verbal or material) cooperative act."""
        return rule is not None and self.vocabulary[rule.relation].quad in COOPERATION

    def lemma(self, token: Token) -> str:
        """Return a token's lemma, mended where the tagger left an inflected verb form as its lemma.

        The lexicon's ``lemma_exceptions`` first ("shelled" -> "shell"); then a verb form (VBD,
        VBN, VBG, VBZ, VBP) whose lemma is the form itself loses its regular ending when that gives a
        lexicon verb ("petitioned" -> "petition", "stopped" -> "stop", "supplies" -> "supply").

        Examples
        --------
        >>> import spacy
        >>> from spacy.tokens import Doc
        >>> from graphkit.extraction.relations import default_lexicon
        >>> from graphkit.vocabulary import default_vocabulary
        >>> grammar = Grammar(default_lexicon(), default_vocabulary())
        >>> doc = Doc(spacy.blank("en").vocab, words=["They", "shelled", "and", "bombed", "it"],
        ...           tags=["PRP", "VBD", "CC", "VBD", "PRP"],
        ...           lemmas=["they", "shelled", "and", "bombed", "it"])
        >>> [grammar.lemma(t) for t in doc]
        ['they', 'shell', 'and', 'bomb', 'it']
        """
        lemma = token.lemma_.lower()
        lexicon = self.lexicon
        fixed = lexicon.lemma_exceptions.get(token.lower_)
        if fixed is not None:
            return fixed
        if lemma in lexicon.verbs or token.tag_ not in _INFLECTED or lemma != token.lower_:
            return lemma
        for stem in _stems(lemma):
            if stem in lexicon.verbs or stem in self._phrases:
                return stem
        return lemma

    def verb_rule(self, verb: Token) -> TriggerRule | None:
        """Return the lexicon rule of a verb (by its mended lemma, see :meth:`lemma`), or None.

        A sense of the lexicon's ``senses`` that the verb's object or particle selects comes first:
        "fired Comey" is no attack, "shot down a proposal" a rejection.
        """
        lemma = self.lemma(verb)
        for sense in self.lexicon.senses.get(lemma, ()):
            if sense.of_verb and _selects(sense, verb):
                return sense.rule
        return self.lexicon.verbs.get(lemma)

    def noun_sense(self, noun: Token) -> Sense | None:
        """Return the sense of the lexicon's ``senses`` a noun's modifier selects, or None."""
        senses = self.lexicon.senses.get(noun.lemma_.lower())
        if not senses:
            return None
        modifiers = {c for c in children(noun) if c.dep_ in ("amod", "compound", "nmod", "poss")}
        words = {c.lemma_.lower() for c in modifiers} | {c.lower_ for c in modifiers}
        return next((s for s in senses if s.modifiers & words), None)

    def noun_rule(self, noun: Token) -> TriggerRule | None:
        """Return the rule of an event noun; a noun with several senses picks the one its prepositions fit.

        "a call on X to" is a request, "a call with X" a consultation. A sense of the lexicon's
        ``senses`` that a modifier of the noun selects comes first: "a general strike", "a hunger
        strike" are protests, not air strikes.
        """
        sense = self.noun_sense(noun)
        if sense is not None:
            return sense.rule
        rules = self.lexicon.nouns.get(noun.lemma_.lower()) or self.lexicon.nouns.get(noun.lower_)
        if not rules:
            return None
        preps = {c.lower_ for c in children(noun) if c.dep_ == "prep"}
        return next((r for r in rules if preps & set(r.preps)), rules[0])

    def phrase(self, verb: Token) -> TriggerRule | None:
        """Return the rule of the first fixed phrase a verb makes ("impose sanctions", "call on")."""
        entries = self._phrases.get(self.lemma(verb))
        if not entries:
            return None
        objs = parts = None  # read from the verb's children once, for the first entry that asks
        for entry, rule in entries:
            if "object" in entry:
                if objs is None:
                    objs = _phrase_objects(verb)
                if objs.isdisjoint(entry["object"]):
                    continue
            if "particle" in entry:
                if parts is None:
                    parts = {c.lower_ for c in children(verb) if c.dep_ in ("prt", "prep")}
                if parts.isdisjoint(entry["particle"]):
                    continue
            # "launched his election campaign": the object's own sense decides
            for obj in (c for c in children(verb) if c.dep_ in ("dobj", "nsubjpass")):
                sense = self.noun_sense(obj)
                if sense is not None:
                    return sense.rule
            return rule
        return None

    def phrase_words(self, verb: Token) -> set[str]:
        """Return the fixed object words of every phrase of a verb's lemma."""
        words: set[str] = set()
        for entry, _ in self._phrases.get(self.lemma(verb), ()):
            words |= set(entry.get("object") or ())
        return words

    def theme_relation(self, themes: list[Token], rule: TriggerRule) -> str | None:
        """Return the relation the class of the thing given names ("weapons" -> arms), if any."""
        table = dict(rule.themes) if rule.themes else self.lexicon.themes
        for theme in themes:
            words = [theme.lemma_.lower(), theme.lower_]
            words += [c.lemma_.lower() for c in children(theme) if c.dep_ in ("compound", "amod")]
            words += [conj.lemma_.lower() for conj in theme.conjuncts]
            # "700 kg of medicine", "a shipment of arms": the thing is the object of "of"
            words += [
                p.lemma_.lower()
                for c in children(theme)
                if c.dep_ == "prep" and c.lower_ == "of"
                for p in children(c)
                if p.dep_ == "pobj"
            ]
            for w in words:
                if w in table:
                    return table[w]
        return None

    def takes_complement(self, trigger: Token) -> bool:
        """Return True when a trigger's complement is the content of its act (a promise, a demand)."""
        lemma = trigger.lemma_.lower()
        if trigger.pos_ in ("VERB", "AUX"):
            phrase = self.phrase(trigger)
            if phrase is not None:
                return phrase.complement or phrase.commissive
            rule = self.verb_rule(trigger) or self.lexicon.adjectives.get(trigger.lower_)
        else:
            rule = self.lexicon.adjectives.get(lemma) or self.noun_rule(trigger)
        return rule is not None and (rule.complement or rule.commissive)


@dataclass(frozen=True)
class Scope:
    """What a rule sees of the sentence it works on: the grammar, the sentence and the mention index."""

    grammar: Grammar
    sentence: Span
    index: MentionIndex
