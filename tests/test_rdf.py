"""RDF output: the statement model, every format's round trip, determinism, SHACL conformance, Gephi files."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
import rdflib
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from kgfactory import DOC1, HEZBOLLAH, ISIS, RUSSIA, RUSSIAN_MILITARY, canonical, make_kg, sorted_aliases

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
from graphkit.namespaces import GK, ONTOLOGY
from graphkit.quads import as_quads, oxigraph_term, rdflib_term
from graphkit.rdf import (
    load,
    ontology_quads,
    relation_iri,
    serialize,
    to_dataset,
    to_graph,
    to_quads,
    write_output,
    write_rdf,
)
from graphkit.validate import validate
from graphkit.vocabulary import default_vocabulary
from graphkit.writers.gephi import write_network

ROOT = Path(__file__).resolve().parents[1]
RDF_SUFFIXES = ["ttl", "trig", "nt", "nq", "jsonld"]
ARMS = rdflib.URIRef(relation_iri("arms"))
STRIKES = rdflib.URIRef(relation_iri("strikes"))


@pytest.fixture
def kg() -> KnowledgeGraph:
    return make_kg()


@pytest.mark.parametrize("suffix", RDF_SUFFIXES)
def test_every_format_reads_back_into_the_same_model(kg, tmp_path, suffix):
    path = write_rdf(kg, tmp_path / f"graph.{suffix}")
    back = load(path)
    assert canonical(back) == canonical(kg)
    # the actors come back exactly, aliases in their gazetteer order
    assert back.actors[RUSSIA].aliases == ("Russian Federation", "Moscow", "the Kremlin")
    arms = next(s for s in back.statements if s.relation.name == "arms")
    assert arms.relation is default_vocabulary()["arms"]
    assert arms.evidence.text == kg.statements[0].evidence.text
    assert '"Moscow supplies us' in arms.evidence.text and "\\" in arms.evidence.text


def test_several_files_load_into_one_graph(kg, tmp_path):
    first = KnowledgeGraph(actors=kg.actors, documents={DOC1: kg.documents[DOC1]})
    first.mentions = [m for m in kg.mentions if m.doc == DOC1]
    first.statements = [s for s in kg.statements if s.doc == DOC1]
    second = KnowledgeGraph(actors=kg.actors)
    for doc_id in set(kg.documents) - {DOC1}:
        second.documents[doc_id] = kg.documents[doc_id]
    second.mentions = [m for m in kg.mentions if m.doc != DOC1]
    second.statements = [s for s in kg.statements if s.doc != DOC1]
    paths = [write_rdf(first, tmp_path / "a.nq"), write_rdf(second, tmp_path / "b.ttl")]
    assert canonical(load(paths)) == canonical(kg)


def test_jsonld_holds_the_same_quads_as_trig_and_has_a_context(kg, tmp_path):
    trig = set(ox.parse(path=str(write_rdf(kg, tmp_path / "g.trig"))))
    jsonld_path = write_rdf(kg, tmp_path / "g.jsonld")
    assert set(ox.parse(path=str(jsonld_path))) == trig
    text = jsonld_path.read_text(encoding="utf-8")
    assert text.startswith('{\n "@context": {') and '"evidence":' in text
    # rdflib reads it too, into the same dataset
    ds = rdflib.Dataset()
    ds.parse(jsonld_path, format="json-ld")
    assert len(ds) + sum(len(g) for g in ds.graphs() if g.identifier != ds.default_graph.identifier) >= len(
        trig
    )


@pytest.mark.parametrize("suffix", RDF_SUFFIXES)
def test_two_writes_are_byte_identical(kg, tmp_path, suffix):
    first = write_rdf(kg, tmp_path / f"1.{suffix}").read_bytes()
    shuffled = make_kg()
    shuffled.statements.reverse()
    shuffled.mentions.reverse()
    shuffled.actors = dict(reversed(list(shuffled.actors.items())))
    assert write_rdf(shuffled, tmp_path / f"2.{suffix}").read_bytes() == first


def test_output_does_not_depend_on_the_process(kg, tmp_path):
    """Another interpreter, with another hash seed, writes the very same bytes."""
    script = (
        "import sys; sys.path.insert(0, sys.argv[1]);"
        "from kgfactory import make_kg; from graphkit.rdf import serialize;"
        "formats = ('turtle', 'trig', 'nt', 'nq', 'json-ld');"
        "sys.stdout.buffer.write(b''.join(serialize(make_kg(), f) for f in formats))"
    )
    here = b"".join(serialize(kg, f) for f in ("turtle", "trig", "nt", "nq", "json-ld"))
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    out = subprocess.run(
        [sys.executable, "-c", script, str(Path(__file__).parent)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        check=True,
    )
    assert out.stdout == here


def test_documents_are_named_graphs_and_only_positive_statements_give_plain_triples(kg):
    ds = to_dataset(kg)
    doc_graph = ds.graph(rdflib.URIRef(document_iri(DOC1)))
    russia, hezbollah = rdflib.URIRef(RUSSIA), rdflib.URIRef(HEZBOLLAH)
    assert (russia, ARMS, hezbollah) in doc_graph
    # "Russian jets did not strike ISIS": a statement node, but never the plain triple
    military, isis = rdflib.URIRef(RUSSIAN_MILITARY), rdflib.URIRef(ISIS)
    negated = [s for s in doc_graph.subjects(rdflib.URIRef(GK.polarity), rdflib.Literal("negative"))]
    assert len(negated) == 1
    assert (negated[0], rdflib.URIRef(GK.predicate), STRIKES) in doc_graph
    assert not any(True for _ in ds.quads((military, STRIKES, isis, None)))
    # actors live in the default graph, statements only in their document's graph
    assert (russia, rdflib.RDF.type, rdflib.URIRef(GK.State)) in ds.default_graph
    assert not list(ds.default_graph.triples((None, rdflib.URIRef(GK.subject), None)))


def test_statement_and_mention_iris_are_deterministic(kg):
    subjects = {q.subject.value for q in to_quads(kg)}
    assert {s.id for s in kg.statements} <= subjects
    assert make_kg().statements[0].id == kg.statements[0].id


def test_flat_graph_keeps_each_node_s_document(kg):
    g = to_graph(kg)
    prov = rdflib.Namespace("http://www.w3.org/ns/prov#")
    for s in kg.statements:
        assert g.value(rdflib.URIRef(s.id), prov.wasDerivedFrom) == rdflib.URIRef(document_iri(s.doc))


def test_rdflib_reads_the_turtle_too(kg, tmp_path, monkeypatch):
    path = write_rdf(kg, tmp_path / "g.ttl")
    # rdflib rewrites lexical forms as it parses ("...Z" -> "...+00:00") unless told not to
    monkeypatch.setattr(rdflib, "NORMALIZE_LITERALS", False)
    parsed = rdflib.Graph().parse(path, format="turtle")
    assert len(parsed) == len(to_quads(kg, flat=True))
    back = load(parsed)
    # an rdflib graph has no triple order, so aliases come back in some order: all else is exact
    assert canonical(back)[1:] == canonical(kg)[1:]
    for actor_id, actor in kg.actors.items():
        assert replace(
            back.actors[actor_id], aliases=tuple(sorted(back.actors[actor_id].aliases))
        ) == replace(actor, aliases=tuple(sorted(actor.aliases)))


def test_dates_are_typed_and_odd_dates_stay_text(kg, tmp_path):
    kg.documents[DOC1] = replace(kg.documents[DOC1], date="March 2024")
    kg.statements[0] = replace(kg.statements[0], date="2024-02-30")  # no such day
    path = write_rdf(kg, tmp_path / "g.nt")
    text = path.read_text(encoding="utf-8")
    assert '"2024-03-15T08:30:00Z"^^<http://www.w3.org/2001/XMLSchema#dateTime>' in text
    assert '"March 2024" .' in text and '"2024-02-30" .' in text
    assert canonical(load(path)) == canonical(kg)
    assert validate(path)[0]


def test_ontology_defines_every_relation_and_actor_class():
    onto = rdflib.Graph().parse(ROOT / "ontologies" / "graphkit.ttl")
    for name in default_vocabulary():
        prop = rdflib.URIRef(relation_iri(name))
        assert (prop, rdflib.URIRef(GK.relationName), rdflib.Literal(name)) in onto
    for actor_type in ACTOR_TYPES:
        assert (rdflib.URIRef(GK[actor_type]), rdflib.RDFS.subClassOf, rdflib.URIRef(GK.Actor)) in onto


# -- SHACL ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("suffix", ["ttl", "trig", "jsonld"])
def test_output_conforms_to_the_shapes(kg, tmp_path, suffix):
    conforms, report = validate(write_rdf(kg, tmp_path / f"g.{suffix}"))
    assert conforms, report


def _broken(kg: KnowledgeGraph, how: str) -> Path | KnowledgeGraph:
    if how == "unknown modality":
        kg.statements[0] = replace(kg.statements[0], modality="rumoured")
    elif how == "confidence above one":
        kg.statements[0] = replace(kg.statements[0], confidence=1.5)
    elif how == "subject not an actor":
        kg.statements[0] = replace(kg.statements[0], subject="https://example.org/nobody")
    elif how == "bad country code":
        kg.actors[RUSSIA] = replace(kg.actors[RUSSIA], country="Russia")
    elif how == "mention ends before it starts":
        m = kg.mentions[0]
        kg.mentions[0] = replace(m, start=m.end + 3)
    return kg


@pytest.mark.parametrize(
    ("how", "component"),
    [
        ("unknown modality", "InConstraintComponent"),
        ("confidence above one", "MaxInclusiveConstraintComponent"),
        ("subject not an actor", "ClassConstraintComponent"),
        ("bad country code", "PatternConstraintComponent"),
        ("mention ends before it starts", "LessThanOrEqualsConstraintComponent"),
    ],
)
def test_shapes_reject_a_broken_graph(kg, how, component):
    conforms, report = validate(_broken(kg, how))
    assert not conforms
    assert f"Constraint Violation in {component}" in report


def test_shapes_reject_a_plain_triple_without_a_positive_statement(kg, tmp_path):
    path = write_rdf(kg, tmp_path / "g.nt")
    # a negated statement must never give `subject relation object`: add one by hand
    extra = f"<{RUSSIAN_MILITARY}> <{relation_iri('strikes')}> <{ISIS}> .\n"
    path.write_text(path.read_text(encoding="utf-8") + extra, encoding="utf-8")
    conforms, report = validate(path)
    assert not conforms and "without a positive gk:Statement" in report


def test_shapes_reject_a_positive_statement_without_its_plain_triple(kg, tmp_path):
    path = write_rdf(kg, tmp_path / "g.nt")
    plain = f"<{RUSSIA}> <{relation_iri('arms')}> <{HEZBOLLAH}> .\n"
    text = path.read_text(encoding="utf-8")
    assert plain in text
    path.write_text(text.replace(plain, ""), encoding="utf-8")
    conforms, report = validate(path)
    assert not conforms and "without its plain triple" in report


# -- escaping of untrusted text -------------------------------------------------------------------
def _one_statement_kg(text: str, label: str) -> KnowledgeGraph:
    vocab = default_vocabulary()
    a = Actor.provisional_actor(label or "x", "Organisation")
    b = Actor.provisional_actor("Other group", "ArmedGroup")
    doc = DocumentInfo(id=f"doc {label}", title=text, source=text, url=text)
    ma = Mention(doc.id, label, 0, len(label), a.id, "ner")
    mb = Mention(doc.id, "Other group", 1, 12, b.id, "ner")
    st = Statement(doc.id, vocab["condemns"], a.id, b.id, ma, mb, Evidence(text, 0, len(text)), trigger=text)
    return KnowledgeGraph(
        actors={a.id: a, b.id: b}, documents={doc.id: doc}, mentions=[ma, mb], statements=[st]
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(min_size=0, max_size=60), label=st.text(min_size=1, max_size=20).filter(str.strip))
def test_any_text_survives_every_format(tmp_path, text, label):
    kg = _one_statement_kg(text, label)
    for suffix in ("ttl", "nq", "jsonld"):
        assert canonical(load(write_rdf(kg, tmp_path / f"h.{suffix}"))) == canonical(kg)


def test_lone_surrogates_are_replaced_not_fatal(tmp_path):
    kg = _one_statement_kg("bad \ud800 byte", "Group")
    back = load(write_rdf(kg, tmp_path / "s.ttl"))
    assert back.statements[0].evidence.text == "bad \ufffd byte"


# -- GraphML and GEXF for Gephi -------------------------------------------------------------------
@pytest.mark.parametrize("suffix", ["graphml", "gexf"])
def test_actor_network_files_for_gephi(kg, tmp_path, suffix):
    path = write_output(kg, tmp_path / f"actors.{suffix}")
    G = nx.MultiDiGraph(nx.read_graphml(path) if suffix == "graphml" else nx.read_gexf(path))
    assert G.has_edge(RUSSIA, HEZBOLLAH)
    # negated: an edge of its own, told apart by its polarity and without a sign (issue 14)
    (negated,) = [d for d in G.get_edge_data(RUSSIAN_MILITARY, ISIS).values()]
    assert (negated["polarity"], int(negated["sign"])) == ("negative", 0)
    label = G.nodes[HEZBOLLAH].get("label")
    assert label == "Hezbollah"
    (arms,) = [d for d in G.get_edge_data(RUSSIA, HEZBOLLAH).values()]
    assert int(arms["weight"]) == 1
    again = write_network(make_kg(), tmp_path / f"again.{suffix}")
    assert again.read_bytes() == path.read_bytes()


def test_unknown_format_is_a_clear_error(kg, tmp_path):
    with pytest.raises(ValueError, match="suffix"):
        write_output(kg, tmp_path / "graph.xyz")
    with pytest.raises(ValueError, match="unknown format"):
        write_rdf(kg, tmp_path / "graph.ttl", format="rdfxml-ish")


def test_the_gephi_writers_are_still_importable_from_rdf():
    from graphkit import rdf

    assert rdf.write_network is write_network


# -- one coercion of RDF sources for every consumer -----------------------------------------------
def _sources(kg: KnowledgeGraph, tmp_path: Path) -> dict[str, object]:
    from graphkit.store import add_graph, open_store

    trig = write_rdf(kg, tmp_path / "g.trig")
    store = ox.Store()
    store.extend(to_quads(kg))
    folder = tmp_path / "store"
    on_disk = open_store(folder)  # with the ontology's graph, as every graphkit store
    add_graph(on_disk, kg)
    on_disk.flush()
    del on_disk
    return {
        "kg": kg,
        "file": trig,
        "files": [trig],
        "store": store,
        "store folder": folder,
        "dataset": to_dataset(kg),
        "graph": to_graph(kg),
    }


def test_as_quads_keeps_graph_names_for_every_source_that_has_them(kg, tmp_path):
    quads = set(to_quads(kg))
    flat = {ox.Quad(t.subject, t.predicate, t.object) for t in to_quads(kg, flat=True)}
    for name, source in _sources(kg, tmp_path).items():
        got = {q for q in as_quads(source) if q.graph_name != ox.NamedNode(ONTOLOGY)}
        # an rdflib Graph has no graph names: its triples are in the default graph
        assert got == (flat if name == "graph" else quads), name
        assert any(q.graph_name == ox.NamedNode(document_iri(DOC1)) for q in got) == (name != "graph")


def test_load_query_and_validate_agree_on_every_source(kg, tmp_path):
    from graphkit.query import sparql, to_store
    from graphkit.validate import validate

    expected = canonical(sorted_aliases(kg))
    per_graph = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    for name, source in _sources(kg, tmp_path).items():
        assert canonical(sorted_aliases(load(source))) == expected, name
        assert validate(source)[0], name
        store = to_store(source)
        assert store.contains_named_graph(ox.NamedNode(ONTOLOGY)), name
        # the document graphs (two) and the ontology's, except from a flat rdflib Graph
        assert sparql(store, per_graph)["n"][0] == (1 if name == "graph" else 3), name


def test_load_ignores_the_ontology_graph_of_a_dataset(kg):
    ds = to_dataset(kg)
    ontology = ds.graph(rdflib.URIRef(ONTOLOGY))
    for q in ontology_quads():
        ontology.add((rdflib_term(q.subject), rdflib_term(q.predicate), rdflib_term(q.object)))
    assert canonical(sorted_aliases(load(ds))) == canonical(sorted_aliases(kg))


def test_push_sends_the_graphs_of_any_source(kg, tmp_path):
    from graphkit.push import push

    class Session:
        def __init__(self):
            self.sent: dict[str, int] = {}

        def request(self, method, url, params=None, data=b"", **_):
            self.sent[(params or {}).get("graph", "")] = len(data.splitlines())
            return type("Response", (), {"status_code": 204})()

    sent = {}
    for name, source in _sources(kg, tmp_path).items():
        if name in ("graph", "store folder"):  # no document graphs; the ontology graph too
            continue
        session = Session()
        report = push(source, "http://127.0.0.1:1/store", session=session, include_ontology=False)
        sent[name] = (report.graphs, session.sent)
    assert len({repr(v) for v in sent.values()}) == 1, sent
    graphs = sent["kg"][0]
    assert set(graphs) == {"", document_iri(DOC1), document_iri("wire-0002")}


def test_term_converters_round_trip_exact_lexical_forms():
    terms = [
        ox.NamedNode("urn:a"),
        ox.BlankNode("b1"),
        ox.Literal("plain"),
        ox.Literal("chez", language="fr"),
        ox.Literal(
            "2024-03-01T00:00:00Z", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#dateTime")
        ),
        ox.Literal("0.50", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal")),
    ]
    assert [oxigraph_term(rdflib_term(t)) for t in terms] == terms
    assert oxigraph_term(rdflib.Literal("bad \ud800")) == ox.Literal("bad \ufffd")


SEPARATORS = ["\x85", "a\u2028b", "\u2029", "x\ry", "\x0b\x0c\x1c\x1d\x1e", "line\nbreak"]


@pytest.mark.parametrize("text", SEPARATORS)
def test_jsonld_written_a_node_at_a_time_keeps_line_separators_in_strings(tmp_path, text):
    # the nodes are indented one by one: only the newlines between members may be, not a
    # separator that splitlines() would see inside a string (found by the property test above)
    import json

    from graphkit.writers.jsonld import serialize

    kg = _one_statement_kg(text, "label")
    data = serialize(kg).decode("utf-8")
    assert data == json.dumps(json.loads(data), ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    assert canonical(load(write_rdf(kg, tmp_path / "h.jsonld"))) == canonical(kg)
