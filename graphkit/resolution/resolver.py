"""The actor resolver: one node per real actor, within and across documents, with the reasons kept.

The stage between extraction and the graph model. :meth:`ActorResolver.resolve_result` works on
one document as it comes out of extraction (so streaming stays streaming); it decides, for each
actor the extractor made up (a *provisional* actor, not in the gazetteer), whether it is

* no actor at all: a platform, a monument or a treaty, a fragment ending in "of", or a name the
  analyst's overrides block;
* an office title ("the Foreign Secretary"): the one person the document names in that office,
  else the state the office serves (its country, a state in the title, or the publisher's state,
  as event coders code it), else no actor;
* a place: a city or a region stands for its state when the document is about that state;
* another actor: a surname or given name of the one person of the document who bears it, a full
  name inside a longer title phrase, a spelling variant of a gazetteer name ("Asad", "Zelenskyy"),
  or what the analyst's overrides say it is;
* itself, under an IRI made from its *resolved* name (case, diacritics, apostrophes, hyphens,
  particles such as al-, middle initials and known transliteration variants folded away), so the
  same person gets the same node from any document, in any order.

:meth:`ActorResolver.resolve_graph` then works on the whole corpus: an acronym defined in one
document ("the Kurdistan Workers' Party (PKK)") names that actor in the others, and each actor gets
its most frequent spelling as label and the others as aliases. Every merge is recorded with its
reason, for ``actors.jsonl``. A merge needs exactly one candidate: two people who share a surname
are never fused.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from typing import Any

from graphkit.model import Actor, ExtractionResult, KnowledgeGraph, Mention
from graphkit.resolution.corpus import CorpusNames, compose
from graphkit.resolution.names import NameRules, name_key, name_tokens, provisional_iri
from graphkit.resolution.overrides import ActorOverrides
from graphkit.resolution.rewrite import relabel_actors, rewrite, rewrite_graph

GROUP_TYPES = frozenset({"Organisation", "ArmedGroup", "NGO", "IGO", "Media", "Government", "Military"})
#: Mention ``via`` values that are names of the actor (not pronouns or descriptions).
NAME_VIAS = frozenset({"gazetteer", "ner", "acronym", "surname", "dictionary", "resolved"})
#: How the actor linker tied a mention to an actor named elsewhere in its document (``via``).
LINKER_REASONS = {
    "surname": "a surname of the person named in the document",
    "acronym": "an acronym the document defines",
    "title": "the office title of the person named in the document",
}
#: A city stands for its state without the document naming that state when it is this populous.
BIG_CITY = 1_000_000
#: A city read as a person needs this population (and the state in the document) to be a place.
PERSON_PLACE_CITY = 250_000


@dataclass(frozen=True)
class Merge:
    """One resolution decision: ``name`` (an actor ``source``) became ``target`` (None: no actor)."""

    name: str
    source: str
    target: str | None
    why: str
    doc: str | None = None


class ActorResolver:
    """Resolves the actors of extraction results (see the module's docstring).

    Parameters
    ----------
    gazetteer : the actor gazetteer of the run (its names and states), or None
    places : a :class:`~graphkit.places.PlaceGazetteer`, or None for no place resolution
    rules : the name rules (default: the shipped ones)
    overrides : the analyst's :class:`ActorOverrides`
    certainty : factors by which each kind of resolved actor scales a statement's confidence
        (default: the calibrated ones, ``graphkit/data/confidence.yaml``; ``{}``: none)

    Examples
    --------
    >>> from graphkit.model import DocumentInfo, Mention
    >>> full = Actor.provisional_actor("Tobias Ellwood", "Person")
    >>> short = Actor.provisional_actor("Ellwood", "Person")
    >>> mentions = [Mention("d", "Tobias Ellwood", 0, 14, full.id, "ner"),
    ...             Mention("d", "Ellwood", 20, 27, short.id, "ner")]
    >>> result = ExtractionResult(DocumentInfo("d"), {a.id: a for a in (full, short)}, mentions, [])
    >>> resolved = ActorResolver().resolve_result(result)
    >>> sorted({resolved.actors[m.actor].label for m in resolved.mentions})
    ['Tobias Ellwood']
    """

    def __init__(
        self,
        gazetteer: Any = None,
        places: Any = None,
        rules: NameRules | None = None,
        overrides: ActorOverrides | None = None,
        certainty: dict[str, float] | None = None,
    ):
        self.rules = rules or NameRules.default()
        # factors by actor kind (graphkit.extraction.confidence); {} leaves confidence as found
        if certainty is None:
            from graphkit.extraction.confidence import actor_certainty

            certainty = actor_certainty()
        self.certainty = certainty
        self.gazetteer = gazetteer
        self.places = places
        self.overrides = overrides or ActorOverrides()
        self.merges: list[Merge] = []
        self._gazetteer_keys = self._index_gazetteer() if gazetteer is not None else {}
        self._blocked = {name_key(n, self.rules) for n in self.overrides.blocked}
        self._same = {name_key(n, self.rules): group for group in self.overrides.same for n in group}
        self._typed = {name_key(n, self.rules): t for n, t in self.overrides.typed.items()}

    # -- the gazetteer's names ----------------------------------------------------------
    def _index_gazetteer(self) -> dict[str, set[str]]:
        """Name key -> the gazetteer actors that name (kind "name": no demonyms, capitals or seats)."""
        index: dict[str, set[str]] = defaultdict(set)
        for name in self.gazetteer.iter_names():
            if name.kind == "name":
                index[name_key(name.text, self.rules)].add(name.actor)
        return index

    def _gazetteer_actor(self, key: str, type: str) -> Actor | None:
        """The one gazetteer actor of a compatible type whose name has this key."""
        actors = self.gazetteer.actors
        found = [actors[i] for i in self._gazetteer_keys.get(key, ()) if i in actors]
        found = [a for a in found if _compatible(a.type, type)]
        return found[0] if len(found) == 1 else None

    def _state(self, code: str) -> Actor | None:
        if self.gazetteer is None:
            return None
        return self.gazetteer.actors.get(self.gazetteer.iri(code))

    # -- one document ---------------------------------------------------------------------
    def resolve_result(self, result: ExtractionResult, text: str | None = None) -> ExtractionResult:
        """Resolve the provisional actors of one document's result (a new result; the input is kept).

        With the document's ``text``, a bare office title ("the Foreign Secretary") links to the
        one person the document names in that office ("Foreign Secretary Boris Johnson",
        "Boris Johnson, the Foreign Secretary"); without it, or with no such person, it is no actor.
        """
        if result.error is not None:
            return result
        doc = result.document.id
        names = _names_by_actor(result.mentions)
        countries = {a.country for a in result.actors.values() if a.country and not a.provisional}
        # every provisional actor under the IRI of its resolved name, before anything is merged into it
        canon = {
            a.id: replace(a, id=provisional_iri(key, a.type)) if key else a
            for a in result.actors.values()
            if a.provisional
            for key in [name_key(a.label, self.rules)]
        }
        persons = [
            canon.get(a.id, a)
            for a in result.actors.values()
            if a.type == "Person" and len(a.label.split()) > 1 and not self._is_title(a.label)
        ]
        mapping: dict[str, Actor | None] = {}
        vias: dict[str, str] = {}  # mentions that now stand for another actor in another way
        for actor in result.actors.values():
            if not actor.provisional:
                if self._blocked and name_key(actor.label, self.rules) in self._blocked:
                    mapping[actor.id] = None  # the analyst says this known actor is none
                    self.merges.append(Merge(actor.label, actor.id, None, "analyst: not an actor", doc))
                continue
            target, why = self._resolve(actor, names.get(actor.id, ()), persons, countries)
            if target is None and self._is_title(actor.label):
                holder = _office_holder(actor.label, text, result, persons, canon) if text else None
                state = self._office_state(actor, result.document.source)
                if holder is not None:
                    target, why = holder, f"holds the office of {actor.label} in the document"
                elif state is not None:
                    # as event coders code an unnamed office holder: the state the office serves
                    target, why = state, f"the office of {actor.label}, coded as the state it serves"
            if target is not None and target.id == actor.id:
                target = canon[actor.id]
            mapping[actor.id] = target
            if why.startswith("a place in"):
                vias[actor.id] = "place"
            if why:
                self.merges.append(Merge(actor.label, actor.id, target.id if target else None, why, doc))
        resolved = rewrite(result, mapping, vias) if mapping else result
        return self._with_certainty(resolved)

    def _with_certainty(self, result: ExtractionResult) -> ExtractionResult:
        """Scale each statement's confidence by how sure its resolved actors are."""
        if self.certainty == {}:
            return result
        from graphkit.extraction.confidence import actor_kind, with_certainty

        def kind(iri: str, mention: Mention) -> str:
            actor = result.actors.get(iri)
            return actor_kind(actor is None or actor.provisional, mention.via)

        statements = [
            replace(
                s,
                confidence=with_certainty(
                    s.confidence,
                    (kind(s.subject, s.subject_mention), kind(s.object, s.object_mention)),
                    self.certainty,
                ),
            )
            for s in result.statements
        ]
        return replace(result, statements=statements)

    def _resolve(
        self, actor: Actor, seen: Iterable[str], persons: list[Actor], countries: set[str]
    ) -> tuple[Actor | None, str]:
        rules = self.rules
        tokens = name_tokens(actor.label, rules)
        key = " ".join(tokens)
        keys = {key} | {name_key(n, rules) for n in seen}
        if keys & self._blocked:
            return None, "analyst: not an actor"
        for k in sorted(keys):
            if k in self._same:
                return self._same_actor(self._same[k], actor), "analyst: same actor as " + self._same[k][0]
        if key in self._typed:
            type_, country = self._typed[key]
            type_, country = type_ or actor.type, country or actor.country
            typed = replace(actor, id=provisional_iri(key, type_), type=type_, country=country)
            return typed, f"analyst: a {type_} of {country}" if country else f"analyst: a {type_}"
        if not tokens:
            return actor, ""
        reason = self._not_an_actor(actor.label, tokens)
        if reason:
            return None, reason
        return self._place(actor, countries) or self._other_actor(actor, tokens, key, persons) or (actor, "")

    def _same_actor(self, group: tuple[str, ...], actor: Actor) -> Actor:
        label = group[0]
        type_, country = self.overrides.typed.get(label, (None, None))
        type_ = type_ or actor.type
        if self.gazetteer is not None:
            known = self._gazetteer_actor(name_key(label, self.rules), type_)
            if known is not None:
                return known
        key = name_key(label, self.rules)
        return Actor(provisional_iri(key, type_), label, type_, country or actor.country, provisional=True)

    def _not_an_actor(self, label: str, tokens: list[str]) -> str:
        rules = self.rules
        words = re.findall(r"[\w'’-]+", label.lower())
        if words and words[-1] in rules.trailing:
            return f"a fragment ending in {words[-1]!r}"
        if " ".join(tokens) in rules.not_actor_names or label.lower() in rules.not_actor_names:
            return "not an actor (platform, religion or holiday)"
        if words and words[-1] in rules.not_actor_heads:
            return f"not an actor (a {words[-1]})"
        if self._is_title(label):
            return "an office title that no one in the document holds"
        return ""

    def _office_state(self, actor: Actor, publisher: str | None = None) -> Actor | None:
        """The state an office title serves: the actor's country, a state named in the title, or
        the state of the document's publisher (a government's release speaks of its own ministers)."""
        codes = {actor.country} if actor.country else set()
        if not codes and self.gazetteer is not None:
            for word in re.findall(r"[\w'’-]+", actor.label):
                found = self.gazetteer.lookup(word, kinds=("name", "demonym", "plural"))
                if found is not None and found.type == "State" and found.country:
                    codes.add(found.country)
            if not codes and publisher:
                found = self.gazetteer.lookup(publisher)
                if found is not None and found.country and found.type in ("State", "Government"):
                    codes.add(found.country)
        return self._state(codes.pop()) if len(codes) == 1 else None

    def _is_title(self, label: str) -> bool:
        """True for a bare office title, with the state it serves ("Iraqi Foreign Minister")."""
        words = re.findall(r"[\w'’-]+", label.lower())
        return bool(words) and all(w in self.rules.title_words or self._is_state_word(w) for w in words)

    def _is_state_word(self, word: str) -> bool:
        """A state's name or demonym ("United", "States", "Iraqi"), as in "Iraqi Foreign Minister"."""
        if self.gazetteer is None or len(word) < 2:
            return False
        found = self.gazetteer.lookup(word, kinds=("name", "demonym", "plural"))
        return found is not None and found.type == "State"

    def _place(self, actor: Actor, countries: set[str]) -> tuple[Actor | None, str] | None:
        """A city or region read as an actor: its state when the document is about it, else no actor."""
        if self.places is None:
            return None
        place = self.places.lookup(actor.label)
        if place is None:
            return None
        key = name_key(actor.label, self.rules)
        if self.gazetteer is not None and self._gazetteer_actor(key, actor.type):
            return None  # a gazetteer actor of that name ("Georgia" the state, "Jackson" the person)
        big = place.kind == "region" or place.population >= (
            PERSON_PLACE_CITY if actor.type == "Person" else 0
        )
        if not big:
            return None
        state = self._state(place.country)
        if state is not None and (place.country in countries or place.population >= BIG_CITY):
            return state, f"a place in {state.label} ({place.name})"
        if place.country in countries or place.kind == "region":
            return None, f"a place ({place.name}), not an actor"
        return None

    def _other_actor(
        self, actor: Actor, tokens: list[str], key: str, persons: list[Actor]
    ) -> tuple[Actor, str] | None:
        """Another actor this one names: a surname, a name in a longer phrase, a spelling variant."""
        rules = self.rules
        person_like = actor.type == "Person" or (actor.type == "Organisation" and len(tokens) == 1)
        others = [p for p in persons if p.id != actor.id and len(name_tokens(p.label, rules)) > 1]
        if person_like and len(tokens) == 1:
            for position, what in ((-1, "surname"), (0, "given name")):
                bearers = {p.id: p for p in others if name_tokens(p.label, rules)[position] == tokens[0]}
                if len(bearers) == 1:
                    person = next(iter(bearers.values()))
                    return person, f"{what} of {person.label} in the same document"
                if len(bearers) > 1:
                    return None
        if len(tokens) > 2:
            inside = {p.id: p for p in others if _contains(tokens, name_tokens(p.label, rules))}
            if len(inside) == 1:
                person = next(iter(inside.values()))
                return person, f"the name of {person.label} inside a longer phrase"
        if self.gazetteer is not None:
            known = self._gazetteer_actor(key, "Person" if actor.type == "Person" else actor.type)
            if known is None and person_like:
                known = self._gazetteer_actor(key, "Person")
            if known is not None:
                return known, f"a spelling of {known.label}"
        return None

    # -- the corpus -----------------------------------------------------------------------
    def resolve_graph(self, kg: KnowledgeGraph) -> KnowledgeGraph:
        """Resolve across documents: acronyms defined elsewhere, one node per resolved name whatever
        type a document gave it, a lone surname or given name that one full name of the corpus
        bears; then one label per actor, the other spellings kept as aliases."""
        mapping, names = self.corpus_mapping(CorpusNames.from_graph(kg))
        if mapping:
            kg = rewrite_graph(kg, mapping)
        return replace(kg, actors=self.corpus_labels(kg.actors, names))

    def corpus_mapping(self, names: CorpusNames) -> tuple[dict[str, Actor | None], CorpusNames]:
        """The cross-document decisions of :meth:`resolve_graph`, from the corpus's names alone.

        Returns the mapping (every replaced actor to its final actor) and the names once it is
        applied; the merges are recorded (:meth:`records`). What ``graphkit build`` computes from
        the summaries of its partitions, without holding their documents.
        """
        composed: dict[str, Actor | None] = {}
        for step in (self._acronyms_across, self._one_node_per_name, self._lone_names_across):
            mapping: dict[str, Actor | None] = {}
            step(names, mapping)
            if mapping:
                names = names.rewritten(mapping)
                composed = compose(composed, mapping)
        return composed, names

    def corpus_labels(self, actors: dict[str, Actor], names: CorpusNames) -> dict[str, Actor]:
        """``actors`` with each provisional one labelled by its most frequent spelling in ``names``."""
        return relabel_actors(actors, names.spellings, self.rules)

    def _merge(self, mapping: dict[str, Actor | None], actor: Actor, target: Actor, why: str) -> None:
        mapping[actor.id] = target
        self.merges.append(Merge(actor.label, actor.id, target.id, why))

    def _acronyms_across(self, names: CorpusNames, mapping: dict[str, Actor | None]) -> None:
        definers = names.acronyms
        for actor in names.actors.values():
            if actor.provisional and actor.label in definers:
                targets = definers[actor.label] - {actor.id}
                if len(targets) == 1:
                    target = names.actors.get(next(iter(targets)))
                    if target is not None and _compatible(target.type, actor.type):
                        why = f"acronym of {target.label} defined in another document"
                        self._merge(mapping, actor, target, why)

    def _one_node_per_name(self, names: CorpusNames, mapping: dict[str, Actor | None]) -> None:
        """Provisional actors of one resolved name but different types are one actor: the type most
        of the corpus's mentions give it (an NER "organisation" is the weakest claim)."""
        used = names.used_actors()
        mentions = names.mentions
        by_key: dict[str, list[Actor]] = defaultdict(list)
        for actor in used.values():
            if actor.provisional:
                by_key[name_key(actor.label, self.rules)].append(actor)
        for key, actors in by_key.items():
            if not key or len(actors) < 2:
                continue
            target = max(actors, key=lambda a: (mentions[a.id], a.type != "Organisation", a.id))
            for actor in actors:
                if actor.id != target.id:
                    self._merge(mapping, actor, target, f"the same name as {target.label} ({target.type})")

    def _lone_names_across(self, names: CorpusNames, mapping: dict[str, Actor | None]) -> None:
        """A one-word person is the one full-name person of the corpus with that surname (or, when
        no full name has it as surname, that given name); two candidates are no merge."""
        used = names.used_actors()
        full = [a for a in used.values() if a.type == "Person" and len(name_tokens(a.label, self.rules)) > 1]
        for actor in used.values():
            if not actor.provisional or actor.type != "Person":
                continue
            tokens = name_tokens(actor.label, self.rules)
            if len(tokens) != 1:
                continue
            for position, what in ((-1, "surname"), (0, "given name")):
                bearers = [p for p in full if name_tokens(p.label, self.rules)[position] == tokens[0]]
                if len(bearers) == 1:
                    why = f"the {what} of {bearers[0].label}, the one in the corpus"
                    self._merge(mapping, actor, bearers[0], why)
                if bearers:
                    break

    def records(self, kg: KnowledgeGraph) -> Iterator[dict[str, Any]]:
        """One audit record per actor of the graph: names seen and where, and why names were merged."""
        return audit_records(kg.used_actors(), kg.mentions, self.merges)


def audit_records(
    used: dict[str, Actor], mentions: Iterable[Mention], merges: Iterable[Merge]
) -> Iterator[dict[str, Any]]:
    """The records of :meth:`ActorResolver.records`: one per used actor (by IRI), then the dropped names.

    ``mentions`` are the corpus's mentions once resolved, in input order (read once), and
    ``merges`` the resolver's decisions, those of each document first.
    """
    seen: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    why: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for m in mentions:
        if m.via in NAME_VIAS:
            seen[m.actor][m.text].add(m.doc)
        reason = LINKER_REASONS.get(m.via)  # what the actor linker tied to a name in the document itself
        if reason is not None:
            why[m.actor].append({"name": m.text, "why": reason, "doc": m.doc})
    for merge in merges:
        entry = {"name": merge.name, "from": merge.source, "why": merge.why}
        if merge.doc is not None:
            entry["doc"] = merge.doc
        why[merge.target or ""].append(entry)
    for iri, actor in used.items():
        names = {n: sorted(docs) for n, docs in sorted(seen.get(iri, {}).items())}
        yield actor_record(iri, actor, names, why.get(iri, []))
    dropped = _unique(why.get("", []))
    if dropped:
        yield {"id": None, "label": None, "dropped": dropped}


_GLUE = ("of", "the", "for")


def _office_holder(
    title: str, text: str, result: ExtractionResult, persons: list[Actor], canon: dict[str, Actor]
) -> Actor | None:
    """The one person the text names right beside an office title ("Foreign Secretary Boris Johnson",
    "Boris Johnson, the Foreign Secretary"), or None."""
    words = [re.escape(w) + r"\w*" for w in re.findall(r"[\w'’-]+", title) if w.lower() not in _GLUE]
    if not words:
        return None
    pattern = re.compile(r"\b" + r"\W+(?:(?:of|the|for)\W+)*".join(words) + r"\b", re.IGNORECASE)
    allowed = {p.id: p for p in persons}
    ids = {m.actor: canon[m.actor].id if m.actor in canon else m.actor for m in result.mentions}
    starts = {m.start: ids[m.actor] for m in result.mentions if ids[m.actor] in allowed}
    ends = {m.end: ids[m.actor] for m in result.mentions if ids[m.actor] in allowed}
    found: set[str] = set()
    for match in pattern.finditer(text):
        after = re.match(r"[\s,]{1,3}", text[match.end() : match.end() + 3])
        if after and match.end() + after.end() in starts:
            found.add(starts[match.end() + after.end()])
        window = text[max(0, match.start() - 8) : match.start()]
        before = re.search(r",\s*(?:the\s+)?$", window, re.IGNORECASE)
        if before:
            gap = match.start() - (len(window) - before.start())
            if gap in ends:
                found.add(ends[gap])
    return allowed[found.pop()] if len(found) == 1 else None


def actor_record(
    iri: str, actor: Actor, names: dict[str, list[str]], merged: list[dict[str, Any]]
) -> dict[str, Any]:
    """One line of ``actors.jsonl``: an actor, the names it was seen under (and where), why names merged."""
    return {
        "id": iri,
        "label": actor.label,
        "type": actor.type,
        "country": actor.country,
        "provisional": actor.provisional,
        "names": names,
        "merged": _unique(merged),
    }


def entry_key(entry: dict[str, Any]) -> tuple:
    """What makes two reasons of ``actors.jsonl`` the same one (their fields, as strings)."""
    return tuple(sorted((k, str(v)) for k, v in entry.items()))


def _unique(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out, keys = [], set()
    for e in entries:
        k = entry_key(e)
        if k not in keys:
            keys.add(k)
            out.append(e)
    return out


def _compatible(known: str, found: str) -> bool:
    """Whether a found actor of type ``found`` may be the known actor of type ``known``."""
    if known == found:
        return True
    return (
        known != "Person"
        and found != "Person"
        and (known in GROUP_TYPES or known == "State")
        and (found == "Organisation")
    )


def _contains(tokens: list[str], part: list[str]) -> bool:
    n = len(part)
    return any(tokens[i : i + n] == part for i in range(len(tokens) - n + 1))


def _names_by_actor(mentions: Iterable[Mention]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for m in mentions:
        if m.via in NAME_VIAS:
            out[m.actor].append(m.text)
    return out
