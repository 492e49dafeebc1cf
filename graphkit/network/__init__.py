"""The actor network in networkx: graphs built from a :class:`~graphkit.model.KnowledgeGraph` and analyses.

Three graphs, each a plain networkx graph whose nodes are actor IRIs:

* :func:`to_multidigraph`: one edge per actor pair, relation and polarity, with the statement
  count, first and last date, mean confidence and the evidence sentences (the full model);
* :func:`to_digraph`: one weighted edge per ordered actor pair (weight = number of statements);
* :func:`to_signed_graph`: one undirected edge per actor pair, ``sign`` +1 for cooperation, -1 for
  conflict.

A negated statement ("X did not attack Y") is never a positive edge: the multigraph keeps it as a
separate edge with ``polarity="negative"``, and the weighted and signed graphs, the centralities and
the communities leave it out unless asked. Symmetric relations (``meets``, ``allied_with``) are
stored once per pair, from the smaller IRI to the larger, and count in both directions.

The analyses (:func:`centralities`, :func:`communities`, :func:`structural_balance`,
:func:`ego_network`, :func:`paths_between`, :func:`time_slice`) accept a knowledge graph or one of
these graphs and return plain data, pandas DataFrames or graphs.

Modules: :mod:`~graphkit.network.graphs` (the three graphs and the undirected collapse),
:mod:`~graphkit.network.analysis` (prominence, centralities, communities, balance, summary tables),
:mod:`~graphkit.network.navigation` (actors by name, ego networks, paths, time slices),
:mod:`~graphkit.network.layout` (a layout of large networks: groups in discs, computed once).
"""

from __future__ import annotations

from graphkit.network.analysis import (
    BALANCE_PATTERNS,
    CENTRALITY_COLUMNS,
    centralities,
    communities,
    prominence,
    structural_balance,
    summary_tables,
)
from graphkit.network.graphs import pair_totals, statement_date, to_digraph, to_multidigraph, to_signed_graph
from graphkit.network.layout import cluster_layout
from graphkit.network.navigation import ego_network, find_actor, paths_between, time_slice

__all__ = [
    "BALANCE_PATTERNS",
    "CENTRALITY_COLUMNS",
    "centralities",
    "cluster_layout",
    "communities",
    "ego_network",
    "find_actor",
    "pair_totals",
    "paths_between",
    "prominence",
    "statement_date",
    "structural_balance",
    "summary_tables",
    "time_slice",
    "to_digraph",
    "to_multidigraph",
    "to_signed_graph",
]
