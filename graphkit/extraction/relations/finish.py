"""The last step: polarity, modality and attribution of each statement, then PLOVER's conventions."""

from __future__ import annotations

from graphkit.extraction.mentions import ActorMention
from graphkit.extraction.modality import attempted, conditional_mark, governors, modality, polarity, sources
from graphkit.extraction.relations.grammar import FoundRelation
from graphkit.extraction.relations.index import MentionIndex
from graphkit.extraction.relations.lexicon import Lexicon
from graphkit.extraction.sentences import sentence_of
from graphkit.extraction.texts import span_text
from graphkit.vocabulary import COOPERATION, Vocabulary, default_vocabulary

# the quad classes of acts made in words: an outlet that carries them is not the one who makes them
_VERBAL = ("verbal-cooperation", "verbal-conflict")
_OUTLET_TYPES = ("Media",)
# the quad class of the use of force, whose target no cooperative act inside it reaches
_FORCE = "material-conflict"

#: Statements kept per sentence: a list sentence ("A, B, ... and Z condemned P, Q, ... and Y")
#: pairs every subject with every object; past this many, the rest are dropped and the cut is
#: noted in ``doc.user_data[CAPPED]`` as (first character, end character, statements found).
MAX_STATEMENTS_PER_SENTENCE = 100
CAPPED = "graphkit.capped"


def finish(
    lexicon: Lexicon, found: list[FoundRelation], vocabulary: Vocabulary | None = None
) -> list[FoundRelation]:
    """Drop repeated statements and set the polarity, modality, reporter and sources of the others.

    Title statements ("US spokesman John Kirby") keep their defaults: positive, asserted. An
    attempted act ("tried to kill X") keeps its relation with ``extra["attempted"]``; an act
    attributed to its agent by someone ("blamed on X") is reported. The polarity, modality,
    attempt and sources depend on the trigger only, so they are worked out once per trigger, not
    once per statement; at most :data:`MAX_STATEMENTS_PER_SENTENCE` are kept per sentence.
    """
    cues = lexicon.cues
    vocabulary = vocabulary or default_vocabulary()
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
        if not_a_party(lexicon, vocabulary, f):
            continue
        trigger_key = (id(f.trigger.doc), f.trigger.i)
        facts = by_trigger.get(trigger_key)
        if facts is None:
            sent = sentence_of(f.trigger)
            facts = by_trigger[trigger_key] = (sent, None)
        sent = facts[0]
        counts = per_sentence.setdefault((trigger_key[0], sent.start), [0, 0])
        counts[1] += 1
        if counts[0] >= MAX_STATEMENTS_PER_SENTENCE:  # read at call time: a setting, not a constant
            doc = f.trigger.doc
            doc.user_data.setdefault(CAPPED, {})[sent.start] = (sent.start_char, sent.end_char, counts[1])
            continue
        counts[0] += 1
        if f.pattern != "title":
            if facts[1] is None:
                trigger = f.trigger
                found_facts = (
                    polarity(trigger, cues),
                    modality(trigger, cues),
                    sources(trigger, cues),
                    attempted(trigger, cues),
                )
                facts = by_trigger[trigger_key] = (sent, found_facts)
            f.polarity, f.modality, found_sources, tried = facts[1]
            if tried:
                f.extra["attempted"] = True  # "tried to kill X": the act, attempted (PLOVER)
            if f.pattern.startswith("noun-blamed") and f.modality == "asserted":
                # "the attack was blamed on X": someone says X did it, the text does not
                f.modality = "reported"
            if found_sources:
                # the nearest source that names an actor ("a commander said" before "according
                # to The Daily Beast")
                doc = f.trigger.doc
                idx = index_cache.get(id(doc))
                if idx is None:  # once per doc: reading doc._ makes an object of spaCy's each time
                    idx = index_cache[id(doc)] = MentionIndex(list(doc._.actor_mentions or []))
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
    threat when hostile ("will blockade Paris"). Only the actor's own announcement is a promise or a
    threat: another's forecast ("Israel said Hezbollah will attack it") keeps the event, future. The
    event relation is kept in ``f.extra["event"]``.
    """
    if f.polarity != "positive" or f.modality not in ("future", "hypothetical"):
        return
    if _forecast(lexicon, f):
        return  # "Israel said Hezbollah will attack it": a prediction of another's act, no threat
    recoded = None
    if conditional_mark(f.trigger, lexicon.cues) is not None:
        recoded = lexicon.conditional_acts.get(f.relation)
    if recoded is None and f.modality == "future":
        recoded = lexicon.future_acts.get(f.relation)
    if recoded is not None and recoded != f.relation:
        f.extra["event"] = f.relation
        f.relation = recoded


def _forecast(lexicon: Lexicon, f: FoundRelation) -> bool:
    """Return True when a future act is another party's forecast, not its actor's announcement.

    The reporter is an actor other than the subject (an outlet only carries the words), and no
    verb of intent ("prepares", "plans") says the actor means to do it.
    """
    reporter = f.reporter
    if reporter is None or reporter.actor.id == f.subject.actor.id or reporter.actor.type in _OUTLET_TYPES:
        return False
    intents = lexicon.cues.intent_verbs
    return not any(g.lemma_.lower() in intents for g in governors(f.trigger)[:3])


def not_a_party(lexicon: Lexicon, vocabulary: Vocabulary, f: FoundRelation) -> bool:
    """Return True when a statement's subject or object names no party to the act.

    - an outlet or a platform ("said on Twitter", "told the BBC", "met CNN reporters") carries
      words, it does not say them: never the subject of a verbal act nor the other side of one
      (the outlet stays in ``extra["outlet"]`` of the statements it reports); an act done to
      it ("banned Al Jazeera") stands;
    - a name that holds an enemy's name is not that enemy: "the Coalition to Counter ISIL",
      "the anti-ISIS coalition" is no mention of ISIL;
    - the target of a conflict act inside a cooperative one is not its recipient: "pledged to
      help Iraq in its fight against ISIS" is no promise to ISIS, "promised weapons to Ukraine to
      fight Russia" none to Russia.
    """
    if f.pattern == "title":
        return False
    if any(_names_enemy_of(m, lexicon) for m in (f.subject, f.object)):
        return True
    if vocabulary[f.relation].quad in COOPERATION and _fought_by_the_act(lexicon, vocabulary, f):
        return True
    quad = vocabulary[f.relation].quad
    if quad not in _VERBAL and vocabulary[f.relation].plover not in ("CONSULT",):
        return False
    return any(_outlet(m, lexicon) for m in (f.subject, f.object))


def _fought_by_the_act(lexicon: Lexicon, vocabulary: Vocabulary, f: FoundRelation) -> bool:
    """Return True when the object is the target of a use of force within the trigger's phrase.

    The target of a noun is the object of one of its prepositions ("fight against X", "war on X"),
    that of a verb its direct object ("to fight X"); "demands from X" names no target.
    """
    token = f.object.span.root
    while token.dep_ == "conj" and token.head != token:
        token = token.head
    prep = None
    if token.dep_ == "pobj" and token.head.dep_ == "prep":
        prep, governor = token.head.lower_, token.head.head
    elif token.dep_ == "dobj":
        governor = token.head
    else:
        return False
    trigger = f.trigger
    if governor == trigger or not trigger.left_edge.i <= governor.i <= trigger.right_edge.i:
        return False  # only a use of force inside the act ("Israel attacked X, which Iran supports")
    lemma = governor.lemma_.lower()
    if governor.pos_ in ("NOUN", "PROPN"):
        rules = [r for r in lexicon.nouns.get(lemma) or [] if prep in r.preps]
    elif prep is None and governor.pos_ == "VERB":
        rules = [lexicon.verbs[lemma]] if lemma in lexicon.verbs else []
    else:
        rules = []
    return any(vocabulary[r.relation].quad == _FORCE for r in rules)


#: CAMEO-style sectors of the press: journalists carry words, like their outlets
_PRESS_SECTORS = frozenset({"JRN", "MED"})


def _outlet(mention: ActorMention, lexicon: Lexicon) -> bool:
    """Return True when a mention names a news outlet, its journalists (the press sector: "CNN
    reporters", "journalists") or a platform (lexicon cues ``platforms``)."""
    actor = mention.actor
    return (
        actor.type in _OUTLET_TYPES
        or actor.sector in _PRESS_SECTORS
        or span_text(mention.span).lower() in lexicon.cues.platforms
    )


def _names_enemy_of(mention: ActorMention, lexicon: Lexicon) -> bool:
    """Return True when a mention sits in a name as what the name's bearer opposes ("Counter ISIL").

    The word before it (or before "anti-") is a word of ``opposing_words`` written as part of a
    name (capitalised, or "anti" joined by a hyphen).
    """
    doc = mention.span.doc
    start = mention.span.start
    before = doc[start - 1] if start > 0 else None
    if before is not None and before.text == "-" and start > 1:
        before = doc[start - 2]
        return before.lower_ in lexicon.cues.opposing_words
    if before is None or before.lower_ not in lexicon.cues.opposing_words:
        return False
    # "the Coalition to Counter ISIL", "anti-ISIS" (one token), never "fought against ISIS"
    # (a capitalised first word of a sentence is no name: "Fighting ISIS is ...")
    return before.lower_.startswith("anti") or before.is_title and before.i != sentence_of(before).start
