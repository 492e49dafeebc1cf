"""Rewriting results and graphs once actors are resolved: mentions and statements re-pointed,
dropped actors' statements dropped, labels chosen."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from graphkit.model import Actor, ExtractionResult, KnowledgeGraph, Mention, Statement
from graphkit.resolution.names import NameRules, name_key


def rewrite(
    result: ExtractionResult, mapping: dict[str, Actor | None], vias: dict[str, str] | None = None
) -> ExtractionResult:
    """Return a result whose actors are replaced by ``mapping`` (None: the actor and its statements go).

    A statement whose subject and object become one actor is dropped too (an actor is not its own
    ally); an attribution to a dropped actor is dropped, the statement kept. ``vias`` gives the
    mentions of a replaced actor a new ``via`` (a place that stands for its state is ``place``).
    """
    actors = dict(result.actors)
    target = {}
    for old, new in mapping.items():
        target[old] = new.id if new is not None else None
        actors.pop(old, None)
    for new in mapping.values():
        if new is not None:
            actors[new.id] = new
    vias = vias or {}
    mentions = [_mention(m, target, vias) for m in result.mentions]
    statements = [_statement(s, target, vias) for s in result.statements]
    return replace(
        result,
        actors=actors,
        mentions=[m for m in mentions if m is not None],
        statements=[s for s in statements if s is not None],
    )


def _mention(m: Mention, target: dict[str, str | None], vias: dict[str, str] | None = None) -> Mention | None:
    if m.actor not in target:
        return m
    new = target[m.actor]
    if new is None:
        return None
    return replace(m, actor=new, via=vias[m.actor]) if vias and m.actor in vias else replace(m, actor=new)


def _statement(
    s: Statement, target: dict[str, str | None], vias: dict[str, str] | None = None
) -> Statement | None:
    subject, obj = target.get(s.subject, s.subject), target.get(s.object, s.object)
    if subject is None or obj is None or subject == obj:
        return None
    attributed = target.get(s.attributed_to, s.attributed_to) if s.attributed_to else None
    outlet = target.get(s.outlet, s.outlet) if s.outlet else None
    sm, om = _mention(s.subject_mention, target, vias), _mention(s.object_mention, target, vias)
    return replace(
        s,
        subject=subject,
        object=obj,
        subject_mention=sm or s.subject_mention,
        object_mention=om or s.object_mention,
        attributed_to=attributed,
        outlet=outlet,
    )


def rewrite_graph(kg: KnowledgeGraph, mapping: dict[str, Actor | None]) -> KnowledgeGraph:
    target = {old: (new.id if new is not None else None) for old, new in mapping.items()}
    actors = {k: v for k, v in kg.actors.items() if k not in mapping}
    actors.update({new.id: new for new in mapping.values() if new is not None and new.id not in actors})
    mentions = [m for m in (_mention(m, target) for m in kg.mentions) if m is not None]
    statements = [s for s in (_statement(s, target) for s in kg.statements) if s is not None]
    return KnowledgeGraph(actors, dict(kg.documents), mentions, statements)


def relabel(kg: KnowledgeGraph, rules: NameRules) -> KnowledgeGraph:
    """Each provisional actor: its most frequent spelling as label, the other spellings as aliases.

    The label is a spelling of the resolved name itself (not "Minister Ellwood" for Tobias
    Ellwood); ties go to the alphabetically first, so the label does not depend on document order.
    """
    from graphkit.resolution.corpus import CorpusNames

    return replace(kg, actors=relabel_actors(kg.actors, CorpusNames.from_graph(kg).spellings, rules))


def relabel_actors(
    actors: dict[str, Actor], spellings: dict[str, Counter[str]], rules: NameRules
) -> dict[str, Actor]:
    """``actors`` relabelled as :func:`relabel` does, from the spellings counted per actor
    (whitespace-folded mention texts of :data:`graphkit.resolution.corpus.LABEL_VIAS`)."""
    out = dict(actors)
    for iri, actor in actors.items():
        counts = spellings.get(iri)
        if not actor.provisional or not counts:
            continue
        key = name_key(actor.label, rules)
        same = [n for n in counts if name_key(n, rules) == key] or [actor.label]
        label = min(same, key=lambda n: (-counts[n], n))
        aliases = tuple(n for n in sorted(counts) if n != label)
        out[iri] = replace(actor, label=label, aliases=tuple(dict.fromkeys(actor.aliases + aliases)))
    return out
