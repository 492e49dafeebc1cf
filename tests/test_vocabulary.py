"""The relation vocabulary is read from the ontology and covers PLOVER."""

from __future__ import annotations

import re

import rdflib
from rdflib.namespace import RDF, RDFS, SKOS

from graphkit.model import ACTOR_TYPES
from graphkit.namespaces import GK
from graphkit.resources import ontology_path
from graphkit.vocabulary import QUADS, default_vocabulary

QUAD_OF = {
    "AGREE": "verbal-cooperation",
    "CONSULT": "verbal-cooperation",
    "SUPPORT": "verbal-cooperation",
    "CONCEDE": "verbal-cooperation",
    "COOPERATE": "material-cooperation",
    "AID": "material-cooperation",
    "RETREAT": "material-cooperation",
    "REQUEST": "verbal-conflict",
    "ACCUSE": "verbal-conflict",
    "REJECT": "verbal-conflict",
    "THREATEN": "verbal-conflict",
    "PROTEST": "material-conflict",
    "SANCTION": "material-conflict",
    "MOBILIZE": "material-conflict",
    "COERCE": "material-conflict",
    "ASSAULT": "material-conflict",
}


def test_every_plover_type_has_a_relation_in_the_right_quad(plover_types):
    vocab = default_vocabulary()
    assert {r.plover for r in vocab.values() if r.plover} == plover_types
    for relation in vocab.values():
        assert relation.quad in QUADS
        if relation.plover:
            assert relation.quad == QUAD_OF[relation.plover], relation.name


def test_named_relations_of_the_foundation_exist():
    vocab = default_vocabulary()
    for name in (
        "arms",
        "allied_with",
        "supports",
        "cooperates_with",
        "shares_intelligence_with",
        "strikes",
        "attacks",
        "accuses",
        "meets",
        "spokesperson_for",
        "member_of",
        "part_of",
    ):
        assert name in vocab
    assert vocab["arms"].plover == "AID" and vocab["arms"].mode == "military"
    assert vocab["allied_with"].symmetric and vocab["allied_with"].quad != "structural"
    assert vocab["meets"].symmetric and not vocab["arms"].symmetric
    assert vocab["spokesperson_for"].quad == "structural" and vocab["spokesperson_for"].plover is None


def test_actor_types_and_quads_are_the_ontologys_in_its_order():
    path = ontology_path("graphkit.ttl")
    text = path.read_text(encoding="utf-8")
    graph = rdflib.Graph().parse(path, format="turtle")
    classes = {str(c).rsplit("#", 1)[-1] for c in graph.subjects(RDFS.subClassOf, GK.Actor)}
    # the order is the one the ontology declares them in
    declared = sorted(classes, key=lambda name: re.search(rf"^gk:{name} a owl:Class", text, re.M).start())
    assert tuple(declared) == ACTOR_TYPES
    notations = {str(graph.value(q, SKOS.notation)): q for q in graph.subjects(RDF.type, GK.QuadClass)}
    assert tuple(sorted(notations, key=lambda n: text.index(f'skos:notation "{n}"'))) == QUADS
    assert len(ACTOR_TYPES) == 10 and len(QUADS) == 5


def test_abduction_is_an_assault_of_its_own_apart_from_killing_and_detention():
    vocab = default_vocabulary()
    abducts = vocab["abducts"]
    assert (abducts.plover, abducts.mode, abducts.quad) == ("ASSAULT", "abduct", "material-conflict")
    assert abducts.cameo == "181" and not abducts.symmetric
    assert vocab["kills"].mode != "abduct" and vocab["coerces"].plover == "COERCE"
