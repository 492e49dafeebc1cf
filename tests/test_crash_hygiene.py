"""What a crash leaves behind is never read, and what a run prints cannot drive the terminal.

A staging graph left by ``kill -9`` during a store update is invisible to ``query --store``,
``push --store`` and :func:`~graphkit.store.store_to_kg`; a temporary output file left by a killed
run is removed by the next one; SIGINT and SIGTERM end a run with a line saying what was kept;
control characters in file names and reasons are escaped in every message.
"""

from __future__ import annotations

import gc
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from kgfactory import RUSSIA, make_kg, results

from graphkit.io import atomic_write
from graphkit.quads import STAGING_SUFFIX, as_quads
from graphkit.query import sparql, to_store
from graphkit.rdf import relation_iri
from graphkit.store import add_results, open_store, store_to_kg
from graphkit.text import printable

_GRAPHS = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
_JUNK = 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p "junk" }'


def _graphkit(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "graphkit.cli", *args], capture_output=True, text=True, timeout=300, **kwargs
    )


@pytest.fixture()
def crashed_store(tmp_path) -> Path:
    """A store as ``kill -9`` during an update leaves it: a staging graph beside the documents."""
    path = tmp_path / "store"
    store = open_store(path)
    add_results(store, results(make_kg()))
    doc_graph = next(g for g in store.named_graphs() if "/doc/" in g.value)
    staged = ox.NamedNode(doc_graph.value + STAGING_SUFFIX)
    junk = ox.Quad(ox.NamedNode(RUSSIA), ox.NamedNode(relation_iri("strikes")), ox.Literal("junk"), staged)
    store.add(junk)
    del store
    gc.collect()
    return path


def test_readers_never_see_a_staging_graph(crashed_store):
    read_only = ox.Store.read_only(str(crashed_store))
    assert any(g.value.endswith(STAGING_SUFFIX) for g in read_only.named_graphs())  # it is there...
    names = {q.graph_name for q in as_quads(crashed_store) if isinstance(q.graph_name, ox.NamedNode)}
    assert names and not any(g.value.endswith(STAGING_SUFFIX) for g in names)
    store = to_store(crashed_store)  # ...but query sees the documents only
    assert sparql(store, _JUNK)["n"][0] == 0
    assert sparql(store, _GRAPHS)["n"][0] == len(make_kg().documents) + 1  # + the ontology graph
    assert all("junk" not in s.id for s in store_to_kg(read_only).statements)


def test_query_store_and_push_store_see_no_staging_graph(crashed_store, tmp_path):
    query = tmp_path / "junk.rq"
    query.write_text(_JUNK, encoding="utf-8")
    result = _graphkit("query", str(query), "--store", str(crashed_store), "-f", "csv")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["n", "0"]

    from test_push_bounds import _Answers

    with _Answers() as server:
        result = _graphkit("push", "--store", str(crashed_store), "--endpoint", server.url)
    assert result.returncode == 0, result.stderr
    assert not any("staging" in path for path in server.paths)
    assert len([p for p in server.paths if "graph=" in p]) == len(make_kg().documents) + 1  # + ontology


def test_a_temporary_file_left_by_a_killed_run_is_removed_by_the_next(tmp_path):
    (tmp_path / "a.txt").write_text("Russia is arming Hezbollah.", encoding="utf-8")
    out = tmp_path / "out"
    # a process killed (kill -9) while it writes the graph: its temporary file stays behind
    code = (
        "import os, sys\n"
        "from graphkit.io import atomic_write\n"
        "with atomic_write(sys.argv[1]) as f:\n"
        "    f.write('@prefix half')\n"
        "    f.flush()\n"
        "    os.kill(os.getpid(), 9)\n"
    )
    subprocess.run([sys.executable, "-c", code, str(out / "graph.ttl")], timeout=60)
    left = [p.name for p in out.iterdir()]
    assert len(left) == 1 and left[0].startswith(".graph.ttl.") and left[0].endswith(".tmp")
    result = _graphkit("build", str(tmp_path / "a.txt"), "-o", str(out), "-w", "1")
    assert result.returncode == 0, result.stderr
    names = sorted(p.name for p in out.iterdir())
    assert not any(n.endswith(".tmp") for n in names) and {"graph.ttl", "statements.jsonl"} <= set(names)


def test_an_interrupted_write_removes_its_own_temporary_file(tmp_path):
    with pytest.raises(KeyboardInterrupt), atomic_write(tmp_path / "graph.ttl") as f:
        f.write("half")
        raise KeyboardInterrupt
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("name", "status"), [("SIGINT", 130), ("SIGTERM", 143)])
def test_a_signal_ends_the_run_with_a_line_saying_what_was_kept(tmp_path, name, status):
    out = tmp_path / "out"
    out.mkdir()
    (out / "graph.ttl").write_text("# the last run's graph\n", encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "graphkit.cli", "build", "-", "-o", str(out)],
        stdin=subprocess.PIPE,  # a build waiting for its input: the signal comes mid-run
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(5)  # the model is loaded, the reader waits
    process.send_signal(getattr(signal, name))
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == status, stderr
    assert f"interrupted ({name})" in stderr and "keeps its previous outputs" in stderr
    assert "Traceback" not in stderr
    assert (out / "graph.ttl").read_text(encoding="utf-8") == "# the last run's graph\n"
    assert [p.name for p in out.iterdir()] == ["graph.ttl"]


def test_a_second_signal_while_the_run_says_what_was_kept_keeps_the_exit_status(monkeypatch):
    """A repeated SIGTERM (or Ctrl-C) during the last line is ignored: the status is still 143."""
    from graphkit import cli

    def run() -> None:
        os.kill(os.getpid(), signal.SIGTERM)  # the first: the handler raises where the run is
        time.sleep(5)

    printed = []

    def print_and_signal_again(*args, **kwargs) -> None:
        printed.append(args[0])
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(0.05)  # the handler runs between two bytecodes: here, if it were installed

    before = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    monkeypatch.setattr(cli, "app", run)
    monkeypatch.setattr(cli.err, "print", print_and_signal_again)
    monkeypatch.setattr(cli, "_stopped_by", None)
    try:
        cli.main()
        status = None
    except SystemExit as stop:
        status = stop.code
    except KeyboardInterrupt:  # the second signal raised out of main(): the process would die of it
        status = "KeyboardInterrupt"
    assert status == 143 and "interrupted (SIGTERM)" in printed[0]
    assert {sig: signal.getsignal(sig) for sig in before} == before  # the caller's handlers are back


# -- safe terminal output ---------------------------------------------------------------------
def test_printable_escapes_every_control_character():
    hostile = "a\x1b[31mb\nc\rd\x9b2Je\u202ef\u2028g\x00h\x7f"
    shown = printable(hostile)
    assert shown.isprintable() and "\n" not in shown
    assert shown == "a\\x1b[31mb\\nc\\rd\\x9b2Je\\u202ef\\u2028g\\x00h\\x7f"
    assert printable("Café – ok") == "Café – ok"


@pytest.mark.skipif(os.uname().sysname == "Darwin", reason="macOS refuses some of these file names")
def test_hostile_file_names_are_escaped_in_messages_and_cannot_forge_a_report_line(tmp_path):
    root = tmp_path / "in"
    root.mkdir()
    evil = "evil\x1b]0;owned\x07\x1b[2J\nskipped: forged.txt: nothing to see.txt"
    (root / evil).write_bytes(b"\x00\x01\x02binary")
    (root / "ok.txt").write_text("Russia is arming Hezbollah.", encoding="utf-8")
    out = tmp_path / "out"
    result = _graphkit("build", str(root), "-o", str(out), "-w", "1", "--no-html")
    assert result.returncode == 3, result.stderr
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert not any(line.startswith("skipped: forged") for line in result.stderr.splitlines())
    assert "\\x1b]0;owned\\x07\\x1b[2J\\nskipped: forged.txt" in result.stderr
    lines = (out / "report.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1 and "\x1b" not in lines[0]
    assert json.loads(lines[0])["where"] == str(root / evil)  # the report keeps the real name, as JSON


def test_labels_from_a_hostile_graph_are_escaped_in_query_tables(tmp_path):
    from dataclasses import replace

    from graphkit.rdf import write_rdf

    kg = make_kg()
    kg.actors[RUSSIA] = replace(kg.actors[RUSSIA], label="evil\x1b[2J\nforged")
    graph = write_rdf(kg, tmp_path / "g.ttl")
    query = tmp_path / "labels.rq"
    query.write_text(
        "SELECT ?l WHERE { ?s <http://www.w3.org/2004/02/skos/core#prefLabel> ?l "
        'FILTER(CONTAINS(?l, "evil")) }',
        encoding="utf-8",
    )
    result = _graphkit("query", str(query), "-g", str(graph))
    assert result.returncode == 0, result.stderr
    assert "\x1b" not in result.stdout and "evil\\x1b[2J\\nforged" in result.stdout, result.stdout
