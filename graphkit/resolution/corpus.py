"""What cross-document resolution needs to know of a corpus, without its documents.

:class:`CorpusNames` is the corpus as the resolver sees it: every actor, which are used, how often
each is mentioned, the spellings of its names and the acronyms the documents define. Its size
grows with the distinct actors and names, not with the documents, so it can be gathered from a
:class:`~graphkit.model.KnowledgeGraph` (:meth:`CorpusNames.from_graph`), one result at a time
(:meth:`CorpusNames.add`) or from the summaries of partitions written by different processes
(:meth:`CorpusNames.from_json`, :meth:`CorpusNames.update`); every way gives the same decisions
(:meth:`graphkit.resolution.ActorResolver.corpus_mapping`).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from graphkit.model import Actor, ExtractionResult, KnowledgeGraph, Mention, Statement

__all__ = ["LABEL_VIAS", "CorpusNames", "actor_from_json", "actor_to_json", "compose"]

#: The mention ``via`` values whose text may become an actor's label (:func:`relabel`).
LABEL_VIAS = ("ner", "acronym", "surname", "gazetteer")


def actor_to_json(actor: Actor) -> dict[str, Any]:
    """Every field of an actor, as JSON (:func:`actor_from_json` reads it back)."""
    out = asdict(actor)
    out["aliases"] = list(actor.aliases)
    return out


def actor_from_json(data: dict[str, Any]) -> Actor:
    """The actor of :func:`actor_to_json`."""
    return Actor(**{**data, "aliases": tuple(data.get("aliases") or ())})


def _spelling(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip())


@dataclass
class CorpusNames:
    """The actors of a corpus and how its documents name them (what :meth:`resolve_graph` reads).

    Examples
    --------
    >>> from graphkit.samples import from_triples
    >>> names = CorpusNames.from_graph(from_triples([("Russia", "arms", "Syria")]))
    >>> sorted(a.label for a in names.used_actors().values()), sum(names.mentions.values())
    (['Russia', 'Syria'], 2)
    >>> CorpusNames.from_json(names.to_json()) == names
    True
    """

    #: every actor, the first version seen of each (as :meth:`KnowledgeGraph.add` keeps them)
    actors: dict[str, Actor] = field(default_factory=dict)
    #: the actors a mention or a statement refers to
    used: set[str] = field(default_factory=set)
    #: mentions per actor
    mentions: Counter[str] = field(default_factory=Counter)
    #: actor -> whitespace-folded spelling -> mentions, for the ``via`` values of :data:`LABEL_VIAS`
    spellings: dict[str, Counter[str]] = field(default_factory=dict)
    #: an acronym's text -> the actors its definitions name
    acronyms: dict[str, set[str]] = field(default_factory=dict)

    # -- gathering ------------------------------------------------------------------------
    @classmethod
    def from_graph(cls, kg: KnowledgeGraph) -> CorpusNames:
        """The names of a whole graph."""
        names = cls(actors=dict(kg.actors))
        names._count(kg.mentions, kg.statements)
        return names

    def add(self, result: ExtractionResult) -> None:
        """Count one document's result (its actors are added unless already known)."""
        for actor in result.actors.values():
            self.actors.setdefault(actor.id, actor)
        self._count(result.mentions, result.statements)

    def _count(self, mentions: Iterable[Mention], statements: Iterable[Statement]) -> None:
        for m in mentions:
            self.used.add(m.actor)
            self.mentions[m.actor] += 1
            if m.via in LABEL_VIAS:
                self.spellings.setdefault(m.actor, Counter())[_spelling(m.text)] += 1
            if m.via == "acronym":
                self.acronyms.setdefault(m.text, set()).add(m.actor)
        for s in statements:
            self.used.update(a for a in (s.subject, s.object, s.attributed_to, s.outlet) if a)

    def update(self, other: CorpusNames) -> None:
        """Add the names of another part of the corpus (read after this one)."""
        for iri, actor in other.actors.items():
            self.actors.setdefault(iri, actor)
        self.used |= other.used
        self.mentions.update(other.mentions)
        for iri, counts in other.spellings.items():
            self.spellings.setdefault(iri, Counter()).update(counts)
        for text, iris in other.acronyms.items():
            self.acronyms.setdefault(text, set()).update(iris)

    # -- reading --------------------------------------------------------------------------
    def used_actors(self) -> dict[str, Actor]:
        """The used actors and their parents (``part_of``), sorted by IRI, as :func:`used_actors`."""
        used = set(self.used)
        frontier = list(used)
        while frontier:
            parent = self.actors.get(frontier.pop())
            if parent and parent.part_of and parent.part_of not in used and parent.part_of in self.actors:
                used.add(parent.part_of)
                frontier.append(parent.part_of)
        return {k: self.actors[k] for k in sorted(used) if k in self.actors}

    def rewritten(self, mapping: dict[str, Actor | None]) -> CorpusNames:
        """The names once the actors of ``mapping`` are replaced (as :func:`rewrite_graph` does)."""
        target = {old: (new.id if new is not None else None) for old, new in mapping.items()}

        def moved(iri: str) -> str | None:
            return target.get(iri, iri)

        actors = {k: v for k, v in self.actors.items() if k not in mapping}
        actors.update({new.id: new for new in mapping.values() if new is not None and new.id not in actors})
        out = CorpusNames(actors=actors)
        out.used = {t for t in map(moved, self.used) if t is not None}
        for iri, n in self.mentions.items():
            if (t := moved(iri)) is not None:
                out.mentions[t] += n
        for iri, counts in self.spellings.items():
            if (t := moved(iri)) is not None:
                out.spellings.setdefault(t, Counter()).update(counts)
        for text, iris in self.acronyms.items():
            kept = {t for t in map(moved, iris) if t is not None}
            if kept:
                out.acronyms[text] = kept
        return out

    # -- as JSON ----------------------------------------------------------------------------
    def to_json(self) -> dict[str, Any]:
        """The names as JSON-able data (sorted, so equal names give equal JSON)."""
        return {
            "actors": [actor_to_json(a) for a in self.actors.values()],
            "used": sorted(self.used),
            "mentions": dict(sorted(self.mentions.items())),
            "spellings": {k: dict(sorted(v.items())) for k, v in sorted(self.spellings.items())},
            "acronyms": {k: sorted(v) for k, v in sorted(self.acronyms.items())},
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> CorpusNames:
        """The names of :meth:`to_json`."""
        actors = (actor_from_json(a) for a in data.get("actors", []))
        spellings: dict[str, Counter[str]] = defaultdict(Counter)
        for iri, counts in data.get("spellings", {}).items():
            spellings[iri].update(counts)
        return cls(
            actors={a.id: a for a in actors},
            used=set(data.get("used", [])),
            mentions=Counter(data.get("mentions", {})),
            spellings=dict(spellings),
            acronyms={k: set(v) for k, v in data.get("acronyms", {}).items()},
        )


def compose(first: dict[str, Actor | None], then: dict[str, Actor | None]) -> dict[str, Actor | None]:
    """One mapping doing ``first`` then ``then``: every source to its final actor.

    Examples
    --------
    >>> a, b, c = Actor("a", "A"), Actor("b", "B"), Actor("c", "C")
    >>> {k: v.id for k, v in compose({"a": b}, {"b": c}).items()}
    {'a': 'c', 'b': 'c'}
    """
    out = {k: (then.get(v.id, v) if v is not None else None) for k, v in first.items()}
    out.update({k: v for k, v in then.items() if k not in out})
    return out
