"""Argument finders of verb and adjective triggers, and of demands made through a report.

Every finder has the signature ``finder(token, scope, rule) -> list[FoundRelation]``.
"""

from __future__ import annotations

from spacy.tokens import Token

from graphkit.extraction.modality import reporter
from graphkit.extraction.reading import children
from graphkit.extraction.relations.grammar import FoundRelation, Grammar, Scope, Tier
from graphkit.extraction.relations.lexicon import TriggerRule
from graphkit.extraction.relations.pairing import actors_of_subjects, pairs
from graphkit.extraction.relations.targets import (
    allies_above,
    complement_targets,
    noun_targets,
    phrase_nouns,
)
from graphkit.extraction.relations.tree import (
    CLAUSE_DEPS,
    DIRECTED_PREPS,
    GOAL_PREPS,
    SUBJECT_DEPS,
    condition_subjects,
    conjuncts,
    is_passive,
    locative_targets,
    objects_of,
    pobjs,
    subjects_of,
)


def verbal(verb: Token, scope: Scope, rule: TriggerRule) -> list[FoundRelation]:
    """Statements of a verb trigger ("Russia armed Hezbollah"): pattern ``verb``."""
    return _verbal(verb, scope, rule, "verb")


def phrasal(verb: Token, scope: Scope, rule: TriggerRule) -> list[FoundRelation]:
    """Statements of a fixed phrase ("imposed sanctions on Iran", "called on X"): pattern ``phrase``."""
    return _verbal(verb, scope, rule, "phrase")


def _verbal(verb: Token, scope: Scope, rule: TriggerRule, pattern: str) -> list[FoundRelation]:
    arguments = _arguments(verb, scope, rule)
    if arguments is None:
        return []
    relation, subjects, objects, themes = arguments
    grammar = scope.grammar
    if rule.reverse or grammar.quad(relation) == "structural":
        # a reversed rule's object acts; a standing tie is stated by its own arguments ("X leads
        # Y"), never guessed further away
        actors, others = (objects, subjects) if rule.reverse else (subjects, objects)
        return pairs(
            scope,
            trigger=verb,
            relation=relation,
            subjects=actors,
            tiers=[(others, "")],
            pattern=pattern,
            rule=rule,
        )
    # the recipients are looked for only where a subject names an actor: most triggers have none
    actors = actors_of_subjects(scope, subjects, verb)
    tiers = _recipient_tiers(verb, grammar, rule, relation, objects, themes, pattern) if actors else None
    out = (
        pairs(
            scope,
            trigger=verb,
            relation=relation,
            subjects=subjects,
            tiers=tiers,
            pattern=pattern,
            rule=rule,
            subject_mentions=actors,
        )
        if tiers is not None
        else []
    )
    fighting = grammar.lexicon.roles.allied_fighting
    if fighting is not None and grammar.vocabulary[relation].plover == fighting and not rule.reciprocal:
        allies = allies_above(grammar, verb)
        if allies:
            if tiers is None:
                tiers = _recipient_tiers(verb, grammar, rule, relation, objects, themes, pattern)
            out += pairs(
                scope,
                trigger=verb,
                relation=relation,
                subjects=allies,
                tiers=tiers,
                pattern="ally-" + pattern,
                rule=rule,
            )
        out += coagents(subjects, verb, scope)
    return out


def _arguments(
    verb: Token, scope: Scope, rule: TriggerRule
) -> tuple[str, list[Token], list[Token], list[Token]] | None:
    """Return (relation, subject, object and theme heads) of a verb trigger; None when it names no act.

    The relation is the rule's, or the one the thing given names ("sent weapons" -> arms), or the
    one a commissive act's content decides.
    """
    grammar = scope.grammar
    lexicon = grammar.lexicon
    subjects = subjects_of(verb)
    if (
        verb.dep_ == "acl"
        and verb.head.lemma_.lower() in lexicon.document_nouns
        and not any(scope.index.actors_in(s) for s in subjects)
    ):
        # "issued a declaration demanding that ...": the declaration's author demands
        governor = verb.head.head if verb.head.dep_ in ("dobj", "attr") else None
        if governor is not None and governor.pos_ in ("VERB", "AUX"):
            subjects = subjects_of(governor)
    if (
        verb.dep_ == "pcomp"
        and verb.head.lower_ in ("of", "for", "from")
        and verb.head.head != verb.head
        and is_passive(verb.head.head)
        and not any(c.dep_ in SUBJECT_DEPS for c in children(verb))
    ):
        # "Israel was accused by Iran of attacking Syria": the passive subject does the act,
        # never the agent of the accusation
        subjects = [t for c in children(verb.head.head) if c.dep_ == "nsubjpass" for t in conjuncts(c)]
    participle_agents = False
    if verb.dep_ in ("acl", "relcl", "advcl") and verb.tag_ in ("VBN", "VBD") and not is_passive(verb):
        agents = [p for c in children(verb) if c.dep_ == "agent" for p in pobjs(c)]
        participle_agents = bool(agents)
        if agents:
            # "the convoy, attacked by Hamas": a participle's agent is its subject, never the noun
            # it modifies (nor the main clause's subject), which is its object
            subjects = agents
    if rule.intransitive and any(c.dep_ == "dobj" for c in children(verb)):
        return None  # "demonstrated the unity of ...": not a protest
    if rule.transitive and not any(c.dep_ in ("dobj", "nsubjpass") for c in children(verb)):
        return None  # "the ambassador is returning to Syria": not a release
    objects, themes = objects_of(verb, rule)
    if participle_agents and verb.dep_ in ("acl", "relcl") and verb.head not in objects:
        objects.append(verb.head)  # a participle tagged as a past tense ("the convoy, attacked by")
    relation = rule.relation
    if rule.theme:
        with_themes = [t for t in themes if t.head.dep_ == "prep" and t.head.lower_ == "with"]
        direct = [t for t in themes if t not in with_themes]
        if with_themes and direct and not objects:
            # "provide them with rockets": the direct object is the recipient
            objects, themes = direct, with_themes
        if not objects and not with_themes and rule.classify:
            # "giving the Russian air force information": a double object parsed as a compound
            objects = [c for t in direct for c in children(t) if c.dep_ == "compound" and c.i < t.i]
        theme_relation = grammar.theme_relation(themes, rule) if themes else None
        if theme_relation and rule.classify:
            relation = theme_relation
        elif rule.needs_theme and not theme_relation:
            return None  # "gave them a veto": not aid
    if rule.commissive:
        relation = commissive_relation(grammar, verb, relation)
    if rule.passive_speaker and not subjects:
        rep = reporter(verb, lexicon.cues)
        subjects = [rep] if rep is not None else []
    return relation, subjects, objects, themes


def _recipient_tiers(
    verb: Token,
    grammar: Grammar,
    rule: TriggerRule,
    relation: str,
    objects: list[Token],
    themes: list[Token],
    pattern: str,
) -> list[Tier]:
    """Return where a verb's recipient may be, most reliable first (see the package docstring)."""
    tiers: list[Tier] = []
    if not rule.complement_only:
        # praise and blame go to the author of what is praised, never to actors inside it
        targets = [] if rule.owner else noun_targets(grammar, objects if rule.topic else objects + themes)
        targets += [
            p
            for c in children(verb)
            if c.dep_ == "prep" and c.lower_ in DIRECTED_PREPS and not rule.owner
            for p in pobjs(c)
        ]
        # "be in touch with X", "mobilized reservists for a war against X": the target of an
        # event noun the verb's preposition introduces
        targets += noun_targets(
            grammar,
            [
                p
                for c in children(verb)
                if c.dep_ == "prep" and c.lower_ in GOAL_PREPS
                for p in pobjs(c)
                if grammar.noun_rule(p) is not None
            ],
        )
        if pattern == "phrase":
            targets += noun_targets(grammar, phrase_nouns(grammar, verb))
        tiers += [(objects, ""), (targets, "+target")]
    if rule.complement:
        tiers.append((complement_targets(grammar, verb), "+comp"))
        tiers.append((condition_subjects(verb), "+cond"))
    if rule.near:
        tiers.append(([], "+near"))
    if relation in grammar.lexicon.locative_relations and not rule.complement_only:
        tiers.append((locative_targets(verb, objects + themes), "+loc"))
    return tiers


def coagents(subjects: list[Token], trigger: Token, scope: Scope) -> list[FoundRelation]:
    """Statements between co-agents: "X, Y and Z are committed to defeating ISIL" (allies)."""
    relation = scope.grammar.lexicon.roles.coagent
    if relation is None:
        return []
    heads = [s for s in subjects if s.dep_ in ("nsubj", "nsubjpass", "conj")]
    mentions = list({m.actor.id: m for s in heads for m in scope.index.actors_in(s)}.values())
    if len(mentions) < 2:
        return []
    return [
        FoundRelation(relation, a, b, trigger, scope.sentence, "coagent")
        for k, a in enumerate(mentions)
        for b in mentions[k + 1 :]
    ]


def commissive_relation(grammar: Grammar, verb: Token, relation: str) -> str:
    """Return the relation of a commissive act, which its complement decides.

    "vowed to fight" is a threat, "vowed to help" a promise, "vowed never to return" a refusal.
    The act promised is the complement's verb (through "continue", "try" and the like), a fixed
    phrase of it or its event-noun object ("vowed to wage war on X"); a conflict word that only
    modifies it does not make the promise a threat ("pledged to help Iraq in its fight against ISIS").
    """
    roles = grammar.lexicon.roles
    for child in children(verb):
        if child.dep_ not in CLAUSE_DEPS:
            continue
        negated = any(c.dep_ == "neg" or c.lower_ in grammar.lexicon.cues.negators for c in children(child))
        if negated and roles.refusal is not None:
            return roles.refusal
        if roles.threat is not None and _promises_conflict(grammar, child):
            return roles.threat
    return relation


def _promises_conflict(grammar: Grammar, clause: Token, depth: int = 0) -> bool:
    """Return True when the act a complement clause names is a conflict act.

    A verb of the lexicon's ``hostile_words`` is one ("vowed to retaliate"); so is a verb the
    lexicon gives no act of its own that answers a conflict act ("vowed to respond to the attacks").
    """
    hostile = grammar.lexicon.hostile_words
    rule = grammar.phrase(clause) if clause.pos_ in ("VERB", "AUX") else None
    if rule is None:
        rule = grammar.verb_rule(clause) if clause.pos_ == "VERB" else grammar.noun_rule(clause)
    if grammar.is_conflict(rule) or grammar.lemma(clause) in hostile:
        return True
    if rule is not None and depth > 0:
        return False  # "vowed to continue helping X": the act is the help
    for child in children(clause):
        if child.dep_ in ("dobj", "attr") and child.pos_ == "NOUN":
            if grammar.is_conflict(grammar.noun_rule(child)) or child.lemma_.lower() in hostile:
                return True  # "vowed to launch attacks", "vowed to take revenge"
        elif child.dep_ in ("xcomp", "ccomp", "conj") and depth < 3:
            if _promises_conflict(grammar, child, depth + 1):
                return True  # "vowed to continue fighting X", "vowed to go and fight X"
        elif (
            child.dep_ == "prep"
            and rule is None
            and child.lower_ in ("to", "for")
            and any(grammar.is_conflict(grammar.noun_rule(p)) for p in pobjs(child))
        ):
            return True  # "vowed to respond to the attacks", "to avenge ... for the strike"
    return False


def adjectival(adj: Token, scope: Scope, rule: TriggerRule) -> list[FoundRelation]:
    """Statements of an adjective: "X is ready to send troops to Y", "opposed to Y", "critical of Y"."""
    grammar = scope.grammar
    subjects = [t for c in children(adj) if c.dep_ in ("nsubj", "nsubjpass") for t in conjuncts(c)]
    if not subjects:
        subjects = subjects_of(adj.head) if adj.dep_ == "acomp" else subjects_of(adj)
    objects = [p for c in children(adj) if c.dep_ == "prep" and c.lower_ in rule.preps for p in pobjs(c)]
    tiers: list[Tier] = [(objects, ""), (noun_targets(grammar, objects), "+target")]
    if rule.complement:
        tiers.append((complement_targets(grammar, adj), "+comp"))
    if rule.relation in grammar.lexicon.locative_relations:
        tiers.append((locative_targets(adj, []), "+loc"))
    return pairs(
        scope,
        trigger=adj,
        relation=rule.relation,
        subjects=subjects,
        tiers=tiers,
        pattern="adjective",
        rule=rule,
    )


def directive(verb: Token, scope: Scope, rule: TriggerRule | None = None) -> list[FoundRelation]:
    """Statements of a demand made through a report: "Russia said Sudan must return the helicopter"."""
    lexicon = scope.grammar.lexicon
    relation = lexicon.roles.directive
    out: list[FoundRelation] = []
    subjects = [c for c in children(verb) if c.dep_ in SUBJECT_DEPS]
    if relation is None or not subjects or verb.lemma_.lower() in lexicon.cues.neg_raising:
        return out  # "X believes Y should ...": an opinion, not a demand
    for clause in (c for c in children(verb) if c.dep_ == "ccomp"):
        auxes = {c.lower_ for c in children(clause) if c.dep_ == "aux"}
        # "X must go", "X has to go", "X needs to go"
        if clause.lemma_.lower() in ("have", "need") and any(c.dep_ == "xcomp" for c in children(clause)):
            auxes.add("must")
        if not auxes & lexicon.directive_aux:
            continue
        targets = [t for c in children(clause) if c.dep_ == "nsubj" for t in conjuncts(c)]
        out += pairs(
            scope,
            trigger=verb,
            relation=relation,
            subjects=subjects,
            tiers=[(targets, "")],
            pattern="directive",
        )
    return out
