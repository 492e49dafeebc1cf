"""Where a recipient may sit beyond the trigger's own argument slots, and whom a cooperative act helps.

Each function takes the :class:`~graphkit.extraction.relations.grammar.Grammar` first, since
whether a noun is an event (and so has a target) is lexicon knowledge.
"""

from __future__ import annotations

from spacy.tokens import Token

from graphkit.extraction.reading import children
from graphkit.extraction.relations.grammar import Grammar
from graphkit.extraction.relations.tree import (
    NON_TARGET_PREPS,
    TARGET_PREPS,
    complement_clauses,
    conjuncts,
    objects_of,
    pobjs,
)


def noun_targets(grammar: Grammar, heads: list[Token], depth: int = 0) -> list[Token]:
    """Return the targets of object nouns.

    "threatened further action against Russia", "mobilized reservists for a war against Iraq",
    "launch an offensive in its war with Iraq".
    """
    out: list[Token] = []
    lexicon = grammar.lexicon
    for head in heads:
        rule = grammar.noun_rule(head) if head.pos_ == "NOUN" else None
        own = set(rule.preps) if rule is not None else set()
        # a document is "on" its topic: only "a resolution against X" names a target
        document = rule is None and head.lemma_.lower() in lexicon.document_nouns
        for child in children(head):
            if child.dep_ != "prep":
                continue
            if document and child.lower_ != "against":
                continue
            if child.lower_ in TARGET_PREPS or child.lower_ in own:
                for pobj in pobjs(child):
                    out.append(pobj)
                    if depth < 2 and pobj.pos_ == "NOUN" and grammar.noun_rule(pobj) is not None:
                        out.extend(noun_targets(grammar, [pobj], depth + 1))
            elif child.lower_ == "in" and depth < 1:
                out.extend(noun_targets(grammar, pobjs(child), depth + 1))
            elif child.lower_ == "of" and head.lemma_.lower() in lexicon.quantity_nouns and depth < 2:
                # "a series of strikes on X", "a wave of attacks against X"
                out.extend(noun_targets(grammar, pobjs(child), depth + 1))
    return out


def phrase_nouns(grammar: Grammar, verb: Token) -> list[Token]:
    """Return the fixed nouns of a phrase under the verb's prepositions ("be in touch with X")."""
    words = grammar.phrase_words(verb)
    return [p for c in children(verb) if c.dep_ == "prep" for p in pobjs(c) if p.lemma_.lower() in words]


def complement_targets(grammar: Grammar, verb: Token) -> list[Token]:
    """Return where a control verb's recipient is: the complement's subject, else its objects."""
    out: list[Token] = []
    for clause in complement_clauses(verb):
        subjects = [c for c in children(clause) if c.dep_ in ("nsubj", "nsubjpass")]
        if subjects and clause.dep_ in ("ccomp", "advcl"):
            out.extend(t for s in subjects for t in conjuncts(s))
            continue
        for tok in [clause, *[c for c in children(clause) if c.dep_ in ("xcomp", "conj")]]:
            embedded = grammar.lexicon.verbs.get(tok.lemma_.lower())
            for child in children(tok):
                if child.dep_ == "dobj" and embedded is not None and embedded.theme:
                    out.extend(noun_targets(grammar, [child]))  # "deploy troops": its own forces
                elif child.dep_ in ("dobj", "dative", "attr"):
                    out.extend(conjuncts(child))
                    out.extend(noun_targets(grammar, [child]))
                elif child.dep_ in ("prep", "agent") and child.lower_ not in NON_TARGET_PREPS:
                    out.extend(pobjs(child))
                    out.extend(noun_targets(grammar, pobjs(child)))
    return out


def beneficiaries(grammar: Grammar, token: Token) -> list[Token]:
    """Return the party a cooperative trigger helps: "support for Iraq", "supported the Iraqi forces"."""
    if token.pos_ in ("NOUN", "PROPN"):
        rule = grammar.noun_rule(token)
        if not grammar.is_cooperation(rule):
            return []
        return [p for c in children(token) if c.dep_ == "prep" and c.lower_ in rule.preps for p in pobjs(c)]
    if token.pos_ not in ("VERB", "AUX"):
        return []
    rule = grammar.phrase(token) or grammar.lexicon.verbs.get(token.lemma_.lower())
    if not grammar.is_cooperation(rule):
        # "reiterated its support for Iraq in the fight against ISIL"
        return [b for c in children(token) if c.dep_ == "dobj" for b in beneficiaries(grammar, c)]
    objects, _ = objects_of(token, rule)
    return [o for o in objects if o.dep_ != "nsubjpass"]


_PURPOSE_LINKS = ("xcomp", "advcl", "acl", "pobj", "prep", "pcomp")


def allies_above(grammar: Grammar, trigger: Token) -> list[Token]:
    """Return the beneficiaries of a cooperative act whose purpose the trigger is.

    "stands by Iraq to defeat Daesh" (Iraq fights too), "supported the Iraqi forces in its
    efforts to defeat ISIL".
    """
    current = trigger
    for _ in range(5):
        if current.head == current or current.dep_ not in _PURPOSE_LINKS:
            return []
        current = current.head
        allies = beneficiaries(grammar, current)
        if allies:
            return allies
    return []
