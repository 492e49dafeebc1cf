"""The view at scale, read as data: clusters, the layout saved in the page, the slider's dates, caps.

The browser side (load time, labels, expanding) is tests/test_view_scale_browser.py.
"""

from __future__ import annotations

import math

import pytest
from pages import page_data
from view_fixtures import network_from_ties, synthetic_network

import graphkit.view
from graphkit.view import TOP_ACTORS, render_html, view_data

BLOCS = {"s": "State", "a": "ArmedGroup", "n": "NGO"}


def blocs_network(size: int = 60, pairs: int = 0):
    """Three dense blocs of ``size`` actors (one type each), one tie between blocs, and ``pairs``
    isolated pairs of NGOs."""
    actors = {f"{p}{i}": kind for p, kind in BLOCS.items() for i in range(size)}
    ties = []
    for p in BLOCS:
        for i in range(size):
            # a ring and chords: dense inside, and the first members the busiest
            ties.append((f"{p}{i}", "meets", f"{p}{(i + 1) % size}", ["2024-01-05"]))
            ties.append((f"{p}{i}", "supports", f"{p}{(i * 7 + 3) % size}", ["2024-02-01"]))
            if i:
                ties.append((f"{p}{i}", "praises", f"{p}0", ["2024-03-01", "2024-03-02"]))
    ties.append(("s0", "attacks", "a0", ["2024-04-01"]))
    ties.append(("a0", "accuses", "n0", ["2024-05-01"]))
    for k in range(pairs):
        actors[f"x{k}"] = actors[f"y{k}"] = "NGO"
        ties.append((f"x{k}", "meets", f"y{k}", ["2024-06-01"]))
    return network_from_ties(actors, ties)


def members_by_cluster(data):
    found: dict[int, set[str]] = {}
    for n in data["nodes"]:
        found.setdefault(n["c"], set()).add(n["label"])
    return found


def test_communities_become_clusters_labelled_by_their_top_members():
    data = view_data(blocs_network(), cluster_above=100)
    assert data["meta"]["clustered"] is True and data["meta"]["top_actors"] == TOP_ACTORS
    assert len(data["clusters"]) == 3
    by_cluster = members_by_cluster(data)
    for k, cluster in enumerate(data["clusters"]):
        prefix = next(iter(by_cluster[k]))[0]
        assert by_cluster[k] == {f"{prefix}{i}" for i in range(60)}  # one bloc, whole
        assert cluster["size"] == 60 and cluster["type"] == BLOCS[prefix] and cluster["bucket"] is False
        assert cluster["types"] == {BLOCS[prefix]: 60}
        # labelled by its most prominent members: the hub first
        ranked = sorted((n for n in data["nodes"] if n["c"] == k), key=lambda n: n["rank"])
        assert cluster["label"] == f"{ranked[0]['label']}, {ranked[1]['label']} +58"
        assert ranked[0]["label"] == f"{prefix}0"


def test_actor_types_as_clusters():
    data = view_data(blocs_network(), cluster_above=100, cluster_by="type")
    assert sorted(c["label"] for c in data["clusters"]) == ["Armed group (60)", "NGO (60)", "State (60)"]
    for members in members_by_cluster(data).values():  # one type, one cluster
        assert {m[0] for m in members} == {next(iter(members))[0]}
    with pytest.raises(ValueError, match="cluster_by"):
        view_data(blocs_network(), cluster_by="colour")


def test_small_communities_share_a_bucket_and_stay_together():
    data = view_data(blocs_network(pairs=12), cluster_above=100)
    (bucket,) = [c for c in data["clusters"] if c["bucket"]]
    assert bucket["label"] == "Small groups: NGO (24)" and bucket["size"] == 24
    k = data["clusters"].index(bucket)
    at = {n["label"]: (n["x"], n["y"]) for n in data["nodes"] if n["c"] == k}
    assert len(at) == 24
    spacing = data["meta"]["spacing"]
    for i in range(12):  # each pair side by side on the bucket's grid
        (x1, y1), (x2, y2) = at[f"x{i}"], at[f"y{i}"]
        assert math.hypot(x1 - x2, y1 - y2) <= spacing * 1.01


def test_the_layout_is_saved_members_in_their_disc_and_discs_apart():
    data = view_data(blocs_network(pairs=5), cluster_above=100)
    discs = data["clusters"]
    for n in data["nodes"]:
        c = discs[n["c"]]
        assert math.hypot(n["x"] - c["x"], n["y"] - c["y"]) <= c["r"] + 1  # (positions are rounded)
    for i, a in enumerate(discs):
        for b in discs[i + 1 :]:
            assert math.hypot(a["x"] - b["x"], a["y"] - b["y"]) >= a["r"] + b["r"]
    # nothing left for the browser to lay out
    assert data["options"]["physics"]["enabled"] is False
    assert view_data(blocs_network(pairs=5), cluster_above=100) == data  # the same page every time


def test_few_actors_are_drawn_one_by_one():
    small = view_data(blocs_network(size=20))  # 60 actors: under CLUSTER_ABOVE
    assert small["meta"]["clustered"] is False and small["clusters"] == []
    assert small["meta"]["top_actors"] == 60 and all("c" not in n for n in small["nodes"])
    assert all(isinstance(n["x"], int) and isinstance(n["y"], int) for n in small["nodes"])
    # a label's room: no two actors closer than a fraction of the spacing
    spacing = small["meta"]["spacing"]
    points = [(n["x"], n["y"]) for n in small["nodes"]]
    nearest = min(math.dist(p, q) for i, p in enumerate(points) for q in points[i + 1 :])
    assert nearest > spacing * 0.3
    never = view_data(blocs_network(), cluster_above=None)
    assert never["meta"]["clustered"] is False and len(never["nodes"]) == 180
    always = view_data(blocs_network(size=20), cluster_above=0)
    assert always["meta"]["clustered"] is True and len(always["clusters"]) == 3


def test_slider_dates_are_every_date_of_a_tie_and_ties_point_at_them():
    G = network_from_ties(
        {"a": "State", "b": "State", "c": "IGO"},
        [
            ("a", "meets", "b", ["2024-03-01", "2024-01-15", "2024-03-01"]),
            ("b", "criticizes", "c", ["2024-02-10", ""]),
            ("a", "supports", "c", [""]),
        ],
    )
    data = view_data(G)
    assert data["dates"] == ["2024-01-15", "2024-02-10", "2024-03-01"]
    assert (data["meta"]["date_min"], data["meta"]["date_max"]) == ("2024-01-15", "2024-03-01")
    key = {e["key"]: e for e in data["edges"]}
    assert [data["dates"][i] for i in key["meets"]["d"]] == ["2024-01-15", "2024-03-01"]
    assert [data["dates"][i] for i in key["criticizes"]["d"]] == ["2024-02-10"]
    assert key["supports"]["d"] == []  # undated: the "undated statements" box decides
    # a graph that kept only the last evidence: the slider goes by the tie's first..last dates
    capped = view_data(
        network_from_ties(
            {"a": "State", "b": "State"},
            [("a", "meets", "b", ["2024-01-01", "2024-05-01", "2024-09-01"])],
            evidence_cap=1,
        )
    )
    (edge,) = capped["edges"]
    assert edge["span"] == 1 and [capped["dates"][i] for i in edge["d"]] == ["2024-01-01", "2024-09-01"]


def test_evidence_per_tie_shrinks_to_keep_the_page_small(monkeypatch):
    G = synthetic_network(300, 1500, seed=3, evidence_cap=3)
    full = view_data(G, max_evidence=20)
    assert full["meta"]["evidence_cap"] == 20
    assert max(len(e["ev"]) for e in full["edges"]) == 3  # all the graph has
    monkeypatch.setattr(graphkit.view, "EVIDENCE_BUDGET", 1000)  # 1,500 ties: one sentence each
    small = view_data(G, max_evidence=20)
    assert small["meta"]["evidence_cap"] == 1
    assert all(len(e["ev"]) == 1 and e.get("more", 0) == e["n"] - 1 for e in small["edges"])
    # the most recent sentence is the one kept, with its document
    for e_small, e_full in zip(small["edges"], full["edges"], strict=True):
        kept, first = e_small["ev"][0], e_full["ev"][0]
        assert kept["t"] == first["t"]
        assert small["dates"][kept["y"]] == full["dates"][first["y"]]
        assert small["docs"][kept["d"]] == full["docs"][first["d"]]


def test_hostile_actor_labels_in_cluster_labels_stay_escaped():
    attack = "</script><img src=x onerror=alert(1)>"
    G = blocs_network()
    hub = next(n for n, d in G.nodes(data=True) if d["label"] == "s0")
    G.nodes[hub]["label"] = attack
    page = render_html(G, cluster_above=100)
    assert attack not in page and "<img" not in page
    data = page_data(page)
    assert any(c["label"].startswith(attack + ", ") for c in data["clusters"])


def test_the_store_built_graph_keeps_the_page_compact():
    G = synthetic_network(2000, 10000, seed=1)
    page = render_html(G)
    data = page_data(page)
    assert len(data["nodes"]) == 2000 and len(data["edges"]) == 10000
    # ties point at actor numbers and at one table of relations: no IRI repeated per tie
    assert data["nodes"][data["edges"][0]["from"]]["iri"] not in str(data["edges"][0])
    assert set(data["relations"]) == {e["key"] for e in data["edges"]}
    assert len(page) / len(data["edges"]) < 400  # bytes per tie, evidence included


def test_the_view_command_clusters_as_asked(tmp_path):
    from network_fixtures import build_kg
    from typer.testing import CliRunner

    from graphkit.cli import app

    kg = build_kg([("rus", "arms", "syr"), ("isr", "strikes", "hez"), ("usa", "supports", "isr")])
    kg.write(tmp_path / "graph.ttl")
    page = tmp_path / "view.html"
    args = ["view", str(tmp_path / "graph.ttl"), "-o", str(page)]
    result = CliRunner().invoke(app, [*args, "--cluster-by", "type", "--cluster-above", "0"])
    assert result.exit_code == 0, result.output
    data = page_data(page.read_text(encoding="utf-8"))
    assert data["meta"]["clustered"] is True and data["meta"]["cluster_by"] == "type"
    assert sorted(c["label"] for c in data["clusters"]) == ["Armed group (1)", "State (4)"]
    result = CliRunner().invoke(app, [*args, "--cluster-above", "-1"])
    assert result.exit_code == 0 and page_data(page.read_text(encoding="utf-8"))["meta"]["clustered"] is False
    result = CliRunner().invoke(app, [*args, "--cluster-by", "colour"])
    assert result.exit_code != 0 and "community or type" in result.output


def test_a_graph_that_caps_its_evidence_draws_the_same_page():
    """A store-built graph keeps the top evidence of each tie (and the full count): the page is the
    same as from the whole graph, since the page keeps no more than that itself."""
    from network_fixtures import build_kg

    from graphkit.network import to_multidigraph

    triples = [
        (
            "rus",
            "arms",
            "syr",
            {"date": f"2024-{m:02d}-{d:02d}", "text": f"Shipment {m}/{d}.", "doc": f"d{m}-{d}"},
        )
        for m in range(1, 4)
        for d in range(1, 12)
    ]
    triples += [
        ("isr", "strikes", "hez", {"date": "2024-02-02", "doc": "d-strike"}),
        ("usa", "supports", "isr"),
    ]
    kg = build_kg(triples)
    whole = to_multidigraph(kg)
    capped = to_multidigraph(kg)
    for _, _, data in capped.edges(data=True):
        top = sorted(data["evidence"], key=lambda e: (e["date"] or "", e["confidence"]), reverse=True)[:10]
        data["evidence"], data["statements"] = top, [e["statement"] for e in top]
    assert (
        render_html(capped, max_evidence=10)
        == render_html(whole, max_evidence=10)
        == render_html(kg, max_evidence=10)
    )
    (arms,) = [e for e in view_data(capped, max_evidence=10)["edges"] if e["key"] == "arms"]
    assert arms["n"] == 33 and arms["more"] == 23 and arms["span"] == 1
