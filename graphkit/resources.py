"""Where the data files are: the ontology files (``ontologies/``) and the package data (``graphkit/data``)."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def ontology_path(name: str) -> Path:
    """Return the path of a file of ``ontologies/`` (in the wheel it travels as ``graphkit/_ontologies``)."""
    for folder in (_PACKAGE / "_ontologies", _PACKAGE.parent / "ontologies"):
        candidate = folder / name
        if candidate.exists():
            return candidate
    raise FileNotFoundError(f"ontology file {name!r} is missing from this graphkit installation")


def data_path(*parts: str) -> Path:
    """Return the path of a file or folder of ``graphkit/data``."""
    return _PACKAGE.joinpath("data", *parts)
