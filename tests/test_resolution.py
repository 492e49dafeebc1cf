"""Entity resolution: each rule on its own short text, and the cases that must never merge."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from graphkit.gazetteer import ActorGazetteer
from graphkit.model import Actor, DocumentInfo, Evidence, ExtractionResult, KnowledgeGraph, Mention, Statement
from graphkit.places import Place, PlaceGazetteer
from graphkit.resolution import ActorOverrides, ActorResolver, name_key
from graphkit.vocabulary import default_vocabulary

MEETS = default_vocabulary()["meets"]


def person(name: str, country: str | None = None) -> Actor:
    return Actor.provisional_actor(name, "Person", country)


def org(name: str, country: str | None = None) -> Actor:
    return Actor.provisional_actor(name, "Organisation", country)


def result(doc: str, text: str, actors: list[Actor], source: str | None = None) -> ExtractionResult:
    """A document's result with one mention for each occurrence of each actor's label in ``text``,
    and a "meets" statement between each pair of consecutive mentions."""
    mentions = []
    for actor in actors:
        start = text.find(actor.label)
        while start >= 0:
            mentions.append(Mention(doc, actor.label, start, start + len(actor.label), actor.id, "ner"))
            start = text.find(actor.label, start + 1)
    mentions.sort(key=lambda m: m.start)
    evidence = Evidence(text, 0, len(text))
    statements = [
        Statement(doc, MEETS, a.actor, b.actor, a, b, evidence)
        for a, b in zip(mentions, mentions[1:], strict=False)
        if a.actor != b.actor
    ]
    return ExtractionResult(DocumentInfo(doc, source=source), {a.id: a for a in actors}, mentions, statements)


@pytest.fixture(scope="module")
def gazetteer() -> ActorGazetteer:
    return ActorGazetteer.default()


@pytest.fixture(scope="module")
def places() -> PlaceGazetteer:
    return PlaceGazetteer(
        [Place("Aleppo", "SYR", "city", 2_098_210), Place("Smalltown", "IRQ", "city", 20_000)]
    )


def labels(res: ExtractionResult) -> list[str]:
    return sorted({res.actors[m.actor].label for m in res.mentions})


# -- names ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "a, b",
    [
        ("Bashar al-Assad", "Bashar Assad"),
        ("Bashar al-Assad", "Bashar al-Asad"),
        ("Volodymyr Zelenskyy", "Volodymyr Zelensky"),
        ("Volodymyr Zelenskiy", "Volodymyr Zelensky"),
        ("George W. Bush", "George Bush"),
        ("Dae’sh", "Daesh"),
        ("José Ramos-Horta", "Jose Ramos Horta"),
        ("Recep Tayyip Erdoğan", "recep tayyip erdogan"),
        ("Muammar Gaddafi", "Muammar Qadhafi"),
    ],
)
def test_spellings_of_one_name_share_a_key(a: str, b: str) -> None:
    assert name_key(a) == name_key(b)


@pytest.mark.parametrize(
    "a, b",
    [
        ("Tobias Ellwood", "Ellwood"),
        ("Boris Johnson", "Lyndon Johnson"),
        ("Hafez al-Assad", "Bashar al-Assad"),
    ],
)
def test_different_names_keep_different_keys(a: str, b: str) -> None:
    assert name_key(a) != name_key(b)


# -- within a document ------------------------------------------------------------------------
def test_a_surname_links_to_the_one_person_of_the_document_who_bears_it() -> None:
    full, short = person("Tobias Ellwood"), person("Ellwood")
    resolver = ActorResolver()
    text = "Tobias Ellwood arrived. Ellwood met officials."
    res = resolver.resolve_result(result("d", text, [full, short]))
    assert labels(res) == ["Tobias Ellwood"]
    assert any("surname of Tobias Ellwood" in m.why for m in resolver.merges)


def test_a_given_name_links_when_one_person_has_it() -> None:
    text = "Angela Merkel spoke. Angela left."
    res = ActorResolver().resolve_result(result("d", text, [person("Angela Merkel"), person("Angela")]))
    assert labels(res) == ["Angela Merkel"]


def test_a_shared_surname_is_never_a_guess() -> None:
    actors = [person("Tobias Ellwood"), person("Jane Ellwood"), person("Ellwood")]
    text = "Tobias Ellwood and Jane Ellwood. Ellwood spoke."
    res = ActorResolver().resolve_result(result("d", text, actors))
    assert labels(res) == ["Ellwood", "Jane Ellwood", "Tobias Ellwood"]


def test_a_shared_given_name_is_never_a_guess() -> None:
    actors = [person("Boris Johnson"), person("Boris Yeltsin"), person("Boris")]
    res = ActorResolver().resolve_result(result("d", "Boris Johnson, Boris Yeltsin. Boris spoke.", actors))
    assert "Boris" in labels(res)


def test_a_full_name_inside_a_title_phrase_is_that_person() -> None:
    full, phrase = person("Tobias Ellwood"), org("Middle East Minister Tobias Ellwood Office")
    text = "Tobias Ellwood spoke. The Middle East Minister Tobias Ellwood Office replied."
    res = ActorResolver().resolve_result(result("d", text, [full, phrase]))
    assert labels(res) == ["Tobias Ellwood"]


def test_an_office_title_links_to_its_holder_named_in_the_document(gazetteer: ActorGazetteer) -> None:
    text = "Foreign Secretary Boris Johnson arrived. The Foreign Secretary met Jane Doe."
    actors = [person("Boris Johnson"), person("Foreign Secretary"), person("Jane Doe")]
    resolver = ActorResolver(gazetteer)
    res = resolver.resolve_result(result("d", text, actors), text)
    assert labels(res) == ["Boris Johnson", "Jane Doe"]
    assert [(s.subject, s.object) for s in res.statements if "doe" in s.object]
    assert any("holds the office of Foreign Secretary" in m.why for m in resolver.merges)


def test_an_unnamed_office_is_the_state_of_the_publisher_or_nothing(gazetteer: ActorGazetteer) -> None:
    text = "The Prime Minister met Jane Doe."
    actors = [person("Prime Minister"), person("Jane Doe")]
    published = ActorResolver(gazetteer).resolve_result(result("d", text, actors, "UK Government"), text)
    assert labels(published) == ["Jane Doe", "United Kingdom"]
    anonymous = ActorResolver(gazetteer).resolve_result(result("d", text, actors), text)
    assert labels(anonymous) == ["Jane Doe"]
    assert anonymous.statements == []  # a statement with no actor on one side goes


def test_things_that_are_no_actors_go(gazetteer: ActorGazetteer) -> None:
    text = "Geneva Communique. Minister of. Twitter. Jane Doe."
    actors = [org("Geneva Communique"), org("Minister of"), org("Twitter"), person("Jane Doe")]
    res = ActorResolver(gazetteer).resolve_result(result("d", text, actors))
    assert labels(res) == ["Jane Doe"]


def test_a_spelling_variant_of_a_gazetteer_name_is_that_actor(gazetteer: ActorGazetteer) -> None:
    res = ActorResolver(gazetteer).resolve_result(
        result("d", "Asad spoke to Jane Doe.", [org("Asad"), person("Jane Doe")])
    )
    assert "Bashar al-Assad" in labels(res)


# -- places ---------------------------------------------------------------------------------------
def test_a_city_read_as_a_person_is_its_state_when_the_document_is_about_it(
    gazetteer: ActorGazetteer, places: PlaceGazetteer
) -> None:
    syria = gazetteer.lookup("Syria")
    text = "Syria said Aleppo was shelled."
    res = result("d", text, [syria, person("Aleppo")])
    resolved = ActorResolver(gazetteer, places).resolve_result(res)
    assert {resolved.actors[m.actor].label for m in resolved.mentions} == {"Syria"}
    assert all(a.type != "Person" for a in resolved.actors.values())
    # the mention keeps the place's own words and span
    assert any(m.text == "Aleppo" and resolved.actors[m.actor].label == "Syria" for m in resolved.mentions)


def test_a_small_place_away_from_its_state_is_left_alone(
    gazetteer: ActorGazetteer, places: PlaceGazetteer
) -> None:
    res = ActorResolver(gazetteer, places).resolve_result(
        result("d", "Smalltown met Jane Doe.", [org("Smalltown"), person("Jane Doe")])
    )
    assert labels(res) == ["Jane Doe", "Smalltown"]


def test_the_shipped_places_know_big_cities_and_regions() -> None:
    shipped = PlaceGazetteer.default()
    assert shipped.lookup("Aleppo").country == "SYR"
    assert shipped.lookup("Al Anbar").country == "IRQ"
    assert shipped.lookup("Atlantis-on-Sea") is None


# -- across documents -----------------------------------------------------------------------------
def build(resolver: ActorResolver, results: list[ExtractionResult]) -> KnowledgeGraph:
    kg = KnowledgeGraph()
    for res in results:
        kg.add(resolver.resolve_result(res))
    return resolver.resolve_graph(kg)


def test_spellings_across_documents_are_one_node_in_any_order() -> None:
    docs = [
        result("a", "Volodymyr Zelenskyy met Jane Doe.", [person("Volodymyr Zelenskyy"), person("Jane Doe")]),
        result("b", "Volodymyr Zelensky met Jane Doe.", [person("Volodymyr Zelensky"), person("Jane Doe")]),
        result("c", "Volodymyr Zelensky met Jane Doe.", [person("Volodymyr Zelensky"), person("Jane Doe")]),
    ]
    one = build(ActorResolver(), docs)
    other = build(ActorResolver(), list(reversed(docs)))
    assert sorted(one.used_actors()) == sorted(other.used_actors())
    zelensky = [a for a in one.used_actors().values() if "Zelensk" in a.label]
    assert len(zelensky) == 1
    assert zelensky[0].label == "Volodymyr Zelensky"  # the most frequent spelling
    assert "Volodymyr Zelenskyy" in zelensky[0].aliases  # the others kept as aliases
    assert "/a/" not in zelensky[0].id and "doc" not in zelensky[0].id


def test_an_acronym_defined_in_one_document_names_that_actor_in_another() -> None:
    pkk = org("Kurdistan Workers' Party")
    a = result("a", "the Kurdistan Workers' Party met Jane Doe", [pkk, person("Jane Doe")])
    a.mentions.append(Mention("a", "PKK", 100, 103, pkk.id, "acronym"))
    b = result("b", "PKK met John Roe", [org("PKK"), person("John Roe")])
    resolver = ActorResolver()
    kg = build(resolver, [a, b])
    assert {kg.actors[s.subject].label for s in kg.statements if s.doc == "b"} == {"Kurdistan Workers' Party"}
    assert any("acronym" in m.why for m in resolver.merges)


def test_a_surname_alone_in_another_document_is_the_one_full_name_that_bears_it() -> None:
    docs = [
        result("a", "Boris Johnson met Jane Doe.", [person("Boris Johnson"), person("Jane Doe")]),
        result("b", "Johnson met Jane Doe.", [person("Johnson"), person("Jane Doe")]),
    ]
    kg = build(ActorResolver(), docs)
    labels = {a.label for a in kg.used_actors().values()}
    assert "Johnson" not in labels and "Boris Johnson" in labels


def test_a_surname_that_two_full_names_bear_is_never_guessed_across_documents() -> None:
    docs = [
        result("a", "Boris Johnson met Jane Doe.", [person("Boris Johnson"), person("Jane Doe")]),
        result("c", "Lyndon Johnson met Jane Doe.", [person("Lyndon Johnson"), person("Jane Doe")]),
        result("b", "Johnson met Jane Doe.", [person("Johnson"), person("Jane Doe")]),
    ]
    kg = build(ActorResolver(), docs)
    assert {"Boris Johnson", "Lyndon Johnson", "Johnson"} <= {a.label for a in kg.used_actors().values()}


def test_one_name_given_two_types_is_one_node() -> None:
    docs = [
        result("a", "Karim Saleh met Jane Doe.", [person("Karim Saleh"), person("Jane Doe")]),
        result("b", "Karim Saleh met Jane Doe.", [person("Karim Saleh"), person("Jane Doe")]),
        result("c", "Karim Saleh met Jane Doe.", [org("Karim Saleh"), person("Jane Doe")]),
    ]
    kg = build(ActorResolver(), docs)
    saleh = [a for a in kg.used_actors().values() if a.label == "Karim Saleh"]
    assert len(saleh) == 1 and saleh[0].type == "Person"


# -- the analyst's overrides ----------------------------------------------------------------------
def test_overrides_force_a_merge_a_split_and_a_block(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(
        "- same_as: [Abu Mohammed, The Sheikh]\n"
        "  label: Abu Mohammed al-Jolani\n"
        "  type: Person\n"
        "- label: Ellwood\n"
        "  type: Person\n"
        "  country: GBR\n"
        "- not_actor: [Jane Doe]\n",
        encoding="utf-8",
    )
    overrides = ActorOverrides.from_files([path])
    resolver = ActorResolver(overrides=overrides)
    text = "Abu Mohammed met The Sheikh. Tobias Ellwood met Ellwood. Jane Doe met John Roe."
    actors = [person("Abu Mohammed"), org("The Sheikh"), person("Tobias Ellwood"), person("Ellwood")]
    actors += [person("Jane Doe"), person("John Roe")]
    res = resolver.resolve_result(result("d", text, actors))
    names = labels(res)
    assert "Abu Mohammed al-Jolani" in names  # the forced merge
    assert "Abu Mohammed" not in names and "The Sheikh" not in names
    assert {"Tobias Ellwood", "Ellwood"} <= set(names)  # the split beats the surname rule
    ellwood = next(a for a in res.actors.values() if a.label == "Ellwood")
    assert ellwood.country == "GBR"
    assert "Jane Doe" not in names  # blocked
    assert any(m.why.startswith("analyst") for m in resolver.merges)


def test_actor_records_say_which_names_were_seen_where_and_why_they_merged() -> None:
    resolver = ActorResolver()
    text = "Tobias Ellwood arrived. Ellwood met Jane Doe."
    actors = [person("Tobias Ellwood"), person("Ellwood"), person("Jane Doe")]
    kg = build(resolver, [result("d", text, actors)])
    records = {r["label"]: r for r in resolver.records(kg) if r.get("label")}
    ellwood = records["Tobias Ellwood"]
    assert ellwood["names"] == {"Ellwood": ["d"], "Tobias Ellwood": ["d"]}
    assert ellwood["merged"][0]["name"] == "Ellwood" and "surname" in ellwood["merged"][0]["why"]
    json.dumps(list(resolver.records(kg)))  # JSON-ready


# -- the command line ----------------------------------------------------------------------------
@pytest.mark.slow
def test_build_writes_actors_jsonl_and_obeys_the_analysts_file(tmp_path: Path) -> None:
    import subprocess
    import sys

    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "a.txt").write_text(
        "Foreign Secretary Tobias Ellwood met Marwan Haddad in London on Monday. "
        "Ellwood later criticized Karim Saleh over the attacks.\n",
        encoding="utf-8",
    )
    (corpus / "b.txt").write_text("Marwan Haddad condemned Karim Saleh on Tuesday.\n", encoding="utf-8")
    mine = tmp_path / "mine.yaml"
    mine.write_text(
        "- same_as: [Marwan Haddad, Karim Saleh]\n  label: Marwan Haddad\n  type: Person\n"
        "- not_actor: [London]\n",
        encoding="utf-8",
    )

    def build(out: Path, *extra: str) -> dict[str, dict]:
        cmd = [sys.executable, "-m", "graphkit.cli", "build", str(corpus), "-o", str(out), "-w", "1", *extra]
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr[-2000:]
        lines = (out / "actors.jsonl").read_text(encoding="utf-8").splitlines()
        return {r["label"]: r for r in map(json.loads, lines) if r.get("label")}

    plain = build(tmp_path / "plain")
    assert "Ellwood" not in plain  # the surname is the person of the document
    ellwood = plain["Tobias Ellwood"]
    assert ellwood["names"]["Ellwood"] == ["in/a.txt"]  # ids name the input folder
    assert any("surname" in m["why"] for m in ellwood["merged"])
    assert {"Marwan Haddad", "Karim Saleh"} <= set(plain)

    steered = build(tmp_path / "steered", "--actors", str(mine))
    assert "Karim Saleh" not in steered  # forced merge
    haddad = steered["Marwan Haddad"]
    assert any(m["why"].startswith("analyst") and m["name"] == "Karim Saleh" for m in haddad["merged"])
    assert "London" not in steered


@pytest.mark.slow
def test_one_run_and_a_store_built_document_by_document_give_the_same_actors(tmp_path: Path) -> None:
    """Provisional IRIs come from resolved names, never from the document: incremental = one-shot."""
    import subprocess
    import sys

    texts = {
        "a.txt": "Marwan Haddad met Karim Saleh in Beirut. Haddad praised Saleh.\n",
        "b.txt": "Marwan Hadad criticized the Vostok Brigade on Tuesday.\n",
        "c.txt": "Marwan Haddad condemned the Vostok Brigade. Saleh agreed.\n",
    }
    corpus = tmp_path / "all"
    corpus.mkdir()
    for name, text in texts.items():
        (corpus / name).write_text(text, encoding="utf-8")

    def graphkit(*args: str) -> None:
        cmd = [sys.executable, "-m", "graphkit.cli", *args, "-w", "1"]
        done = subprocess.run(cmd, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr[-2000:]

    def actors(out: Path) -> dict[str, list[str]]:
        lines = (out / "actors.jsonl").read_text(encoding="utf-8").splitlines()
        return {r["id"]: sorted(r["names"]) for r in map(json.loads, lines) if r.get("id")}

    graphkit("build", str(corpus), "-o", str(tmp_path / "once"))
    store = tmp_path / "store"
    for name in sorted(texts):
        one = tmp_path / f"in-{name}"
        one.mkdir()
        (one / name).write_text(texts[name], encoding="utf-8")
        graphkit("build", str(one), "--store", str(store), "-o", str(tmp_path / "incremental"))
    once, incremental = actors(tmp_path / "once"), actors(tmp_path / "incremental")
    assert set(once) == set(incremental)
    haddad = [iri for iri, names in once.items() if "Marwan Hadad" in names]
    assert len(haddad) == 1 and "Marwan Haddad" in once[haddad[0]]  # both spellings, one node
    assert "/provisional/person/" in haddad[0] and ".txt" not in haddad[0]
    turtle = (tmp_path / "once" / "graph.ttl").read_text(encoding="utf-8")
    assert re.search(r'skos:altLabel [^;]*"Marwan Hadad"', turtle), "merged names kept as skos:altLabel"


def test_place_keys_of_ascii_names_skip_no_step_of_the_unicode_path():
    # ASCII names take a short path (no NFKD): the key must be the one the full path gives
    import re
    import unicodedata

    from graphkit.places import _PREFIX, place_key

    def full(name: str) -> str:
        text = unicodedata.normalize("NFKD", name)
        text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
        text = re.sub(r"[\u2018\u2019'`ʿʾ]", "", text)
        return _PREFIX.sub("", re.sub(r"[^a-z0-9]+", " ", text).strip())

    names = ["Al-Raqqah", "Dayr az Zawr", "AL RAQQA", "Ma'arrat al-Nu`man", "  St. John's  ", "X-1 (Z)"]
    names += ["Ḩalab", "Şanlıurfa", "Straße", "ʿAyn al-ʿArab", "Kyiv’s"]
    assert [place_key(n) for n in names] == [full(n) for n in names]
    assert place_key("Al-Raqqah") == "raqqah" and place_key("Straße") == "strasse"
