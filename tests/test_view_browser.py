"""The HTML view in a real browser: headless Chromium with the network shut off.

Every request other than the page itself is aborted and recorded (``tests/browser.py``: offline_page),
console errors and page errors are collected, and dialogs (``alert``) are recorded and dismissed.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from browser import CHROMIUM, assert_apart, offline_page, open_view, png_pixels
from network_fixtures import build_kg, random_kg

from graphkit.view import TOP_ACTORS, write_html

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SCRIPT_ATTACK = "</script><script>alert(1)</script>"
IMG_ATTACK = "<img src=x onerror=alert(1)>"
TITLE_ATTACK = '"><script>alert(2)</script>'
NODES_AND_EDGES = (
    "() => [window.graphkit.network.body.data.nodes.length, window.graphkit.network.body.data.edges.length]"
)
EVIDENCE = f"Jets struck {SCRIPT_ATTACK} depots near {IMG_ATTACK} Tyre."

# counts pixels that differ from the top-left one: a blank canvas has none
CANVAS_INK = """() => {
  const canvas = document.querySelector('#gk-network canvas');
  const ctx = canvas.getContext('2d');
  const pixels = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
  let ink = 0;
  for (let i = 4; i < pixels.length; i += 4) {
    if (pixels[i] !== pixels[0] || pixels[i + 1] !== pixels[1] || pixels[i + 2] !== pixels[2]
        || pixels[i + 3] !== pixels[3]) ink++;
  }
  return ink;
}"""

# screen position (page coordinates) of every node, and of the middle of every edge
GEOMETRY = """() => {
  const network = window.graphkit.network;
  const box = document.getElementById('gk-network').getBoundingClientRect();
  const at = (p) => { const d = network.canvasToDOM(p); return {x: d.x + box.left, y: d.y + box.top}; };
  const positions = network.getPositions();
  const nodes = {};
  for (const id in positions) nodes[id] = at(positions[id]);
  // the middle of the drawn (possibly curved) edge, from vis-network's own geometry
  const edges = network.body.data.edges.get().map((e) => ({
    id: e.id, at: at(network.body.edges[e.id].edgeType.getPoint(0.5)),
  }));
  return {nodes, edges};
}"""


@pytest.fixture(scope="module", autouse=True)
def chromium_present():
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"no Chromium at {CHROMIUM}: install Debian's chromium package (.ci/run does)")


@pytest.fixture(scope="module")
def hostile_html(tmp_path_factory) -> Path:
    kg = build_kg(
        [
            ("isr", "strikes", "hez", {"text": EVIDENCE, "doc": "evil", "date": "2024-03-01"}),
            ("irn", "arms", "hez", {"text": "Tehran keeps arming the group.", "date": "2024-05-01"}),
            ("usa", "supports", "isr", {"doc": "plain", "date": "2024-02-02"}),
            ("isis", "attacks", "syr", {"polarity": "negative", "date": "2024-04-01"}),
            (
                "un",
                "criticizes",
                "isr",
                {"modality": "reported", "attributed_to": "msf", "date": "2024-06-01"},
            ),
        ],
        documents={
            "evil": {
                "title": TITLE_ATTACK,
                "source": IMG_ATTACK,
                "url": "javascript:alert(3)",
            }
        },
    )
    return write_html(kg, tmp_path_factory.mktemp("view") / "hostile.html", title=f"War {SCRIPT_ATTACK}")


def assert_clean(report):
    assert report.blocked == [], f"requests left the page: {report.blocked}"
    assert report.console_errors == [], report.console_errors
    assert report.page_errors == [], report.page_errors
    assert report.dialogs == [], f"article text ran as script: {report.dialogs}"


def test_the_guard_catches_a_page_that_reaches_out(tmp_path):
    """The offline harness is not vacuous: a page with CDN links gets its requests blocked and listed."""
    page_path = tmp_path / "cdn.html"
    page_path.write_text(
        '<!DOCTYPE html><html><head><script src="https://cdn.example.org/vis.js"></script></head>'
        '<body><img src="http://example.org/a.png"><script>alert("hi")</script></body></html>',
        encoding="utf-8",
    )
    with offline_page() as (page, report):
        page.goto(page_path.resolve().as_uri())
        page.wait_for_timeout(300)
    assert "https://cdn.example.org/vis.js" in report.blocked
    assert "http://example.org/a.png" in report.blocked
    assert report.dialogs == ["alert: hi"]


def test_page_draws_offline_without_errors_and_stops_physics(hostile_html):
    with offline_page() as (page, report):
        open_view(page, report, hostile_html)
        assert page.evaluate(CANVAS_INK) > 2000, "the canvas is blank"
        assert page.evaluate("() => window.graphkit.network.physics.options.enabled") is False
        assert (
            page.evaluate("() => window.graphkit.network.body.data.nodes.length") == 7
        )  # not MSF: it only makes a claim
        assert page.locator("#gk-left-out").is_hidden()
        page.wait_for_timeout(300)  # anything deferred (timers, lazy loads) would show up now
    assert_clean(report)


def test_hostile_article_text_stays_inert_text(hostile_html):
    with offline_page() as (page, report):
        open_view(page, report, hostile_html)
        injected = page.evaluate(
            "() => ({imgs: document.querySelectorAll('img').length, scripts: document.scripts.length,"
            " title: document.title})"
        )
        assert injected == {"imgs": 0, "scripts": 3, "title": f"War {SCRIPT_ATTACK}"}
        # the edge tooltip (a DOM element given to vis-network) shows the sentence literally
        geometry = page.evaluate(GEOMETRY)
        edge_ids = page.evaluate("() => window.graphkit.network.body.data.edges.get().map(e => e.id)")
        tooltip = page.locator("div.vis-tooltip")
        strike = None
        for edge in geometry["edges"]:
            page.mouse.move(edge["at"]["x"], edge["at"]["y"])
            page.wait_for_timeout(450)
            if tooltip.is_visible() and "Jets struck" in (tooltip.text_content() or ""):
                strike = edge
                break
        assert strike is not None, f"no tooltip with the evidence over edges {edge_ids}"
        assert EVIDENCE in tooltip.text_content()
        assert tooltip.locator("img, script").count() == 0
        # the details panel too, with the document's hostile title and source as text
        page.mouse.click(strike["at"]["x"], strike["at"]["y"])
        details = page.locator("#gk-details-body")
        details.locator("q").first.wait_for()
        assert details.locator("q").first.text_content() == EVIDENCE
        assert TITLE_ATTACK in details.text_content()
        assert details.locator("img, script, a").count() == 0  # a javascript: URL is not made a link
        page.wait_for_timeout(300)
    assert_clean(report)


def test_search_highlight_and_filters(hostile_html):
    with offline_page() as (page, report):
        open_view(page, report, hostile_html)
        count = NODES_AND_EDGES
        assert page.evaluate(count) == [7, 5]
        # search: substring of an alias, any case
        page.fill("#gk-search", "dAES")
        page.locator("#gk-search-results li").first.wait_for()
        assert page.locator("#gk-search-status").text_content() == "1 actor found"
        page.locator("#gk-search-results button").first.click()
        assert page.locator("#gk-details-body h3").text_content() == "Islamic State"
        assert page.evaluate("() => window.graphkit.network.getSelectedNodes().length") == 1
        # clicking a node highlights its neighbourhood: the others are dimmed (the search zoomed in on
        # Islamic State: fit the whole graph again first)
        page.click("#gk-fit")
        page.wait_for_timeout(500)
        geometry = page.evaluate(GEOMETRY)
        hez = page.evaluate(
            "() => window.graphkit.network.body.data.nodes.get().find(n => n.label === 'Hezbollah').id"
        )
        page.mouse.click(geometry["nodes"][str(hez)]["x"], geometry["nodes"][str(hez)]["y"])
        dimmed = page.evaluate(
            "() => window.graphkit.network.body.data.nodes.get()"
            ".filter(n => n.color && String(n.color.background).startsWith('rgba(210'))"
            ".map(n => n.label).sort()"
        )
        assert dimmed == sorted(["United States", "Islamic State", "Syria", "United Nations"])
        # family filter: material conflict off hides the strike (and the denied ISIS attack)
        page.get_by_label("Material conflict").uncheck()
        assert page.evaluate(count) == [5, 3]
        page.get_by_label("Material conflict").check()
        # negated statements off
        page.get_by_label("Negated: did not happen (purple, dashed)").uncheck()
        assert page.evaluate(count) == [5, 4]
        page.get_by_label("Negated: did not happen (purple, dashed)").check()
        # actor type filter: armed groups off removes Hezbollah and ISIS with their ties
        page.get_by_label("Armed group").uncheck()
        assert page.evaluate(count) == [3, 2]
        page.get_by_label("Armed group").check()
        # date range: March to May keeps the strike, the arms and the denied attack
        page.fill("#gk-date-from", "2024-03-01")
        page.fill("#gk-date-to", "2024-05-01")
        page.locator("#gk-date-to").dispatch_event("change")
        assert page.evaluate(count) == [5, 3]
        page.wait_for_timeout(200)
    assert_clean(report)


def test_large_graph_is_capped_and_settles(tmp_path):
    kg = random_kg(700, 2000, seed=2)
    path = write_html(kg, tmp_path / "large.html", max_actors=300)
    with offline_page() as (page, report):
        open_view(page, report, path, timeout=120)
        # 300 actors: the 25 most prominent on their own, the others in their clusters' discs
        alone, in_clusters = page.evaluate(
            "() => { const items = window.graphkit.network.body.data.nodes.get();"
            " return [items.filter(n => typeof n.id === 'number').length,"
            " items.filter(n => typeof n.id === 'string').reduce((s, n) => s + n.shown, 0)]; }"
        )
        assert (alone, alone + in_clusters) == (TOP_ACTORS, 300)
        left_out = page.locator("#gk-left-out")
        assert left_out.is_visible()
        assert "400 of 700 actors left out" in left_out.text_content()
        assert "--max-actors" in left_out.text_content()
        assert page.evaluate(CANVAS_INK) > 2000
        assert page.evaluate("() => window.graphkit.network.physics.options.enabled") is False
    assert_clean(report)


# -- issue 14: negated and reported ties at any zoom, labels, the details panel ------------------------
def _near(colour: tuple[int, int, int], target: str, tolerance: int = 60) -> bool:
    rgb = tuple(int(target[i : i + 2], 16) for i in (1, 3, 5))
    return sum(abs(a - b) for a, b in zip(colour, rgb, strict=True)) <= tolerance


def _ink_around(rows, x: float, y: float, radius: int = 5) -> list[tuple[int, int, int]]:
    """The pixels around (x, y) that are not the white background."""
    found = []
    for yy in range(int(y) - radius, int(y) + radius + 1):
        for xx in range(int(x) - radius, int(x) + radius + 1):
            if 0 <= yy < len(rows) and 0 <= xx < len(rows[0]):
                pixel = rows[yy][xx]
                if sum(pixel) < 3 * 235:
                    found.append(pixel)
    return found


def test_a_negated_tie_reads_apart_from_a_positive_one_at_the_initial_zoom(tmp_path):
    # the same relation both ways round: only polarity tells them apart; many other actors make
    # the initial zoom small, where a dash pattern no longer shows
    triples = [("rus", "arms", "syr"), ("rus", "arms", "hez", {"polarity": "negative"})]
    triples += [(f"a{i}", "meets", f"a{i + 1}") for i in range(40)]
    kg = build_kg(triples)
    path = write_html(kg, tmp_path / "negated.html")
    with offline_page(width=900, height=640) as (page, report):
        open_view(page, report, path)
        ids = page.evaluate(
            "() => window.graphkit.network.body.data.edges.get().map(e => [e.id, e.from, e.to])"
        )
        labels = page.evaluate(
            "() => Object.fromEntries("
            "window.graphkit.network.body.data.nodes.get().map(n => [n.id, n.label]))"
        )
        by_pair = {(labels[str(f)], labels[str(t)]): i for i, f, t in ids}
        # three points along each of the two ties (a label may lie over one of them)
        points = page.evaluate(EDGE_POINTS, [by_pair[("Russia", "Hezbollah")], by_pair[("Russia", "Syria")]])
        scale = page.evaluate("() => window.graphkit.network.getScale()")
        _, _, rows = png_pixels(page.screenshot())
    assert scale < 1.0  # zoomed out
    palette = view_palette()
    negated = [p for at in points[0] for p in _ink_around(rows, **at)]
    positive = [p for at in points[1] for p in _ink_around(rows, **at)]
    purple = palette["line_styles"]["negated"]["colour"]
    green = palette["families"]["material-cooperation"]["colour"]
    assert any(_near(p, purple) for p in negated), negated
    assert not any(_near(p, green) for p in negated)
    assert any(_near(p, green, 120) for p in positive), positive
    assert not any(_near(p, purple) for p in positive)
    assert_clean(report)


# page coordinates of the points at 35%, 50% and 65% along each of the given edges
EDGE_POINTS = """(ids) => {
  const network = window.graphkit.network;
  const box = document.getElementById('gk-network').getBoundingClientRect();
  return ids.map((id) => [0.35, 0.5, 0.65].map((t) => {
    const d = network.canvasToDOM(network.body.edges[id].edgeType.getPoint(t));
    return {x: d.x + box.left, y: d.y + box.top};
  }));
}"""


def view_palette():
    import json

    from graphkit.resources import data_path

    return json.loads((data_path("view") / "palette.json").read_text(encoding="utf-8"))


# every drawn label's box, as vis-network measured it when drawing (canvas units), moved by its
# vertical adjustment (which vis-network applies when it writes the text)
LABEL_BOXES = """() => {
  const network = window.graphkit.network;
  return network.body.data.nodes.get().map((n) => {
    const label = network.body.nodes[n.id].labelModule;
    const size = label.size;
    const drawn = typeof label.visible !== 'function' || label.visible();
    const vadjust = (label.fontOptions && label.fontOptions.vadjust) || 0;
    return {id: n.id, label: n.label, rank: window.graphkit.rankOf(n.id), drawn: drawn,
            left: size.left, top: size.top + vadjust, width: size.width, height: size.height};
  });
}"""


def test_top_actor_labels_never_overlap_at_the_initial_zoom(examples_html):
    with offline_page() as (page, report):
        open_view(page, report, examples_html)
        boxes = page.evaluate(LABEL_BOXES)
        hidden = page.evaluate("() => window.graphkit.hiddenLabels")
    top = sorted(boxes, key=lambda b: b["rank"])[:10]
    assert not {b["id"] for b in top} & set(hidden)  # the top ten keep their labels
    shown = [b for b in boxes if b["drawn"] and b["label"].strip() and b["width"] > 0]
    assert len(shown) >= 10
    assert_apart(shown)
    assert_clean(report)


def test_statement_toggles_and_the_details_panel_in_view(examples_html):
    with offline_page(width=1280, height=720) as (page, report):
        open_view(page, report, examples_html)
        total = page.evaluate(NODES_AND_EDGES)[1]
        for label in (
            "Asserted by the text",
            "Reported claim (dotted, paler)",
            "Negated: did not happen (purple, dashed)",
        ):
            page.get_by_label(label).uncheck()
            fewer = page.evaluate(NODES_AND_EDGES)[1]
            assert fewer < total, label
            page.get_by_label(label).check()
            assert page.evaluate(NODES_AND_EDGES)[1] == total
        page.fill("#gk-search", "Hezbollah")
        page.press("#gk-search", "Enter")
        page.locator("#gk-details-body h3").wait_for()
        box = page.locator("#gk-details-body h3").bounding_box()
        # in the viewport as it is: nothing had to be scrolled to read it
        assert box["y"] >= 0 and box["y"] + box["height"] <= 720
        assert page.evaluate("() => [window.scrollY, document.getElementById('gk-side').scrollTop]") == [0, 0]
    assert_clean(report)


@pytest.fixture(scope="module")
def examples_html(tmp_path_factory, examples_dir) -> Path:
    import graphkit

    kg = graphkit.build([examples_dir], workers=1)
    return write_html(kg, tmp_path_factory.mktemp("examples") / "graph.html")
