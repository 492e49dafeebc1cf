"""The actor network of an Oxigraph store, without reading the store back into memory.

:func:`store_multidigraph` gives the multigraph of :func:`graphkit.network.to_multidigraph` (one
edge per actor pair, relation and polarity, same node and edge attributes) from SPARQL
aggregation over the store: memory grows with the actors and ties, not with the documents, and
each tie keeps at most ``max_evidence`` statements and evidence sentences (``count`` is the full
number). ``graphkit build`` draws ``graph.html`` and writes GraphML and GEXF from it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import replace
from typing import Any

import networkx as nx
import pyoxigraph as ox

from graphkit.model import MODALITIES, Actor
from graphkit.namespaces import DCTERMS, GK, SKOS
from graphkit.network.graphs import actor_attributes, new_tie
from graphkit.rdf import relation_iri
from graphkit.readback import kg_from_quads
from graphkit.vocabulary import Vocabulary, default_vocabulary

__all__ = ["NetworkBuilder", "actor_cameo_codes", "store_multidigraph"]


_PREF_LABEL = ox.NamedNode(str(SKOS.prefLabel))
_PREFIXES = f"PREFIX gk: <{GK}>\nPREFIX dcterms: <{DCTERMS}>\nPREFIX skos: <{SKOS}>\n"

# Constant queries: nothing from the input is ever written into their text.
_TIES = (
    _PREFIXES
    + """
SELECT ?s ?o ?p ?pol (COUNT(?st) AS ?n) (MIN(?date) AS ?first) (MAX(?date) AS ?last)
       (SUM(?conf) AS ?conf_sum) (SUM(?own) AS ?asserted) (SUM(?by) AS ?attributed)
       MODALITY_SUMS
WHERE {
  GRAPH ?g {
    ?st a gk:Statement ; gk:subject ?s ; gk:object ?o ; gk:predicate ?p ; gk:polarity ?pol ;
        gk:modality ?mod ; gk:confidence ?conf .
    OPTIONAL { ?st dcterms:date ?sd }
    OPTIONAL { ?st gk:attributedTo ?att }
    OPTIONAL { ?g dcterms:date ?dd }
  }
  BIND(IF(?mod = "asserted" && !BOUND(?att), 1, 0) AS ?own)
  BIND(IF(BOUND(?att), 1, 0) AS ?by)
  BIND(SUBSTR(STR(COALESCE(?sd, ?dd)), 1, 10) AS ?date)
}
GROUP BY ?s ?o ?p ?pol
"""
).replace(
    # one sum per modality graphkit writes (constants of the model, not input)
    "MODALITY_SUMS",
    " ".join(f'(SUM(IF(?mod = "{m}", 1, 0)) AS ?m_{i})' for i, m in enumerate(MODALITIES)),
)

_EVIDENCE = (
    _PREFIXES
    + """
SELECT ?st ?s ?o ?p ?pol ?mod ?conf ?text ?start ?sstart ?ostart ?sd ?dd ?att ?doc ?title ?source ?url
WHERE {
  GRAPH ?g {
    ?st a gk:Statement ; gk:subject ?s ; gk:object ?o ; gk:predicate ?p ; gk:polarity ?pol ;
        gk:modality ?mod ; gk:confidence ?conf ; gk:evidenceText ?text ; gk:evidenceStart ?start ;
        gk:subjectMention/gk:start ?sstart ; gk:objectMention/gk:start ?ostart .
    ?g dcterms:identifier ?doc .
    OPTIONAL { ?st dcterms:date ?sd }
    OPTIONAL { ?st gk:attributedTo ?att }
    OPTIONAL { ?g dcterms:date ?dd }
    OPTIONAL { ?g dcterms:title ?title }
    OPTIONAL { ?g dcterms:source ?source }
    OPTIONAL { ?g gk:url ?url }
  }
}
"""
)


def _value(solution: Any, name: str) -> str | None:
    term = solution[name]
    return term.value if term is not None else None


def store_multidigraph(
    store: ox.Store,
    *,
    max_evidence: int = 20,
    negated: bool = True,
    vocabulary: Vocabulary | None = None,
    tallies: bool = False,
    actors: Mapping[str, Actor] | None = None,
    confidence: Mapping[tuple[str, str, str], float] | None = None,
) -> nx.MultiDiGraph:
    """Return the actor network of the store, as :func:`graphkit.network.to_multidigraph` does.

    Parameters
    ----------
    store : a pyoxigraph store in graphkit's layout (:func:`graphkit.store.open_store`)
    max_evidence : the statements and evidence sentences kept per edge (the latest and most
        confident first, as the view shows them); ``count`` is always the full number
    negated : keep negated statements as edges (key ``"not <relation>"``)
    vocabulary : the relations (default: graphkit's)
    tallies : also give each edge ``modalities`` (statements per modality, a Counter) and
        ``attributed`` (statements attributed to someone), which the capped evidence cannot
        (GraphML and GEXF write them)
    actors : the actors by IRI, when the caller holds them: node attributes come from there
        (a store keeps no order among an actor's aliases; from the store they come sorted)
    confidence : the mean confidence per edge ``(u, v, key)``, when the caller averaged it over the
        statements in their order (as :func:`~graphkit.network.to_multidigraph` does, a running mean
        whose last bits depend on the order); edges are then added in its order, nodes as they
        first appear (as ``to_multidigraph`` adds them). Else the store's sum over the count, and
        nodes and edges sorted.

    Returns
    -------
    networkx.MultiDiGraph
        The node and edge attributes of :func:`~graphkit.network.to_multidigraph`; the same store
        gives the same graph.

    Examples
    --------
    >>> from graphkit.network import to_multidigraph
    >>> from graphkit.samples import actor_iri, from_triples
    >>> from graphkit.store import add_graph, open_store
    >>> kg = from_triples([("Russia", "arms", "Syria"), ("Russia", "arms", "Syria"),
    ...                    ("Russia", "arms", "Syria", {"polarity": "negative"})])
    >>> store = open_store()
    >>> add_graph(store, kg)
    1
    >>> G = store_multidigraph(store, max_evidence=1)
    >>> rus, syr = actor_iri("Russia"), actor_iri("Syria")
    >>> sorted(G[rus][syr]), G.edges[rus, syr, "arms"]["count"], len(G.edges[rus, syr, "arms"]["evidence"])
    (['arms', 'not arms'], 2, 1)
    >>> sorted(G.edges[rus, syr, "arms"]) == sorted(to_multidigraph(kg).edges[rus, syr, "arms"])
    True
    """
    vocabulary = vocabulary or default_vocabulary()
    relations = {relation_iri(name): relation for name, relation in vocabulary.items()}
    ties: dict[tuple[str, str, str], dict[str, Any]] = {}
    for row in store.query(_TIES):
        relation = relations.get(row["p"].value)
        polarity = row["pol"].value
        if relation is None or (not negated and polarity != "positive"):
            continue
        u, v = row["s"].value, row["o"].value
        if relation.symmetric and v < u:
            u, v = v, u
        key = relation.name if polarity == "positive" else f"not {relation.name}"
        tie = ties.get((u, v, key))
        if tie is None:
            tie = ties[(u, v, key)] = new_tie(relation, polarity)
        n = int(row["n"].value)
        total = tie["confidence"] * tie["count"] + float(row["conf_sum"].value)
        tie["count"] += n
        tie["confidence"] = total / tie["count"]
        tie["asserted"] += int(row["asserted"].value)
        if tallies:
            tie.setdefault("attributed", 0)
            tie["attributed"] += int(row["attributed"].value)
            counts = tie.setdefault("modalities", Counter())
            for i, m in enumerate(MODALITIES):
                counts[m] += int(row[f"m_{i}"].value)
        for name, pick in (("first_date", min), ("last_date", max)):
            date = _value(row, "first" if name == "first_date" else "last") or None
            if date:
                tie[name] = pick(filter(None, (tie[name], date)))
    for (u, v, key), evidence in _evidence(store, relations, ties, max_evidence) if max_evidence > 0 else ():
        tie = ties[(u, v, key)]
        tie["evidence"] = [e for _, e in evidence]
        tie["statements"] = [e["statement"] for e in tie["evidence"]]
    # edges as to_multidigraph adds them: in the caller's order when it gives one, else sorted
    order = [k for k in confidence if k in ties] if confidence is not None else []
    order += sorted(ties.keys() - set(order)) if order else sorted(ties)
    G = nx.MultiDiGraph(name="graphkit actor network")
    for u, v, key in order:
        for node in (u, v):
            if node not in G:
                G.add_node(node, **_node_attributes(store, node, actors))
        data = ties[(u, v, key)]
        if confidence is not None and (u, v, key) in confidence:
            data["confidence"] = confidence[(u, v, key)]
        G.add_edge(u, v, key=key, **data)
    return G


def _evidence(
    store: ox.Store, relations: dict[str, Any], ties: dict[tuple[str, str, str], Any], cap: int
) -> Iterator[tuple[tuple[str, str, str], list[tuple[tuple, dict[str, Any]]]]]:
    """The ``cap`` evidence dicts kept per tie: the latest and most confident (as the view sorts
    them), ties in text order; a tie's list is trimmed as it grows, so memory stays ``cap`` a tie."""
    kept: dict[tuple[str, str, str], list[tuple[tuple, dict[str, Any]]]] = {}
    labels: dict[str, str] = {}  # attributions by label, as to_multidigraph gives them (one lookup an actor)

    def label(iri: str | None) -> str | None:
        if iri is None:
            return None
        if iri not in labels:
            found = store.quads_for_pattern(ox.NamedNode(iri), _PREF_LABEL, None, ox.DefaultGraph())
            labels[iri] = next((q.object.value for q in found), iri)
        return labels[iri]

    for row in store.query(_EVIDENCE):
        relation = relations.get(row["p"].value)
        polarity = row["pol"].value
        if relation is None:
            continue
        u, v = row["s"].value, row["o"].value
        if relation.symmetric and v < u:
            u, v = v, u
        key = relation.name if polarity == "positive" else f"not {relation.name}"
        if (u, v, key) not in ties:
            continue
        date = _value(row, "sd") or _value(row, "dd")
        date = date[:10] if date else None
        confidence = float(row["conf"].value)
        doc = row["doc"].value
        order = (1, doc, int(row["start"].value), int(row["sstart"].value), int(row["ostart"].value))
        entry = {
            "statement": row["st"].value,
            "doc": doc,
            "text": row["text"].value,
            "date": date,
            "title": _value(row, "title"),
            "source": _value(row, "source"),
            "url": _value(row, "url"),
            "modality": row["mod"].value,
            "attributed_to": label(_value(row, "att")),
            "confidence": confidence,
        }
        items = kept.setdefault((u, v, key), [])
        items.append(((date or "", confidence), order, entry))  # type: ignore[arg-type]
        if len(items) > 2 * cap:
            _trim(items, cap)
    for tie, items in kept.items():
        _trim(items, cap)
        items.sort(key=lambda item: item[1])  # as to_multidigraph lists them: by document, in text order
        yield tie, [(rank, entry) for rank, _, entry in items]  # type: ignore[misc]


def _trim(items: list, cap: int) -> None:
    # the view's order: latest and most confident first; equal ones in document and text order
    items.sort(key=lambda item: item[1])
    items.sort(key=lambda item: item[0], reverse=True)
    del items[cap:]


def _node_attributes(store: ox.Store, iri: str, actors: Mapping[str, Actor] | None) -> dict[str, Any]:
    """The node attributes of :func:`graphkit.network.graphs._node_attributes`, from the default graph."""
    if actors is not None:
        actor = actors.get(iri)
    else:
        quads = store.quads_for_pattern(ox.NamedNode(iri), None, None, ox.DefaultGraph())
        actor = kg_from_quads(quads).actors.get(iri)
        if actor is not None:
            actor = replace(actor, aliases=tuple(sorted(actor.aliases)))
    return actor_attributes(actor, iri)


_CAMEO = ox.NamedNode(str(GK.cameoCode))


def actor_cameo_codes(store: ox.Store, actors: Iterable[str]) -> dict[str, str]:
    """The CAMEO actor codes (``gk:cameoCode``) the store gives ``actors``, by IRI."""
    out = {}
    for iri in actors:
        for q in store.quads_for_pattern(ox.NamedNode(iri), _CAMEO, None, ox.DefaultGraph()):
            out[iri] = q.object.value
    return out


class NetworkBuilder:
    """:func:`~graphkit.network.to_multidigraph`, built one statement at a time with capped evidence.

    What ``graphkit build`` draws its views from while the documents stream: memory is the ties
    (and ``max_evidence`` evidence dicts a tie), not the statements. The graph it gives has the
    node and edge attributes of ``to_multidigraph`` (``count`` the full number), evidence chosen
    as :func:`store_multidigraph` chooses it.

    Examples
    --------
    >>> from graphkit.network import to_multidigraph
    >>> from graphkit.samples import from_triples
    >>> kg = from_triples([("Russia", "arms", "Syria"), ("Russia", "arms", "Syria")])
    >>> builder = NetworkBuilder(kg.actors, max_evidence=1)
    >>> for s in kg.statements:
    ...     builder.add(kg, s)
    >>> G, H = builder.graph(), to_multidigraph(kg)
    >>> [(d["count"], len(d["evidence"])) for *_, d in G.edges(keys=True, data=True)]
    [(2, 1)]
    >>> sorted(G.nodes(data=True)) == sorted(H.nodes(data=True))
    True
    """

    def __init__(self, actors: Mapping[str, Actor], *, max_evidence: int = 20) -> None:
        self.actors, self.cap = actors, max_evidence
        self.ties: dict[tuple[str, str, str], dict[str, Any]] = {}
        self.kept: dict[tuple[str, str, str], list] = {}

    def add(self, kg: Any, s: Any, rank: int | None = None) -> None:
        """Add one statement of ``kg`` (its document and actors); ``rank`` is its input order."""
        from graphkit.lines import statement_order
        from graphkit.network.graphs import _evidence, statement_date

        u, v = s.subject, s.object
        if s.relation.symmetric and v < u:
            u, v = v, u
        key = (u, v, s.key)
        tie = self.ties.get(key)
        if tie is None:
            tie = self.ties[key] = {
                **new_tie(s.relation, s.polarity),
                "modalities": Counter(),
                "attributed": 0,
                "cameo": s.relation.cameo,
            }
        date = statement_date(kg, s)
        tie["count"] += 1
        tie["confidence"] += (s.confidence - tie["confidence"]) / tie["count"]  # running mean
        tie["asserted"] += s.modality == "asserted" and s.attributed_to is None
        tie["modalities"][s.modality] += 1
        tie["attributed"] += s.attributed_to is not None
        if date:
            tie["first_date"] = min(filter(None, (tie["first_date"], date)))
            tie["last_date"] = max(filter(None, (tie["last_date"], date)))
        if self.cap > 0:
            order = (0, rank) if rank is not None else (1, s.doc, statement_order(s))
            items = self.kept.setdefault(key, [])
            items.append(((date or "", s.confidence), order, _evidence(kg, s, date)))
            if len(items) > 2 * self.cap:
                _trim(items, self.cap)

    def graph(
        self, *, confidence: Mapping[tuple[str, str, str], float] | None = None, tallies: bool = False
    ) -> nx.MultiDiGraph:
        """The multigraph so far (see :func:`store_multidigraph` for ``confidence`` and ``tallies``)."""
        from graphkit.model import KnowledgeGraph
        from graphkit.network.graphs import _node_attributes

        holder = KnowledgeGraph(actors=dict(self.actors))
        order = [k for k in confidence if k in self.ties] if confidence is not None else []
        order += [k for k in self.ties if k not in set(order)] if order else list(self.ties)
        G = nx.MultiDiGraph(name="graphkit actor network")
        for u, v, key in order:
            for node in (u, v):
                if node not in G:
                    G.add_node(node, **_node_attributes(holder, node))
            data = dict(self.ties[(u, v, key)])
            items = list(self.kept.get((u, v, key), []))
            _trim(items, self.cap)
            items.sort(key=lambda item: item[1])
            data["evidence"] = [entry for *_, entry in items]
            data["statements"] = [e["statement"] for e in data["evidence"]]
            if confidence is not None and (u, v, key) in confidence:
                data["confidence"] = confidence[(u, v, key)]
            cameo = data.pop("cameo")
            if tallies:
                data["modalities"] = Counter(data["modalities"])
                data["cameo"] = cameo
            else:
                del data["modalities"], data["attributed"]
            G.add_edge(u, v, key=key, **data)
        return G
