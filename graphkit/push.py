"""Pushing a graph to any SPARQL 1.1 Graph Store (Oxigraph, Fuseki, GraphDB, Virtuoso ...).

:func:`push` sends a graph to a server through the SPARQL 1.1 Graph Store HTTP Protocol: one
``PUT ?graph=IRI`` per document (replacing it), the actors merged into the default graph with
``POST ?default``. Any source reaches the server as one named graph per document: a flat one (a
Turtle file, an rdflib ``Graph``) is regrouped by document first. ``replace_all`` replaces the
server's whole dataset instead, in one ``PUT`` of N-Quads to the endpoint.

Bounded and quiet: the endpoint URL is checked before anything is sent; each request has a total
deadline (a server that trickles its answer a byte at a time is cut off, not waited for), and so
has the whole push; retries are bounded, with exponential backoff or the server's ``Retry-After``
(checked, at most a minute); redirects are followed only to the same server, at most
:data:`MAX_REDIRECTS` times; no message or log line holds a password, in a URL or otherwise, and
every failure is one line.
"""

from __future__ import annotations

import base64
import contextlib
import logging
import math
import re
import socket
import threading
import time
import weakref
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit, urlunsplit

import pyoxigraph as ox

from graphkit.namespaces import ONTOLOGY
from graphkit.quads import RdfSource, as_quads
from graphkit.rdf import ontology_quads
from graphkit.text import printable

__all__ = ["MAX_REDIRECTS", "MAX_RETRIES", "PushError", "PushReport", "check_endpoint", "push"]

log = logging.getLogger(__name__)

#: Retries asked for beyond this are not made: a push never loops for long on a failing server.
MAX_RETRIES = 10
#: Redirects followed per request (307/308 to the same server only).
MAX_REDIRECTS = 3
#: The longest ``Retry-After`` obeyed, in seconds.
MAX_RETRY_AFTER = 60.0


class PushError(RuntimeError):
    """A push failed: the message (one line) says which graph, where (without credentials) and why."""


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

_USERINFO = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://)[^/@\s]*@")


def _redact(url: str) -> str:
    """Return ``url`` without user name or password, for messages and logs.

    Examples
    --------
    >>> _redact("http://analyst:s3cret@db.example:7878/store")
    'http://db.example:7878/store'
    """
    try:
        parts = urlsplit(url)
        if parts.username is None and parts.password is None:
            return url
        host = parts.hostname or ""
        if ":" in host:
            host = f"[{host}]"
        if parts.port is not None:
            host = f"{host}:{parts.port}"
        return urlunsplit((parts.scheme, host, parts.path, parts.query, parts.fragment))
    except ValueError:  # not a URL one can parse: drop anything that looks like user info
        return _USERINFO.sub(r"\1", url)


def check_endpoint(endpoint: str) -> str:
    """Check a Graph Store endpoint URL before anything is sent; return it without credentials.

    Raises
    ------
    PushError
        When it is not an ``http://`` or ``https://`` URL with a host (and a valid port).

    Examples
    --------
    >>> check_endpoint("http://analyst:s3cret@127.0.0.1:7878/store")
    'http://127.0.0.1:7878/store'
    >>> try:  # doctest: +ELLIPSIS
    ...     check_endpoint("127.0.0.1:7878/store")
    ... except PushError as error:
    ...     print(error)
    the endpoint '127.0.0.1:7878/store' is not an http:// or https:// URL with a host: give one like ...
    """
    shown = _redact(endpoint)
    problem = None
    try:
        parts = urlsplit(endpoint)
        _ = parts.port  # raises on a port that is not a number in 0..65535
    except ValueError as e:
        problem = str(e)
    else:
        if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
            problem = "not an http:// or https:// URL with a host"
        elif any(c.isspace() or ord(c) < 32 or ord(c) == 127 for c in endpoint):
            problem = "it holds spaces or control characters"
    if problem is not None:
        what = problem if problem.startswith("not") else f"not valid ({problem})"
        raise PushError(
            f"the endpoint {printable(shown)!r} is {what}: give one like http://127.0.0.1:7878/store"
        ) from None
    return shown


def _graphs(source: PushSource, include_ontology: bool) -> dict[str, list[ox.Triple]]:
    """Group the source's triples by graph name; a flat graphkit graph is regrouped by document."""
    quads = list(as_quads(source))
    if not any(isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value != ONTOLOGY for q in quads):
        # a Turtle file or a flat rdflib Graph: every document's statements in one graph. Read
        # back as graphkit's model, each document gets its named graph, as a TriG file has them
        from graphkit.rdf import to_quads
        from graphkit.readback import kg_from_quads

        kg = kg_from_quads(quads)
        if kg.documents:
            quads = to_quads(kg)
    graphs: dict[str, list[ox.Triple]] = {}
    for q in quads:
        name = "" if isinstance(q.graph_name, ox.DefaultGraph) else q.graph_name.value
        graphs.setdefault(name, []).append(q.triple)
    if include_ontology:
        graphs[ONTOLOGY] = [q.triple for q in ontology_quads()]
    return dict(sorted(graphs.items()))


_RETRY_STATUS = {408, 425, 429, 500, 502, 503, 504}


class _Deadline:
    """Shuts down the sockets of a session when a request overruns its total time.

    ``requests`` has only per-read timeouts: a server that sends a byte a second never trips
    them. The session's connections are recorded as they connect; a timer shuts them down (the
    blocked read returns at once) when the request's time is up.
    """

    def __init__(self) -> None:
        self.sockets: weakref.WeakSet[socket.socket] = weakref.WeakSet()
        self.fired = False
        self._timer: threading.Timer | None = None

    def mount(self, http: Any) -> None:
        from requests.adapters import HTTPAdapter
        from urllib3.connection import HTTPConnection, HTTPSConnection
        from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

        sockets = self.sockets

        class Connection(HTTPConnection):
            def connect(self) -> None:
                super().connect()
                sockets.add(self.sock)

        class SecureConnection(HTTPSConnection):
            def connect(self) -> None:
                super().connect()
                sockets.add(self.sock)

        class Pool(HTTPConnectionPool):
            ConnectionCls = Connection

        class SecurePool(HTTPSConnectionPool):
            ConnectionCls = SecureConnection

        class Adapter(HTTPAdapter):
            def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
                super().init_poolmanager(*args, **kwargs)
                self.poolmanager.pool_classes_by_scheme = {"http": Pool, "https": SecurePool}

        for prefix in ("http://", "https://"):
            http.mount(prefix, Adapter())

    def start(self, seconds: float) -> None:
        self.fired = False
        self._timer = threading.Timer(max(0.0, seconds), self._fire)
        self._timer.daemon = True
        self._timer.start()

    def stop(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _fire(self) -> None:
        self.fired = True
        for sock in list(self.sockets):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)


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
    replace_all: bool = False,
    include_ontology: bool = True,
    deadline: float | None = None,
    session: Any = None,
) -> PushReport:
    """Load a graph into a SPARQL 1.1 Graph Store HTTP Protocol endpoint, replacing each document's graph.

    Parameters
    ----------
    source : an RDF file (or files) graphkit wrote, in any format, a store directory, a pyoxigraph
        ``Store`` or a KnowledgeGraph; a flat one (Turtle) is regrouped into a graph per document
    endpoint : the Graph Store endpoint, e.g. ``http://127.0.0.1:7878/store``
    user, password : credentials for HTTP authentication (never logged)
    auth : ``basic`` or ``digest``
    timeout : the most seconds one request may take, from connecting to the end of the answer
    retries : how many times to retry a request that failed on the network, timed out or got a
        429/5xx answer (at most :data:`MAX_RETRIES`); waits ``backoff * 2**attempt`` seconds
        between tries, or what the server's ``Retry-After`` asks (at most a minute)
    replace_default : PUT the default graph (the actors) instead of merging it with POST; only
        right when ``source`` holds every actor the server should keep
    replace_all : replace the server's whole dataset with ``source``, in one PUT (the documents
        the source does not hold are removed); needs a server that takes a dataset (Oxigraph,
        Fuseki)
    include_ontology : also PUT the ontology into its graph, so server-side queries can use it
    deadline : the most seconds the whole push may take (None: no limit beyond the requests')
    session : a ``requests.Session``-like object to use (default a new one, whose requests are
        held to ``timeout`` in total; a session given here gets per-read timeouts only)

    Returns
    -------
    PushReport
        The graphs sent and their sizes.

    Raises
    ------
    PushError
        When the endpoint is not a URL, a request still fails after the retries, the server
        refuses it (4xx) or redirects it elsewhere, or the deadline passes.

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
    ...     print(*str(error).split(": ", 1), sep=":\\n")
    POST the default graph to http://127.0.0.1:9/store failed after 1 attempts:
    cannot connect (Connection refused)
    """
    import requests
    from requests.auth import HTTPBasicAuth, HTTPDigestAuth

    if auth not in ("basic", "digest"):
        raise ValueError(f"auth must be 'basic' or 'digest', not {auth!r}")
    shown = check_endpoint(endpoint)  # before reading the source: a typo costs nothing
    credentials = None
    cls = HTTPDigestAuth if auth == "digest" else HTTPBasicAuth
    if user is not None or password is not None:
        credentials = cls(user or "", password or "")
    elif urlsplit(endpoint).password is not None:
        # what requests would do with the URL's user:password, made explicit so they can be redacted
        parts = urlsplit(endpoint)
        credentials = cls(unquote(parts.username or ""), unquote(parts.password or ""))
    plan = _Plan(
        credentials=credentials,
        timeout=float(timeout),
        retries=max(0, min(int(retries), MAX_RETRIES)),
        backoff=max(0.0, float(backoff)),
        shown=shown,
        ends=None if deadline is None else time.monotonic() + float(deadline),
        limit=deadline,
    )
    http = session or requests.Session()
    if session is None:
        plan.watchdog = _Deadline()
        plan.watchdog.mount(http)
    report = PushReport(endpoint=shown)
    separator = "&" if "?" in shown else "?"
    try:
        graphs = _graphs(source, include_ontology)
        if replace_all:
            quads = (
                ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(name) if name else ox.DefaultGraph())
                for name, triples in graphs.items()
                for t in triples
            )
            body = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
            _send(http, plan, "PUT", shown, None, body, "the whole dataset", "application/n-quads")
            report.graphs.update({name: len(triples) for name, triples in graphs.items()})
            log.info("replaced the whole dataset at %s (%d graphs)", shown, len(graphs))
            return report
        for name, triples in graphs.items():
            body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
            if name:
                method, params, what = "PUT", {"graph": name}, f"graph <{name}>"
                url = shown
            else:
                method, params, what = ("PUT" if replace_default else "POST"), None, "the default graph"
                url = shown + separator + "default"
            _send(http, plan, method, url, params, body, what)
            report.graphs[name] = len(triples)
            log.info("pushed %s (%d triples) to %s", printable(what), len(triples), shown)
    finally:
        if session is None:
            http.close()
    return report


@dataclass
class _Plan:
    """How the requests of one push are made: credentials, limits, where they go (as shown)."""

    credentials: Any
    timeout: float
    retries: int
    backoff: float
    shown: str
    ends: float | None
    limit: float | None
    watchdog: _Deadline | None = None
    hops: int = 0  # redirects followed by the current request

    def left(self) -> float:
        return math.inf if self.ends is None else self.ends - time.monotonic()

    def out_of_time(self, what: str, why: str = "") -> PushError:
        return PushError(
            f"{what} to {self.shown} stopped: the push's deadline of {self.limit:g} s passed{why}"
        )


def _send(http, plan: _Plan, method, url, params, body, what, content_type="application/n-triples") -> None:
    headers = {"Content-Type": f"{content_type}; charset=utf-8"}
    label = printable(f"{method} {what}")
    plan.hops = 0
    attempt = 0
    while True:
        if plan.left() <= 0:
            raise plan.out_of_time(label)
        response, problem = _request(http, plan, method, url, params, body, headers)
        retry_after = None
        if response is not None:
            status = response.status_code
            if status < 300:
                return
            if status in (301, 302, 303, 307, 308):
                url, params = _redirected(response, plan, label, url, params), None
                continue
            # redacted before it is cut: half a token would still give half the password away
            detail = printable(_without_secrets(_body(response), plan.credentials)[:300].strip())
            problem = f"HTTP {status} {getattr(response, 'reason', '') or ''}".strip() + (
                f": {detail}" if detail else ""
            )
            if status not in _RETRY_STATUS:
                raise PushError(f"{label} to {plan.shown} was refused: {problem}")
            retry_after = _retry_after(response)
        if attempt >= plan.retries:
            raise PushError(f"{label} to {plan.shown} failed after {attempt + 1} attempts: {problem}")
        wait = retry_after if retry_after is not None else plan.backoff * (2**attempt)
        if wait >= plan.left():
            raise plan.out_of_time(label, f" (it failed: {problem}; the next try was due in {wait:.1f} s)")
        log.warning("%s to %s failed (%s); retrying in %.1f s", label, plan.shown, problem, wait)
        time.sleep(wait)
        attempt += 1


def _request(http, plan: _Plan, method, url, params, body, headers) -> tuple[Any, str]:
    """Make one request within the request's and the push's time; return (response, "") or
    (None, the problem in words)."""
    import requests

    limit = min(plan.timeout, plan.left())
    watchdog = plan.watchdog
    if watchdog is not None:
        watchdog.start(limit)
    try:
        response = http.request(
            method,
            url,
            params=params,
            data=body,
            headers=headers,
            auth=plan.credentials,
            timeout=limit,
            allow_redirects=False,
        )
        if watchdog is not None and watchdog.fired:
            raise requests.Timeout("cut off")
        return response, ""
    except requests.RequestException as error:
        if (watchdog is not None and watchdog.fired) or isinstance(error, requests.Timeout):
            return None, f"timed out: no complete answer within {limit:g} s"
        return None, _network_problem(error, plan.credentials)
    finally:
        if watchdog is not None:
            watchdog.stop()


_ERRNO = re.compile(r"\[Errno -?\d+\] ([^'\")\]]+)")


def _network_problem(error: Exception, credentials: Any) -> str:
    """One line for a network error, not urllib3's nested reprs: "cannot connect (Connection refused)"."""
    text = str(error)
    found = _ERRNO.search(text)
    if found is not None:
        reason = found.group(1).strip()
    elif "RemoteDisconnected" in text or "closed connection" in text:
        reason = "the server closed the connection"
    else:
        reason = type(error).__name__
    return printable(_without_secrets(f"cannot connect ({reason})", credentials))


def _body(response: Any) -> str:
    try:
        return response.text
    except Exception:  # noqa: BLE001 - an undecodable error page is no reason to hide the status
        return ""


def _redirected(response: Any, plan: _Plan, label: str, url: str, params: Any) -> str:
    """Return where a 307/308 to the same server leads (the whole URL); refuse any other redirect."""
    hops = plan.hops + 1
    location = response.headers.get("Location", "")
    target = _redact(urljoin(url, location))
    here, there = urlsplit(url), urlsplit(target)
    same = (here.scheme, here.hostname, here.port) == (there.scheme, there.hostname, there.port)
    why = None
    if response.status_code not in (307, 308):
        why = "a redirect that would change the request"
    elif not same:
        why = "a redirect to another server (the credentials are not sent there)"
    elif hops > MAX_REDIRECTS:
        why = f"more than {MAX_REDIRECTS} redirects"
    if why is not None:
        raise PushError(
            f"{label} to {plan.shown} was redirected to {printable(target)!r} (HTTP {response.status_code}): "
            f"{why} is not followed; give the endpoint it points to"
        )
    plan.hops = hops
    return target  # the whole new URL, its query included (as the server sent it)


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


def _retry_after(response: Any) -> float | None:
    """Return the wait a ``Retry-After`` header asks for, checked: seconds or an HTTP date, never
    negative, at most :data:`MAX_RETRY_AFTER`; None when absent or not a valid value."""
    value = (response.headers.get("Retry-After") or "").strip()
    if not value:
        return None
    if value.isdigit():  # delay-seconds = 1*DIGIT (RFC 9110): no sign, no fraction, no "nan"
        seconds = float(int(value[:6]))
    else:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError, OverflowError):
            return None
        if when is None or when.tzinfo is None:
            return None
        seconds = when.timestamp() - time.time()
    if not math.isfinite(seconds):
        return None
    return min(max(seconds, 0.0), MAX_RETRY_AFTER)
