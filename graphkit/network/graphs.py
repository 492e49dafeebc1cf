"""The three actor graphs of a knowledge graph, and the one undirected collapse they share.

* :func:`to_multidigraph`: one edge per actor pair, relation and polarity, with the statement
  count, first and last date, mean confidence and the evidence sentences (the full model);
* :func:`to_digraph`: one weighted edge per ordered actor pair (weight = number of statements);
* :func:`to_signed_graph`: one undirected edge per actor pair, ``sign`` +1 for cooperation, -1 for
  conflict.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import networkx as nx

from graphkit.model import Actor, KnowledgeGraph, Relation, Statement
from graphkit.vocabulary import CONFLICT, COOPERATION, QUADS

__all__ = ["pair_totals", "statement_date", "to_digraph", "to_multidigraph", "to_signed_graph"]


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
    return actor_attributes(kg.actors.get(actor_id), actor_id)


def actor_attributes(actor: Actor | None, iri: str) -> dict[str, Any]:
    """The node attributes of an actor in the actor network (a usable node when it is unknown)."""
    if actor is None:  # a statement about an actor missing from the registry: keep the node usable
        return {"label": iri.rsplit("/", 1)[-1], "type": "Organisation", "aliases": []}
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


def new_tie(relation: Relation, polarity: str) -> dict[str, Any]:
    """The attributes of a tie of the actor network before its first statement is counted."""
    return {
        "relation": relation.name,
        "label": relation.label,
        "family": relation.quad,
        "plover": relation.plover,
        "symmetric": relation.symmetric,
        "polarity": polarity,
        "count": 0,
        "first_date": None,
        "last_date": None,
        "confidence": 0.0,
        "asserted": 0,
        "statements": [],
        "evidence": [],
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
            G.add_edge(u, v, key=key, **new_tie(s.relation, s.polarity))
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


# -- the undirected collapse ----------------------------------------------------------------------
def induced_subgraph(G: nx.Graph, nodes: Iterable[Any]) -> nx.Graph:
    """Return the subgraph of ``G`` on ``nodes`` (a copy), its nodes in the order given.

    networkx's ``G.subgraph(nodes)`` lists the nodes of a small subgraph in the order of a set, which
    changes with Python's hash seed: layouts and communities computed on it then differ from one
    run to the next. Here the order is the caller's, and the edges come in adjacency order.

    Parameters
    ----------
    G : networkx graph (directed or not, multigraph or not)
    nodes : iterable of nodes; those not in ``G`` are ignored, repeats count once

    Returns
    -------
    A graph of ``G``'s class with the nodes' and edges' attributes (shallow copies).

    Examples
    --------
    >>> G = nx.path_graph(["a", "b", "c", "d"])
    >>> H = induced_subgraph(G, ["c", "b", "x"])
    >>> list(H), list(H.edges)
    (['c', 'b'], [('c', 'b')])
    """
    order = [n for n in dict.fromkeys(nodes) if n in G]
    keep = set(order)
    H = G.__class__()
    H.graph.update(G.graph)
    H.add_nodes_from((n, G.nodes[n]) for n in order)
    directed, multi = G.is_directed(), G.is_multigraph()
    done: set[Any] = set()
    for u in order:
        for v, data in G.adj[u].items():  # a directed graph's successors: each edge once, from its tail
            if v not in keep or (not directed and v in done):
                continue
            if multi:
                H.add_edges_from((u, v, key, dict(d)) for key, d in data.items())
            else:
                H.add_edge(u, v, **data)
        done.add(u)
    return H


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
