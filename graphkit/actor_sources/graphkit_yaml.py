"""graphkit's own actor files (YAML): a list of state records, or of generic actor records.

The format is described in ``graphkit/data/actors/README.md``: ``states.yaml`` (and any file whose
every record has a ``code`` and no ``id``) holds states; other files hold actors with ``id``,
``label``, ``type`` and optionally aliases, country, ``part_of``, descriptions and roles.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import yaml

if TYPE_CHECKING:
    from graphkit.gazetteer import ActorGazetteer

__all__ = ["is_override", "load"]

# libyaml's loader when installed: the shipped files parse several times faster
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load(gazetteer: ActorGazetteer, path: Path) -> int:
    """Add the actors of a graphkit YAML file to ``gazetteer``; return how many records were read.

    Examples
    --------
    >>> import tempfile
    >>> from graphkit.gazetteer import ActorGazetteer
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = Path(tmp) / "groups.yaml"
    ...     _ = path.write_text("- {id: example-front, label: Example Front, type: ArmedGroup}")
    ...     gaz = ActorGazetteer()
    ...     load(gaz, path), gaz.lookup("Example Front").type
    (1, 'ArmedGroup')
    """
    records = yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER) or []
    if not isinstance(records, list):
        raise ValueError(f"{path}: expected a YAML list of actor records")
    # an analyst's decisions ("same_as", "not_actor", or a label typed without an id) are the
    # resolver's (graphkit.resolution.ActorOverrides), not actors of the gazetteer
    records = [r for r in records if not (isinstance(r, dict) and is_override(r))]
    if not records:
        return 0
    if path.name == "states.yaml" or all("code" in r and "id" not in r for r in records):
        for record in records:
            gazetteer.add_state(record)
    else:
        gazetteer.add_records(records, where=str(path))
    return len(records)


def is_override(record: dict) -> bool:
    """True for an analyst's override record: ``same_as``, ``not_actor``, or a label with no id.

    Examples
    --------
    >>> is_override({"not_actor": ["Twitter"]}), is_override({"id": "x", "label": "X"})
    (True, False)
    """
    if "same_as" in record or "not_actor" in record:
        return True
    return "label" in record and "id" not in record and "code" not in record
