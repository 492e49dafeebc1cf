"""Reading CAMEO/PETRARCH actor dictionaries (``*.actors.txt``), the format older event coders use.

An entry is a name line (``HEZBOLLAH_ [LBNREB]``), synonym lines (``+HIZBALLAH``) and code lines
(``[RUSGOV >080508]``, dated or not). Underscores stand for spaces. The code's first three letters are
a country (or ``IGO``/``IMG``...), the rest the sector (``GOV``, ``MIL``, ``REB``...).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from graphkit.gazetteer import ActorGazetteer

_CODE = re.compile(r"\[([A-Z0-9]{3,})(?:\s+([<>]?[0-9]{6,8}(?:-[0-9]{6,8})?))?\s*\]")

# sector code -> actor type; the first that occurs in the code after the country wins
_SECTOR_TYPES = (
    ("REB", "ArmedGroup"),
    ("INS", "ArmedGroup"),
    ("SEP", "ArmedGroup"),
    ("UAF", "ArmedGroup"),
    ("MIL", "Military"),
    ("COP", "Military"),
    ("SPY", "Government"),
    ("GOV", "Government"),
    ("ELI", "Person"),
    ("MED", "Media"),
    ("NGO", "NGO"),
    ("IGO", "IGO"),
)
_ORG_WORDS = {
    "ministry",
    "government",
    "department",
    "council",
    "party",
    "army",
    "front",
    "forces",
    "organization",
    "organisation",
    "agency",
    "committee",
    "union",
    "movement",
    "brigade",
    "brigades",
    "group",
    "league",
    "bank",
    "office",
    "court",
    "commission",
    "assembly",
}


_PAREN = re.compile(r"\(([^()]*)\)")


def _clean_name(raw: str) -> str:
    """The name of a dictionary line: underscores to spaces, without comments and "(ACRONYM)" parts."""
    name = raw.split("#", 1)[0].strip().strip("+").replace("_", " ")
    name = _PAREN.sub(" ", name)
    return re.sub(r"\s+", " ", name).strip(" -,")


def _acronyms(raw: str) -> list[str]:
    """Acronyms given in parentheses after a name: ``ADEN_ABYAN_ISLAMIC_ARMY_(AAIA)_`` -> ``AAIA``."""
    out = []
    for inner in _PAREN.findall(raw.split("#", 1)[0]):
        inner = inner.replace("_", " ").strip()
        if re.fullmatch(r"[A-Z][A-Z0-9&-]{1,9}", inner):
            out.append(inner)
    return out


def _pick_code(codes: list[tuple[str, str | None]]) -> str | None:
    """The undated code, else the one still current (``>date``), else the last one listed."""
    if not codes:
        return None
    for code, when in codes:
        if not when:
            return code
    for code, when in codes:
        if when and when.startswith(">"):
            return code
    return codes[-1][0]


def _type_of(code: str, names: list[str]) -> tuple[str, str | None, str | None]:
    """Return (actor type, country or None, sector) for a CAMEO code."""
    head, rest = code[:3], code[3:]
    country = None if head in {"IGO", "IMG", "NGO", "INT", "MNC", "KKL"} else head
    if head == "IGO":
        return "IGO", None, "IGO"
    if head == "IMG":
        return "ArmedGroup", None, "REB"
    if not rest:
        return "State", country, None
    for sector, actor_type in _SECTOR_TYPES:
        if sector in rest:
            if actor_type in ("Government", "Person"):
                words = {w.lower() for n in names for w in n.split()}
                looks_like_person = not (words & _ORG_WORDS) and all(
                    1 < len(n.split()) <= 5 for n in names[:1]
                )
                actor_type = "Person" if looks_like_person else "Government"
            return actor_type, country, sector
    return "Organisation", country, rest[:3] or None


_SMALL_WORDS = {"of", "the", "and", "for", "in", "on", "to", "de", "al", "el", "a"}


def _label(name: str) -> str:
    """A readable label for a name the dictionary writes in capitals: "ABU NIDAL ORGANIZATION" ->
    "Abu Nidal Organization"; short all-capital names stay as they are ("UN", "PKK")."""
    if not name.isupper() or len(name) <= 4 and " " not in name:
        return name
    words = name.lower().split()
    return " ".join(w if k and w in _SMALL_WORDS else w[:1].upper() + w[1:] for k, w in enumerate(words))


def read_cameo_dictionary(path: str | Path) -> Iterator[dict[str, Any]]:
    """Yield one record per dictionary entry: label, names, type, country, cameo, sector, acronyms.

    Parameters
    ----------
    path : a CAMEO/PETRARCH ``.actors.txt`` file

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = Path(tmp) / "Phoenix.MilNonState.actors.txt"
    ...     _ = path.write_text("AL_QAEDA_ [IMGMUSALQ]\\n+AL_QAIDA\\n")
    ...     record = next(read_cameo_dictionary(path))
    >>> record["label"], record["names"], record["cameo"], record["type"]
    ('Al Qaeda', ['AL QAEDA', 'AL QAIDA'], 'IMGMUSALQ', 'ArmedGroup')
    """
    entry: dict[str, Any] | None = None
    with open(path, encoding="utf-8", errors="replace") as f:
        for raw in f:
            line = raw.rstrip("\n")
            stripped = line.strip()
            if not stripped or stripped.startswith("#") or stripped.startswith("<"):
                continue
            codes = [(m.group(1), m.group(2)) for m in _CODE.finditer(stripped.split("#", 1)[0])]
            text = _CODE.sub("", stripped.split("#", 1)[0]).strip()
            if stripped.startswith("+"):
                if entry is not None:
                    for part in text.split("+"):
                        name = _clean_name(part)
                        if name:
                            entry["names"].append(name)
                        entry["acronyms"].extend(_acronyms(part))
                    entry["codes"].extend(codes)
                continue
            if not text and codes:  # a code line under the current entry
                if entry is not None:
                    entry["codes"].extend(codes)
                continue
            if text:
                if entry is not None:
                    yield from _finish(entry)
                entry = {"names": [_clean_name(text)], "codes": codes, "acronyms": _acronyms(text)}
    if entry is not None:
        yield from _finish(entry)


def _finish(entry: dict[str, Any]) -> Iterator[dict[str, Any]]:
    names = [n for n in dict.fromkeys(entry["names"]) if n]
    code = _pick_code(entry["codes"])
    if not names or not code:
        return
    acronyms = list(dict.fromkeys(entry["acronyms"]))
    for k, group in enumerate(_distinct_bodies(names)):
        actor_type, country, sector = _type_of(code, group)
        yield {
            "label": _label(group[0]),
            "names": group,
            "type": actor_type,
            "country": country,
            "cameo": code,
            "sector": sector,
            "acronyms": acronyms if k == 0 else [],
        }


# Words that name what kind of body an institution is: two names under one CAMEO code with
# different ones are different bodies ("Royal Navy", "Royal Air Force" under GBRMIL).
_BODY_WORDS = frozenset(
    "navy naval air force forces army marines marine guard guards police gendarmerie ministry department "
    "agency service services council committee court parliament assembly senate congress bank office "
    "command corps brigade brigades division regiment battalion unit intelligence coast border".split()
)


def _body_words(name: str) -> frozenset[str]:
    return frozenset(w.rstrip("s") for w in name.lower().split() if w in _BODY_WORDS)


def _distinct_bodies(names: list[str]) -> list[list[str]]:
    """Split an entry's synonyms into actors: a CAMEO synonym group shares a code, not an identity.

    A name joins the first actor whose kind of body it shares (or the entry's first actor, when it
    names no kind of body: a spelling, a translation, an acronym); a name of another kind of body
    is an actor of its own.

    Examples
    --------
    >>> _distinct_bodies(["ARMED FORCES", "ROYAL NAVY", "ROYAL AIR FORCE", "BRITISH ARMED FORCES"])
    [['ARMED FORCES', 'BRITISH ARMED FORCES'], ['ROYAL NAVY'], ['ROYAL AIR FORCE']]
    >>> _distinct_bodies(["HEZBOLLAH", "HIZBALLAH", "PARTY OF GOD"])
    [['HEZBOLLAH', 'HIZBALLAH', 'PARTY OF GOD']]
    """
    groups: list[list[str]] = []
    for name in names:
        words = _body_words(name)
        home = next((g for g in groups if _body_words(g[0]) == words), None) if words else None
        if home is None and groups and (not words or not _body_words(groups[0][0])):
            home = groups[0]
        if home is None:
            groups.append([name])
        else:
            home.append(name)
    return groups


def load(gazetteer: ActorGazetteer, path: str | Path) -> int:
    """Add the entries of a CAMEO dictionary to ``gazetteer``; return how many were read.

    An entry naming an actor the gazetteer knows extends that actor (see
    :meth:`~graphkit.gazetteer.ActorGazetteer.add_cameo_record`).

    Examples
    --------
    >>> import tempfile
    >>> from graphkit.gazetteer import ActorGazetteer
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = Path(tmp) / "groups.actors.txt"
    ...     _ = path.write_text("EXAMPLE_LIBERATION_FRONT_ [IMGMUSELF]\\n")
    ...     gaz = ActorGazetteer()
    ...     load(gaz, path), gaz.lookup("example liberation front").label
    (1, 'Example Liberation Front')
    """
    n = 0
    table = gazetteer._state_cameo_codes()
    for record in read_cameo_dictionary(path):
        gazetteer.add_cameo_record(record, table)
        n += 1
    return n
