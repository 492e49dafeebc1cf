"""The relation lexicon: its schema (:class:`TriggerRule`, :class:`Lexicon`) and its loaders.

The shipped lexicon is ``graphkit/data/lexicon.yaml``; its header documents every field.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache, partial
from pathlib import Path
from typing import Any

import yaml
from spacy.util import registry

from graphkit.extraction.modality import Cues
from graphkit.resources import data_path
from graphkit.vocabulary import Vocabulary, default_vocabulary


@dataclass(frozen=True)
class TriggerRule:
    """How one trigger word finds its relation and its arguments (see the lexicon's header)."""

    relation: str
    preps: tuple[str, ...] = ()
    reverse: bool = False
    theme: bool = False
    deep: bool = False
    passive_speaker: bool = False
    complement: bool = False
    complement_only: bool = False
    commissive: bool = False
    needs_theme: bool = False
    classify: bool = True
    near: bool = False
    reciprocal: bool = False
    intransitive: bool = False
    transitive: bool = False
    topic: bool = False
    owner: bool = False
    themes: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Sense:
    """A sense of a trigger word that its context selects (lexicon ``senses``); no rule: no trigger.

    A noun's sense is selected by a modifier (``modifiers``: "a general strike"); a verb's by its
    direct object (``objects``: lemmas; ``object_entities``: entity labels, "fired Comey"), and
    its particle (``particles``: "shot down a proposal"); every condition given must hold.
    """

    rule: TriggerRule | None = None
    modifiers: frozenset[str] = frozenset()
    objects: frozenset[str] = frozenset()
    object_entities: frozenset[str] = frozenset()
    particles: frozenset[str] = frozenset()

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Sense:
        """Read one sense entry.

        Examples
        --------
        >>> sense = Sense.from_dict({"objects": ["proposal"], "particles": ["down"], "relation": "rejects"})
        >>> sense.rule.relation, sorted(sense.particles)
        ('rejects', ['down'])
        """

        def words(key: str) -> frozenset[str]:
            return frozenset(str(w).lower() for w in data.get(key) or ())

        return cls(
            rule=rule_from(data) if data.get("relation") else None,
            modifiers=words("modifiers"),
            objects=words("objects"),
            object_entities=frozenset(str(w) for w in data.get("object_entities") or ()),
            particles=words("particles"),
        )

    @property
    def of_verb(self) -> bool:
        """True for a verb's sense (selected by its object or particle)."""
        return bool(self.objects or self.object_entities or self.particles)


@dataclass(frozen=True)
class Roles:
    """The relations that rules state without a trigger word of their own (lexicon ``roles``).

    A role the lexicon leaves out turns its rule off.
    """

    #: "the coalition, including X": X is a member of the group
    inclusion: str | None = None
    #: "X said Y must withdraw": a demand on Y
    directive: str | None = None
    #: "X and Y fight Z": those who fight side by side are allies
    coagent: str | None = None
    #: "vowed never to return": a commissive act with a negated content
    refusal: str | None = None
    #: "vowed to fight X": a commissive act whose content is a conflict act
    threat: str | None = None
    #: the PLOVER event type whose co-agents and helped parties act together ("stands by X to defeat Y")
    allied_fighting: str | None = None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Roles:
        unknown = set(data) - set(cls.__dataclass_fields__)
        if unknown:
            raise ValueError(f"unknown lexicon roles: {', '.join(sorted(unknown))}")
        return cls(**{k: str(v) for k, v in data.items()})

    def relations(self) -> list[str]:
        """The relation names the roles name (all but the PLOVER type)."""
        return [r for r in (self.inclusion, self.directive, self.coagent, self.refusal, self.threat) if r]


@dataclass
class Lexicon:
    """The relation lexicon (``graphkit/data/lexicon.yaml``)."""

    verbs: dict[str, TriggerRule]
    nouns: dict[str, list[TriggerRule]]
    adjectives: dict[str, TriggerRule]
    standing: dict[str, str]
    phrases: list[dict[str, Any]]
    themes: dict[str, str]
    titles: dict[str, str]
    cues: Cues
    locative_relations: frozenset[str] = frozenset()
    directive_aux: frozenset[str] = frozenset()
    future_acts: dict[str, str] = field(default_factory=dict)
    conditional_acts: dict[str, str] = field(default_factory=dict)
    support_verbs: frozenset[str] = frozenset()
    document_nouns: frozenset[str] = frozenset()
    inclusion: frozenset[str] = frozenset()
    quantity_nouns: frozenset[str] = frozenset()
    roles: Roles = Roles()
    #: senses a noun's modifier or a verb's object selects ("a general strike", "fired the minister")
    senses: dict[str, tuple[Sense, ...]] = field(default_factory=dict)
    #: word forms the tagger lemmatises wrongly -> their lemma ("shelled" -> "shell")
    lemma_exceptions: dict[str, str] = field(default_factory=dict)
    #: "claimed responsibility for the attack": verbs of a claim and the words of responsibility
    responsibility_verbs: frozenset[str] = frozenset()
    responsibility_words: frozenset[str] = frozenset()
    #: "the attack was attributed to X", "blamed the attack on X": verb -> the culprit's prepositions
    attribution_verbs: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: "blamed X for the attack", "accused X of the bombing": the object did the act
    culprit_verbs: frozenset[str] = frozenset()
    #: words of retaliation that make a promise a threat ("vowed to retaliate", "vowed revenge")
    hostile_words: frozenset[str] = frozenset()
    #: verbs of dying whose subject is the victim of the attack after "in" ("X died in a Y strike")
    casualty_verbs: frozenset[str] = frozenset()
    #: verbs whose subject undergoes the attack noun they take ("X suffered attacks from Y")
    undergo_verbs: frozenset[str] = frozenset()
    #: the mapping the lexicon was read from (what ``to_disk`` saves)
    source: dict[str, Any] | None = field(default=None, repr=False, compare=False)

    @classmethod
    def from_dict(cls, data: dict[str, Any], vocabulary: Vocabulary | None = None) -> Lexicon:
        """Build a lexicon from its YAML mapping; a relation the ontology does not define fails.

        Examples
        --------
        >>> lexicon = Lexicon.from_dict({"verbs": {"arm": {"relation": "arms"}}})
        >>> lexicon.verbs["arm"].relation
        'arms'
        """
        vocab = vocabulary if vocabulary is not None else default_vocabulary()
        themes = {word: relation for relation, words in (data.get("themes") or {}).items() for word in words}
        titles = {t: relation for relation, words in (data.get("titles") or {}).items() for t in words}
        conventions = data.get("conventions") or {}
        lexicon = cls(
            verbs={k: rule_from(v) for k, v in (data.get("verbs") or {}).items()},
            nouns={
                k: [rule_from(e) for e in (v if isinstance(v, list) else [v])]
                for k, v in (data.get("nouns") or {}).items()
            },
            adjectives={k: rule_from(v) for k, v in (data.get("adjectives") or {}).items()},
            standing=dict(data.get("standing") or {}),
            phrases=list(data.get("phrases") or []),
            themes=themes,
            titles=titles,
            cues=Cues.from_dict(data.get("cues") or {}),
            locative_relations=frozenset(conventions.get("locative_recipient") or ()),
            directive_aux=frozenset(conventions.get("directive_aux") or ()),
            future_acts={str(k): str(v) for k, v in (conventions.get("future_acts") or {}).items()},
            conditional_acts={str(k): str(v) for k, v in (conventions.get("conditional_acts") or {}).items()},
            support_verbs=frozenset(conventions.get("support_verbs") or ()),
            document_nouns=frozenset(conventions.get("document_nouns") or ()),
            inclusion=frozenset(conventions.get("inclusion") or ()),
            quantity_nouns=frozenset(conventions.get("quantity_nouns") or ()),
            roles=Roles.from_dict(data.get("roles") or {}),
            senses={
                str(lemma): tuple(Sense.from_dict(sense) for sense in entries)
                for lemma, entries in (data.get("senses") or {}).items()
            },
            lemma_exceptions={
                str(k).lower(): str(v).lower() for k, v in (data.get("lemma_exceptions") or {}).items()
            },
            responsibility_verbs=frozenset(conventions.get("responsibility_verbs") or ()),
            responsibility_words=frozenset(conventions.get("responsibility_words") or ()),
            attribution_verbs={
                str(k): tuple(v or ()) for k, v in (conventions.get("attribution_verbs") or {}).items()
            },
            culprit_verbs=frozenset(conventions.get("culprit_verbs") or ()),
            hostile_words=frozenset(conventions.get("hostile_words") or ()),
            casualty_verbs=frozenset(conventions.get("casualty_verbs") or ()),
            undergo_verbs=frozenset(conventions.get("undergo_verbs") or ()),
            source=data,
        )
        # fail early on a relation the ontology does not define
        rules = [
            *lexicon.verbs.values(),
            *lexicon.adjectives.values(),
            *(r for v in lexicon.nouns.values() for r in v),
        ]
        rules += [s.rule for senses in lexicon.senses.values() for s in senses if s.rule is not None]
        named = [r.relation for r in rules] + [t for r in rules for _, t in r.themes]
        named += [e["relation"] for e in lexicon.phrases] + list(themes.values()) + list(titles.values())
        named += list(lexicon.standing.values()) + list(lexicon.locative_relations)
        named += [
            n for pair in (*lexicon.future_acts.items(), *lexicon.conditional_acts.items()) for n in pair
        ]
        named += lexicon.roles.relations()
        for name in named:
            vocab[name]
        fighting = lexicon.roles.allied_fighting
        if fighting is not None and not vocab.by_plover(fighting):
            raise KeyError(f"no relation of the vocabulary has the PLOVER type {fighting!r}")
        return lexicon


def rule_from(entry: dict[str, Any]) -> TriggerRule:
    """Read one trigger entry of the lexicon (a verb, noun, adjective or phrase).

    Examples
    --------
    >>> rule_from({"relation": "aids", "preps": ["to"], "particle": ["out"], "theme": True}).preps
    ('to', 'out')
    """
    own_themes = tuple(
        (word, relation) for relation, words in (entry.get("themes") or {}).items() for word in words
    )
    return TriggerRule(
        relation=entry["relation"],
        preps=tuple(entry.get("preps") or ()) + tuple(entry.get("particle") or ()),
        reverse=bool(entry.get("reverse")),
        theme=bool(entry.get("theme")) or bool(own_themes),
        deep=bool(entry.get("deep")),
        passive_speaker=bool(entry.get("passive_speaker")),
        complement=bool(entry.get("complement")) or bool(entry.get("complement_only")),
        complement_only=bool(entry.get("complement_only")),
        commissive=bool(entry.get("commissive")),
        needs_theme=bool(entry.get("needs_theme")),
        classify=bool(entry.get("classify", True)),
        near=bool(entry.get("near")),
        reciprocal=bool(entry.get("reciprocal")),
        intransitive=bool(entry.get("intransitive")),
        transitive=bool(entry.get("transitive")),
        topic=bool(entry.get("topic")),
        owner=bool(entry.get("owner")),
        themes=own_themes,
    )


class _LexiconLoader(yaml.SafeLoader):
    """YAML 1.2 booleans only: in the lexicon, ``on``, ``off``, ``yes`` and ``no`` are words."""


_LexiconLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_LexiconLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def parse_lexicon(text: str, vocabulary: Vocabulary | None = None) -> Lexicon:
    """Parse a lexicon from YAML text (``on`` and ``no`` stay words, not booleans).

    Examples
    --------
    >>> parse_lexicon("verbs: {fire: {relation: attacks, preps: [on, at]}}").verbs["fire"].preps
    ('on', 'at')
    """
    return Lexicon.from_dict(yaml.load(text, Loader=_LexiconLoader) or {}, vocabulary)


def load_lexicon(path: str | Path, vocabulary: Vocabulary | None = None) -> Lexicon:
    """Read a lexicon file (YAML; ``on`` and ``no`` stay words, not booleans), checked against
    ``vocabulary`` (default: the shipped ontology's)."""
    return parse_lexicon(Path(path).read_text(encoding="utf-8"), vocabulary)


def dump_lexicon(lexicon: Lexicon) -> str:
    """Return YAML text that :func:`parse_lexicon` reads back as the same lexicon.

    Examples
    --------
    >>> lexicon = parse_lexicon("verbs: {fire: {relation: attacks, preps: [on, at]}}")
    >>> parse_lexicon(dump_lexicon(lexicon)) == lexicon
    True
    """
    if lexicon.source is None:
        raise ValueError("only a lexicon read from a mapping (Lexicon.from_dict, load_lexicon) can be saved")
    # SafeDumper quotes every word a YAML 1.1 reader would take for a boolean ("on", "no")
    return yaml.safe_dump(lexicon.source, allow_unicode=True, sort_keys=False)


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """Return the shipped lexicon (parsed once per process)."""
    return load_lexicon(data_path("lexicon.yaml"))


@registry.misc("graphkit.lexicon.v1")
def lexicon_loader(
    path: str = "",
    cameo_verbs: list[str] = [],  # noqa: B006 (spaCy config: a list default, never mutated)
    cameo_plover: str = "",
) -> Callable[[], Lexicon]:
    """Return a function that reads the lexicon at ``path`` (the shipped one when empty).

    Parameters
    ----------
    path
        A lexicon YAML file, or ``""`` for ``graphkit/data/lexicon.yaml``.
    cameo_verbs
        CAMEO verb-pattern dictionaries (PETRARCH's format) whose verbs and phrases extend the
        lexicon; the lexicon's own entries win (see :func:`with_cameo_verbs`).
    cameo_plover
        A CAMEO-to-PLOVER table (``CAMEO2PLOVER-2021.txt``) for those dictionaries' codes; without
        one, codes map by the CAMEO roots of the ontology's relations.

    Returns
    -------
    Callable
        A function of no arguments returning the :class:`Lexicon`; the shipped one is parsed once
        per process.

    Examples
    --------
    >>> load = lexicon_loader()
    >>> load() is default_lexicon()
    True
    >>> load().verbs["arm"].relation
    'arms'
    """
    if cameo_verbs:
        return partial(_load_with_cameo, path, tuple(cameo_verbs), cameo_plover)
    if not path:
        return default_lexicon
    return partial(load_lexicon, path)  # picklable, unlike a lambda


def _load_with_cameo(path: str, cameo_verbs: tuple[str, ...], cameo_plover: str) -> Lexicon:
    text = Path(path or data_path("lexicon.yaml")).read_text(encoding="utf-8")
    data = yaml.load(text, Loader=_LexiconLoader) or {}
    return Lexicon.from_dict(with_cameo_verbs(data, cameo_verbs, cameo_plover or None))


def with_cameo_verbs(
    data: dict[str, Any], paths: tuple[str, ...] | list[str], cameo_plover: str | Path | None = None
) -> dict[str, Any]:
    """Return lexicon data extended with the verbs and phrases of CAMEO verb dictionaries.

    A verb the lexicon already has keeps its own entry; the dictionaries' phrases come after the
    lexicon's, so the lexicon's phrase wins where both match.

    Examples
    --------
    >>> import tempfile, os
    >>> text = "####### VERB PATTERNS #######\\n---  BOMBARD  [195]  ---\\nBOMBARD\\nARM\\n"
    >>> with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
    ...     _ = f.write(text)
    >>> data = with_cameo_verbs({"verbs": {"arm": {"relation": "arms"}}}, [f.name])
    >>> data["verbs"]["bombard"], data["verbs"]["arm"]
    ({'relation': 'strikes'}, {'relation': 'arms'})
    >>> os.unlink(f.name)
    """
    from graphkit.cameo_verbs import (
        cameo_table_of,
        lexicon_entries,
        read_cameo_to_plover,
        read_verb_dictionary,
    )

    vocab = default_vocabulary()
    table = read_cameo_to_plover(cameo_plover) if cameo_plover else cameo_table_of(vocab)
    out = dict(data)
    verbs = dict(out.get("verbs") or {})
    phrases = list(out.get("phrases") or [])
    for path in paths:
        blocks, synsets = read_verb_dictionary(path)
        entries = lexicon_entries(blocks, synsets, table, vocab)
        for lemma, entry in entries["verbs"].items():
            verbs.setdefault(lemma, entry)
        phrases.extend(entries["phrases"])
    out["verbs"], out["phrases"] = verbs, phrases
    return out
