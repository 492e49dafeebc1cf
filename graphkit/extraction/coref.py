"""The ``graphkit_coref`` component: pronouns and definite descriptions resolved to actors.

No coreference model installs offline, so this is a small salience-based resolver (rules in
``graphkit/data/coref.yaml``):

- a third-person pronoun ("they", "its") or a definite description ("the terror group", "the
  country") refers to the most salient earlier actor of a compatible type within a few sentences:
  nearer sentences first, then subjects, then the latest mention. An actor that is an argument of
  the pronoun's own verb, or coordinated with it, is never its antecedent ("they and Russia are
  allies": *they* is not Russia). A noun phrase that names no actor but could be the referent
  ("the resolution ... it") blocks the link; "it" in "it is important that" refers to nothing;
- a description's modifiers narrow the types ("the terror group" is an armed group, never a
  newspaper), and the gazetteer's own descriptions of an actor ("the Lebanese group") prefer it;
- a description built on a name ("the Assad regime", "the Obama administration") refers to that
  person's state;
- first-person pronouns refer to the speaker: "I" to the person quoted ("X said: I ..."), "we" and
  "our" to the state or body the speaker speaks for, else to the actor the text speaks for.

Resolved mentions are added to ``doc._.actor_mentions`` with ``via="coref"``; each keeps its own span.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from graphkit.extraction import collaborators  # noqa: F401  (registers graphkit.gazetteer.v1)
from graphkit.extraction.mentions import ActorMention, index_by_token
from graphkit.extraction.reading import children
from graphkit.extraction.sentences import sentence_bounds, sentence_of, sentence_starts
from graphkit.extraction.speakers import Speakers
from graphkit.extraction.words import WordFilter
from graphkit.gazetteer import ActorGazetteer, normalize
from graphkit.model import Actor
from graphkit.resources import data_path

_SUBJECT_DEPS = {"nsubj", "nsubjpass", "poss", "agent"}
_PLURAL_KINDS = {"plural"}
#: The keys of ``coref.yaml`` the resolver reads (``titles`` is the actor linker's).
RULE_KEYS = (
    "pronouns",
    "first_person_singular",
    "first_person_plural",
    "plural_pronouns",
    "speech_verbs",
    "stance_verbs",
    "name_descriptions",
    "modifier_types",
    "descriptions",
    "window_sentences",
    "determiners",
    "pleonastic_verbs",
    "be_forms",
    "voice_types",
)
#: The file of a saved resolver's rules (its gazetteer is saved in ``gazetteer/``).
_DATA_FILE = "coref.json"


def read_coref_rules(path: str | Path | None = None) -> dict[str, Any]:
    """Return the rules of a ``coref.yaml`` file (default: the package's), as plain data.

    Examples
    --------
    >>> rules = read_coref_rules()
    >>> rules["pronouns"]["he"], rules["window_sentences"]
    (['Person'], 3)
    """
    path = Path(path) if path is not None else data_path("coref.yaml")
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {k: data[k] for k in RULE_KEYS if k in data}


def _clause_head(token: Token) -> Token:
    """The verb whose clause the token belongs to."""
    while token.pos_ not in ("VERB", "AUX") and token.head.i != token.i:  # not "is": Token objects are views
        token = token.head
    return token


def _co_arguments(token: Token) -> set[int]:
    """Indices of tokens that are arguments of the same verb as ``token``, or coordinated with it."""
    verb = _clause_head(token)
    out: set[int] = set()
    for child in children(verb):
        if child.dep_ in ("nsubj", "nsubjpass", "dobj", "dative", "attr", "agent", "prep"):
            out.update(t.i for t in child.subtree)
    top = token
    while top.dep_ == "conj":
        top = top.head
    for conj in (top, *top.conjuncts):
        out.update(t.i for t in conj.subtree if t.i != token.i)
    out.discard(token.i)
    # "its" inside a phrase ("ISIL's propaganda machine and its ...") may point to the possessor,
    # and a possessive never refers to the noun it modifies
    if token.dep_ == "poss":
        out -= {t.i for t in token.head.subtree if t.i < token.i and t.dep_ != "poss"}
    return out


def _sentence_numbers(doc: Doc) -> list[int]:
    """The number of each token's sentence, by token index."""
    out: list[int] = []
    for k, (start, end) in enumerate(sentence_bounds(doc)):
        out.extend([k] * (end - start))
    return out


def _mention_subject_rank(mention: ActorMention) -> int:
    root = mention.span.root
    while root.dep_ in ("compound", "amod", "pobj", "prep") and root.head.i != root.i:
        if root.dep_ == "pobj" and root.head.lower_ != "of":
            break
        root = root.head
    return 0 if root.dep_ in _SUBJECT_DEPS else 1


def _is_pleonastic(token: Token, verbs: frozenset[str], be_forms: frozenset[str]) -> bool:
    """ "It is important that", "it's a concern", "make it clear": an "it" that refers to no actor.

    A copula with "it" as subject is a predication about a situation far more often than about an
    actor, so every "it is/was ..." is left unresolved.
    """
    head = token.head
    if token.dep_ in ("nsubj", "nsubjpass"):
        return head.lemma_ in verbs or (head.lower_.replace("’", "'") in be_forms)
    if token.dep_ == "dobj":
        return any(c.dep_ in ("ccomp", "xcomp", "oprd", "acomp") and c.i > token.i for c in children(head))
    return token.dep_ in ("expl",)


@dataclass(frozen=True)
class _Pronoun:
    types: frozenset[str]
    person: str  # "1s", "1p", "3s", "3p"


class CoreferenceResolver:
    """Resolves pronouns and definite descriptions (the ``graphkit_coref`` pipeline component).

    Nothing is read when it is made: :meth:`initialize` loads the rules (``coref.yaml``) and the
    gazetteer (from the loader the config names), :meth:`from_disk` both from a saved pipeline.
    """

    def __init__(
        self,
        name: str,
        window_sentences: int | None = None,
        gazetteer: Callable[[], ActorGazetteer] | None = None,
    ):
        self.name = name
        self.window_sentences = window_sentences
        self._load_gazetteer = gazetteer
        self.gazetteer: ActorGazetteer | None = None
        self.rules: dict[str, Any] | None = None

    # -- data -----------------------------------------------------------------------------
    def initialize(
        self,
        get_examples: Callable[[], Any] | None = None,
        *,
        nlp: Language | None = None,
        gazetteer: ActorGazetteer | None = None,
        rules: dict[str, Any] | None = None,
    ) -> None:
        """Load the rules (default: the package's ``coref.yaml``) and the gazetteer (default: from
        the config's loader; without one, descriptions are resolved without the gazetteer)."""
        if gazetteer is None and self._load_gazetteer is not None:
            gazetteer = self._load_gazetteer()
        self._set(rules if rules is not None else read_coref_rules(), gazetteer)

    def to_disk(self, path: str | Path, *, exclude: Any = ()) -> None:
        """Save the rules and the gazetteer to the folder ``path``."""
        if self.rules is None:
            raise ValueError(f"{self.name} is not initialized: call its initialize() first")
        folder = Path(path)
        folder.mkdir(parents=True, exist_ok=True)
        text = json.dumps(self.rules, ensure_ascii=False, indent=1)
        (folder / _DATA_FILE).write_text(text, encoding="utf-8")
        if self.gazetteer is not None:
            self.gazetteer.to_disk(folder / "gazetteer")

    def from_disk(self, path: str | Path, *, exclude: Any = ()) -> CoreferenceResolver:
        """Load what :meth:`to_disk` saved in the folder ``path``."""
        folder = Path(path)
        rules = json.loads((folder / _DATA_FILE).read_text(encoding="utf-8"))
        saved = folder / "gazetteer"
        self._set(rules, ActorGazetteer.from_disk(saved) if saved.exists() else None)
        return self

    def _set(self, rules: dict[str, Any], gazetteer: ActorGazetteer | None) -> None:
        self.rules = rules
        self.gazetteer = gazetteer
        plural = frozenset(rules.get("plural_pronouns") or ())
        self.pronouns: dict[str, _Pronoun] = {}
        for key, person in (
            ("pronouns", "3"),
            ("first_person_singular", "1s"),
            ("first_person_plural", "1p"),
        ):
            for word, types in (rules.get(key) or {}).items():
                number = person if person != "3" else ("3p" if word in plural else "3s")
                self.pronouns[word] = _Pronoun(frozenset(types or ()), number)
        self.descriptions: dict[str, set[str]] = {k: set(v) for k, v in rules["descriptions"].items()}
        self.modifier_types: dict[str, set[str]] = {
            k: set(v) for k, v in (rules.get("modifier_types") or {}).items()
        }
        self.speech_verbs = frozenset(rules.get("speech_verbs") or ())
        self.stance_verbs = frozenset(rules.get("stance_verbs") or ())
        self.name_descriptions = frozenset(rules.get("name_descriptions") or ())
        self.window = self.window_sentences or int(rules.get("window_sentences", 3))
        # "I", "we" and their forms: never the antecedent of a third-person pronoun
        self.first_person = frozenset(
            (*(rules.get("first_person_singular") or ()), *(rules.get("first_person_plural") or ()))
        )
        self.determiners = frozenset(rules.get("determiners") or ())
        self.pleonastic_verbs = frozenset(rules.get("pleonastic_verbs") or ())
        self.be_forms = frozenset(rules.get("be_forms") or ())
        self.voice_types = frozenset(rules.get("voice_types") or ())
        # the words _resolve can act on: a pronoun, or a description by its form or its lemma
        descriptions = frozenset(self.descriptions)
        self.referring = WordFilter(
            frozenset(self.pronouns).union(descriptions).__contains__, descriptions.__contains__
        )

    def __call__(self, doc: Doc) -> Doc:
        if self.rules is None:
            raise ValueError(f"{self.name} is not initialized: call its initialize() first")
        extensions = doc._  # spaCy makes a new object at each ``doc._``: read once
        mentions: list[ActorMention] = list(extensions.actor_mentions or [])
        # only pronouns and description nouns can refer (see _resolve): the other words are skipped
        referring = self.referring.positions(doc)
        if not referring:
            extensions.actor_mentions = sorted(mentions, key=lambda m: (m.span.start, m.span.end))
            return doc
        # a possessive inside an office title still refers: "Its leader, Yahya Sinwar" (a tie of office)
        taken = {
            t
            for m in mentions
            for t in range(m.span.start, m.span.end)
            if m.kind != "title" or doc[t].tag_ != "PRP$"
        }
        sent_index = _sentence_numbers(doc)
        by_token = index_by_token(mentions, keep="last")
        speakers = Speakers(doc, by_token, self.speech_verbs, self.stance_verbs, self.voice_types)
        added: list[ActorMention] = []
        for i in referring:
            if i in taken:
                continue
            token = doc[i]
            found = self._resolve(token, mentions + added, sent_index, by_token, speakers)
            if found is not None:
                added.append(found)
                taken.update(range(found.span.start, found.span.end))
        extensions.actor_mentions = sorted(mentions + added, key=lambda m: (m.span.start, m.span.end))
        return doc

    # -- one token ------------------------------------------------------------------------
    def _resolve(
        self,
        token: Token,
        mentions: list[ActorMention],
        sent_index: list[int],
        by_token: dict[int, ActorMention],
        speakers: Speakers,
    ) -> ActorMention | None:
        doc = token.doc
        lower = token.lower_
        pronoun = self.pronouns.get(lower)
        if pronoun is not None and (token.pos_ == "PRON" or token.text in ("I", "We", "we", "us")):
            span = Span(doc, token.i, token.i + 1)
            if pronoun.person == "1s":
                speaker = speakers.speaker(token)
                if speaker is not None and speaker.type == "Person":
                    return ActorMention(span, speaker, "coref", "pronoun")
                return None
            if pronoun.person == "1p":
                actor = self._we(token, mentions, sent_index, speakers)
                return ActorMention(span, actor, "coref", "pronoun") if actor is not None else None
            if lower in ("it", "its") and _is_pleonastic(token, self.pleonastic_verbs, self.be_forms):
                return None
            antecedent = self._antecedent(
                token, span, set(pronoun.types), mentions, sent_index, pronoun.person
            )
            return (
                ActorMention(span, antecedent.actor, "coref", "pronoun") if antecedent is not None else None
            )
        if token.pos_ in ("NOUN", "PROPN") and (
            lower in self.descriptions or token.lemma_.lower() in self.descriptions
        ):
            return self._description(token, mentions, sent_index, by_token)
        return None

    def _description(
        self,
        token: Token,
        mentions: list[ActorMention],
        sent_index: list[int],
        by_token: dict[int, ActorMention],
    ) -> ActorMention | None:
        doc = token.doc
        if token.dep_ == "compound" or any(c.dep_ == "prep" and c.lower_ == "of" for c in children(token)):
            return None
        det = [c for c in children(token) if c.dep_ in ("det", "poss") and c.lower_ in self.determiners]
        inner = [by_token[c.i] for c in token.subtree if c.i in by_token and c.i < token.i]
        if not det and not (inner and token.lower_ in self.name_descriptions):
            return None
        start = min([token.i, *(c.i for c in token.lefts)])
        span = Span(doc, start, token.i + 1)
        if inner and token.lower_ in self.name_descriptions:
            # "the Assad regime", "the Syrian regime": the regime of the state the name points to
            actor = self._state_of(inner[-1].actor)
            return ActorMention(span, actor, "coref", "description") if actor is not None else None
        if inner:
            if not all(m.kind == "demonym" for m in inner):
                return None
            # "the Lebanese group": the demonym narrows the antecedents to that state's actors
            country = inner[-1].actor.country
            mentions = [m for m in mentions if m.actor.country == country and m.actor.type != "State"]
        types = set(self.descriptions.get(token.lower_) or self.descriptions.get(token.lemma_.lower()) or ())
        for child in token.lefts:
            narrowed = self.modifier_types.get(child.lower_) or self.modifier_types.get(child.lemma_.lower())
            if narrowed:
                types &= narrowed
        if not types or types == {"Person"} and token.tag_ in ("NNS", "NNPS"):
            return None  # "the two leaders" are not one person
        preferred = self._described(span)
        number = "3p" if token.tag_ == "NNS" else "3s"
        antecedent = self._antecedent(token, span, types, mentions, sent_index, number, preferred)
        if antecedent is not None:
            return ActorMention(span, antecedent.actor, "coref", "description")
        if "State" in types and self.gazetteer is not None:
            # "Russia's Foreign Ministry said ... The country will respond": the body's state
            body = self._antecedent(token, span, {"Government", "Military"}, mentions, sent_index, number)
            state = (
                self.gazetteer.get(body.actor.country) if body is not None and body.actor.country else None
            )
            if state is not None and state.type == "State":
                return ActorMention(span, state, "coref", "description")
        return None

    def _described(self, span: Span) -> set[str]:
        """Actors the gazetteer describes with these words ("the Lebanese group" -> Hezbollah)."""
        if self.gazetteer is None:
            return set()
        key = normalize(" ".join(t.text for t in span if t.dep_ != "det"))
        return set(self.gazetteer.descriptions.get(key, ()))

    def _state_of(self, actor: Actor) -> Actor | None:
        if actor.type in ("State", "Government"):
            return actor
        if actor.country and self.gazetteer is not None:
            return self.gazetteer.get(actor.country)
        return None

    def _we(
        self, token: Token, mentions: list[ActorMention], sent_index: list[int], speakers: Speakers
    ) -> Actor | None:
        """ "We": the state or body the speaker speaks for, else the actor the text speaks for."""
        speaker = speakers.speaker(token)
        if speaker is not None:
            if speaker.type != "Person":
                return speaker
            org = speakers.affiliation(speaker)
            if org is not None:
                return self._state_of(org) or org
            # a speaker tied to no state or body speaks for themselves as far as the text tells
            return self._state_of(speaker) or speaker
        voice = speakers.voice()
        if voice is None:
            return None
        # "our ally Turkey", "we call on Russia": the voice, never an actor of the pronoun's own clause
        clause = _co_arguments(token) | {t.i for t in token.head.subtree}
        if any(m.actor.id == voice.id and m.span.start in clause for m in mentions):
            return None
        return voice

    def _antecedent(
        self,
        token: Token,
        span: Span,
        types: set[str],
        mentions: list[ActorMention],
        sent_index: list[int],
        number: str,
        preferred: set[str] = frozenset(),
    ) -> ActorMention | None:
        here = sent_index[token.i]
        # "they see their caliphate": a possessive may refer to its own clause's subject
        excluded = _co_arguments(token) if span.root.pos_ == "PRON" and token.dep_ != "poss" else set()
        excluded_actors = {m.actor.id for m in mentions if m.span.start in excluded}
        if number.startswith("3"):
            # "we maintain that 70 percent of their strikes": they are not us
            excluded_actors |= {
                m.actor.id
                for m in mentions
                if sent_index[m.span.start] == here and m.span.root.lower_ in self.first_person
            }
        best: tuple[tuple, ActorMention] | None = None
        for m in mentions:
            if m.span.start >= span.start or m.actor.type not in types:
                continue
            distance = here - sent_index[m.span.start]
            if distance > self.window or m.span.start in excluded or m.actor.id in excluded_actors:
                continue
            if m.kind == "pronoun" and m.span.root.lower_ in self.first_person:
                continue
            if number == "3s" and (
                m.kind == "demonym" or m.kind in _PLURAL_KINDS or m.actor.type == "Population"
            ):
                continue
            rank = _mention_subject_rank(m)
            # gazetteer descriptions first, then the nearest sentence, subjects, the latest mention
            key = (m.actor.id not in preferred, distance, rank, -m.span.start)
            if best is None or key < best[0]:
                best = (key, m)
        if best is None:
            return None
        covered = {i for m in mentions for i in range(m.span.start, m.span.end)}
        if span.root.pos_ == "PRON" and _competitor(token, best[1], number, sent_index, covered):
            return None
        return best[1]


def _competitor(
    token: Token, antecedent: ActorMention, number: str, sent_index: list[int], covered: set[int]
) -> bool:
    """True when a subject noun that names no actor is a likelier referent than the antecedent.

    "The resolution condemned ISIL ... It calls on": *it* is more likely the resolution. Such a noun
    competes when it stands between the antecedent and the pronoun, or is the main subject of the
    antecedent's own sentence ("This meeting will review the campaign in Syria. It will ..."). A
    noun the antecedent itself modifies ("Hezbollah commanders") is no competitor.
    """
    doc = token.doc
    plural = number == "3p"
    # only nouns from the sentence before the pronoun's on compete: the words before are not read
    previous = sentence_starts(doc)[max(sent_index[token.i] - 1, 0)]
    first = max(sentence_of(antecedent.span).start, previous)
    for t in Span(doc, first, token.i):
        if t.dep_ not in ("nsubj", "nsubjpass") or t.pos_ != "NOUN" or t.i in covered:
            continue
        if t.i < antecedent.span.start and t.head.dep_ != "ROOT":
            continue
        if antecedent.span.root.head.i == t.i:
            continue
        if any(c.i in covered for c in children(t) if c.dep_ in ("compound", "poss", "amod")):
            continue
        if (t.tag_ in ("NNS", "NNPS")) == plural:
            return True
    return False


@Language.factory(
    "graphkit_coref",
    default_config={
        "window_sentences": 3,
        "gazetteer": {"@misc": "graphkit.gazetteer.v1", "extra_actors": []},
    },
    requires=["doc._.actor_mentions", "doc.sents", "token.dep", "token.lemma", "token.tag"],
    assigns=["doc._.actor_mentions"],
)
def make_coref(
    nlp: Language, name: str, window_sentences: int, gazetteer: Callable[[], ActorGazetteer]
) -> CoreferenceResolver:
    """Create the rule-based coreference resolver; ``gazetteer`` loads the actors (in ``initialize``).

    Examples
    --------
    >>> import spacy
    >>> nlp = spacy.blank("en")
    >>> coref = nlp.add_pipe("graphkit_coref")
    >>> coref.initialize(nlp=nlp)
    >>> coref.window, "say" in coref.speech_verbs, coref.gazetteer.lookup("the Kremlin").label
    (3, True, 'Russia')
    """
    return CoreferenceResolver(name, window_sentences, gazetteer)
