"""The ``graphkit_actors`` component: finds actor mentions and links each to one actor.

Sources, in order of trust: gazetteer names (PhraseMatcher), acronyms introduced in the text
("the Islamic State (IS)"), then spaCy's named entities, linked to the gazetteer or made
provisional actors. Then titles: "Minister for the Middle East, Tobias Ellwood" and a later "the
Minister" name the same person; "Iraq's national security adviser", named nowhere, is an office
holder tied to Iraq. Noise (photo credits, bylines, web addresses, transcript labels) is no actor;
a state named as a place ("in Syria") is a place, not an actor.
Results go to ``doc._.actor_mentions``, a list of :class:`ActorMention` sorted by position.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from graphkit.extraction import collaborators  # noqa: F401  (registers graphkit.gazetteer.v1)
from graphkit.extraction.mentions import ActorMention, index_by_token
from graphkit.gazetteer import NAME_KINDS, ActorGazetteer, Name, is_acronym, normalize
from graphkit.model import Actor
from graphkit.resources import data_path

__all__ = [
    "ActorLinker",
    "ActorMention",
    "ActorWords",
    "Noise",
    "Titles",
    "default_titles",
    "make_actor_linker",
    "noise_ranges",
    "read_actor_data",
]

_PLACE_ENTS = {"GPE", "LOC", "FAC"}
_NER_ACTOR_LABELS = {"PERSON", "ORG", "GPE", "NORP", "FAC"}
# Name prefixes that do not tell persons apart ("Haider al-Abadi" is "Abadi")
_NAME_PARTICLES = re.compile(r"^(?:al|el|al|bin|ibn|abu|de|van|von)[-\s]", re.IGNORECASE)
#: The file of a saved component's word lists (its gazetteer is saved in ``gazetteer/``).
_DATA_FILE = "actors.json"


@dataclass(frozen=True)
class Titles:
    """Title words (``coref.yaml``): what makes "the Foreign Secretary" a person."""

    heads: frozenset[str]
    modifiers: frozenset[str]

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Titles:
        """Return the titles of ``coref.yaml``'s ``titles`` mapping (``heads``, ``modifiers``)."""
        return cls(
            frozenset(w.lower() for w in data.get("heads", [])),
            frozenset(w.lower() for w in data.get("modifiers", [])),
        )


@dataclass(frozen=True)
class Noise:
    """What is no news text (``noise.yaml``): credit and byline patterns, and texts that are no actor."""

    patterns: tuple[re.Pattern[str], ...]
    not_actors: frozenset[str]

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

    return {
        "titles": read("coref.yaml").get("titles") or {},
        "noise": read("noise.yaml"),
        "words": read("actors_words.yaml"),
    }


@lru_cache(maxsize=1)
def _default_noise() -> Noise:
    return Noise.from_data(read_actor_data()["noise"])


def _names_a_place(span: Span, words: ActorWords) -> bool:
    """An unknown name used as a place: "in Sinjar", "the town of Tel Tamer", "Anbar province"."""
    if _is_locative(span, words, words.state_locative):
        return True
    head = _first_conjunct(span.root)
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


@lru_cache(maxsize=1)
def default_titles() -> Titles:
    """Return the title words of the package's ``coref.yaml``.

    Examples
    --------
    >>> "secretary" in default_titles().heads
    True
    """
    return Titles.from_data(read_actor_data()["titles"])


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
    patterns = (noise if noise is not None else _default_noise()).patterns
    out: list[tuple[int, int]] = []
    offset = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        starts = [m.start() for p in patterns for m in p.finditer(body)]
        if starts:
            out.append((offset + min(starts), offset + len(body)))
        offset += len(line)
    return out


def _in_ranges(span: Span, ranges: list[tuple[int, int]]) -> bool:
    return any(s < span.end_char and span.start_char < e for s, e in ranges)


def _case_ok(span: Span, name: Name) -> bool:
    """Case rules: acronyms match exactly; capitalised names need a capital letter in the text.

    Names written in lower case ("civilians", "aid workers") match in any case.
    """
    text = span.text
    if not any(ch.isupper() for ch in name.text):
        return True
    if name.case_sensitive:
        return text.replace(".", "") == name.text.replace(".", "")
    if len(name.text) <= 3 and name.text.isupper():  # short names from case-less dictionaries
        return text.isupper()
    return any(ch.isupper() for ch in text)


def _first_conjunct(token: Token) -> Token:
    while token.dep_ == "conj" and token.head.i != token.i:
        token = token.head
    return token


def _is_locative(span: Span, words: ActorWords, preps: frozenset[str]) -> bool:
    """A name used as a place: object of a locative preposition or of "visit", or modifying a place."""
    head = _first_conjunct(span.root)
    if head.dep_ == "pobj" and head.head.lower_ in preps:
        return True
    if head.dep_ == "dobj" and head.head.lemma_.lower() in words.motion_verbs:
        return True
    if head.dep_ == "appos" and head.head.ent_type_ in _PLACE_ENTS:  # "Anbar, Iraq"
        return True
    return head.dep_ in ("compound", "npadvmod") and head.head.ent_type_ in _PLACE_ENTS


def _same_person(surname: str, full_name: str) -> bool:
    """True when a one-word name is the surname of a full name ("Abadi", "Haider al-Abadi")."""
    last = full_name.split()[-1] if full_name.split() else ""
    strip = lambda s: _NAME_PARTICLES.sub("", s.casefold().replace("’", "'"))  # noqa: E731
    return len(full_name.split()) > 1 and strip(surname) == strip(last)


class ActorLinker:
    """Finds and links actor mentions (the ``graphkit_actors`` pipeline component).

    Nothing is read when it is made: :meth:`initialize` loads the gazetteer (from the loader the
    config names) and the word lists (from the package data), :meth:`from_disk` loads both from a
    saved pipeline.
    """

    def __init__(
        self,
        nlp: Language,
        name: str,
        gazetteer: Callable[[], ActorGazetteer] | None = None,
        provisional: bool = True,
    ):
        # the vocabulary and tokenizer the name patterns are made with (not the whole pipeline)
        self.vocab = nlp.vocab
        self.tokenizer = nlp.tokenizer
        self.name = name
        self.provisional = provisional
        self._load_gazetteer = gazetteer
        self.gazetteer: ActorGazetteer | None = None
        self.data: dict[str, Any] = {}
        self.matcher: PhraseMatcher | None = None
        self._names: dict[str, list[Name]] = {}
        for ext in ("actor_mentions", "actor_affiliations"):
            if not Doc.has_extension(ext):
                Doc.set_extension(ext, default=None)

    # -- data -----------------------------------------------------------------------------
    def initialize(
        self,
        get_examples: Callable[[], Any] | None = None,
        *,
        nlp: Language | None = None,
        gazetteer: ActorGazetteer | None = None,
        data: dict[str, Any] | None = None,
    ) -> None:
        """Load the gazetteer (default: from the config's loader) and the word lists (default: the
        package's ``coref.yaml`` titles, ``noise.yaml`` and ``actors_words.yaml``)."""
        if gazetteer is None:
            if self._load_gazetteer is None:
                raise ValueError(f"{self.name}: no gazetteer given and no gazetteer loader configured")
            gazetteer = self._load_gazetteer()
        self._set(gazetteer, data if data is not None else read_actor_data())

    def to_disk(self, path: str | Path, *, exclude: Any = ()) -> None:
        """Save the gazetteer and the word lists to the folder ``path``."""
        folder = Path(path)
        folder.mkdir(parents=True, exist_ok=True)
        self._ready().to_disk(folder / "gazetteer")
        text = json.dumps(self.data, ensure_ascii=False, indent=1)
        (folder / _DATA_FILE).write_text(text, encoding="utf-8")

    def from_disk(self, path: str | Path, *, exclude: Any = ()) -> ActorLinker:
        """Load what :meth:`to_disk` saved in the folder ``path``."""
        folder = Path(path)
        data = json.loads((folder / _DATA_FILE).read_text(encoding="utf-8"))
        self._set(ActorGazetteer.from_disk(folder / "gazetteer"), data)
        return self

    def _set(self, gazetteer: ActorGazetteer, data: dict[str, Any]) -> None:
        self.gazetteer = gazetteer
        self.data = data
        self.titles = Titles.from_data(data["titles"])
        self.noise = Noise.from_data(data["noise"])
        self.words = ActorWords.from_data(data["words"], data["noise"].get("place_nouns", []))
        # the generic forms said of a state, longest first (stable: the file's order breaks ties)
        self._body_suffixes = sorted(gazetteer.body_suffixes.items(), key=lambda kv: -len(kv[0]))
        self._body_prefixes = sorted(gazetteer.body_prefixes.items(), key=lambda kv: -len(kv[0]))
        self._names = {}
        self.matcher = PhraseMatcher(self.vocab, attr="LOWER")
        by_text: dict[str, list[Name]] = {}
        for n in gazetteer.iter_names():
            for variant in _apostrophe_variants(n.text):
                by_text.setdefault(variant, []).append(n)
        # One matcher key for all names; a match is looked up by its lower-cased tokens. The
        # PhraseMatcher's work per token does not grow with the number of names.
        texts = sorted(by_text)
        patterns = list(self.tokenizer.pipe(texts))
        for text, pattern in zip(texts, patterns, strict=True):
            self._names.setdefault(_token_key(pattern), []).extend(by_text[text])
        self.matcher.add("gk", patterns)

    def _ready(self) -> ActorGazetteer:
        if self.gazetteer is None:
            raise ValueError(
                f"{self.name} is not initialized: call its initialize() (graphkit.extraction."
                "add_components does) or load a saved pipeline"
            )
        return self.gazetteer

    # -- the component --------------------------------------------------------------------
    def __call__(self, doc: Doc) -> Doc:
        if self.matcher is None:
            self._ready()
        words = self.words
        noise = noise_ranges(doc.text, self.noise)
        not_actors = self.noise.not_actors
        spans: list[Span] = []
        links: dict[tuple[int, int], tuple[Actor, str, str]] = {}
        for _match_id, start, end in self.matcher(doc):
            span = doc[start:end]
            names = [n for n in self._names.get(_token_key(span), ()) if _case_ok(span, n)]
            if not names or _inside_number_entity(span) or self._titled_name(span, names):
                continue
            best = min(names, key=lambda n: NAME_KINDS.index(n.kind))  # stable: first added wins ties
            actor = self.gazetteer.actors[best.actor]
            kind = best.kind
            last = span[-1]
            if kind == "plural" and last.dep_ in ("amod", "compound") and last.head.i >= span.end:
                # "the Lebanese group": a demonym modifying a noun, not "the Lebanese" (the people)
                span, kind = doc[span.end - 1 : span.end], "demonym"
            if actor.type == "State" and kind in ("name", "demonym"):
                span, kind = _state_body(span, kind, self._body_suffixes, self._body_prefixes)
            if kind in ("capital", "seat") and _is_locative(span, words, words.locative):
                continue
            if kind == "name" and actor.type == "State" and _is_locative(span, words, words.state_locative):
                continue
            spans.append(span)
            links[(span.start, span.end)] = (actor, "gazetteer", kind)
        taken = {i for s in spans for i in range(s.start, s.end)}
        persons: list[Actor] = [a for a, _, _ in links.values() if a.type == "Person"]
        for ent in doc.ents:
            if ent.label_ not in _NER_ACTOR_LABELS:
                continue
            inside = [s for s in spans if s.start < ent.end and ent.start < s.end]
            if inside and not self._wider_organisation(ent, inside):
                continue
            linked = self._link_entity(ent, persons, inside)
            if linked is None:
                continue
            span, actor, via, kind = linked
            if any(i in taken for i in range(span.start, span.end)) and not inside:
                continue
            spans.append(span)
            links[(span.start, span.end)] = (actor, via, kind)
            if actor.type == "Person":
                persons.append(actor)
        spans += self._surnames(doc, spans, links, persons)
        # acronyms the text introduces, after names from the gazetteer or the tagger
        for span, actor in self._acronyms(doc, links):
            spans = [s for s in spans if not (s.start == span.start and s.end == span.end)]
            spans.append(span)
            links[(span.start, span.end)] = (actor, "acronym", "name")
        found: list[ActorMention] = []
        kept = filter_spans(spans)
        kept += _backers(kept, spans, links, words.backing)
        for span in kept:
            actor, via, kind = links[(span.start, span.end)]
            if _in_ranges(span, noise) or span.text.lower() in not_actors:
                continue
            found.append(ActorMention(span, actor, via, kind))
        found, affiliations = self._affiliate(doc, found)
        found.extend(self._title_mentions(doc, found, affiliations, noise))
        found.sort(key=lambda m: (m.span.start, m.span.end))
        doc._.actor_mentions = found
        doc._.actor_affiliations = affiliations
        return doc

    # -- helpers --------------------------------------------------------------------------
    def _acronyms(self, doc: Doc, links: dict) -> list[tuple[Span, Actor]]:
        """Acronyms introduced in parentheses after a name: "the Islamic State (IS)", "... (CoI)".

        Every later use of the acronym is that actor, unless the gazetteer knows the acronym as
        another actor's name already.
        """
        out: list[tuple[Span, Actor]] = []
        defined: dict[str, Actor] = {}
        for (_start, end), (actor, _via, _kind) in sorted(links.items()):
            if end + 2 < len(doc) and doc[end].text == "(" and doc[end + 2].text == ")":
                acronym = doc[end + 1].text
                if _looks_like_acronym(acronym) and acronym not in defined:
                    defined[acronym] = actor
        if not defined:
            return out
        for token in doc:
            actor = defined.get(token.text)
            if actor is None:
                continue
            known = links.get((token.i, token.i + 1))
            if known is not None and not known[0].provisional and known[0].id != actor.id:
                continue
            out.append((doc[token.i : token.i + 1], actor))
        return out

    def _titled_name(self, span: Span, names: list[Name]) -> bool:
        """ "State Department spokesman Matthew Miller": a person's name written with a title.

        The name alone is matched too; leaving the title out of the mention keeps the title and
        the body it names ("State Department") for affiliations and title relations.
        """
        for n in names:
            actor = self.gazetteer.actors[n.actor]
            if actor.type != "Person" or n.kind != "name" or len(span) < 2:
                continue
            label = normalize(actor.label)
            if any(normalize(span[k:].text) == label for k in range(1, len(span))):
                return True
        return False

    def _surnames(self, doc: Doc, spans: list[Span], links: dict, persons: list[Actor]) -> list[Span]:
        """A surname alone after the full name, wherever the tagger put it ("Later, Exampleton resigned")."""
        if not persons:
            return []
        taken = {i for s in spans for i in range(s.start, s.end)}
        first_seen = {}
        for s in spans:
            actor = links[(s.start, s.end)][0]
            if actor.type == "Person" and len(actor.label.split()) > 1:
                first_seen.setdefault(actor.id, s.start)
        out = []
        for token in doc:
            if (
                token.i in taken
                or token.pos_ != "PROPN"
                or not token.text[:1].isupper()
                or len(token.text) < 3
            ):
                continue
            if token.i + 1 < len(doc) and doc[token.i + 1].pos_ == "PROPN":
                continue  # part of a longer name
            for known in reversed(persons):
                if first_seen.get(known.id, len(doc)) < token.i and _same_person(token.text, known.label):
                    span = doc[token.i : token.i + 1]
                    out.append(span)
                    links[(span.start, span.end)] = (known, "surname", "name")
                    break
        return out

    def _wider_organisation(self, ent: Span, inside: list[Span]) -> bool:
        """True for an unknown organisation whose name contains known ones ("Syrian National Coalition").

        The entity must be an ORG whose head word no gazetteer name covers: "the UN Security
        Council" is covered whole and stays the gazetteer's; "Iraqi forces" is a derived name.
        """
        if ent.label_ != "ORG" or self.gazetteer.lookup(_strip_det(ent.text)) is not None:
            return False
        root = ent.root
        if any(s.start <= root.i < s.end for s in inside):
            return False
        return all(ent.start <= s.start and s.end <= ent.end for s in inside) and root.pos_ == "PROPN"

    def _link_entity(
        self, ent: Span, persons: list[Actor], inside: list[Span]
    ) -> tuple[Span, Actor, str, str] | None:
        """Link one NER entity to a gazetteer actor, or make it a provisional actor."""
        span = _trim(ent, self.titles)
        if span is None:
            return None
        found = self.gazetteer.resolve(span.text)
        if found is not None:
            actor, kind = found
            w = self.words
            if actor.type == "State" and ent.label_ == "GPE" and _is_locative(span, w, w.state_locative):
                return None
            return span, actor, "ner", kind
        if ent.label_ == "PERSON":
            if len(span) == 1:
                # a surname alone refers back to the full name met earlier ("Kirby" -> "John Kirby")
                for known in reversed(persons):
                    if _same_person(span.text, known.label):
                        return span, known, "surname", "name"
            if not self.provisional or not _plausible_name(span) or _names_a_place(span, self.words):
                return None
            return span, Actor.provisional_actor(span.text, "Person"), "ner", "name"
        if ent.label_ == "ORG" and self.provisional and _plausible_name(span):
            if not inside and len(span) <= 2 and _names_a_place(span, self.words):
                return None  # "in Sinjar": a place the tagger took for an organisation
            country = next((self._country(s) for s in inside if self._country(s)), None)
            return span, Actor.provisional_actor(span.text, "Organisation", country), "ner", "name"
        # unknown places (GPE, FAC) and groups (NORP) are not actors
        return None

    def _country(self, span: Span) -> str | None:
        actor = self.gazetteer.lookup(span.text)
        return actor.country if actor is not None else None

    def _affiliate(self, doc: Doc, found: list[ActorMention]) -> tuple[list[ActorMention], dict[str, Actor]]:
        """Tie persons to the state or body their title names: "US spokesman John Kirby" -> the US.

        A provisional person takes the country of that affiliation. Returns the mentions (with the
        persons updated) and ``{person IRI: affiliated actor}``.
        """
        by_token = index_by_token(found, keep="last")
        affiliations: dict[str, Actor] = {}
        out: list[ActorMention] = []
        for m in found:
            if m.actor.type != "Person" or m.kind != "name":
                out.append(m)
                continue
            org = self._affiliation_of(m, by_token)
            actor = m.actor
            if org is not None:
                affiliations.setdefault(actor.id, org)
                if actor.provisional and not actor.country and org.country:
                    actor = Actor(**{**actor.__dict__, "country": org.country})
            out.append(m if actor is m.actor else ActorMention(m.span, actor, m.via, m.kind))
        # every mention of a person carries the country that one titled mention gave it
        with_country = {m.actor.id: m.actor for m in out if m.actor.type == "Person" and m.actor.country}
        out = [
            ActorMention(m.span, with_country[m.actor.id], m.via, m.kind)
            if m.actor.id in with_country and with_country[m.actor.id] is not m.actor
            else m
            for m in out
        ]
        return out, affiliations

    def _affiliation_of(self, m: ActorMention, by_token: dict[int, ActorMention]) -> Actor | None:
        """The state or body named in the person's title: compounds before the name or an apposition."""
        doc = m.span.doc
        candidates: list[Token] = []
        i = m.span.start - 1
        while i >= 0 and (
            doc[i].dep_ in ("compound", "amod", "nmod", "poss", "case") or doc[i].tag_ == "POS"
        ):
            candidates.append(doc[i])
            i -= 1
        root = m.span.root
        for child in root.children:
            if child.dep_ == "appos" and child.lemma_.lower() in self.titles.heads:
                candidates.extend(child.subtree)
        if root.dep_ == "appos" and root.head.lemma_.lower() in self.titles.heads:
            candidates.extend(root.head.subtree)
        for token in candidates:
            other = by_token.get(token.i)
            if other is not None and other.actor.type != "Person" and other.actor.id != m.actor.id:
                return other.actor
        return None

    def _title_mentions(
        self,
        doc: Doc,
        found: list[ActorMention],
        affiliations: dict[str, Actor],
        noise: list[tuple[int, int]],
    ) -> list[ActorMention]:
        """Office titles that name a person: "the Foreign Secretary", "Iraq's national security adviser".

        A title apposed to a name is that person; a title met elsewhere is the person the text
        gave the same title, else an office holder (a provisional person) labelled by the title
        and tied to the state or body it names.
        """
        titles = self.titles
        by_token = index_by_token(found, keep="last")
        persons = [m for m in found if m.actor.type == "Person" and m.kind == "name"]
        titled: dict[
            str, Actor
        ] = {}  # title head + modifiers -> person, from "Foreign Secretary Philip Hammond"
        out: list[ActorMention] = []
        for m in persons:
            words = [t.lemma_.lower() for t in _title_tokens(m, titles)]
            if any(w in titles.heads for w in words):
                titled.setdefault(
                    " ".join(w for w in words if w in titles.heads or w in titles.modifiers), m.actor
                )
        for token in doc:
            if (
                token.i in by_token
                or token.lemma_.lower() not in titles.heads
                or token.pos_ not in ("NOUN", "PROPN")
            ):
                continue
            if token.tag_ in ("NNS", "NNPS") or token.dep_ == "compound" and token.head.i in by_token:
                continue  # plural, or the title of a name that follows ("Foreign Secretary Philip Hammond")
            span = _title_span(token, titles, by_token)
            if span is None or _in_ranges(span, noise):
                continue
            words = [t.lemma_.lower() for t in span if t.lemma_.lower() in titles.heads | titles.modifiers]
            affiliation = next(
                (
                    by_token[t.i].actor
                    for t in token.subtree
                    if t.i in by_token and by_token[t.i].actor.type != "Person"
                ),
                None,
            )
            apposed = _apposed_person(token, by_token)
            if apposed is not None:
                out.append(ActorMention(span, apposed.actor, "title", "title"))
                continue
            key = " ".join(words)
            person = titled.get(key) or next(
                (a for k, a in titled.items() if k.endswith(key) or key.endswith(k)), None
            )
            if person is not None and (
                affiliation is None
                or affiliations.get(person.id) in (None, affiliation)
                or person.country == affiliation.country
            ):
                out.append(ActorMention(span, person, "title", "title"))
                continue
            capitalised = token.text[:1].isupper()
            dets = {c.lower_ for c in token.children if c.dep_ in ("det", "nummod", "quantmod")}
            if (
                dets & {"one", "another", "some", "any", "each", "every", "no"}
                or dets & {"a", "an"}
                and not capitalised
            ):
                continue  # "one Hezbollah commander", "an Iraqi minister": some holder, not the office
            if not self.provisional or not (capitalised or affiliation is not None):
                continue
            label = (
                " ".join([affiliation.label] if affiliation is not None else [])
                + " "
                + " ".join(
                    t.text
                    for t in span
                    if t.lemma_.lower() in titles.heads | titles.modifiers
                    or t.pos_ == "PROPN"
                    and t.i not in by_token
                )
            )
            label = re.sub(r"\s+", " ", label).strip()
            if not label:
                continue
            office = Actor.provisional_actor(
                _title_case(label), "Person", affiliation.country if affiliation is not None else None
            )
            out.append(ActorMention(span, office, "title", "title"))
            if affiliation is not None:
                affiliations.setdefault(office.id, affiliation)
        return out


def _backers(kept: list[Span], spans: list[Span], links: dict, backing: frozenset[str]) -> list[Span]:
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


def _looks_like_acronym(text: str) -> bool:
    """ "IS", "ISIL", "CoI", "U.N.": short, no spaces, at least two capitals and no lower-case start."""
    letters = re.sub(r"[^A-Za-z]", "", text)
    return is_acronym(text) or (
        0 < len(letters) <= 6
        and " " not in text
        and text[:1].isupper()
        and sum(c.isupper() for c in letters) >= 2
    )


def _token_key(tokens) -> str:
    """The lookup key of a matched span or a name pattern: its lower-cased tokens."""
    return " ".join(t.lower_.replace("’", "'") for t in tokens)


_NUMBER_ENTS = {"DATE", "TIME", "CARDINAL", "MONEY", "PERCENT", "QUANTITY", "ORDINAL"}


def _inside_number_entity(span: Span) -> bool:
    """ "November 17" in a date is no armed group: a name wholly inside a date or number entity."""
    return all(t.ent_type_ in _NUMBER_ENTS for t in span)


def _state_body(
    span: Span,
    kind: str,
    suffixes: list[tuple[tuple[str, ...], str]],
    prefixes: list[tuple[tuple[str, ...], str]],
) -> tuple[Span, str]:
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
        for form, body in suffixes:
            if tuple(t.lower_ for t in doc[end : end + len(form)]) == form:
                return doc[span.start : end + len(form)], body
    if kind == "name":
        for form, body in prefixes:
            start = span.start - len(form)
            if start >= 0 and tuple(t.lower_ for t in doc[start : span.start]) == form:
                return doc[start : span.end], body
    return span, kind


def _apostrophe_variants(text: str) -> list[str]:
    """A name as written with straight and with curly apostrophes ("Da'esh", "Da’esh")."""
    if "'" in text or "’" in text:
        return list(dict.fromkeys([text, text.replace("’", "'"), text.replace("'", "’")]))
    return [text]


def _strip_det(text: str) -> str:
    return re.sub(r"^(?:the|a|an)\s+", "", text.strip(), flags=re.IGNORECASE)


def _title_case(label: str) -> str:
    return " ".join(w if any(c.isupper() for c in w) else w.capitalize() for w in label.split())


def _title_tokens(m: ActorMention, titles: Titles) -> list[Token]:
    """Title words written with a person's name: before it, in the name ("Foreign Secretary Philip
    Hammond" as a gazetteer alias), or in an apposition."""
    doc = m.span.doc
    out: list[Token] = [t for t in m.span if t.lemma_.lower() in titles.heads | titles.modifiers]
    i = m.span.start - 1
    while i >= 0 and doc[i].dep_ in ("compound", "amod", "nmod") and doc[i].head.i >= doc[i].i:
        out.append(doc[i])
        i -= 1
    for child in m.span.root.children:
        if child.dep_ == "appos" and child.lemma_.lower() in titles.heads:
            out.extend(t for t in child.subtree if t.i > m.span.end)
    return sorted(out, key=lambda t: t.i)


def _title_span(token: Token, titles: Titles, by_token: dict[int, ActorMention]) -> Span | None:
    """The words of the title headed by ``token``: modifiers, "for the Middle East", "of State"."""
    doc = token.doc
    start = token.i
    while start > 0:
        prev = doc[start - 1]
        if prev.head.i in range(start - 1, token.i + 1) and prev.dep_ in (
            "compound",
            "amod",
            "nmod",
            "poss",
            "case",
            "det",
        ):
            start -= 1
            continue
        if prev.tag_ == "POS" or prev.i in by_token and prev.dep_ in ("compound", "poss", "amod", "nmod"):
            start -= 1
            continue
        break
    end = token.i + 1
    for child in token.rights:
        if child.dep_ == "prep" and child.lower_ in ("for", "of", "to") and child.i == end:
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects and not any(
                t.i in by_token and by_token[t.i].actor.type == "Person" for t in child.subtree
            ):
                end = max(t.i for t in child.subtree) + 1
    while start < end and doc[start].dep_ == "det" and doc[start].lower_ in ("the", "a", "an"):
        start += 1
    while start < end and (doc[start].is_punct or doc[start].tag_ == "POS"):
        start += 1
    return doc[start:end] if end > start else None


def _apposed_person(token: Token, by_token: dict[int, ActorMention]) -> ActorMention | None:
    """The person a title stands in apposition to: "Minister for the Middle East, Tobias Ellwood"."""
    doc = token.doc
    for other in (token.head, *token.children):
        m = by_token.get(other.i)
        if m is not None and m.actor.type == "Person" and (token.dep_ == "appos" or other.dep_ == "appos"):
            return m
    # "Minister for the Middle East, Tobias Ellwood said": the title ends where the name begins
    end = max(t.i for t in token.subtree) + 1
    if end + 1 < len(doc) and doc[end].text == ",":
        m = by_token.get(end + 1)
        if m is not None and m.actor.type == "Person" and m.span.start == end + 1:
            return m
    return None


def _trim(ent: Span, titles: Titles) -> Span | None:
    """Drop a leading article, titles and a trailing possessive from an entity span."""
    words = titles.heads | titles.modifiers
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
    return doc[start:end] if end > start else None


def _plausible_name(span: Span) -> bool:
    """Reject fragments NER tags as names: lower-case, too long, digits, punctuation-heavy."""
    text = span.text
    if len(text) < 2 or len(text) > 80 or len(span) > 8:
        return False
    if not text[0].isupper() or any(ch.isdigit() for ch in text):
        return False
    if sum(not (ch.isalnum() or ch in " -.'’&") for ch in text) > 1:
        return False
    if "\n" in text:
        return False
    return normalize(text) not in ("photo", "illustrative")


@Language.factory(
    "graphkit_actors",
    assigns=["doc._.actor_mentions", "doc._.actor_affiliations"],
    # the tags, lemmas and parse tell places from actors, titles from names; NER finds unknown names
    requires=["doc.ents", "token.dep", "token.head", "token.lemma", "token.tag", "token.ent_type"],
    default_config={
        "provisional": True,
        "gazetteer": {"@misc": "graphkit.gazetteer.v1", "extra_actors": []},
    },
)
def make_actor_linker(
    nlp: Language, name: str, provisional: bool, gazetteer: Callable[[], ActorGazetteer]
) -> ActorLinker:
    """Create the actor linker; ``gazetteer`` loads the actors (called by ``initialize``).

    Examples
    --------
    >>> import spacy
    >>> from graphkit.gazetteer import ActorGazetteer
    >>> nlp = spacy.blank("en")
    >>> linker = nlp.add_pipe("graphkit_actors")
    >>> gaz = ActorGazetteer()
    >>> _ = gaz.add(Actor("gk:hez", "Hezbollah", "ArmedGroup"))
    >>> linker.initialize(nlp=nlp, gazetteer=gaz)
    >>> [m.actor.label for m in nlp("Hezbollah fired rockets.")._.actor_mentions]
    ['Hezbollah']
    """
    return ActorLinker(nlp, name, gazetteer=gazetteer, provisional=provisional)
