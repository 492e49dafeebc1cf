"""The actor gazetteer: every known actor with its names, and the lookups the extractor needs.

Data lives in ``graphkit/data/actors/*.yaml`` (format: that folder's README). Users add their own
files with ``--actors``: the same YAML format, or a CAMEO/PETRARCH actor dictionary
(``*.actors.txt``) as older event coders use.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
import weakref
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from graphkit.model import ACTOR_TYPES, Actor, slugify
from graphkit.namespaces import ACTOR
from graphkit.resources import data_path

#: How a name refers to its actor, in order of precedence; the extractor treats each kind differently.
#: ``military`` and ``government`` are the generic forms derived for every state ("Russian forces",
#: "the Iraqi government"): they name the state itself, acting through its forces or its government.
NAME_KINDS = ("name", "military", "government", "plural", "demonym", "capital", "seat")

#: Where the generic forms said of every state are written ("Russian forces", "the Government of
#: Iraq"; see that file): kind by word tuple, read with the shipped gazetteer and saved with it.
STATE_BODIES_FILE = "state_bodies.yaml"
# libyaml's loader when installed: the shipped files parse several times faster
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


_SPACES = re.compile(r"\s+")
_LEADING_THE = re.compile(r"^the ")
_POSSESSIVE = re.compile(r"('s|')$")


# the linker normalizes the same few thousand names over and over (every mention of "Russia")
@lru_cache(maxsize=1 << 16)
def normalize(name: str) -> str:
    """Return the lookup key of a name: case-folded, apostrophes and dashes unified, no leading 'the'."""
    name = unicodedata.normalize("NFKC", name)
    name = name.replace("\u2019", "'").replace("\u2018", "'").replace("\u2010", "-").replace("\u2013", "-")
    name = _SPACES.sub(" ", name.strip()).casefold()
    name = _LEADING_THE.sub("", name)
    return _POSSESSIVE.sub("", name).strip()


@lru_cache(maxsize=1 << 16)
def is_acronym(name: str) -> bool:
    """True for short all-capital names (ISIS, US, U.S., NATO) that must match case-sensitively."""
    letters = re.sub(r"[^A-Za-z]", "", name)
    return 0 < len(letters) <= 6 and letters.isupper() and " " not in name.strip()


@dataclass(frozen=True)
class Name:
    """One way of naming an actor in text."""

    text: str
    actor: str
    kind: str = "name"
    #: match only as written (acronyms such as "IS" or "WHO"); None: decide from the text
    exact_case: bool | None = None

    @property
    def case_sensitive(self) -> bool:
        return is_acronym(self.text) if self.exact_case is None else self.exact_case


@dataclass
class ActorGazetteer:
    """Known actors and their names.

    Examples
    --------
    >>> gaz = ActorGazetteer.default()
    >>> gaz.lookup("the Kremlin").label
    'Russia'
    """

    actors: dict[str, Actor] = field(default_factory=dict)
    names: list[Name] = field(default_factory=list)
    descriptions: dict[str, list[str]] = field(default_factory=dict)
    roles: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    #: generic forms said of every state: after a demonym or possessive name, and before a name
    body_suffixes: dict[tuple[str, ...], str] = field(default_factory=dict, repr=False)
    body_prefixes: dict[tuple[str, ...], str] = field(default_factory=dict, repr=False)
    _index: dict[str, list[Name]] = field(default_factory=dict, repr=False)
    _by_id: dict[str, str] = field(default_factory=dict, repr=False)

    # -- construction ----------------------------------------------------------------------
    @classmethod
    def default(cls) -> ActorGazetteer:
        """Return a fresh copy of the shipped gazetteer."""
        base = _shipped_gazetteer()
        return cls(
            actors=dict(base.actors),
            names=list(base.names),
            descriptions={k: list(v) for k, v in base.descriptions.items()},
            roles={k: list(v) for k, v in base.roles.items()},
            body_suffixes=dict(base.body_suffixes),
            body_prefixes=dict(base.body_prefixes),
            _index={k: list(v) for k, v in base._index.items()},
            _by_id=dict(base._by_id),
        )

    @classmethod
    def from_files(cls, paths: Iterable[str | Path], base: ActorGazetteer | None = None) -> ActorGazetteer:
        """Return the gazetteer ``base`` (default: the shipped one) extended with user files."""
        gaz = base if base is not None else cls.default()
        for path in paths:
            gaz.load(path)
        return gaz

    def load(self, path: str | Path) -> int:
        """Add the actors of an actor file; return how many records were read.

        The format comes from the file name through the actor-source registry
        (:mod:`graphkit.actor_sources`): graphkit YAML (``.yaml``), else a CAMEO dictionary.
        """
        from graphkit.actor_sources import actor_source_for

        return actor_source_for(path).load()(self, Path(path))

    def iri(self, actor_id: str) -> str:
        """Return the IRI of a gazetteer id (state code or slug)."""
        return self._by_id.get(actor_id, str(ACTOR[actor_id]))

    def add(
        self,
        actor: Actor,
        names: Iterable[tuple[str, str]] = (),
        actor_id: str | None = None,
        exact_case: bool | None = None,
    ) -> Actor:
        """Add (or extend) an actor with ``(text, kind)`` names.

        ``exact_case=False`` lets short all-capital names match in any capitalisation (CAMEO
        dictionaries write every name in capitals, so "HAMAS" there is no acronym).
        """
        existing = self.actors.get(actor.id)
        if existing is not None:
            aliases = tuple(dict.fromkeys(existing.aliases + actor.aliases))
            actor = Actor(**{**existing.__dict__, "aliases": aliases})
        self.actors[actor.id] = actor
        if actor_id:
            self._by_id[actor_id] = actor.id
        for text in (actor.label, *actor.aliases):
            self._add_name(Name(text, actor.id, "name", exact_case))
        for text, kind in names:
            self._add_name(Name(text, actor.id, kind, exact_case))
        return actor

    def _add_name(self, name: Name) -> None:
        if not name.text or not name.text.strip():
            return
        key = normalize(name.text)
        bucket = self._index.setdefault(key, [])
        if any(n.actor == name.actor and n.kind == name.kind and n.text == name.text for n in bucket):
            return
        bucket.append(name)
        self.names.append(name)

    def add_state(self, record: dict[str, Any]) -> Actor:
        """Add a state record (``states.yaml``) with the generic names of its forces and government."""
        code = str(record["code"]).upper()
        names = [str(n) for n in record.get("names") or []]
        official = _pycountry_names(code)
        label = names[0] if names else (official[0] if official else code)
        aliases = tuple(dict.fromkeys(n for n in [*names[1:], *official] if n != label))
        demonyms = [str(d) for d in record.get("demonyms") or []]
        return self.add(
            Actor(
                id=str(ACTOR[code]),
                label=label,
                type="State",
                country=code,
                aliases=aliases,
                cameo=str(record.get("cameo") or code),
                sector=None,
            ),
            [(d, "demonym") for d in demonyms]
            + [(p, "plural") for p in record.get("plurals") or []]
            + [(c, "capital") for c in record.get("capitals") or []]
            + [(s, "seat") for s in record.get("seats") or []],
            actor_id=code,
        )

    def add_records(self, records: Iterable[dict[str, Any]], where: str = "<records>") -> None:
        """Add generic actor records (``armed_groups.yaml`` and the like)."""
        pending = list(records)
        for record in pending:  # ids first, so part_of can point forward within a file
            if "id" not in record or "label" not in record:
                raise ValueError(f"{where}: every record needs 'id' and 'label': {record!r}")
            self._by_id.setdefault(str(record["id"]), str(ACTOR[str(record["id"])]))
        for record in pending:
            actor_type = str(record.get("type") or "Organisation")
            if actor_type not in ACTOR_TYPES:
                raise ValueError(f"{where}: {record['id']}: unknown type {actor_type!r}")
            part_of = record.get("part_of")
            actor = self.add(
                Actor(
                    id=self.iri(str(record["id"])),
                    label=str(record["label"]),
                    type=actor_type,
                    country=(str(record["country"]).upper() if record.get("country") else None),
                    aliases=tuple(str(a) for a in record.get("aliases") or []),
                    sector=record.get("sector"),
                    cameo=record.get("cameo"),
                    part_of=self.iri(str(part_of)) if part_of else None,
                ),
                actor_id=str(record["id"]),
            )
            for text in record.get("descriptions") or []:
                self.descriptions.setdefault(normalize(str(text)), []).append(actor.id)
            for role in record.get("roles") or []:
                if isinstance(role, dict) and role.get("role") and role.get("of"):
                    self.roles.setdefault(actor.id, []).append((str(role["role"]), self.iri(str(role["of"]))))

    def add_cameo_record(self, record: dict[str, Any], state_codes: dict[str, str] | None = None) -> Actor:
        """Add one CAMEO dictionary entry; an entry naming a known actor extends that actor instead."""
        names = record["names"]
        acronyms = record.get("acronyms") or []
        country = self._country_of_cameo(record.get("country"), state_codes)
        record = {**record, "country": country}
        if record["type"] == "State" and (country is None or self.get(country) is None):
            record["type"] = "Organisation"  # a region code ("WEU", "MEA") is no state
        known = next(
            (a for a in map(self.lookup, names) if a is not None and _same_kind(a.type, record["type"])), None
        )
        if known is not None:
            actor = self.add(
                Actor(**{**known.__dict__, "aliases": known.aliases + tuple(names)}), exact_case=False
            )
        else:
            actor = self.add(
                Actor(
                    id=str(ACTOR[f"cameo/{slugify(names[0])}"]),
                    label=record["label"],
                    type=record["type"],
                    country=record.get("country"),
                    aliases=tuple(n for n in names if n != record["label"]),
                    cameo=record.get("cameo"),
                    sector=record.get("sector"),
                ),
                exact_case=False,
            )
        for acronym in acronyms:  # "(AAIA)" after a name: an acronym, matched as written
            self._add_name(Name(acronym, actor.id, "name", True))
        return actor

    def _state_cameo_codes(self) -> dict[str, str]:
        return {
            a.cameo: a.country for a in self.actors.values() if a.type == "State" and a.cameo and a.country
        }

    def _country_of_cameo(self, code: str | None, table: dict[str, str] | None = None) -> str | None:
        """The ISO alpha-3 code of a CAMEO country code, or None for regions ("AFR", "MEA")."""
        if not code:
            return None
        table = self._state_cameo_codes() if table is None else table
        if code in table:
            return table[code]
        try:
            import pycountry
        except ImportError:  # pragma: no cover - a declared dependency
            return None
        return code if pycountry.countries.get(alpha_3=code) is not None else None

    # -- lookups ---------------------------------------------------------------------------
    def candidates(self, text: str) -> list[Name]:
        """Return every name entry whose normalized text equals ``text``'s."""
        return self._index.get(normalize(text), [])

    def lookup(self, text: str, kinds: Iterable[str] = NAME_KINDS) -> Actor | None:
        """Return the actor a name refers to, or None.

        Generic forms said of a state ("Russian forces", "Russia's army", "the Government of
        Iraq") return the state.

        Examples
        --------
        >>> gaz = ActorGazetteer.default()
        >>> gaz.lookup("the Russian air force").label
        'Russia'
        """
        found = self.resolve(text, kinds)
        return found[0] if found is not None else None

    def resolve(self, text: str, kinds: Iterable[str] = NAME_KINDS) -> tuple[Actor, str] | None:
        """Return ``(actor, kind)`` for a name, or None; the earliest-added actor wins ties."""
        wanted = set(kinds)
        found = [n for n in self.candidates(text) if n.kind in wanted]
        if found:
            best = min(found, key=lambda n: NAME_KINDS.index(n.kind))
            return self.actors[best.actor], best.kind
        words = normalize(text).split()
        # each of the name's first and last few words looked up once (not every form tried)
        for length in range(1, min(len(words), _longest(self.body_suffixes, self.body_prefixes) + 1)):
            for form, stem, forms in (
                (tuple(words[-length:]), words[:-length], self.body_suffixes),
                (tuple(words[:length]), words[length:], self.body_prefixes),
            ):
                kind = forms.get(form)
                if kind is None or kind not in wanted:
                    continue
                state = self.lookup(" ".join(stem), ("name", "demonym"))
                if state is not None and state.type == "State":
                    return state, kind
        return None

    def get(self, actor_id: str) -> Actor | None:
        """Return an actor by gazetteer id (``RUS``, ``hezbollah``) or by IRI."""
        return self.actors.get(actor_id) or self.actors.get(self.iri(actor_id))

    def iter_names(self) -> Iterator[Name]:
        return iter(self.names)

    def __len__(self) -> int:
        return len(self.actors)

    # -- serialization ---------------------------------------------------------------------
    def to_disk(self, path: str | Path) -> None:
        """Save the gazetteer to the folder ``path`` (one JSON file), as :meth:`from_disk` reads it.

        Examples
        --------
        >>> import tempfile
        >>> gaz = ActorGazetteer()
        >>> _ = gaz.add(Actor("gk:x", "Example Front", "ArmedGroup"), [("the Front", "name")])
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     gaz.to_disk(folder)
        ...     ActorGazetteer.from_disk(folder).lookup("Example Front").label
        'Example Front'
        """
        folder = Path(path)
        folder.mkdir(parents=True, exist_ok=True)
        keys = {id(n): k for k, bucket in self._index.items() for n in bucket}
        data = {
            "actors": [{**a.__dict__, "aliases": list(a.aliases)} for a in self.actors.values()],
            # each name with its index key, so loading needs no normalize() per name
            "names": [[n.text, n.actor, n.kind, n.exact_case, keys.get(id(n))] for n in self.names],
            "descriptions": self.descriptions,
            "roles": {k: [list(r) for r in v] for k, v in self.roles.items()},
            "by_id": self._by_id,
            "body_suffixes": [[list(f), k] for f, k in self.body_suffixes.items()],
            "body_prefixes": [[list(f), k] for f, k in self.body_prefixes.items()],
        }
        (folder / _DISK_FILE).write_bytes(json.dumps(data, ensure_ascii=False).encode("utf-8"))

    @classmethod
    def from_disk(cls, path: str | Path) -> ActorGazetteer:
        """Return the gazetteer :meth:`to_disk` saved in the folder ``path``.

        Folders with the same content give the same object, so that the components of a loaded
        pipeline, each saving its own copy, share one gazetteer as they did when built.
        """
        raw = (Path(path) / _DISK_FILE).read_bytes()
        digest = hashlib.sha256(raw).hexdigest()
        cached = _LOADED.get(digest)
        if cached is not None:
            return cached
        data = json.loads(raw)
        gaz = cls(
            actors={a["id"]: Actor(**{**a, "aliases": tuple(a["aliases"])}) for a in data["actors"]},
            descriptions={k: list(v) for k, v in data["descriptions"].items()},
            roles={k: [(r, o) for r, o in v] for k, v in data["roles"].items()},
            _by_id=dict(data["by_id"]),
            body_suffixes={tuple(f): k for f, k in data["body_suffixes"]},
            body_prefixes={tuple(f): k for f, k in data["body_prefixes"]},
        )
        for text, actor, kind, exact_case, key in data["names"]:
            name = Name(text, actor, kind, exact_case)
            gaz.names.append(name)
            if key is not None:
                gaz._index.setdefault(key, []).append(name)
        _LOADED[digest] = gaz
        return gaz


#: The file of a saved gazetteer, and the gazetteers loaded so far by content (kept while in use).
_DISK_FILE = "gazetteer.json"
_LOADED: weakref.WeakValueDictionary[str, ActorGazetteer] = weakref.WeakValueDictionary()

_GROUP_TYPES = {"ArmedGroup", "Organisation", "NGO", "Media", "IGO"}


def _longest(*tables: dict[tuple[str, ...], str]) -> int:
    """The number of words of the longest form of the tables."""
    return max((max(map(len, table), default=0) for table in tables), default=0)


def _same_kind(known: str, imported: str) -> bool:
    """Whether an imported entry may be the known actor of that name: same type, or a generic
    organisation on one side ("Continuity IRA" is an armed group, CAMEO files it under a region)."""
    return known == imported or {known, imported} <= _GROUP_TYPES and "Organisation" in (known, imported)


def _pycountry_names(code: str) -> list[str]:
    try:
        import pycountry
    except ImportError:  # pragma: no cover - a declared dependency
        return []
    country = pycountry.countries.get(alpha_3=code)
    if country is None:
        return []
    out = [getattr(country, "common_name", None), country.name, getattr(country, "official_name", None)]
    return [n for n in dict.fromkeys(out) if n]


@lru_cache(maxsize=1)
def _shipped_gazetteer() -> ActorGazetteer:
    gaz = ActorGazetteer()
    gaz.body_suffixes, gaz.body_prefixes = read_state_bodies(data_path(STATE_BODIES_FILE))
    folder = data_path("actors")
    states = folder / "states.yaml"
    if states.exists():
        gaz.load(states)
    for path in sorted(folder.glob("*.yaml")):
        if path.name != "states.yaml":
            gaz.load(path)
    return gaz


def read_state_bodies(path: str | Path) -> tuple[dict[tuple[str, ...], str], dict[tuple[str, ...], str]]:
    """Return the generic forms said of every state that a file lists, as (suffixes, prefixes).

    Examples
    --------
    >>> suffixes, prefixes = read_state_bodies(data_path(STATE_BODIES_FILE))
    >>> suffixes[("armed", "forces")], prefixes[("government", "of")]
    ('military', 'government')
    """
    data = yaml.load(Path(path).read_text(encoding="utf-8"), Loader=_YAML_LOADER) or {}
    return tuple(  # type: ignore[return-value]
        {tuple(str(f).split()): str(kind) for kind, forms in (data.get(side) or {}).items() for f in forms}
        for side in ("suffixes", "prefixes")
    )
