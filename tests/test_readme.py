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
