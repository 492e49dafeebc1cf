"""The actor network for Gephi: GraphML and GEXF, written by networkx, reproducibly.

One directed edge per actor pair, relation and polarity (negated statements are edges of their
own, ``polarity="negative"``, ``sign=0``), only string, number and boolean attributes, nodes and
edges sorted: :func:`network_for_gephi`, which is also ``KnowledgeGraph.to_networkx()``.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from pathlib import Path
from typing import Any

from graphkit.io import atomic_write
from graphkit.model import MODALITIES, KnowledgeGraph
from graphkit.vocabulary import CONFLICT, COOPERATION
from graphkit.writers import format_name

__all__ = ["GEXF", "GRAPHML", "NetworkWriter", "network_for_gephi", "write_network"]

_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _gephi_value(value: Any) -> Any:
    if isinstance(value, (list, tuple, set)):
        value = "; ".join(str(v) for v in value)
    if isinstance(value, str):
        return _XML_INVALID.sub("\ufffd", value)
    return value


def _sign(family: str, polarity: str) -> int:
    # a negated statement says the tie did not happen: it has no sign
    if polarity != "positive":
        return 0
    return 1 if family in COOPERATION else -1 if family in CONFLICT else 0


def _edge_attributes(data: dict[str, Any]) -> dict[str, Any]:
    # a multigraph from the store keeps only some evidence: its tallies count every statement
    modalities = data.get("modalities") or Counter(e["modality"] for e in data["evidence"])
    attributed = data.get("attributed")
    if attributed is None:
        attributed = sum(1 for e in data["evidence"] if e["attributed_to"])
    attrs = {
        "relation": data["relation"],
        "label": data["label"] if data["polarity"] == "positive" else f"not {data['label']}",
        "family": data["family"],
        "plover": data["plover"],
        "cameo": data.get("cameo"),
        "polarity": data["polarity"],
        "negated": data["polarity"] != "positive",
        # the most frequent modality, ties broken in MODALITIES order (asserted first)
        "modality": max(MODALITIES, key=lambda m: (modalities[m], -MODALITIES.index(m))),
        "sign": _sign(data["family"], data["polarity"]),
        "weight": data["count"],
        "evidence_count": data["count"],
        "asserted": data["asserted"],
        "attributed": attributed,
        "symmetric": data["symmetric"],
        "first_date": data["first_date"],
        "last_date": data["last_date"],
        "confidence": round(data["confidence"], 3),
    }
    for modality in MODALITIES:
        attrs[f"{modality}_count"] = modalities[modality]
    return attrs


def network_for_gephi(kg: KnowledgeGraph | Any, actors: dict[str, Any] | None = None, **options: Any) -> Any:
    """Return the actor network with scalar attributes only: what networkx's writers and Gephi take.

    A networkx ``MultiDiGraph`` with one edge per actor pair, relation and polarity (the keys of
    :func:`graphkit.network.to_multidigraph`: ``arms``, ``not arms``), so negated statements stay
    apart from positive ones. Edges carry ``relation``, ``label``, ``family``, ``plover``,
    ``cameo`` (the CAMEO event code), ``polarity``, ``negated``, ``modality`` (the most frequent),
    ``sign`` (+1 cooperation, -1 conflict, 0 structural or negated), ``weight`` and
    ``evidence_count`` (statements), counts per modality, ``first_date``, ``last_date`` and
    ``confidence``; nodes ``label``, ``type``, ``country``, ``aliases`` ("; "-joined) ... No
    attribute is a list or None, and nodes and edges are sorted, so files written from it are
    deterministic. ``kg`` may also be a pyoxigraph store in graphkit's layout: the network is then
    aggregated in the store (:func:`graphkit.network.from_store.store_multidigraph`), not read back,
    and ``actors`` (by IRI), when given, describe the nodes (``options`` go to ``store_multidigraph``).

    Examples
    --------
    >>> from graphkit.samples import from_triples
    >>> G = network_for_gephi(from_triples([("Russia", "arms", "Syria"),
    ...                                     ("Russia", "arms", "Syria", {"polarity": "negative"})]))
    >>> sorted((k, d["polarity"], d["sign"], d["weight"]) for _, _, k, d in G.edges(keys=True, data=True))
    [('arms', 'positive', 1, 1), ('not arms', 'negative', 0, 1)]
    """
    import networkx as nx

    from graphkit.network import to_multidigraph

    if isinstance(kg, KnowledgeGraph):
        source = to_multidigraph(kg)
        cameo = {s.relation.name: s.relation.cameo for s in kg.statements}
        actor_cameo = {iri: a.cameo for iri, a in kg.actors.items() if a.cameo}
    else:
        from graphkit.network.from_store import actor_cameo_codes, store_multidigraph
        from graphkit.vocabulary import default_vocabulary

        source = store_multidigraph(kg, max_evidence=0, tallies=True, actors=actors, **options)
        cameo = {name: r.cameo for name, r in default_vocabulary().items()}
        if actors is not None:
            actor_cameo = {
                iri: actors[iri].cameo for iri in source.nodes if iri in actors and actors[iri].cameo
            }
        else:
            actor_cameo = actor_cameo_codes(kg, source.nodes)
    G = nx.MultiDiGraph(name="graphkit actor network")
    for node in sorted(source.nodes):
        attrs = {k: _gephi_value(v) for k, v in sorted(source.nodes[node].items()) if v is not None}
        if actor_cameo.get(node):
            attrs["cameo"] = actor_cameo[node]
        G.add_node(node, **attrs)
    for u, v, key in sorted(source.edges(keys=True)):
        data = dict(source.edges[u, v, key], cameo=cameo.get(source.edges[u, v, key]["relation"]))
        attrs = {k: _gephi_value(x) for k, x in _edge_attributes(data).items() if x is not None}
        G.add_edge(u, v, key=key, **attrs)
    return G


def write_network(kg: KnowledgeGraph, path: str | os.PathLike[str], format: str | None = None) -> Path:
    """Write the actor network as GraphML or GEXF (for Gephi), atomically and deterministically.

    Parameters
    ----------
    kg : KnowledgeGraph
    path : output file (``.graphml`` or ``.gexf``)
    format : ``graphml`` or ``gexf``; default from the suffix

    Returns
    -------
    Path
        The file written.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     write_network(KnowledgeGraph(), Path(tmp) / "actors.gexf").name
    'actors.gexf'
    """
    name = format_name(path, format)
    if name not in NETWORK_WRITERS:
        raise ValueError(f"{name} is not a network format; known: {', '.join(NETWORK_WRITERS)}")
    NETWORK_WRITERS[name].write(kg, path)
    return Path(path)


class NetworkWriter:
    """A writer of the actor network in a networkx XML format (``graphml`` or ``gexf``)."""

    def __init__(self, name: str) -> None:
        self.name = name

    def write(
        self, kg: KnowledgeGraph | Any, path: str | os.PathLike[str], actors: Any = None, **options: Any
    ) -> None:
        """Write the actor network of ``kg`` (or of a store, :func:`network_for_gephi`) to ``path``,
        atomically and deterministically."""
        import networkx as nx

        G = network_for_gephi(kg, actors, **options)
        if self.name == "graphml":
            lines = nx.generate_graphml(G)
        else:
            # the GEXF writer stamps today's date into <meta>: leave it out so the output is reproducible
            lines = (re.sub(r' lastmodifieddate="[^"]*"', "", line) for line in nx.generate_gexf(G))
        with atomic_write(path, "w") as f:
            f.write('<?xml version="1.0" encoding="UTF-8"?>\n')
            for line in lines:
                f.write(line + "\n")


GRAPHML = NetworkWriter("graphml")
GEXF = NetworkWriter("gexf")
#: The network writers by format name.
NETWORK_WRITERS = {"graphml": GRAPHML, "gexf": GEXF}
