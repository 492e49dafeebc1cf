"""graphkit.network.cluster_layout: discs apart, members inside, every node placed, the same every time."""

from __future__ import annotations

import math
import random

import networkx as nx
import pytest

from graphkit.network import cluster_layout, communities
from graphkit.network.layout import sunflower


def planted(n_groups: int, size: int, seed: int = 0) -> tuple[nx.Graph, list[list[int]]]:
    """A planted partition: dense groups, a few ties between them."""
    G = nx.planted_partition_graph(n_groups, size, 0.3, 0.005, seed=seed)
    for u, v in G.edges:
        G.edges[u, v]["weight"] = 1 + (u * v) % 4
    return G, [list(range(k * size, (k + 1) * size)) for k in range(n_groups)]


def check(positions, discs, groups, gap):
    assert set(positions) == {n for g in groups for n in g}
    for (x, y, r), members in zip(discs, groups, strict=True):
        for n in members:
            px, py = positions[n]
            assert math.hypot(px - x, py - y) <= r + 0.2  # (rounded to 0.1)
    for i, (x1, y1, r1) in enumerate(discs):
        for x2, y2, r2 in discs[i + 1 :]:
            assert math.hypot(x1 - x2, y1 - y2) >= r1 + r2 + gap - 0.5


@pytest.mark.parametrize(("n_groups", "size"), [(1, 30), (2, 5), (12, 40), (40, 8)])
def test_discs_are_apart_and_hold_their_members(n_groups, size):
    G, groups = planted(n_groups, size)
    positions, discs = cluster_layout(G, groups, spacing=20.0)
    check(positions, discs, groups, gap=20.0)


def test_large_groups_use_the_spiral_small_ones_their_ties():
    G, groups = planted(3, 100)
    positions, discs = cluster_layout(G, groups, spacing=10.0, spring_below=60)
    # a group of 100 on the sunflower: its first member (the most prominent) in the middle
    for (x, y, _), members in zip(discs, groups, strict=True):
        assert positions[members[0]] == (round(x, 1), round(y, 1))
    # a path laid out by its ties: neighbours on the path sit closer than the average pair
    P = nx.path_graph(20)
    pos, _ = cluster_layout(P, [list(P)], spacing=10.0, method="kamada_kawai")
    steps = [math.dist(pos[i], pos[i + 1]) for i in range(19)]
    pairs = [math.dist(pos[i], pos[j]) for i in range(20) for j in range(i + 1, 20)]
    assert max(steps) < sum(pairs) / len(pairs)
    assert 0.5 * 10 < sorted(steps)[len(steps) // 2] < 1.5 * 10  # about ``spacing`` apart


def test_tied_groups_lie_closer_than_untied_ones():
    # ten groups tied in a chain (0-1, 1-2, ...): neighbours in the chain end up nearer each other
    # than groups far apart in it
    G, groups = planted(10, 20, seed=4)
    G.remove_edges_from([(u, v) for u, v in G.edges if u // 20 != v // 20])
    rng = random.Random(1)
    for k in range(9):
        G.add_edges_from(
            (20 * k + rng.randrange(20), 20 * (k + 1) + rng.randrange(20), {"weight": 5}) for _ in range(10)
        )
    _, discs = cluster_layout(G, groups, spacing=10.0)
    near = [math.dist(discs[k][:2], discs[k + 1][:2]) for k in range(9)]
    far = [math.dist(discs[a][:2], discs[b][:2]) for a in range(10) for b in range(a + 4, 10)]
    assert sum(near) / len(near) < 0.75 * sum(far) / len(far)


def test_grid_groups_keep_list_neighbours_side_by_side():
    G = nx.Graph()
    members = list(range(37))
    G.add_nodes_from(members)
    positions, discs = cluster_layout(G, [members], spacing=10.0, grid=[0])
    assert all(math.dist(positions[i], positions[i + 1]) == pytest.approx(10.0) for i in range(36))
    check(positions, discs, [members], gap=10.0)


def test_tiny_groups_and_no_groups():
    G = nx.Graph([(0, 1), (2, 3), (3, 4), (4, 2)])
    G.add_node(5)
    groups = [[0, 1], [2, 3, 4], [5]]
    positions, discs = cluster_layout(G, groups, spacing=10.0)
    check(positions, discs, groups, gap=10.0)
    assert math.dist(positions[0], positions[1]) == pytest.approx(10.0, abs=0.2)
    assert {round(math.dist(positions[a], positions[b])) for a, b in [(2, 3), (3, 4), (4, 2)]} == {10}
    assert cluster_layout(nx.Graph(), []) == ({}, [])


def test_the_same_graph_gets_the_same_layout():
    G, _ = planted(8, 25, seed=2)
    groups = [sorted(c) for c in communities(G)]
    assert cluster_layout(G, groups) == cluster_layout(G.copy(), groups)


def test_sunflower_points_are_spread_evenly():
    points = sunflower(500, spacing=4.0)
    radius = max(math.hypot(x, y) for x, y in points)
    # 500 points about 4 apart fill a disc of about that area, not much more
    assert math.pi * radius**2 < 500 * 4.0**2 * 1.5


#: The members' positions of a layout of actors named by strings, unrounded, printed as JSON (run
#: under several hash seeds below: a rounded layout hides a difference in the last bits, which
#: the separation of the discs then grows into another picture).
_LAYOUT_IN_A_PROCESS = """
import json, networkx as nx
from graphkit.network.layout import _member_positions
G = nx.planted_partition_graph(30, 12, 0.4, 0.004, seed=3)
for u, v in G.edges:
    G.edges[u, v]["weight"] = 1 + (u * v) % 4
G = nx.relabel_nodes(G, {n: f"https://example.org/actor/{n}" for n in G})
groups = [[f"https://example.org/actor/{n}" for n in range(k * 12, (k + 1) * 12)] for k in range(30)]
out = {}
for method in ("spring", "kamada_kawai"):
    out[method] = [_member_positions(G, g, 60.0, 60, 0, False, method).tolist() for g in groups]
print(json.dumps(out))
"""


def test_the_layout_does_not_change_with_pythons_hash_seed():
    # string nodes are hashed with a per-process seed: a subgraph listed in a set's order (as
    # networkx's subgraph view of a few nodes is) gives other positions in another process
    import os
    import subprocess
    import sys

    runs = set()
    for seed in ("1", "2", "3", "4"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-c", _LAYOUT_IN_A_PROCESS], env=env, capture_output=True, text=True, check=True
        )
        runs.add(done.stdout)
    assert len(runs) == 1
