"""Article text is hostile: it never runs in the view, never becomes SPARQL, and secrets never leak.

End to end: hostile articles go through ``graphkit build``; the page, the queries and the pushes are
then checked from the outside (the unit tests of each module check the same from the inside).
"""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pyoxigraph as ox
import pytest
from stub_http import reply

from graphkit.query import run_named_query, sparql, to_store

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = "</script><script>alert(1)</script>"
IMG = "<img src=x onerror=alert(4)>"
ARTICLES = [
    {
        "id": 'evil"><script>alert(5)</script>',
        "title": "<img src=x onerror=alert(6)> Arms news",
        "url": "javascript:alert(3)",
        "source": '"><script>alert(2)</script>',
        "date": "2024-03-01",
        "text": f"Russia is supplying Hezbollah with rockets {SCRIPT} and drones.\n\n"
        f"Iran condemned Israel {IMG} for the strikes.",
    },
    {
        "id": "data-url",
        "url": "JaVaScRiPt:alert(7)",
        "source": "data:text/html,<script>alert(8)</script>",
        "text": 'The United States condemned Iran for the attack on the "ship" \\ in the Gulf.',
    },
]
SECRET = "TOP-SECRET-OUTSIDE-THE-CORPUS"
PASSWORD = "s3cret-Pa55"
INJECTIONS = [
    '"} ; DROP ALL ; #',
    "' } UNION { ?s ?p ?o } #",
    '") } } DELETE WHERE { ?s ?p ?o } #',
    'Hezbollah" || true || "',
    "<https://w3id.org/graphkit/actor/hezbollah>",
    "\\u0022 } INSERT DATA { <urn:a> <urn:b> <urn:c> } #",
    "Hezbollah\n} ; CLEAR DEFAULT",
]


def _graphkit(
    *args: str, env: dict[str, str] | None = None, timeout: float = 300
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "graphkit.cli", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """``graphkit build`` over hostile articles and a link to a secret outside the folder."""
    base = tmp_path_factory.mktemp("hostile")
    corpus = base / "corpus"
    corpus.mkdir()
    (corpus / "news.jsonl").write_text("".join(json.dumps(a) + "\n" for a in ARTICLES), encoding="utf-8")
    (base / "secret.txt").write_text(f"Russia arms Iran. {SECRET}", encoding="utf-8")
    os.symlink(base / "secret.txt", corpus / "secret.txt")
    out = base / "out"
    result = _graphkit(
        "build",
        str(corpus),
        "-o",
        str(out),
        "--workers",
        "1",
        "--formats",
        "ttl",
        "--store",
        str(base / "store"),
    )
    assert result.returncode == 3, result.stderr  # the link was skipped
    return out


def test_nothing_is_read_through_a_link_out_of_the_folder(built):
    for path in built.iterdir():
        assert SECRET.encode() not in path.read_bytes(), path.name
    report = [json.loads(line) for line in (built / "report.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [(Path(r["where"]).name, r["skipped"]) for r in report] == [("secret.txt", True)]
    assert "outside the input folder" in report[0]["reason"]


# -- the HTML view ------------------------------------------------------------------------------
def test_article_markup_never_appears_raw_in_the_page(built):
    from graphkit.model import KnowledgeGraph
    from graphkit.view import render_html

    page = (built / "graph.html").read_text(encoding="utf-8")
    rows = [
        json.loads(line) for line in (built / "statements.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    evidence = {r["evidence"]["text"] for r in rows}
    assert any(SCRIPT in e for e in evidence) and any(IMG in e for e in evidence), (
        "the payloads must be in the graph"
    )
    for payload in (SCRIPT, IMG, "<script>alert(5)", "<script>alert(2)", "<img src=x onerror=alert(6)>"):
        assert payload not in page, payload
    benign = render_html(KnowledgeGraph())
    assert page.lower().count("<script") == benign.lower().count("<script")
    assert page.lower().count("<img") == benign.lower().count("<img")


# screen position of the middle of every edge (vis-network's own geometry)
EDGE_MIDDLES = """() => {
  const network = window.graphkit.network;
  const box = document.getElementById('gk-network').getBoundingClientRect();
  return network.body.data.edges.get().map((e) => {
    const p = network.canvasToDOM(network.body.edges[e.id].edgeType.getPoint(0.5));
    return {x: p.x + box.left, y: p.y + box.top};
  });
}"""


@pytest.mark.slow
@pytest.mark.browser
def test_article_text_stays_inert_in_a_real_browser(built):
    from browser import CHROMIUM, offline_page, open_view

    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"no Chromium at {CHROMIUM}: install Debian's chromium package")
    with offline_page() as (page, report):
        open_view(page, report, built / "graph.html")
        assert page.evaluate("() => document.querySelectorAll('img').length") == 0
        middles = page.evaluate(EDGE_MIDDLES)
        assert len(middles) >= 3
        shown = []
        for at in middles:  # open every tie's details: the evidence and its document's metadata
            page.mouse.click(at["x"], at["y"])
            page.wait_for_timeout(150)
            details = page.locator("#gk-details-body")
            shown.append(details.text_content() or "")
            assert details.locator("img, script, iframe, object").count() == 0
            hrefs = details.locator("a").evaluate_all("(links) => links.map((a) => a.getAttribute('href'))")
            assert not [h for h in hrefs if not h.lower().startswith(("http://", "https://", "#"))], hrefs
        assert any(SCRIPT in text for text in shown), "the evidence must be shown, as text"
        assert page.evaluate("() => document.scripts.length") == 3
        page.wait_for_timeout(300)
    assert report.dialogs == [], f"article text ran as script: {report.dialogs}"
    assert report.page_errors == [] and report.blocked == []


# -- SPARQL -------------------------------------------------------------------------------------
SUPPLIERS = """PREFIX gk: <https://w3id.org/graphkit/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?name ?supplier WHERE { ?r skos:prefLabel ?name . ?supplier gk:arms ?r }"""


@pytest.mark.parametrize("payload", INJECTIONS)
def test_injection_attempts_are_matched_as_text_and_change_nothing(built, payload):
    store = to_store(built / "graph.ttl")  # with the ontology, as every query sees it
    size = len(store)
    assert size > 100
    assert sparql(store, SUPPLIERS, name=payload).empty
    assert run_named_query(store, "arms_suppliers_with_evidence", recipient=payload).empty
    assert len(store) == size
    assert sparql(store, SUPPLIERS, name="Hezbollah")["supplier"].tolist() == [
        "https://w3id.org/graphkit/actor/RUS"
    ]


def test_injection_through_the_command_line_is_a_literal_too(built):
    store = built.parent / "store"
    size = len(ox.Store.read_only(str(store)))
    for payload in INJECTIONS[:3]:
        result = _graphkit(
            "query",
            "arms_suppliers_with_evidence",
            "--store",
            str(store),
            "--bind",
            f"recipient={payload}",
            "--format",
            "json",
        )
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout) == []
    result = _graphkit(
        "query",
        "arms_suppliers_with_evidence",
        "--graph",
        str(built / "graph.ttl"),
        "--bind",
        "recipient=Hezbollah",
        "--format",
        "json",
    )
    (row,) = json.loads(result.stdout)
    assert row["evidence"].strip() == f"Russia is supplying Hezbollah with rockets {SCRIPT} and drones."
    assert row["document"] == ARTICLES[0]["id"]
    assert len(ox.Store.read_only(str(store))) == size


# -- pushing ------------------------------------------------------------------------------------
class _Endpoint:
    """A Graph Store endpoint that hangs, fails, or echoes the request's headers in its errors."""

    def __init__(self, statuses=(), delay: float = 0.0, echo: bool = False):
        self.statuses, self.delay, self.echo = list(statuses), delay, echo
        self.requests: list[tuple[str, dict]] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self):
                self.rfile.read(int(self.headers.get("Content-Length", 0)))
                outer.requests.append((self.command, dict(self.headers)))
                time.sleep(outer.delay)
                status = outer.statuses.pop(0) if outer.statuses else 204
                body = b""
                if status >= 400 and outer.echo:  # a server that quotes the request in its error page
                    body = "\n".join(f"{k}: {v}" for k, v in self.headers.items()).encode()
                reply(self, status, body)  # quiet if the client gave up: the point of the timeout test

            do_PUT = do_POST = _answer

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        port = self.httpd.server_address[1]
        self.url = f"http://127.0.0.1:{port}/store"
        self.url_with_userinfo = f"http://alice:{PASSWORD}@127.0.0.1:{port}/store"

    def __enter__(self):
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


def _secrets_absent(text: str) -> None:
    assert PASSWORD not in text
    assert base64.b64encode(f"analyst:{PASSWORD}".encode()).decode() not in text
    assert base64.b64encode(f"alice:{PASSWORD}".encode()).decode() not in text


def test_a_push_to_a_hanging_endpoint_times_out_with_a_clear_error_and_no_password(built):
    with _Endpoint(delay=5) as endpoint:
        started = time.monotonic()
        result = _graphkit(
            "push",
            str(built / "graph.ttl"),
            "--endpoint",
            endpoint.url_with_userinfo,
            "--user",
            "analyst",
            "--timeout",
            "0.3",
            "--retries",
            "1",
            env={"GRAPHKIT_PASSWORD": PASSWORD},
        )
        elapsed = time.monotonic() - started
    assert result.returncode == 1
    assert "push failed" in result.stderr and "2 attempts" in result.stderr
    assert "timed out" in result.stderr.lower() or "timeout" in result.stderr.lower()
    assert elapsed < 4.5, f"took {elapsed:.1f} s: the timeout did not hold"
    assert len(endpoint.requests) == 2
    _secrets_absent(result.stdout + result.stderr)


def test_a_push_retries_with_backoff_then_succeeds(built):
    with _Endpoint(statuses=[503, 502]) as endpoint:
        result = _graphkit(
            "push",
            str(built / "graph.ttl"),
            "--endpoint",
            endpoint.url,
            "--user",
            "analyst",
            "--retries",
            "3",
            env={"GRAPHKIT_PASSWORD": PASSWORD},
        )
    assert result.returncode == 0, result.stderr
    assert "pushed" in result.stderr and "retrying" in result.stderr
    first = [h for _, h in endpoint.requests[:3]]
    assert all(h["Authorization"] == first[0]["Authorization"] for h in first)  # the same request, again
    _secrets_absent(result.stdout + result.stderr)


def test_a_refusal_that_echoes_the_credentials_does_not_leak_them(built):
    with _Endpoint(statuses=[400], echo=True) as endpoint:
        result = _graphkit(
            "push",
            str(built / "graph.ttl"),
            "--endpoint",
            endpoint.url_with_userinfo,
            "--user",
            "analyst",
            env={"GRAPHKIT_PASSWORD": PASSWORD},
        )
    assert result.returncode == 1
    assert "refused" in result.stderr and "HTTP 400" in result.stderr
    assert "Authorization" in result.stderr  # the server's text is shown...
    _secrets_absent(result.stdout + result.stderr)  # ...without the credentials in it


def test_credentials_given_in_the_endpoint_url_do_not_leak_either(built):
    with _Endpoint(statuses=[400], echo=True) as endpoint:
        result = _graphkit("push", str(built / "graph.ttl"), "--endpoint", endpoint.url_with_userinfo)
    assert result.returncode == 1 and "HTTP 400" in result.stderr
    assert endpoint.requests[0][1]["Authorization"].startswith("Basic ")  # the URL's credentials were used
    _secrets_absent(result.stdout + result.stderr)
