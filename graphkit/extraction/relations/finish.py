"""The last step: polarity, modality and attribution of each statement, then PLOVER's conventions."""

from __future__ import annotations

from graphkit.extraction.modality import conditional_mark, modality, polarity, sources
from graphkit.extraction.relations.grammar import FoundRelation
from graphkit.extraction.relations.index import MentionIndex
from graphkit.extraction.relations.lexicon import Lexicon


def finish(lexicon: Lexicon, found: list[FoundRelation]) -> list[FoundRelation]:
    """Drop repeated statements and set the polarity, modality, reporter and sources of the others.

    Title statements ("US spokesman John Kirby") keep their defaults: positive, asserted.
    """
    cues = lexicon.cues
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
            found_sources = sources(f.trigger, cues)
            if found_sources:
                # the nearest source that names an actor ("a commander said" before "according
                # to The Daily Beast")
                doc = f.trigger.doc
                idx = index_cache.setdefault(id(doc), MentionIndex(list(doc._.actor_mentions or [])))
                names = [m for t in found_sources for m in idx.actors_in(t)[:1]]
                f.reporter = names[0] if names else None
                # the chain of sources, nearest first, and the outlet that carries the report
                f.extra["sources"] = list(dict.fromkeys(m.actor.id for m in names))
                # the outlet is a Media source, or the Media a source spoke to ("told The Daily Beast")
                told = [m for t in found_sources for m in idx.addressees(t.head)]
                outlets = [m.actor.id for m in names + told if m.actor.type == "Media"]
                if outlets:
                    f.extra["outlet"] = outlets[-1]
            apply_conventions(lexicon, f)
        out.append(f)
    return out


def apply_conventions(lexicon: Lexicon, f: FoundRelation) -> None:
    """Recode an intended act by PLOVER's coding conventions (lexicon ``conventions``), in place.

    An act made conditional on the recipient ("will withdraw from Chad unless ...") is a
    threat; an announced future act is a promise when cooperative ("will provide aid") and a
    threat when hostile ("will blockade Paris"). The event relation is kept in ``f.extra["event"]``.
    """
    if f.polarity != "positive" or f.modality not in ("future", "hypothetical"):
        return
    recoded = None
    if conditional_mark(f.trigger, lexicon.cues) is not None:
        recoded = lexicon.conditional_acts.get(f.relation)
    if recoded is None and f.modality == "future":
        recoded = lexicon.future_acts.get(f.relation)
    if recoded is not None and recoded != f.relation:
        f.extra["event"] = f.relation
        f.relation = recoded
