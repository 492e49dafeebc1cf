"""Actor dictionary formats: a registry of actor sources by file name, each imported on first use.

An actor source reads one file into an :class:`~graphkit.gazetteer.ActorGazetteer`:
``load(gazetteer, path) -> int`` adds the actors the file describes (through the gazetteer's
``add_state``, ``add_records``, ``add_cameo_record`` ...) and returns how many records it read.
:meth:`ActorGazetteer.load <graphkit.gazetteer.ActorGazetteer.load>` (and so ``--actors`` and
``ActorGazetteer.from_files``) picks the source whose suffix ends the file's name; a file no
suffix matches is read as a CAMEO dictionary, which come as ``.actors.txt``, ``.txt`` or bare.

Adding a format is one module with ``load`` and one :func:`register_actor_source` line.

Examples
--------
>>> actor_source_for("extra/militias.YML").name, actor_source_for("Phoenix.Countries.actors.txt").name
('yaml', 'cameo')
>>> describe_actor_sources()
'graphkit YAML or a CAMEO/PETRARCH .actors.txt file'
"""

from __future__ import annotations

import os
from pathlib import Path

from graphkit.plugins import Plugin, Registry

__all__ = [
    "ACTOR_SOURCES",
    "DEFAULT_ACTOR_SOURCE",
    "actor_source_for",
    "describe_actor_sources",
    "register_actor_source",
]

#: Actor sources by name; see :func:`register_actor_source`.
ACTOR_SOURCES = Registry("actor source")
#: The source of a file whose name no registered suffix ends.
DEFAULT_ACTOR_SOURCE = "cameo"


def register_actor_source(name: str, target: str | object, *, suffixes: tuple[str, ...], label: str) -> None:
    """Register an actor source for file names ending in ``suffixes``.

    Parameters
    ----------
    name : the format's name (``yaml``)
    target : ``"module:function"`` of ``load(gazetteer, path) -> int``, imported on first use (or
        the function itself)
    suffixes : the ends of the file names it reads, with the dot (``(".yaml", ".yml")``)
    label : how the command line's help names the format (``graphkit YAML``)
    """
    ACTOR_SOURCES.register(name, target, suffixes=tuple(s.lower() for s in suffixes), label=label)


def actor_source_for(path: str | os.PathLike[str]) -> Plugin:
    """Return the actor source of a file, by the end of its name (:data:`DEFAULT_ACTOR_SOURCE` else)."""
    name = Path(path).name.lower()
    for plugin in ACTOR_SOURCES:
        if any(name.endswith(s) and len(name) > len(s) for s in plugin.info["suffixes"]):
            return plugin
    return ACTOR_SOURCES.get(DEFAULT_ACTOR_SOURCE)


def describe_actor_sources() -> str:
    """Return the formats ``--actors`` reads, for its help."""
    return " or ".join(plugin.info["label"] for plugin in ACTOR_SOURCES)


register_actor_source(
    "yaml", "graphkit.actor_sources.graphkit_yaml:load", suffixes=(".yaml", ".yml"), label="graphkit YAML"
)
register_actor_source(
    "cameo", "graphkit.cameo:load", suffixes=(".actors.txt",), label="a CAMEO/PETRARCH .actors.txt file"
)
