"""SPARQL to pandas with bound parameters, and the named queries."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
import rdflib
from kgfactory import DOC1, HEZBOLLAH, IRAN, ISIS, RUSSIA, make_kg

from graphkit import query as Q
from graphkit.model import Actor, Evidence, Mention, Statement
from graphkit.rdf import to_dataset, write_rdf
from graphkit.store import add_graph, open_store
from graphkit.vocabulary import default_vocabulary

PREFIXES = """
PREFIX gk: <https://w3id.org/graphkit/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""
SUPPLIERS_OF = (
    PREFIXES
    + """
SELECT ?name ?supplier WHERE {
    ?recipient skos:prefLabel ?name .
    ?supplier gk:arms ?recipient .
}"""
)
INJECTION = '"} ; DROP ALL ; #'


@pytest.fixture(scope="module")
def store() -> ox.Store:
    return Q.to_store(make_kg())


def test_bound_parameter_selects(store):
    frame = Q.sparql(store, SUPPLIERS_OF, name="Hezbollah")
    assert frame.to_dict("records") == [{"name": "Hezbollah", "supplier": RUSSIA}]
    assert Q.sparql(store, SUPPLIERS_OF, name="Iran").empty


def test_a_binding_is_only_ever_a_literal(tmp_path):
    """A value that would break out of a formatted query is matched as text, and nothing is dropped."""
    kg = make_kg()
    # an actor whose (untrusted, text-derived) name is the injection string itself
    odd = Actor.provisional_actor(INJECTION, "Organisation")
    kg.actors[odd.id] = odd
    m1 = Mention(DOC1, "x", 0, 1, odd.id, "ner")
    m2 = Mention(DOC1, "y", 2, 3, HEZBOLLAH, "ner")
    kg.mentions += [m1, m2]
    kg.statements.append(
        Statement(DOC1, default_vocabulary()["arms"], odd.id, HEZBOLLAH, m1, m2, Evidence("x y", 0, 3))
    )
    store = open_store(tmp_path / "store")
    add_graph(store, kg)
    size = len(store)

    found = Q.sparql(store, PREFIXES + "SELECT ?name ?a WHERE { ?a skos:prefLabel ?name }", name=INJECTION)
    assert found["a"].tolist() == [odd.id]
    assert Q.sparql(store, SUPPLIERS_OF, name=INJECTION).empty
    assert Q.arms_suppliers_with_evidence(store, INJECTION).empty
    assert Q.allies_and_enemies(store, INJECTION + " }").empty
    assert len(store) == size
    assert set(Q.arms_suppliers(store)["supplier"]) == {RUSSIA, odd.id}


def test_iris_are_bound_with_uriref(store):
    frame = Q.sparql(
        store, PREFIXES + "SELECT ?r ?label WHERE { ?r skos:prefLabel ?label }", r=rdflib.URIRef(IRAN)
    )
    assert frame["label"].tolist() == ["Iran"]


def test_a_binding_the_query_does_not_select_is_an_error(store):
    with pytest.raises(ValueError, match="SELECT clause"):
        Q.sparql(store, PREFIXES + "SELECT ?s WHERE { ?s skos:prefLabel ?name }", name="Iran")


def test_values_come_back_as_python_types(store):
    frame = Q.sparql(
        store,
        PREFIXES
        + "SELECT ?c ?start ?n WHERE { ?s gk:confidence ?c ; gk:evidenceStart ?start . BIND(1 = 1 AS ?n) }",
    )
    assert sorted(frame["c"].tolist()) == sorted(s.confidence for s in make_kg().statements)
    assert all(isinstance(v, int) for v in frame["start"]) and all(v is True for v in frame["n"])


def test_ask_and_construct(store):
    assert Q.sparql(store, PREFIXES + "ASK { ?a gk:arms ?b }")["result"].tolist() == [True]
    triples = Q.sparql(store, PREFIXES + "CONSTRUCT { ?a gk:arms ?b } WHERE { ?a gk:arms ?b }")
    assert triples.to_dict("records") == [
        {"subject": RUSSIA, "predicate": "https://w3id.org/graphkit/ontology#arms", "object": HEZBOLLAH}
    ]


def test_every_kind_of_source_gives_the_same_answer(tmp_path):
    kg = make_kg()
    expected = Q.arms_suppliers_with_evidence(kg, "Hezbollah")
    assert len(expected) == 1
    store = open_store(tmp_path / "store")
    add_graph(store, kg)
    del store
    sources = [
        write_rdf(kg, tmp_path / "g.trig"),
        write_rdf(kg, tmp_path / "g.ttl"),
        to_dataset(kg),
        tmp_path / "store",
    ]
    for source in sources:
        assert Q.arms_suppliers_with_evidence(source, "Hezbollah").equals(expected), source


# -- named queries --------------------------------------------------------------------------------
def test_who_arms_hezbollah_according_to_whom_citing_which_sentence(store):
    frame = Q.arms_suppliers_with_evidence(store, "hizballah")  # an alias, in another case
    assert len(frame) == 1
    row = frame.iloc[0]
    arms = make_kg().statements[0]
    assert (row.supplier_label, row.recipient_label, row.according_to) == ("Russia", "Hezbollah", "Hezbollah")
    assert row.evidence == arms.evidence.text and row.modality == "reported"
    assert (row.document, row.date, row.confidence) == (DOC1, "2024-03-01", 0.8)
    assert Q.arms_suppliers_with_evidence(store, HEZBOLLAH).equals(frame)  # by IRI too
    assert len(Q.arms_suppliers_with_evidence(store)) == 1  # unbound: every recipient
    assert Q.arms_suppliers_with_evidence(store, "Iran").empty


def test_arms_suppliers(store):
    frame = Q.arms_suppliers(store)
    assert frame[["supplier", "recipient", "statements", "documents"]].to_dict("records") == [
        {"supplier": RUSSIA, "recipient": HEZBOLLAH, "statements": 1, "documents": 1}
    ]


def test_allies_and_enemies(store):
    frame = Q.allies_and_enemies(store, "Hezbollah")
    stances = {(r.other, r.stance) for r in frame.itertuples()}
    # allied_with (symmetric) and arms count as cooperation; the attack as conflict; the
    # spokesperson is a structural tie, neither ally nor enemy
    assert stances == {(IRAN, "ally"), (RUSSIA, "ally"), (ISIS, "enemy")}
    # the negated strike is no enmity between the Russian military and ISIS
    assert Q.allies_and_enemies(store, "ISIS")["other"].tolist() == [HEZBOLLAH]


def test_conflict_dyads_by_month(store):
    frame = Q.conflict_dyads_by_month(store)
    assert frame[["month", "side_a", "side_b", "statements", "material", "verbal"]].to_dict("records") == [
        {"month": "2024-03", "side_a": HEZBOLLAH, "side_b": ISIS, "statements": 1, "material": 1, "verbal": 0}
    ]


def test_attributed_to(store):
    hezbollah_says = Q.attributed_to(store, "Hezbollah")
    assert hezbollah_says[["relation", "polarity"]].to_dict("records") == [
        {"relation": "arms", "polarity": "positive"}
    ]
    russia_says = Q.attributed_to(store, "the kremlin")
    assert russia_says[["relation", "polarity"]].to_dict("records") == [
        {"relation": "strikes", "polarity": "negative"}
    ]


def test_negated_claims(store):
    frame = Q.negated_claims(store)
    assert frame[["subject_label", "relation", "object_label", "according_to"]].to_dict("records") == [
        {
            "subject_label": "Russian armed forces",
            "relation": "strikes",
            "object_label": "Islamic State",
            "according_to": "Russia",
        }
    ]
    assert "did not strike" in frame.iloc[0].evidence


def test_named_queries_are_listed_and_run_by_name_or_file(store, tmp_path):
    names = Q.named_queries()
    assert set(names) == set(Q.NAMED_QUERY_FUNCTIONS)
    assert all(description.endswith(".") for description in names.values())
    by_name = Q.run_named_query(store, "negated_claims")
    path = tmp_path / "mine.rq"
    path.write_text(Q.load_query("negated_claims"), encoding="utf-8")
    assert Q.run_named_query(store, path).equals(by_name)
    with pytest.raises(KeyError, match="no named query"):
        Q.load_query("who_is_who")


def test_parse_bindings():
    assert Q.parse_bindings(["recipient=Hezbollah", f"actor=<{RUSSIA}>", "q=a=b"]) == {
        "recipient": "Hezbollah",
        "actor": rdflib.URIRef(RUSSIA),
        "q": "a=b",
    }
    with pytest.raises(ValueError):
        Q.parse_bindings(["no equals sign"])


# -- issue 14: queries like kglab's ------------------------------------------------------------------
def test_the_project_prefixes_need_no_declaration(store):
    # the README's snippet, word for word
    frame = make_kg().sparql("SELECT ?s WHERE { ?s a gk:State }")
    assert RUSSIA in set(frame["s"]) and IRAN in set(frame["s"])
    frame = Q.sparql(
        store,
        "SELECT ?label WHERE { ?s a gk:ArmedGroup ; skos:prefLabel ?label . "
        "?st prov:wasDerivedFrom ?d . ?d dcterms:identifier ?id . FILTER(?s = actor:hezbollah) }",
    )
    assert set(frame["label"]) == {"Hezbollah"}
    # a query's own declaration wins over the default
    own = "PREFIX gk: <urn:other#> SELECT ?s WHERE { ?s a gk:State }"
    assert Q.sparql(store, own).empty


def test_a_str_that_is_an_iri_of_the_graph_binds_that_iri(store):
    # the notebook's cell: an actor's IRI taken from kg.actors, a plain str
    frame = Q.sparql(
        store,
        PREFIXES + "SELECT ?supplier ?recipient WHERE { ?supplier gk:arms ?recipient }",
        supplier=RUSSIA,
    )
    assert frame.to_dict("records") == [{"supplier": RUSSIA, "recipient": HEZBOLLAH}]
    # an IRI-looking str that names nothing in the graph stays a literal: it matches nothing
    assert Q.sparql(
        store, PREFIXES + "SELECT ?supplier WHERE { ?supplier gk:arms ?r }", supplier=RUSSIA + "-not"
    ).empty
    # and a label is matched as text, as before
    assert not Q.sparql(store, SUPPLIERS_OF, name="Hezbollah").empty


def test_every_named_query_declares_the_parameters_its_function_takes():
    import inspect

    for name, function in Q.NAMED_QUERY_FUNCTIONS.items():
        declared = {p.name: p.required for p in Q.query_parameters(name)}
        taken = {
            p.name: p.default is inspect.Parameter.empty
            for p in list(inspect.signature(function).parameters.values())[1:]
        }
        assert declared == taken, name
        assert all(p.help for p in Q.query_parameters(name)), name
        # the description shown by --list is the prose, not the @param lines
        assert "@param" not in Q.named_queries()[name]


def test_a_missing_parameter_is_named_and_an_unknown_one_refused(store):
    with pytest.raises(Q.MissingParameters, match=r"allies_and_enemies needs actor .*--bind actor=VALUE"):
        Q.run_named_query(store, "allies_and_enemies")
    with pytest.raises(Q.MissingParameters, match="takes no parameter recipient; it takes actor"):
        Q.run_named_query(store, "allies_and_enemies", actor="Iran", recipient="x")
    with pytest.raises(Q.MissingParameters, match="takes no parameter actor; it takes none"):
        Q.run_named_query(store, "negated_claims", actor="Iran")
    assert set(Q.run_named_query(store, "allies_and_enemies", actor="hezbollah")["other_label"]) >= {"Russia"}


def test_a_query_that_does_not_parse_is_one_line(store):
    with pytest.raises(Q.QuerySyntaxError, match="does not parse") as raised:
        Q.sparql(store, "SELECT ?s WHERE { ?s a gk:State")
    assert "\n" not in str(raised.value)
    assert isinstance(raised.value, ValueError)  # what callers of sparql already catch


def test_query_as_df_takes_bindings_as_kglab_does():
    kg = make_kg()
    frame = kg.query_as_df(SUPPLIERS_OF, bindings={"name": "Hezbollah"})
    assert frame.to_dict("records") == [{"name": "Hezbollah", "supplier": RUSSIA}]
