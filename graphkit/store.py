"""Persistent graphs: an embedded Oxigraph store, and pushing to any SPARQL 1.1 Graph Store.

The store keeps graphkit's dataset layout: actors in the default graph, one named graph per
document (its IRI), and a copy of the ontology in the graph ``https://w3id.org/graphkit/ontology``
so that queries can read relation families and labels. Adding a document replaces its graph, so a
document read twice is never duplicated, and :func:`has_document` lets a build skip documents whose
text has not changed.

:func:`push` sends a graph to a server through the SPARQL 1.1 Graph Store HTTP Protocol: one
``PUT ?graph=IRI`` per document (replacing it), the actors merged into the default graph with
``POST ?default``, with timeouts, retries with exponential backoff, and no credentials in logs.
"""

from __future__ import annotations

import base64
import logging
import os
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit, urlunsplit

import pyoxigraph as ox

from graphkit.model import ExtractionResult, KnowledgeGraph, document_iri
from graphkit.namespaces import GK, ONTOLOGY
from graphkit.rdf import actor_quads, document_quads, kg_from_quads, ontology_quads, parse_quads
from graphkit.vocabulary import Vocabulary

__all__ = [
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

log = logging.getLogger(__name__)

_ONTOLOGY_GRAPH = ox.NamedNode(ONTOLOGY)
_TEXT_HASH = ox.NamedNode(str(GK.textHash))
_IDENTIFIER = ox.NamedNode("http://purl.org/dc/terms/identifier")


# -- the embedded store -----------------------------------------------------------------------------
def open_store(path: str | os.PathLike[str] | None = None) -> ox.Store:
    """Open (or create) a persistent Oxigraph store in the directory ``path``; in memory when None.

    The ontology graph is (re)loaded, so queries always see the ontology of this graphkit version.
    Only one process may open a store directory at a time.

    Examples
    --------
    >>> store = open_store("out/store")  # doctest: +SKIP
    >>> add_results(store, results)  # doctest: +SKIP
    """
    if path is not None:
        Path(path).mkdir(parents=True, exist_ok=True)
        store = ox.Store(os.fspath(path))
    else:
        store = ox.Store()
    _drop_staging(store)
    _refresh_ontology(store)
    return store


def _refresh_ontology(store: ox.Store) -> None:
    wanted = ontology_quads()
    if store.contains_named_graph(_ONTOLOGY_GRAPH):
        present = set(store.quads_for_pattern(None, None, None, _ONTOLOGY_GRAPH))
        if present == set(wanted):
            return
        store.remove_graph(_ONTOLOGY_GRAPH)
    store.extend(wanted)


_STAGING = "#graphkit-staging"


def _replace_document(store: ox.Store, doc_id: str, quads: list[ox.Quad]) -> None:
    """Replace a document's named graph in one transaction: readers see the old version or the new.

    The new version is first added, atomically, to a staging graph; one SPARQL ``MOVE`` (a single
    transaction) then replaces the document's graph with it. A crash before the move leaves the old
    version intact and a staging graph that :func:`open_store` drops.
    """
    graph = ox.NamedNode(document_iri(doc_id))
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
        if isinstance(graph, ox.NamedNode) and graph.value.endswith(_STAGING):
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


def add_graph(store: ox.Store, kg: KnowledgeGraph) -> int:
    """Add every document of ``kg`` to the store, replacing earlier versions; return how many.

    Actors are upserted into the default graph (an actor's description is replaced, not merged).
    """
    _upsert_actors(store, kg)
    doc_ids = sorted(set(kg.documents) | {s.doc for s in kg.statements} | {m.doc for m in kg.mentions})
    for doc_id in doc_ids:
        _replace_document(store, doc_id, document_quads(kg, doc_id))
    return len(doc_ids)


def add_results(store: ox.Store, results: Iterable[ExtractionResult]) -> int:
    """Add extraction results to the store, one document at a time; return how many were added.

    Re-adding a document replaces its named graph, so nothing is ever duplicated.

    Examples
    --------
    >>> store = open_store("out/store")  # doctest: +SKIP
    >>> add_results(store, [result])  # doctest: +SKIP
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
    kg = kg_from_quads(store, vocabulary=vocabulary)
    kg.actors = {k: replace(a, aliases=tuple(sorted(a.aliases))) for k, a in kg.actors.items()}
    return kg


# -- pushing to a SPARQL 1.1 Graph Store ------------------------------------------------------------
class PushError(RuntimeError):
    """A push failed: the message says which graph, where (without credentials) and why."""


@dataclass
class PushReport:
    """What a push sent: graph IRI (``""`` for the default graph) -> number of triples."""

    endpoint: str
    graphs: dict[str, int] = field(default_factory=dict)

    @property
    def triples(self) -> int:
        return sum(self.graphs.values())


PushSource = str | os.PathLike | Sequence[str | os.PathLike] | KnowledgeGraph | ox.Store


def _redact(url: str) -> str:
    """Return ``url`` without user name or password, for messages and logs."""
    parts = urlsplit(url)
    if parts.username is None and parts.password is None:
        return url
    host = parts.hostname or ""
    if parts.port is not None:
        host = f"{host}:{parts.port}"
    return urlunsplit((parts.scheme, host, parts.path, parts.query, parts.fragment))


def _source_quads(source: PushSource) -> Iterator[ox.Quad]:
    if isinstance(source, ox.Store):
        yield from source
    elif isinstance(source, KnowledgeGraph):
        from graphkit.rdf import to_quads

        yield from to_quads(source)
    elif isinstance(source, (str, os.PathLike)) and Path(source).is_dir():
        yield from ox.Store.read_only(os.fspath(source))
    else:
        paths = [source] if isinstance(source, (str, os.PathLike)) else list(source)
        for path in paths:
            yield from parse_quads(path)


def _graphs(source: PushSource, include_ontology: bool) -> dict[str, list[ox.Triple]]:
    graphs: dict[str, list[ox.Triple]] = {}
    for q in _source_quads(source):
        name = "" if isinstance(q.graph_name, ox.DefaultGraph) else q.graph_name.value
        graphs.setdefault(name, []).append(q.triple)
    if include_ontology:
        graphs[ONTOLOGY] = [q.triple for q in ontology_quads()]
    return dict(sorted(graphs.items()))


_RETRY_STATUS = {408, 425, 429, 500, 502, 503, 504}


def push(
    source: PushSource,
    endpoint: str,
    *,
    user: str | None = None,
    password: str | None = None,
    auth: str = "basic",
    timeout: float = 30.0,
    retries: int = 3,
    backoff: float = 0.5,
    replace_default: bool = False,
    include_ontology: bool = True,
    session: Any = None,
) -> PushReport:
    """Load a graph into a SPARQL 1.1 Graph Store HTTP Protocol endpoint, replacing each document's graph.

    Parameters
    ----------
    source : an RDF file (or files) graphkit wrote, a store directory, a pyoxigraph ``Store`` or a
        KnowledgeGraph
    endpoint : the Graph Store endpoint, e.g. ``http://127.0.0.1:7878/store``
    user, password : credentials for HTTP authentication (never logged)
    auth : ``basic`` or ``digest``
    timeout : seconds to wait for the server to connect and to answer, per request
    retries : how many times to retry a request that failed on the network, timed out or got a
        429/5xx answer; waits ``backoff * 2**attempt`` seconds between tries
    replace_default : PUT the default graph (the actors) instead of merging it with POST; only
        right when ``source`` holds every actor the server should keep
    include_ontology : also PUT the ontology into its graph, so server-side queries can use it
    session : a ``requests.Session`` to use (default a new one)

    Returns
    -------
    PushReport
        The graphs sent and their sizes.

    Raises
    ------
    PushError
        When a request still fails after the retries, or the server refuses it (4xx).

    Examples
    --------
    >>> push("out/graph.trig", "http://127.0.0.1:7878/store")  # doctest: +SKIP
    PushReport(endpoint='http://127.0.0.1:7878/store', graphs={...})
    """
    import requests
    from requests.auth import HTTPBasicAuth, HTTPDigestAuth

    if auth not in ("basic", "digest"):
        raise ValueError(f"auth must be 'basic' or 'digest', not {auth!r}")
    credentials = None
    cls = HTTPDigestAuth if auth == "digest" else HTTPBasicAuth
    if user is not None or password is not None:
        credentials = cls(user or "", password or "")
    elif urlsplit(endpoint).password is not None:
        # what requests would do with the URL's user:password, made explicit so they can be redacted
        parts = urlsplit(endpoint)
        credentials = cls(unquote(parts.username or ""), unquote(parts.password or ""))
    http = session or requests.Session()
    shown = _redact(endpoint)
    report = PushReport(endpoint=shown)
    separator = "&" if "?" in endpoint else "?"
    try:
        for name, triples in _graphs(source, include_ontology).items():
            body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
            if name:
                method, params, what = "PUT", {"graph": name}, f"graph <{name}>"
                url = endpoint
            else:
                method, params, what = ("PUT" if replace_default else "POST"), None, "the default graph"
                url = endpoint + separator + "default"
            _send(http, method, url, params, body, credentials, timeout, retries, backoff, shown, what)
            report.graphs[name] = len(triples)
            log.info("pushed %s (%d triples) to %s", what, len(triples), shown)
    finally:
        if session is None:
            http.close()
    return report


def _send(http, method, url, params, body, credentials, timeout, retries, backoff, shown, what) -> None:
    import requests

    headers = {"Content-Type": "application/n-triples; charset=utf-8"}
    attempt = 0
    while True:
        problem: str
        try:
            response = http.request(
                method, url, params=params, data=body, headers=headers, auth=credentials, timeout=timeout
            )
        except (requests.ConnectionError, requests.Timeout) as error:
            problem = _without_secrets(f"{type(error).__name__}: {error}", credentials)
            retry_after = None
        else:
            if response.status_code < 300:
                return
            # redacted before it is cut: half a token would still give half the password away
            detail = _without_secrets(response.text, credentials)[:300].strip().replace("\n", " ")
            problem = f"HTTP {response.status_code} {response.reason or ''}".strip() + (
                f": {detail}" if detail else ""
            )
            if response.status_code not in _RETRY_STATUS:
                raise PushError(f"{method} {what} to {shown} was refused: {problem}")
            retry_after = _retry_after(response)
        if attempt >= retries:
            raise PushError(f"{method} {what} to {shown} failed after {attempt + 1} attempts: {problem}")
        wait = retry_after if retry_after is not None else backoff * (2**attempt)
        log.warning("%s %s to %s failed (%s); retrying in %.1f s", method, what, shown, problem, wait)
        time.sleep(wait)
        attempt += 1


def _without_secrets(text: str, credentials: Any) -> str:
    # a server or a network error may echo the request: never let the password through, neither
    # as it is nor inside the Basic token of the Authorization header (base64 of "user:password")
    secret = getattr(credentials, "password", None)
    if not secret:
        return text
    pair = f"{getattr(credentials, 'username', '') or ''}:{secret}"
    for encoding in ("latin-1", "utf-8"):  # requests encodes latin-1 when it can
        try:
            text = text.replace(base64.b64encode(pair.encode(encoding)).decode("ascii"), "***")
        except UnicodeEncodeError:
            continue
    return text.replace(secret, "***")


def _retry_after(response) -> float | None:
    value = response.headers.get("Retry-After")
    if value is None:
        return None
    try:
        return min(float(value), 60.0)
    except ValueError:
        return None
