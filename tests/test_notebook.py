"""The tour notebook executes from top to bottom, and each cell shows what the text above it says.

Cells are found by their tag (``metadata.tags``); each one's output is checked: not empty, and
naming the actors the example articles are about (issue 14), so a cell that runs but shows nothing
(an empty DataFrame, a binding matched as the wrong kind of term) fails.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

import graphkit

pytestmark = pytest.mark.slow

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
TOUR = NOTEBOOKS / "graphkit_tour.ipynb"


def _execute(path: Path):
    nb = nbformat.read(path, as_version=4)
    NotebookClient(
        nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOKS)}}
    ).execute()
    return nb


@pytest.fixture(scope="module")
def tour():
    return _execute(TOUR)


def _cell(nb, tag: str):
    (cell,) = [c for c in nb.cells if tag in c.get("metadata", {}).get("tags", [])]
    return cell


def _shown(cell, kind: str = "text/plain") -> str:
    """What the cell shows: its result (as ``kind``), else what it printed."""
    for output in cell.outputs:
        if output.output_type == "execute_result" and kind in output.get("data", {}):
            return output["data"][kind]
    return "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")


def test_the_tour_is_the_only_notebook():
    # a new notebook needs its own test of what its cells show, as the tour has below
    assert sorted(p.name for p in NOTEBOOKS.glob("*.ipynb")) == [TOUR.name]


def test_tour_executes_without_errors(tour):
    outputs = [o for cell in tour.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    # every code cell shows something
    for cell in tour.cells:
        if cell.cell_type == "code":
            assert cell.outputs, cell.source


def test_tour_first_cells_report_the_build(tour, examples_dir):
    kg = graphkit.build([examples_dir], workers=1)
    counts = (len(kg.documents), len(kg.used_actors()), len(kg.statements))
    assert _shown(_cell(tour, "build")) == "{} documents, {} actors, {} statements\n".format(*counts)
    summary = _cell(tour, "summary")
    assert _shown(summary) == repr(kg) and len(_shown(summary)) < 200
    assert "<table>" in _shown(summary, "text/html") and "Hezbollah" in _shown(summary, "text/html")


def test_tour_tables_and_queries_show_the_expected_actors(tour):
    statements = _shown(_cell(tour, "statements"))
    assert "Russia" in statements and "negative" in statements and "cameo" in statements
    # the binding cell: Iran's IRI, bound as an IRI, finds what Iran arms (it was empty when the
    # string was bound as a literal)
    binding = _shown(_cell(tour, "binding"))
    assert "Hezbollah" in binding and "Empty DataFrame" not in binding
    assert "https://w3id.org/graphkit/actor/IRN" in _shown(_cell(tour, "binding"), "text/html")
    arms = _shown(_cell(tour, "arms"))
    assert "Iran" in arms and "Hezbollah" in arms
    allies = _shown(_cell(tour, "allies"))
    assert "Iran" in allies and "ally" in allies
    negated = _shown(_cell(tour, "negated"))
    assert "Russia" in negated and "Taliban" in negated
    assert "Russia" in _shown(_cell(tour, "centralities")) and "Iran" in _shown(_cell(tour, "centralities"))
    assert "Hezbollah" in _shown(_cell(tour, "communities"))
    assert _shown(_cell(tour, "graphml")) == "['negative', 'positive']"


def test_tour_shows_the_view_inline(tour):
    page = _shown(_cell(tour, "view"), "text/html")
    assert "<iframe srcdoc=" in page and "gk-network" in page
