"""Trigger rules: which finder a token calls, and the per-document loop over sentences.

A token triggers at most one finder (the first rule that matches). Every finder has the
signature ``finder(token, scope, rule) -> list[FoundRelation]``.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from spacy.attrs import POS
from spacy.symbols import PROPN
from spacy.tokens import Doc, Span, Token

from graphkit.extraction.mentions import ActorMention
from graphkit.extraction.reading import children
from graphkit.extraction.relations.finish import finish
from graphkit.extraction.relations.grammar import FoundRelation, Grammar, Scope, _stems
from graphkit.extraction.relations.index import MentionIndex
from graphkit.extraction.relations.nominal import nominal
from graphkit.extraction.relations.offices import office_ties
from graphkit.extraction.relations.pairing import place_mention, select
from graphkit.extraction.relations.standing import (
    appositive,
    copular,
    inclusion,
    office_forms,
    standing_verb,
    under,
)
from graphkit.extraction.relations.tree import is_passive, paragraphs, participle_stems
from graphkit.extraction.relations.verbal import adjectival, directive, phrasal, verbal
from graphkit.extraction.sentences import sentence_bounds
from graphkit.extraction.words import WordFilter

_ADJECTIVE_DEPS = ("acomp", "oprd", "advcl", "conj")
# Verbs that say what their subject is ("X became a member of Y").
_COPULAS = ("be", "become", "remain")


def from_token(token: Token, scope: Scope) -> list[FoundRelation]:
    """Return the candidate statements a token triggers in its sentence."""
    lexicon = scope.grammar.lexicon
    lemma = token.lemma_.lower()
    lower = token.lower_
    out: list[FoundRelation] = []
    if token.pos_ in ("VERB", "AUX") or token.tag_.startswith("VB"):
        adjective = lexicon.adjectives.get(lower)
        phrase = scope.grammar.phrase(token)
        if adjective is not None and token.tag_ == "VBN" and is_passive(token):
            out = adjectival(token, scope, adjective)  # "X is opposed to Y"
        elif phrase is not None:
            out = phrasal(token, scope, phrase)
        else:
            rule = scope.grammar.verb_rule(token)
            if rule is not None and token.pos_ == "VERB" and token.dep_ not in ("amod", "compound"):
                out = verbal(token, scope, rule)
            elif lemma in _COPULAS:
                out = copular(token, scope)
        if not out and lemma in lexicon.cues.reporting_verbs:
            out = directive(token, scope)
        if lower in lexicon.inclusion and token.dep_ == "prep":
            out = inclusion(token, scope)  # "including", tagged as a verb
        elif not out and token.pos_ != "AUX":
            out = standing_verb(token, scope)  # "Y, headed by X", "the coalition comprises X"
    elif token.pos_ == "ADJ" and any(c.dep_ == "dobj" for c in children(token)):
        # "Russia allegedly armed Hezbollah": a participle with an object tagged as an adjective
        rule = next((lexicon.verbs[v] for v in participle_stems(lower) if v in lexicon.verbs), None)
        if rule is not None:
            out = verbal(token, scope, rule)
    elif token.pos_ in ("NOUN", "PROPN"):
        rule = scope.grammar.noun_rule(token)
        if rule is not None:
            out = nominal(token, scope, rule)
        elif (lemma in lexicon.standing or lower in lexicon.standing) and token.dep_ != "attr":
            out = appositive(token, scope)
    elif lower in lexicon.inclusion and token.dep_ == "prep":
        out = inclusion(token, scope)
    elif lower == "under" and token.dep_ == "prep":
        out = under(token, scope)  # "troops under the command of X"
    elif token.pos_ == "ADJ" and token.dep_ in _ADJECTIVE_DEPS:
        rule = lexicon.adjectives.get(lemma) or lexicon.adjectives.get(lower)
        if rule is not None:
            out = adjectival(token, scope, rule)
    if not out and token.pos_ == "ADJ" and (lower in lexicon.standing or lemma in lexicon.standing):
        out = standing_verb(token, scope)  # "allied", "Beirut-based" tagged as adjectives
    return out


class TriggerWords:
    """The words :func:`from_token` can act on, from the lexicon: the predicates of its :class:`WordFilter`.

    Every branch of :func:`from_token` needs the token's lower-case form or its lemma (or a form
    derived from them: a regular stem, a participle's verb, an agent noun of office) to be a
    lexicon word, a copula, a preposition of inclusion or "under". These predicates accept every
    such word and the tokens they reject are never passed to :func:`from_token`; a token they
    accept is read by the rules as before, so the statements do not change.

    Examples
    --------
    >>> from graphkit.extraction.relations import default_lexicon
    >>> from graphkit.vocabulary import default_vocabulary
    >>> words = TriggerWords(Grammar(default_lexicon(), default_vocabulary()))
    >>> words.by_lemma("attack"), words.by_lemma("shelled"), words.by_lower("including")
    (True, True, True)
    >>> words.by_lemma("the"), words.by_lower("tuesday")
    (False, False)
    """

    def __init__(self, grammar: Grammar):
        lexicon = grammar.lexicon
        phrases = grammar.phrase_lemmas()
        self.verbs = frozenset(lexicon.verbs) | phrases  # what a mended lemma's stem may be
        self.titles = frozenset(lexicon.titles)
        self.participles = frozenset(lexicon.verbs)
        self.lowers = frozenset(
            (*lexicon.adjectives, *lexicon.lemma_exceptions, *lexicon.inclusion, *lexicon.standing)
        ) | frozenset((*lexicon.nouns, "under"))
        self.lemmas = frozenset(
            (*lexicon.verbs, *lexicon.senses, *phrases, *_COPULAS, *lexicon.cues.reporting_verbs)
        ) | frozenset((*lexicon.standing, *lexicon.nouns, *lexicon.adjectives))

    def by_lower(self, lower: str) -> bool:
        """True when a token of this lower-case form may trigger (whatever its lemma)."""
        if lower in self.lowers or lower in self.lemmas:
            return True
        if any(f in self.titles for f in office_forms(lower)):
            return True  # a word of office read by its form: a doc without lemmas
        return any(s in self.participles for s in participle_stems(lower))

    def by_lemma(self, lemma: str) -> bool:
        """True when a token of this lemma (lower case) may trigger (whatever its form)."""
        if lemma in self.lemmas or lemma in self.lowers:
            return True
        if any(s in self.verbs for s in _stems(lemma)):
            return True  # a verb form the tagger left as its own lemma ("shelled")
        return any(f in self.titles for f in office_forms(lemma))


def trigger_filter(grammar: Grammar) -> WordFilter:
    """Return the grammar's filter of the tokens that may trigger (made once per grammar)."""
    found = grammar.derived.get("triggers")
    if found is None:
        words = TriggerWords(grammar)
        found = grammar.derived["triggers"] = WordFilter(words.by_lower, words.by_lemma)
    return found


def _index_words(grammar: Grammar) -> tuple[frozenset[str], frozenset[str]]:
    """The event nouns and the relational nouns of the mention index (made once per grammar)."""
    found = grammar.derived.get("index words")
    if found is None:
        lexicon = grammar.lexicon
        # "Syria's ally" is not Syria, but "Hamas's military wing" and "NATO's members" act for it
        relational = frozenset(w for w, r in lexicon.standing.items() if grammar.quad(r) != "structural")
        found = grammar.derived["index words"] = (frozenset(lexicon.nouns), relational)
    return found


def sentence_actors(mentions: list[ActorMention], bounds: list[tuple[int, int]]) -> list[set[str]]:
    """Return, per sentence of ``bounds``, the ids of the actors its mentions name (a mention
    across a boundary counts in both sentences).

    Examples
    --------
    >>> import spacy
    >>> from graphkit.model import Actor
    >>> doc = spacy.blank("en")("Russia armed Hezbollah . Iran did too .")
    >>> rus, hzb = Actor("gk:rus", "Russia", "State"), Actor("gk:hzb", "Hezbollah", "ArmedGroup")
    >>> mentions = [ActorMention(doc[0:1], rus, "gazetteer"), ActorMention(doc[2:3], hzb, "gazetteer")]
    >>> [sorted(ids) for ids in sentence_actors(mentions, [(0, 4), (4, 8)])]
    [['gk:hzb', 'gk:rus'], []]
    """
    starts = [start for start, _ in bounds]
    out: list[set[str]] = [set() for _ in bounds]
    for m in mentions:
        first = bisect_right(starts, m.span.start) - 1
        last = bisect_left(starts, m.span.end) - 1
        for k in range(max(first, 0), last + 1):
            out[k].add(m.actor.id)
    return out


def _place_actors(
    grammar: Grammar, doc: Doc, start: int, end: int, index: MentionIndex, tags: list[int]
) -> set[str]:
    """The states the proper nouns of a sentence that no mention covers stand for, as places
    (:func:`~.pairing.place_mention`: "shelled Aleppo" is aimed at Syria)."""
    covered = index.by_token
    return {
        p.actor.id
        for i in range(start, end)
        if tags[i] == PROPN and i not in covered
        for p in [place_mention(grammar, doc[i], covered)]
        if p is not None
    }


def find_relations(grammar: Grammar, doc: Doc) -> list[FoundRelation]:
    """Return the statements of a doc whose ``doc._.actor_mentions`` are set, in sentence order.

    Per sentence: every token's candidates, then :func:`~.pairing.select`; then the ties of office of
    the doc (:mod:`.offices`); then :func:`~.finish.finish` (polarity, modality, attribution, conventions).

    A sentence is read only if it may state something: a token whose word may trigger, and two
    actors or more that its mentions name or its proper nouns stand for as places (every statement
    ties two distinct actors, and a place is the only argument that is not a mention).

    Examples
    --------
    >>> import spacy
    >>> from spacy.tokens import Doc
    >>> from graphkit.extraction.mentions import ActorMention
    >>> from graphkit.extraction.relations import default_lexicon
    >>> from graphkit.model import Actor
    >>> from graphkit.vocabulary import default_vocabulary
    >>> if not Doc.has_extension("actor_mentions"):
    ...     Doc.set_extension("actor_mentions", default=None)
    >>> doc = Doc(spacy.blank("en").vocab, words=["Russia", "armed", "Hezbollah", "."],
    ...           heads=[1, 1, 1, 1], deps=["nsubj", "ROOT", "dobj", "punct"],
    ...           pos=["PROPN", "VERB", "PROPN", "PUNCT"], lemmas=["Russia", "arm", "Hezbollah", "."])
    >>> doc._.actor_mentions = [
    ...     ActorMention(doc[0:1], Actor("gk:rus", "Russia", "State"), "gazetteer"),
    ...     ActorMention(doc[2:3], Actor("gk:hzb", "Hezbollah", "ArmedGroup"), "gazetteer"),
    ... ]
    >>> grammar = Grammar(default_lexicon(), default_vocabulary())
    >>> [(f.relation, f.subject.actor.label, f.object.actor.label, f.pattern)
    ...  for f in find_relations(grammar, doc)]
    [('arms', 'Russia', 'Hezbollah', 'verb')]
    """
    lexicon = grammar.lexicon
    mentions = list(doc._.actor_mentions or [])
    event_nouns, relational = _index_words(grammar)
    index = MentionIndex(mentions, event_nouns, relational, paragraphs(doc))
    found: list[FoundRelation] = []
    if len(mentions) >= 1:
        # only the tokens whose word may trigger are read (see TriggerWords): most never can
        keep = trigger_filter(grammar).positions(doc)
        starts = sorted(m.span.start for m in mentions)
        bounds = sentence_bounds(doc)  # read once per doc: a Span only for a sentence read
        actors = sentence_actors(mentions, bounds)
        tags: list[int] | None = None  # the part of speech of each token, read when first needed
        for (start, end), named in zip(bounds, actors, strict=True):
            first = bisect_left(keep, start)
            if first == len(keep) or keep[first] >= end:
                continue  # no token of the sentence can trigger
            at = bisect_left(starts, start)
            if at == len(starts) or starts[at] >= end:
                continue  # no mention starts in the sentence
            if len(named) < 2 and grammar.places is not None:
                tags = doc.to_array(POS).tolist() if tags is None else tags
                named = named | _place_actors(grammar, doc, start, end, index, tags)
            if len(named) < 2:
                continue  # one actor: nothing to tie it to
            scope = Scope(grammar, Span(doc, start, end), index)
            candidates: list[FoundRelation] = []
            for i in keep[first : bisect_left(keep, end, first)]:
                candidates.extend(from_token(doc[i], scope))
            found.extend(select(grammar, candidates))
    found.extend(office_ties(grammar, doc, index))
    return finish(lexicon, found, grammar.vocabulary)
