"""An analyst's decisions about actors, read from our actor YAML; they win over every rule."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml


@dataclass
class ActorOverrides:
    """An analyst's decisions, which win over every rule.

    ``same``: groups of names that are one actor (the first is its label); ``blocked``: names that
    are no actor; ``typed``: name -> (type, country) of the actor it names.

    They come from our actor YAML (``--actors``): a record with ``same_as: [names]`` (and optionally
    ``label``, ``type``, ``country``), a record ``not_actor: [names]``, or a record with a ``label``,
    a ``type`` and a ``country`` but no ``id``, which types the actor of that name (a record with an
    ``id`` is an actor of the gazetteer, which the linker finds by name).
    """

    same: list[tuple[str, ...]] = field(default_factory=list)
    blocked: set[str] = field(default_factory=set)
    typed: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)

    @classmethod
    def from_records(cls, records: Iterable[dict[str, Any]]) -> ActorOverrides:
        out = cls()
        for record in records:
            if not isinstance(record, dict):
                continue
            if record.get("not_actor"):
                names = record["not_actor"]
                out.blocked.update(str(n) for n in ([names] if isinstance(names, str) else names))
            elif record.get("same_as"):
                names = [str(n) for n in record["same_as"]]
                label = str(record.get("label") or names[0])
                out.same.append(tuple(dict.fromkeys([label, *names])))
                if record.get("type") or record.get("country"):
                    out.typed[label] = (record.get("type"), record.get("country"))
            elif record.get("label") and "id" not in record and (record.get("type") or record.get("country")):
                out.typed[str(record["label"])] = (record.get("type"), record.get("country"))
        return out

    @classmethod
    def from_files(cls, paths: Iterable[str | Path]) -> ActorOverrides:
        """Read the override records of YAML actor files (other records and formats are ignored)."""
        records: list[dict[str, Any]] = []
        for path in paths:
            path = Path(path)
            if path.suffix.lower() in (".yaml", ".yml"):
                data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
                if isinstance(data, list):
                    records.extend(r for r in data if isinstance(r, dict))
        return cls.from_records(records)

    def __bool__(self) -> bool:
        return bool(self.same or self.blocked or self.typed)
