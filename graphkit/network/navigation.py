"""Finding one's way in the actor network: actors by name, ego networks, paths, time windows."""

from __future__ import annotations

import itertools
from typing import Any

import networkx as nx

from graphkit.model import KnowledgeGraph
from graphkit.network.graphs import (
    _as_multidigraph,
    _kept,
    _undirected_graph,
    induced_subgraph,
    statement_date,
    to_multidigraph,
)

__all__ = ["ego_network", "find_actor", "paths_between", "time_slice"]


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
    # nx.ego_graph's subgraph lists its nodes in a set's order, which changes with the hash seed
    walk = G.to_undirected(as_view=True) if undirected and G.is_directed() else G
    reach = nx.single_source_shortest_path_length(walk, centre, cutoff=radius)
    return induced_subgraph(G, reach)


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
