"""Save a PNG of a graphkit HTML view (for the README), in headless Chromium with no network.

    graphkit build examples/ -o out/
    .venv/bin/python benchmarks/screenshot_view.py out/graph.html docs/view.png [--search Hezbollah]
    .venv/bin/python benchmarks/screenshot_view.py big.html big.png --synthetic 20000 --expand

``--search`` types a name into the search box and opens the first match, so the picture shows the
neighbourhood highlight and the evidence panel. ``--synthetic N`` first writes the page of a
synthetic network of N actors and 5 N ties (tests/view_fixtures.py) to the HTML path;
``--expand`` clicks the largest cluster of the overview before the picture. The same is available
from Python as ``screenshot(html, png, search=...)`` of ``tests/browser.py``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))  # the headless-browser tooling lives with the tests

from browser import offline_page, open_view, screenshot  # noqa: E402

# the page position of the middle of the largest cluster drawn
LARGEST_CLUSTER = """() => {
  const network = window.graphkit.network;
  const box = document.getElementById('gk-network').getBoundingClientRect();
  const clusters = network.body.data.nodes.get().filter((n) => typeof n.id === 'string');
  if (!clusters.length) return null;
  const c = clusters.sort((a, b) => b.size - a.size)[0];
  const d = network.canvasToDOM({x: c.x, y: c.y});
  return {x: d.x + box.left, y: d.y + box.top};
}"""


def expanded_screenshot(html: Path, png: Path, width: int, height: int) -> Path:
    """A PNG of the view after a click on its largest cluster."""
    png.parent.mkdir(parents=True, exist_ok=True)
    with offline_page(width, height) as (page, report):
        open_view(page, report, html, timeout=120)
        at = page.evaluate(LARGEST_CLUSTER)
        if at is None:
            raise SystemExit(f"{html} opens on no clusters (too few actors): nothing to expand")
        page.mouse.click(at["x"], at["y"])
        page.wait_for_timeout(1200)  # the new members drawn, their labels placed
        page.screenshot(path=str(png))
    problems = report.blocked + report.console_errors + report.page_errors
    if problems:
        raise RuntimeError(f"the page misbehaved while being captured: {problems}")
    return png


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("html", type=Path, help="a page written by graphkit build / graphkit view")
    parser.add_argument("png", type=Path, help="where to save the picture")
    parser.add_argument("--width", type=int, default=1400)
    parser.add_argument("--height", type=int, default=860)
    parser.add_argument("--search", help="open this actor (label or alias) before taking the picture")
    parser.add_argument("--synthetic", type=int, metavar="N", help="first write a synthetic page of N actors")
    parser.add_argument("--expand", action="store_true", help="click the largest cluster first")
    args = parser.parse_args()
    if args.synthetic:
        from view_fixtures import synthetic_network

        from graphkit.view import write_html

        write_html(synthetic_network(args.synthetic, 5 * args.synthetic), args.html)
    if args.expand:
        path = expanded_screenshot(args.html, args.png, args.width, args.height)
    else:
        path = screenshot(args.html, args.png, width=args.width, height=args.height, search=args.search)
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
