#!/usr/bin/env python3
"""Calibrate statement confidence: how often each extraction pattern proves right on the dev sets.

Runs the extractor over the evaluation dev sets (``../shared/eval/dev`` beside the repository),
scores every statement with the project's scorer (``../shared/eval/score.py``: family level, the
same match as the quality test) and writes, per pattern, its smoothed precision to
``graphkit/data/confidence.yaml``. A pattern key is what :func:`graphkit.extraction.confidence_of`
looks up, most specific first::

    <pattern>:<relation>:<via>    e.g.  verb+comp:threatens:direct
    <pattern>:<via>               e.g.  verb+comp:direct
    <pattern>                     e.g.  verb+comp

``via`` is ``coref`` when an argument was resolved by coreference, else ``direct``. Each level is
a Beta-smoothed precision shrunk toward the level above it (the pattern toward the overall
precision), so a rule seen on two sentences does not get a confidence of 0 or 1.

    python tools/calibrate_confidence.py            # write graphkit/data/confidence.yaml
    python tools/calibrate_confidence.py --report   # also print the per-pattern table

Statements of the sentence-level sets that are structural, and those of unscored documents, are
not counted (the sets do not annotate them), as in the scorer.
"""

from __future__ import annotations

import argparse
import collections
import datetime
import importlib.util
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DEV = ROOT.parent / "shared" / "eval" / "dev"
DEFAULT_OUT = ROOT / "graphkit" / "data" / "confidence.yaml"
DEV_FILES = ("plover_dev.jsonl", "re3d_dev.jsonl", "seed_gold.jsonl")
SENTENCE_CORPORA = {"plover-gsr", "petr2-gsr"}
#: prior strength (pseudo-statements) with which a level is shrunk toward its parent
PRIOR_WEIGHT = 4.0


def load_scorer(dev: Path):
    """Import ``score.py`` from the evaluation folder (standard library only)."""
    path = dev.parent / "score.py"
    spec = importlib.util.spec_from_file_location("graphkit_eval_score", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load the scorer at {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _fold(name: str, row: dict) -> str:
    """The cross-validation fold of a dev document (as tools/generalisation.py splits them)."""
    if name.startswith("re3d"):
        return f"re3d:{row.get('source')}"
    if name.startswith("plover"):
        sys.path.insert(0, str(ROOT / "tools"))
        from generalisation import PLOVER_ORDER, plover_type

        rank = {t: i for i, t in enumerate(PLOVER_ORDER)}
        return "plover:" + "AB"[rank.get(plover_type(row) or "", 0) % 2]
    return name.split("_")[0]


def judged_statements(dev: Path, files: tuple[str, ...] = DEV_FILES):
    """Yield one record per scored statement the extractor makes on the dev sets, once its actors are
    resolved: ``key`` (pattern, relation, via), ``kinds`` (of its subject and object: known,
    coref, place, office, provisional), ``correct`` and ``fold``."""
    from graphkit.documents import Document
    from graphkit.extraction import Extractor, doc_to_result, document_info
    from graphkit.extraction.confidence import actor_kind
    from graphkit.pipeline import RunOptions, make_resolver

    scorer = load_scorer(dev)
    extractor = Extractor()
    resolver = make_resolver(RunOptions())
    resolver.certainty = {}  # the raw pattern confidence: the factors are what is calibrated here
    for name in files:
        rows = [
            json.loads(line) for line in (dev / name).read_text(encoding="utf-8").splitlines() if line.strip()
        ]
        documents = [
            Document(str(r["id"]), r["text"], r.get("title"), r.get("date"), r.get("url"), r.get("source"))
            for r in rows
        ]
        docs = extractor.nlp.pipe((d.text for d in documents), batch_size=16)
        for row, document, doc in zip(rows, documents, docs, strict=True):
            gold = row.get("gold") or {}
            if not gold.get("scored", True):
                continue
            result = doc_to_result(doc, document_info(document), extractor.vocabulary)
            found_by = {
                _span_key(statement): found
                for found, statement in zip(doc._.relations or [], result.statements, strict=True)
            }
            resolved = resolver.resolve_result(result, document.text)
            for statement in resolved.statements:
                found = found_by.get(_span_key(statement))
                if found is None:
                    continue
                line = statement.to_json(resolved.actors)
                if gold.get("corpus") in SENTENCE_CORPORA and line["quad"] == "structural":
                    continue
                correct = any(scorer.rel_match(line, g, False) for g in gold.get("relations", []))
                via = "coref" if "coref" in (found.subject.via, found.object.via) else "direct"
                kinds = tuple(
                    actor_kind(resolved.actors[iri].provisional if iri in resolved.actors else True, m.via)
                    for iri, m in (
                        (statement.subject, statement.subject_mention),
                        (statement.object, statement.object_mention),
                    )
                )
                yield {
                    "key": (found.pattern, found.relation, via),
                    "kinds": kinds,
                    "span": span_class(statement),
                    "correct": correct,
                    "fold": _fold(name, row),
                }


def span_class(statement) -> str:
    """How far apart a statement's two mentions are, in characters, by class."""
    from graphkit.extraction.confidence import span_class as classify

    return classify(abs(statement.subject_mention.start - statement.object_mention.start))


def _span_key(statement) -> tuple:
    """What identifies a statement across resolution: its spans, relation and polarity."""
    return (
        statement.evidence.start,
        statement.subject_mention.start,
        statement.object_mention.start,
        statement.relation.name,
        statement.polarity,
    )


def coarse(key: tuple[str, str, str]) -> tuple[str, str, str]:
    """The key calibrated: the pattern's base and the via, across relations. Per-relation and
    per-tier keys fitted the dev sets but did not carry to held-out folds (``--cv``)."""
    pattern, _relation, via = key
    return pattern.split("+", 1)[0], "*", via


def actor_factors(records, overall: float, prior_weight: float = PRIOR_WEIGHT) -> dict[str, float]:
    """Per actor kind, the smoothed precision of the statements with an argument of that kind,
    relative to the overall precision: the factor a statement's confidence is scaled by."""
    counts: dict[str, list[int]] = collections.defaultdict(lambda: [0, 0])
    for record in records:
        for kind in record["kinds"]:
            counts[kind][0] += int(record["correct"])
            counts[kind][1] += 1
    return {
        kind: round(((good + prior_weight * overall) / (n + prior_weight)) / overall, 3)
        for kind, (good, n) in sorted(counts.items())
    }


def confidence_thirds(records, table: dict[str, float], factors: dict[str, float]) -> list[float]:
    """Precision of the most, middle and least confident third of ``records`` under a calibration."""
    from types import SimpleNamespace

    from graphkit.extraction.confidence import confidence_of, with_certainty

    scored = []
    for record in records:
        pattern, relation, via = record["key"]
        found = SimpleNamespace(
            pattern=pattern,
            relation=relation,
            subject=SimpleNamespace(via="coref" if via == "coref" else "x"),
            object=SimpleNamespace(via="x"),
        )
        confidence = with_certainty(confidence_of(found, table), record["kinds"], factors)
        scored.append((confidence, record["correct"]))
    sys.path.insert(0, str(ROOT / "tools"))
    from generalisation import precision_by_third

    return precision_by_third(scored)


def cross_validate(records) -> dict[str, dict[str, list[float]]]:
    """Calibrate without each fold and score the fold: precision by confidence third, held out."""
    out = {}
    for fold in sorted({r["fold"] for r in records}):
        train = [r for r in records if r["fold"] != fold]
        test = [r for r in records if r["fold"] == fold]
        table, _ = calibrate((r["key"], r["correct"]) for r in train)
        factors = actor_factors(train, table["default"])
        out[fold] = {
            "held out": confidence_thirds(test, table, factors),
            "patterns only": confidence_thirds(test, table, {}),
            "statements": [len(test)],
        }
    return out


def calibrate(
    judged, prior_weight: float = PRIOR_WEIGHT
) -> tuple[dict[str, float], dict[str, tuple[int, int]]]:
    """Return (confidence per key, (correct, total) per key) with hierarchical smoothing."""
    counts: dict[str, list[int]] = collections.defaultdict(lambda: [0, 0])
    parents: dict[str, str] = {}
    total = [0, 0]
    for (pattern, relation, via), correct in judged:
        keys: tuple[str, ...] = (pattern, f"{pattern}:{via}")
        if relation != "*":  # "*": calibrated across relations
            keys += (f"{pattern}:{relation}:{via}",)
            parents[keys[2]] = keys[1]
        parents[keys[1]] = keys[0]
        for key in keys:
            counts[key][0] += int(correct)
            counts[key][1] += 1
        total[0] += int(correct)
        total[1] += 1
    overall = (total[0] + 1) / (total[1] + 2)
    table: dict[str, float] = {"default": round(overall, 3)}

    def smoothed(key: str) -> float:
        if key in table:
            return table[key]
        parent = smoothed(parents[key]) if key in parents else overall
        good, n = counts[key]
        table[key] = round((good + prior_weight * parent) / (n + prior_weight), 3)
        return table[key]

    for key in sorted(counts, key=lambda k: k.count(":")):
        smoothed(key)
    return table, {k: (v[0], v[1]) for k, v in counts.items()}


def write_table(
    table: dict[str, float], counts: dict[str, tuple[int, int]], out: Path, factors: dict[str, float]
) -> None:
    import yaml

    total = sum(n for key, (_, n) in counts.items() if ":" not in key)
    lines = [
        "# Calibrated statement confidence: per extraction pattern, its smoothed precision on the dev sets",
        "# (../shared/eval/dev, family-level match). Written by tools/calibrate_confidence.py; do not edit.",
        f"# Generated {datetime.date.today().isoformat()} from {total} scored statements.",
        "",
    ]
    body = {
        "default": table["default"],
        # how sure each kind of resolved actor is: a statement's confidence is scaled by the factors
        # of its two actors (graphkit.extraction.confidence.with_certainty)
        "actors": factors,
        "patterns": {k: v for k, v in sorted(table.items()) if k != "default"},
        "support": {k: f"{good}/{n}" for k, (good, n) in sorted(counts.items())},
    }
    text = "\n".join(lines) + yaml.safe_dump(body, sort_keys=False, allow_unicode=True)
    out.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dev", type=Path, default=DEFAULT_DEV, help="the evaluation dev folder")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="the confidence table to write")
    ap.add_argument("--report", action="store_true", help="print the per-pattern precision table")
    ap.add_argument("--dry-run", action="store_true", help="do not write the table")
    ap.add_argument(
        "--cv", action="store_true", help="cross-validate by fold: calibrate without a fold, score it"
    )
    args = ap.parse_args(argv)
    if not (args.dev / "score.py").parent.exists():
        print(f"no evaluation sets at {args.dev}", file=sys.stderr)
        return 2
    records = list(judged_statements(args.dev))
    records = [dict(r, key=coarse(r["key"])) for r in records]
    table, counts = calibrate((r["key"], r["correct"]) for r in records)
    factors = actor_factors(records, table["default"])
    if args.cv:
        print(f"{'held-out fold':30} {'n':>4}  precision by confidence third (high, mid, low)")
        for fold, result in cross_validate(records).items():
            print(
                f"{fold:30} {result['statements'][0]:4}  with actors {result['held out']}  "
                f"patterns only {result['patterns only']}"
            )
        print(f"{'in sample (all folds)':30} {len(records):4}  {confidence_thirds(records, table, factors)}")
        print("actor factors:", factors)
    if args.report:
        print(f"{'pattern key':55} {'right':>5} {'of':>4} {'conf':>6}")
        for key in sorted(counts, key=lambda k: (k.split(":")[0], k.count(":"), k)):
            good, n = counts[key]
            print(f"{key:55} {good:5} {n:4} {table[key]:6.3f}")
        print(f"{'default':55} {'':5} {'':4} {table['default']:6.3f}")
    if not args.dry_run:
        write_table(table, counts, args.out, factors)
        print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
