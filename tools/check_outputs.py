"""Check that a refactoring left graphkit's outputs byte-identical.

Builds ``examples/`` and the three dev sets (``../shared/eval/dev``) with ``graphkit build`` and either
records the outputs (``--record DIR``) or compares them with a recorded run (``--compare DIR``),
file by file: ``graph.ttl``, ``statements.jsonl``, ``graph.html`` and the
statement and mention lines of ``graphkit extract``. It also scores the dev sets
with ``../shared/eval/score.py`` so a change of score shows even where the bytes differ.

    python tools/check_outputs.py --record /tmp/gk-before     # on the old code
    python tools/check_outputs.py --compare /tmp/gk-before    # on the new code; exit 1 on a difference
"""

from __future__ import annotations

import argparse
import filecmp
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "eval"
FILES = ("graph.ttl", "statements.jsonl", "graph.html", "extract.jsonl")


def corpora() -> dict[str, Path]:
    """The inputs checked: the example articles and every dev set that is present."""
    sets = {"examples": ROOT / "examples"}
    for name in ("plover_dev", "re3d_dev", "seed_gold"):
        path = SHARED / "dev" / f"{name}.jsonl"
        if path.exists():
            sets[name] = path
    return sets


def build(corpus: Path, out: Path) -> None:
    """Run ``graphkit build`` with one worker, so the run is deterministic and comparable."""
    cmd = [sys.executable, "-m", "graphkit.cli", "build", str(corpus), "-o", str(out), "-w", "1"]
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode not in (0, 3):
        raise SystemExit(f"build of {corpus} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    # extract prints mention lines too, which the scorer's mention level reads
    cmd = [sys.executable, "-m", "graphkit.cli", "extract", str(corpus), "--format", "jsonl", "-w", "1"]
    with (out / "extract.jsonl").open("w", encoding="utf-8") as sink:
        done = subprocess.run(cmd, stdout=sink, stderr=subprocess.PIPE, text=True)
    if done.returncode not in (0, 3):
        raise SystemExit(f"extract of {corpus} failed ({done.returncode}):\n{done.stderr[-2000:]}")


def score(gold: Path, statements: Path) -> str:
    """The scorer's summary lines for one dev set."""
    done = subprocess.run(
        [sys.executable, str(SHARED / "score.py"), str(gold), str(statements)], capture_output=True, text=True
    )
    return done.stdout.strip()


def run(target: Path) -> None:
    for name, corpus in corpora().items():
        out = target / name
        build(corpus, out)
        if name != "examples":
            (out / "score.txt").write_text(score(corpus, out / "extract.jsonl") + "\n", encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--record", type=Path, help="write the outputs of this code to DIR")
    group.add_argument("--compare", type=Path, help="compare the outputs of this code with DIR")
    args = parser.parse_args()
    if args.record:
        run(args.record)
        print(f"recorded in {args.record}")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        now = Path(tmp)
        run(now)
        differ = 0
        for name in corpora():
            for file in (*FILES, "score.txt"):
                before, after = args.compare / name / file, now / name / file
                if not before.exists() and not after.exists():
                    continue
                same = before.exists() and after.exists() and filecmp.cmp(before, after, shallow=False)
                differ += not same
                print(f"{'same  ' if same else 'DIFFER'} {name}/{file}")
        print("byte-identical" if not differ else f"{differ} file(s) differ")
        return 1 if differ else 0


if __name__ == "__main__":
    raise SystemExit(main())
