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
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable
from typing import Any

import networkx as nx
import pandas as pd

from graphkit.model import KnowledgeGraph, Statement
from graphkit.vocabulary import CONFLICT, COOPERATION, QUADS

__all__ = [
    "BALANCE_PATTERNS",
    "centralities",
    "communities",
    "ego_network",
    "find_actor",
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


# -- building the graphs -----------------------------------------------------------------------
def statement_date(kg: KnowledgeGraph, statement: Statement) -> str | None:
    """Return the statement's date (its own, else its document's) as ``YYYY-MM-DD``, or None.

    Examples
    --------
    >>> from graphkit.samples import from_triples
    >>> kg = from_triples([("Russia", "arms", "Syria")], date="2024-10-01T08:00:00Z")
    >>> statement_date(kg, kg.statements[0])
    '2024-10-01'
    """
    date = statement.date
    if not date:
        doc = kg.documents.get(statement.doc)
        date = doc.date if doc is not None else None
    return date[:10] if date else None


def _node_attributes(kg: KnowledgeGraph, actor_id: str) -> dict[str, Any]:
    actor = kg.actors.get(actor_id)
    if actor is None:  # a statement about an actor missing from the registry: keep the node usable
        return {"label": actor_id.rsplit("/", 1)[-1], "type": "Organisation", "aliases": []}
    return {
        "label": actor.label,
        "type": actor.type,
        "country": actor.country,
        "aliases": list(actor.aliases),
        "part_of": actor.part_of,
        "provisional": actor.provisional,
    }


def _evidence(kg: KnowledgeGraph, s: Statement, date: str | None) -> dict[str, Any]:
    doc = kg.documents.get(s.doc)
    attributed = kg.actors.get(s.attributed_to) if s.attributed_to else None
    return {
        "statement": s.id,
        "doc": s.doc,
        "text": s.evidence.text,
        "date": date,
        "title": doc.title if doc else None,
        "source": doc.source if doc else None,
        "url": doc.url if doc else None,
        "modality": s.modality,
        "attributed_to": attributed.label if attributed else s.attributed_to,
        "confidence": s.confidence,
    }


def to_multidigraph(
    kg: KnowledgeGraph,
    *,
    negated: bool = True,
    families: Iterable[str] | None = None,
) -> nx.MultiDiGraph:
    """Return the actor network with one edge per actor pair, relation and polarity.

    Parameters
    ----------
    kg : KnowledgeGraph
    negated : bool
        Keep negated statements as edges with ``polarity="negative"`` (key ``"not <relation>"``).
    families : iterable of str, optional
        Keep only these relation families (``quad`` values); default all.

    Returns
    -------
    networkx.MultiDiGraph
        Nodes are actor IRIs with ``label``, ``type``, ``country``, ``aliases``. Edge keys are relation
        names; edges carry ``relation``, ``label``, ``family``, ``plover``, ``symmetric``,
        ``polarity``, ``count``, ``first_date``, ``last_date``, ``confidence`` (mean),
        ``asserted`` (statements asserted by the text itself), ``statements`` (IRIs) and
        ``evidence`` (one dict per statement: text, doc, date, title, source, url, modality,
        attributed_to, confidence).

    Examples
    --------
    >>> from graphkit.samples import actor_iri, from_triples
    >>> kg = from_triples([("Russia", "arms", "Syria"), ("Russia", "arms", "Syria"),
    ...                    ("Russia", "arms", "Syria", {"polarity": "negative"})])
    >>> G = to_multidigraph(kg)
    >>> rus, syr = actor_iri("Russia"), actor_iri("Syria")
    >>> sorted(G[rus][syr]), G.edges[rus, syr, "arms"]["count"], G.edges[rus, syr, "not arms"]["count"]
    (['arms', 'not arms'], 2, 1)
    """
    wanted = set(families) if families is not None else None
    G = nx.MultiDiGraph(name="graphkit actor network")
    for s in kg.statements:
        if (not negated and s.polarity != "positive") or (
            wanted is not None and s.relation.quad not in wanted
        ):
            continue
        u, v = s.subject, s.object
        if s.relation.symmetric and v < u:
            u, v = v, u
        for node in (u, v):
            if node not in G:
                G.add_node(node, **_node_attributes(kg, node))
        key = s.key
        date = statement_date(kg, s)
        if not G.has_edge(u, v, key):
            G.add_edge(
                u,
                v,
                key=key,
                relation=s.relation.name,
                label=s.relation.label,
                family=s.relation.quad,
                plover=s.relation.plover,
                symmetric=s.relation.symmetric,
                polarity=s.polarity,
                count=0,
                first_date=None,
                last_date=None,
                confidence=0.0,
                asserted=0,
                statements=[],
                evidence=[],
            )
        data = G.edges[u, v, key]
        data["count"] += 1
        data["confidence"] += (s.confidence - data["confidence"]) / data["count"]  # running mean
        data["asserted"] += s.modality == "asserted" and s.attributed_to is None
        data["statements"].append(s.id)
        data["evidence"].append(_evidence(kg, s, date))
        if date:
            data["first_date"] = min(filter(None, (data["first_date"], date)))
            data["last_date"] = max(filter(None, (data["last_date"], date)))
    return G


def _as_multidigraph(graph: KnowledgeGraph | nx.MultiDiGraph, negated: bool = True) -> nx.MultiDiGraph:
    if isinstance(graph, KnowledgeGraph):
        return to_multidigraph(graph, negated=negated)
    if not isinstance(graph, nx.MultiDiGraph):
        raise TypeError(
            f"expected a KnowledgeGraph or the MultiDiGraph of to_multidigraph, not {type(graph)}"
        )
    return graph


def _kept(data: dict[str, Any], negated: bool, families: set[str] | None) -> bool:
    if not negated and data.get("polarity", "positive") != "positive":
        return False
    return families is None or data.get("family") in families


def to_digraph(
    graph: KnowledgeGraph | nx.MultiDiGraph,
    *,
    negated: bool = False,
    families: Iterable[str] | None = None,
) -> nx.DiGraph:
    """Return the aggregated, weighted actor network: one edge per ordered pair of actors.

    Parameters
    ----------
    graph : KnowledgeGraph or MultiDiGraph
        A knowledge graph, or the multigraph of :func:`to_multidigraph`.
    negated : bool
        Count negated statements too (default False: they are not ties).
    families : iterable of str, optional
        Count only these relation families, e.g. ``graphkit.vocabulary.COOPERATION``.

    Returns
    -------
    networkx.DiGraph
        Edges carry ``weight`` (number of statements), ``relations`` (sorted edge keys) and one
        count per family (``verbal-cooperation`` ...). A symmetric relation counts both ways.
        Every actor of the multigraph is a node, even one left without edges.

    Examples
    --------
    >>> from graphkit.samples import actor_iri, from_triples
    >>> from graphkit.vocabulary import COOPERATION
    >>> kg = from_triples([("Russia", "arms", "Syria"), ("Russia", "supports", "Syria"),
    ...                    ("Syria", "attacks", "Turkey")])
    >>> D = to_digraph(kg, families=COOPERATION)
    >>> D.edges[actor_iri("Russia"), actor_iri("Syria")]["weight"]
    2
    >>> D.has_edge(actor_iri("Syria"), actor_iri("Turkey"))
    False
    """
    M = _as_multidigraph(graph)
    wanted = set(families) if families is not None else None
    D = nx.DiGraph(name=M.graph.get("name", "graphkit actor network"))
    D.add_nodes_from(M.nodes(data=True))
    for u, v, key, data in M.edges(keys=True, data=True):
        if not _kept(data, negated, wanted):
            continue
        pairs = [(u, v), (v, u)] if data.get("symmetric") and u != v else [(u, v)]
        for a, b in pairs:
            if not D.has_edge(a, b):
                D.add_edge(a, b, weight=0, relations=[], **dict.fromkeys(QUADS, 0))
            edge = D.edges[a, b]
            edge["weight"] += data["count"]
            edge[data["family"]] = edge.get(data["family"], 0) + data["count"]
            edge["relations"] = sorted({*edge["relations"], key})
    return D


def to_signed_graph(graph: KnowledgeGraph | nx.MultiDiGraph) -> nx.Graph:
    """Return the signed actor network: +1 between actors that mostly cooperate, -1 that mostly conflict.

    Only positive (not negated) cooperation and conflict statements count; structural ties
    (member-of, leader-of ...) have no sign. A pair with as many cooperation as conflict statements
    has no signed edge.

    Returns
    -------
    networkx.Graph
        Edges carry ``sign`` (+1 or -1), ``cooperation`` and ``conflict`` (statement counts) and
        ``weight`` (their sum).

    Examples
    --------
    >>> from graphkit.samples import actor_iri, from_triples
    >>> S = to_signed_graph(from_triples([("Israel", "attacks", "Hezbollah"), ("Iran", "arms", "Hezbollah")]))
    >>> hezbollah = actor_iri("Hezbollah")
    >>> S.edges[actor_iri("Israel"), hezbollah]["sign"], S.edges[actor_iri("Iran"), hezbollah]["sign"]
    (-1, 1)
    """
    M = _as_multidigraph(graph)
    ties = [(u, v, d) for u, v, d in M.edges(data=True) if u != v and d.get("polarity") == "positive"]
    cooperation = pair_totals((u, v, d["count"]) for u, v, d in ties if d.get("family") in COOPERATION)
    conflicts = pair_totals((u, v, d["count"]) for u, v, d in ties if d.get("family") in CONFLICT)
    S = nx.Graph(name="graphkit signed actor network")
    S.add_nodes_from(M.nodes(data=True))
    for u, v in sorted(cooperation.keys() | conflicts.keys()):
        coop, conflict = cooperation.get((u, v), 0), conflicts.get((u, v), 0)
        if coop != conflict:
            S.add_edge(
                u,
                v,
                sign=1 if coop > conflict else -1,
                cooperation=coop,
                conflict=conflict,
                weight=coop + conflict,
            )
    return S


def _as_digraph(graph: KnowledgeGraph | nx.Graph, negated: bool = False) -> nx.Graph:
    if isinstance(graph, KnowledgeGraph | nx.MultiDiGraph):
        return to_digraph(graph, negated=negated)
    if isinstance(graph, nx.MultiGraph):
        raise TypeError("pass a KnowledgeGraph, the MultiDiGraph of to_multidigraph, or a simple graph")
    return graph


# -- analyses ------------------------------------------------------------------------------------
def pair_totals(edges: Iterable[tuple[str, str, float]]) -> dict[tuple[str, str], float]:
    """Return the sum of the amounts of the edges between each two nodes, whatever their direction.

    This is the one undirected collapse of the module: the weighted, signed and path graphs, the
    prominence, the eigenvector centrality and the communities all read their ties through it.

    Parameters
    ----------
    edges : iterable of (u, v, amount)

    Returns
    -------
    dict
        Keyed by ``(smaller, larger)`` node, in the order the pairs first appear.

    Examples
    --------
    >>> pair_totals([("b", "a", 2), ("a", "c", 1), ("a", "b", 3)])
    {('a', 'b'): 5, ('a', 'c'): 1}
    """
    totals: dict[tuple[str, str], float] = {}
    for u, v, amount in edges:
        pair = (u, v) if u <= v else (v, u)
        totals[pair] = totals.get(pair, 0) + amount
    return totals


def _undirected_graph(nodes: Iterable[Any], edges: Iterable[tuple[str, str, float]]) -> nx.Graph:
    """An undirected graph of ``nodes`` with one edge per pair, its ``weight`` the pair's total."""
    U = nx.Graph()
    U.add_nodes_from(nodes)
    U.add_edges_from((u, v, {"weight": total}) for (u, v), total in pair_totals(edges).items())
    return U


def _amount(data: dict[str, Any], weight: str | None) -> float:
    return data.get(weight, 1) if weight else 1


def _undirected(
    graph: KnowledgeGraph | nx.Graph, weight: str | None = "weight", negated: bool = False
) -> nx.Graph:
    """The undirected weighted network: every statement between two actors counts once."""
    if isinstance(graph, KnowledgeGraph | nx.MultiDiGraph):
        M = _as_multidigraph(graph)
        ties = (
            (u, v, data["count"] if weight else 1)
            for u, v, data in M.edges(data=True)
            if u != v and _kept(data, negated, None)
        )
        return _undirected_graph(M.nodes(data=True), ties)
    ties = ((u, v, _amount(data, weight)) for u, v, data in graph.edges(data=True) if u != v)
    return _undirected_graph(graph.nodes(data=True), ties)


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


def find_actor(graph: KnowledgeGraph | nx.Graph, name: str) -> str:
    """Return the IRI of the actor called ``name``: its IRI, label or an alias (case-insensitive).

    Raises
    ------
    KeyError
        When no actor matches, listing actors whose label contains ``name``.

    Examples
    --------
    >>> from graphkit.samples import from_triples
    >>> find_actor(from_triples([("Russia", "arms", "Syria")]), "russia")
    'https://w3id.org/graphkit/actor/example/russia'
    """
    if isinstance(graph, KnowledgeGraph):
        records = [(a.id, a.label, a.aliases) for a in graph.actors.values()]
    else:
        records = [(n, d.get("label", n), d.get("aliases") or ()) for n, d in graph.nodes(data=True)]
    ids = {r[0] for r in records}
    if name in ids:
        return name
    wanted = name.casefold().strip()
    for getter in (lambda r: [r[1]], lambda r: list(r[2])):
        hits = sorted(r[0] for r in records if wanted in (x.casefold() for x in getter(r)))
        if hits:
            return hits[0]
    near = sorted(r[1] for r in records if wanted and wanted in r[1].casefold())[:10]
    hint = f"; did you mean: {', '.join(near)}" if near else ""
    raise KeyError(f"no actor called {name!r}{hint}")


def ego_network(
    graph: KnowledgeGraph | nx.Graph,
    actor: str,
    radius: int = 1,
    *,
    undirected: bool = True,
) -> nx.Graph:
    """Return the actors within ``radius`` ties of ``actor``, with every edge between them.

    Parameters
    ----------
    graph : KnowledgeGraph or networkx graph
        A knowledge graph is turned into :func:`to_multidigraph` first.
    actor : str
        IRI, label or alias of the centre (see :func:`find_actor`).
    radius : int
    undirected : bool
        Follow ties in both directions (default); False follows only outgoing ties.

    Returns
    -------
    networkx graph of the same kind as ``graph`` (a copy).

    Examples
    --------
    >>> from graphkit.samples import from_triples
    >>> kg = from_triples([("Russia", "arms", "Syria"), ("Syria", "attacks", "Turkey"),
    ...                    ("Turkey", "meets", "Qatar")])
    >>> sorted(kg.actors[a].label for a in ego_network(kg, "Syria"))
    ['Russia', 'Syria', 'Turkey']
    >>> len(ego_network(kg, "Syria", radius=2))
    4
    """
    G = to_multidigraph(graph) if isinstance(graph, KnowledgeGraph) else graph
    centre = find_actor(G, actor)
    return nx.ego_graph(G, centre, radius=radius, undirected=undirected).copy()


def paths_between(
    graph: KnowledgeGraph | nx.MultiDiGraph,
    source: str,
    target: str,
    *,
    cutoff: int = 4,
    max_paths: int = 10,
    negated: bool = False,
) -> list[dict[str, Any]]:
    """Return the shortest chains of relations linking two actors, with the evidence of every hop.

    Ties are followed in either direction ("A arms B, C attacks B" links A and C).

    Parameters
    ----------
    graph : KnowledgeGraph or MultiDiGraph
    source, target : str
        IRI, label or alias of the two actors.
    cutoff : int
        Longest path, in hops.
    max_paths : int
        Most paths returned, shortest first.
    negated : bool
        Also walk through negated statements (reported in the hops with ``polarity="negative"``).

    Returns
    -------
    list of dict
        One dict per path: ``actors`` (IRIs), ``labels`` and ``hops``; each hop has ``source``,
        ``target`` (and labels) and ``relations``: one dict per multigraph edge between them, with
        ``relation``, ``label``, ``family``, ``polarity``, ``direction`` (``forward``, ``backward`` or
        ``both`` for symmetric relations), ``count``, ``first_date``, ``last_date`` and ``evidence``.
        Empty when the actors are not connected within ``cutoff`` hops.

    Examples
    --------
    >>> from graphkit.samples import from_triples
    >>> kg = from_triples([("Iran", "arms", "Hezbollah"), ("Israel", "strikes", "Hezbollah")])
    >>> for path in paths_between(kg, "Iran", "Israel", cutoff=2):
    ...     print(" -> ".join(path["labels"]), [hop["relations"][0]["direction"] for hop in path["hops"]])
    Iran -> Hezbollah -> Israel ['forward', 'backward']
    """
    M = _as_multidigraph(graph, negated=negated)
    a, b = find_actor(M, source), find_actor(M, target)
    ties = ((u, v, 1) for u, v, d in M.edges(data=True) if u != v and _kept(d, negated, None))
    U = _undirected_graph(M, ties)
    if a == b or not nx.has_path(U, a, b):
        return []
    out: list[dict[str, Any]] = []
    for nodes in itertools.islice(nx.shortest_simple_paths(U, a, b), max_paths):
        if len(nodes) - 1 > cutoff:
            break
        hops = []
        for x, y in itertools.pairwise(nodes):
            relations = []
            for u, v, direction in ((x, y, "forward"), (y, x, "backward")):
                for key, data in sorted((M.get_edge_data(u, v) or {}).items()):
                    if not _kept(data, negated, None):
                        continue
                    relations.append(
                        {
                            "relation": data["relation"],
                            "key": key,
                            "label": data["label"],
                            "family": data["family"],
                            "polarity": data["polarity"],
                            "direction": "both" if data.get("symmetric") else direction,
                            "count": data["count"],
                            "first_date": data["first_date"],
                            "last_date": data["last_date"],
                            "evidence": list(data["evidence"]),
                        }
                    )
            hops.append(
                {
                    "source": x,
                    "target": y,
                    "source_label": M.nodes[x].get("label", x),
                    "target_label": M.nodes[y].get("label", y),
                    "relations": relations,
                }
            )
        out.append(
            {"actors": list(nodes), "labels": [M.nodes[n].get("label", n) for n in nodes], "hops": hops}
        )
    return out


def time_slice(
    kg: KnowledgeGraph,
    start: str | None = None,
    end: str | None = None,
    *,
    undated: bool = False,
) -> KnowledgeGraph:
    """Return the part of the graph stated between two dates (both included).

    A statement's date is its own, else its document's (compared by day, ``YYYY-MM-DD``).

    Parameters
    ----------
    kg : KnowledgeGraph
    start, end : str, optional
        ISO dates; an open end when None.
    undated : bool
        Keep statements with no date at all (default False).

    Returns
    -------
    KnowledgeGraph
        The statements in the window, the documents they come from (and the documents dated in
        the window) with their mentions, and the actors these use.

    Examples
    --------
    >>> from graphkit.samples import from_triples
    >>> kg = from_triples([("Russia", "arms", "Syria", {"date": "2024-10-05", "doc": "a"}),
    ...                    ("Iran", "arms", "Hamas", {"date": "2024-11-02", "doc": "b"})])
    >>> october = time_slice(kg, "2024-10-01", "2024-10-31")
    >>> [(s.subject_mention.text, s.object_mention.text) for s in october.statements], len(october.actors)
    ([('Russia', 'Syria')], 2)
    """
    lo, hi = (start or "")[:10], (end or "")[:10]

    def inside(date: str | None) -> bool:
        if not date:
            return undated
        return (not lo or date >= lo) and (not hi or date[: len(hi)] <= hi)

    statements = [s for s in kg.statements if inside(statement_date(kg, s))]
    doc_ids = {s.doc for s in statements}
    doc_ids.update(d for d, info in kg.documents.items() if info.date and inside(info.date[:10]))
    part = KnowledgeGraph(
        actors=dict(kg.actors),
        documents={d: info for d, info in kg.documents.items() if d in doc_ids},
        mentions=[m for m in kg.mentions if m.doc in doc_ids],
        statements=statements,
    )
    part.actors = part.used_actors()
    return part


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
