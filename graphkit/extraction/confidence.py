"""How far a found relation is to be trusted: the calibrated precision of the pattern that found it,
scaled, once its actors are resolved, by how sure each of them is (:func:`with_certainty`)."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

import yaml

from graphkit.resources import data_path

if TYPE_CHECKING:
    from graphkit.extraction.relations import FoundRelation


@lru_cache(maxsize=1)
def _confidence_data() -> dict:
    path = data_path("confidence.yaml")
    if not path.exists():
        return {}
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


@lru_cache(maxsize=1)
def actor_certainty() -> dict[str, float]:
    """Return the shipped factors by which each kind of resolved actor scales a statement's confidence.

    Examples
    --------
    >>> all(0.0 < f <= 2.0 for f in actor_certainty().values())
    True
    """
    return {str(k): float(v) for k, v in (_confidence_data().get("actors") or {}).items()}


def actor_kind(provisional: bool, via: str) -> str:
    """How sure a statement's argument is: ``known`` (a gazetteer actor named), ``coref``
    (reached through a pronoun or description), ``place`` (a place standing for its state),
    ``office`` (an office title), or ``provisional`` (a name the extractor made an actor of).

    Examples
    --------
    >>> actor_kind(False, "gazetteer"), actor_kind(True, "ner"), actor_kind(False, "coref")
    ('known', 'provisional', 'coref')
    """
    if via == "coref":
        return "coref"
    if via == "place":
        return "place"
    if via == "title":
        return "office"
    return "provisional" if provisional else "known"


#: Upper bounds (characters between the two mentions) of the span classes
SPAN_CLASSES = ((40, "near"), (120, "mid"), (10**9, "far"))


def span_class(distance: int) -> str:
    """The class of the distance between a statement's two mentions: near, mid or far.

    Examples
    --------
    >>> span_class(12), span_class(80), span_class(400)
    ('near', 'mid', 'far')
    """
    return next(name for bound, name in SPAN_CLASSES if distance < bound)


def with_certainty(
    confidence: float, kinds: tuple[str, str], factors: dict[str, float] | None = None
) -> float:
    """A statement's confidence scaled by how sure its two actors are (clipped to [0.01, 0.99]).

    Examples
    --------
    >>> with_certainty(0.8, ("known", "provisional"), {"known": 1.05, "provisional": 0.5})
    0.42
    >>> with_certainty(0.8, ("known", "known"), {})
    0.8
    """
    factors = actor_certainty() if factors is None else factors
    value = confidence * factors.get(kinds[0], 1.0) * factors.get(kinds[1], 1.0)
    return round(min(0.99, max(0.01, value)), 3)


@lru_cache(maxsize=1)
def confidence_table() -> dict[str, float]:
    """Return the shipped confidence table (``graphkit/data/confidence.yaml``), key to probability.

    Examples
    --------
    >>> 0.0 <= confidence_table()["default"] <= 1.0
    True
    """
    data = _confidence_data()
    table = {str(k): float(v) for k, v in (data.get("patterns") or {}).items()}
    if "default" in data:
        table["default"] = float(data["default"])
    return table


def confidence_of(found: FoundRelation, table: dict[str, float] | None = None) -> float:
    """The statement's confidence: how often its pattern proved right on the dev sets.

    The table (``graphkit/data/confidence.yaml``) is written by ``tools/calibrate_confidence.py``;
    the most specific key it holds wins: ``pattern:relation:via``, then ``pattern:via``, then
    ``pattern``, then the same for the pattern's base (``verb`` for ``verb+comp``), then the overall
    precision (``default``). The shipped table holds base patterns only: finer keys fitted the dev
    sets and did not carry to held-out folds.

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
    base = found.pattern.split("+", 1)[0]  # "verb+comp" is a verb pattern reaching into a complement
    keys = (f"{found.pattern}:{found.relation}:{via}", f"{found.pattern}:{via}", found.pattern)
    for key in (*keys, f"{base}:{via}", base):
        if key in table:
            return table[key]
    return table.get("default", 0.5)
