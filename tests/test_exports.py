"""Exports analysts use (issue 14): Gephi files that keep negated statements apart with scalar
attributes, ``kg.to_networkx()`` that networkx's own writers take, ``statements.csv`` (and Parquet)
one row per statement with the CAMEO event code beside the PLOVER type; and notebook-friendly
objects: short reprs, an HTML summary, ``kg.validate()``."""

from __future__ import annotations

import importlib.util
import io

import networkx as nx
import pandas as pd
import pytest
from kgfactory import HEZBOLLAH, ISIS, RUSSIA, RUSSIAN_MILITARY, make_kg

from graphkit.outputs import write_outputs
from graphkit.samples import from_triples
from graphkit.writers import write
from graphkit.writers.table import COLUMNS

SCALARS = (str, int, float, bool)


@pytest.fixture()
def kg():
    return make_kg()


def _edges(G, u, v):
    return list(G.get_edge_data(u, v, default={}).values())


@pytest.mark.parametrize("suffix", ["graphml", "gexf"])
def test_gephi_files_keep_negated_statements_apart(kg, tmp_path, suffix):
    # a pair with both a positive and a negated statement of the same relation
    both = from_triples([("Russia", "arms", "Syria"), ("Russia", "arms", "Syria", {"polarity": "negative"})])
    path = write(both, tmp_path / f"both.{suffix}")
    G = nx.read_graphml(path) if suffix == "graphml" else nx.read_gexf(path)
    assert G.is_multigraph()
    (u, v) = {(a, b) for a, b in G.edges()}.pop()
    edges = sorted(_edges(G, u, v), key=lambda d: d["polarity"])
    assert [(d["polarity"], int(d["sign"]), d["relation"]) for d in edges] == [
        ("negative", 0, "arms"),
        ("positive", 1, "arms"),
    ]
    # and the analysts' attributes on the graph with every kind of statement
    path = write(kg, tmp_path / f"kg.{suffix}")
    G = nx.MultiDiGraph(nx.read_graphml(path) if suffix == "graphml" else nx.read_gexf(path))
    (arms,) = _edges(G, RUSSIA, HEZBOLLAH)
    for name in ("relation", "family", "polarity", "modality", "sign", "weight", "evidence_count", "cameo"):
        assert name in arms, name
    assert (arms["family"], arms["polarity"], int(arms["weight"]), int(arms["evidence_count"])) == (
        "material-cooperation",
        "positive",
        1,
        1,
    )
    assert str(arms["cameo"]) == "07" or str(arms["cameo"]).startswith("07")
    (denied,) = _edges(G, RUSSIAN_MILITARY, ISIS)
    assert denied["polarity"] == "negative" and int(denied["sign"]) == 0


def test_to_networkx_is_written_by_networkx_itself(kg, tmp_path):
    G = kg.to_networkx()
    for _, data in G.nodes(data=True):
        assert all(isinstance(v, SCALARS) for v in data.values()), data
    for _, _, data in G.edges(data=True):
        assert all(isinstance(v, SCALARS) for v in data.values()), data
    nx.write_graphml(G, tmp_path / "g.graphml")
    nx.write_gexf(G, tmp_path / "g.gexf")
    back = nx.read_graphml(tmp_path / "g.graphml")
    assert set(back.edges()) == set(G.edges())
    # the full model, with the evidence lists, is one keyword away
    full = kg.to_networkx(evidence=True)
    assert any(d["evidence"] for _, _, d in full.edges(data=True))
    assert set(full.edges(keys=True)) == set(G.edges(keys=True))


def test_statements_csv_one_row_per_statement(kg, tmp_path):
    written = write_outputs(kg, tmp_path, ["ttl"], html=False)
    assert tmp_path / "statements.csv" in written
    frame = pd.read_csv(tmp_path / "statements.csv", keep_default_na=False)
    assert list(frame.columns) == list(COLUMNS)
    assert len(frame) == len(kg.statements)
    assert list(frame["id"]) == [line["id"] for line in kg.iter_json(mentions=False)]
    # the CAMEO event code sits next to the PLOVER type
    assert list(frame.columns).index("cameo") == list(frame.columns).index("plover") + 1
    arms = frame[(frame["relation"] == "arms") & (frame["subject"] == RUSSIA)].iloc[0]
    assert (arms["subject_label"], arms["object_label"], arms["plover"]) == ("Russia", "Hezbollah", "AID")
    assert str(arms["cameo"]).startswith("07")
    assert set(frame["polarity"]) == {"positive", "negative"}  # negated statements are rows too
    # blanks, not "None" or "nan", for Excel and R
    text = (tmp_path / "statements.csv").read_text(encoding="utf-8-sig")
    assert "None" not in text and ",nan," not in text
    # Excel opens UTF-8 with a byte-order mark correctly
    assert (tmp_path / "statements.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert kg.to_dataframe()["id"].tolist() == frame["id"].tolist()


def test_parquet_when_pyarrow_is_there_and_a_clear_error_when_not(kg, tmp_path):
    written = {p.name for p in write_outputs(kg, tmp_path, ["ttl"], html=False)}
    if importlib.util.find_spec("pyarrow") is not None:
        assert "statements.parquet" in written
        assert len(pd.read_parquet(tmp_path / "statements.parquet")) == len(kg.statements)
    else:
        assert "statements.parquet" not in written  # not written, and build does not fail
        with pytest.raises(RuntimeError, match="pip install pyarrow"):
            write(kg, tmp_path / "s.parquet", format="parquet")


def test_cameo_codes_come_from_the_ontology():
    from graphkit.vocabulary import default_vocabulary

    vocabulary = default_vocabulary()
    assert vocabulary["arms"].cameo and vocabulary["strikes"].cameo
    kg = from_triples([("Israel", "strikes", "Hezbollah")])
    frame = kg.to_dataframe()
    assert frame.loc[0, "cameo"] == vocabulary["strikes"].cameo


# -- notebook-friendly objects ---------------------------------------------------------------------
def test_reprs_are_short(kg):
    text = repr(kg)
    assert text.startswith("KnowledgeGraph(2 documents, ") and len(text) < 200
    statement = kg.statements[0]
    assert len(repr(statement)) < 300
    assert repr(statement).startswith(f"Statement(relation={statement.relation.name!r}")
    from dataclasses import replace

    from graphkit.model import Evidence

    long = replace(statement, evidence=Evidence("Russia arms Syria " + "and more " * 40, 0, 377))
    assert len(repr(long)) < 300 and "..." in repr(long)


def test_a_big_graph_still_has_a_one_line_repr():
    triples = [(f"A{i}", "meets", f"B{i}") for i in range(300)]
    text = repr(from_triples(triples))
    assert "\n" not in text and len(text) < 200 and "300 statements" in text


def test_html_summary_for_jupyter(kg):
    page = kg._repr_html_()
    assert page.startswith("<table>") and "statements" in page and "Hezbollah" in page
    assert len(page) < 3000
    odd = from_triples([("<b>Evil</b>", "arms", "Syria")])
    assert "<b>Evil</b>" not in odd._repr_html_()  # labels are escaped


def test_validate_as_a_method(kg):
    conforms, report = kg.validate()
    assert conforms is True and "Conforms: True" in report


def test_readme_like_csv_reads_back_into_pandas(kg, tmp_path):
    write(kg, tmp_path / "statements.csv", format="csv")
    frame = pd.read_csv(io.StringIO((tmp_path / "statements.csv").read_text(encoding="utf-8-sig")))
    assert frame["evidence"].map(len).min() > 0
