"""Shared fixtures: the loaded extractor (once per session) and the reference data in ../shared."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from hypothesis import settings

# CI explores the same examples every run (a red build must mean a change broke something);
# local runs keep exploring new ones.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The reference material (evaluation sets, CAMEO dictionaries); read-only."""
    if not (SHARED / "eval" / "score.py").exists():
        pytest.fail(f"reference material missing: {SHARED} (CI copies shared/ beside the clone)")
    return SHARED


@pytest.fixture(scope="session")
def extractor():
    """One loaded extraction pipeline for the whole session (model loading is the slow part)."""
    from graphkit.extraction import Extractor

    return Extractor()


@pytest.fixture(scope="session")
def examples_dir() -> Path:
    return EXAMPLES


@pytest.fixture(scope="session")
def plover_types(shared_dir) -> set[str]:
    """The PLOVER event types, read from the CAMEO-to-PLOVER table (not from our ontology)."""
    table = (shared_dir / "data" / "plover" / "CAMEO2PLOVER-2021.txt").read_text(encoding="utf-8")
    found = {m.group(1) for m in re.finditer(r"^\d+:\s*([A-Z]+)", table, re.M)}
    assert len(found) == 16, found
    return found
