"""The last step: polarity, modality and attribution of each statement, then PLOVER's conventions."""

from __future__ import annotations

from graphkit.extraction.modality import conditional_mark, modality, polarity, sources
from graphkit.extraction.relations.grammar import FoundRelation
from graphkit.extraction.relations.index import MentionIndex
from graphkit.extraction.relations.lexicon import Lexicon

#: Statements kept per sentence: a list sentence ("A, B, ... and Z condemned P, Q, ... and Y")
#: pairs every subject with every object; past this many, the rest are dropped and the cut is
#: noted in ``doc.user_data[CAPPED]`` as (first character, end character, statements found).
MAX_STATEMENTS_PER_SENTENCE = 100
CAPPED = "graphkit.capped"


def finish(lexicon: Lexicon, found: list[FoundRelation]) -> list[FoundRelation]:
    """Drop repeated statements and set the polarity, modality, reporter and sources of the others.

    Title statements ("US spokesman John Kirby") keep their defaults: positive, asserted. The
    polarity, modality and sources depend on the trigger only, so they are worked out once per
    trigger, not once per statement; at most :data:`MAX_STATEMENTS_PER_SENTENCE` are kept per
    sentence.
    """
    cues = lexicon.cues
    index_cache: dict[int, MentionIndex] = {}
    out: list[FoundRelation] = []
    seen: set[tuple] = set()
    by_trigger: dict[tuple[int, int], tuple] = {}
    per_sentence: dict[tuple[int, int], list[int]] = {}  # (doc, sentence start) -> [kept, found]
    for f in found:
        key = (f.relation, f.subject.span.start, f.object.span.start, f.trigger.i)
        if key in seen:
            continue
        seen.add(key)
        trigger_key = (id(f.trigger.doc), f.trigger.i)
        facts = by_trigger.get(trigger_key)
        if facts is None:
            sent = f.trigger.sent
            facts = by_trigger[trigger_key] = (sent, None)
        sent = facts[0]
        counts = per_sentence.setdefault((trigger_key[0], sent.start), [0, 0])
        counts[1] += 1
        if counts[0] >= MAX_STATEMENTS_PER_SENTENCE:
            doc = f.trigger.doc
            doc.user_data.setdefault(CAPPED, {})[sent.start] = (sent.start_char, sent.end_char, counts[1])
            continue
        counts[0] += 1
        if f.pattern != "title":
            if facts[1] is None:
                facts = by_trigger[trigger_key] = (
                    sent,
                    (polarity(f.trigger, cues), modality(f.trigger, cues), sources(f.trigger, cues)),
                )
            f.polarity, f.modality, found_sources = facts[1]
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
