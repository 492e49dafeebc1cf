"""What ``graphkit build -o OUT`` writes: the output policy, as one function the CLI and the API share.

``OUT/graph.FORMAT`` for each format asked for (Turtle by default), ``OUT/statements.jsonl``,
``OUT/statements.csv`` (and ``statements.parquet`` when pyarrow is installed),
``OUT/graph.html`` unless the view is turned off, and ``OUT/report.jsonl`` when there is a read
report. Every file goes through the writer registry (:mod:`graphkit.writers`), is written
completely before any is renamed into place (:func:`graphkit.io.commit_together`), and so a run
never leaves a mix of two runs' outputs; temporary files a killed run left in ``OUT`` are removed.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from graphkit.documents import ReadReport
from graphkit.io import commit_together, remove_stale_temporaries, write_jsonl
from graphkit.model import KnowledgeGraph
from graphkit.writers import check_formats, write

__all__ = ["DEFAULT_MAX_ACTORS", "write_outputs"]

#: Actors in the view by default, the most central by PageRank: the scale the view is tested at
#: (past 150 actors it draws clusters). Here, not in :mod:`graphkit.view`, so that the CLI can
#: show it without importing networkx and pyvis.
DEFAULT_MAX_ACTORS = 20_000


def write_outputs(
    kg: KnowledgeGraph,
    out: str | os.PathLike[str],
    formats: Sequence[str] = ("ttl",),
    html: bool = True,
    max_actors: int = DEFAULT_MAX_ACTORS,
    report: ReadReport | None = None,
    actors: Iterable[dict[str, Any]] | None = None,
) -> list[Path]:
    """Write the build outputs of ``kg`` into the folder ``out`` (each file atomically).

    Parameters
    ----------
    kg : KnowledgeGraph
    out : the output folder (created when missing)
    formats : graph files to write, as ``graph.FORMAT``: any format ``build --formats`` takes
        (:func:`graphkit.writers.selectable_formats`: ``ttl``, ``trig``, ``nt``, ``nq``,
        ``jsonld``, ``graphml``, ``gexf``)
    html : also write the view, ``graph.html``
    max_actors : actors drawn in the view (by centrality)
    report : when given, its problems are written to ``report.jsonl``
    actors : when given, the actor audit records (:meth:`graphkit.resolution.ActorResolver.records`)
        are written to ``actors.jsonl``: one line per actor, every name seen and why names merged

    Returns
    -------
    list of Path
        The files written: the graph files, ``statements.jsonl``, ``statements.csv`` (and
        ``statements.parquet``), then ``graph.html``, ``actors.jsonl`` and ``report.jsonl`` when
        written.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     [p.name for p in write_outputs(KnowledgeGraph(), tmp, ["ttl", "nq"], html=False)]
    ['graph.ttl', 'graph.nq', 'statements.jsonl', 'statements.csv']
    """
    out = Path(out)
    formats = check_formats(formats)  # before anything is written: a typo costs no half-written folder
    out.mkdir(parents=True, exist_ok=True)
    # a run killed mid-write (kill -9) left its temporary files: this run replaces those outputs
    remove_stale_temporaries(out)
    written: list[Path] = []
    # every file is written first, then all are renamed into place: never a mix of two runs
    with commit_together():
        for fmt in formats:
            written.append(write(kg, out / f"graph.{fmt}"))
        written.append(write(kg, out / "statements.jsonl", format="statements"))
        written.append(write(kg, out / "statements.csv", format="csv"))
        if importlib.util.find_spec("pyarrow") is not None:
            written.append(write(kg, out / "statements.parquet", format="parquet"))
        if html:
            written.append(write(kg, out / "graph.html", format="html", max_actors=max_actors))
        if actors is not None:
            write_jsonl(actors, out / "actors.jsonl")
            written.append(out / "actors.jsonl")
        if report is not None:
            write_jsonl((p.to_json() for p in report.problems), out / "report.jsonl")
            written.append(out / "report.jsonl")
    return written
