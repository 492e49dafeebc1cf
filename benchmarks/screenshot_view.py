"""Save a PNG of a graphkit HTML view (for the README), in headless Chromium with no network.

    graphkit build examples/ -o out/
    .venv/bin/python benchmarks/screenshot_view.py out/graph.html docs/view.png [--search Hezbollah]

``--search`` types a name into the search box and opens the first match, so the picture shows the
neighbourhood highlight and the evidence panel. The same is available from Python as
``screenshot(html, png, search=...)`` of ``tests/browser.py``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))  # the headless-browser tooling lives with the tests

from browser import screenshot  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("html", type=Path, help="a page written by graphkit build / graphkit view")
    parser.add_argument("png", type=Path, help="where to save the picture")
    parser.add_argument("--width", type=int, default=1400)
    parser.add_argument("--height", type=int, default=860)
    parser.add_argument("--search", help="open this actor (label or alias) before taking the picture")
    args = parser.parse_args()
    path = screenshot(args.html, args.png, width=args.width, height=args.height, search=args.search)
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
