"""The README stays true: its two commands come first, and its SPARQL query answers its question."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from graphkit.query import sparql

README = Path(__file__).resolve().parents[1] / "README.md"
CI = Path(__file__).resolve().parents[1] / ".ci" / "run"


def _blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README.read_text(encoding="utf-8"), re.S)


def test_readme_starts_with_the_two_commands_and_ci_runs_the_second():
    text = README.read_text(encoding="utf-8")
    first_blocks = re.findall(r"```(\w*)\n(.*?)```", text, re.S)[:2]
    assert [lang for lang, _ in first_blocks] == ["bash", "bash"]
    install_and_run, install_and_test = (body.strip() for _, body in first_blocks)
    assert install_and_run.startswith("pip install .") and "graphkit build examples" in install_and_run
    assert "[test]" in install_and_test and "pytest" in install_and_test
    assert install_and_test in CI.read_text(encoding="utf-8").splitlines()


@pytest.mark.slow
def test_readme_sparql_query_answers_who_arms_hezbollah(extractor, examples_dir, shared_dir):
    from graphkit.documents import read_documents
    from graphkit.model import KnowledgeGraph

    docs = list(read_documents([examples_dir, shared_dir / "eval" / "dev" / "seed_gold.jsonl"]))
    kg = KnowledgeGraph().extend(extractor.extract(docs))
    (query,) = _blocks("sparql")
    frame = sparql(kg, query)
    assert {"supplier", "according_to", "outlet", "evidence", "document"} <= set(frame.columns)
    rows = {(r.supplier, r.according_to, r.outlet) for r in frame.itertuples()}
    assert ("Russia", "Hezbollah", "The Daily Beast") in rows
    assert any(r.supplier == "Iran" for r in frame.itertuples())
    # each answer cites a sentence of the document it names
    texts = {d.id: d.text for d in docs}
    assert all(r.evidence in texts[r.document] for r in frame.itertuples())


def _python_lines() -> list[str]:
    (block,) = _blocks("python")
    return [line.split("#")[0].rstrip() for line in block.splitlines() if line.split("#")[0].strip()]


@pytest.mark.slow
def test_readme_python_snippet_runs_and_shows_what_it_says(examples_dir, tmp_path, monkeypatch):
    """Every line of the README's API snippet is executed, in a folder laid out as after its first
    command (``examples/`` and ``out/``), and its result checked, not only run (issue 14)."""
    import networkx as nx
    import pandas as pd
    import rdflib

    from graphkit.model import Actor, KnowledgeGraph, Statement

    (tmp_path / "examples").symlink_to(examples_dir, target_is_directory=True)
    monkeypatch.chdir(tmp_path)
    namespace: dict = {}
    results: dict[str, object] = {}
    for line in _python_lines():
        if line.startswith("graphkit.load("):
            # the README's first command has built out/ by then
            namespace["kg"].write_outputs("out", html=False)
        try:
            results[line] = eval(line, namespace)  # noqa: S307 - the README's own lines
        except SyntaxError:
            exec(line, namespace)  # noqa: S102 - imports and assignments
    kg = namespace["kg"]
    n_docs = len([p for p in examples_dir.iterdir() if p.suffix in (".txt", ".md", ".html", ".jsonl")])
    checks = {
        "kg": lambda r: (
            repr(r).startswith(f"KnowledgeGraph({len(kg.documents)} documents, ")
            and len(kg.documents) >= min(n_docs, 7)
            and len(kg.statements) > 20
        ),
        "kg.statements[0]": lambda r: isinstance(r, Statement) and repr(r).startswith("Statement(relation="),
        "kg.actors": lambda r: (
            r
            and all(isinstance(a, Actor) for a in r.values())
            and {"Russia", "Iran", "Hezbollah"} <= {a.label for a in r.values()}
        ),
        "kg.to_rdf()": lambda r: isinstance(r, rdflib.Dataset) and len(list(r.graphs())) > len(kg.documents),
        "kg.to_networkx()": lambda r: (
            isinstance(r, nx.MultiDiGraph)
            and "Russia" in {d["label"] for _, d in r.nodes(data=True)}
            and nx.write_graphml(r, tmp_path / "check.graphml") is None
        ),
        "kg.to_dataframe()": lambda r: (
            isinstance(r, pd.DataFrame)
            and len(r) == len(kg.statements)
            and {"Russia", "Iran"} <= set(r["subject_label"])
        ),
        'kg.write_html("graph.html")': lambda r: (
            (tmp_path / "graph.html").read_text().startswith("<!DOCTYPE")
        ),
        'kg.sparql("SELECT ?s WHERE { ?s a gk:State }")': lambda r: (
            isinstance(r, pd.DataFrame)
            and {a.id for a in kg.actors.values() if a.label in ("Russia", "Iran")} <= set(r["s"])
        ),
        "kg.validate()": lambda r: r[0] is True,
        'graphkit.load("out/graph.ttl")': lambda r: (
            isinstance(r, KnowledgeGraph) and {s.id for s in r.statements} == {s.id for s in kg.statements}
        ),
    }
    expressions = [line for line in _python_lines() if line in results]
    assert expressions == list(checks), "a README line without a check (or a check without its line)"
    for line, check in checks.items():
        assert check(results[line]), line
