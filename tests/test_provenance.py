"""Nested reports: the nearest source is attributed, the outlet is kept as provenance (JSON and RDF)."""

from __future__ import annotations

import graphkit
from graphkit.documents import Document
from graphkit.model import KnowledgeGraph


def _kg(extractor, text: str) -> KnowledgeGraph:
    return KnowledgeGraph().extend(extractor.extract([Document("d1", text)]))


def test_outlet_of_a_claim_told_to_a_newspaper(extractor, tmp_path):
    kg = _kg(extractor, "A Hamas commander told Reuters that Iran is supplying them with rockets.")
    rows = [r for r in kg.iter_json(mentions=False) if r["relation"] == "arms"]
    assert rows, list(kg.iter_json(mentions=False))
    row = rows[0]
    assert (row["subject"]["label"], row["object"]["label"]) == ("Iran", "Hamas")
    assert row["attributed_to"]["label"] == "Hamas"
    assert row["outlet"]["label"] == "Reuters"
    path = tmp_path / "g.ttl"
    kg.write(path)
    back = graphkit.load(path)
    assert [kg.actors[s.outlet].label for s in back.statements if s.outlet] == ["Reuters"]


def test_no_outlet_when_the_text_names_none(extractor):
    kg = _kg(extractor, "Turkish officials said that Iran is supplying Hezbollah with rockets.")
    rows = [r for r in kg.iter_json(mentions=False) if r["relation"] == "arms"]
    assert rows and all(r["outlet"] is None for r in rows)
    assert rows[0]["modality"] == "reported"
