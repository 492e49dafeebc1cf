"""The HTML view, read as text: self-contained, escaped, capped and styled as the legend says."""

from __future__ import annotations

import base64
import hashlib
import json
import re

import networkx as nx
import pytest
from network_fixtures import actor_id, build_kg, random_kg
from pages import page_data, parse

from graphkit.network import to_multidigraph
from graphkit.view import render_html, script_json, view_data, write_html

SCRIPT_ATTACK = "</script><script>alert(1)</script>"
IMG_ATTACK = "<img src=x onerror=alert(1)>"
TITLE_ATTACK = '"><script>alert(2)</script>'


@pytest.fixture(scope="module")
def hostile_kg():
    return build_kg(
        [
            ("isr", "strikes", "hez", {"text": f"Jets struck {SCRIPT_ATTACK} depots.", "doc": "evil"}),
            ("irn", "arms", "hez", {"text": f"Tehran {IMG_ATTACK} keeps arming.", "doc": "evil"}),
            ("usa", "supports", "isr", {"doc": "plain", "date": "2024-02-02"}),
        ],
        documents={
            "evil": {
                "title": TITLE_ATTACK,
                "source": IMG_ATTACK,
                "url": "javascript:alert(3)",
            },
            "plain": {"title": "Plain report", "url": "https://example.org/a"},
        },
    )


@pytest.fixture(scope="module")
def hostile_page(hostile_kg):
    return render_html(hostile_kg, title=f"War {SCRIPT_ATTACK}")


# -- self-contained ------------------------------------------------------------------------------
def test_page_loads_nothing_from_elsewhere(hostile_page):
    page = parse(hostile_page)
    for tag, attrs in page.tags:
        for name in ("src", "href", "srcset", "action", "poster"):
            value = attrs.get(name)
            assert value is None or value.startswith("data:"), f"<{tag} {name}={value}> would fetch"
    assert not [t for t, a in page.tags if t == "link" and a.get("rel") == "stylesheet"]
    styles = re.findall(r"<style>(.*?)</style>", hostile_page, re.S)
    assert len(styles) == 2 and "vis-network" in styles[0]
    for css in styles:
        assert "@import" not in css
        assert not re.search(r"url\(\s*(?!['\"]?data:)", css), "a stylesheet url() that is not inline data"
    assert "bootstrap" not in hostile_page.lower()


def test_page_has_exactly_its_three_scripts_inline(hostile_page):
    scripts = parse(hostile_page).scripts
    assert [a.get("type") for a, _ in scripts] == ["application/json", None, None]
    assert all("src" not in a for a, _ in scripts)
    vis_js, view_js = scripts[1][1], scripts[2][1]
    assert "@version 9.1.2" in vis_js and "vis-network" in vis_js
    assert "window.graphkit" in view_js
    assert not re.search(r"innerHTML\s*[+=]|outerHTML|insertAdjacentHTML|document\.write", view_js)


def test_csp_allows_exactly_the_inline_scripts(hostile_page):
    page = parse(hostile_page)
    (csp,) = [
        a["content"] for t, a in page.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"
    ]
    allowed = set(re.findall(r"'sha256-([^']+)'", csp))
    executed = [text for attrs, text in page.scripts if attrs.get("type") is None]
    digests = {base64.b64encode(hashlib.sha256(t.encode()).digest()).decode() for t in executed}
    assert allowed == digests
    assert (
        "default-src 'none'" in csp and "unsafe-eval" not in csp and "script-src 'unsafe-inline'" not in csp
    )


# -- escaping ------------------------------------------------------------------------------------
def test_hostile_text_never_appears_raw(hostile_page):
    for attack in (SCRIPT_ATTACK, IMG_ATTACK, TITLE_ATTACK, "<script>alert(2)</script>", "<img"):
        assert attack not in hostile_page
    assert "javascript:alert(3)" not in re.sub(r'"url":"javascript:alert\(3\)"', "", hostile_page)
    assert "<title>War &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;</title>" in hostile_page


def test_hostile_text_survives_intact_in_the_data(hostile_page):
    data = page_data(hostile_page)
    texts = {ev["t"] for e in data["edges"] for ev in e["ev"]}
    assert f"Jets struck {SCRIPT_ATTACK} depots." in texts
    assert f"Tehran {IMG_ATTACK} keeps arming." in texts
    assert {d["source"] for d in data["docs"]} >= {IMG_ATTACK}


def test_script_json_escapes_markup_characters():
    text = script_json({"t": "</script><!-- & \u2028"})
    assert not set("<>&") & set(text) and "\u2028" not in text
    assert json.loads(text) == {"t": "</script><!-- & \u2028"}


def test_placeholders_in_article_text_are_not_substituted():
    kg = build_kg([("rus", "arms", "syr", {"text": "Moscow {{VIS_JS}} {{DATA}} sent arms."})])
    page = render_html(kg)
    assert page.count("@version 9.1.2") == 1
    assert "Moscow {{VIS_JS}} {{DATA}} sent arms." in {
        ev["t"] for e in page_data(page)["edges"] for ev in e["ev"]
    }


# -- what is drawn -------------------------------------------------------------------------------
def test_styles_follow_the_legend():
    kg = build_kg(
        [
            ("isr", "attacks", "hez", {"polarity": "negative"}),
            ("hez", "accuses", "isr", {"modality": "reported", "attributed_to": "irn"}),
            ("rus", "meets", "usa"),
            ("rus", "arms", "syr"),
        ]
    )
    data = view_data(kg)
    palette = data["palette"]
    label = {n["id"]: n["label"] for n in data["nodes"]}
    edges = {(label[e["from"]], e["key"], label[e["to"]]): e for e in data["edges"]}
    negated = edges[("Israel", "not attacks", "Hezbollah")]
    assert (
        negated["dashes"] == palette["line_styles"]["negated"]["dashes"] and negated["polarity"] == "negative"
    )
    assert edges[("Hezbollah", "accuses", "Israel")]["dashes"] == palette["line_styles"]["reported"]["dashes"]
    arms = edges[("Russia", "arms", "Syria")]
    assert arms["dashes"] is False and arms["arrows"]["to"]["enabled"] is True
    assert arms["color"]["color"] == palette["families"]["material-cooperation"]["colour"]
    meets = next(e for k, e in edges.items() if k[1] == "meets")
    assert meets["arrows"]["to"]["enabled"] is False
    hez = next(n for n in data["nodes"] if n["label"] == "Hezbollah")
    assert hez["color"]["background"] == palette["actor_types"]["ArmedGroup"]["colour"]
    assert data["options"]["physics"]["stabilization"]["enabled"] is True


def test_cap_keeps_the_most_central_actors_and_says_how_many_were_left_out():
    kg = random_kg(120, 300, seed=5)
    data = view_data(kg, max_actors=50)
    assert len(data["nodes"]) == 50
    assert data["meta"]["left_out"] == 70 and data["meta"]["actors_total"] == 120
    U = nx.Graph()
    for s in kg.statements:
        if s.polarity == "positive" and s.subject != s.object:
            old = U.get_edge_data(s.subject, s.object, {"weight": 0})["weight"]
            U.add_edge(s.subject, s.object, weight=old + 1)
    pagerank = nx.pagerank(U, weight="weight")  # undirected: see graphkit.network.prominence
    best = sorted(pagerank, key=pagerank.get, reverse=True)[:45]  # ties at the border may go either way
    kept = {n["iri"] for n in data["nodes"]}
    assert set(best) <= kept
    ids = {n["id"] for n in data["nodes"]}
    assert all(e["from"] in ids and e["to"] in ids for e in data["edges"])
    M = to_multidigraph(kg)
    assert len(data["edges"]) == M.subgraph(kept).number_of_edges()
    everything = view_data(kg, max_actors=None)
    assert len(everything["nodes"]) == 120 and everything["meta"]["left_out"] == 0


def test_negated_ties_do_not_make_an_actor_central():
    triples = [("isis", "attacks", "syr", {"polarity": "negative", "offset": i * 10}) for i in range(5)]
    triples += [("rus", "arms", "syr"), ("irn", "arms", "syr"), ("usa", "supports", "un")]
    data = view_data(build_kg(triples), max_actors=4)
    assert "Islamic State" not in {n["label"] for n in data["nodes"]}


def test_focus_and_family_narrow_the_view():
    kg = build_kg(
        [
            ("rus", "arms", "syr"),
            ("syr", "attacks", "isis"),
            ("isis", "attacks", "un"),
            ("usa", "supports", "isr"),
        ]
    )
    focus = view_data(kg, focus="Daesh")
    assert {n["label"] for n in focus["nodes"]} == {"Syria", "Islamic State", "United Nations"}
    assert focus["meta"]["focus"] == "Islamic State" and focus["meta"]["focus_iri"] == actor_id("isis")
    wide = view_data(kg, focus="Islamic State", radius=2)
    assert {n["label"] for n in wide["nodes"]} == {"Russia", "Syria", "Islamic State", "United Nations"}
    conflict = view_data(kg, family="material-conflict")
    assert {e["family"] for e in conflict["edges"]} == {"material-conflict"}
    assert {n["label"] for n in conflict["nodes"]} == {"Syria", "Islamic State", "United Nations"}
    with pytest.raises(ValueError, match="unknown relation family"):
        view_data(kg, family="friendship")
    with pytest.raises(KeyError):
        view_data(kg, focus="Atlantis")


def test_evidence_is_capped_per_edge_most_recent_first():
    triples = [
        ("rus", "arms", "syr", {"date": f"2024-01-{d:02d}", "text": f"Day {d}."}) for d in range(1, 26)
    ]
    (edge,) = view_data(build_kg(triples), max_evidence=5)["edges"]
    assert [ev["t"] for ev in edge["ev"]] == ["Day 25.", "Day 24.", "Day 23.", "Day 22.", "Day 21."]
    assert edge["more"] == 20 and edge["count"] == 25
    assert (edge["first"], edge["last"]) == ("2024-01-01", "2024-01-25") and len(edge["dates"]) == 25


def test_write_html_is_deterministic(tmp_path, hostile_kg):
    first = write_html(hostile_kg, tmp_path / "a" / "graph.html")
    second = write_html(hostile_kg, tmp_path / "b.html")
    assert first.read_text(encoding="utf-8") == second.read_text(encoding="utf-8")
    assert not list((tmp_path / "a").glob(".*.tmp"))


def test_empty_graph_still_renders():
    data = page_data(render_html(build_kg([])))
    assert data["nodes"] == [] and data["edges"] == [] and data["meta"]["left_out"] == 0


def test_negated_and_reported_ties_read_apart_without_their_dash():
    """At low zoom a dash pattern is lost: negated ties have a colour no family has, reported ones
    are paler than asserted ones (issue 14)."""
    kg = build_kg(
        [
            ("rus", "arms", "syr"),
            ("rus", "arms", "hez", {"polarity": "negative"}),
            ("irn", "arms", "hez", {"modality": "reported", "attributed_to": "usa"}),
        ]
    )
    data = view_data(kg)
    palette = data["palette"]
    label = {n["id"]: n["label"] for n in data["nodes"]}
    edges = {(label[e["from"]], e["key"], label[e["to"]]): e for e in data["edges"]}
    negated = edges[("Russia", "not arms", "Hezbollah")]["color"]
    asserted = edges[("Russia", "arms", "Syria")]["color"]
    reported = edges[("Iran", "arms", "Hezbollah")]["color"]
    family_colours = {f["colour"] for f in palette["families"].values()}
    assert negated["color"] == palette["line_styles"]["negated"]["colour"]
    assert negated["color"] not in family_colours
    assert asserted["color"] == reported["color"] == palette["families"]["material-cooperation"]["colour"]
    assert reported["opacity"] < asserted["opacity"]
    # the legend says so in words too
    assert "purple" in palette["line_styles"]["negated"]["label"]
    assert "paler" in palette["line_styles"]["reported"]["label"]


def test_the_details_panel_sits_over_the_network():
    page = render_html(build_kg([("rus", "arms", "syr")]))
    wrap = page.index('id="gk-canvas-wrap"')
    assert wrap < page.index('id="gk-details"') < page.index('<script type="application/json"')
    assert page.index('id="gk-side"') < wrap  # not at the foot of the side bar


# -- issue 16: the aggregated multigraph (e.g. built from the store) draws the same page --------------
def test_the_multigraph_draws_the_same_page_as_the_knowledge_graph(hostile_kg):
    G = to_multidigraph(hostile_kg)
    assert render_html(G, title="t") == render_html(hostile_kg, title="t")
    narrowed = view_data(G, family="material-conflict", negated=False)
    assert narrowed == view_data(hostile_kg, family="material-conflict", negated=False)
    assert view_data(G, focus="Israel") == view_data(hostile_kg, focus="Israel")
    with pytest.raises(TypeError, match="MultiDiGraph"):
        view_data(nx.DiGraph())


def test_capped_evidence_in_the_multigraph_keeps_the_full_count():
    triples = [
        ("rus", "arms", "syr", {"date": f"2024-01-{d:02d}", "text": f"Day {d}."}) for d in range(1, 26)
    ]
    G = to_multidigraph(build_kg(triples))
    data = G.edges[actor_id("rus"), actor_id("syr"), "arms"]
    data["evidence"], data["statements"] = data["evidence"][:3], data["statements"][:3]  # as the store caps
    (edge,) = view_data(G, max_evidence=5)["edges"]
    assert edge["count"] == 25 and len(edge["ev"]) == 3 and edge["more"] == 22
    doc = view_data(G)["docs"][0]
    assert set(doc) == {"id", "title", "source", "url"}
