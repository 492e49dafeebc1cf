"""A layout for large actor networks, computed once: groups packed in discs, discs placed by their ties.

A force-directed layout of tens of thousands of actors costs minutes in Python and seconds of
physics in a browser. Community structure makes it unnecessary: :func:`cluster_layout` lays out
the small graph of the groups (one node per group, weighted by the ties between groups) with
networkx's spring layout, pushes the groups' discs apart until none overlaps, then places each
group's members inside its disc, by a spring layout of the group's own ties when the group is
small and on a sunflower spiral, most prominent in the middle, when it is large. Every step is
linear in the actors, or quadratic only in the number of groups.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Hashable, Mapping, Sequence
from typing import Any

import networkx as nx
import numpy as np

from graphkit.network.graphs import induced_subgraph

__all__ = ["cluster_layout", "sunflower"]

_GOLDEN = math.pi * (3 - math.sqrt(5))
# Vogel's spiral with r = c * sqrt(j) has nearest neighbours about 1.7 c apart (measured): this c
# makes them ``spacing`` apart
_SPIRAL = 1 / 1.7
#: Overlap of two discs small enough to stop at (layout units).
_TOLERANCE = 0.25
#: Rounds of pulling the discs together after they were pushed apart.
COMPACT_ROUNDS = 8


def sunflower(n: int, spacing: float = 1.0) -> np.ndarray:
    """Return ``n`` points on Vogel's sunflower spiral, the first in the middle, about ``spacing`` apart.

    Examples
    --------
    >>> points = sunflower(100, spacing=10.0)
    >>> points.shape, bool(np.allclose(points[0], 0.0))
    ((100, 2), True)
    >>> d = np.hypot(*(points[:, None, :] - points[None, :, :]).transpose(2, 0, 1)) + np.eye(100) * 1e9
    >>> 8.0 < float(d.min(axis=1).mean()) < 12.0
    True
    """
    j = np.arange(n, dtype=float)
    r = spacing * _SPIRAL * np.sqrt(j)
    theta = j * _GOLDEN
    return np.column_stack((r * np.cos(theta), r * np.sin(theta)))


def _separate(centres: np.ndarray, radii: np.ndarray, gap: float, rounds: int = 600) -> np.ndarray:
    """Push discs apart until no two overlap (each disc moved by the mean of its overlaps, per round)."""
    p = centres.copy()
    k = len(p)
    if k < 2:
        return p
    want = radii[:, None] + radii[None, :] + gap
    np.fill_diagonal(want, 0.0)
    for _ in range(rounds):
        delta = p[:, None, :] - p[None, :, :]
        dist = np.hypot(delta[..., 0], delta[..., 1])
        overlap = want - dist
        np.fill_diagonal(overlap, 0.0)
        if overlap.max() <= _TOLERANCE:
            break
        push = np.where(overlap > 0, overlap * 0.6, 0.0)
        safe = np.where(dist > 1e-9, dist, 1.0)
        # coincident centres: a deterministic direction of their own
        direction = np.where(dist[..., None] > 1e-9, delta / safe[..., None], 0.0)
        coincident = (dist <= 1e-9) & (overlap > 0)
        if coincident.any():
            i, j = np.nonzero(coincident)
            angle = (i * 7 + j * 13).astype(float)
            direction[i, j] = np.column_stack((np.cos(angle), np.sin(angle))) * np.sign(j - i)[:, None]
        # damped by the number of a disc's overlaps: summing them would fling a crowded disc far
        # away, averaging them converges slowly
        crowd = np.sqrt(np.maximum((overlap > 0).sum(axis=1), 1))[:, None]
        p += (direction * push[..., None]).sum(axis=1) / crowd
    return p


def _grid(n: int, spacing: float) -> np.ndarray:
    """``n`` points on a square grid around (0, 0), row by row, every other row backwards.

    The snake keeps neighbours in the list side by side, also where a row turns.
    """
    side = max(1, math.ceil(math.sqrt(n)))
    j = np.arange(n)
    row, col = j // side, j % side
    col = np.where(row % 2 == 1, side - 1 - col, col)
    points = np.column_stack((col, row)).astype(float) * spacing
    return points - points.mean(axis=0) if n else points.reshape(0, 2)


def _member_positions(
    G: nx.Graph,
    members: list[Hashable],
    spacing: float,
    spring_below: int,
    seed: int,
    grid: bool,
    method: str,
) -> np.ndarray:
    """Positions around (0, 0) of one group's members, listed most prominent first."""
    n = len(members)
    if grid:
        return _grid(n, spacing)
    if n <= 3:  # a pair side by side, a triangle: the spiral's first steps are shorter than spacing
        angles = np.arange(n) * (2 * math.pi / max(n, 1)) + math.pi
        radius = 0.0 if n == 1 else spacing / (2 * math.sin(math.pi / n))
        return np.column_stack((radius * np.cos(angles), radius * np.sin(angles)))
    if n > spring_below:
        return sunflower(n, spacing)
    sub = induced_subgraph(G, members)  # not G.subgraph: its order changes with the hash seed
    if sub.number_of_edges() == 0 or not nx.is_connected(sub):
        return sunflower(n, spacing)
    start = dict(zip(members, sunflower(n, spacing), strict=True))
    if method == "kamada_kawai":
        # even spacing, few crossings; O(n^2) a step, so only for pages drawn one by one
        pos = nx.kamada_kawai_layout(sub, pos=start, weight=None)
    else:  # the sunflower as a start keeps the most prominent near the middle
        pos = nx.spring_layout(sub, pos=start, weight="weight", seed=seed, iterations=60)
    points = np.array([pos[m] for m in members], dtype=float)
    points -= points.mean(axis=0)
    # scaled so that neighbours are about ``spacing`` apart (the median nearest neighbour)
    d = np.hypot(*(points[:, None, :] - points[None, :, :]).transpose(2, 0, 1)) + np.eye(n) * 1e18
    nearest = float(np.median(d.min(axis=1)))
    return points * (spacing / nearest) if nearest > 1e-9 else sunflower(n, spacing)


def cluster_layout(
    G: nx.Graph,
    groups: Sequence[Sequence[Hashable]],
    *,
    spacing: float = 60.0,
    gap: float | None = None,
    spring_below: int = 60,
    grid: Collection[int] = (),
    method: str = "spring",
    seed: int = 0,
) -> tuple[dict[Hashable, tuple[float, float]], list[tuple[float, float, float]]]:
    """Return a position for every actor and a disc (x, y, radius) for every group.

    Parameters
    ----------
    G : networkx.Graph
        The undirected actor network; edge ``weight`` is the strength of a tie (1 if missing).
    groups : sequence of sequences of nodes
        A partition of (some of) ``G``'s nodes, e.g. its communities; each group listed most
        prominent first (the first member sits in the middle of a large group's disc).
    spacing : float
        The distance between neighbouring members, in layout units.
    gap : float, optional
        The least distance between two discs (default: ``spacing``).
    spring_below : int
        Groups of up to this many members get a spring layout of their own ties; larger ones
        the sunflower spiral.
    grid : collection of int
        Groups laid out on a square grid in the order listed instead (e.g. a bucket of many
        small communities, listed community by community: each stays together).
    method : {"spring", "kamada_kawai"}
        The layout of a small group's own ties: networkx's spring layout (fast), or
        Kamada-Kawai (more even, O(n^2) a step: for a few hundred actors in all).
    seed : int
        Seed of the spring layouts: the same graph always gets the same positions.

    Returns
    -------
    (positions, discs)
        ``positions`` maps each node of ``groups`` to ``(x, y)``; ``discs[k]`` is ``(x, y, r)``
        of group ``k``: every member lies inside it and no two discs overlap.

    Examples
    --------
    >>> G = nx.union(nx.complete_graph(range(5)), nx.complete_graph(range(5, 12)))
    >>> G.add_edge(0, 5)
    >>> positions, discs = cluster_layout(G, [list(range(5, 12)), list(range(5))], spacing=10.0)
    >>> len(positions), len(discs)
    (12, 2)
    >>> (x0, y0, r0), (x1, y1, r1) = discs
    >>> math.hypot(x0 - x1, y0 - y1) >= r0 + r1
    True
    >>> all(math.hypot(positions[n][0] - x1, positions[n][1] - y1) <= r1 for n in range(5))
    True
    """
    gap = spacing if gap is None else gap
    groups = [list(g) for g in groups]
    group_of: dict[Hashable, int] = {n: k for k, g in enumerate(groups) for n in g}
    grid = set(grid)
    inner = [
        _member_positions(G, g, spacing, spring_below, seed, k in grid, method) for k, g in enumerate(groups)
    ]
    radii = np.array(
        [np.hypot(p[:, 0], p[:, 1]).max(initial=0.0) + spacing / 2 for p in inner],
        dtype=float,
    )
    # the graph of the groups: one node per group, the ties between two groups add up
    C = nx.Graph()
    C.add_nodes_from(range(len(groups)))
    for u, v, data in G.edges(data=True):
        a, b = group_of.get(u), group_of.get(v)
        if a is None or b is None or a == b:
            continue
        w = data.get("weight", 1)
        C.add_edge(a, b, weight=C.get_edge_data(a, b, {"weight": 0})["weight"] + w)
    for _, _, data in C.edges(data=True):
        data["weight"] = math.log1p(data["weight"])  # a few heavy pairs must not crush the rest
    if len(groups) <= 1:
        centres = np.zeros((len(groups), 2))
    else:
        # start from a sunflower of the groups, largest in the middle, so that unconnected groups
        # (which a spring layout pushes to the rim) still pack
        start = sunflower(len(groups), 1.0)
        start /= max(np.hypot(start[:, 0], start[:, 1]).max(), 1e-9)
        pos: Mapping[int, Any] = nx.spring_layout(
            C, pos=dict(enumerate(start)), weight="weight", seed=seed, iterations=80
        )
        centres = np.array([pos[k] for k in range(len(groups))], dtype=float)
        # scale so that the discs would about fill a circle of their total area, then separate
        reach = math.sqrt(float((radii + gap / 2) ** 2 @ np.ones(len(radii)))) * 1.2
        extent = max(np.hypot(centres[:, 0], centres[:, 1]).max(), 1e-9)
        centres = _separate(centres * (reach / extent), radii, gap)
        # then pull the discs together (and apart again) a few times: no wasted room between them
        for _ in range(COMPACT_ROUNDS):
            middle = (centres * radii[:, None] ** 2).sum(axis=0) / (radii**2).sum()
            centres = _separate(middle + (centres - middle) * 0.85, radii, gap, rounds=80)
        centres = _separate(centres, radii, gap, rounds=2000)  # and no overlap left at the end
    positions: dict[Hashable, tuple[float, float]] = {}
    for k, members in enumerate(groups):
        points = inner[k] + centres[k]
        for node, (x, y) in zip(members, points, strict=True):
            positions[node] = (round(float(x), 1), round(float(y), 1))
    discs = [
        (round(float(x), 1), round(float(y), 1), round(float(r), 1))
        for (x, y), r in zip(centres, radii, strict=True)
    ]
    return positions, discs
