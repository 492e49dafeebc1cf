"""The view of a 20,000-actor, 100,000-tie network in headless Chromium, offline (issue 16).

One synthetic network (tests/view_fixtures.py) is built once for the module; each test opens the
page afresh. The load time is measured in the page: ``performance.now()`` (milliseconds since
navigation started) when the page has drawn its first frame and placed its labels (``settledAt``).
"""

from __future__ import annotations

import os
import sys

import pytest
from browser import CHROMIUM, assert_apart, offline_page, open_view, png_pixels
from pages import page_data
from view_fixtures import synthetic_network

from graphkit.view import TOP_ACTORS, write_html

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ACTORS, TIES = 20_000, 100_000
#: The issue's bound for the load, in the page's own clock.
LOAD_MS = 3000

# every drawn item's label box (canvas units, moved by its vertical adjustment) and what it is
LABEL_BOXES = """() => {
  const g = window.graphkit, network = g.network;
  return network.body.data.nodes.get().map((n) => {
    const label = network.body.nodes[n.id].labelModule;
    const size = label.size;
    const drawn = typeof label.visible !== 'function' || label.visible();
    const vadjust = (label.fontOptions && label.fontOptions.vadjust) || 0;
    return {id: n.id, label: n.label, cluster: typeof n.id === 'string', drawn: drawn,
            left: size.left, top: size.top + vadjust, width: size.width, height: size.height};
  });
}"""

# page coordinates of a cluster's middle, for the largest clusters with no actor drawn on them
CLUSTER_TARGETS = """() => {
  const network = window.graphkit.network;
  const box = document.getElementById('gk-network').getBoundingClientRect();
  const panel = document.getElementById('gk-details').getBoundingClientRect();
  const actors = network.body.data.nodes.get().filter((n) => typeof n.id === 'number');
  return network.body.data.nodes.get().filter((n) => typeof n.id === 'string').map((n) => {
    const d = network.canvasToDOM({x: n.x, y: n.y});
    const at = {x: d.x + box.left, y: d.y + box.top};
    const free = actors.every((a) => Math.hypot(a.x - n.x, a.y - n.y) > n.size * 0.5);
    const visible = at.x > box.left + 20 && at.x < panel.left - 20
      && at.y > box.top + 20 && at.y < box.bottom - 20;
    return {id: n.id, size: n.size, shown: n.shown, at: at, ok: free && visible};
  }).filter((c) => c.ok).sort((a, b) => b.size - a.size);
}"""

SHOWN = """() => {
  const items = window.graphkit.network.body.data.nodes.get();
  return {actors: items.filter((n) => typeof n.id === 'number').map((n) => n.id),
          clusters: items.filter((n) => typeof n.id === 'string').map((n) => n.id),
          edges: window.graphkit.network.body.data.edges.length,
          physics: window.graphkit.network.physics.options.enabled};
}"""


@pytest.fixture(scope="module", autouse=True)
def chromium_present():
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"no Chromium at {CHROMIUM}: install Debian's chromium package (.ci/run does)")


@pytest.fixture(scope="module")
def big_view(tmp_path_factory):
    G = synthetic_network(ACTORS, TIES, seed=0)
    path = write_html(G, tmp_path_factory.mktemp("scale") / "graph.html")
    return path, page_data(path.read_text(encoding="utf-8"))


def assert_clean(report):
    assert report.blocked == [], f"requests left the page: {report.blocked}"
    assert report.console_errors == [] and report.page_errors == [], report.page_errors
    assert report.dialogs == []


def test_twenty_thousand_actors_load_in_under_three_seconds(big_view):
    path, data = big_view
    assert len(data["nodes"]) == ACTORS and len(data["edges"]) == TIES
    size_mb = path.stat().st_size / 1e6
    assert size_mb < 40, f"{size_mb:.1f} MB"  # evidence capped per tie, compact ties
    with offline_page() as (page, report):
        open_view(page, report, path, timeout=120)
        timings = page.evaluate("() => window.graphkit.timings")
        shown = page.evaluate(SHOWN)
        _, _, rows = png_pixels(page.screenshot())
    print(
        f"\n20,000-actor view: settled at {report.settle_ms:.0f} ms in the page, {size_mb:.1f} MB; {timings}",
        file=sys.stderr,
    )
    assert report.settle_ms < LOAD_MS, timings
    assert timings["drawn"] <= timings["settled"]
    # the overview: every cluster and the top actors, and no physics
    assert len(shown["clusters"]) == len(data["clusters"]) > 50
    assert sorted(shown["actors"]) == list(range(TOP_ACTORS))
    assert shown["physics"] is False
    ink = sum(1 for row in rows[60:] for pixel in row[330:] if sum(pixel) < 3 * 235)
    assert ink > 50_000, "the canvas is nearly blank"
    assert_clean(report)


def test_clusters_are_labelled_and_the_top_labels_never_overlap(big_view):
    path, data = big_view
    with offline_page() as (page, report):
        open_view(page, report, path, timeout=120)
        boxes = page.evaluate(LABEL_BOXES)
        hidden = page.evaluate("() => window.graphkit.hiddenLabels")
    shown = [b for b in boxes if b["drawn"] and b["label"].strip() and b["width"] > 0]
    clusters = [b for b in shown if b["cluster"]]
    assert len(clusters) >= 30, "too few clusters labelled"
    labels = {c["label"] for c in data["clusters"]}
    assert {b["label"] for b in clusters} <= labels  # labelled by their top members
    # the ten most prominent actors keep their labels
    assert not set(range(10)) & set(hidden)
    assert {b["id"] for b in shown if not b["cluster"]} >= set(range(10))
    assert_apart(shown)
    assert_clean(report)


def test_a_click_expands_a_cluster_and_an_actor_draws_its_neighbourhood(big_view):
    path, data = big_view
    with offline_page() as (page, report):
        open_view(page, report, path, timeout=120)
        before = page.evaluate(SHOWN)
        target = page.evaluate(CLUSTER_TARGETS)[0]
        k = int(target["id"][1:])
        members = {n["id"] for n in data["nodes"] if n["c"] == k}
        page.mouse.click(target["at"]["x"], target["at"]["y"])
        page.locator("#gk-details-body button", has_text="Collapse this cluster").wait_for()
        after = page.evaluate(SHOWN)
        assert target["id"] not in after["clusters"]
        assert members <= set(after["actors"])  # every member drawn, at its saved position
        assert len(after["clusters"]) == len(before["clusters"]) - 1
        assert after["edges"] > before["edges"]
        saved = {n["id"]: (n["x"], n["y"]) for n in data["nodes"] if n["id"] in members}
        drawn = page.evaluate("(ids) => window.graphkit.network.getPositions(ids)", sorted(saved))
        assert all((drawn[str(i)]["x"], drawn[str(i)]["y"]) == saved[i] for i in saved)
        assert page.locator("#gk-details-body h3").text_content() == data["clusters"][k]["label"]
        # an actor of another cluster: search for it, open it: its neighbours come out of their discs
        outsider = next(n for n in data["nodes"] if n["c"] != k and n["id"] >= TOP_ACTORS)
        page.fill("#gk-search", outsider["label"])
        page.locator("#gk-search-results").get_by_role("button", name=outsider["label"], exact=True).click()
        page.locator("#gk-details-body h3", has_text=outsider["label"]).wait_for()
        around = page.evaluate(SHOWN)
        neighbours = {e["to"] for e in data["edges"] if e["from"] == outsider["id"]}
        neighbours |= {e["from"] for e in data["edges"] if e["to"] == outsider["id"]}
        assert outsider["id"] in around["actors"] and neighbours <= set(around["actors"])
        dimmed = page.evaluate(
            "() => window.graphkit.network.body.data.nodes.get()"
            ".filter(n => n.color && String(n.color.background).startsWith('rgba(210')).length"
        )
        assert dimmed > 0  # everything but the neighbourhood is dimmed
        # the evidence panel says how much of it the page keeps
        page.locator("#gk-details-body li button").first.click()
        details = page.locator("#gk-details-body")
        details.locator("q").first.wait_for()
        assert details.locator("q").count() == 1  # one sentence per tie at this size
        assert page.evaluate(SHOWN)["physics"] is False  # no physics at any point
        text = details.text_content()
        if "more statement" in text:
            assert "keeps 1 sentence per tie" in text
        # back to the overview
        page.click("#gk-overview")
        assert sorted(page.evaluate(SHOWN)["clusters"]) == sorted(before["clusters"])
        assert sorted(page.evaluate(SHOWN)["actors"]) == sorted(before["actors"])
    assert_clean(report)


def test_the_time_slider_filters_ties_by_date(big_view):
    path, data = big_view
    dates = data["dates"]
    middle = len(dates) // 2
    limit = dates[middle]

    def kept(e):  # the page's rule: a date in range, or for a tie with unknown dates, its span
        known = [dates[i] for i in e["d"]]
        if not known:
            return True
        return known[0] <= limit if e.get("span") else any(d <= limit for d in known)

    expected = sum(kept(e) for e in data["edges"])
    assert 0 < expected < len(data["edges"])
    with offline_page() as (page, report):
        open_view(page, report, path, timeout=120)
        page.evaluate(
            "(v) => { const s = document.getElementById('gk-time-to'); s.value = String(v);"
            " s.dispatchEvent(new Event('input')); }",
            middle,
        )
        page.wait_for_timeout(600)  # the slider applies after a short pause
        summary = page.locator("#gk-summary").text_content()
        assert f"{expected:,} ties shown (of {len(data['nodes']):,} and {len(data['edges']):,})" in summary
        assert page.locator("#gk-date-to").input_value() == limit
        assert page.locator("#gk-time-text").text_content() == f"{dates[0]} \u2013 {limit}"
    assert_clean(report)


def test_physics_runs_only_on_request_over_the_actors_drawn_one_by_one(tmp_path, monkeypatch):
    G = synthetic_network(2000, 8000, seed=5)
    path = write_html(G, tmp_path / "relayout.html")
    with offline_page() as (page, report):
        open_view(page, report, path, timeout=120)
        assert page.evaluate(SHOWN)["physics"] is False
        page.evaluate("() => window.graphkit.expandCluster(0)")
        page.wait_for_timeout(500)
        before = page.evaluate("() => window.graphkit.network.getPositions()")
        page.click("#gk-relayout")
        assert page.evaluate(SHOWN)["physics"] is True
        page.wait_for_timeout(200)
        for _ in range(100):  # until the bounded run has stopped itself
            if not page.evaluate(SHOWN)["physics"]:
                break
            page.wait_for_timeout(200)
        assert page.evaluate(SHOWN)["physics"] is False
        after = page.evaluate("() => window.graphkit.network.getPositions()")
    clusters = [k for k in before if k.startswith("c")]
    actors = [k for k in before if not k.startswith("c")]
    assert clusters and actors
    # the clusters held fixed (to a unit of rounding), the actors drawn one by one laid out anew
    assert all(
        abs(before[k]["x"] - after[k]["x"]) <= 1 and abs(before[k]["y"] - after[k]["y"]) <= 1
        for k in clusters
    )
    assert sum(before[k] != after[k] for k in actors) > len(actors) / 2
    assert_clean(report)
    # past RELAYOUT_MAX actors drawn one by one the page says so and runs nothing
    monkeypatch.setattr("graphkit.view.RELAYOUT_MAX", 10)
    path = write_html(G, tmp_path / "capped.html")
    with offline_page() as (page, report):
        open_view(page, report, path, timeout=120)
        page.click("#gk-relayout")  # the 25 top actors are already more than 10
        assert "Too many actors drawn one by one" in page.locator("#gk-progress").text_content()
        assert page.evaluate(SHOWN)["physics"] is False
    assert_clean(report)


def test_a_large_cluster_expands_at_its_zoom_with_its_labels_apart(tmp_path):
    """A cluster of a thousand actors (clusters by type): every member drawn, its label made
    at the size of the zoom it is shown at, and the labels drawn never overlap."""
    from collections import Counter

    G = synthetic_network(9000, 30000, seed=2)
    path = write_html(G, tmp_path / "types.html", cluster_by="type")
    data = page_data(path.read_text(encoding="utf-8"))
    k, size = Counter(n["c"] for n in data["nodes"]).most_common(1)[0]
    assert size >= 1000
    members = {n["id"] for n in data["nodes"] if n["c"] == k}
    with offline_page() as (page, report):
        open_view(page, report, path, timeout=120)
        page.evaluate("(k) => window.graphkit.expandCluster(k)", k)
        page.wait_for_timeout(500)
        shown = page.evaluate(SHOWN)
        boxes = page.evaluate(LABEL_BOXES)
        hidden = set(page.evaluate("() => window.graphkit.hiddenLabels"))
        sizes = page.evaluate(
            """(ids) => { const n = window.graphkit.network;
                 return {scale: n.getScale(), fonts: ids.map((i) => n.body.nodes[i].options.font.size)}; }""",
            sorted(members),
        )
    assert members <= set(shown["actors"])
    assert all(f == pytest.approx(11 / sizes["scale"]) for f in sizes["fonts"])  # the zoom's size
    blank = {b["id"] for b in boxes if not b["label"].strip()}
    assert blank == hidden and len(hidden) < len(members)  # hidden ones are the blank ones, not all
    assert_apart([b for b in boxes if b["drawn"] and b["label"].strip() and b["width"] > 0])
    assert_clean(report)
