"""The argument finder of event nouns: "Israeli strikes on Gaza", "talks between X and Y".

Like every finder: ``nominal(token, scope, rule) -> list[FoundRelation]``.
"""

from __future__ import annotations

from spacy.tokens import Token

from graphkit.extraction.reading import children
from graphkit.extraction.relations.grammar import FoundRelation, Scope, Tier
from graphkit.extraction.relations.lexicon import TriggerRule
from graphkit.extraction.relations.pairing import pairs
from graphkit.extraction.relations.targets import beneficiaries
from graphkit.extraction.relations.tree import conjuncts, is_passive, nested_targets, pobjs, subjects_of


def nominal(noun: Token, scope: Scope, rule: TriggerRule) -> list[FoundRelation]:
    """Statements of an event noun, its agent found in the noun phrase or in the clause around it.

    Patterns: ``noun`` (the phrase names both sides), ``noun-suffered`` ("X came under attack
    from Y"), ``noun-victim`` ("X was killed in a Y
    strike"), ``noun-claim`` ("X claimed responsibility
    for the attack on Y"), ``noun-blamed`` ("the attack on Y was blamed on X", "accused X of the
    bombing"), ``noun-of-verb`` ("launched attacks on X"),
    ``noun-in`` ("killed civilians in an attack on X"), ``noun-ally`` ("support for Iraq in the
    fight against ISIL"), ``noun-between`` ("talks between X and Y").
    """
    grammar = scope.grammar
    index = scope.index
    # "a mediation effort between X and Y": a compound trigger takes its head's arguments
    head = noun.head if noun.dep_ == "compound" and noun.head.pos_ in ("NOUN", "PROPN") else noun
    subjects, objects, between = _phrase_arguments(noun, head, scope, rule)
    pattern = "noun"
    if not subjects and head.dep_ == "pobj" and head.head.lower_ == "in" and head.head.head != head.head:
        subjects, pattern = _governor_of_in(head.head.head, scope, rule)
    if not subjects:
        culprits = responsible_parties(head, scope)
        if culprits is not None:
            subjects, pattern = culprits
    if not subjects:
        found = _verb_object_subjects(head, scope, rule)
        if found is not None:
            subjects, extra_objects = found
            objects += extra_objects
            pattern = "noun-of-verb"
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
            FoundRelation(rule.relation, parties[0], other, noun, scope.sentence, "noun-between")
            for other in parties[1:]
        ]
    objects += between
    if not objects and grammar.is_conflict(rule):
        suffered = _sufferers(head, scope)
        if suffered is not None:
            # "Israel suffered attacks from Hezbollah", "Kyiv came under attack from Russia"
            objects, attackers = suffered
            subjects, pattern = subjects or attackers, "noun-suffered"
    if subjects and not objects and grammar.is_conflict(rule):
        victims = _victims(head, scope)
        if victims:
            # "a commander was killed in an Israeli airstrike": the strike's target is the killed
            objects, pattern = victims, "noun-victim"
    # "US-Iran talks": two actors in the compound of a symmetric relation
    if not objects and grammar.vocabulary[rule.relation].symmetric and len(subjects) >= 2:
        subjects, objects = subjects[:1], subjects[1:]
    tiers: list[Tier] = [(objects, "")]
    # "the withdrawal of forces from Panama": the recipient's preposition further down the phrase
    tiers.append((nested_targets(head, rule.preps), "+target"))
    relation = rule.relation
    if rule.theme:
        # "weapons deliveries to X", "a shipment of arms to X": the thing delivered decides
        relation = grammar.theme_relation([noun], rule) or relation
    return pairs(
        scope, trigger=noun, relation=relation, subjects=subjects, tiers=tiers, pattern=pattern, rule=rule
    )


def _phrase_arguments(
    noun: Token, head: Token, scope: Scope, rule: TriggerRule
) -> tuple[list[Token], list[Token], list[Token]]:
    """Return the (subject, object, "between") heads named inside the noun's own phrase."""
    by_token = scope.index.by_token
    subjects: list[Token] = []
    objects: list[Token] = []
    between: list[Token] = []
    phrase = [noun] if head.i == noun.i else [noun, head]
    # "the agreement reached between X and Y": the participle's prepositions belong to the noun
    phrase += [c for c in children(head) if c.dep_ == "acl" and c.tag_ == "VBN"]
    for np in phrase:
        for child in children(np):
            if child == noun:
                continue
            if child.dep_ in ("poss", "amod", "compound", "nmod") and by_token.get(child.i):
                subjects.append(child)
                # "Israel-Hamas talks": a compound of the compound
                subjects += [
                    g
                    for g in children(child)
                    if g.dep_ in ("compound", "amod", "conj")
                    and by_token.get(g.i)
                    and by_token[g.i] != by_token[child.i]
                ]
            elif child.dep_ in ("prep", "agent") and child.lower_ == "by":
                subjects.extend(p for p in children(child) if p.dep_ == "pobj")
            elif child.dep_ == "prep" and child.lower_ == "between" and "between" in rule.preps:
                between.extend(pobjs(child))
            elif child.dep_ == "prep" and "between" in rule.preps and not between:
                # "the agreement on 2 December between X and Y"
                between.extend(
                    p for g in child.subtree if g.dep_ == "prep" and g.lower_ == "between" for p in pobjs(g)
                )
            elif child.dep_ == "prep" and child.lower_ in rule.preps:
                objects.extend(pobjs(child))
    return subjects, objects, between


def _governor_of_in(governor: Token, scope: Scope, rule: TriggerRule) -> tuple[list[Token], str]:
    """Return the agents of an event noun after "in", with their pattern, from what "in" modifies.

    "support for Iraq in the fight against ISIL": the supported party fights; "X and others in
    support of the coalition": the phrase the "in" modifies acts; "killed civilians in an attack
    on X": the subject of the verb acts.
    """
    allies = beneficiaries(scope.grammar, governor) if scope.grammar.is_conflict(rule) else []
    if allies:
        return allies, "noun-ally"
    if governor.pos_ in ("NOUN", "PROPN"):
        # "X, Y and others in support of Z": the whole coordination
        return [governor, *governor.conjuncts], "noun-in"
    if governor.pos_ in ("VERB", "AUX"):
        return subjects_of(governor), "noun-in"
    return [], "noun"


def responsible_parties(head: Token, scope: Scope) -> tuple[list[Token], str] | None:
    """Return (the heads of whoever did an event, pattern) when the text says who is responsible, else None.

    - ``noun-claim``: "X claimed responsibility for the attack", "X said it was responsible for
      the bombing", "held X responsible for the attack" (lexicon ``responsibility_verbs`` and
      ``responsibility_words``), "X was behind the attack";
    - ``noun-blamed``: "the attack was attributed to X", "they blamed the bombing on X"
      (``attribution_verbs``: the culprit is the object of the verb's preposition), "X was blamed
      for the attack", "accused X of the bombing" (``culprit_verbs``: the verb's object).

    Examples
    --------
    >>> import spacy
    >>> from spacy.tokens import Doc
    >>> from graphkit.extraction.relations import Grammar, MentionIndex, default_lexicon
    >>> from graphkit.vocabulary import default_vocabulary
    >>> words = ["The", "attack", "was", "blamed", "on", "Hezbollah"]
    >>> doc = Doc(spacy.blank("en").vocab, words=words, heads=[1, 3, 3, 3, 3, 4],
    ...           deps=["det", "nsubjpass", "auxpass", "ROOT", "prep", "pobj"],
    ...           lemmas=["the", "attack", "be", "blame", "on", "Hezbollah"])
    >>> scope = Scope(Grammar(default_lexicon(), default_vocabulary()), doc[:], MentionIndex([]))
    >>> responsible_parties(doc[1], scope)
    ([Hezbollah], 'noun-blamed')
    """
    lexicon = scope.grammar.lexicon
    governor = head.head
    if governor == head:
        return None
    lemma = governor.lemma_.lower()
    if head.dep_ in ("nsubjpass", "dobj") and lemma in lexicon.attribution_verbs:
        # "the attack was attributed to X", "blamed the attack on X"
        preps = lexicon.attribution_verbs[lemma]
        culprits = [p for c in children(governor) if c.dep_ == "prep" and c.lower_ in preps for p in pobjs(c)]
        return (culprits, "noun-blamed") if culprits else None
    if head.dep_ != "pobj" or governor.head == governor:
        return None
    if governor.lower_ == "behind" and governor.head.lemma_.lower() == "be":
        return subjects_of(governor.head), "noun-claim"  # "X was behind the bombing"
    if governor.lower_ not in ("for", "of"):
        return None
    word = governor.head
    word_lemma = word.lemma_.lower()
    if word_lemma in lexicon.culprit_verbs:
        # "blamed X for the attack", "X was accused of the bombing"
        culprit_deps = ("nsubjpass",) if is_passive(word) else ("dobj",)
        culprits = [t for c in children(word) if c.dep_ in culprit_deps for t in conjuncts(c)]
        return (culprits, "noun-blamed") if culprits else None
    if word_lemma not in lexicon.responsibility_words:
        return None
    # "held X responsible for": a small clause with its own subject
    culprits = [t for c in children(word) if c.dep_ in ("nsubj", "nsubjpass") for t in conjuncts(c)]
    above = word.head
    if not culprits and word.dep_ == "dobj" and above.lemma_.lower() in lexicon.responsibility_verbs:
        culprits = subjects_of(above)  # "X claimed responsibility for"
    elif not culprits and word.dep_ == "acomp":
        culprits = subjects_of(above)  # "X was responsible for"
    elif not culprits and word.dep_ in ("oprd", "ccomp", "xcomp"):
        # "held X responsible"
        culprits = [t for c in children(above) if c.dep_ == "dobj" for t in conjuncts(c)]
    return (culprits, "noun-claim") if culprits else None


def _sufferers(head: Token, scope: Scope) -> tuple[list[Token], list[Token]] | None:
    """Return (who suffers an attack noun, who makes it) when the clause's subject undergoes it, else None.

    "X suffered attacks from Y", "X repelled an assault by Y" (lexicon ``undergo_verbs``), "X came
    under attack from Y" ("under" after any verb): the attack's target is the subject.
    """
    lexicon = scope.grammar.lexicon
    if head.dep_ == "dobj" and scope.grammar.lemma(head.head) in lexicon.undergo_verbs:
        verb = head.head
    elif head.dep_ == "pobj" and head.head.lower_ == "under" and head.head.head.pos_ in ("VERB", "AUX"):
        verb = head.head.head
    else:
        return None
    sufferers = subjects_of(verb)
    if not sufferers:
        return None
    attackers = [
        p
        for owner in (head, verb)
        for c in children(owner)
        if c.dep_ in ("prep", "agent") and c.lower_ in ("from", "by")
        for p in pobjs(c)
    ]
    return sufferers, attackers


def _victims(head: Token, scope: Scope) -> list[Token]:
    """Return who an attack noun after "in" harmed: the subject of the passive harm verb or of "die".

    "X was killed in an Israeli strike", "X were wounded in a Russian drone attack", "X died in an
    attack by Y" (lexicon ``casualty_verbs`` for verbs of dying).
    """
    if head.dep_ != "pobj" or head.head.lower_ not in ("in", "during", "by") or head.head.head == head.head:
        return []
    verb = head.head.head
    if verb.pos_ not in ("VERB", "AUX"):
        return []
    grammar = scope.grammar
    if is_passive(verb) and grammar.is_conflict(grammar.verb_rule(verb)):
        return [t for c in children(verb) if c.dep_ == "nsubjpass" for t in conjuncts(c)]
    if grammar.lemma(verb) in grammar.lexicon.casualty_verbs:
        return [t for c in children(verb) if c.dep_ == "nsubj" for t in conjuncts(c)]
    return []


def _verb_object_subjects(
    head: Token, scope: Scope, rule: TriggerRule
) -> tuple[list[Token], list[Token]] | None:
    """Return (subjects, extra objects) when the noun is the object of a support verb, else None.

    "launched attacks on X", "announced a suspension of links with X"; "carried out a series of
    strikes on X": a quantity noun stands in the verb's object slot.
    """
    lexicon = scope.grammar.lexicon
    quantity = head
    while (
        quantity.dep_ == "pobj"
        and quantity.head.lower_ == "of"
        and quantity.head.head.lemma_.lower() in lexicon.quantity_nouns
    ):
        quantity = quantity.head.head
    if quantity.dep_ not in ("dobj", "nsubjpass", "attr", "appos") or quantity.head == quantity:
        return None
    governor = quantity.head
    if quantity.dep_ == "appos" and governor.dep_ in ("dobj", "pobj"):
        governor = governor.head.head if governor.dep_ == "pobj" else governor.head
    if governor.pos_ not in ("VERB", "AUX") or governor.lemma_.lower() not in lexicon.support_verbs:
        return None
    # "stepped up deliveries to X": the noun's preposition attached to the verb
    objects = [p for c in children(governor) if c.dep_ == "prep" and c.lower_ in rule.preps for p in pobjs(c)]
    return subjects_of(governor), objects
