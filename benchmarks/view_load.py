"""How long the HTML view takes to write and to load in headless Chromium, offline: 2,000 and 20,000 actors.

Pages measured in the same run:

* the baseline: the view as it was before issue 16 (read from git at ``--baseline``: pyvis data,
  physics in the browser), uncapped, on a synthetic graph of 2,000 actors and 6,000 ties;
* the view now, on the same graph;
* the view now on a synthetic network of 20,000 actors and 100,000 ties (the baseline is not run
  there: its physics alone would take minutes).

Each page is opened ``--repeat`` times in a fresh offline Chromium; the load is the page's own
``performance.now()`` when it has settled (first frame drawn, labels placed; for the baseline,
physics stopped), i.e. milliseconds since navigation started. Writing is CPU time in Python
(ranking, communities, the layout, JSON). Ratios are against the baseline at 2,000 actors.

    .venv/bin/python benchmarks/view_load.py [--repeat 3] [--baseline 243bc1a] [--keep DIR]

Targets (issue 16): the 20,000-actor page loads in under 3 s; 2,000 actors no slower than before.
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import subprocess
import sys
import tempfile
import time
import types
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))  # the synthetic graph generators live with the test fixtures

from browser import offline_page, open_view  # noqa: E402
from network_fixtures import random_kg  # noqa: E402
from view_fixtures import synthetic_network  # noqa: E402

from graphkit.view import write_html  # noqa: E402

#: The last commit before the view at scale (issue 16): its view.py and page template.
BASELINE = "243bc1a"
TEMPLATE_FILES = ("page.html", "view.js", "view.css", "palette.json")


def baseline_view(ref: str) -> types.ModuleType:
    """Load graphkit/view.py and its page template as they were at ``ref``, as a module of their own."""

    def show(path: str) -> str:
        return subprocess.run(
            ["git", "-C", str(ROOT), "show", f"{ref}:{path}"], check=True, capture_output=True, text=True
        ).stdout

    spec = importlib.util.spec_from_loader("graphkit_view_baseline", loader=None)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    exec(compile(show("graphkit/view.py"), f"{ref}:graphkit/view.py", "exec"), module.__dict__)  # noqa: S102
    import json

    files = {name: show(f"graphkit/data/view/{name}") for name in TEMPLATE_FILES}
    palette = json.loads(files["palette.json"])
    palette.pop("_comment", None)
    template = (files["page.html"], files["view.js"], files["view.css"], palette)
    module._template = lambda: template  # the old page, not today's template files
    return module


def measure(path: Path, repeat: int) -> dict[str, float]:
    """Open the page ``repeat`` times in a fresh offline browser; return median timings (ms)."""
    settled, walls = [], []
    for _ in range(repeat):
        with offline_page() as (page, report):
            open_view(page, report, path, timeout=600)
            problems = report.blocked + report.console_errors + report.page_errors + report.dialogs
            if problems:
                raise RuntimeError(f"{path.name}: {problems}")
        settled.append(report.settle_ms)
        walls.append(report.load_seconds * 1000)
    return {"settled": statistics.median(settled), "wall": statistics.median(walls)}


def write(render: Any, graph: Any, path: Path, **options: Any) -> tuple[Path, float]:
    start = time.process_time()
    render(graph, path, **options)
    return path, time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--baseline", default=BASELINE, help="git commit of the view to compare against")
    parser.add_argument("--keep", type=Path, help="write the pages here instead of a temporary folder")
    args = parser.parse_args()

    folder = args.keep or Path(tempfile.mkdtemp(prefix="graphkit-view-"))
    folder.mkdir(parents=True, exist_ok=True)
    old = baseline_view(args.baseline)
    small = random_kg(2000, 6000, seed=0)
    big = synthetic_network(20_000, 100_000, seed=0)
    runs = [
        (
            f"before (git {args.baseline}), 2,000 actors",
            old.write_html,
            small,
            "old-2k.html",
            {"max_actors": None},
        ),
        ("now, 2,000 actors", write_html, small, "new-2k.html", {}),
        ("now, 20,000 actors, 100,000 ties", write_html, big, "new-20k.html", {}),
    ]
    rows = []
    for name, render, graph, file, options in runs:
        path, cpu = write(render, graph, folder / file, **options)
        rows.append((name, cpu, path.stat().st_size / 1e6, measure(path, args.repeat)))

    print(f"median of {args.repeat} loads in headless Chromium, offline; pages in {folder}")
    header = f"{'page':<36} {'write s':>8} {'size MB':>8} {'load ms':>8} {'wall ms':>8} {'ratio':>6}"
    print(header)
    print("-" * len(header))
    base = rows[0][3]["settled"]
    for name, cpu, size, t in rows:
        print(
            f"{name:<36} {cpu:>8.2f} {size:>8.1f} {t['settled']:>8.0f} {t['wall']:>8.0f} "
            f"{t['settled'] / base:>6.2f}"
        )
    print(
        "write: CPU seconds in Python to write the page (ranking, communities, layout, JSON);\n"
        "load: the page's performance.now() when settled (from navigation start); wall: the same "
        "seen from Python;\nratio: load vs the baseline page at 2,000 actors."
    )
    worst = rows[-1][3]["settled"]
    print(f"target < 3,000 ms for 20,000 actors: {'met' if worst < 3000 else 'NOT met'} ({worst:.0f} ms)")


if __name__ == "__main__":
    main()
