"""Pushing a graph to any SPARQL 1.1 Graph Store (Oxigraph, Fuseki, GraphDB, Virtuoso ...).

:func:`push` sends a graph to a server through the SPARQL 1.1 Graph Store HTTP Protocol: one
``PUT ?graph=IRI`` per document (replacing it), the actors merged into the default graph with
``POST ?default``, with timeouts, retries with exponential backoff, and no credentials in logs.
"""

from __future__ import annotations

import base64
import logging
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote, urlsplit, urlunsplit

import pyoxigraph as ox

from graphkit.namespaces import ONTOLOGY
from graphkit.quads import RdfSource, as_quads
from graphkit.rdf import ontology_quads

__all__ = ["PushError", "PushReport", "push"]

log = logging.getLogger(__name__)


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


#: What :func:`push` sends: any RDF source (:func:`graphkit.quads.as_quads`).
PushSource = RdfSource


def _redact(url: str) -> str:
    """Return ``url`` without user name or password, for messages and logs."""
    parts = urlsplit(url)
    if parts.username is None and parts.password is None:
        return url
    host = parts.hostname or ""
    if parts.port is not None:
        host = f"{host}:{parts.port}"
    return urlunsplit((parts.scheme, host, parts.path, parts.query, parts.fragment))


def _graphs(source: PushSource, include_ontology: bool) -> dict[str, list[ox.Triple]]:
    graphs: dict[str, list[ox.Triple]] = {}
    for q in as_quads(source):
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
    Against a running server, ``push("out/graph.trig", "http://127.0.0.1:7878/store")`` returns a
    PushReport of the graphs sent. Nothing listens on port 9 here, and the password stays out of the
    message:

    >>> from graphkit.samples import from_triples
    >>> kg = from_triples([("Russia", "arms", "Hezbollah")])
    >>> try:
    ...     push(kg, "http://analyst:s3cret@127.0.0.1:9/store", retries=0, timeout=2)
    ... except PushError as error:
    ...     print(str(error).split(": ")[0])
    POST the default graph to http://127.0.0.1:9/store failed after 1 attempts
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
