"""Pushing is bounded in time and quiet about secrets, against servers that misbehave on loopback.

A server that trickles its answer a byte a second, one that asks to wait with hostile
``Retry-After`` values, one that redirects, and URLs that are not endpoints: each push ends in
bounded time, with one clear line, a non-zero exit from the CLI, and never a password.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from kgfactory import make_kg

from graphkit.push import MAX_RETRY_AFTER, PushError, _retry_after, check_endpoint, push
from graphkit.rdf import write_rdf

PASSWORD = "tr1ckle-Pa55"


class _Trickle:
    """A server that reads the request, then sends a valid answer one byte every ``pace`` seconds."""

    def __init__(self, pace: float = 1.0):
        self.pace = pace
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.url = f"http://analyst:{PASSWORD}@127.0.0.1:{self.sock.getsockname()[1]}/store"
        self.connections = 0
        self.stop = threading.Event()

    def _serve(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.connections += 1
            threading.Thread(target=self._answer, args=(conn,), daemon=True).start()

    def _answer(self, conn: socket.socket) -> None:
        with conn:
            conn.settimeout(5)
            try:
                data = b""
                while b"\r\n\r\n" not in data:
                    data += conn.recv(65536)
                answer = b"HTTP/1.1 204 No Content\r\nX-Padding: " + b"." * 200 + b"\r\n\r\n"
                for byte in answer:
                    if self.stop.wait(self.pace):
                        return
                    conn.sendall(bytes([byte]))
            except OSError:
                return  # the client hung up: what a deadline does

    def __enter__(self):
        threading.Thread(target=self._serve, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.sock.close()


class _Answers:
    """A server that answers each request with the next (status, headers) it is given, then 204."""

    def __init__(self, answers=()):
        self.answers = list(answers)
        self.paths: list[str] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self):
                self.rfile.read(int(self.headers.get("Content-Length", 0)))
                outer.paths.append(self.path)
                status, headers = outer.answers.pop(0) if outer.answers else (204, {})
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v.replace("{port}", str(outer.port)))
                self.send_header("Content-Length", "0")
                self.end_headers()

            do_PUT = do_POST = _answer

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}/store"

    def __enter__(self):
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


def _graphkit(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "graphkit.cli", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "GRAPHKIT_PASSWORD": PASSWORD},
    )


@pytest.fixture(scope="module")
def turtle(tmp_path_factory) -> Path:
    return write_rdf(make_kg(), tmp_path_factory.mktemp("push") / "graph.ttl")


# -- a total deadline per request and per run ------------------------------------------------------
def test_a_trickling_server_is_cut_off_at_the_request_timeout():
    with _Trickle(pace=0.2) as server:  # 200+ bytes at 5 a second: 40 s for the whole answer
        started = time.monotonic()
        with pytest.raises(PushError) as error:
            push(make_kg(), server.url, timeout=1.0, retries=1, backoff=0.1, include_ontology=False)
        elapsed = time.monotonic() - started
    assert elapsed < 4, f"{elapsed:.1f} s: the per-read timeout was reset by every byte"
    assert "timed out" in str(error.value) and "2 attempts" in str(error.value)
    assert PASSWORD not in str(error.value) and "analyst" not in str(error.value)


def test_the_whole_push_has_a_deadline():
    with _Trickle(pace=0.2) as server:
        started = time.monotonic()
        with pytest.raises(PushError, match="deadline of 1.5 s passed"):
            push(make_kg(), server.url, timeout=1.0, retries=10, backoff=0.01, deadline=1.5)
        assert time.monotonic() - started < 3.5


def test_push_timeout_5_against_a_byte_a_second_ends_in_about_5_seconds(turtle):
    with _Trickle(pace=1.0) as server:
        started = time.monotonic()
        result = _graphkit("push", str(turtle), "--endpoint", server.url, "--timeout", "5", "--retries", "0")
        elapsed = time.monotonic() - started
    assert result.returncode == 1
    assert elapsed < 10, f"{elapsed:.1f} s for one attempt"
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("push failed:") and "within 5 s" in lines[0], result.stderr
    assert PASSWORD not in result.stdout + result.stderr


# -- Retry-After and bounded retries --------------------------------------------------------------
class _Headers:
    def __init__(self, value):
        self.headers = {"Retry-After": value}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2", 2.0),
        ("86400", MAX_RETRY_AFTER),  # capped
        ("-5", None),  # not 1*DIGIT: ignored (backoff instead), never a negative sleep
        ("nan", None),
        ("inf", None),
        ("1e9", None),
        ("Wed, 21 Oct 2015 07:28:00 GMT", 0.0),  # a date in the past: no wait
        ("soon", None),
        ("9" * 400, MAX_RETRY_AFTER),
    ],
)
def test_retry_after_values_are_checked(value, expected):
    assert _retry_after(_Headers(value)) == expected


def test_a_hostile_retry_after_neither_crashes_nor_stalls_the_push():
    with _Answers(
        [(503, {"Retry-After": "nan"}), (429, {"Retry-After": "-1"}), (503, {"Retry-After": "0"})]
    ) as s:
        started = time.monotonic()
        push(make_kg(), s.url, retries=3, backoff=0.01, include_ontology=False)
        assert time.monotonic() - started < 3
    assert len(s.paths) == 4 + 2  # the first graph: three failures then a success; one try each after


def test_retries_are_bounded_whatever_is_asked():
    with _Answers([(503, {})] * 50) as s, pytest.raises(PushError, match="after 11 attempts"):
        push(make_kg(), s.url, retries=1000, backoff=0.0, include_ontology=False)
    assert len(s.paths) == 11


# -- redirects ------------------------------------------------------------------------------------
def test_same_server_307_and_308_redirects_are_followed():
    with _Answers(
        [(307, {"Location": "/moved?default"}), (308, {"Location": "http://127.0.0.1:{port}/m"})]
    ) as s:
        push(make_kg(), s.url, include_ontology=False)
    assert s.paths[:3] == ["/store?default", "/moved?default", "/m"]  # Location is the whole new URL
    assert len(s.paths) == 3 + 2


def test_redirects_to_another_server_or_without_end_are_refused_with_a_clear_line():
    elsewhere = {"Location": "http://user:pw@198.51.100.7:8080/steal"}
    with _Answers([(307, elsewhere)]) as s, pytest.raises(PushError) as error:
        push(make_kg(), s.url, password="s3cret", include_ontology=False)
    message = str(error.value)
    assert "another server" in message and "198.51.100.7" in message and "pw@" not in message
    assert len(s.paths) == 1  # nothing was sent there
    loop = [(308, {"Location": "/store"})] * 10
    with _Answers(loop) as s, pytest.raises(PushError, match="more than 3 redirects"):
        push(make_kg(), s.url, include_ontology=False)
    with _Answers([(302, {"Location": "/other"})]) as s, pytest.raises(PushError, match="not followed"):
        push(make_kg(), s.url, include_ontology=False)


# -- the endpoint is checked before anything is sent ----------------------------------------------
@pytest.mark.parametrize(
    "endpoint",
    ["127.0.0.1:7878/store", "ftp://host/store", "http:///store", "http://host:99999/store", "http://h st/x"],
)
def test_an_endpoint_that_is_not_a_url_is_refused_up_front(endpoint):
    with pytest.raises(PushError, match="the endpoint .* is not"):
        check_endpoint(endpoint)


def test_the_cli_says_one_line_for_a_bad_url_and_a_dead_port(turtle):
    bad = _graphkit("push", str(turtle), "--endpoint", f"localhost:7878/store?pw={PASSWORD}x")
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    assert "not an http:// or https:// URL" in bad.stderr
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    dead = _graphkit(
        "push",
        str(turtle),
        "--endpoint",
        f"http://analyst:{PASSWORD}@127.0.0.1:{port}/store",
        "--retries",
        "1",
    )
    assert dead.returncode == 1 and "Traceback" not in dead.stderr
    failures = [line for line in dead.stderr.splitlines() if line.startswith("push failed")]
    assert len(failures) == 1 and "cannot connect (Connection refused)" in failures[0], dead.stderr
    assert "urllib3" not in dead.stderr and "HTTPConnection" not in dead.stderr
    assert PASSWORD not in dead.stderr + dead.stdout
