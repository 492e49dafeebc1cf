"""Pushing to a real SPARQL server: the Oxigraph server of the ``oxigraph`` package, on loopback.

Each test starts ``oxigraph serve`` on a free port with a temporary directory, pushes, queries it
over HTTP, and stops it (always, in a ``finally``).
"""

from __future__ import annotations

import gc
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from kgfactory import DOC1, HEZBOLLAH, RUSSIA, make_kg

from graphkit.model import document_iri
from graphkit.push import PushError, push
from graphkit.query import load_query
from graphkit.rdf import relation_iri, to_quads, write_rdf
from graphkit.store import add_graph, open_store

pytestmark = pytest.mark.server


def _oxigraph() -> str:
    beside = Path(sys.executable).parent / "oxigraph"
    found = str(beside) if beside.exists() else shutil.which("oxigraph")
    if not found:
        pytest.fail("the `oxigraph` server is missing: pip install 'graphkit[test]' installs it")
    return found


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(tmp_path):
    """Yield the base URL of a fresh Oxigraph server; stop it afterwards whatever happened."""
    port = _free_port()
    log = (tmp_path / "server.log").open("wb")
    process = subprocess.Popen(
        [_oxigraph(), "serve", "--location", str(tmp_path / "db"), "--bind", f"127.0.0.1:{port}"],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                pytest.fail(f"oxigraph serve exited: {(tmp_path / 'server.log').read_text(errors='replace')}")
            try:
                if requests.get(f"{base}/query", params={"query": "ASK {}"}, timeout=1).ok:
                    break
            except requests.ConnectionError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("oxigraph serve did not answer within 30 s")
            time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def _select(base: str, query: str) -> list[dict[str, str]]:
    response = requests.get(
        f"{base}/query",
        params={"query": query, "union-default-graph": ""},
        headers={"Accept": "application/sparql-results+json"},
        timeout=10,
    )
    response.raise_for_status()
    return [{k: v["value"] for k, v in row.items()} for row in response.json()["results"]["bindings"]]


def _quads(base: str) -> int:
    named = _select(base, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")[0]["n"]
    response = requests.get(
        f"{base}/query",
        params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"},
        headers={"Accept": "application/sparql-results+json"},
        timeout=10,
    )
    default = response.json()["results"]["bindings"][0]["n"]["value"]
    return int(named) + int(default)


def test_push_query_and_push_again_without_duplicates(server):
    kg = make_kg()
    report = push(kg, f"{server}/store")
    expected = len(to_quads(kg)) + report.graphs["https://w3id.org/graphkit/ontology"]
    assert _quads(server) == expected

    # the README question, answered by the server itself
    rows = _select(server, load_query("arms_suppliers_with_evidence"))
    assert [(r["supplier_label"], r["recipient_label"], r["according_to"]) for r in rows] == [
        ("Russia", "Hezbollah", "Hezbollah")
    ]
    assert rows[0]["evidence"] == kg.statements[0].evidence.text

    push(kg, f"{server}/store")
    assert _quads(server) == expected


def test_a_changed_document_replaces_its_graph_on_the_server(server):
    push(make_kg(), f"{server}/store")
    changed = make_kg()
    changed.statements = [s for s in changed.statements if s.relation.name != "arms"]
    push(changed, f"{server}/store")
    ask = f"ASK {{ GRAPH <{document_iri(DOC1)}> {{ <{RUSSIA}> <{relation_iri('arms')}> <{HEZBOLLAH}> }} }}"
    response = requests.get(
        f"{server}/query",
        params={"query": ask},
        headers={"Accept": "application/sparql-results+json"},
        timeout=10,
    )
    assert response.json()["boolean"] is False
    statements = _select(
        server, "PREFIX gk: <https://w3id.org/graphkit/ontology#> SELECT ?s WHERE { ?s a gk:Statement }"
    )
    assert len(statements) == len(changed.statements)


def test_push_a_file_and_a_store_directory(server, tmp_path):
    kg = make_kg()
    store = open_store(tmp_path / "store")
    add_graph(store, kg)
    del store
    gc.collect()
    from_store = push(tmp_path / "store", f"{server}/store")
    after_store = _quads(server)
    from_file = push(write_rdf(kg, tmp_path / "graph.nq"), f"{server}/store")
    assert from_file.graphs == from_store.graphs
    assert _quads(server) == after_store


def test_a_wrong_endpoint_is_a_clear_error(server):
    with pytest.raises(PushError, match="refused: HTTP 404"):
        push(make_kg(), f"{server}/no-such-endpoint", password="s3cret", user="me")


def _document_graphs(base: str) -> set[str]:
    rows = _select(base, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
    return {r["g"] for r in rows} - {"https://w3id.org/graphkit/ontology"}


def test_a_turtle_file_reaches_the_server_as_one_graph_per_document_and_replaces_them(server, tmp_path):
    kg = make_kg()
    turtle = write_rdf(kg, tmp_path / "graph.ttl")  # flat: no graph names in the file
    push(turtle, f"{server}/store")
    assert _document_graphs(server) == {d.iri for d in kg.documents.values()}
    expected = _quads(server)
    changed = make_kg()
    changed.statements = [s for s in changed.statements if s.relation.name != "arms"]
    push(write_rdf(changed, tmp_path / "changed.ttl"), f"{server}/store")  # a rebuild, pushed again
    ask = f"ASK {{ GRAPH ?g {{ <{RUSSIA}> <{relation_iri('arms')}> <{HEZBOLLAH}> }} }}"
    response = requests.get(
        f"{server}/query",
        params={"query": ask},
        headers={"Accept": "application/sparql-results+json"},
        timeout=10,
    )
    assert response.json()["boolean"] is False  # the stale statement did not pile up
    assert _quads(server) < expected


def test_replace_all_removes_the_documents_not_sent(server):
    kg = make_kg()
    push(kg, f"{server}/store")
    one = make_kg()
    keep = DOC1
    one.documents = {k: v for k, v in one.documents.items() if k == keep}
    one.statements = [s for s in one.statements if s.doc == keep]
    one.mentions = [m for m in one.mentions if m.doc == keep]
    push(one, f"{server}/store")  # per document: the other one stays
    assert len(_document_graphs(server)) == 2
    push(one, f"{server}/store", replace_all=True)
    assert _document_graphs(server) == {document_iri(keep)}
