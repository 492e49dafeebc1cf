"""Registries of named plugins whose implementations are imported on first use (as rdflib's are).

A plugin is registered by name with the place of its implementation, ``"module:attribute"``, and
whatever the registry needs to know about it without importing it (the suffixes a reader takes,
the file suffix a writer gives). The module is imported the first time the plugin is used, so a
format nobody asks for costs nothing. graphkit keeps three registries:
:data:`graphkit.readers.READERS` (input documents), :data:`graphkit.writers.WRITERS` (output
formats) and :data:`graphkit.actor_sources.ACTOR_SOURCES` (actor dictionaries).

Examples
--------
>>> toys = Registry("toy")
>>> toys.register("json", "json:dumps", aliases=("js",), suffix=".json")
>>> "js" in toys, toys.info("json")["suffix"]
(True, '.json')
>>> toys.load("js")([1, 2])
'[1, 2]'
>>> toys.unregister("json")
>>> "json" in toys
False
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Plugin", "Registry"]


@dataclass
class Plugin:
    """One registered plugin: its name, where its implementation lives, and what is known about it."""

    name: str
    target: str | Any
    aliases: tuple[str, ...] = ()
    info: dict[str, Any] = field(default_factory=dict)
    _loaded: Any = field(default=None, repr=False)

    def load(self) -> Any:
        """Return the implementation, importing its module the first time."""
        if self._loaded is None:
            if isinstance(self.target, str):
                module, _, attribute = self.target.partition(":")
                found: Any = importlib.import_module(module)
                for part in attribute.split(".") if attribute else ():
                    found = getattr(found, part)
                self._loaded = found
            else:  # an object registered directly (tests, notebooks)
                self._loaded = self.target
        return self._loaded


class Registry:
    """Plugins of one kind by name (and by alias), in the order they were registered.

    Names and aliases are matched without regard to case or a leading dot (``".TTL"`` is ``ttl``).
    """

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self._plugins: dict[str, Plugin] = {}
        self._names: dict[str, str] = {}  # name or alias -> name

    @staticmethod
    def _key(name: str) -> str:
        return name.lower().lstrip(".")

    def register(self, name: str, target: str | Any, *, aliases: tuple[str, ...] = (), **info: Any) -> None:
        """Register ``target`` (``"module:attribute"``, or the object itself) under ``name`` and ``aliases``.

        Registering a name again replaces the earlier plugin.
        """
        if name in self._plugins:
            self.unregister(name)
        for alias in (name, *aliases):
            owner = self._names.get(self._key(alias))
            if owner is not None:
                raise ValueError(f"{self.kind} {alias!r} is already registered (by {owner!r})")
        self._plugins[name] = Plugin(name, target, tuple(aliases), dict(info))
        for alias in (name, *aliases):
            self._names[self._key(alias)] = name

    def unregister(self, name: str) -> None:
        """Remove a plugin (and its aliases)."""
        plugin = self._plugins.pop(self.name_of(name))
        for alias in (plugin.name, *plugin.aliases):
            self._names.pop(self._key(alias), None)

    def name_of(self, name: str) -> str:
        """Return the registered name for a name or alias; raise ``KeyError`` when none matches."""
        try:
            return self._names[self._key(name)]
        except KeyError:
            raise KeyError(f"no {self.kind} {name!r}; known: {', '.join(self._plugins)}") from None

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self._key(name) in self._names

    def __iter__(self) -> Iterator[Plugin]:
        return iter(list(self._plugins.values()))

    def __len__(self) -> int:
        return len(self._plugins)

    def get(self, name: str) -> Plugin:
        """Return the plugin registered as ``name`` (or an alias of it), without importing it."""
        return self._plugins[self.name_of(name)]

    def info(self, name: str) -> dict[str, Any]:
        """Return what was registered about a plugin (its keyword arguments to :meth:`register`)."""
        return self.get(name).info

    def load(self, name: str) -> Any:
        """Return the implementation of a plugin, importing it on first use."""
        return self.get(name).load()

    def names(self) -> list[str]:
        """Return every name and alias that resolves to a plugin: each plugin's name, then its aliases."""
        return [key for plugin in self for key in (plugin.name, *plugin.aliases)]
