"""The tour notebook executes from top to bottom (so it never rots)."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

import graphkit

pytestmark = pytest.mark.slow

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"


@pytest.mark.parametrize("path", sorted(NOTEBOOKS.glob("*.ipynb")), ids=lambda p: p.name)
def test_notebook_executes(path, examples_dir):
    nb = nbformat.read(path, as_version=4)
    NotebookClient(
        nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOKS)}}
    ).execute()
    outputs = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    html_out = [o for o in outputs if o.output_type == "execute_result" and "text/html" in o.get("data", {})]
    assert any("<iframe srcdoc=" in o["data"]["text/html"] for o in html_out)
    assert any("arms" in str(o.get("data", {})) for o in outputs)
    # the first cell reports what the build of the examples holds
    kg = graphkit.build([examples_dir], workers=1)
    counts = (len(kg.documents), len(kg.used_actors()), len(kg.statements))
    first = next(cell for cell in nb.cells if cell.cell_type == "code")
    printed = [o["text"] for o in first.outputs if o.output_type == "stream"]
    assert printed == ["{} documents, {} actors, {} statements\n".format(*counts)]
