"""The graph model: actors, mentions, statements and documents, and the graph that holds them.

Everything downstream (RDF, networkx, views, queries) reads these plain dataclasses; the
extraction stage is the only one that creates them. The JSON form of a statement or a mention is
exactly the line format of the evaluation scorer (``../shared/eval/FORMAT.md``).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from graphkit.namespaces import ACTOR, DOC, STATEMENT
from graphkit.ontology import actor_types

#: Actor types, the classes of the ontology (``gk:State`` ...), in the ontology's order.
ACTOR_TYPES: tuple[str, ...] = actor_types()

POLARITIES = ("positive", "negative")
MODALITIES = ("asserted", "reported", "hypothetical", "future")


def slugify(text: str, max_length: int = 80) -> str:
    """Return an IRI-safe, lower-case ASCII slug of ``text`` (never empty, never shared).

    A text that is not already its own slug keeps a short hash of itself, so two different names
    ("a b.txt" and "a-b.txt", "Doc" and "doc") never share a slug.

    Examples
    --------
    >>> slugify("hezbollah")
    'hezbollah'
    >>> slugify("Hezbollah's ground forces")
    'hezbollah-s-ground-forces-479cec808b'
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:max_length].rstrip("-")
    if slug == text:
        return slug
    digest = hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:10]
    return f"{slug}-{digest}" if slug else f"x-{digest}"


def text_hash(text: str) -> str:
    """Return the SHA-256 of a document text, used to skip unchanged documents.

    Examples
    --------
    >>> text_hash("Russia armed Hezbollah.")[:12]
    '9f46f456ee06'
    """
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True)
class Actor:
    """One real-world actor: a node of the graph.

    ``id`` is the actor's IRI. ``country`` is the ISO 3166-1 alpha-3 code of the state the actor
    is, or belongs to. ``part_of`` is the IRI of the actor this one is a body of (a ministry of
    its state, an army of its government). ``provisional`` actors were found in text but are not
    in the gazetteer.
    """

    id: str
    label: str
    type: str = "Organisation"
    country: str | None = None
    aliases: tuple[str, ...] = ()
    sector: str | None = None
    cameo: str | None = None
    part_of: str | None = None
    provisional: bool = False

    def to_json(self, mention: Mention | None = None) -> dict[str, Any]:
        """Return the actor as in FORMAT.md, with the mention's span when one is given."""
        out: dict[str, Any] = {
            "id": self.id,
            "label": self.label,
            "type": self.type,
            "country": self.country,
            "aliases": list(self.aliases),
        }
        if self.cameo:
            out["cameo"] = self.cameo
        if mention is not None:
            out["mention"] = {"text": mention.text, "start": mention.start, "end": mention.end}
        return out

    @classmethod
    def provisional_actor(cls, name: str, type: str = "Organisation", country: str | None = None) -> Actor:
        """Return a provisional actor whose IRI depends only on its type and name.

        Examples
        --------
        >>> front = Actor.provisional_actor("Zorgan  Liberation Front")
        >>> front.label, front.id.rsplit("/", 2)[-2:]
        ('Zorgan Liberation Front', ['organisation', 'zorgan-liberation-front-def9802d64'])
        """
        return _provisional(cls, name, type, country)


@dataclass(frozen=True)
class Mention:
    """A span of a document that names (or refers back to) an actor.

    ``via`` says how it was found: ``gazetteer``, ``ner``, ``demonym``, ``coref`` or ``dictionary``.
    """

    doc: str
    text: str
    start: int
    end: int
    actor: str
    via: str = "gazetteer"

    def to_json(self, actors: dict[str, Actor]) -> dict[str, Any]:
        """Return the mention line of FORMAT.md."""
        actor = actors[self.actor].to_json()
        del actor["aliases"]  # a mention line names its actor; statements carry the aliases
        return {
            "kind": "mention",
            "doc": self.doc,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "actor": actor,
            "via": self.via,
        }


@dataclass(frozen=True)
class Relation:
    """A relation of the vocabulary (read from ``ontologies/graphkit.ttl``)."""

    name: str
    label: str
    plover: str | None
    quad: str
    symmetric: bool = False
    cameo: str | None = None
    mode: str | None = None
    definition: str = ""

    @property
    def family(self) -> str:
        """The relation family, FORMAT.md's ``quad``."""
        return self.quad


@dataclass(frozen=True)
class Evidence:
    """The sentence a statement was read from, with character offsets in the document."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Statement:
    """One extracted relation between two actors, with its evidence and epistemic status."""

    doc: str
    relation: Relation
    subject: str
    object: str
    subject_mention: Mention
    object_mention: Mention
    evidence: Evidence
    polarity: str = "positive"
    modality: str = "asserted"
    attributed_to: str | None = None
    confidence: float = 0.5
    date: str | None = None
    trigger: str | None = None
    #: the news outlet that carries a nested report ("..., a commander told The Daily Beast")
    outlet: str | None = None

    @property
    def id(self) -> str:
        """A deterministic IRI: the same document, relation, arguments and span give the same id."""
        key = "\x1f".join(
            [
                self.doc,
                self.relation.name,
                self.subject,
                self.object,
                str(self.subject_mention.start),
                str(self.object_mention.start),
                str(self.evidence.start),
                self.polarity,
            ]
        )
        return str(STATEMENT[hashlib.sha1(key.encode("utf-8", "surrogatepass")).hexdigest()[:20]])

    @property
    def key(self) -> str:
        """The relation name, prefixed with ``not`` when negated: the statement's edge key and tally key.

        Examples
        --------
        >>> from graphkit.samples import from_triples
        >>> [s.key for s in from_triples([("Iran", "arms", "Hamas", {"polarity": "negative"})]).statements]
        ['not arms']
        """
        return self.relation.name if self.polarity == "positive" else f"not {self.relation.name}"

    def __repr__(self) -> str:
        """A one-line summary (the dataclass repr spells out every mention and offset: 900 characters).

        Examples
        --------
        >>> from graphkit.samples import from_triples
        >>> from_triples([("Iran", "arms", "Hamas", {"polarity": "negative"})]).statements[0]
        Statement(relation='arms', subject='Iran', object='Hamas', polarity='negative', modality='asserted', doc='example', evidence='Iran arms Hamas.')
        """  # noqa: E501
        evidence = self.evidence.text if len(self.evidence.text) <= 80 else self.evidence.text[:77] + "..."
        return (
            f"Statement(relation={self.relation.name!r}, subject={self.subject_mention.text!r}, "
            f"object={self.object_mention.text!r}, polarity={self.polarity!r}, "
            f"modality={self.modality!r}, doc={self.doc!r}, evidence={evidence!r})"
        )

    @property
    def is_positive_assertion(self) -> bool:
        """True when the statement may be drawn or exported as a plain ``actor relation actor`` edge.

        Negated statements never are; neither are hypothetical or future ones ("could strike",
        "will arm"), which say nothing has happened yet. Reported claims are, since most news is
        reported speech; their attribution stays on the statement node.
        """
        return self.polarity == "positive" and self.modality in ("asserted", "reported")

    def to_json(self, actors: dict[str, Actor]) -> dict[str, Any]:
        """Return the statement line of FORMAT.md."""
        attributed = actors.get(self.attributed_to) if self.attributed_to else None
        outlet = actors.get(self.outlet) if self.outlet else None
        return {
            "kind": "statement",
            "id": self.id,
            "doc": self.doc,
            "relation": self.relation.name,
            "plover": self.relation.plover,
            "quad": self.relation.quad,
            "symmetric": self.relation.symmetric,
            "subject": actors[self.subject].to_json(self.subject_mention),
            "object": actors[self.object].to_json(self.object_mention),
            "polarity": self.polarity,
            "modality": self.modality,
            "attributed_to": (
                {"id": attributed.id, "label": attributed.label} if attributed is not None else None
            ),
            "outlet": {"id": outlet.id, "label": outlet.label} if outlet is not None else None,
            "evidence": {"text": self.evidence.text, "start": self.evidence.start, "end": self.evidence.end},
            "confidence": round(self.confidence, 3),
            "date": self.date,
            "trigger": self.trigger,
        }


@dataclass(frozen=True)
class DocumentInfo:
    """What the graph keeps of an input document (not its whole text)."""

    id: str
    title: str | None = None
    date: str | None = None
    url: str | None = None
    source: str | None = None
    text_hash: str | None = None
    length: int = 0

    @property
    def iri(self) -> str:
        return document_iri(self.id)


def document_iri(doc_id: str) -> str:
    """Return the IRI of a document (and of its named graph): a readable slug plus a hash of the id.

    One rule for every id, so no id can take another's IRI: the hash (80 bits of SHA-256 of the
    whole id) is always added, also to an id that is already in slug form, and the slug is only
    there to be read. An id crafted to look like another document's IRI gets an IRI of its own.

    Examples
    --------
    >>> document_iri("01-arms-supply.md").rsplit("/", 1)[-1]
    '01-arms-supply-md-c8baeef9e124e9cce996'
    >>> forged = document_iri("01-arms-supply.md").rsplit("/", 1)[-1]
    >>> document_iri(forged) == document_iri("01-arms-supply.md")
    False
    """
    ascii_text = unicodedata.normalize("NFKD", doc_id).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:80].rstrip("-") or "x"
    digest = hashlib.sha256(doc_id.encode("utf-8", "surrogatepass")).hexdigest()[:20]
    return str(DOC[f"{slug}-{digest}"])


@dataclass
class ExtractionResult:
    """What extraction found in one document; ``error`` says why it could not be extracted."""

    document: DocumentInfo
    actors: dict[str, Actor] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    error: str | None = None
    #: what was cut or capped while extracting (reported in ``report.jsonl``, the document kept)
    notes: list[str] = field(default_factory=list)


@dataclass
class KnowledgeGraph:
    """The actors, mentions, statements and documents of a corpus.

    The one in-memory model: the RDF, networkx and HTML views are all computed from it, and
    ``graphkit.load`` reads RDF back into it.
    """

    actors: dict[str, Actor] = field(default_factory=dict)
    documents: dict[str, DocumentInfo] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)

    # -- in a notebook ------------------------------------------------------------------
    def __repr__(self) -> str:
        """A one-line summary, whatever the size of the graph.

        Examples
        --------
        >>> from graphkit.samples import from_triples
        >>> from_triples([("Russia", "arms", "Syria"), ("Israel", "strikes", "Hezbollah")])
        KnowledgeGraph(1 documents, 4 actors, 2 statements: arms 1, strikes 1)
        """
        counts = self.statements_by_relation()
        top = ", ".join(f"{name} {n}" for name, n in list(counts.items())[:5])
        more = ", ..." if len(counts) > 5 else ""
        return (
            f"KnowledgeGraph({len(self.documents)} documents, {len(self.used_actors())} actors, "
            f"{len(self.statements)} statements{': ' + top + more if top else ''})"
        )

    def _repr_html_(self) -> str:
        """Jupyter's summary: counts, the statements per relation and the most connected actors."""
        import html

        degree: dict[str, int] = {}
        for s in self.statements:
            for a in (s.subject, s.object):
                degree[a] = degree.get(a, 0) + 1
        top = sorted(degree.items(), key=lambda kv: (-kv[1], kv[0]))[:8]

        def label(iri: str) -> str:
            actor = self.actors.get(iri)
            return actor.label if actor else iri

        rows = [
            ("documents", str(len(self.documents))),
            ("actors", str(len(self.used_actors()))),
            ("statements", str(len(self.statements))),
            ("by relation", ", ".join(f"{k} {n}" for k, n in self.statements_by_relation().items()) or "-"),
            ("top actors", ", ".join(f"{label(a)} ({n})" for a, n in top) or "-"),
        ]
        body = "".join(
            f"<tr><th style='text-align:left'>{html.escape(k)}</th>"
            f"<td style='text-align:left'>{html.escape(v)}</td></tr>"
            for k, v in rows
        )
        return f"<table><caption style='text-align:left'><b>KnowledgeGraph</b></caption>{body}</table>"

    # -- building -------------------------------------------------------------------------
    def add(self, result: ExtractionResult) -> None:
        """Add one document's extraction result, replacing an earlier version of that document."""
        doc_id = result.document.id
        if doc_id in self.documents:
            self.remove_document(doc_id)
        self.documents[doc_id] = result.document
        for actor in result.actors.values():
            self.actors.setdefault(actor.id, actor)
        self.mentions.extend(result.mentions)
        self.statements.extend(result.statements)

    def remove_document(self, doc_id: str) -> None:
        """Drop a document with its mentions and statements (actors stay)."""
        self.documents.pop(doc_id, None)
        self.mentions = [m for m in self.mentions if m.doc != doc_id]
        self.statements = [s for s in self.statements if s.doc != doc_id]

    def extend(self, results: Iterable[ExtractionResult]) -> KnowledgeGraph:
        for result in results:
            self.add(result)
        return self

    # -- reading -------------------------------------------------------------------------
    def used_actors(self) -> dict[str, Actor]:
        """Return the actors that some mention or statement refers to, sorted by IRI."""
        return used_actors(self)

    def iter_json(self, mentions: bool = True) -> Iterator[dict[str, Any]]:
        """Yield FORMAT.md lines: per document, its statements then its mentions."""
        from graphkit.lines import json_lines

        return json_lines(self, mentions=mentions)

    def statements_by_relation(self) -> dict[str, int]:
        """Return the number of statements per relation (``not <relation>`` when negated), most first."""
        from graphkit.lines import relation_counts

        return relation_counts(self)

    # -- the other stages, as thin methods (kglab-style facade) --------------------------
    def to_rdf(self, **kwargs: Any):
        """Return the graph as an rdflib ``Dataset`` (one named graph per document)."""
        from graphkit.rdf import to_dataset

        return to_dataset(self, **kwargs)

    def to_networkx(self, evidence: bool = False, **kwargs: Any):
        """Return the actor network as a networkx ``MultiDiGraph``, one edge per pair, relation and polarity.

        By default every attribute is a scalar (``graphkit.writers.gephi.network_for_gephi``), so
        ``nx.write_graphml(kg.to_networkx(), path)`` and ``nx.write_gexf`` work as they are; with
        ``evidence=True`` edges also carry their statements and evidence as lists
        (``graphkit.network.to_multidigraph``, which ``**kwargs`` go to).
        """
        if evidence or kwargs:
            from graphkit.network import to_multidigraph

            return to_multidigraph(self, **kwargs)
        from graphkit.writers.gephi import network_for_gephi

        return network_for_gephi(self)

    def write_html(self, path: Any, **kwargs: Any) -> None:
        """Write the self-contained interactive HTML view."""
        from graphkit.view import write_html

        write_html(self, path, **kwargs)

    def write(self, path: Any, format: str | None = None) -> None:
        """Write the graph as RDF (format guessed from the suffix: .ttl .trig .nt .nq .jsonld)."""
        from graphkit.rdf import write_rdf

        write_rdf(self, path, format=format)

    def write_statements(self, path: Any, mentions: bool = False) -> None:
        """Write the statements (and optionally the mentions) as FORMAT.md JSON lines."""
        from graphkit.io import write_jsonl

        write_jsonl(self.iter_json(mentions=mentions), path)

    def write_outputs(self, out: Any, formats: Any = ("ttl",), **kwargs: Any) -> list:
        """Write what ``graphkit build -o OUT`` writes (:func:`graphkit.outputs.write_outputs`)."""
        from graphkit.outputs import write_outputs

        return write_outputs(self, out, formats, **kwargs)

    def sparql(self, query: str, **bindings: Any):
        """Run a SPARQL query with bound parameters and return a pandas DataFrame.

        The prefixes ``gk:``, ``skos:``, ``prov:``, ``dcterms:``, ``actor:`` ... need no ``PREFIX``
        line (``graphkit.query.PREFIXES``); a ``str`` that is an IRI of the graph binds that IRI.
        """
        from graphkit.query import sparql

        return sparql(self, query, **bindings)

    def query_as_df(self, sparql: str, bindings: dict[str, Any] | None = None, **kwargs: Any):
        """Run a SPARQL query into a pandas DataFrame, as kglab's ``query_as_df`` (``bindings`` a dict).

        Examples
        --------
        >>> from graphkit.samples import from_triples
        >>> kg = from_triples([("Russia", "arms", "Syria")])
        >>> kg.query_as_df("SELECT ?l WHERE { ?a gk:arms ?b . ?b skos:prefLabel ?l }")
               l
        0  Syria
        """
        return self.sparql(sparql, **{**(bindings or {}), **kwargs})

    def validate(self) -> tuple[bool, str]:
        """Validate the graph's RDF against graphkit's SHACL shapes: ``(conforms, report text)``."""
        from graphkit.validate import validate

        return validate(self)

    def to_dataframe(self):
        """Return the statements as a pandas DataFrame, one row per statement (``statements.csv``)."""
        from graphkit.writers.table import statements_frame

        return statements_frame(self)


def used_actors(kg: KnowledgeGraph) -> dict[str, Actor]:
    """Return the actors that some mention or statement of ``kg`` refers to, sorted by IRI.

    The parents of those actors (``part_of``) are kept too, so that no ``part_of`` dangles.

    Examples
    --------
    >>> actors = [Actor("a", "A"), Actor("b", "B"), Actor("c", "C", part_of="a")]
    >>> kg = KnowledgeGraph(actors={a.id: a for a in actors})
    >>> kg.mentions.append(Mention("doc", "C", 0, 1, "c"))
    >>> list(used_actors(kg))
    ['a', 'c']
    """
    used: set[str] = {m.actor for m in kg.mentions}
    for s in kg.statements:
        used.update((s.subject, s.object))
        used.update(a for a in (s.attributed_to, s.outlet) if a)
    frontier = list(used)
    while frontier:
        parent = kg.actors.get(frontier.pop())
        if parent and parent.part_of and parent.part_of not in used and parent.part_of in kg.actors:
            used.add(parent.part_of)
            frontier.append(parent.part_of)
    return {k: kg.actors[k] for k in sorted(used) if k in kg.actors}


@lru_cache(maxsize=1 << 16)
def _provisional(cls: type[Actor], name: str, type: str, country: str | None) -> Actor:
    """:meth:`Actor.provisional_actor`, made once per name: an article names its actors again and
    again, and an actor is frozen, so one object serves every mention (a long run meets new names
    forever: the cache is bounded)."""
    key = re.sub(r"\s+", " ", name.strip())
    return cls(
        id=str(ACTOR[f"provisional/{type.lower()}/{slugify(key)}"]),
        label=key,
        type=type,
        country=country,
        provisional=True,
    )
