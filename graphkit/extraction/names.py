"""Rules about names in text for the ``graphkit_actors`` component: when a matched or tagged name
is an actor, a place or noise, and how its span is cut.

Plain functions over spaCy spans and tokens; the word lists they need are handed in
(:class:`ActorWords`, :class:`Noise`), so a rule is tested with the words the test gives it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from spacy.tokens import Doc, Span, Token

from graphkit.extraction.line_patterns import LinePatterns
from graphkit.extraction.mentions import ActorMention
from graphkit.extraction.reading import children
from graphkit.extraction.texts import span_text
from graphkit.extraction.words import word_set_filter
from graphkit.gazetteer import Name, is_acronym, normalize
from graphkit.model import Actor
from graphkit.resources import data_path

if TYPE_CHECKING:
    from graphkit.extraction.titles import Titles

_PLACE_ENTS = {"GPE", "LOC", "FAC"}
_ORDINAL = re.compile(r"\d+(?:st|nd|rd|th)")
_NUMBER_ENTS = {"DATE", "TIME", "CARDINAL", "MONEY", "PERCENT", "QUANTITY", "ORDINAL"}


@dataclass(frozen=True)
class Noise:
    """What is no news text (``noise.yaml``): credit and byline patterns, and texts that are no actor."""

    patterns: tuple[re.Pattern[str], ...]
    not_actors: frozenset[str]
    #: the patterns searched line by line: where the earliest of them matches in a line
    lines: LinePatterns = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "lines", LinePatterns(self.patterns))

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Noise:
        """Return the noise rules of ``noise.yaml``'s ``line_patterns`` and ``not_actors``."""
        return cls(
            tuple(re.compile(p, re.IGNORECASE) for p in data.get("line_patterns", [])),
            frozenset(s.lower() for s in data.get("not_actors", [])),
        )


@dataclass(frozen=True)
class ActorWords:
    """When a name is a place, not an actor (``actors_words.yaml`` and ``noise.yaml``'s place nouns)."""

    #: prepositions after which a state's own name is a place ("in Syria")
    state_locative: frozenset[str]
    #: those and the prepositions after which a capital or a seat is a place ("from Moscow")
    locative: frozenset[str]
    territorial_verbs: frozenset[str]
    motion_verbs: frozenset[str]
    backing: frozenset[str]
    place_nouns: frozenset[str]
    #: nouns that head a numbered unit's name ("the 4th Armoured Division", "Brigade 93")
    unit_nouns: frozenset[str] = frozenset()
    #: head nouns of names that are things, not actors (``resolution.yaml``'s): "Ishtar Gate"
    thing_heads: frozenset[str] = frozenset()
    #: head nouns of press names and of other organisations the tagger reads as persons
    media_heads: frozenset[str] = frozenset()
    organisation_heads: frozenset[str] = frozenset()
    #: a leading name particle and its hyphen or space ("al-" of "al-Abadi")
    name_particles: re.Pattern[str] = re.compile(r"(?!)")

    @classmethod
    def from_data(cls, words: dict[str, Any], place_nouns: list[str]) -> ActorWords:
        """Return the word lists of ``actors_words.yaml`` with the place nouns of ``noise.yaml``."""
        state_locative = frozenset(words.get("state_locative_prepositions", []))
        return cls(
            state_locative=state_locative,
            locative=state_locative | frozenset(words.get("locative_prepositions", [])),
            territorial_verbs=frozenset(words.get("territorial_verbs", [])),
            motion_verbs=frozenset(words.get("motion_verbs", [])),
            backing=frozenset(words.get("backing", [])),
            place_nouns=frozenset(w.lower() for w in place_nouns),
            unit_nouns=frozenset(w.lower() for w in words.get("unit_nouns", [])),
            thing_heads=frozenset(w.lower() for w in words.get("thing_heads", [])),
            media_heads=frozenset(w.lower() for w in words.get("media_heads", [])),
            organisation_heads=frozenset(w.lower() for w in words.get("organisation_heads", [])),
            name_particles=_particles(words.get("name_particles", [])),
        )


def read_actor_data(folder: Path | None = None) -> dict[str, Any]:
    """Return the word lists the ``graphkit_actors`` component reads, as plain data.

    Parameters
    ----------
    folder
        Where ``coref.yaml`` (titles), ``noise.yaml`` and ``actors_words.yaml`` are; default: the
        package data.

    Returns
    -------
    dict
        ``{"titles": ..., "noise": ..., "words": ...}``, as :meth:`ActorLinker.to_disk` saves it.

    Examples
    --------
    >>> data = read_actor_data()
    >>> "visit" in data["words"]["motion_verbs"], "minister" in data["titles"]["heads"]
    (True, True)
    """

    def read(name: str) -> dict[str, Any]:
        path = folder / name if folder is not None else data_path(name)
        return yaml.safe_load(path.read_text(encoding="utf-8")) or {}

    words = read("actors_words.yaml")
    # the head nouns of things that are no actor are entity resolution's list: one list, read twice
    words.setdefault("thing_heads", read("resolution.yaml").get("not_actor_heads") or [])
    return {
        "titles": read("coref.yaml").get("titles") or {},
        "noise": read("noise.yaml"),
        "words": words,
    }


@lru_cache(maxsize=1)
def _default_noise() -> Noise:
    return Noise.from_data(read_actor_data()["noise"])


def noise_ranges(text: str, noise: Noise | None = None) -> list[tuple[int, int]]:
    """Return the character ranges of ``text`` that are credits, bylines or links, not news text.

    Parameters
    ----------
    text
        A document's text.
    noise
        The rules; default: the package's ``noise.yaml``.

    Returns
    -------
    list
        ``(start, end)`` character offsets, one range per line at most.

    Examples
    --------
    >>> noise_ranges("Russia acts.\\nPhoto Courtesy of UN Photo/Paulo Filgueiras")
    [(13, 56)]
    """
    first = (noise if noise is not None else _default_noise()).lines.first
    out: list[tuple[int, int]] = []
    offset = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        start = first(body)
        if start is not None:
            out.append((offset + start, offset + len(body)))
        offset += len(line)
    return out


def in_ranges(span: Span, ranges: list[tuple[int, int]]) -> bool:
    """True when the span overlaps one of the character ranges."""
    return any(s < span.end_char and span.start_char < e for s, e in ranges)


def case_ok(span: Span, name: Name, text: str | None = None) -> bool:
    """Case rules: acronyms match exactly; capitalised names need a capital letter in the text.

    Names written in lower case ("civilians", "aid workers") match in any case. ``text`` is the
    span's text when the caller has it.
    """
    rule, written = _case_rule(name.text, name.exact_case)
    if rule == "any":
        return True
    if text is None:
        text = span_text(span)
    if rule == "exact":
        return text.replace(".", "") == written
    if rule == "upper":
        return text.isupper()
    return any(ch.isupper() for ch in text)


@lru_cache(maxsize=1 << 16)
def _case_rule(name: str, exact_case: bool | None) -> tuple[str, str]:
    """The case rule of a name, decided once per name (a match tests every name of its key)."""
    if not any(ch.isupper() for ch in name):
        return "any", ""
    if is_acronym(name) if exact_case is None else exact_case:  # Name.case_sensitive
        return "exact", name.replace(".", "")
    if len(name) <= 3 and name.isupper():  # short names from case-less dictionaries
        return "upper", ""
    return "capital", ""


def looks_like_acronym(text: str) -> bool:
    """ "IS", "ISIL", "CoI", "U.N.": short, no spaces, at least two capitals and no lower-case start."""
    letters = re.sub(r"[^A-Za-z]", "", text)
    return is_acronym(text) or (
        0 < len(letters) <= 6
        and " " not in text
        and text[:1].isupper()
        and sum(c.isupper() for c in letters) >= 2
    )


def token_key(tokens) -> str:
    """The lookup key of a matched span or a name pattern: its lower-cased tokens."""
    return " ".join(t.lower_.replace("’", "'") for t in tokens)


def apostrophe_variants(text: str) -> list[str]:
    """A name as written with straight and with curly apostrophes ("Da'esh", "Da’esh")."""
    if "'" in text or "’" in text:
        return list(dict.fromkeys([text, text.replace("’", "'"), text.replace("'", "’")]))
    return [text]


def inside_number_entity(span: Span) -> bool:
    """ "November 17" in a date is no armed group: a name wholly inside a date or number entity."""
    return all(t.ent_type_ in _NUMBER_ENTS for t in span)


def first_conjunct(token: Token) -> Token:
    """The first of the conjuncts ``token`` belongs to ("Iraq" in "Iraq and Syria")."""
    while token.dep_ == "conj" and token.head.i != token.i:
        token = token.head
    return token


def is_locative(span: Span, words: ActorWords, preps: frozenset[str]) -> bool:
    """A name used as a place: object of a locative preposition or of "visit", or modifying a place."""
    head = first_conjunct(span.root)
    if head.dep_ == "pobj" and head.head.lower_ in preps:
        return True
    if head.dep_ == "dobj" and head.head.lemma_.lower() in words.motion_verbs:
        return True
    if head.dep_ == "appos" and head.head.ent_type_ in _PLACE_ENTS and not _is_list(head):
        return True  # "Anbar, Iraq"; but "Saudi Arabia, the UAE, Bahrain and Egypt" is a list
    return head.dep_ in ("compound", "npadvmod") and head.head.ent_type_ in _PLACE_ENTS


def _is_list(token: Token) -> bool:
    """True for an apposition that continues a list: "X, Y and Z" parsed as "X, [Y and Z]"."""
    return any(c.dep_ == "conj" for c in children(token))


def names_a_place(span: Span, words: ActorWords) -> bool:
    """An unknown name used as a place: "in Sinjar", "the town of Tel Tamer", "Anbar province"."""
    if is_locative(span, words, words.state_locative):
        return True
    head = first_conjunct(span.root)
    if head.dep_ in ("dobj", "nsubjpass") and head.head.lemma_.lower() in words.territorial_verbs:
        return True
    places = words.place_nouns
    if head.dep_ == "pobj" and head.head.lower_ == "of" and head.head.head.lemma_.lower() in places:
        return True
    if head.dep_ == "appos" and head.head.lemma_.lower() in places:
        return True
    return (
        span.end < len(span.doc) and span.doc[span.end].lemma_.lower() in places and head.dep_ == "compound"
    )


#: Word forms grouped by their length in words, longest first: ``[(length, {form: kind})]``.
FormsByLength = list[tuple[int, dict[tuple[str, ...], str]]]


def by_length(forms: dict[tuple[str, ...], str]) -> FormsByLength:
    """Group forms by their number of words, longest first, so that a lookup reads the words
    after a name once per length (not once per form).

    Examples
    --------
    >>> by_length({("forces",): "military", ("air", "force"): "military"})
    [(2, {('air', 'force'): 'military'}), (1, {('forces',): 'military'})]
    """
    groups: dict[int, dict[tuple[str, ...], str]] = {}
    for form, kind in forms.items():
        groups.setdefault(len(form), {}).setdefault(form, kind)
    return sorted(groups.items(), key=lambda kv: -kv[0])


def state_body(span: Span, kind: str, suffixes: FormsByLength, prefixes: FormsByLength) -> tuple[Span, str]:
    """Widen a state's demonym or name to a generic form said of it: "Russian forces", "Iraq's army",
    "Government of Iraq"; return the span and its kind (``military``, ``government`` or unchanged)."""
    doc = span.doc
    end = span.end
    if kind == "name":
        if end < len(doc) and doc[end].lower_.replace("’", "'") == "'s":
            end += 1
        else:
            end = -1
    if end > 0:
        for length, forms in suffixes:
            if end + length <= len(doc):
                body = forms.get(tuple(t.lower_ for t in Span(doc, end, end + length)))
                if body is not None:
                    return Span(doc, span.start, end + length), body
    if kind == "name":
        for length, forms in prefixes:
            start = span.start - length
            if start >= 0:
                body = forms.get(tuple(t.lower_ for t in Span(doc, start, span.start)))
                if body is not None:
                    return Span(doc, start, span.end), body
    return span, kind


def backers(kept: list[Span], spans: list[Span], links: dict, backing: frozenset[str]) -> list[Span]:
    """States named inside a longer name as its backers: "Iranian-backed militias" is also Iran."""
    out = []
    for span in spans:
        actor, _via, kind = links[(span.start, span.end)]
        if actor.type != "State" or kind not in ("demonym", "name") or span in kept:
            continue
        doc = span.doc
        end = span.end
        backed = end + 1 < len(doc) and doc[end].text == "-" and doc[end + 1].lower_ in backing
        if backed and any(k.start <= span.start and span.end <= k.end for k in kept):
            out.append(span)
    return out


def _particles(words: list[str]) -> re.Pattern[str]:
    if not words:
        return re.compile(r"(?!)")  # matches nothing
    return re.compile(r"^(?:" + "|".join(re.escape(w) for w in words) + r")[-\s]", re.IGNORECASE)


# asked for every proper noun against every person named before it: the same pairs recur
@lru_cache(maxsize=1 << 16)
def same_person(surname: str, full_name: str, particles: re.Pattern[str]) -> bool:
    """True when a one-word name is the surname of a full name ("Abadi", "Haider al-Abadi").

    Examples
    --------
    >>> particles = ActorWords.from_data({"name_particles": ["al"]}, []).name_particles
    >>> same_person("Abadi", "Haider al-Abadi", particles), same_person("Abadi", "Abadi", particles)
    (True, False)
    """
    last = full_name.split()[-1] if full_name.split() else ""
    strip = lambda s: particles.sub("", s.casefold().replace("’", "'"))  # noqa: E731
    return len(full_name.split()) > 1 and strip(surname) == strip(last)


def strip_det(text: str) -> str:
    """The text without a leading article ("the Kremlin" -> "Kremlin")."""
    return re.sub(r"^(?:the|a|an)\s+", "", text.strip(), flags=re.IGNORECASE)


def trim_entity(ent: Span, titles: Titles) -> Span | None:
    """Drop a leading article, titles and a trailing possessive from an entity span."""
    words = titles.words
    start, end = ent.start, ent.end
    doc = ent.doc
    while start < end and (
        doc[start].lower_ in ("the", "a", "an")
        or doc[start].lower_.rstrip(".") in words
        and ent.label_ == "PERSON"
    ):
        start += 1
    for i in range(start, end):
        if doc[i].text in ("(", "["):  # "Zarqa Liberation Front (ZLF": the acronym is not the name
            end = i
            break
    while end > start and doc[end - 1].text in ("'s", "’s", "'", "’"):
        end -= 1
    return Span(doc, start, end) if end > start else None


def no_actor_name(span: Span, words: ActorWords) -> bool:
    """True for a name the tagger found that names a thing or a place, not an actor.

    Its head noun tells: "the Ishtar Gate", "the Geneva Communique", "Cessation of Hostilities"
    (things), "Anbar Province", "Nineveh Governorate" (places), and "Operation Inherent Resolve"
    or "Plan Colombia" (a thing's noun before its name).

    Examples
    --------
    >>> import spacy
    >>> nlp = spacy.blank("en")
    >>> words = ActorWords.from_data({"thing_heads": ["gate", "operation"]}, ["province"])
    >>> [no_actor_name(nlp(t)[:], words) for t in ("Ishtar Gate", "Anbar Province", "Zorgan Front")]
    [True, True, False]
    """
    last = span[-1].lower_
    if len(span) > 1 and (last in words.place_nouns or last in words.thing_heads):
        return True
    first = span[0].lower_
    return len(span) > 1 and first in words.thing_heads and span[1].text[:1].isupper()


def organisation_head(span: Span, words: ActorWords) -> str | None:
    """The actor type of a name the tagger read as a person but whose head noun is an
    organisation's: "Gulf Daily News" (Media), "Kenya Airways" (Organisation); else None."""
    last = span[-1].lower_
    if len(span) < 2:
        return None
    if last in words.media_heads:
        return "Media"
    return "Organisation" if last in words.organisation_heads else None


def trim_fragment(span: Span) -> Span | None:
    """Drop the function words a tagged name ends in: "Friends of Syria and" -> "Friends of Syria"."""
    end = span.end
    while end > span.start and span.doc[end - 1].tag_ in ("IN", "CC", "DT", "TO", ",", ":"):
        end -= 1
    return Span(span.doc, span.start, end) if end > span.start else None


def plausible_name(span: Span) -> bool:
    """Reject fragments NER tags as names: lower-case, too long, digits, punctuation-heavy."""
    text = span_text(span)
    if len(text) < 2 or len(text) > 80 or len(span) > 8:
        return False
    if not text[0].isupper() or any(ch.isdigit() for ch in text):
        return False
    if sum(not (ch.isalnum() or ch in " -.'’&") for ch in text) > 1:
        return False
    if "\n" in text:
        return False
    return normalize(text) not in ("photo", "illustrative")


def national_actor(state: Actor, generic: Actor, demonym: str) -> Actor:
    """The generic actor ``generic`` of one state: "Ukrainian protesters" are Ukraine's protesters.

    The actor keeps the generic's type and sector and takes the state's country; its id is the
    generic's id and the country code, so every text's "Ukrainian protesters" is one node.

    Examples
    --------
    >>> from graphkit.model import Actor
    >>> ukr = Actor("gk:UKR", "Ukraine", "State", country="UKR")
    >>> crowd = Actor("https://w3id.org/graphkit/actor/generic-protesters", "protesters", "Population")
    >>> a = national_actor(ukr, crowd, "Ukrainian")
    >>> a.label, a.country, a.type, a.id.rsplit("/", 1)[-1]
    ('Ukrainian protesters', 'UKR', 'Population', 'generic-protesters-ukr')
    """
    label = strip_det(generic.label)
    return Actor(
        id=f"{generic.id}-{state.country.lower()}" if state.country else generic.id,
        label=f"{demonym} {label}",
        type=generic.type,
        country=state.country,
        sector=generic.sector,
        cameo=f"{state.country}{generic.sector}" if state.country and generic.sector else None,
    )


def is_generic(actor: Actor) -> bool:
    """True for a generic collective actor of no state ("protesters", "students", "rebels")."""
    return actor.id.rsplit("/", 1)[-1].startswith("generic-") and actor.country is None


def national_generics(mentions: list[ActorMention]) -> list[ActorMention]:
    """Join a state's demonym and the generic actor it modifies: "Ukrainian protesters", "Iraqi
    civilians", "French paper workers" become one mention of that state's protesters (civilians,
    workers), not the state and a stateless crowd. ``mentions`` must be sorted by position."""
    out: list[ActorMention] = []
    i = 0
    while i < len(mentions):
        m = mentions[i]
        nxt = mentions[i + 1] if i + 1 < len(mentions) else None
        if (
            nxt is not None
            and m.kind == "demonym"
            and m.actor.type == "State"
            and is_generic(nxt.actor)
            and _modifies(m.span, nxt.span)
        ):
            span = Span(m.span.doc, m.span.start, nxt.span.end)
            actor = national_actor(m.actor, nxt.actor, span_text(m.span))
            out.append(ActorMention(span, actor, nxt.via, "name"))
            i += 2
            continue
        out.append(m)
        i += 1
    return out


def _modifies(modifier: Span, noun: Span) -> bool:
    """True when ``modifier`` sits in the noun phrase of ``noun``, before it, with only the noun's
    own modifiers between ("French paper workers": "paper" modifies "workers" too)."""
    if modifier.end > noun.start:
        return False
    between = Span(modifier.doc, modifier.end, noun.start)
    if not modifier.doc.has_annotation("DEP"):
        return not between  # no parse: side by side
    inside = range(noun.start, noun.end)
    return (
        modifier.root.head.i in inside
        and len(between) <= 2
        and all(t.head.i in inside and t.dep_ in ("amod", "compound", "nmod") for t in between)
    )


def military_units(doc: Doc, unit_nouns: frozenset[str], mentions: list[ActorMention]) -> list[ActorMention]:
    """Numbered military units and formations: "the 4th Armoured Division", "the Syrian Arab
    Army's 25th Division", "Brigade 93", "the Russian 58th Army".

    A unit's name is a unit noun (division, brigade...) written with a capital, with an ordinal
    or a number in the name; the state whose forces it belongs to is read from the mention just
    before it (a demonym, or a possessive name: "the Iraqi Army's 9th Division"). Each unit is a
    provisional ``Military`` actor of that state.
    """
    out: list[ActorMention] = []
    if not unit_nouns:
        return out
    by_end = {m.span.end: m for m in mentions}
    for i in word_set_filter(unit_nouns).positions(doc):  # the unit nouns' tokens: most docs have none
        token = doc[i]
        if not token.text[:1].isupper():
            continue
        start = token.i
        numbered = False
        while start > 0:
            prev = doc[start - 1]
            ordinal = prev.like_num or prev.ent_type_ == "ORDINAL" or bool(_ORDINAL.fullmatch(prev.lower_))
            if ordinal:
                numbered = True
                start -= 1
                break  # "58th Army": the ordinal opens the name
            if not (prev.text[:1].isupper() and prev.pos_ in ("PROPN", "ADJ", "NOUN")):
                break
            start -= 1  # "Armoured", "Special Mission Forces": words of the name
        end = token.i + 1
        if end < len(doc) and doc[end].like_num and doc[end].text.isdigit():
            end += 1  # "Brigade 93"
            numbered = True
        if not numbered:
            continue
        span = Span(doc, start, end)
        owner = by_end.get(start)
        if owner is None and start > 0 and doc[start - 1].lower_.replace("’", "'") == "'s":
            owner = by_end.get(start - 1)
        country = owner.actor.country if owner is not None else None
        actor = Actor.provisional_actor(span.text + (f" {country}" if country else ""), "Military", country)
        actor = Actor(**{**actor.__dict__, "label": span.text, "sector": "MIL"})
        out.append(ActorMention(span, actor, "unit", "name"))
    return out
