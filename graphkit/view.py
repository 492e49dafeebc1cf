"""The interactive HTML view: one self-contained page that works with no network at all.

pyvis builds the network data (nodes, edges and vis-network options); the page itself comes from
graphkit's own template (``graphkit/data/view/``) with vis-network's script and style inlined from
the installed pyvis package, so nothing is fetched from a CDN, and the page adds a legend, filters,
search, an evidence panel and a cap on the number of actors drawn.

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
import math
import os
import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

import networkx as nx
from pyvis.network import Network

from graphkit.io import atomic_write
from graphkit.model import KnowledgeGraph
from graphkit.network import communities, ego_network, find_actor, prominence, to_digraph, to_multidigraph
from graphkit.resources import data_path
from graphkit.vocabulary import QUADS

__all__ = ["DEFAULT_MAX_ACTORS", "render_html", "script_json", "view_data", "vis_assets", "write_html"]

#: Actors drawn by default: the most central ones by PageRank.
DEFAULT_MAX_ACTORS = 300
#: The vis-network build that pyvis 0.3.2 ships (``pyvis/lib/vis-9.1.2``).
VIS_FOLDER = "vis-9.1.2"
#: Graphs with more nodes than this get the cheaper settings (no edge curves, no initial clustering).
LARGE_GRAPH = 400

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


def _rank(M: nx.MultiDiGraph) -> tuple[list[str], dict[str, float], dict[str, int]]:
    """Order actors by prominence (PageRank of the positive ties, undirected), then by statements."""
    rank = prominence(M)
    strength = {n: 0 for n in M}  # positive statements the actor takes part in
    for u, v, data in M.edges(data=True):
        if data["polarity"] != "positive":
            continue
        strength[u] += data["count"]
        if v != u:
            strength[v] += data["count"]
    order = sorted(M, key=lambda n: (-rank.get(n, 0.0), -strength[n], M.nodes[n].get("label", n), n))
    return order, rank, strength


def _seed_positions(M: nx.MultiDiGraph, keep: list[str]) -> dict[str, tuple[float, float]]:
    """Start positions that group each Louvain community in its own disc.

    vis-network then only refines the layout: blocs show up after a bounded number of physics
    iterations instead of emerging from a random cloud.
    """
    sub = to_digraph(M.subgraph(keep))
    groups = communities(sub) if sub.number_of_edges() else [set(keep)]
    golden = math.pi * (3 - math.sqrt(5))
    spacing = 28.0  # about one node and its label apart, in vis-network units
    radii = [spacing * math.sqrt(len(g)) for g in groups]
    positions: dict[str, tuple[float, float]] = {}
    ring = 2.2 * (sum(radii) / len(radii))
    for k, (group, _radius) in enumerate(zip(groups, radii, strict=True)):
        cx = ring * math.sqrt(k) * math.cos(k * golden) * 1.6
        cy = ring * math.sqrt(k) * math.sin(k * golden) * 1.6
        for j, node in enumerate(sorted(group, key=lambda n: (-sub.degree(n, weight="weight"), n))):
            r = spacing * math.sqrt(j)
            positions[node] = (
                round(cx + r * math.cos(j * golden), 1),
                round(cy + r * math.sin(j * golden), 1),
            )
    return positions


def _vis_options(n_nodes: int, n_edges: int) -> dict[str, Any]:
    large = n_nodes > LARGE_GRAPH
    # Bounded stabilization: vis-network lays the graph out before the first frame, then the page
    # turns physics off, so a big graph settles once instead of jiggling for minutes (pyvis #204).
    iterations = 400 if n_nodes <= 150 else 250 if not large else 100
    return {
        "autoResize": True,
        "nodes": {
            "shape": "dot",
            "borderWidth": 1,
            "font": {"face": "system-ui, sans-serif", "size": 13, "color": "#222"},
            "scaling": {
                "min": 7,
                "max": 42,
                "label": {"enabled": True, "min": 11, "max": 22, "drawThreshold": 7},
            },
        },
        "edges": {
            "smooth": False if large else {"enabled": True, "type": "continuous", "roundness": 0.3},
            "scaling": {"min": 1, "max": 7},
            "selectionWidth": 2,
            "hoverWidth": 0.5,
            "arrowStrikethrough": False,
        },
        "interaction": {
            "hover": not large,
            "tooltipDelay": 200,
            "hideEdgesOnDrag": large,
            "multiselect": True,
            "navigationButtons": False,
            "keyboard": False,
        },
        "layout": {"improvedLayout": n_nodes <= 150, "randomSeed": 7},
        "physics": {
            "enabled": True,
            "solver": "barnesHut",
            "barnesHut": {
                "gravitationalConstant": -9000 if not large else -6000,
                "centralGravity": 0.25,
                "springLength": 120 if not large else 90,
                "springConstant": 0.04,
                "damping": 0.35,
                "avoidOverlap": 0.1 if not large else 0,
                # a coarser Barnes-Hut approximation: half the time per iteration on 2,000 actors
                "theta": 0.5 if not large else 0.9,
            },
            "minVelocity": 1.0,
            "timestep": 0.5,
            "stabilization": {"enabled": True, "iterations": iterations, "updateInterval": 25, "fit": True},
        },
    }


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
) -> dict[str, Any]:
    """Return what the page draws: nodes, edges, documents, options and a summary, as JSON-ready data.

    Parameters are those of :func:`render_html`.

    Returns
    -------
    dict
        ``meta`` (counts, how many actors were left out, the settings), ``palette``, ``options``
        (vis-network), ``docs``, ``nodes`` and ``edges`` (with their evidence).

    Examples
    --------
    >>> from graphkit.samples import from_triples
    >>> kg = from_triples([("Israel", "strikes", "Hezbollah"), ("Iran", "arms", "Hezbollah")])
    >>> data = view_data(kg, family="material-conflict")
    >>> sorted(n["label"] for n in data["nodes"]), [e["key"] for e in data["edges"]]
    (['Hezbollah', 'Israel'], ['strikes'])
    """
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
    order, pagerank, strength = _rank(M)
    if max_actors is not None and max_actors > 0 and total > max_actors:
        keep = order[:max_actors]
        if focus_id is not None and focus_id not in keep:
            keep = [focus_id, *keep[:-1]]
    else:
        keep = order
    rank = {n: i + 1 for i, n in enumerate(order)}
    index = {n: i for i, n in enumerate(keep)}

    net = Network(directed=True)
    types = palette["actor_types"]
    positions = _seed_positions(M, keep)
    for n in keep:
        attrs = M.nodes[n]
        at = dict(zip(("x", "y"), positions[n], strict=True)) if n in positions else {}
        colour = types.get(attrs.get("type"), palette["unknown_type"])["colour"]
        net.add_node(
            index[n],
            label=attrs.get("label", n),
            shape="dot",
            color={
                "background": colour,
                "border": "#555555",
                "highlight": {"background": colour, "border": "#000000"},
                "hover": {"background": colour, "border": "#000000"},
            },
            value=round(pagerank.get(n, 0.0) * 1000, 4),
            iri=n,
            type=attrs.get("type"),
            country=attrs.get("country"),
            aliases=list(attrs.get("aliases") or []),
            provisional=bool(attrs.get("provisional")),
            rank=rank[n],
            strength=strength[n],
            **at,
        )

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

    styles = palette["line_styles"]
    n_statements = 0
    dates_seen: list[str] = []
    edge_rows = sorted(
        ((u, v, k, d) for u, v, k, d in M.edges(keys=True, data=True) if u in index and v in index),
        key=lambda e: (index[e[0]], index[e[1]], e[2]),
    )
    for i, (u, v, key, data) in enumerate(edge_rows):
        colour = palette["families"].get(data["family"], {"colour": "#999999"})["colour"]
        negative = data["polarity"] != "positive"
        style = (
            styles["negated"] if negative else styles["asserted"] if data["asserted"] else styles["reported"]
        )
        evidence = sorted(data["evidence"], key=lambda e: (e["date"] or "", e["confidence"]), reverse=True)
        dates = sorted({e["date"] for e in data["evidence"] if e["date"]})
        dates_seen.extend(dates[:1] + dates[-1:])
        n_statements += data["count"]
        net.add_edge(
            index[u],
            index[v],
            id=i,
            key=key,
            relation=data["relation"],
            label=data["label"],
            family=data["family"],
            polarity=data["polarity"],
            symmetric=bool(data["symmetric"]),
            count=data["count"],
            asserted=data["asserted"],
            confidence=round(data["confidence"], 3),
            first=data["first_date"],
            last=data["last_date"],
            dates=dates,
            ev=[
                {
                    "t": e["text"],
                    "d": doc_index(e),
                    "date": e["date"],
                    "m": e["modality"],
                    "a": e["attributed_to"],
                    "c": round(e["confidence"], 3),
                }
                for e in evidence[:max_evidence]
            ],
            # count is the full number even where the graph keeps only some of the evidence
            more=max(0, data["count"] - min(len(evidence), max_evidence)),
            value=data["count"],
            # negated ties take their own colour (a dash alone is lost at low zoom), reported ones
            # their family's colour, paler
            color={
                "color": style.get("colour", colour),
                "highlight": style.get("colour", colour),
                "hover": style.get("colour", colour),
                "opacity": style.get("opacity", 0.85),
            },
            dashes=style["dashes"],
            arrows={"to": {"enabled": not data["symmetric"], "scaleFactor": 0.55}},
        )
    net.set_options(json.dumps(_vis_options(len(keep), len(edge_rows))))
    nodes, edges, _heading, _height, _width, options = net.get_network_data()
    docs_used = {doc for _, _, _, d in edge_rows for doc in (e["doc"] for e in d["evidence"])}
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
        "date_min": min(dates_seen) if dates_seen else None,
        "date_max": max(dates_seen) if dates_seen else None,
        "relayout_iterations": 150,
    }
    return {
        "meta": meta,
        "palette": palette,
        "options": json.loads(options),
        "docs": doc_rows,
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
        Draw at most this many actors, the most central by PageRank (see
        :func:`graphkit.network.prominence`); the page says how many were left out. None or 0
        draws them all.
    focus : str, optional
        IRI, label or alias of an actor: draw only its ego network.
    radius : int
        Radius of the ego network around ``focus``.
    family : str or iterable of str, optional
        Draw only these relation families (``material-conflict`` ...).
    negated : bool
        Draw negated statements (as purple, dashed edges).
    max_evidence : int
        Evidence sentences kept in the page per edge (the most recent first).
    title : str, optional
        Page title.

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
