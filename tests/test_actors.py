"""Actor linking: gazetteer names, demonyms, titles, provisional actors, noise, and the seed article."""

from __future__ import annotations

import importlib.util
import json
import re

import pytest

from graphkit.documents import Document
from graphkit.extraction.actors import noise_ranges
from graphkit.gazetteer import ActorGazetteer, normalize
from graphkit.model import KnowledgeGraph
from graphkit.namespaces import ACTOR

RUS, IRN, SYR, USA, IRQ = (str(ACTOR[c]) for c in ("RUS", "IRN", "SYR", "USA", "IRQ"))


def mentions(extractor, text):
    """(text, actor, kind) of every actor mention the pipeline finds in ``text``."""
    doc = extractor.nlp(text)
    return [(m.span.text, m.actor, m.kind) for m in doc._.actor_mentions]


def linked(extractor, text):
    return {t: a.id for t, a, _ in mentions(extractor, text)}


# -- gazetteer names and generic forms -------------------------------------------------------
def test_demonym_modifier_links_to_the_state(extractor):
    found = mentions(extractor, "Russian airstrikes killed 20 civilians near Idlib on Tuesday.")
    russian = [(a.id, k) for t, a, k in found if t == "Russian"]
    assert russian == [(RUS, "demonym")]
    assert any(t == "civilians" and a.type == "Population" for t, a, _ in found)


def test_backed_groups_name_their_backer_too(extractor):
    found = linked(extractor, "Iranian-backed militias attacked the base.")
    assert found.get("Iranian") == IRN
    assert any(t.endswith("militias") and a != IRN for t, a in found.items())


@pytest.mark.parametrize(
    "text, words, kind",
    [
        ("The Russian air force bombed the town.", "Russian air force", "military"),
        ("Russian forces shelled the city.", "Russian forces", "military"),
        ("The Kremlin denied the report.", "Kremlin", "seat"),
        ("Moscow denied the report.", "Moscow", "capital"),
        ("The Russians denied the report.", "Russians", "plural"),
        ("Russia's army advanced.", "Russia's army", "military"),
    ],
)
def test_ways_of_naming_russia_are_one_node(extractor, text, words, kind):
    found = [(t, a.id, k) for t, a, k in mentions(extractor, text) if words in t]
    assert found and all(a == RUS and k == kind for _, a, k in found), found


def test_a_state_named_as_a_place_is_no_actor(extractor):
    assert "Syria" not in linked(extractor, "Russia is helping Hezbollah in Syria.")
    assert linked(extractor, "Syria rejected the plan.").get("Syria") == SYR
    assert "Moscow" not in linked(extractor, "Talks were held in Moscow.")


def test_government_of_a_state_is_the_state(extractor):
    found = linked(extractor, "The Government of Iraq welcomed the Syrian regime's offer.")
    assert found.get("Government of Iraq") == IRQ
    assert found.get("Syrian regime") == SYR


# -- titles and affiliations ---------------------------------------------------------------
def test_title_ties_a_person_to_a_state(extractor):
    doc = extractor.nlp("US spokesman John Kirby said the talks failed.")
    kirby = next(m for m in doc._.actor_mentions if m.span.text == "John Kirby")
    assert kirby.actor.type == "Person" and kirby.actor.country == "USA"
    assert doc._.actor_affiliations[kirby.actor.id].id == USA


def test_unknown_person_takes_the_country_of_the_title(extractor):
    doc = extractor.nlp("Syrian Deputy Foreign Minister Faisal Exampleson met the envoy.")
    person = next(m.actor for m in doc._.actor_mentions if m.span.text == "Faisal Exampleson")
    assert person.provisional and person.country == "SYR"


def test_an_office_named_without_a_name_is_tied_to_its_state(extractor):
    found = mentions(extractor, "Iraq's national security adviser said the border was closed.")
    office = [a for t, a, k in found if k == "title"]
    assert office, found
    assert office[0].type == "Person" and office[0].country == "IRQ"
    assert "security adviser" in office[0].label.lower()


def test_a_title_refers_to_the_person_who_holds_it(extractor):
    text = (
        "Foreign Secretary Philip Hammond visited Baghdad.\n\nThe Foreign Secretary said the UK would help."
    )
    found = mentions(extractor, text)
    hammond = next(a for t, a, _ in found if t.endswith("Philip Hammond"))
    assert hammond.label == "Philip Hammond"
    assert [(t, a.id) for t, a, k in found if k == "title"] == [("Foreign Secretary", hammond.id)]


def test_apposed_title_is_a_mention_of_the_person(extractor):
    found = mentions(
        extractor, "Minister for the Middle East, Tobias Exampleton said: the attack was horrific."
    )
    title = [(t, a.label) for t, a, k in found if k == "title"]
    assert title == [("Minister for the Middle East", "Tobias Exampleton")]


# -- provisional actors ------------------------------------------------------------------------
def test_provisional_actors_have_stable_iris_across_documents(extractor):
    docs = [
        Document("a", "The Zarqa Martyrs Brigade attacked a checkpoint, commander Yusuf Examplan said."),
        Document("b", "Yusuf Examplan denied that the Zarqa Martyrs Brigade had fired first."),
    ]
    first, second = extractor.extract(docs)

    def ids(result, label):
        return {a.id for a in result.actors.values() if a.label == label}

    for label in ("Zarqa Martyrs Brigade", "Yusuf Examplan"):
        assert ids(first, label) == ids(second, label), label
        (iri,) = ids(first, label)
        assert "/provisional/" in iri and first.actors[iri].provisional


def test_known_actor_is_one_node_across_documents(extractor):
    a, b = extractor.extract(
        [Document("a", "Moscow armed Hezbollah."), Document("b", "The Russians and Hizbollah met.")]
    )
    kg = KnowledgeGraph().extend([a, b])
    assert {m.actor for m in kg.mentions if m.text in ("Moscow", "Russians")} == {RUS}
    assert len({m.actor for m in kg.mentions if "bollah" in m.text}) == 1


def test_surname_refers_to_the_full_name(extractor):
    found = mentions(extractor, "Ahmad Exampleton leads the council. Later, Exampleton resigned.")
    people = {t: a.id for t, a, _ in found if a.type == "Person"}
    assert people["Exampleton"] == people["Ahmad Exampleton"]


# -- noise -----------------------------------------------------------------------------------
def test_noise_ranges_cover_credits_bylines_and_links():
    text = "Russia acts.\nPhoto Courtesy of UN Photo/Paulo Filgueiras\n(By Joshua Spurlock, www.example.com)"
    covered = "".join(text[s:e] for s, e in noise_ranges(text))
    assert "Paulo Filgueiras" in covered and "Joshua Spurlock" in covered and "Russia acts" not in covered


def test_noise_is_no_actor(extractor):
    text = (
        "Hezbollah fighters advanced. Photo Courtesy of UN Photo/Paulo Filgueiras\n\n"
        "The Russians aren't stopping them.\n\n(By Joshua Spurlock, www.themideastupdate.com, January 2016)"
        "\n\nWhat do you think?"
    )
    found = mentions(extractor, text)
    labels = {a.label for _, a, _ in found}
    assert not labels & {"Paulo Filgueiras", "UN Photo", "Joshua Spurlock", "n't", "What"}
    assert {"Hezbollah", "Russia"} <= labels


# -- the seed article --------------------------------------------------------------------------
@pytest.fixture(scope="module")
def seed(shared_dir, extractor):
    row = json.loads(
        (shared_dir / "eval" / "dev" / "seed_gold.jsonl").read_text(encoding="utf-8").splitlines()[0]
    )
    (result,) = extractor.extract([Document(row["id"], row["text"], title=row.get("title"))])
    return row, result


def _scorer(shared_dir):
    spec = importlib.util.spec_from_file_location("gk_score", shared_dir / "eval" / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_seed_all_annotated_actors_found(seed, shared_dir):
    row, result = seed
    kg = KnowledgeGraph().extend([result])
    lines = list(kg.iter_json(mentions=True))
    report, _ = _scorer(shared_dir).score([row], lines)
    found, total = report["seed"]["actors"].split("/")
    assert found == total == str(len(row["gold"]["actors"]))


def _names_of(gaz: ActorGazetteer, actor_id: str) -> set[str]:
    """Every name the gazetteer knows for an actor, normalized (labels, aliases, demonyms, capitals...)."""
    return {normalize(n.text) for n in gaz.iter_names() if n.actor == actor_id}


@pytest.mark.parametrize("key", ["RUS", "hezbollah", "isis", "USA", "ISR", "SYR"])
def test_seed_each_main_actor_is_exactly_one_node(seed, key):
    """Count the graph's actors whose label or an alias is a name of that actor: exactly one."""
    _, result = seed
    kg = KnowledgeGraph().extend([result])
    gaz = ActorGazetteer.default()
    target = gaz.get(key)
    names = _names_of(gaz, target.id) | {normalize(f"{d} forces") for d in _names_of(gaz, target.id)}
    nodes = {
        a.id
        for a in kg.used_actors().values()
        if normalize(a.label) in names or any(normalize(x) in names for x in a.aliases)
    }
    assert nodes == {target.id}


def test_seed_no_node_is_noise(seed):
    _, result = seed
    kg = KnowledgeGraph().extend([result])
    for actor in kg.used_actors().values():
        label = actor.label
        assert not re.search(
            r"photo|courtesy|filgueiras|spurlock|www|http|valium|\d", label, re.IGNORECASE
        ), label
        assert label[:1].isupper() or not actor.provisional, label
        assert normalize(label) not in ("n't", "what", "illustrative"), label


def test_a_noise_range_starts_at_the_earliest_match_of_any_pattern():
    # one alternation of the patterns finds, in each line, where the earliest of them matches
    from graphkit.extraction.names import _default_noise

    noise = _default_noise()
    lines = [
        "Read more at https://example.org/x — Photo credit: Reuters",  # the link comes first
        "Photo by AP, see www.example.org",  # the credit comes first
        "Russia armed Hezbollah.",  # none
        "  Copyright 2026, image courtesy of the ministry",
    ]
    text = "\n".join(lines)
    offset, expected = 0, []
    for line in lines:
        starts = [m.start() for p in noise.patterns for m in p.finditer(line)]
        if starts:
            expected.append((offset + min(starts), offset + len(line)))
        offset += len(line) + 1
    assert len(expected) == 3 and noise_ranges(text, noise) == expected
