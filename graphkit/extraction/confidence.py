"""How far a found relation is to be trusted: the calibrated precision of the pattern that found it."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

import yaml

from graphkit.resources import data_path

if TYPE_CHECKING:
    from graphkit.extraction.relations import FoundRelation


@lru_cache(maxsize=1)
def confidence_table() -> dict[str, float]:
    """Return the shipped confidence table (``graphkit/data/confidence.yaml``), key to probability.

    Examples
    --------
    >>> 0.0 <= confidence_table()["default"] <= 1.0
    True
    """
    path = data_path("confidence.yaml")
    if not path.exists():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    table = {str(k): float(v) for k, v in (data.get("patterns") or {}).items()}
    if "default" in data:
        table["default"] = float(data["default"])
    return table


def confidence_of(found: FoundRelation, table: dict[str, float] | None = None) -> float:
    """The statement's confidence: how often its pattern proved right on the dev sets.

    The table (``graphkit/data/confidence.yaml``) is written by ``tools/calibrate_confidence.py``;
    the most specific key it holds wins: ``pattern:relation:via``, then ``pattern:via``, then
    ``pattern``, then the overall precision (``default``).

    Parameters
    ----------
    found : a relation found by the ``graphkit_relations`` component
    table : the confidence table; default: :func:`confidence_table`

    Returns
    -------
    A probability in [0, 1]; 0.5 when no table is installed.

    Examples
    --------
    >>> from types import SimpleNamespace as Found
    >>> direct, coref = Found(via="gazetteer"), Found(via="coref")
    >>> found = Found(pattern="verb", relation="supports", subject=direct, object=coref)
    >>> confidence_of(found, {"verb:coref": 0.6, "verb": 0.8, "default": 0.5})
    0.6
    >>> confidence_of(found, {})
    0.5
    """
    table = confidence_table() if table is None else table
    via = "coref" if "coref" in (found.subject.via, found.object.via) else "direct"
    for key in (f"{found.pattern}:{found.relation}:{via}", f"{found.pattern}:{via}", found.pattern):
        if key in table:
            return table[key]
    return table.get("default", 0.5)
