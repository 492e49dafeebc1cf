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
from collections.abc import Callable
from pathlib import Path
from typing import Any

from spacy.attrs import ORTH, POS
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.strings import get_string_id
from spacy.symbols import PROPN
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from graphkit.extraction import collaborators  # noqa: F401  (registers graphkit.gazetteer.v1)
from graphkit.extraction.mentions import ActorMention
from graphkit.extraction.names import (
    ActorWords,
    Noise,
    apostrophe_variants,
    backers,
    by_length,
    case_ok,
    in_ranges,
    inside_number_entity,
    is_locative,
    looks_like_acronym,
    military_units,
    names_a_place,
    national_generics,
    no_actor_name,
    noise_ranges,
    organisation_head,
    plausible_name,
    read_actor_data,
    same_person,
    state_body,
    strip_det,
    token_key,
    trim_entity,
    trim_fragment,
)
from graphkit.extraction.reading import reading
from graphkit.extraction.texts import doc_text, span_text
from graphkit.extraction.titles import Titles, affiliate, default_titles, title_mentions
from graphkit.gazetteer import NAME_KINDS, ActorGazetteer, Name, normalize
from graphkit.model import Actor

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

_NER_ACTOR_LABELS = {"PERSON", "ORG", "GPE", "NORP", "FAC"}
#: The file of a saved component's word lists (its gazetteer is saved in ``gazetteer/``).
_DATA_FILE = "actors.json"


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
        self._body_suffixes = by_length(gazetteer.body_suffixes)
        self._body_prefixes = by_length(gazetteer.body_prefixes)
        self._names = {}
        self.matcher = PhraseMatcher(self.vocab, attr="LOWER")
        by_text: dict[str, list[Name]] = {}
        for n in gazetteer.iter_names():
            for variant in apostrophe_variants(n.text):
                by_text.setdefault(variant, []).append(n)
        # One matcher key for all names; a match is looked up by its lower-cased tokens. The
        # PhraseMatcher's work per token does not grow with the number of names.
        texts = sorted(by_text)
        patterns = list(self.tokenizer.pipe(texts))
        for text, pattern in zip(texts, patterns, strict=True):
            self._names.setdefault(token_key(pattern), []).extend(by_text[text])
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
        with reading(doc):  # each token's children read once during the call
            return self._annotate(doc)

    def _annotate(self, doc: Doc) -> Doc:
        if self.matcher is None:
            self._ready()
        words = self.words
        text = doc_text(doc)  # spaCy joins every token's text at each call: once per doc
        noise = noise_ranges(text, self.noise)
        not_actors = self.noise.not_actors
        spans: list[Span] = []
        links: dict[tuple[int, int], tuple[Actor, str, str]] = {}
        for _match_id, start, end in self.matcher(doc):
            span = Span(doc, start, end)  # doc[a:b] would normalise the slice in Python first
            candidates = self._names.get(token_key(span), ())
            written = span_text(span) if candidates else ""  # read once, not once per name
            names = [n for n in candidates if case_ok(span, n, written)]
            if not names or inside_number_entity(span) or self._titled_name(span, names):
                continue
            # stable: the first added wins ties; most keys have one name
            best = names[0] if len(names) == 1 else min(names, key=lambda n: NAME_KINDS.index(n.kind))
            actor = self.gazetteer.actors[best.actor]
            kind = best.kind
            last = span[-1]
            if kind == "plural" and last.dep_ in ("amod", "compound") and last.head.i >= span.end:
                # "the Lebanese group": a demonym modifying a noun, not "the Lebanese" (the people)
                span, kind = Span(doc, span.end - 1, span.end), "demonym"
            if actor.type == "State" and kind in ("name", "demonym"):
                span, kind = state_body(span, kind, self._body_suffixes, self._body_prefixes)
            if kind in ("capital", "seat") and is_locative(span, words, words.locative):
                continue
            if kind == "name" and actor.type == "State" and is_locative(span, words, words.state_locative):
                continue
            spans.append(span)
            links[(span.start, span.end)] = (actor, "gazetteer", kind)
        taken = {i for s in spans for i in range(s.start, s.end)}
        persons: list[Actor] = [a for a, _, _ in links.values() if a.type == "Person"]
        # token -> the positions in ``spans`` of the spans covering it: an entity's overlapping
        # spans are read from its own few tokens, not by a scan of every span per entity
        covering: dict[int, list[int]] = {}
        for k, s in enumerate(spans):
            for i in range(s.start, s.end):
                covering.setdefault(i, []).append(k)
        for ent in doc.ents:
            if ent.label_ not in _NER_ACTOR_LABELS:
                continue
            hits = [k for i in range(ent.start, ent.end) for k in covering.get(i, ())]
            inside = [spans[k] for k in sorted(set(hits))] if hits else []
            if inside and not self._wider_organisation(ent, inside):
                continue
            linked = self._link_entity(ent, persons, inside)
            if linked is None:
                continue
            span, actor, via, kind = linked
            if any(i in taken for i in range(span.start, span.end)) and not inside:
                continue
            for i in range(span.start, span.end):
                covering.setdefault(i, []).append(len(spans))
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
        kept += backers(kept, spans, links, words.backing)
        for span in kept:
            actor, via, kind = links[(span.start, span.end)]
            if in_ranges(span, noise) or span_text(span).lower() in not_actors:
                continue
            found.append(ActorMention(span, actor, via, kind))
        found.sort(key=lambda m: (m.span.start, m.span.end))
        found = self._with_units(doc, found)
        found = national_generics(found)
        found, affiliations = affiliate(found, self.titles)
        found.extend(title_mentions(doc, found, affiliations, noise, self.titles, self.provisional))
        found.sort(key=lambda m: (m.span.start, m.span.end))
        extensions = doc._  # spaCy makes a new object at each ``doc._``: read once
        extensions.actor_mentions = found
        extensions.actor_affiliations = affiliations
        return doc

    # -- helpers --------------------------------------------------------------------------
    def _with_units(self, doc: Doc, found: list[ActorMention]) -> list[ActorMention]:
        """Add the numbered military units of the doc; a unit replaces the tagger's guess at it
        (the gazetteer's own units, "the 4th Armoured Division" of Syria, are kept)."""
        units = military_units(doc, self.words.unit_nouns, found)
        if not units:
            return found
        out = list(found)
        for unit in units:
            clash = [m for m in out if m.span.start < unit.span.end and unit.span.start < m.span.end]
            if any(m.via != "ner" for m in clash):
                continue
            out = [m for m in out if m not in clash] + [unit]
        return sorted(out, key=lambda m: (m.span.start, m.span.end))

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
                if looks_like_acronym(acronym) and acronym not in defined:
                    defined[acronym] = actor
        if not defined:
            return out
        # the later uses, found by the hashes of the words' texts: no Token for the other words
        wanted = {get_string_id(acronym): acronym for acronym in defined}
        for i, orth in enumerate(doc.to_array(ORTH).tolist()):
            acronym = wanted.get(orth)
            if acronym is None or doc[i].text != acronym:
                continue
            actor = defined[acronym]
            known = links.get((i, i + 1))
            if known is not None and not known[0].provisional and known[0].id != actor.id:
                continue
            out.append((Span(doc, i, i + 1), actor))
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
            if any(
                normalize(span_text(Span(span.doc, k, span.end))) == label
                for k in range(span.start + 1, span.end)
            ):
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
        particles = self.words.name_particles
        # proper nouns only, found by their tag ids: no Token for the other words
        for i in [i for i, pos in enumerate(doc.to_array(POS).tolist()) if pos == PROPN]:
            token = doc[i]
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
                seen = first_seen.get(known.id, len(doc)) < token.i
                if seen and same_person(token.text, known.label, particles):
                    span = Span(doc, token.i, token.i + 1)
                    out.append(span)
                    links[(span.start, span.end)] = (known, "surname", "name")
                    break
        return out

    def _wider_organisation(self, ent: Span, inside: list[Span]) -> bool:
        """True for an unknown organisation whose name contains known ones ("Syrian National Coalition").

        The entity must be an ORG whose head word no gazetteer name covers: "the UN Security
        Council" is covered whole and stays the gazetteer's; "Iraqi forces" is a derived name.
        """
        if ent.label_ != "ORG" or self.gazetteer.lookup(strip_det(span_text(ent))) is not None:
            return False
        root = ent.root
        if any(s.start <= root.i < s.end for s in inside):
            return False
        return all(ent.start <= s.start and s.end <= ent.end for s in inside) and root.pos_ == "PROPN"

    def _link_entity(
        self, ent: Span, persons: list[Actor], inside: list[Span]
    ) -> tuple[Span, Actor, str, str] | None:
        """Link one NER entity to a gazetteer actor, or make it a provisional actor."""
        span = trim_entity(ent, self.titles)
        span = trim_fragment(span) if span is not None else None
        if span is None:
            return None
        found = self.gazetteer.resolve(span_text(span))
        if found is not None:
            actor, kind = found
            w = self.words
            if actor.type == "State" and ent.label_ == "GPE" and is_locative(span, w, w.state_locative):
                return None
            return span, actor, "ner", kind
        if ent.label_ in ("PERSON", "ORG") and no_actor_name(span, self.words):
            return None  # "the Ishtar Gate", "Anbar Province": a thing or a place
        if ent.label_ == "PERSON" and self.provisional and plausible_name(span):
            kind = organisation_head(span, self.words)
            if kind is not None:  # "Gulf Daily News", "Kenya Airways": no person
                return span, Actor.provisional_actor(span_text(span), kind), "ner", "name"
        if ent.label_ == "PERSON":
            if len(span) == 1:
                # a surname alone refers back to the full name met earlier ("Kirby" -> "John Kirby")
                for known in reversed(persons):
                    if same_person(span_text(span), known.label, self.words.name_particles):
                        return span, known, "surname", "name"
            if not self.provisional or not plausible_name(span) or names_a_place(span, self.words):
                return None
            return span, Actor.provisional_actor(span_text(span), "Person"), "ner", "name"
        if ent.label_ == "ORG" and self.provisional and plausible_name(span):
            if not inside and len(span) <= 2 and names_a_place(span, self.words):
                return None  # "in Sinjar": a place the tagger took for an organisation
            country = next((self._country(s) for s in inside if self._country(s)), None)
            kind = "Media" if organisation_head(span, self.words) == "Media" else "Organisation"
            return span, Actor.provisional_actor(span_text(span), kind, country), "ner", "name"
        # unknown places (GPE, FAC) and groups (NORP) are not actors
        return None

    def _country(self, span: Span) -> str | None:
        actor = self.gazetteer.lookup(span_text(span))
        return actor.country if actor is not None else None


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
