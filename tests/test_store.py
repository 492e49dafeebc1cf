"""The embedded store (incremental, no duplicates, persistent) and pushing over the Graph Store Protocol.

The push tests here run against a small in-process HTTP server that misbehaves on purpose (retries,
refusals, authentication); tests/test_push_server.py pushes to a real Oxigraph server.
"""

from __future__ import annotations

import base64
import gc
import logging
import threading
import time
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pyoxigraph as ox
import pytest
from kgfactory import DOC1, DOC2, HEZBOLLAH, RUSSIA, canonical, make_kg, results, sorted_aliases
from stub_http import reply

from graphkit.model import KnowledgeGraph, text_hash
from graphkit.namespaces import ONTOLOGY
from graphkit.rdf import relation_iri, to_quads, write_rdf
from graphkit.store import (
    PushError,
    add_graph,
    add_results,
    has_document,
    open_store,
    push,
    remove_document,
    store_documents,
    store_to_kg,
)
from graphkit.validate import validate


def _expected() -> KnowledgeGraph:
    """What the store should hold after adding every result of the test graph."""
    return sorted_aliases(KnowledgeGraph().extend(results(make_kg())))


def _data_quads(store: ox.Store) -> int:
    return sum(1 for q in store if q.graph_name != ox.NamedNode(ONTOLOGY))


def _arms_triple_in(store: ox.Store) -> bool:
    arms = ox.NamedNode(relation_iri("arms"))
    return any(store.quads_for_pattern(ox.NamedNode(RUSSIA), arms, ox.NamedNode(HEZBOLLAH), None))


def test_results_go_in_and_come_back_out(tmp_path):
    store = open_store(tmp_path / "store")
    assert add_results(store, results(make_kg())) == 2
    assert canonical(store_to_kg(store)) == canonical(_expected())
    assert validate(store)[0]


def test_adding_a_document_again_never_duplicates(tmp_path):
    store = open_store(tmp_path / "store")
    add_results(store, results(make_kg()))
    before = set(store)
    add_results(store, results(make_kg()))
    assert set(store) == before
    # the whole graph once more: only Lebanon, an actor that no document mentions, is new
    add_graph(store, make_kg())
    lebanon = {q for q in to_quads(make_kg()) if q.subject.value.endswith("/LBN")}
    assert lebanon and set(store) == before | lebanon
    assert sum(1 for s in store_to_kg(store).statements if s.doc == DOC1) == 4


def test_a_changed_document_replaces_the_old_one(tmp_path):
    store = open_store(tmp_path / "store")
    add_results(store, results(make_kg()))
    assert _arms_triple_in(store)

    changed = make_kg()
    changed.statements = [s for s in changed.statements if s.relation.name != "arms"]
    new_text_hash = text_hash("the corrected article")
    changed.documents[DOC1] = replace(changed.documents[DOC1], text_hash=new_text_hash)
    add_results(store, [r for r in results(changed) if r.document.id == DOC1])

    assert not _arms_triple_in(store)
    back = store_to_kg(store)
    assert [s.relation.name for s in back.statements if s.doc == DOC1] == [
        "strikes",
        "allied_with",
        "spokesperson_for",
    ]
    assert any(s.doc == DOC2 for s in back.statements)  # the other document is untouched
    assert has_document(store, DOC1, new_text_hash)
    assert not has_document(store, DOC1, make_kg().documents[DOC1].text_hash)


def test_store_is_persistent_and_incremental(tmp_path):
    first, second = results(make_kg())
    store = open_store(tmp_path / "store")
    add_results(store, [first])
    del store
    gc.collect()  # closes the store: only one process or handle may hold the directory

    store = open_store(tmp_path / "store")
    assert has_document(store, first.document.id, first.document.text_hash)
    assert not has_document(store, second.document.id)
    add_results(store, [second])
    assert store_documents(store) == {
        DOC1: make_kg().documents[DOC1].text_hash,
        DOC2: make_kg().documents[DOC2].text_hash,
    }
    assert canonical(store_to_kg(store)) == canonical(_expected())


def test_actor_descriptions_are_replaced_not_merged(tmp_path):
    store = open_store(tmp_path / "store")
    add_graph(store, make_kg())
    renamed = make_kg()
    renamed.actors[RUSSIA] = replace(renamed.actors[RUSSIA], label="Russian Federation", aliases=("Russia",))
    add_graph(store, renamed)
    assert store_to_kg(store).actors[RUSSIA] == renamed.actors[RUSSIA]


def test_remove_document(tmp_path):
    store = open_store(tmp_path / "store")
    add_graph(store, make_kg())
    assert remove_document(store, DOC1)
    assert not remove_document(store, DOC1)
    assert {s.doc for s in store_to_kg(store).statements} == {DOC2}


def test_the_ontology_graph_is_loaded_once(tmp_path):
    store = open_store(tmp_path / "store")
    n = len(store)
    del store
    gc.collect()
    assert len(open_store(tmp_path / "store")) == n > 0


# -- push: retries, refusals, credentials ---------------------------------------------------------
class _Server:
    """A Graph Store endpoint that answers with the statuses it is given, and records requests."""

    def __init__(self, statuses=(), delay=0.0, digest=False):
        self.statuses = list(statuses)
        self.delay = delay
        self.digest = digest
        self.requests: list[tuple[str, str, dict[str, str], bytes]] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                outer.requests.append((self.command, self.path, dict(self.headers), body))
                time.sleep(outer.delay)
                auth = self.headers.get("Authorization", "")
                if outer.digest and not auth.startswith("Digest "):
                    challenge = 'Digest realm="graphs", nonce="n0nce", qop="auth"'
                    reply(self, 401, headers={"WWW-Authenticate": challenge})
                    return
                status = outer.statuses.pop(0) if outer.statuses else 204
                reply(self, status, b"nope: the password was s3cret!" if status >= 400 else b"")

            do_PUT = do_POST = _answer

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/store"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


def test_push_puts_each_document_graph_and_posts_the_actors():
    with _Server() as server:
        report = push(make_kg(), server.url, include_ontology=False)
    methods = [(method, path.split("?", 1)[1]) for method, path, _, _ in server.requests]
    assert methods[0] == ("POST", "default")
    assert sorted(m for m, _ in methods[1:]) == ["PUT", "PUT"]
    assert all(q.startswith("graph=https%3A%2F%2Fw3id.org%2Fgraphkit%2Fdoc%2F") for _, q in methods[1:])
    assert report.triples == len(to_quads(make_kg()))
    body = server.requests[1][3]
    assert {t.subject.value for t in ox.parse(body, format=ox.RdfFormat.N_TRIPLES)} >= {
        s.id for s in make_kg().statements if s.doc == DOC1
    }


def test_push_retries_server_errors_with_backoff():
    with _Server(statuses=[503, 502]) as server:
        started = time.monotonic()
        push(make_kg(), server.url, retries=3, backoff=0.05, include_ontology=False)
        elapsed = time.monotonic() - started
    assert len(server.requests) == 3 + 2  # the first graph took three tries, the others one each
    assert elapsed >= 0.05 + 0.1  # waited backoff, then twice the backoff


def test_push_gives_up_with_a_clear_error_and_no_password(caplog):
    caplog.set_level(logging.DEBUG)
    with _Server(statuses=[500] * 10) as server, pytest.raises(PushError) as error:
        push(make_kg(), server.url, user="analyst", password="s3cret", retries=2, backoff=0.01)
    message = str(error.value)
    assert "failed after 3 attempts" in message and "HTTP 500" in message and "127.0.0.1" in message
    assert "s3cret" not in message
    assert all("s3cret" not in record.getMessage() for record in caplog.records)
    assert any("retrying" in record.getMessage() for record in caplog.records)


def test_push_does_not_retry_a_refusal():
    with _Server(statuses=[403]) as server, pytest.raises(PushError, match="refused: HTTP 403"):
        push(make_kg(), server.url, retries=5, backoff=0.01)
    assert len(server.requests) == 1


def test_push_times_out_and_says_so():
    with _Server(delay=0.5) as server, pytest.raises(PushError, match="timed out"):
        push(make_kg(), server.url, timeout=0.1, retries=1, backoff=0.01)


def test_push_sends_basic_credentials_and_keeps_them_out_of_the_url_in_messages():
    with _Server() as server:
        credentials_url = server.url.replace("http://", "http://someone:hunter2@")
        report = push(make_kg(), credentials_url, user="analyst", password="s3cret", include_ontology=False)
    expected = "Basic " + base64.b64encode(b"analyst:s3cret").decode()
    assert all(headers.get("Authorization") == expected for _, _, headers, _ in server.requests)
    assert "hunter2" not in report.endpoint and "someone" not in report.endpoint


def test_push_answers_a_digest_challenge():
    with _Server(digest=True) as server:
        push(make_kg(), server.url, user="analyst", password="s3cret", auth="digest", include_ontology=False)
    answered = [h["Authorization"] for _, _, h, _ in server.requests if "Authorization" in h]
    assert answered and all(a.startswith("Digest ") and 'username="analyst"' in a for a in answered)
    assert all("s3cret" not in a for a in answered)


def test_push_reads_files_and_store_directories(tmp_path):
    kg = make_kg()
    path = write_rdf(kg, tmp_path / "graph.trig")
    store = open_store(tmp_path / "store")
    add_graph(store, kg)
    del store
    gc.collect()
    with _Server() as server:
        from_file = push(path, server.url)
        from_store = push(tmp_path / "store", server.url)
    assert from_file.graphs == from_store.graphs
    assert set(from_file.graphs) == {"", ONTOLOGY, *(d.iri for d in kg.documents.values())}


def test_a_run_stopped_before_the_move_leaves_the_old_version(tmp_path):
    """A replacement is staged first: until its one-transaction MOVE, readers see the old version."""
    path = tmp_path / "store"
    store = open_store(path)
    add_results(store, results(make_kg()))
    before = set(store)
    doc_graph = next(g for g in store.named_graphs() if g.value != ONTOLOGY)
    # what a run killed after staging and before the move leaves behind
    staged = ox.NamedNode(doc_graph.value + "#graphkit-staging")
    store.extend(
        [ox.Quad(ox.NamedNode(RUSSIA), ox.NamedNode(relation_iri("strikes")), ox.Literal("junk"), staged)]
    )
    assert _arms_triple_in(store)
    del store
    gc.collect()
    reopened = open_store(path)
    assert set(reopened) == before  # the staging graph is dropped, the old version intact
    assert not any(g.value.endswith("#graphkit-staging") for g in reopened.named_graphs())


def test_replacing_a_document_leaves_no_staging_graph(tmp_path):
    store = open_store(tmp_path / "store")
    add_results(store, results(make_kg()))
    add_results(store, results(make_kg()))
    assert not any(g.value.endswith("#graphkit-staging") for g in store.named_graphs())
    assert canonical(store_to_kg(store)) == canonical(_expected())


def test_reopen_store_keeps_what_open_store_drops(tmp_path):
    # a build that closes its store mid-load opens it again with reopen_store: the documents still
    # staged must survive it (open_store drops them, as what a crashed load left)
    import pyoxigraph as ox

    from graphkit.quads import STAGING_SUFFIX
    from graphkit.store import open_store, reopen_store

    staged = ox.NamedNode("https://example.org/doc/d1" + STAGING_SUFFIX)
    s, p = ox.NamedNode("https://example.org/s"), ox.NamedNode("https://example.org/p")
    quad = ox.Quad(s, p, ox.Literal("o"), staged)
    store = open_store(tmp_path)
    store.add(quad)
    del store
    store = reopen_store(tmp_path)
    assert list(store.quads_for_pattern(None, None, None, staged)) == [quad]
    del store
    store = open_store(tmp_path)
    assert list(store.quads_for_pattern(None, None, None, staged)) == []
