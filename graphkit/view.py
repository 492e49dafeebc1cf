"""The interactive HTML view: one self-contained page that works with no network at all.

:func:`view_data` computes what the page draws: the actors ranked by prominence, their
communities, and a layout saved in the page (:func:`graphkit.network.cluster_layout`, seconds
for 20,000 actors), so the browser never runs physics over the whole graph. Past
``CLUSTER_ABOVE`` actors the page opens on an overview: clusters labelled by their top members
and the most prominent actors on their own; a click expands a cluster or an actor's
neighbourhood, a time slider filters the ties by date. The page itself comes from graphkit's own
template (``graphkit/data/view/``) with vis-network's script and style inlined from the installed
pyvis package, so nothing is fetched from a CDN.

The data is compact: actors are numbered, ties point at their numbers, dates are indices into one
list, relation names and families sit in one table, and the evidence per tie is capped so that
100,000 ties make a page of tens of megabytes, not hundreds.

Article text is untrusted: it travels in a ``<script type="application/json">`` block with ``<``,
``>`` and ``&`` escaped, and the page's script only ever writes it with ``textContent``. A
Content-Security-Policy that allows only the page's own two scripts (by hash) and no request at all
backs this up.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import os
import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

import networkx as nx

from graphkit.io import atomic_write
from graphkit.model import KnowledgeGraph
from graphkit.network import cluster_layout, communities, ego_network, find_actor, prominence, to_multidigraph
from graphkit.network.graphs import _undirected, induced_subgraph
from graphkit.outputs import DEFAULT_MAX_ACTORS
from graphkit.resources import data_path
from graphkit.vocabulary import QUADS

__all__ = [
    "CLUSTER_ABOVE",
    "DEFAULT_MAX_ACTORS",
    "TOP_ACTORS",
    "render_html",
    "script_json",
    "view_data",
    "vis_assets",
    "write_html",
]

#: More actors than this are collapsed into clusters (communities or actor types) in the overview.
CLUSTER_ABOVE = 150
#: In the overview, the most prominent actors are drawn (and labelled) on their own.
TOP_ACTORS = 25
#: Most evidence sentences in one page: past it the cap per tie goes down (to one at least).
EVIDENCE_BUDGET = 100_000
#: Communities smaller than this go into a bucket per actor type, as do those past MAX_GROUPS.
MIN_GROUP = 3
MAX_GROUPS = 300
#: Names in a cluster's label.
CLUSTER_NAMES = 2
#: Layout units between neighbouring actors: inside clusters, and in a page drawn one by one
#: (room for a label).
SPACING = 60.0
SPACING_SMALL = 120.0
#: Pages of up to this many actors get curved edges (when drawn one by one) and the even
#: Kamada-Kawai layout inside their communities.
SMALL_GRAPH = 150
#: "Re-run layout" runs physics over at most this many actors (those drawn one by one).
RELAYOUT_MAX = 1500
#: The vis-network build that pyvis 0.3.2 ships (``pyvis/lib/vis-9.1.2``).
VIS_FOLDER = "vis-9.1.2"

_PLACEHOLDER = re.compile(r"\{\{([A-Z_]+)\}\}")
_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


@lru_cache(maxsize=1)
def vis_assets() -> tuple[str, str]:
    """Return vis-network's JavaScript and CSS, read from the installed pyvis package.

    Raises
    ------
    FileNotFoundError
        When pyvis does not ship the expected vis-network build.
    """
    import pyvis

    folder = Path(pyvis.__file__).resolve().parent / "lib" / VIS_FOLDER
    js = (folder / "vis-network.min.js").read_text(encoding="utf-8")
    css = (folder / "vis-network.css").read_text(encoding="utf-8")
    # inlined as-is: a closing tag inside would end the element early
    if re.search(r"</script", js, re.IGNORECASE) or re.search(r"</style", css, re.IGNORECASE):
        raise ValueError(f"{folder} holds a closing </script> or </style> tag and cannot be inlined")
    return js, css


@lru_cache(maxsize=1)
def _template() -> tuple[str, str, str, dict[str, Any]]:
    folder = data_path("view")
    palette = json.loads((folder / "palette.json").read_text(encoding="utf-8"))
    palette.pop("_comment", None)
    return (
        (folder / "page.html").read_text(encoding="utf-8"),
        (folder / "view.js").read_text(encoding="utf-8"),
        (folder / "view.css").read_text(encoding="utf-8"),
        palette,
    )


def _families(family: str | Iterable[str] | None) -> list[str] | None:
    if family is None:
        return None
    wanted = [family] if isinstance(family, str) else list(family)
    unknown = [f for f in wanted if f not in QUADS]
    if unknown:
        raise ValueError(f"unknown relation family {', '.join(unknown)}; known: {', '.join(QUADS)}")
    return wanted


def _network(
    graph: KnowledgeGraph | nx.MultiDiGraph, *, negated: bool, families: list[str] | None
) -> nx.MultiDiGraph:
    """The multigraph drawn: ``to_multidigraph(kg)``, or the given one narrowed to the families asked."""
    if isinstance(graph, KnowledgeGraph):
        return to_multidigraph(graph, negated=negated, families=families)
    if not isinstance(graph, nx.MultiDiGraph):
        raise TypeError(
            f"expected a KnowledgeGraph or the MultiDiGraph of to_multidigraph, not {type(graph)}"
        )
    if negated and families is None:
        return graph
    wanted = set(families) if families is not None else None
    M = nx.MultiDiGraph(**graph.graph)
    for u, v, key, data in graph.edges(keys=True, data=True):
        if (not negated and data["polarity"] != "positive") or (
            wanted is not None and data["family"] not in wanted
        ):
            continue
        for node in (u, v):
            if node not in M:  # as in to_multidigraph: only actors that take part in a statement drawn
                M.add_node(node, **graph.nodes[node])
        M.add_edge(u, v, key=key, **data)
    return M


def _rank(M: nx.MultiDiGraph, U: nx.Graph) -> tuple[list[str], dict[str, float], dict[str, int]]:
    """Order actors by prominence (PageRank of the positive ties, undirected), then by statements."""
    rank = prominence(U)
    strength = dict.fromkeys(M, 0)  # positive statements the actor takes part in
    for u, v, data in M.edges(data=True):
        if data["polarity"] != "positive":
            continue
        strength[u] += data["count"]
        if v != u:
            strength[v] += data["count"]
    order = sorted(M, key=lambda n: (-rank.get(n, 0.0), -strength[n], M.nodes[n].get("label", n), n))
    return order, rank, strength


def _groups(
    M: nx.MultiDiGraph, U: nx.Graph, keep: list[str], cluster_by: str, merge: bool
) -> tuple[list[list[str]], set[int]]:
    """The groups of the layout (and of the clusters when ``merge``), members in rank order.

    With ``merge``, communities too small to read (fewer than MIN_GROUP actors) or past the
    MAX_GROUPS largest go into one bucket per actor type, listed community by community (laid
    out on a grid, so each small community stays together). Returns the groups and the indices
    of the buckets.
    """
    position = {n: i for i, n in enumerate(keep)}
    if cluster_by == "type":
        by_type: dict[str, list[str]] = {}
        for n in keep:
            by_type.setdefault(M.nodes[n].get("type") or "", []).append(n)
        return sorted(by_type.values(), key=lambda g: (-len(g), position[g[0]])), set()
    if not keep:
        return [], set()
    # a graph of its own, not a subgraph view: Louvain walks it many times
    sub = U if len(keep) == len(U) else induced_subgraph(U, keep)
    found = communities(sub) if sub.number_of_edges() else [set(keep)]
    ordered = sorted(
        (sorted(g, key=position.__getitem__) for g in found), key=lambda g: (-len(g), position[g[0]])
    )
    if not merge:
        return ordered, set()
    big = [g for g in ordered if len(g) >= MIN_GROUP][:MAX_GROUPS]
    taken = {id(g) for g in big}
    buckets: dict[str, list[str]] = {}
    for g in ordered:
        if id(g) not in taken:
            # a small community goes with the type of its most prominent member
            buckets.setdefault(M.nodes[g[0]].get("type") or "", []).extend(g)
    groups = big + sorted(buckets.values(), key=lambda g: (-len(g), position[g[0]]))
    return groups, set(range(len(big), len(groups)))


def _cluster_rows(
    M: nx.MultiDiGraph,
    groups: list[list[str]],
    buckets: set[int],
    discs: list[tuple[float, float, float]],
    cluster_by: str,
    palette: dict[str, Any],
) -> list[dict[str, Any]]:
    """One row per cluster: its label (top members, or its type), size, dominant type and disc."""
    rows = []
    for k, (members, (x, y, r)) in enumerate(zip(groups, discs, strict=True)):
        types: dict[str, int] = {}
        for n in members:
            t = M.nodes[n].get("type") or ""
            types[t] = types.get(t, 0) + 1
        dominant = max(types, key=lambda t: (types[t], t))
        type_label = palette["actor_types"].get(dominant, palette["unknown_type"])["label"]
        names = [M.nodes[n].get("label", n) for n in members[:CLUSTER_NAMES]]
        if cluster_by == "type":
            label = f"{type_label} ({len(members):,})"
        elif k in buckets:
            label = f"Small groups: {type_label} ({len(members):,})"
        else:
            rest = len(members) - len(names)
            label = ", ".join(names) + (f" +{rest:,}" if rest > 0 else "")
        rows.append(
            {
                "label": label,
                "size": len(members),
                "type": dominant,
                "types": dict(sorted(types.items(), key=lambda kv: (-kv[1], kv[0]))),
                "bucket": k in buckets,
                "x": x,
                "y": y,
                "r": r,
            }
        )
    return rows


def _vis_options(clustered: bool, n_nodes: int) -> dict[str, Any]:
    small = not clustered and n_nodes <= SMALL_GRAPH
    return {
        "autoResize": True,
        "nodes": {
            "shape": "dot",
            "borderWidth": 1,
            "font": {"face": "system-ui, sans-serif", "size": 14, "color": "#222"},
            # labels smaller than this many pixels on screen are not drawn: zoom in to read them
            "scaling": {"label": {"enabled": False, "drawThreshold": 7, "maxVisible": 26}},
        },
        "edges": {
            "smooth": {"enabled": True, "type": "continuous", "roundness": 0.3} if small else False,
            "selectionWidth": 2,
            "hoverWidth": 0.5,
            "arrowStrikethrough": False,
        },
        "interaction": {
            "hover": True,
            "tooltipDelay": 200,
            "hideEdgesOnDrag": not small,
            "hideEdgesOnZoom": not small,
            "multiselect": True,
            "navigationButtons": False,
            "keyboard": False,
        },
        "layout": {"improvedLayout": False, "randomSeed": 7},
        # the layout is computed once, in Python (graphkit.network.cluster_layout): physics only
        # ever runs on request, over the actors drawn one by one, clusters held fixed
        "physics": {
            "enabled": False,
            "solver": "barnesHut",
            "barnesHut": {
                "gravitationalConstant": -6000,
                "centralGravity": 0.05,
                "springLength": 110,
                "springConstant": 0.04,
                "damping": 0.4,
                "avoidOverlap": 0.2,
            },
            "minVelocity": 1.0,
            "stabilization": {"enabled": False, "iterations": 150, "updateInterval": 25, "fit": False},
        },
    }


def _kept_evidence(data: dict[str, Any], cap: int) -> list[dict[str, Any]]:
    """The evidence of a tie the page keeps: the ``cap`` most recent (then most confident)."""
    ranked = sorted(
        data["evidence"], key=lambda e: (e.get("date") or "", e.get("confidence") or 0.0), reverse=True
    )
    return ranked[:cap]


def _edge_dates(data: dict[str, Any], kept: list[dict[str, Any]]) -> list[str]:
    """The distinct dates the page knows of a tie: its kept evidence's, and its first and last.

    Only what the page keeps counts, so a graph that caps its evidence (one built from the store)
    and one that does not draw the same page.
    """
    found = {e["date"] for e in kept if e.get("date")}
    found.update(d for d in (data.get("first_date"), data.get("last_date")) if d)
    return sorted(found)


def view_data(
    graph: KnowledgeGraph | nx.MultiDiGraph,
    *,
    max_actors: int | None = DEFAULT_MAX_ACTORS,
    focus: str | None = None,
    radius: int = 1,
    family: str | Iterable[str] | None = None,
    negated: bool = True,
    max_evidence: int = 20,
    title: str | None = None,
    cluster_by: str = "community",
    cluster_above: int | None = CLUSTER_ABOVE,
) -> dict[str, Any]:
    """Return what the page draws, as JSON-ready data: actors at their saved positions, clusters, ties.

    Parameters are those of :func:`render_html`.

    Returns
    -------
    dict
        ``meta`` (counts, how many actors were left out, the settings), ``palette``, ``options``
        (vis-network), ``docs`` (id, title, source, url), ``dates`` (every date of a tie shown,
        sorted: the time slider's steps), ``relations`` (by edge key: relation, label, family,
        polarity, symmetric), ``clusters`` (label, size, dominant type, disc ``x``, ``y``, ``r``;
        empty when the actors are few enough to draw one by one), ``nodes`` (one per actor:
        ``id``, ``iri``, ``label``, ``type``, ``rank``, ``x``, ``y``, cluster ``c`` ...) and
        ``edges`` (``from``, ``to``, ``key``; ``n`` statements, ``a`` of them asserted, mean
        confidence ``c``, dates ``d`` as indices into ``dates``, evidence ``ev`` (text ``t``,
        document ``d``, date ``y``, modality ``m``, claimed by ``a``, confidence ``c``), and
        ``more`` statements whose evidence the page leaves out).

    Examples
    --------
    >>> from graphkit.samples import from_triples
    >>> kg = from_triples([("Israel", "strikes", "Hezbollah"), ("Iran", "arms", "Hezbollah")])
    >>> data = view_data(kg, family="material-conflict")
    >>> sorted(n["label"] for n in data["nodes"]), [e["key"] for e in data["edges"]]
    (['Hezbollah', 'Israel'], ['strikes'])
    >>> data["meta"]["clustered"], {"x", "y"} <= set(data["nodes"][0])
    (False, True)
    """
    if cluster_by not in ("community", "type"):
        raise ValueError(f"cluster_by must be 'community' or 'type', not {cluster_by!r}")
    families = _families(family)
    palette = _template()[3]
    M = _network(graph, negated=negated, families=families)
    focus_id = None
    if focus is not None:
        focus_id = find_actor(graph if isinstance(graph, KnowledgeGraph) else M, focus)
        if focus_id not in M:
            raise KeyError(f"{focus!r} takes part in no statement shown (check --family)")
        M = ego_network(M, focus_id, radius=radius)
    total = M.number_of_nodes()
    U = _undirected(M)  # positive ties, every statement once: prominence, communities and layout
    order, pagerank, strength = _rank(M, U)
    if max_actors is not None and max_actors > 0 and total > max_actors:
        keep = order[:max_actors]
        if focus_id is not None and focus_id not in keep:
            keep = [focus_id, *keep[:-1]]
    else:
        keep = order
    rank = {n: i + 1 for i, n in enumerate(order)}
    index = {n: i for i, n in enumerate(keep)}
    clustered = cluster_above is not None and len(keep) > cluster_above
    groups, buckets = _groups(M, U, keep, cluster_by, merge=clustered)
    spacing = SPACING if clustered else SPACING_SMALL
    # clusters a few members apart: in the overview they read as separate discs
    positions, discs = cluster_layout(
        U if len(keep) == len(U) else induced_subgraph(U, keep),
        groups,
        spacing=spacing,
        gap=3 * spacing if clustered else spacing,
        grid=buckets,
        method="kamada_kawai" if len(keep) <= SMALL_GRAPH else "spring",  # KK: even, O(n^2) a step
    )
    group_of = {n: k for k, g in enumerate(groups) for n in g}

    nodes = []
    for n in keep:
        attrs = M.nodes[n]
        row: dict[str, Any] = {
            "id": index[n],
            "iri": n,
            "label": attrs.get("label", n),
            "type": attrs.get("type"),
            "rank": rank[n],
            "strength": strength[n],
            "value": round(pagerank.get(n, 0.0) * len(keep), 3),  # 1 = as prominent as the average
            "x": round(positions[n][0]),
            "y": round(positions[n][1]),
        }
        # left out when empty: 20,000 actors must not repeat 20,000 nulls
        if attrs.get("country"):
            row["country"] = attrs["country"]
        if attrs.get("aliases"):
            row["aliases"] = list(attrs["aliases"])
        if attrs.get("provisional"):
            row["provisional"] = True
        if clustered:
            row["c"] = group_of[n]
        nodes.append(row)

    edge_rows = sorted(
        ((u, v, k, d) for u, v, k, d in M.edges(keys=True, data=True) if u in index and v in index),
        key=lambda e: (index[e[0]], index[e[1]], e[2]),
    )
    # evidence per tie: max_evidence, fewer when the page would hold more than EVIDENCE_BUDGET
    # sentences (100,000 ties would otherwise make a page of hundreds of megabytes)
    cap = max(1, min(max_evidence, EVIDENCE_BUDGET // max(1, len(edge_rows)))) if max_evidence > 0 else 0
    kept_of = [_kept_evidence(d, cap) for _, _, _, d in edge_rows]
    dates_of = [_edge_dates(d, kept) for (_, _, _, d), kept in zip(edge_rows, kept_of, strict=True)]
    dates = sorted({d for ds in dates_of for d in ds})
    date_index = {d: i for i, d in enumerate(dates)}
    docs: dict[str, int] = {}
    doc_rows: list[dict[str, Any]] = []

    def doc_index(ev: dict[str, Any]) -> int:
        # the document's metadata travels in each evidence dict, so a graph built from the store
        # (no KnowledgeGraph at hand) draws the same panel
        doc_id = ev["doc"]
        if doc_id not in docs:
            docs[doc_id] = len(doc_rows)
            doc_rows.append(
                {"id": doc_id, "title": ev.get("title"), "source": ev.get("source"), "url": ev.get("url")}
            )
        return docs[doc_id]

    relations: dict[str, dict[str, Any]] = {}
    edges = []
    n_statements = 0
    docs_used: set[str] = set()
    for (u, v, key, data), kept, edge_dates in zip(edge_rows, kept_of, dates_of, strict=True):
        relations.setdefault(
            key,
            {
                "relation": data["relation"],
                "label": data["label"],
                "family": data["family"],
                "polarity": data["polarity"],
                "symmetric": bool(data["symmetric"]),
            },
        )
        # the documents of the evidence kept: the same whether or not the graph capped its own
        docs_used.update(e["doc"] for e in kept)
        n_statements += data["count"]
        ev = []
        for e in kept:
            item: dict[str, Any] = {
                "t": e.get("text") or "",
                "d": doc_index(e),
                "c": round(e.get("confidence") or 0.0, 3),
            }
            if e.get("date"):
                item["y"] = date_index[e["date"]]
            if e.get("modality") and e["modality"] != "asserted":
                item["m"] = e["modality"]
            if e.get("attributed_to"):
                item["a"] = e["attributed_to"]
            ev.append(item)
        # short keys: 100,000 ties repeat each of them 100,000 times
        edge = {
            "from": index[u],
            "to": index[v],
            "key": key,
            "n": data["count"],
            "a": data["asserted"],
            "c": round(data["confidence"], 3),
            "d": [date_index[d] for d in edge_dates],
            "ev": ev,
        }
        # n is the full number of statements, also where the graph kept only some of the evidence
        if data["count"] > len(ev):
            edge["more"] = data["count"] - len(ev)
            # some of its dates unknown to the page: the slider goes by its first..last dates
            edge["span"] = 1
        edges.append(edge)
    meta = {
        "title": title or "graphkit: actor network",
        "actors_total": total,
        "actors_shown": len(keep),
        "left_out": total - len(keep),
        "max_actors": max_actors,
        "focus": M.nodes[focus_id].get("label", focus_id) if focus_id else None,
        "focus_iri": focus_id,
        "radius": radius,
        "family": families,
        "statements": n_statements,
        "documents": len(docs_used),
        "date_min": dates[0] if dates else None,
        "date_max": dates[-1] if dates else None,
        "evidence_cap": cap,
        "max_evidence": max_evidence,
        "clustered": clustered,
        "cluster_by": cluster_by,
        "cluster_above": cluster_above,
        "top_actors": min(TOP_ACTORS, len(keep)) if clustered else len(keep),
        "spacing": spacing,
        "relayout_iterations": 150,
        "relayout_max": RELAYOUT_MAX,
    }
    return {
        "meta": meta,
        "palette": palette,
        "options": _vis_options(clustered, len(keep)),
        "docs": doc_rows,
        "dates": dates,
        "relations": relations,
        "clusters": _cluster_rows(M, groups, buckets, discs, cluster_by, palette) if clustered else [],
        "nodes": nodes,
        "edges": edges,
    }


def script_json(data: Any) -> str:
    """Serialize ``data`` for a ``<script type="application/json">`` block: no ``<``, ``>`` or ``&`` left raw.

    Examples
    --------
    >>> script_json({"t": "</script><b>"})
    '{"t":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e"}'
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return re.sub("[<>&\u2028\u2029]", lambda m: _JSON_ESCAPES[m.group()], text)


def _csp(*scripts: str) -> str:
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(s.encode("utf-8")).digest()).decode("ascii") + "'"
        for s in scripts
    )
    return (
        "default-src 'none'; "
        f"script-src {hashes}; "
        "style-src 'unsafe-inline'; "  # vis-network sets element styles and injects its own sheet
        "img-src data: blob:; "
        "font-src data:; "
        "connect-src 'none'; "
        "base-uri 'none'; "
        "form-action 'none'"
    )


def render_html(
    graph: KnowledgeGraph | nx.MultiDiGraph,
    *,
    max_actors: int | None = DEFAULT_MAX_ACTORS,
    focus: str | None = None,
    radius: int = 1,
    family: str | Iterable[str] | None = None,
    negated: bool = True,
    max_evidence: int = 20,
    title: str | None = None,
    cluster_by: str = "community",
    cluster_above: int | None = CLUSTER_ABOVE,
) -> str:
    """Return the interactive view of the actor network as one self-contained HTML page.

    Parameters
    ----------
    graph : KnowledgeGraph or MultiDiGraph
        A knowledge graph, or the aggregated multigraph of :func:`graphkit.network.to_multidigraph`
        (for instance one built from the store): the same node and edge attributes, where the
        ``evidence`` list may be capped (``count`` holds the full number) and each evidence dict
        names its document (``doc``, ``title``, ``source``, ``url``, ``date``).
    max_actors : int or None
        Put at most this many actors in the page, the most central by PageRank (see
        :func:`graphkit.network.prominence`); the page says how many were left out. None or 0
        keeps them all.
    focus : str, optional
        IRI, label or alias of an actor: draw only its ego network.
    radius : int
        Radius of the ego network around ``focus``.
    family : str or iterable of str, optional
        Draw only these relation families (``material-conflict`` ...).
    negated : bool
        Draw negated statements (as purple, dashed edges).
    max_evidence : int
        Evidence sentences kept in the page per tie (the most recent first); fewer when the
        page would hold more than ``EVIDENCE_BUDGET`` sentences (the panel says how many
        statements are left out).
    title : str, optional
        Page title.
    cluster_by : {"community", "type"}
        What a cluster of the overview is: a Louvain community (see
        :func:`graphkit.network.communities`) or an actor type.
    cluster_above : int or None
        With more actors than this, the overview shows clusters (labelled by their top members,
        sized by their number) and the ``TOP_ACTORS`` most prominent actors on their own; a
        click on a cluster expands it. None never collapses; 0 always does.

    The layout is computed here, once (:func:`graphkit.network.cluster_layout`), and saved in
    the page: the browser runs no physics unless asked to, and then only over the actors drawn
    one by one.

    Returns
    -------
    str
        The HTML page: every script and style inline, no request to any server.

    Examples
    --------
    >>> from graphkit.samples import from_triples
    >>> kg = from_triples([("Israel", "strikes", "Hezbollah"), ("Iran", "arms", "Hezbollah")])
    >>> page = render_html(kg, max_actors=100, family="material-conflict", title="Strikes")
    >>> page.startswith("<!DOCTYPE html>"), "<title>Strikes</title>" in page
    (True, True)
    """
    data = view_data(
        graph,
        max_actors=max_actors,
        focus=focus,
        radius=radius,
        family=family,
        negated=negated,
        max_evidence=max_evidence,
        title=title,
        cluster_by=cluster_by,
        cluster_above=cluster_above,
    )
    page, view_js, view_css, _ = _template()
    vis_js, vis_css = vis_assets()
    values = {
        "CSP": html.escape(_csp(vis_js, view_js)),
        "TITLE": html.escape(data["meta"]["title"]),
        "VIS_CSS": vis_css,
        "VIEW_CSS": view_css,
        "DATA": script_json(data),
        "VIS_JS": vis_js,
        "VIEW_JS": view_js,
    }
    # one pass, so that a placeholder-like string inside the data is never substituted again
    return _PLACEHOLDER.sub(lambda m: values[m.group(1)], page)


def write_html(graph: KnowledgeGraph | nx.MultiDiGraph, path: str | os.PathLike[str], **kwargs: Any) -> Path:
    """Write :func:`render_html` to ``path`` (atomically) and return the path.

    Examples
    --------
    >>> import tempfile
    >>> from graphkit.samples import from_triples
    >>> kg = from_triples([("Iran", "arms", "Hezbollah")])
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = write_html(kg, Path(folder) / "graph.html", max_actors=300)
    ...     print(path.name, path.read_text(encoding="utf-8") == render_html(kg, max_actors=300))
    graph.html True
    """
    page = render_html(graph, **kwargs)
    target = Path(path)
    with atomic_write(target) as f:
        f.write(page)
    return target
