"""The self-contained interactive HTML view (``graph.html``), drawn by :mod:`graphkit.view`."""

from __future__ import annotations

import os
from typing import Any

import networkx as nx

from graphkit.model import KnowledgeGraph

__all__ = ["write"]


def write(graph: KnowledgeGraph | nx.MultiDiGraph, path: str | os.PathLike[str], **options: Any) -> None:
    """Write the HTML view to ``path``, atomically; ``options`` as :func:`graphkit.view.render_html`'s.

    ``graph`` is a knowledge graph or the aggregated multigraph of
    :func:`graphkit.network.to_multidigraph` (e.g. one built from the store).

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     write(KnowledgeGraph(), Path(tmp) / "graph.html", max_actors=10)
    ...     (Path(tmp) / "graph.html").read_text().startswith("<!DOCTYPE html>")
    True
    """
    from graphkit.view import write_html

    write_html(graph, path, **options)
