"""Pairing argument phrases into statements, and selecting one statement per pair of mentions."""

from __future__ import annotations

from collections.abc import Container

from spacy.tokens import Token

from graphkit.extraction.mentions import ActorMention
from graphkit.extraction.reading import children
from graphkit.extraction.relations.grammar import FoundRelation, Grammar, Scope, Tier
from graphkit.extraction.relations.index import MentionIndex
from graphkit.extraction.relations.lexicon import TriggerRule
from graphkit.extraction.relations.tree import depth, governs, named_place, place_span
from graphkit.extraction.texts import span_text

# Pattern preference when two triggers give the same pair: lower is better.
TIER_RANK = {"": 0, "+target": 1, "+comp": 2, "+mutual": 2, "+cond": 3, "+near": 3, "+loc": 4}
# Links the "+near" tier does not cross: the first actor after the trigger in its own clause.
_NEAR_STOPS = ("advcl", "relcl", "ccomp", "conj", "nsubj", "parataxis", "acl")
_PLAIN = TriggerRule("")
#: Verbal relations whose recipient may be a town's state: one visits a place.
_PLACE_VERBAL = frozenset({"visits"})


def pairs(
    scope: Scope,
    *,
    trigger: Token,
    relation: str,
    subjects: list[Token],
    tiers: list[Tier],
    pattern: str,
    rule: TriggerRule = _PLAIN,
    subject_mentions: list[ActorMention] | None = None,
) -> list[FoundRelation]:
    """Pair each subject actor with the object actors of the first tier that names any.

    Parameters
    ----------
    scope : the sentence and its mention index
    trigger : the token that names the relation
    relation : the relation stated
    subjects : the subject heads
    tiers : object heads with the pattern suffix they give, most reliable first
    pattern : the rule's pattern name (the tier's suffix is appended)
    rule : the trigger's rule: ``owner``, ``deep`` and ``reciprocal`` change how arguments are read
    subject_mentions : :func:`actors_of_subjects` of ``subjects``, when the caller has them

    Returns
    -------
    One :class:`FoundRelation` per subject and object actor; none when no tier names an object
    (unless the rule is reciprocal and the subjects name two actors or more).
    """
    index = scope.index
    subj_mentions = (
        subject_mentions if subject_mentions is not None else actors_of_subjects(scope, subjects, trigger)
    )
    if not subj_mentions:
        return []
    sent = scope.sentence
    places = scope.grammar.places
    subject_actors = {m.actor.id for m in subj_mentions}
    subject_spans = {t for m in subj_mentions for t in range(m.span.start, m.span.end)}
    reciprocal = rule.reciprocal and len({m.actor.id for m in subj_mentions}) >= 2
    # a town stands for its state where an act is aimed at or held in it ("shelled Aleppo",
    # "imposed a curfew in Homs", "arrived in Mosul"); one meets people, not towns ("met at
    # Amiens"), and what is said is said to someone ("called for an end to attacks on Daraya")
    material = scope.grammar.quad(relation).startswith("material") or relation in _PLACE_VERBAL
    for objects, suffix in tiers:
        if suffix == "+loc" and reciprocal:
            continue  # "X and Y met at Amiens": with one another, not with the place's state
        towns = material and not rule.reciprocal
        if suffix == "+near":
            obj_mentions = index.first_after(trigger, stop_deps=_NEAR_STOPS)
        elif rule.owner and suffix == "":
            obj_mentions = [m for o in objects for m in index.owners(o)]
        else:
            found_in = [m for o in objects for m in index.actors_in(o, deep=rule.deep)]
            obj_mentions = with_listed(index, found_in)
            if places is not None:  # "withdrew from Chad": a place the linker left out
                obj_mentions += [
                    p
                    for o in objects
                    if o.i not in index.by_token
                    for p in [place_mention(scope.grammar, o, index.by_token)]
                    if p is not None and (p.via != "place" or towns)
                ]
        # "Russian and Syrian jets bombed Aleppo": Syria is a subject, yet Russia's object
        shared = len(subject_actors) > 1 and not rule.reciprocal
        obj_mentions = [
            m
            for m in dict.fromkeys(obj_mentions)
            if (shared or m.actor.id not in subject_actors)
            and m.span.start not in subject_spans
            and index.same_paragraph(m, trigger)
        ]
        found = [
            FoundRelation(relation, s, o, trigger, sent, pattern + suffix)
            for s in subj_mentions
            for o in obj_mentions
            if s.actor.id != o.actor.id
        ]
        if found:
            return found
    distinct = list({m.actor.id: m for m in subj_mentions}.values())
    if rule.reciprocal and len(distinct) >= 2:
        # "X and Y met", "X and Y discussed the crisis": the participants with one another
        return [
            FoundRelation(relation, distinct[0], o, trigger, sent, pattern + "+mutual") for o in distinct[1:]
        ]
    return []


def actors_of_subjects(scope: Scope, subjects: list[Token], trigger: Token) -> list[ActorMention]:
    """Return the actor mentions of the subject heads (and the states listed with them) that
    :func:`pairs` pairs: those in the trigger's paragraph; none, and a trigger states nothing."""
    index = scope.index
    return [
        m
        for m in dict.fromkeys(with_listed(index, [m for s in subjects for m in index.actors_in(s)]))
        if index.same_paragraph(m, trigger)
    ]


def with_listed(index: MentionIndex, mentions: list[ActorMention]) -> list[ActorMention]:
    """Add the states listed beside a state's forces or government: "Russian and Syrian
    warplanes" are Russia's and Syria's, "Iraqi, Kurdish and Syrian forces" Iraq's too.

    A mention of a state's body ("Syrian warplanes") heads a noun whose other modifiers, and
    their conjuncts, may be demonyms of other states: each is a mention of the phrase as well.
    """
    out = list(mentions)
    for m in mentions:
        if m.kind not in ("military", "government") or m.actor.type != "State":
            continue
        head = m.span.root
        listed = [c for c in children(head) if c.dep_ in ("amod", "compound") and c.i < m.span.start]
        listed += [c for t in m.span for c in t.conjuncts if c.i < m.span.start]
        for c in listed:
            for tok in (c, *c.conjuncts):
                other = index.by_token.get(tok.i)
                if other is not None and other.kind == "demonym" and other.actor.type == "State":
                    out.append(other)
    return list(dict.fromkeys(out))


def place_mention(grammar: Grammar, token: Token, covered: Container[int] = ()) -> ActorMention | None:
    """Return a place recipient that no actor mention covers: a state named as a place
    ("demonstrated in Serbia"), or a town or region standing for its state ("shelled Aleppo"):
    the mention keeps the place's text and span, with ``via="place"``, and links to the state.
    ``covered``: the tokens actor mentions cover (a name there is an actor, not a place)."""
    places = grammar.places
    token = named_place(token)
    if token.pos_ != "PROPN" or places is None or token.i in covered:
        return None
    span = place_span(token)
    find = getattr(places, "find", None)
    if find is not None:
        found = find(span_text(span), token.ent_type_)
    else:  # a plain lookup the caller gave: states by name
        actor = places(span_text(span))
        found = (actor, "gazetteer") if actor is not None else None
    if found is None or found[0].country is None:
        return None
    return ActorMention(span, found[0], found[1], "place")


def rank(c: FoundRelation) -> tuple:
    """Return the sort key of a statement among those of one pair: tier, then trigger depth and position."""
    suffix = "+" + c.pattern.split("+", 1)[1] if "+" in c.pattern else ""
    return (TIER_RANK.get(suffix, 5), depth(c.trigger), c.trigger.i)


def select(grammar: Grammar, candidates: list[FoundRelation]) -> list[FoundRelation]:
    """Keep, per sentence, the statements of governing triggers and one statement per actor pair."""
    if not candidates:
        return []
    governing = list(
        {
            c.trigger.i: c.trigger
            for c in candidates
            if not c.pattern.startswith(("title", "standing")) and grammar.takes_complement(c.trigger)
        }.values()
    )
    # an event in the complement of another trigger is the content of that act (a promise, a
    # threat, a refusal, a demand), not an event of its own
    kept = [c for c in candidates if not any(g.i != c.trigger.i and governs(g, c.trigger) for g in governing)]

    def better(a: FoundRelation, b: FoundRelation) -> bool:
        """Return True when ``a`` is the better statement of a pair than ``b`` (governing trigger first)."""
        if governs(a.trigger, b.trigger):
            return True
        if governs(b.trigger, a.trigger):
            return False
        return rank(a) < rank(b)

    def pair(c: FoundRelation) -> tuple[int, int]:
        spans = (c.subject.span.start, c.object.span.start)
        return tuple(sorted(spans)) if grammar.vocabulary[c.relation].symmetric else spans  # type: ignore[return-value]

    # one statement per directed pair of mentions (unordered for symmetric relations)
    best: dict[tuple[int, int], FoundRelation] = {}
    for c in kept:
        key = pair(c)
        if key not in best or better(c, best[key]):
            best[key] = c
    return [c for c in kept if best.get(pair(c)) is c]
