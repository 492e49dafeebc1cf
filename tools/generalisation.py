"""Score the dev sets as the held-out sets will be: whole, and fold by fold across sources.

Rules fitted to the sentences we read do not survive new text, so every change is judged on a fold
it was not tuned on. The folds split ``../shared/eval/dev`` by where the text comes from:

* ``re3d_dev`` by publisher (the ``source`` field: UK Government, US State Department);
* ``plover_dev`` by event type: fold A holds the types of even rank in PLOVER's order
  (AGREE, SUPPORT, COOPERATE, RETREAT...), fold B the odd ones; each type is also scored alone.

Work on one fold, then read the other's figure. The script also measures whether confidence means
something: the precision of the most and the least confident third of the statements.

    python tools/generalisation.py                      # extract once per set, print the table
    python tools/generalisation.py --json               # the same as one JSON object
    python tools/generalisation.py -- --verbs FILE      # extra options for `graphkit extract`
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval"
SETS = ("plover_dev", "re3d_dev", "seed_gold")
# PLOVER's event types in the manual's order: folds alternate along it so both folds hold
# cooperation and conflict, verbal and material types.
PLOVER_ORDER = (
    "AGREE CONSULT SUPPORT CONCEDE COOPERATE AID RETREAT REQUEST ACCUSE REJECT THREATEN "
    "PROTEST SANCTION MOBILIZE COERCE ASSAULT"
).split()


def load_scorer(path: Path = EVAL / "score.py") -> Any:
    """Import the shared scorer as a module (it is a script, not a package)."""
    spec = importlib.util.spec_from_file_location("gk_score", path)
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def extract(gold: Path, extra: list[str]) -> list[dict[str, Any]]:
    """Run ``graphkit extract`` over a gold file (gold files are valid input) and return its lines."""
    with tempfile.NamedTemporaryFile("w+", suffix=".jsonl", encoding="utf-8") as sink:
        cmd = [sys.executable, "-m", "graphkit.cli", "extract", str(gold), "--format", "jsonl", *extra]
        done = subprocess.run(cmd, stdout=sink, stderr=subprocess.PIPE, text=True)
        if done.returncode not in (0, 3):
            raise SystemExit(f"extract failed on {gold} ({done.returncode}):\n{done.stderr[-2000:]}")
        sink.seek(0)
        return [json.loads(line) for line in sink if line.strip()]


def plover_type(row: dict[str, Any]) -> str | None:
    """The event type a PLOVER record illustrates, from its gold or its id (``PLOVER-GSR01-AGREE-...``)."""
    for relation in row["gold"].get("relations", []):
        if relation.get("plover"):
            return relation["plover"]
    parts = str(row["id"]).split("-")
    return parts[2] if len(parts) > 2 and parts[2] in PLOVER_ORDER else None


def folds(name: str, rows: list[dict[str, Any]]) -> dict[str, Callable[[dict[str, Any]], bool]]:
    """The folds of one dev set, each a predicate over its gold rows."""
    if name == "re3d_dev":
        sources = sorted({str(r.get("source")) for r in rows})
        return {f"source={s}": (lambda r, s=s: str(r.get("source")) == s) for s in sources}
    if name == "plover_dev":
        rank = {t: i for i, t in enumerate(PLOVER_ORDER)}
        out: dict[str, Callable[[dict[str, Any]], bool]] = {
            "fold A (even types)": lambda r: rank.get(plover_type(r) or "", -1) % 2 == 0,
            "fold B (odd types)": lambda r: rank.get(plover_type(r) or "", 0) % 2 == 1,
        }
        scored = [r for r in rows if r["gold"].get("scored", True) and r["gold"].get("relations")]
        present = [t for t in PLOVER_ORDER if any(plover_type(r) == t for r in scored)]
        out.update({f"type={t}": (lambda r, t=t: plover_type(r) == t) for t in present})
        return out
    return {}


def confidence_thirds(scorer: Any, rows: list[dict[str, Any]], system: list[dict[str, Any]]) -> list[float]:
    """Precision of the statements by thirds of confidence, most confident first (as the scorer judges)."""
    golds = {str(r["id"]): r["gold"] for r in rows if r["gold"].get("scored", True)}
    judged: list[tuple[float, bool]] = []
    for st in system:
        gold = golds.get(str(st.get("doc")))
        if st.get("kind", "statement") != "statement" or gold is None:
            continue
        corpus = gold.get("corpus")
        if (corpus in scorer.SENTENCE_LEVEL or gold.get("sentence_level")) and st.get("quad") == "structural":
            continue
        if gold.get("only_quads") and st.get("quad") not in gold["only_quads"]:
            continue
        right = any(scorer.rel_match(st, g, False) for g in gold.get("relations", []))
        judged.append((float(st.get("confidence") or 0.0), right))
    return precision_by_third(judged)


def precision_by_third(judged: list[tuple[float, bool]]) -> list[float]:
    """Precision of the most, middle and least confident third of (confidence, right) pairs."""
    judged = sorted(judged, key=lambda x: -x[0])
    n = len(judged)
    if n < 3:
        return []
    cuts = [0, n // 3, 2 * n // 3, n]
    return [round(sum(r for _, r in judged[a:b]) / (b - a), 3) for a, b in zip(cuts, cuts[1:], strict=False)]


def evaluate(extra: list[str], sets: Iterable[str] = SETS) -> dict[str, Any]:
    """Score every dev set whole, per fold and by confidence third."""
    scorer = load_scorer()
    report: dict[str, Any] = {}
    for name in sets:
        gold_path = EVAL / "dev" / f"{name}.jsonl"
        if not gold_path.exists():
            continue
        rows = read_jsonl(gold_path)
        system = extract(gold_path, extra)
        whole, _ = scorer.score(rows, system)
        entry: dict[str, Any] = {"all": next(iter(whole.values()), {})}
        for fold, keep in folds(name, rows).items():
            part = [r for r in rows if keep(r)]
            ids = {str(r["id"]) for r in part}
            scored, _ = scorer.score(part, [s for s in system if str(s.get("doc")) in ids])
            entry[fold] = next(iter(scored.values()), {})
        entry["confidence_thirds"] = confidence_thirds(scorer, rows, system)
        report[name] = entry
    return report


def _cell(result: dict[str, Any], level: str) -> str:
    r = result.get(level)
    if not r:
        return "-"
    return f"{r['f1']:.3f} ({r['precision']:.2f}/{r['recall']:.2f}, gold {r['gold']})"


def print_table(report: dict[str, Any]) -> None:
    print(f"{'set / fold':40} {'family F1 (P/R)':28} {'type F1 (P/R)':28} mention F1 (P/R)")
    for name, entry in report.items():
        for fold, result in entry.items():
            if fold == "confidence_thirds":
                continue
            label = name if fold == "all" else f"  {fold}"
            extras = "".join(f"  {k} {result[k]}" for k in ("required", "forbidden_hits") if k in result)
            print(
                f"{label:40} {_cell(result, 'family'):28} {_cell(result, 'type'):28} "
                f"{_cell(result, 'mention')}{extras}"
            )
        thirds = entry.get("confidence_thirds")
        if thirds:
            high, mid, low = thirds
            print(f"  {'precision by confidence third':38} high {high}  mid {mid}  low {low}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--sets", default=",".join(SETS), help="dev sets to score, comma-separated")
    parser.add_argument("extra", nargs="*", help="options passed to `graphkit extract` (after --)")
    args = parser.parse_args()
    report = evaluate(args.extra, [s for s in args.sets.split(",") if s])
    if args.json:
        print(json.dumps(report, indent=1))
    else:
        print_table(report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
