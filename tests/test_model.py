"""The graph model: ids, JSON lines in FORMAT.md's shape, replacing documents."""

from __future__ import annotations

from graphkit.model import (
    Actor,
    DocumentInfo,
    Evidence,
    ExtractionResult,
    KnowledgeGraph,
    Mention,
    Statement,
    document_iri,
    slugify,
)
from graphkit.vocabulary import default_vocabulary

RUS = Actor("https://w3id.org/graphkit/actor/RUS", "Russia", "State", "RUS", ("Moscow",))
HEZ = Actor("https://w3id.org/graphkit/actor/hezbollah", "Hezbollah", "ArmedGroup", "LBN")


def _statement(doc: str = "d1", polarity: str = "positive") -> Statement:
    text = "Moscow is providing them with rockets."
    return Statement(
        doc=doc,
        relation=default_vocabulary()["arms"],
        subject=RUS.id,
        object=HEZ.id,
        subject_mention=Mention(doc, "Moscow", 0, 6, RUS.id),
        object_mention=Mention(doc, "them", 20, 24, HEZ.id, via="coref"),
        evidence=Evidence(text, 0, len(text)),
        polarity=polarity,
        modality="reported",
        attributed_to=HEZ.id,
        confidence=0.8,
    )


def _result(doc: str, statements: list[Statement]) -> ExtractionResult:
    return ExtractionResult(
        DocumentInfo(doc),
        {RUS.id: RUS, HEZ.id: HEZ},
        [s.subject_mention for s in statements] + [s.object_mention for s in statements],
        statements,
    )


def test_slugify_is_iri_safe_and_keeps_different_names_apart():
    assert slugify("hezbollah") == "hezbollah"
    assert slugify("Hezbollah").startswith("hezbollah-") and slugify("Hezbollah") != slugify("hezbollah")
    assert slugify("a b.txt") != slugify("a-b.txt") != slugify("a_b.txt")
    a, b = slugify("Hizb’allah"), slugify("Hizb'allah")
    assert a != b
    for s in (a, b, slugify("<script>"), slugify("伊斯兰国"), slugify("x" * 500)):
        assert s and all(c.isalnum() or c == "-" for c in s) and len(s) <= 92


def test_statement_id_is_deterministic_and_depends_on_polarity():
    assert _statement().id == _statement().id
    assert _statement().id != _statement(polarity="negative").id


def test_statement_json_has_the_format_md_fields():
    row = _statement().to_json({RUS.id: RUS, HEZ.id: HEZ})
    for key in (
        "kind",
        "doc",
        "relation",
        "plover",
        "quad",
        "symmetric",
        "subject",
        "object",
        "polarity",
        "modality",
        "attributed_to",
        "evidence",
        "confidence",
    ):
        assert key in row
    assert row["plover"] == "AID" and row["quad"] == "material-cooperation"
    assert row["subject"]["mention"] == {"text": "Moscow", "start": 0, "end": 6}
    assert row["subject"]["country"] == "RUS" and row["attributed_to"]["label"] == "Hezbollah"


def test_adding_a_document_again_replaces_it():
    kg = KnowledgeGraph()
    kg.add(_result("d1", [_statement("d1")]))
    kg.add(_result("d2", [_statement("d2")]))
    kg.add(_result("d1", [_statement("d1", "negative")]))
    assert sorted(s.doc for s in kg.statements) == ["d1", "d2"]
    assert [s.polarity for s in kg.statements if s.doc == "d1"] == ["negative"]
    assert len(kg.mentions) == 4


def test_iter_json_orders_lines_by_document_and_offset():
    kg = KnowledgeGraph()
    kg.add(_result("b", [_statement("b")]))
    kg.add(_result("a", [_statement("a")]))
    rows = list(kg.iter_json())
    assert [r["doc"] for r in rows] == ["a", "a", "a", "b", "b", "b"]
    assert [r["kind"] for r in rows[:3]] == ["statement", "mention", "mention"]


def test_used_actors_keep_parents_so_part_of_never_dangles():
    army = Actor(
        "https://w3id.org/graphkit/actor/RUS-military",
        "Russia armed forces",
        "Military",
        "RUS",
        part_of=RUS.id,
    )
    kg = KnowledgeGraph(actors={RUS.id: RUS, army.id: army, HEZ.id: HEZ})
    kg.mentions.append(Mention("d", "Russian forces", 0, 14, army.id))
    assert set(kg.used_actors()) == {army.id, RUS.id}


def test_document_iri_is_valid_for_hostile_ids():
    iri = document_iri('a b/"c"<d>\n')
    assert " " not in iri and "<" not in iri and '"' not in iri and "\n" not in iri
