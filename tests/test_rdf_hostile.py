"""Names and text that break naive RDF: every output parses back with rdflib and pyoxigraph, IRIs are valid.

Graphs are built by hand (no extraction) from hypothesis-generated hostile strings: quotes, backslashes,
angle brackets, newlines, control characters, right-to-left marks, emoji, lone surrogates and
10,000-character names, as labels, aliases, evidence, triggers, document ids and metadata.
"""

from __future__ import annotations

import re

import pyoxigraph as ox
import pytest
import rdflib
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graphkit.model import (
    ACTOR_TYPES,
    Actor,
    DocumentInfo,
    Evidence,
    KnowledgeGraph,
    Mention,
    Statement,
    document_iri,
)
from graphkit.rdf import load, serialize
from graphkit.vocabulary import default_vocabulary

FORMATS = {
    "turtle": (ox.RdfFormat.TURTLE, "turtle"),
    "trig": (ox.RdfFormat.TRIG, "trig"),
    "nt": (ox.RdfFormat.N_TRIPLES, "nt"),
    "nq": (ox.RdfFormat.N_QUADS, "nquads"),
    "json-ld": (ox.RdfFormat.JSON_LD, "json-ld"),
}
#: An absolute IRI (RFC 3987): a scheme, then no space, control character or <>"{}|\^`.
IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:[^\x00-\x20<>\"{}|\\^`\x7f-\x9f\ud800-\udfff]+")

PIECES = [
    '"',
    "'",
    '"""',
    "'''",
    "\\",
    "\\u0022",
    "\\n",
    "<",
    ">",
    "</script>",
    "<http://evil/>",
    "_:b0",
    "@prefix x: <y> .",
    "^^xsd:string",
    "@en",
    "\n",
    "\r",
    "\t",
    "\x00",
    "\x0b",
    "\x1f",
    "\x7f",
    "\x85",
    "\u2028",
    "\u200f",
    "\u202e",
    "\u2066",
    "\ufeff",
    "\ufffe",
    "🇺🇦",
    "👩‍👩‍👧",
    "e\u0301",
    "\ud800",
    "\udfff",
    "حزب الله",
    "中国",
    "%20",
    "%",
    "#",
    "?",
    "/",
    " ",
    "{}",
    "|",
    "^",
    "`",
    "Russia",
    "x" * 10_000,
]
piece = st.integers(0, len(PIECES) - 1).map(PIECES.__getitem__)  # by index: short failure reports
hostile = st.one_of(
    st.text(max_size=40),
    st.lists(st.one_of(piece, st.text(max_size=5)), min_size=1, max_size=12).map("".join),
)
name = hostile.filter(lambda s: s.strip())


@st.composite
def hostile_graphs(draw) -> KnowledgeGraph:
    vocab = default_vocabulary()
    relations = sorted(vocab)
    kg = KnowledgeGraph()
    labels = draw(st.lists(name, min_size=2, max_size=5))
    actors = []
    for k, label in enumerate(labels):
        actor = Actor.provisional_actor(label, draw(st.sampled_from(ACTOR_TYPES)))
        actor = Actor(
            actor.id,
            actor.label,
            actor.type,
            country=draw(st.one_of(st.none(), st.sampled_from(["RUS", "IRN"]))),
            aliases=tuple(draw(st.lists(name, max_size=2))),
            sector=draw(st.one_of(st.none(), hostile)),
            cameo=draw(st.one_of(st.none(), hostile.filter(bool))),
            part_of=actors[0].id if k and draw(st.booleans()) else None,
            provisional=True,
        )
        kg.actors[actor.id] = actor
        actors.append(actor)
    doc_ids = draw(st.lists(name, min_size=1, max_size=3, unique=True))
    for doc_id in doc_ids:
        text = draw(hostile)
        kg.documents[doc_id] = DocumentInfo(
            doc_id,
            title=draw(st.one_of(st.none(), hostile)),
            date=draw(st.one_of(st.none(), hostile, st.just("2024-03-01"))),
            url=draw(st.one_of(st.none(), hostile, st.just("javascript:alert(1)"))),
            source=draw(st.one_of(st.none(), hostile)),
            length=len(text),
        )
        for _ in range(draw(st.integers(0, 3))):
            a, b = draw(st.sampled_from(actors)), draw(st.sampled_from(actors))
            start = draw(st.integers(0, 50))
            ma = Mention(
                doc_id, draw(hostile), start, start + 3, a.id, draw(st.sampled_from(["ner", "coref"]))
            )
            mb = Mention(doc_id, draw(hostile), start + 5, start + 9, b.id)
            kg.mentions += [ma, mb]
            kg.statements.append(
                Statement(
                    doc_id,
                    vocab[draw(st.sampled_from(relations))],
                    a.id,
                    b.id,
                    ma,
                    mb,
                    Evidence(draw(hostile), start, start + 40),
                    polarity=draw(st.sampled_from(["positive", "negative"])),
                    modality=draw(st.sampled_from(["asserted", "reported", "hypothetical", "future"])),
                    attributed_to=draw(st.one_of(st.none(), st.sampled_from([x.id for x in actors]))),
                    confidence=draw(st.floats(0, 1)),
                    date=draw(st.one_of(st.none(), hostile)),
                    trigger=draw(st.one_of(st.none(), hostile)),
                )
            )
    return kg


def _iris(quad) -> list[str]:
    terms = [quad.subject, quad.predicate, quad.object, getattr(quad, "graph_name", None)]
    return [t.value for t in terms if isinstance(t, ox.NamedNode)]


def _scrub(text: str | None) -> str | None:
    return None if text is None else re.sub(r"[\ud800-\udfff]", "\ufffd", text)


HOSTILE = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:rdflib")  # rdflib's own, not ours


@HOSTILE
@given(hostile_graphs())
def test_every_format_parses_back_with_rdflib_and_pyoxigraph_and_iris_are_valid(kg):
    for name_, (ox_format, rdflib_format) in FORMATS.items():
        data = serialize(kg, name_)
        quads = list(ox.parse(data, format=ox_format))
        assert quads, name_
        for quad in quads:
            for iri in _iris(quad):
                assert IRI.fullmatch(iri), (name_, iri[:200])
        ds = rdflib.Dataset()
        ds.parse(data=data, format=rdflib_format)
        triples = {(s, p, o) for s, p, o, _ in ds.quads((None, None, None, None))}
        assert len(triples) == len({q.triple for q in quads}), name_
        for term in (t for triple in triples for t in triple):
            if isinstance(term, rdflib.URIRef):
                assert IRI.fullmatch(str(term)), (name_, str(term)[:200])


@HOSTILE
@given(hostile_graphs())
def test_hostile_text_comes_back_exactly(kg):
    back = load_from_bytes(serialize(kg, "nq"))
    assert {_scrub(a.label) for a in kg.actors.values()} >= {a.label for a in back.actors.values()}
    for doc_id, doc in kg.documents.items():
        got = back.documents[_scrub(doc_id)]
        assert (got.title, got.url, got.source) == (_scrub(doc.title), _scrub(doc.url), _scrub(doc.source))
    assert sorted(_scrub(s.evidence.text) for s in kg.statements) == sorted(
        s.evidence.text for s in back.statements
    )
    assert sorted(_scrub(s.trigger) or "" for s in kg.statements) == sorted(
        s.trigger or "" for s in back.statements
    )


def load_from_bytes(data: bytes) -> KnowledgeGraph:
    store = ox.Store()
    store.load(data, format=ox.RdfFormat.N_QUADS)
    return load(store)


def _look_alikes(base: str) -> st.SearchStrategy[list[str]]:
    """Ids a slug would merge: other case, other punctuation or spacing, a suffix."""
    variants = [
        base,
        base.upper(),
        base.lower(),
        base.replace(" ", "-"),
        base.replace(" ", "_"),
        base.replace("-", " "),
        base.replace("/", "-"),
        base + ".",
        "-" + base,
        base + " ",
    ]
    return st.lists(st.sampled_from(variants), min_size=1, max_size=4)


@given(st.lists(name, min_size=1, max_size=3).flatmap(lambda bases: st.tuples(*map(_look_alikes, bases))))
@settings(max_examples=200, deadline=None)
def test_different_document_ids_never_share_an_iri(groups):
    doc_ids = {d for group in groups for d in group}
    iris = {document_iri(d) for d in doc_ids}
    assert len(iris) == len(doc_ids), "two documents would share one named graph"
    for iri in iris:
        assert IRI.fullmatch(iri)


@pytest.mark.parametrize("ids", [("a b.txt", "a-b.txt"), ("txt/0001.txt", "txt-0001.txt"), ("Doc", "doc")])
def test_file_names_that_differ_only_in_punctuation_or_case_stay_two_documents(ids, tmp_path):
    kg = KnowledgeGraph(documents={d: DocumentInfo(d, title=f"title of {d}") for d in ids})
    back = load_from_bytes(serialize(kg, "nq"))
    assert {d: back.documents[d].title for d in back.documents} == {d: f"title of {d}" for d in ids}
