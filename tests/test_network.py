"""The networkx layer: graphs built from hand-made knowledge graphs, and the analyses over them."""

from __future__ import annotations

import math

import networkx as nx
import pytest
from network_fixtures import actor_id, build_kg

from graphkit.network import (
    centralities,
    communities,
    ego_network,
    find_actor,
    paths_between,
    prominence,
    structural_balance,
    summary_tables,
    time_slice,
    to_digraph,
    to_multidigraph,
    to_signed_graph,
)
from graphkit.vocabulary import COOPERATION

RUS, SYR, IRN, ISR, USA, HEZ, ISIS, UN = (
    actor_id(k) for k in ("rus", "syr", "irn", "isr", "usa", "hez", "isis", "un")
)


# -- the multigraph ----------------------------------------------------------------------------
def test_multidigraph_aggregates_statements_per_pair_and_relation():
    kg = build_kg(
        [
            ("rus", "arms", "syr", {"date": "2024-03-05", "confidence": 0.6, "doc": "a"}),
            ("rus", "arms", "syr", {"date": "2024-01-20", "confidence": 1.0, "doc": "b"}),
            ("rus", "supports", "syr", {"date": "2024-02-01"}),
        ],
        documents={"a": {"title": "Moscow ships arms", "source": "Wire"}},
    )
    G = to_multidigraph(kg)
    assert isinstance(G, nx.MultiDiGraph)
    assert set(G[RUS][SYR]) == {"arms", "supports"}
    arms = G.edges[RUS, SYR, "arms"]
    assert arms["count"] == 2
    assert (arms["first_date"], arms["last_date"]) == ("2024-01-20", "2024-03-05")
    assert arms["confidence"] == pytest.approx(0.8)
    assert arms["family"] == "material-cooperation" and arms["polarity"] == "positive"
    assert len(arms["statements"]) == 2 and len(set(arms["statements"])) == 2
    first = next(e for e in arms["evidence"] if e["doc"] == "a")
    assert first["title"] == "Moscow ships arms" and first["source"] == "Wire"
    assert first["text"] == "Russia arms Syria."
    assert G.nodes[RUS]["label"] == "Russia" and G.nodes[RUS]["type"] == "State"


def test_negated_statement_is_a_separate_negative_edge():
    kg = build_kg([("isr", "attacks", "hez"), ("isr", "attacks", "hez", {"polarity": "negative"})])
    G = to_multidigraph(kg)
    assert G.edges[ISR, HEZ, "attacks"]["polarity"] == "positive"
    assert G.edges[ISR, HEZ, "not attacks"]["polarity"] == "negative"
    assert G.edges[ISR, HEZ, "not attacks"]["count"] == 1
    assert set(to_multidigraph(kg, negated=False)[ISR][HEZ]) == {"attacks"}


def test_symmetric_relation_is_one_edge_whatever_the_order():
    kg = build_kg([("rus", "meets", "usa"), ("usa", "meets", "rus")])
    G = to_multidigraph(kg)
    assert G.number_of_edges() == 1
    ((u, v, data),) = G.edges(data=True)
    assert (u, v) == tuple(sorted((RUS, USA))) and data["count"] == 2 and data["symmetric"]


def test_reported_claims_are_not_counted_as_asserted():
    kg = build_kg(
        [
            ("isr", "strikes", "hez"),
            ("isr", "strikes", "hez", {"modality": "reported", "attributed_to": "hez"}),
        ]
    )
    edge = to_multidigraph(kg).edges[ISR, HEZ, "strikes"]
    assert edge["count"] == 2 and edge["asserted"] == 1
    assert {e["attributed_to"] for e in edge["evidence"]} == {None, "Hezbollah"}


def test_families_filter():
    kg = build_kg([("rus", "arms", "syr"), ("isr", "attacks", "hez")])
    G = to_multidigraph(kg, families=["material-conflict"])
    assert list(G.edges(keys=True)) == [(ISR, HEZ, "attacks")]


# -- weighted and signed graphs ------------------------------------------------------------------
def test_digraph_weights_count_statements_and_skip_negated():
    kg = build_kg(
        [
            ("rus", "arms", "syr"),
            ("rus", "supports", "syr"),
            ("rus", "arms", "syr"),
            ("syr", "attacks", "isis", {"polarity": "negative"}),
            ("rus", "meets", "usa"),
        ]
    )
    D = to_digraph(kg)
    assert D.edges[RUS, SYR]["weight"] == 3
    assert D.edges[RUS, SYR]["material-cooperation"] == 2 and D.edges[RUS, SYR]["verbal-cooperation"] == 1
    assert D.edges[RUS, SYR]["relations"] == ["arms", "supports"]
    assert not D.has_edge(SYR, ISIS) and ISIS in D  # the actor stays, the denied attack is no tie
    assert D.has_edge(RUS, USA) and D.has_edge(USA, RUS)  # symmetric: both ways
    assert to_digraph(kg, negated=True).edges[SYR, ISIS]["weight"] == 1
    assert set(to_digraph(kg, families=["material-cooperation"]).edges) == {(RUS, SYR)}
    # the same from the multigraph
    assert nx.utils.edges_equal(to_digraph(to_multidigraph(kg)).edges, D.edges)


def test_signed_graph_signs_by_majority_and_drops_ties_structure_and_negation():
    kg = build_kg(
        [
            ("rus", "arms", "syr"),
            ("rus", "supports", "syr"),
            ("syr", "criticizes", "rus"),  # 2 cooperation vs 1 conflict: +
            ("isr", "attacks", "hez"),  # -
            ("usa", "supports", "isr", {"polarity": "negative"}),  # negated: no sign
            ("irn", "arms", "hez"),
            ("hez", "criticizes", "irn"),  # 1 vs 1: no edge
            ("idf", "part_of", "isr"),  # structural: no sign
        ]
    )
    S = to_signed_graph(kg)
    assert not S.is_directed()
    assert S.edges[RUS, SYR]["sign"] == 1 and S.edges[RUS, SYR]["cooperation"] == 2
    assert S.edges[RUS, SYR]["conflict"] == 1
    assert S.edges[ISR, HEZ]["sign"] == -1
    assert S.number_of_edges() == 2


def test_structural_balance_reads_the_enemy_of_my_enemy():
    kg = build_kg(
        [
            # Israel vs Hezbollah, Iran arms Hezbollah, Israel threatens Iran: +-- balanced
            ("isr", "attacks", "hez"),
            ("irn", "arms", "hez"),
            ("isr", "threatens", "irn"),
            # Russia+Syria, Syria+Iran, Russia-Iran: ++- unbalanced
            ("rus", "supports", "syr"),
            ("syr", "supports", "irn"),
            ("rus", "criticizes", "irn"),
            # an open triad (no third tie) is not a triad
            ("usa", "supports", "un"),
        ]
    )
    triads = structural_balance(to_signed_graph(kg))
    assert len(triads) == 2
    by_members = {frozenset((r.a, r.b, r.c)): r for r in triads.itertuples()}
    enemy = by_members[frozenset((ISR, HEZ, IRN))]
    assert enemy.pattern == "+--" and enemy.balanced and "enemy of my enemy" in enemy.reading
    odd = by_members[frozenset((RUS, SYR, IRN))]
    assert odd.pattern == "++-" and not odd.balanced
    assert not triads.iloc[0]["balanced"]  # the unbalanced ones come first
    assert structural_balance(kg).equals(triads)


# -- centralities and communities ---------------------------------------------------------------
def test_centralities_rank_the_hub_first_and_ignore_negated_ties():
    kg = build_kg(
        [
            ("usa", "supports", "isr"),
            ("usa", "supports", "un"),
            ("usa", "consults", "rus"),
            ("irn", "supports", "usa"),
            ("syr", "criticizes", "usa"),
            ("isr", "attacks", "hez"),
            ("isis", "attacks", "msf", {"polarity": "negative"}),
        ]
    )
    table = centralities(kg)
    assert table.index[0] == USA
    assert table.loc[USA, "strength"] == 5 and table.loc[USA, "out_degree"] == 3
    assert table.loc[USA, "betweenness"] == table["betweenness"].max() > 0
    assert table.loc[ISIS, "strength"] == 0 and table.loc[ISIS, "betweenness"] == 0
    assert table["pagerank"].sum() == pytest.approx(1.0)
    assert list(table.columns[:2]) == ["label", "type"]
    assert not math.isnan(table.loc[USA, "eigenvector"])
    with_negated = centralities(kg, negated=True)
    assert with_negated.loc[ISIS, "strength"] == 1


def test_prominence_is_not_fooled_by_a_pair_that_only_mention_each_other():
    kg = build_kg(
        [
            ("rus", "arms", "syr"),
            ("rus", "supports", "irn"),
            ("usa", "criticizes", "rus"),
            ("syr", "attacks", "isis"),
            ("jpn", "accuses", "prk"),
            ("prk", "threatens", "jpn"),
        ]
    )
    rank = prominence(kg)
    assert max(rank, key=rank.get) == RUS
    assert rank[RUS] > rank[actor_id("jpn")] and sum(rank.values()) == pytest.approx(1.0)
    directed = nx.pagerank(to_digraph(kg))
    assert directed[actor_id("jpn")] > directed[RUS]  # why the view does not use directed PageRank
    assert centralities(kg)["pagerank"].to_dict() == pytest.approx(rank)


def test_centralities_of_an_empty_graph():
    table = centralities(nx.DiGraph())
    assert table.empty and "pagerank" in table.columns


def test_betweenness_is_sampled_on_large_graphs_but_reproducible():
    G = nx.gnm_random_graph(60, 200, seed=3, directed=True)
    nx.set_edge_attributes(G, 1, "weight")
    exact = centralities(G, betweenness_samples=None)
    sampled = centralities(G, betweenness_samples=20, seed=1)
    assert not exact["betweenness"].equals(sampled["betweenness"].reindex(exact.index))
    assert centralities(G, betweenness_samples=20, seed=1).equals(sampled)


def test_communities_split_two_blocs_deterministically():
    blocs = [("rus", "syr"), ("rus", "irn"), ("syr", "irn"), ("usa", "isr"), ("usa", "un"), ("isr", "un")]
    triples = [(a, "supports", b) for a, b in blocs for _ in range(3)] + [("irn", "criticizes", "isr")]
    kg = build_kg(triples)
    found = communities(kg)
    assert {frozenset(c) for c in found} == {frozenset({RUS, SYR, IRN}), frozenset({USA, ISR, UN})}
    assert found == communities(kg)
    assert communities(to_digraph(kg, families=COOPERATION)) == found


# -- ego networks, paths, time --------------------------------------------------------------------
def test_find_actor_by_iri_label_and_alias():
    kg = build_kg([("isis", "attacks", "syr")])
    assert find_actor(kg, ISIS) == ISIS
    assert find_actor(kg, "islamic state") == ISIS
    assert find_actor(to_multidigraph(kg), "Daesh") == ISIS
    with pytest.raises(KeyError, match="Islamic State"):
        find_actor(kg, "Islamic")


def test_ego_network_radius():
    kg = build_kg([("rus", "arms", "syr"), ("syr", "attacks", "isis"), ("isis", "attacks", "un")])
    one = ego_network(kg, "Syria")
    assert set(one) == {RUS, SYR, ISIS} and isinstance(one, nx.MultiDiGraph)
    assert set(ego_network(kg, "Syria", radius=2)) == {RUS, SYR, ISIS, UN}
    assert set(ego_network(kg, "Syria", undirected=False)) == {SYR, ISIS}
    assert set(ego_network(to_digraph(kg), "Russia")) == {RUS, SYR}


def test_paths_between_carry_the_evidence_of_each_hop():
    kg = build_kg(
        [
            ("irn", "arms", "hez", {"text": "Tehran keeps arming Hezbollah.", "date": "2024-05-01"}),
            ("isr", "strikes", "hez", {"text": "Israeli jets struck Hezbollah depots."}),
            ("irn", "threatens", "isr", {"polarity": "negative"}),
        ]
    )
    paths = paths_between(kg, "Iran", "Israel")
    assert [p["labels"] for p in paths] == [["Iran", "Hezbollah", "Israel"]]
    first, second = paths[0]["hops"]
    assert first["relations"][0]["relation"] == "arms" and first["relations"][0]["direction"] == "forward"
    assert first["relations"][0]["evidence"][0]["text"] == "Tehran keeps arming Hezbollah."
    assert first["relations"][0]["first_date"] == "2024-05-01"
    assert second["relations"][0]["direction"] == "backward"  # Israel strikes Hezbollah
    with_negated = paths_between(kg, "Iran", "Israel", negated=True)
    assert with_negated[0]["labels"] == ["Iran", "Israel"]
    assert with_negated[0]["hops"][0]["relations"][0]["polarity"] == "negative"
    assert paths_between(kg, "Iran", "Israel", cutoff=1) == []
    assert len(with_negated) == 2


def test_paths_between_unconnected_actors_is_empty():
    kg = build_kg([("rus", "arms", "syr"), ("usa", "supports", "isr")])
    assert paths_between(kg, "Russia", "Israel") == []


def test_time_slice_uses_statement_then_document_dates():
    kg = build_kg(
        [
            ("rus", "arms", "syr", {"date": "2024-01-10", "doc": "jan"}),
            ("isr", "attacks", "hez", {"doc": "mar"}),  # dated by its document
            ("usa", "supports", "un", {"doc": "undated"}),
            ("irn", "arms", "hez", {"date": "2024-06-01T08:00:00Z", "doc": "jun"}),
        ],
        documents={"mar": {"date": "2024-03-15"}},
    )
    spring = time_slice(kg, "2024-02-01", "2024-06-01")
    assert [s.relation.name for s in spring.statements] == ["attacks", "arms"]
    assert set(spring.documents) == {"mar", "jun"}
    assert set(spring.actors) == {ISR, HEZ, IRN}
    assert {m.doc for m in spring.mentions} == {"mar", "jun"}
    assert len(time_slice(kg, end="2024-03").statements) == 2  # a month as the end includes it
    assert len(time_slice(kg, undated=True).statements) == 4
    assert len(time_slice(kg).statements) == 3


def test_summary_tables_for_the_stats_command():
    kg = build_kg(
        [
            ("isr", "attacks", "hez"),
            ("irn", "arms", "hez"),
            ("irn", "arms", "hez"),  # Iran is tied closer to the Hezbollah-Israel triangle
            ("isr", "threatens", "irn"),
            ("rus", "supports", "syr"),
            ("syr", "supports", "irn"),
            ("rus", "criticizes", "irn"),
        ]
    )
    tables = summary_tables(kg, top=3)
    assert list(tables) == [
        "Most central actors",
        "Communities (Louvain)",
        "Structural balance",
        "Unbalanced triads",
    ]
    central = tables["Most central actors"]
    assert len(central) == 3 and central.iloc[0]["label"] == "Iran"
    # two triangles sharing Iran: Iran goes with the one it has more statements in
    assert {frozenset(c) for c in communities(kg)} == {frozenset({IRN, HEZ, ISR}), frozenset({RUS, SYR})}
    assert tables["Communities (Louvain)"].to_dict("records") == [
        {"community": 1, "actors": 3, "most central": "Iran, Hezbollah, Israel"},
        {"community": 2, "actors": 2, "most central": "Russia, Syria"},
    ]
    balance = tables["Structural balance"].iloc[0]
    assert (balance["triads"], balance["balanced"], balance["unbalanced"]) == (2, 1, 1)
    assert tables["Unbalanced triads"].iloc[0]["pattern"] == "++-"


def test_summary_tables_of_a_graph_without_triads():
    tables = summary_tables(build_kg([("rus", "arms", "syr"), ("isr", "attacks", "hez")]))
    assert tables["Structural balance"].iloc[0]["triads"] == 0
    unbalanced = tables["Unbalanced triads"]
    assert unbalanced.empty
    assert list(unbalanced.columns) == ["actor 1", "actor 2", "actor 3", "pattern", "reading"]
    assert tables["Communities (Louvain)"]["actors"].tolist() == [2, 2]
