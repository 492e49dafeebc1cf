"""Analyses of the actor network: prominence, centralities, communities, structural balance, summaries.

Each accepts a knowledge graph or one of the graphs of :mod:`graphkit.network.graphs` and returns
plain data or pandas DataFrames.
"""

from __future__ import annotations

import math

import networkx as nx
import pandas as pd

from graphkit.model import KnowledgeGraph
from graphkit.network.graphs import (
    _amount,
    _as_digraph,
    _as_multidigraph,
    _undirected,
    _undirected_graph,
    to_digraph,
    to_signed_graph,
)

__all__ = [
    "BALANCE_PATTERNS",
    "centralities",
    "communities",
    "prominence",
    "structural_balance",
    "summary_tables",
]

#: The four kinds of signed triad, by number of negative ties, with their reading.
BALANCE_PATTERNS = {
    0: ("+++", True, "three friends"),
    1: ("++-", False, "a friend of a friend is an enemy"),
    2: ("+--", True, "the enemy of my enemy is a friend"),
    3: ("---", False, "three enemies"),
}

CENTRALITY_COLUMNS = [
    "label",
    "type",
    "strength",
    "in_degree",
    "out_degree",
    "degree",
    "betweenness",
    "pagerank",
    "eigenvector",
]


def prominence(
    graph: KnowledgeGraph | nx.Graph, *, weight: str | None = "weight", negated: bool = False
) -> dict[str, float]:
    """Return the PageRank of every actor in the undirected weighted network (sums to 1).

    The view sizes and caps actors by it, and :func:`centralities` sorts by it. Direction is left
    out on purpose: in news statements an arrow says who acted on whom, not who endorses whom, and
    directed PageRank would crown any pair of actors that only mention each other.

    Parameters
    ----------
    graph : KnowledgeGraph, MultiDiGraph, DiGraph or Graph
        With a knowledge graph or multigraph every (positive) statement counts once; a DiGraph's
        two directions add up.
    weight : str or None
        Edge attribute of the tie strength (number of statements); None counts ties alike.
    negated : bool
        Count negated statements as ties (default False).

    Examples
    --------
    >>> from graphkit.samples import from_triples
    >>> kg = from_triples([("Russia", "arms", "Syria"), ("Russia", "supports", "Iran"),
    ...                    ("Japan", "accuses", "North Korea")])
    >>> rank = prominence(kg)
    >>> [kg.actors[a].label for a in sorted(rank, key=rank.get, reverse=True)][:1]
    ['Russia']
    """
    U = _undirected(graph, weight, negated)
    if len(U) == 0:
        return {}
    if U.number_of_edges() == 0:
        return dict.fromkeys(U, 1.0 / len(U))
    return nx.pagerank(U, weight="weight")


def centralities(
    graph: KnowledgeGraph | nx.Graph,
    *,
    weight: str | None = "weight",
    negated: bool = False,
    betweenness_samples: int | None = 500,
    seed: int = 0,
) -> pd.DataFrame:
    """Return the centralities of every actor, most prominent first (see :func:`prominence`).

    Parameters
    ----------
    graph : KnowledgeGraph, MultiDiGraph, DiGraph or Graph
        A knowledge graph or multigraph is first aggregated with :func:`to_digraph`.
    weight : str or None
        Edge attribute holding the number of statements; None treats every edge alike.
        Betweenness reads ``1 / weight`` as a distance (more statements, closer actors).
    negated : bool
        Count negated statements as ties (default False).
    betweenness_samples : int or None
        On graphs with more actors than this, betweenness is estimated from this many source
        actors (drawn with ``seed``); None always computes it exactly (slow past ~1,000 actors).
    seed : int
        Seed of the betweenness sample, for reproducible tables.

    Returns
    -------
    pandas.DataFrame
        Indexed by actor IRI, with ``label``, ``type``, ``strength`` (weighted degree: statements
        in and out, a symmetric one counting both ways),
        ``in_degree`` and ``out_degree`` (distinct partners), ``degree`` (degree centrality),
        ``betweenness`` (directed), and ``pagerank`` (:func:`prominence`) and ``eigenvector`` of the
        undirected weighted graph.

    Examples
    --------
    >>> from graphkit.samples import from_triples
    >>> kg = from_triples([("Russia", "arms", "Syria"), ("Russia", "supports", "Iran"),
    ...                    ("Turkey", "criticizes", "Russia")])
    >>> table = centralities(kg)
    >>> table["label"].iloc[0], int(table["strength"].iloc[0])
    ('Russia', 3)
    """
    G = _as_digraph(graph, negated=negated)
    pagerank = prominence(
        graph if isinstance(graph, KnowledgeGraph | nx.MultiDiGraph) else G, weight=weight, negated=negated
    )
    if G.number_of_nodes() == 0:
        return pd.DataFrame(columns=CENTRALITY_COLUMNS, index=pd.Index([], name="actor"))
    directed = G.is_directed()
    w = weight if weight is not None and G.number_of_edges() else None
    if w is not None:
        distance = "_distance"
        H = G.copy()
        for _, _, data in H.edges(data=True):
            data[distance] = 1.0 / max(float(data.get(w, 1) or 1), 1e-9)
    else:
        distance, H = None, G
    k = betweenness_samples if betweenness_samples is not None and len(G) > betweenness_samples else None
    betweenness = nx.betweenness_centrality(H, k=k, weight=distance, seed=seed)
    eigenvector = _eigenvector(G, w)
    strength = dict(G.degree(weight=w)) if w else dict(G.degree())
    degree = nx.degree_centrality(G)
    rows = []
    for node, data in G.nodes(data=True):
        rows.append(
            {
                "actor": node,
                "label": data.get("label", node),
                "type": data.get("type"),
                "strength": strength[node],
                "in_degree": G.in_degree(node) if directed else G.degree(node),
                "out_degree": G.out_degree(node) if directed else G.degree(node),
                "degree": degree[node],
                "betweenness": betweenness[node],
                "pagerank": pagerank[node],
                "eigenvector": eigenvector.get(node, math.nan),
            }
        )
    frame = pd.DataFrame(rows).set_index("actor")
    return frame.sort_values(["pagerank", "strength", "label"], ascending=[False, False, True], kind="stable")


def _eigenvector(G: nx.Graph, weight: str | None) -> dict[str, float]:
    """Eigenvector centrality of the undirected graph (directed eigenvector centrality is 0 on sinks)."""
    U = _undirected_graph(G, ((u, v, _amount(d, weight)) for u, v, d in G.edges(data=True) if u != v))
    if U.number_of_edges() == 0:
        return dict.fromkeys(G, 0.0)
    try:
        # power iteration (on A + I, so bipartite graphs converge too) copes with several components
        return nx.eigenvector_centrality(U, weight="weight", max_iter=1000, tol=1e-8)
    except nx.PowerIterationFailedConvergence:  # reported as unknown rather than failing the table
        return {}


def communities(
    graph: KnowledgeGraph | nx.Graph,
    *,
    weight: str | None = "weight",
    resolution: float = 1.0,
    seed: int = 0,
) -> list[set[str]]:
    """Return the Louvain communities of the actor network, largest first.

    The graph is made undirected (the statements of both directions add up). The seed is fixed so
    the same graph always gives the same communities. For blocs of allies, pass
    ``to_digraph(kg, families=COOPERATION)``.

    Parameters
    ----------
    graph : KnowledgeGraph, MultiDiGraph, DiGraph or Graph
    weight : str or None
        Edge attribute of the tie strength.
    resolution : float
        Above 1 gives smaller communities, below 1 larger ones.
    seed : int

    Returns
    -------
    list of set of str
        Sets of actor IRIs, sorted by size (descending) then by their smallest IRI.

    Examples
    --------
    >>> from graphkit.samples import from_triples
    >>> kg = from_triples([("Russia", "supports", "Syria"), ("Syria", "supports", "Iran"),
    ...                    ("Iran", "supports", "Russia"), ("United States", "supports", "Israel")])
    >>> for i, members in enumerate(communities(kg)):
    ...     print(i, sorted(kg.actors[a].label for a in members))
    0 ['Iran', 'Russia', 'Syria']
    1 ['Israel', 'United States']
    """
    G = _as_digraph(graph)
    # self-loops stay: an actor's statements about itself weigh in its community
    U = _undirected_graph(G.nodes(data=True), ((u, v, _amount(d, weight)) for u, v, d in G.edges(data=True)))
    found = nx.community.louvain_communities(U, weight="weight", resolution=resolution, seed=seed)
    return sorted((set(c) for c in found), key=lambda c: (-len(c), min(c)))


def structural_balance(signed: KnowledgeGraph | nx.Graph) -> pd.DataFrame:
    """Return every closed triad of the signed graph, the unbalanced ones first.

    A triad is balanced when the product of its signs is positive: three friends (``+++``) or "the
    enemy of my enemy is my friend" (``+--``); ``++-`` and ``---`` are unbalanced.

    Parameters
    ----------
    signed : KnowledgeGraph or Graph
        A knowledge graph or multigraph (turned into :func:`to_signed_graph`) or a graph whose
        edges carry ``sign`` (+1 or -1).

    Returns
    -------
    pandas.DataFrame
        One row per triad: actors ``a``, ``b``, ``c`` (IRIs, sorted) and their labels, the signs
        ``ab``, ``bc``, ``ac``, the ``pattern`` (``+++``, ``++-``, ``+--``, ``---``), ``balanced`` and
        a plain-words ``reading``.

    Examples
    --------
    >>> from graphkit.samples import from_triples
    >>> kg = from_triples([("Israel", "attacks", "Hezbollah"), ("Iran", "arms", "Hezbollah"),
    ...                    ("Israel", "threatens", "Iran")])
    >>> triads = structural_balance(to_signed_graph(kg))
    >>> triads[["pattern", "balanced", "reading"]].values.tolist()
    [['+--', True, 'the enemy of my enemy is a friend']]
    """
    S = to_signed_graph(signed) if isinstance(signed, KnowledgeGraph | nx.MultiDiGraph) else signed
    if S.is_directed():
        S = S.to_undirected()
    rows = []
    for a in sorted(S):
        for b in sorted(n for n in S[a] if n > a):
            for c in sorted(n for n in S[b] if n > b and n in S[a]):
                signs = (S.edges[a, b]["sign"], S.edges[b, c]["sign"], S.edges[a, c]["sign"])
                pattern, balanced, reading = BALANCE_PATTERNS[sum(1 for x in signs if x < 0)]
                rows.append(
                    {
                        "a": a,
                        "b": b,
                        "c": c,
                        "a_label": S.nodes[a].get("label", a),
                        "b_label": S.nodes[b].get("label", b),
                        "c_label": S.nodes[c].get("label", c),
                        "ab": signs[0],
                        "bc": signs[1],
                        "ac": signs[2],
                        "pattern": pattern,
                        "balanced": balanced,
                        "reading": reading,
                    }
                )
    columns = [
        "a",
        "b",
        "c",
        "a_label",
        "b_label",
        "c_label",
        "ab",
        "bc",
        "ac",
        "pattern",
        "balanced",
        "reading",
    ]
    frame = pd.DataFrame(rows, columns=columns)
    return frame.sort_values(["balanced", "a", "b", "c"], kind="stable").reset_index(drop=True)


def summary_tables(graph: KnowledgeGraph | nx.MultiDiGraph, top: int = 10) -> dict[str, pd.DataFrame]:
    """Return the main network statistics as titled tables (what ``graphkit stats`` prints).

    Parameters
    ----------
    graph : KnowledgeGraph or MultiDiGraph
    top : int
        Rows of the longer tables.

    Returns
    -------
    dict of str to pandas.DataFrame
        ``"Most central actors"``, ``"Communities (Louvain)"``, ``"Structural balance"`` and
        ``"Unbalanced triads"``, each with plain columns (no meaningful index).

    Examples
    --------
    >>> from graphkit.samples import from_triples
    >>> kg = from_triples([("Russia", "arms", "Syria"), ("Israel", "attacks", "Hezbollah")])
    >>> tables = summary_tables(kg)
    >>> list(tables)
    ['Most central actors', 'Communities (Louvain)', 'Structural balance', 'Unbalanced triads']
    >>> tables["Communities (Louvain)"]["actors"].tolist()
    [2, 2]
    """
    M = _as_multidigraph(graph)
    D = to_digraph(M)
    central = centralities(D)
    central_table = central.head(top).reset_index(drop=True)[
        ["label", "type", "strength", "degree", "betweenness", "pagerank", "eigenvector"]
    ]
    rank = {actor: i for i, actor in enumerate(central.index)}
    groups = communities(D) if D.number_of_edges() else []
    community_table = pd.DataFrame(
        [
            {
                "community": i + 1,
                "actors": len(members),
                "most central": ", ".join(
                    D.nodes[m].get("label", m) for m in sorted(members, key=lambda m: rank.get(m, 0))[:6]
                ),
            }
            for i, members in enumerate(groups[:top])
        ],
        columns=["community", "actors", "most central"],
    )
    signed = to_signed_graph(M)
    triads = structural_balance(signed)
    balanced = int(triads["balanced"].sum()) if len(triads) else 0
    balance_table = pd.DataFrame(
        [
            {
                "signed ties": signed.number_of_edges(),
                "triads": len(triads),
                "balanced": balanced,
                "unbalanced": len(triads) - balanced,
                "share balanced": balanced / len(triads) if len(triads) else math.nan,
            }
        ]
    )
    # astype: an empty frame's column is of object dtype, which pandas would read as a column list
    unbalanced = triads[~triads["balanced"].astype(bool)].head(top)
    unbalanced_table = unbalanced[["a_label", "b_label", "c_label", "pattern", "reading"]].rename(
        columns={"a_label": "actor 1", "b_label": "actor 2", "c_label": "actor 3"}
    )
    return {
        "Most central actors": central_table,
        "Communities (Louvain)": community_table,
        "Structural balance": balance_table,
        "Unbalanced triads": unbalanced_table.reset_index(drop=True),
    }
