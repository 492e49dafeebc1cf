"""Resolution keys of names: case, diacritics, apostrophes, hyphens, particles, initials and
transliteration variants folded away, so that names with one key are one name."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import yaml

from graphkit.namespaces import ACTOR
from graphkit.resources import data_path


@dataclass(frozen=True)
class NameRules:
    """How names fold into keys and what is never an actor (``graphkit/data/resolution.yaml``)."""

    particles: frozenset[str] = frozenset()
    variants: dict[str, str] = field(default_factory=dict)
    trailing: frozenset[str] = frozenset()
    not_actor_heads: frozenset[str] = frozenset()
    not_actor_names: frozenset[str] = frozenset()
    title_words: frozenset[str] = frozenset()
    #: name -> its folded parts, as computed by :func:`name_tokens` (each name is folded once)
    folded: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_dict(cls, data: dict[str, Any], title_words: Iterable[str] = ()) -> NameRules:
        variants: dict[str, str] = {}
        for group in data.get("variants") or []:
            canonical = _fold_token(str(group[0]))
            for word in group:
                variants[_fold_token(str(word))] = canonical
        lower = lambda key: frozenset(str(w).lower() for w in data.get(key) or [])  # noqa: E731
        return cls(
            particles=lower("particles"),
            variants=variants,
            trailing=lower("trailing_function_words"),
            not_actor_heads=lower("not_actor_heads"),
            not_actor_names=lower("not_actor_names"),
            title_words=frozenset(w.lower() for w in title_words),
        )

    @classmethod
    def default(cls) -> NameRules:
        """The shipped rules, with the office titles of ``coref.yaml``."""
        return _default_rules()


@lru_cache(maxsize=1)
def _default_rules() -> NameRules:
    data = yaml.safe_load(data_path("resolution.yaml").read_text(encoding="utf-8")) or {}
    coref = yaml.safe_load(data_path("coref.yaml").read_text(encoding="utf-8")) or {}
    titles = coref.get("titles") or {}
    words = [*titles.get("heads", []), *titles.get("modifiers", [])]
    words += ["of", "for", "the", "and", "general", "secretary-general", "acting"]
    return NameRules.from_dict(data, words)


def _ascii(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def _fold_token(token: str) -> str:
    """One name part folded: double letters single, a final -iy/-yi as -y ("Zelenskiy", "Zelenskyy")."""
    token = re.sub(r"(.)\1+", r"\1", token)
    return re.sub(r"(?:iy|yi|ii)$", "y", token)


#: Names whose parts a :class:`NameRules` keeps before it starts again (a corpus has no end of names).
FOLDED_NAMES = 100_000


def name_tokens(name: str, rules: NameRules) -> list[str]:
    """The folded parts of a name, without particles, initials and a leading "the"."""
    found = rules.folded.get(name)
    if found is None:
        if len(rules.folded) >= FOLDED_NAMES:
            rules.folded.clear()
        found = rules.folded[name] = tuple(_name_tokens(name, rules))
    return list(found)


def _name_tokens(name: str, rules: NameRules) -> list[str]:
    text = _ascii(name).casefold()
    text = re.sub(r"[\u2018\u2019'`ʿʾ´]", "", text)
    if rules.particles:  # "al-Assad": a particle joined by a hyphen
        text = re.sub(r"(?:^|\s)(?:" + "|".join(sorted(rules.particles)) + r")-", " ", text)
    parts = [p for p in re.split(r"[^a-z0-9]+", text) if p]
    if parts and parts[0] == "the":
        parts = parts[1:]
    parts = [p for p in parts if p not in rules.particles] or parts
    if len(parts) > 2:
        parts = [p for p in parts if len(p) > 1] or parts  # middle initials ("George W. Bush")
    out = []
    for part in parts:
        folded = _fold_token(part)
        out.append(rules.variants.get(folded, folded))
    return out


def name_key(name: str, rules: NameRules | None = None) -> str:
    """Return the resolution key of a name: names with one key are one name.

    Examples
    --------
    >>> name_key("Bashar al-Assad") == name_key("Bashar al-Asad") == name_key("bashar Assad")
    True
    >>> name_key("Volodymyr Zelenskyy") == name_key("Volodymyr Zelensky")
    True
    >>> name_key("George W. Bush") == name_key("George Bush"), name_key("Dae’sh") == name_key("Daesh")
    (True, True)
    >>> name_key("Tobias Ellwood") == name_key("Ellwood")
    False
    """
    return " ".join(name_tokens(name, rules or NameRules.default()))


def provisional_iri(key: str, type: str) -> str:
    """The IRI of a provisional actor: its type and resolved name, never the document it came from."""
    slug = re.sub(r"[^a-z0-9]+", "-", key).strip("-")
    return str(ACTOR[f"provisional/{type.lower()}/{slug}"])
