"""End to end: `graphkit build examples -o OUT` through the CLI, and the same through the Python API."""

from __future__ import annotations

import json
import re

import pyoxigraph
import pytest
import rdflib
from pages import page_data, page_edges
from typer.testing import CliRunner

import graphkit
from graphkit.cli import app
from graphkit.namespaces import GK

pytestmark = pytest.mark.slow

FORMAT_KEYS = {
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
}
QUADS = {"verbal-cooperation", "material-cooperation", "verbal-conflict", "material-conflict", "structural"}


def statement_rows(out) -> list[dict]:
    return [json.loads(line) for line in (out / "statements.jsonl").read_text(encoding="utf-8").splitlines()]


def statement_edges(rows: list[dict]) -> set[tuple[str, str, str]]:
    """The edges the view draws for these statements: one per pair, relation and polarity."""
    edges = set()
    for row in rows:
        u, v = row["subject"]["id"], row["object"]["id"]
        if row["symmetric"] and v < u:
            u, v = v, u
        edges.add((u, v, row["relation"] if row["polarity"] == "positive" else f"not {row['relation']}"))
    return edges


@pytest.fixture(scope="module")
def built(tmp_path_factory, examples_dir):
    out = tmp_path_factory.mktemp("build") / "out"
    result = CliRunner().invoke(app, ["build", str(examples_dir), "-o", str(out), "--workers", "1"])
    assert result.exit_code == 0, result.output
    return out


def test_build_writes_the_three_outputs(built):
    for name in ("graph.ttl", "statements.jsonl", "statements.csv", "graph.html"):
        assert (built / name).stat().st_size > 0, name


def test_statements_csv_has_the_rows_of_statements_jsonl(built):
    import csv

    lines = [json.loads(x) for x in (built / "statements.jsonl").read_text(encoding="utf-8").splitlines()]
    with open(built / "statements.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [r["id"] for r in rows] == [x["id"] for x in lines]
    assert [(r["relation"], r["polarity"], r["plover"]) for r in rows] == [
        (x["relation"], x["polarity"], x["plover"] or "") for x in lines
    ]
    # Russia "did not arm" the Taliban: a row of its own, with its CAMEO code
    denied = [r for r in rows if r["polarity"] == "negative" and r["object_label"] == "Taliban"]
    assert denied and all(r["cameo"] for r in denied)


def test_turtle_parses_with_rdflib_and_pyoxigraph(built):
    data = (built / "graph.ttl").read_bytes()
    g = rdflib.Graph().parse(data=data, format="turtle")
    # every statement line is a statement node of the graph, and nothing else is
    statements = {str(s) for s in g.subjects(rdflib.RDF.type, GK.Statement)}
    assert statements == {row["id"] for row in statement_rows(built)}
    store = pyoxigraph.Store()
    store.load(data, format=pyoxigraph.RdfFormat.TURTLE)
    assert len(store) == len(g)


def test_statement_lines_follow_the_scorer_format(built, examples_dir):
    rows = [
        json.loads(line) for line in (built / "statements.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    assert len(rows) >= 10
    texts = {}
    for doc in graphkit.read_documents([examples_dir]):
        texts[doc.id] = doc.text
    for row in rows:
        assert set(row) >= FORMAT_KEYS
        assert row["kind"] == "statement" and row["quad"] in QUADS
        assert row["polarity"] in ("positive", "negative")
        ev = row["evidence"]
        assert texts[row["doc"]][ev["start"] : ev["end"]] == ev["text"]
        for side in ("subject", "object"):
            m = row[side]["mention"]
            assert texts[row["doc"]][m["start"] : m["end"]] == m["text"]


def test_examples_cover_the_demo_relations(built):
    rows = [
        json.loads(line) for line in (built / "statements.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    seen = {(r["relation"], r["polarity"]) for r in rows}
    assert ("arms", "positive") in seen
    assert ("arms", "negative") in seen  # "Russia is not supplying weapons to the Taliban"
    assert any(rel in ("strikes", "attacks") for rel, _ in seen)
    assert any(rel in ("accuses", "condemns", "criticizes") for rel, _ in seen)
    assert ("allied_with", "positive") in seen
    assert ("spokesperson_for", "positive") in seen


def test_html_draws_every_statement_of_the_build(built, examples_dir):
    data = page_data((built / "graph.html").read_text(encoding="utf-8"))
    rows = statement_rows(built)
    assert data["meta"]["left_out"] == 0 and data["meta"]["statements"] == len(rows)
    assert page_edges(data) == statement_edges(rows)
    actors = {row[side]["id"] for row in rows for side in ("subject", "object")}
    assert {n["iri"] for n in data["nodes"]} == actors
    assert {d["id"] for d in data["docs"]} == {doc.id for doc in graphkit.read_documents([examples_dir])}
    labels = {n["id"]: n["label"] for n in data["nodes"]}
    drawn = {(labels[e["from"]], labels[e["to"]], e["key"]) for e in data["edges"]}
    assert ("Russia", "Taliban", "not arms") in drawn  # "Russia is not supplying weapons to the Taliban"


def test_html_is_self_contained(built):
    page = (built / "graph.html").read_text(encoding="utf-8")
    assert "<canvas" in page or "vis-network" in page or "vis.Network" in page
    # no script, style, image or font is loaded from anywhere
    assert not re.search(r"""<(script|link|img|iframe)[^>]+(src|href)\s*=\s*["']?(https?:)?//""", page, re.I)
    assert "@import" not in page


def test_view_redraws_from_the_turtle_alone(built, tmp_path):
    page = tmp_path / "redrawn.html"
    result = CliRunner().invoke(app, ["view", str(built / "graph.ttl"), "-o", str(page)])
    assert result.exit_code == 0, result.output
    redrawn = page_data(page.read_text(encoding="utf-8"))
    built_data = page_data((built / "graph.html").read_text(encoding="utf-8"))
    assert page_edges(redrawn) == page_edges(built_data) == statement_edges(statement_rows(built))
    assert [n["iri"] for n in redrawn["nodes"]] == [n["iri"] for n in built_data["nodes"]]


def test_api_build_matches_the_cli(built, examples_dir):
    kg = graphkit.build([examples_dir])
    cli_rows = (built / "statements.jsonl").read_text(encoding="utf-8").splitlines()
    api_rows = [
        json.dumps(r, ensure_ascii=False, separators=(", ", ": ")) for r in kg.iter_json(mentions=False)
    ]
    assert api_rows == cli_rows
    assert isinstance(kg.to_rdf(), rdflib.Dataset)
    G = kg.to_networkx()
    assert set(G.edges(keys=True)) == statement_edges(statement_rows(built))
    loaded = graphkit.load(built / "graph.ttl")
    assert {s.id for s in loaded.statements} == {s.id for s in kg.statements}


def test_extract_reads_standard_input():
    line = json.dumps({"id": "s1", "text": "Iran supplied Hezbollah with rockets, officials said."})
    result = CliRunner().invoke(app, ["extract", "-", "--workers", "1"], input=line + "\n")
    assert result.exit_code == 0, result.output
    rows = [json.loads(x) for x in result.stdout.splitlines() if x.startswith("{")]
    statements = [r for r in rows if r["kind"] == "statement"]
    assert any(r["relation"] == "arms" and r["subject"]["label"] == "Iran" for r in statements)
    assert any(r["kind"] == "mention" for r in rows)


def test_every_command_has_help():
    for command in ("build", "extract", "view", "validate", "push", "query", "stats"):
        result = CliRunner().invoke(app, [command, "--help"])
        assert result.exit_code == 0 and "Usage" in result.output, command


def test_a_build_that_reads_nothing_leaves_the_last_outputs_alone(built, tmp_path):
    before = (built / "graph.ttl").read_bytes()
    result = CliRunner().invoke(app, ["build", str(tmp_path / "typo"), "-o", str(built), "--workers", "1"])
    assert result.exit_code != 0
    assert "no document could be read" in result.output
    assert (built / "graph.ttl").read_bytes() == before


def test_store_builds_add_documents_and_write_the_whole_graph(tmp_path, examples_dir):
    store, out = tmp_path / "store", tmp_path / "out"
    first = CliRunner().invoke(
        app,
        ["build", str(examples_dir / "01-arms-supply.md"), "-o", str(out), "--store", str(store), "-w", "1"],
    )
    assert first.exit_code == 0, first.output
    docs_after_first = {json.loads(x)["doc"] for x in (out / "statements.jsonl").read_text().splitlines()}
    assert docs_after_first == {"examples/01-arms-supply.md"}  # the file, named as its folder names it
    second = CliRunner().invoke(
        app, ["build", str(examples_dir), "-o", str(out), "--store", str(store), "-w", "1"]
    )
    assert second.exit_code == 0, second.output
    rows = [json.loads(x) for x in (out / "statements.jsonl").read_text().splitlines()]
    assert {"examples/01-arms-supply.md", "examples/02-alliance.txt"} <= {r["doc"] for r in rows}
    # the document given twice is in the store once
    assert len({r["id"] for r in rows}) == len(rows)
    assert len([r for r in rows if r["doc"] == "examples/01-arms-supply.md"]) == len(
        [r for r in graphkit.load(out / "graph.ttl").statements if r.doc == "examples/01-arms-supply.md"]
    )
