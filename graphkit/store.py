"""Persistent graphs: an embedded Oxigraph store.

The store keeps graphkit's dataset layout: actors in the default graph, one named graph per
document (its IRI), and a copy of the ontology in the graph ``https://w3id.org/graphkit/ontology``
so that queries can read relation families and labels. Adding a document replaces its graph, so a
document read twice is never duplicated, and :func:`has_document` lets a build skip documents whose
text has not changed. A document is never stored over another one: when the store holds a different
id under a document's IRI, :class:`DocumentConflict` says so and nothing is replaced. A replacement
is staged in a graph of its own first; one a crash left behind is dropped by the next read-write
open and never read (:func:`graphkit.quads.as_quads` skips it for every reader).

Pushing a graph to a server (``push``, ``PushError``, ``PushReport``) lives in :mod:`graphkit.push`;
the names are also importable from here, where they were first.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path

import pyoxigraph as ox

from graphkit.model import ExtractionResult, KnowledgeGraph, document_iri
from graphkit.namespaces import DCTERMS, GK, ONTOLOGY
from graphkit.push import PushError, PushReport, push
from graphkit.quads import STAGING_SUFFIX, as_quads, is_staging
from graphkit.rdf import actor_quads, document_quads, ontology_quads
from graphkit.readback import kg_from_quads
from graphkit.vocabulary import Vocabulary

__all__ = [
    "DocumentConflict",
    "StoreBusy",
    "PushError",
    "PushReport",
    "add_graph",
    "add_results",
    "has_document",
    "open_store",
    "push",
    "remove_document",
    "store_documents",
    "store_to_kg",
]

_ONTOLOGY_GRAPH = ox.NamedNode(ONTOLOGY)
_TEXT_HASH = ox.NamedNode(str(GK.textHash))
_IDENTIFIER = ox.NamedNode(str(DCTERMS.identifier))


# -- the embedded store -----------------------------------------------------------------------------
def open_store(path: str | os.PathLike[str] | None = None) -> ox.Store:
    """Open (or create) a persistent Oxigraph store in the directory ``path``; in memory when None.

    The ontology graph is (re)loaded, so queries always see the ontology of this graphkit version.
    Only one process may open a store directory at a time.

    Examples
    --------
    >>> import tempfile
    >>> from graphkit.samples import from_triples
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     store = open_store(tmp)
    ...     add_graph(store, from_triples([("Russia", "arms", "Hezbollah")]))
    ...     del store  # closes it: one process at a time
    ...     list(store_documents(open_store(tmp)))
    1
    ['example']
    """
    if path is not None:
        Path(path).mkdir(parents=True, exist_ok=True)
        store = reopen_store(path)
    else:
        store = ox.Store()
    _drop_staging(store)
    _refresh_ontology(store)
    return store


def reopen_store(path: str | os.PathLike[str]) -> ox.Store:
    """Open the persistent store in ``path`` as it is (staging graphs kept, ontology not reloaded).

    What a process that closed its own store in the middle of a load uses to open it again;
    :func:`open_store` is for everyone else.

    Raises
    ------
    StoreBusy
        When another process has the store open.
    """
    try:
        return ox.Store(os.fspath(path))
    except OSError as e:
        if "lock" in str(e).lower():
            raise StoreBusy(
                f"the store {os.fspath(path)} is open in another process: "
                "wait for it to finish (one process at a time)"
            ) from None
        raise


def _refresh_ontology(store: ox.Store) -> None:
    wanted = ontology_quads()
    if store.contains_named_graph(_ONTOLOGY_GRAPH):
        present = set(store.quads_for_pattern(None, None, None, _ONTOLOGY_GRAPH))
        if present == set(wanted):
            return
        store.remove_graph(_ONTOLOGY_GRAPH)
    store.extend(wanted)


_STAGING = STAGING_SUFFIX


class StoreBusy(OSError):
    """The store directory is open in another process (Oxigraph allows one at a time)."""


class DocumentConflict(ValueError):
    """A document would replace another one: the store holds a different id under its IRI."""


def held_id(store: ox.Store, doc_id: str) -> str | None:
    """Return the id the store holds under ``doc_id``'s IRI when it is not ``doc_id`` (else None).

    IRIs carry a hash of the id, so this means a hash collision or a store written by a graphkit
    whose IRIs were made otherwise: either way the document there must not be replaced.
    """
    graph = ox.NamedNode(document_iri(doc_id))
    for q in store.quads_for_pattern(graph, _IDENTIFIER, None, graph):
        if q.object.value != doc_id:
            return q.object.value
    return None


def _replace_document(store: ox.Store, doc_id: str, quads: list[ox.Quad]) -> None:
    """Replace a document's named graph in one transaction: readers see the old version or the new.

    A document the store does not hold is added in one transaction. Otherwise the new version is
    first added, atomically, to a staging graph; one SPARQL ``MOVE`` (a single transaction) then
    replaces the document's graph with it. A crash before the move leaves the old version intact
    and a staging graph that :func:`open_store` drops.
    """
    graph = ox.NamedNode(document_iri(doc_id))
    other = held_id(store, doc_id)
    if other is not None:
        raise DocumentConflict(
            f"document {doc_id[:80]!r} was not stored: the store holds a different document, "
            f"{other[:80]!r}, under its IRI <{graph.value}> (nothing was replaced)"
        )
    if not store.contains_named_graph(graph):  # nothing to replace: one transaction adds it
        store.extend(ox.Quad(q.subject, q.predicate, q.object, graph) for q in quads)
        return
    staging = ox.NamedNode(graph.value + _STAGING)
    if store.contains_named_graph(staging):
        store.remove_graph(staging)
    store.extend(ox.Quad(q.subject, q.predicate, q.object, staging) for q in quads)
    # Both IRIs are validated NamedNodes built from slugs (never article text), written in their
    # N-Triples form: nothing in this update comes from the input as text.
    store.update(f"MOVE SILENT {staging} TO {graph}")


def _drop_staging(store: ox.Store) -> None:
    """Drop staging graphs left by a run that stopped before its last move."""
    for graph in list(store.named_graphs()):
        if is_staging(graph):
            store.remove_graph(graph)


def _upsert_actors(store: ox.Store, kg: KnowledgeGraph) -> None:
    for actor in kg.actors.values():
        node = ox.NamedNode(actor.id)
        new = actor_quads(actor)
        old = list(store.quads_for_pattern(node, None, None, ox.DefaultGraph()))
        if set(old) == set(new):
            continue
        for quad in old:
            store.remove(quad)
        store.extend(new)


def add_graph(
    store: ox.Store, kg: KnowledgeGraph, on_conflict: Callable[[DocumentConflict], None] | None = None
) -> int:
    """Add every document of ``kg`` to the store, replacing earlier versions; return how many.

    Actors are upserted into the default graph (an actor's description is replaced, not merged).
    A document whose IRI holds a different document id in the store is never stored over it:
    :class:`DocumentConflict` is raised, or, with ``on_conflict``, passed to it and the document
    left out (the others are added).
    """
    _upsert_actors(store, kg)
    doc_ids = sorted(set(kg.documents) | {s.doc for s in kg.statements} | {m.doc for m in kg.mentions})
    n = 0
    for doc_id in doc_ids:
        try:
            _replace_document(store, doc_id, document_quads(kg, doc_id))
        except DocumentConflict as conflict:
            if on_conflict is None:
                raise
            on_conflict(conflict)
            continue
        n += 1
    return n


def add_results(store: ox.Store, results: Iterable[ExtractionResult]) -> int:
    """Add extraction results to the store, one document at a time; return how many were added.

    Re-adding a document replaces its named graph, so nothing is ever duplicated.

    Examples
    --------
    >>> from graphkit.model import ExtractionResult
    >>> from graphkit.samples import actor_iri, from_triples
    >>> claim = {"modality": "reported", "attributed_to": actor_iri("Russia")}
    >>> kg = from_triples([("Russia", "arms", "Hezbollah", claim)], types={"Hezbollah": "ArmedGroup"})
    >>> result = ExtractionResult(kg.documents["example"], kg.actors, kg.mentions, kg.statements)
    >>> store = open_store()
    >>> add_results(store, [result, result])  # the second replaces the first
    2
    >>> len(store_to_kg(store).statements)
    1
    """
    n = 0
    for result in results:
        part = KnowledgeGraph()
        part.add(result)
        n += add_graph(store, part)
    return n


def has_document(store: ox.Store, doc_id: str, text_hash: str | None = None) -> bool:
    """Return True when the store holds the document (with this text hash, when one is given)."""
    graph = ox.NamedNode(document_iri(doc_id))
    if text_hash is None:
        return store.contains_named_graph(graph)
    wanted = ox.Literal(text_hash)
    return any(q.object == wanted for q in store.quads_for_pattern(graph, _TEXT_HASH, None, graph))


def store_documents(store: ox.Store) -> dict[str, str | None]:
    """Return the documents of the store: id -> text hash (None when unknown), sorted by id."""
    found: dict[str, str | None] = {}
    for q in store.quads_for_pattern(None, _IDENTIFIER, None, None):
        if isinstance(q.graph_name, ox.NamedNode) and q.graph_name == q.subject:
            hashes = list(store.quads_for_pattern(q.subject, _TEXT_HASH, None, q.graph_name))
            found[q.object.value] = hashes[0].object.value if hashes else None
    return dict(sorted(found.items()))


def remove_document(store: ox.Store, doc_id: str) -> bool:
    """Drop a document's graph from the store (actors stay); return whether it was there."""
    graph = ox.NamedNode(document_iri(doc_id))
    if not store.contains_named_graph(graph):
        return False
    store.remove_graph(graph)
    return True


def store_to_kg(store: ox.Store, *, vocabulary: Vocabulary | None = None) -> KnowledgeGraph:
    """Read the whole store back into a :class:`KnowledgeGraph` (as :func:`graphkit.rdf.load` does).

    A store keeps no order among an actor's aliases (files do): they come back sorted.
    """
    kg = kg_from_quads(as_quads(store), vocabulary=vocabulary)
    kg.actors = {k: replace(a, aliases=tuple(sorted(a.aliases))) for k, a in kg.actors.items()}
    return kg
