"""The ``graphkit_relations`` component: relations between the actors of a sentence.

A trigger (a verb, a noun, an adjective, a fixed phrase or a copular noun of the lexicon) names
the relation; the dependency parse gives its arguments. Each argument phrase is searched for the
actor it names: "a pair of Hezbollah commanders" -> Hezbollah, "the overwhelming majority of
Russian attacks" -> Russia, but never through "other than ISIS". Coordinated arguments give one
statement per pair.

When the trigger has no object actor, the recipient is looked for further away, in tiers whose
name ends the statement's pattern (so that each tier's reliability is calibrated on its own):

- ``+target``: the target of the object noun ("threatened action against Russia");
- ``+comp``: the clausal complement of a control verb ("agreed to provide aid to Poland",
  "demanded that the US cancel ...");
- ``+cond``: the party a threat is conditioned on ("threatened to strike unless Israel ...");
- ``+near``: the first actor after the trigger in its clause, for verbal acts whose parse often
  misplaces the object ("denounced as a crime Serbia's suppression of ...");
- ``+loc``: the place the event happens in, for event types whose recipient may be a place
  ("reimposed blockades in the West Bank"), as PLOVER codes them;
- ``+mutual``: coordinated subjects of a reciprocal verb with one another ("X and Y met").

Other patterns: ``noun-of-verb`` ("launched attacks on X"), ``noun-in`` ("killed civilians in an
attack on X"), ``noun-between`` ("talks between X and Y"), ``ally-*`` (the party a cooperative act
helps fights too: "stands by Iraq to defeat Daesh"), ``coagent`` (those who fight side by side are
allies), ``directive`` ("X said Y must ..."), ``inclusion`` ("the coalition, including X"),
``standing`` (copulas: "X is a member of Y", "X is the leader of Y"), ``standing-noun``
("Syria's ally Iran"), ``standing-verb`` ("Y, led by X", "the coalition comprises X", "based in
Beirut"), ``standing-under`` ("under the command of X") and ``title`` ("Hezbollah leader Hassan
Nasrallah", "X, the foreign minister of Iran"): standing ties.

Then, per sentence, an event embedded in the complement of another trigger that produced a
statement ("threatened to impose sanctions", "refused to meet") is the content of that act and is
subsumed by it, and one statement is kept per pair of mentions, the governing trigger's.
Arguments never cross a blank line (a headline run into the first sentence). Polarity, modality
and attribution come from :mod:`graphkit.extraction.modality`; PLOVER's conventions for intended
acts (lexicon ``conventions``) come last. Places named as recipients that the actor linker left
out are looked up in its gazetteer and added to ``doc._.actor_mentions`` (kind ``place``).
Results go to ``doc._.relations``, a list of :class:`FoundRelation`.

The modules, in the order a sentence goes through them:

- :mod:`.lexicon`: the lexicon's schema and loaders (``graphkit.lexicon.v1``);
- :mod:`.grammar`: the :class:`Grammar` built once per component, the per-sentence :class:`Scope`,
  :class:`FoundRelation`;
- :mod:`.tree` and :mod:`.index`: dependency-tree helpers and the :class:`MentionIndex`;
- :mod:`.triggers`: which finder a token calls, and the loop over sentences;
- :mod:`.verbal`, :mod:`.nominal`, :mod:`.standing`: the argument finders, all
  ``finder(token, scope, rule) -> list[FoundRelation]``; :mod:`.targets`: recipients further away;
- :mod:`.offices`: ties of office, from the titles of the whole doc;
- :mod:`.pairing`: from argument heads to statements, and one statement per pair;
- :mod:`.finish`: polarity, modality, attribution and PLOVER's conventions;
- :mod:`.component`: the spaCy component.

A new trigger word is a lexicon entry (``graphkit/data/lexicon.yaml``), not code. A new syntactic
pattern is a finder with the same signature, in the module of its trigger's part of speech, and a
branch in :func:`.triggers.from_token`; name its pattern so that ``tools/calibrate_confidence.py``
gives it a confidence of its own.
"""

from graphkit.extraction.relations.component import GazetteerPlaces, RelationFinder, make_relation_finder
from graphkit.extraction.relations.grammar import FoundRelation, Grammar, PlaceLookup, Scope
from graphkit.extraction.relations.index import MentionIndex
from graphkit.extraction.relations.lexicon import (
    Lexicon,
    Roles,
    TriggerRule,
    default_lexicon,
    lexicon_loader,
    load_lexicon,
    parse_lexicon,
)
from graphkit.extraction.relations.tree import objects_of, subjects_of

__all__ = [
    "FoundRelation",
    "GazetteerPlaces",
    "Grammar",
    "Lexicon",
    "MentionIndex",
    "PlaceLookup",
    "RelationFinder",
    "Roles",
    "Scope",
    "TriggerRule",
    "default_lexicon",
    "lexicon_loader",
    "load_lexicon",
    "make_relation_finder",
    "objects_of",
    "parse_lexicon",
    "subjects_of",
]
