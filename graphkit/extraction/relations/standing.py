"""Argument finders of standing ties: copular and appositive nouns, titles, and group inclusion.

"X and Y are allies", "Iran's ally Syria", "US spokesman John Kirby", "the coalition, including X".
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from graphkit.extraction.mentions import ActorMention
from graphkit.extraction.relations.grammar import FoundRelation, Grammar, Scope
from graphkit.extraction.relations.index import MentionIndex
from graphkit.extraction.relations.lexicon import TriggerRule
from graphkit.extraction.relations.pairing import pairs
from graphkit.extraction.relations.tree import conjuncts, pobjs, subjects_of


def standing_relation(grammar: Grammar, noun: Token) -> str | None:
    """Return the standing tie a noun names ("ally" -> allied_with), by lemma, then by form."""
    standing = grammar.lexicon.standing
    return standing.get(noun.lemma_.lower()) or standing.get(noun.lower_)


def copular(copula: Token, scope: Scope, rule: TriggerRule | None = None) -> list[FoundRelation]:
    """Statements of "X and Y are (strategic) allies", "X is an ally of Y": pattern ``standing``."""
    attrs = [c for c in copula.children if c.dep_ == "attr"]
    subjects = [t for c in copula.children if c.dep_ == "nsubj" for t in conjuncts(c)]
    out: list[FoundRelation] = []
    for attr in attrs:
        relation = standing_relation(scope.grammar, attr)
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
        if objects:
            out += pairs(
                scope, trigger=attr, relation=relation, subjects=subjects, tiers=[(objects, "")],
                pattern="standing",
            )
        elif len(subjects) >= 2:
            out += pairs(
                scope, trigger=attr, relation=relation, subjects=subjects[:1], tiers=[(subjects[1:], "")],
                pattern="standing",
            )
    return out


def appositive(noun: Token, scope: Scope, rule: TriggerRule | None = None) -> list[FoundRelation]:
    """Statements of "Iran's ally Syria", "Hezbollah's patron Iran": pattern ``standing-noun``."""
    relation = standing_relation(scope.grammar, noun)
    if relation is None:
        return []
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
    named += [c for c in noun.head.children if c.i == noun.i + 1 and c.dep_ == noun.dep_ and c.i != noun.i]
    if noun.dep_ == "pobj" and noun.head.lower_ == "as" and noun.head.head != noun.head:
        # "the UK, as part of the Coalition, ...", "working as part of the Coalition"
        governor = noun.head.head
        named += subjects_of(governor) if governor.pos_ in ("VERB", "AUX") else [governor]
    if not owners or not named:
        return []
    return pairs(
        scope, trigger=noun, relation=relation, subjects=named, tiers=[(owners, "")], pattern="standing-noun"
    )


def inclusion(prep: Token, scope: Scope, rule: TriggerRule | None = None) -> list[FoundRelation]:
    """Statements of "the international community, including Russia and Iran": pattern ``inclusion``."""
    relation = scope.grammar.lexicon.roles.inclusion
    group = prep.head
    if relation is None or group.pos_ not in ("NOUN", "PROPN"):
        return []
    members = pobjs(prep)
    return pairs(
        scope, trigger=prep, relation=relation, subjects=members, tiers=[([group], "")], pattern="inclusion"
    )


def titles(
    grammar: Grammar, doc: Doc, mentions: list[ActorMention], index: MentionIndex
) -> list[FoundRelation]:
    """Structural ties from titles: "US spokesman John Kirby", "Hezbollah leader Hassan Nasrallah"."""
    out: list[FoundRelation] = []
    table = grammar.lexicon.titles
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
            relation = table.get(t.lower_) or table.get(t.lemma_.lower())
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
            phrase += [c for c in head.lefts if c.i < t.i and c.dep_ in ("compound", "amod", "nmod", "poss")]
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
