"""graphkit's spaCy components: collaborators from config, data loaded in ``initialize``, each
component reading only its own attributes (so a component is changed by the data it is given)."""

from __future__ import annotations

import os

import pytest
import spacy

from docs import make_doc
from graphkit.extraction import add_components, gazetteer_loader
from graphkit.extraction.actors import read_actor_data
from graphkit.extraction.coref import read_coref_rules
from graphkit.extraction.mentions import ActorMention, index_by_token
from graphkit.gazetteer import ActorGazetteer
from graphkit.model import Actor
from graphkit.namespaces import ACTOR

TUR = str(ACTOR["TUR"])

VISITED_TURKEY = """
    Lavrov   1  nsubj  PROPN  NNP  Lavrov  PERSON
    visited  1  ROOT   VERB   VBD  visit
    Turkey   1  dobj   PROPN  NNP  Turkey  GPE
    .        1  punct  PUNCT  .    .
"""


def _actor_file(tmp_path, label: str = "Example Liberation Front"):
    path = tmp_path / "mine.yaml"
    path.write_text(
        f"- id: example-front\n  label: {label}\n  type: ArmedGroup\n  country: SYR\n"
        "  descriptions: [the front]\n",
        encoding="utf-8",
    )
    return path


def test_the_linker_reads_its_own_word_lists():
    """A state after a motion verb is a place ("visited Turkey") because the component's motion
    verbs say so: without "visit" in the data it is given, Turkey is an actor again."""
    nlp = spacy.blank("en")
    linker = nlp.add_pipe("graphkit_actors")
    linker.initialize(nlp=nlp)
    doc = linker(make_doc(nlp, "Lavrov visited Turkey.", VISITED_TURKEY))
    assert TUR not in [m.actor.id for m in doc._.actor_mentions]
    assert [m.span.text for m in doc._.actor_mentions] == ["Lavrov"]

    data = read_actor_data()
    data["words"]["motion_verbs"] = [v for v in data["words"]["motion_verbs"] if v != "visit"]
    linker.initialize(nlp=nlp, data=data)
    doc = linker(make_doc(nlp, "Lavrov visited Turkey.", VISITED_TURKEY))
    assert [(m.span.text, m.actor.id) for m in doc._.actor_mentions if m.actor.type == "State"] == [
        ("Turkey", TUR)
    ]


def test_a_component_that_was_not_initialized_says_so():
    nlp = spacy.blank("en")
    linker = nlp.add_pipe("graphkit_actors")
    coref = nlp.add_pipe("graphkit_coref")
    assert linker.gazetteer is None and coref.rules is None  # nothing is read at construction
    with pytest.raises(ValueError, match="not initialized"):
        linker(nlp.make_doc("Russia acts."))
    with pytest.raises(ValueError, match="not initialized"):
        coref(nlp.make_doc("Russia acts."))


def test_the_components_share_one_gazetteer_with_the_extra_actors(tmp_path):
    path = _actor_file(tmp_path)
    nlp = add_components(spacy.blank("en"), actors=[path])
    actors, coref = nlp.get_pipe("graphkit_actors"), nlp.get_pipe("graphkit_coref")
    assert actors.gazetteer is coref.gazetteer
    front = actors.gazetteer.lookup("Example Liberation Front")
    assert front is not None and front.id == str(ACTOR["example-front"])
    assert coref.gazetteer.descriptions["front"] == [front.id]
    # a pipeline without the file has the shipped gazetteer only
    plain = add_components(spacy.blank("en")).get_pipe("graphkit_actors").gazetteer
    assert plain.lookup("Example Liberation Front") is None and plain.lookup("the Kremlin").label == "Russia"


def test_the_gazetteer_loader_is_cached_until_a_file_changes(tmp_path):
    path = _actor_file(tmp_path)
    first = gazetteer_loader([str(path)])()
    assert gazetteer_loader([str(path)])() is first
    assert gazetteer_loader([])() is not first
    _actor_file(tmp_path, label="Example Popular Front")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))  # a later edit, whatever the clock
    again = gazetteer_loader([str(path)])()
    assert again is not first
    assert again.lookup("Example Popular Front") is not None
    assert again.lookup("Example Liberation Front") is None


def test_the_resolver_reads_its_own_rules():
    """Pronoun types come from the rules the resolver is given, not from the package."""
    nlp = spacy.blank("en")
    coref = nlp.add_pipe("graphkit_coref")
    coref.initialize(nlp=nlp)
    assert coref.pronouns["it"].types >= {"State", "ArmedGroup"} and coref.pronouns["they"].person == "3p"
    rules = read_coref_rules()
    rules["pronouns"] = {**rules["pronouns"], "it": ["Person"]}
    rules["plural_pronouns"] = []
    coref.initialize(nlp=nlp, rules=rules, gazetteer=ActorGazetteer())
    assert coref.pronouns["it"].types == {"Person"} and coref.pronouns["they"].person == "3s"


def test_index_by_token_keeps_the_first_or_the_last_mention():
    doc = spacy.blank("en")("the US State Department said")
    us, department = Actor("gk:us", "US", "State"), Actor("gk:sd", "State Department", "Government")
    outer, inner = ActorMention(doc[1:4], department, "gazetteer"), ActorMention(doc[1:2], us, "gazetteer")
    first, last = index_by_token([outer, inner]), index_by_token([outer, inner], keep="last")
    assert sorted(first) == sorted(last) == [1, 2, 3]
    assert first[1] is outer and last[1] is inner and first[3] is last[3] is outer
    with pytest.raises(ValueError):
        index_by_token([outer], keep="middle")
