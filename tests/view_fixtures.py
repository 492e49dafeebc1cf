"""A synthetic actor network at scale (tens of thousands of actors) for the view's tests and benchmark.

``network_fixtures.random_kg`` builds a KnowledgeGraph statement by statement, which takes minutes
at 100,000 ties; :func:`synthetic_network` builds the aggregated multigraph of
:func:`graphkit.network.to_multidigraph` directly (the same node and edge attributes, evidence
capped as the store-built graph caps it, ``count`` the full number), in a few seconds.
"""

from __future__ import annotations

import bisect
import itertools
import random

import networkx as nx

from graphkit.namespaces import ACTOR
from graphkit.vocabulary import default_vocabulary

TYPES = ("State", "Government", "Military", "ArmedGroup", "IGO", "NGO", "Media", "Person", "Organisation")


def synthetic_network(
    n_actors: int,
    n_ties: int,
    *,
    seed: int = 0,
    n_docs: int = 2000,
    bloc_size: int = 100,
    evidence_cap: int = 3,
    inside: float = 0.85,
) -> nx.MultiDiGraph:
    """Return a multigraph of ``n_actors`` actors and ``n_ties`` ties (edges), in blocs, with hubs.

    Actors fall into blocs of about ``bloc_size``; a share ``inside`` of the ties stays inside a
    bloc; partners are drawn with a preferential bias (a few hubs, many small actors). Every actor
    has a tie. Each tie has 1 to 8 statements over 2023-2024, at most ``evidence_cap`` of them kept
    as evidence. Deterministic for a seed.
    """
    rng = random.Random(seed)
    vocabulary = default_vocabulary()
    relations = [vocabulary[name] for name in sorted(vocabulary)]
    n_blocs = max(1, n_actors // bloc_size)
    ids = [str(ACTOR[f"synthetic/s{i}"]) for i in range(n_actors)]
    G = nx.MultiDiGraph(name="synthetic actor network")
    for i, iri in enumerate(ids):
        G.add_node(iri, label=f"Actor {i}", type=TYPES[i % len(TYPES)], country=None, aliases=[f"S{i}"])
    # bloc b holds actors b, b + n_blocs, ...: the first of each bloc are its hubs
    weights = [1.0 / (1 + i // n_blocs) ** 0.9 for i in range(n_actors)]
    members = [list(range(b, n_actors, n_blocs)) for b in range(n_blocs)]
    cumulative = [list(itertools.accumulate(weights[j] for j in m)) for m in members]
    everyone = list(itertools.accumulate(weights))
    days = [f"{y}-{m:02d}-{d:02d}" for y in (2023, 2024) for m in range(1, 13) for d in range(1, 29)]

    def pick(pool: list[int] | None, cum: list[float]) -> int:
        k = bisect.bisect(cum, rng.random() * cum[-1])
        k = min(k, len(cum) - 1)
        return pool[k] if pool is not None else k

    seen: set[tuple[int, int, str, str]] = set()
    serial = 0
    while len(seen) < n_ties:
        a = len(seen) if len(seen) < n_actors else pick(None, everyone)
        bloc = a % n_blocs
        if rng.random() < inside and len(members[bloc]) > 1:
            b = pick(members[bloc], cumulative[bloc])
        else:
            b = pick(None, everyone)
        if a == b:
            continue
        rel = rng.choice(relations)
        polarity = "negative" if rng.random() < 0.05 else "positive"
        u, v = (min(a, b), max(a, b)) if rel.symmetric else (a, b)
        key = rel.name if polarity == "positive" else f"not {rel.name}"
        if (u, v, key, polarity) in seen:
            continue
        seen.add((u, v, key, polarity))
        count = 1 + int(rng.expovariate(0.6)) % 8
        dates = sorted(rng.choice(days) for _ in range(count))
        evidence = []
        for date in dates[-evidence_cap:]:
            serial += 1
            doc = rng.randrange(n_docs)
            evidence.append(
                {
                    "statement": f"urn:synthetic:statement:{serial}",
                    "doc": f"doc-{doc}",
                    "text": f"Actor {u} and Actor {v}: {rel.label} (#{serial}).",
                    "date": date,
                    "title": f"Report {doc}",
                    "source": "Wire",
                    "url": f"https://example.org/report/{doc}",
                    "modality": "reported" if rng.random() < 0.1 else "asserted",
                    "attributed_to": None,
                    "confidence": round(rng.uniform(0.3, 1.0), 2),
                }
            )
        G.add_edge(
            ids[u],
            ids[v],
            key=key,
            relation=rel.name,
            label=rel.label,
            family=rel.quad,
            plover=rel.plover,
            symmetric=rel.symmetric,
            polarity=polarity,
            count=count,
            first_date=dates[0],
            last_date=dates[-1],
            confidence=round(sum(e["confidence"] for e in evidence) / len(evidence), 3),
            asserted=sum(e["modality"] == "asserted" for e in evidence),
            statements=[e["statement"] for e in evidence],
            evidence=evidence,
        )
    return G


def network_from_ties(
    actors: dict[str, str], ties: list[tuple[str, str, str, list[str]]], *, evidence_cap: int | None = None
) -> nx.MultiDiGraph:
    """Return a multigraph of hand-written ties: ``actors`` maps a key to its type; each tie is
    ``(subject key, relation, object key, dates)`` with one statement per date (``""`` undated).

    ``evidence_cap`` keeps only the last so many evidence dicts, as a store-built graph may.
    """
    vocabulary = default_vocabulary()
    G = nx.MultiDiGraph(name="hand-written actor network")
    iri = {key: str(ACTOR[f"hand/{key}"]) for key in actors}
    for key, kind in actors.items():
        G.add_node(iri[key], label=key, type=kind, country=None, aliases=[])
    for serial, (a, relation, b, dates) in enumerate(ties):
        rel = vocabulary[relation]
        u, v = (min(iri[a], iri[b]), max(iri[a], iri[b])) if rel.symmetric else (iri[a], iri[b])
        evidence = [
            {
                "statement": f"urn:hand:{serial}:{i}",
                "doc": f"doc-{serial}",
                "text": f"{a} {rel.label} {b} ({i}).",
                "date": d or None,
                "title": f"Report {serial}",
                "source": "Wire",
                "url": None,
                "modality": "asserted",
                "attributed_to": None,
                "confidence": 0.8,
            }
            for i, d in enumerate(dates)
        ]
        known = sorted(d for d in dates if d)
        G.add_edge(
            u,
            v,
            key=rel.name,
            relation=rel.name,
            label=rel.label,
            family=rel.quad,
            plover=rel.plover,
            symmetric=rel.symmetric,
            polarity="positive",
            count=len(dates),
            first_date=known[0] if known else None,
            last_date=known[-1] if known else None,
            confidence=0.8,
            asserted=len(dates),
            statements=[e["statement"] for e in evidence][-(evidence_cap or len(evidence)) :],
            evidence=evidence[-(evidence_cap or len(evidence)) :],
        )
    return G
