"""Turtle speed: rdflib against pyoxigraph on the same synthetic graph, and graphkit's own write/load.

    .venv/bin/python benchmarks/rdf_speed.py              # 1,000,000 triples
    .venv/bin/python benchmarks/rdf_speed.py --triples 200000

The graph is a synthetic knowledge graph in graphkit's model (actors, documents, mentions,
statements with evidence sentences full of quotes and backslashes). Times are wall-clock seconds,
best of ``--repeat`` runs; the ratio is rdflib's time over pyoxigraph's (or graphkit's) in this run.
"""

from __future__ import annotations

import argparse
import gc
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import rdflib

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from graphkit.model import Actor, DocumentInfo, Evidence, KnowledgeGraph, Mention, Statement, text_hash  # noqa: E402
from graphkit.namespaces import ACTOR  # noqa: E402
from graphkit.quads import rdflib_term  # noqa: E402
from graphkit.rdf import PREFIXES, load, serialize, to_quads  # noqa: E402
from graphkit.vocabulary import default_vocabulary  # noqa: E402

TRIPLES_PER_STATEMENT = 30  # statement node, plain triple, two mentions, a share of the documents


def synthetic_kg(triples: int, seed: int = 7) -> KnowledgeGraph:
    """Return a knowledge graph of about ``triples`` triples."""
    rng = random.Random(seed)
    relations = list(default_vocabulary().values())
    types = ["State", "ArmedGroup", "Government", "Military", "IGO", "Person"]
    actors = [
        Actor(str(ACTOR[f"bench-{i}"]), f"Actor {i}", rng.choice(types), "XXA", (f"A{i}", f'Alias "{i}"'))
        for i in range(500)
    ]
    kg = KnowledgeGraph(actors={a.id: a for a in actors})
    n_statements = max(1, triples // TRIPLES_PER_STATEMENT)
    for i in range(n_statements):
        doc = f"doc-{i // 20}"
        if doc not in kg.documents:
            kg.documents[doc] = DocumentInfo(
                doc, f"Title {doc}", "2024-03-01", source="Wire", text_hash=text_hash(doc), length=5000
            )
        a, b = rng.sample(actors, 2)
        start = (i % 20) * 200
        sentence = f'{a.label} said "{b.label}" was \\ attacked at {i}.\nMore text.'
        ma = Mention(doc, a.label, start, start + 7, a.id)
        mb = Mention(doc, b.label, start + 20, start + 27, b.id)
        kg.mentions += [ma, mb]
        kg.statements.append(
            Statement(
                doc,
                rng.choice(relations),
                a.id,
                b.id,
                ma,
                mb,
                Evidence(sentence, start, start + 60),
                polarity=rng.choice(["positive", "positive", "negative"]),
                confidence=rng.random(),
                trigger="attacked",
            )
        )
    return kg


def best(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        gc.collect()
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()

    kg = synthetic_kg(args.triples)
    triples = to_quads(kg, flat=True)
    graph = rdflib.Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    for t in triples:
        graph.add((rdflib_term(t.subject), rdflib_term(t.predicate), rdflib_term(t.object)))
    print(f"{len(triples):,} triples ({len(kg.statements):,} statements, {len(kg.documents):,} documents)\n")

    with tempfile.TemporaryDirectory() as tmp:
        ttl = Path(tmp) / "graph.ttl"
        trig = Path(tmp) / "graph.trig"
        ttl.write_bytes(ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES))
        trig.write_bytes(serialize(kg, "trig"))

        rows = [
            (
                "serialize Turtle",
                best(lambda: graph.serialize(format="turtle"), args.repeat),
                best(
                    lambda: ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES), args.repeat
                ),
            ),
            (
                "parse Turtle",
                best(lambda: rdflib.Graph().parse(ttl, format="turtle"), args.repeat),
                best(lambda: list(ox.parse(path=str(ttl), format=ox.RdfFormat.TURTLE)), args.repeat),
            ),
        ]
        graphkit_rows = [
            ("graphkit: model -> sorted Turtle", best(lambda: serialize(kg, "turtle"), args.repeat)),
            ("graphkit: model -> sorted TriG", best(lambda: serialize(kg, "trig"), args.repeat)),
            ("graphkit: TriG -> model (load)", best(lambda: load(trig), args.repeat)),
        ]

    print(f"{'operation':<34}{'rdflib s':>10}{'pyoxigraph s':>14}{'ratio':>9}")
    for name, slow, fast in rows:
        print(f"{name:<34}{slow:>10.2f}{fast:>14.3f}{slow / fast:>8.0f}x")
    print()
    rdflib_serialize = rows[0][1]
    print(f"{'operation':<34}{'seconds':>10}{'vs rdflib Turtle serialize':>28}")
    for name, seconds in graphkit_rows:
        print(f"{name:<34}{seconds:>10.2f}{rdflib_serialize / seconds:>27.1f}x")


if __name__ == "__main__":
    main()
