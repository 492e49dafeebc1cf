"""The ``graphkit_actors`` component: finds actor mentions and links each to one actor.

Sources, in order of trust: gazetteer names (PhraseMatcher), acronyms introduced in the text
("the Islamic State (IS)"), then spaCy's named entities, linked to the gazetteer or made
provisional actors. Noise (photo credits, bylines, web addresses) is no actor.
Results go to ``doc._.actor_mentions``, a list of :class:`ActorMention` sorted by position.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import yaml
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from graphkit.gazetteer import ActorGazetteer, Name, is_acronym, normalize
from graphkit.model import Actor
from graphkit.resources import data_path

# Prepositions after which a capital or a seat names a place, not the government ("in Moscow").
_LOCATIVE_PREPS = {"in", "at", "near", "across", "around", "outside", "inside", "into", "from", "to",
                   "toward", "towards", "through", "throughout", "within", "over", "of", "between", "on"}
_PERSON_TITLES = {"president", "minister", "spokesman", "spokeswoman", "spokesperson", "secretary", "general",
                  "gen.", "prime", "foreign", "defence", "defense", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr",
                  "dr.", "sheikh", "sheik", "king", "queen", "prince", "emir", "ayatollah", "commander", "leader",
                  "chief", "ambassador", "senator", "sen.", "rep.", "colonel", "col.", "lt.", "sgt.", "adviser"}
_NER_ACTOR_LABELS = {"PERSON", "ORG", "GPE", "NORP", "FAC"}


@dataclass(frozen=True)
class ActorMention:
    """A token span of the doc linked to an actor; ``via`` says how the link was made."""

    span: Span
    actor: Actor
    via: str
    kind: str = "name"  # name, demonym, plural, capital, seat, pronoun, description

    @property
    def start_char(self) -> int:
        return self.span.start_char

    @property
    def end_char(self) -> int:
        return self.span.end_char


@lru_cache(maxsize=1)
def _noise_rules() -> tuple[list[re.Pattern[str]], frozenset[str]]:
    data = yaml.safe_load(data_path("noise.yaml").read_text(encoding="utf-8"))
    patterns = [re.compile(p, re.IGNORECASE) for p in data.get("line_patterns", [])]
    return patterns, frozenset(s.lower() for s in data.get("not_actors", []))


def noise_ranges(text: str) -> list[tuple[int, int]]:
    """Return the character ranges of ``text`` that are credits, bylines or links, not news text.

    Examples
    --------
    >>> noise_ranges("Russia acts.\\nPhoto Courtesy of UN Photo/Paulo Filgueiras")
    [(13, 56)]
    """
    patterns, _ = _noise_rules()
    out: list[tuple[int, int]] = []
    offset = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\n")
        starts = [m.start() for p in patterns for m in p.finditer(body)]
        if starts:
            out.append((offset + min(starts), offset + len(body)))
        offset += len(line)
    return out


def _in_ranges(span: Span, ranges: list[tuple[int, int]]) -> bool:
    return any(s < span.end_char and span.start_char < e for s, e in ranges)


def _case_ok(span: Span, name: Name) -> bool:
    """Case rules: acronyms match exactly; other names need a capital letter in the text."""
    text = span.text
    if is_acronym(name.text):
        return text.replace(".", "") == name.text.replace(".", "")
    if name.kind in ("demonym", "plural", "name", "capital", "seat"):
        return any(ch.isupper() for ch in text)
    return True


def _is_locative(span: Span) -> bool:
    """A capital or seat used as a place: the object of a locative preposition, or a compound."""
    head = span.root
    if head.dep_ == "pobj" and head.head.lower_ in _LOCATIVE_PREPS:
        return True
    return head.dep_ in ("compound", "npadvmod") and head.head.ent_type_ in ("GPE", "LOC", "FAC")


class ActorLinker:
    """Finds and links actor mentions (the ``graphkit_actors`` pipeline component)."""

    def __init__(self, nlp: Language, name: str, gazetteer: ActorGazetteer | None = None,
                 provisional: bool = True):
        self.name = name
        self.gazetteer = gazetteer if gazetteer is not None else ActorGazetteer.default()
        self.provisional = provisional
        self._names: dict[int, list[Name]] = {}
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        texts = sorted({n.text for n in self.gazetteer.iter_names()})
        by_text: dict[str, list[Name]] = {}
        for n in self.gazetteer.iter_names():
            by_text.setdefault(n.text, []).append(n)
        for i, pattern in enumerate(nlp.tokenizer.pipe(texts)):
            key = f"gk{i}"
            self.matcher.add(key, [pattern])
            self._names[nlp.vocab.strings[key]] = by_text[texts[i]]
        if not Doc.has_extension("actor_mentions"):
            Doc.set_extension("actor_mentions", default=None)

    # -- the component --------------------------------------------------------------------
    def __call__(self, doc: Doc) -> Doc:
        noise = noise_ranges(doc.text)
        _, not_actors = _noise_rules()
        found: list[ActorMention] = []
        spans: list[Span] = []
        links: dict[tuple[int, int], tuple[Actor, str, str]] = {}
        for match_id, start, end in self.matcher(doc):
            span = doc[start:end]
            names = [n for n in self._names[match_id] if _case_ok(span, n)]
            if not names:
                continue
            best = min(names, key=lambda n: (("name", "plural", "demonym", "capital", "seat").index(n.kind),
                                             n.actor))
            if best.kind in ("capital", "seat") and _is_locative(span):
                continue
            spans.append(span)
            links[(start, end)] = (self.gazetteer.actors[best.actor], "gazetteer", best.kind)
        local = self._acronyms(doc, links)
        for span, actor in local:
            spans.append(span)
            links[(span.start, span.end)] = (actor, "acronym", "name")
        for ent in doc.ents:
            if ent.label_ not in _NER_ACTOR_LABELS or any(
                s.start < ent.end and ent.start < s.end for s in spans
            ):
                continue
            linked = self._link_entity(ent, found_persons=[links[k][0] for k in links])
            if linked is None:
                continue
            span, actor, via = linked
            spans.append(span)
            links[(span.start, span.end)] = (actor, via, "name")
        for span in filter_spans(spans):
            actor, via, kind = links[(span.start, span.end)]
            if _in_ranges(span, noise) or span.text.lower() in not_actors:
                continue
            found.append(ActorMention(span, actor, via, kind))
        found.sort(key=lambda m: (m.span.start, m.span.end))
        doc._.actor_mentions = found
        return doc

    # -- helpers --------------------------------------------------------------------------
    def _acronyms(self, doc: Doc, links: dict) -> list[tuple[Span, Actor]]:
        """Acronyms introduced in parentheses after a known name: "the Islamic State (IS)"."""
        out: list[tuple[Span, Actor]] = []
        defined: dict[str, Actor] = {}
        for (start, end), (actor, _via, _kind) in sorted(links.items()):
            if end + 2 < len(doc) and doc[end].text == "(" and doc[end + 2].text == ")":
                acronym = doc[end + 1].text
                if is_acronym(acronym) and acronym not in defined:
                    defined[acronym] = actor
        if not defined:
            return out
        for token in doc:
            actor = defined.get(token.text)
            if actor is not None and (token.i, token.i + 1) not in links:
                out.append((doc[token.i : token.i + 1], actor))
        return out

    def _link_entity(self, ent: Span, found_persons: list[Actor]) -> tuple[Span, Actor, str] | None:
        """Link one NER entity to a gazetteer actor, or make it a provisional actor."""
        span = _trim(ent)
        if span is None:
            return None
        actor = self.gazetteer.lookup(span.text)
        if actor is not None:
            return span, actor, "ner"
        if ent.label_ == "PERSON":
            # a surname alone refers back to the full name met earlier ("Kirby" -> "John Kirby")
            last = span[-1].text
            for known in reversed(found_persons):
                if known.type == "Person" and known.label.split()[-1] == last and len(span) == 1:
                    return span, known, "surname"
            if not self.provisional or not _plausible_name(span):
                return None
            return span, Actor.provisional_actor(span.text, "Person"), "ner"
        if ent.label_ == "ORG" and self.provisional and _plausible_name(span):
            return span, Actor.provisional_actor(span.text, "Organisation"), "ner"
        # unknown places (GPE, FAC) and groups (NORP) are not actors
        return None


def _trim(ent: Span) -> Span | None:
    """Drop a leading article, titles and a trailing possessive from an entity span."""
    start, end = ent.start, ent.end
    doc = ent.doc
    while start < end and (doc[start].lower_ in ("the", "a", "an") or doc[start].lower_ in _PERSON_TITLES
                           and ent.label_ == "PERSON"):
        start += 1
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
    return normalize(text) not in ("photo", "illustrative")


@Language.factory(
    "graphkit_actors",
    default_config={"provisional": True, "extra_actors": []},
)
def make_actor_linker(nlp: Language, name: str, provisional: bool, extra_actors: list[str]) -> ActorLinker:
    """Create the actor linker: the shipped gazetteer plus ``extra_actors`` files (YAML or CAMEO)."""
    gazetteer = ActorGazetteer.from_files(extra_actors) if extra_actors else ActorGazetteer.default()
    return ActorLinker(nlp, name, gazetteer=gazetteer, provisional=provisional)
