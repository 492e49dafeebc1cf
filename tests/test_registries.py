"""The format registries: adding an input, output or actor-source format is one module and one line.

Each test writes a toy format as a module of its own into a temporary folder, registers it with
one line, uses it through the public entry points (``read_documents``, ``write_outputs``,
``ActorGazetteer.from_files``) and unregisters it, as a user adding a format would.
"""

from __future__ import annotations

import csv
import sys
import textwrap
from pathlib import Path

import pytest
from kgfactory import HEZBOLLAH, RUSSIA, make_kg

from graphkit.actor_sources import (
    ACTOR_SOURCES,
    actor_source_for,
    describe_actor_sources,
    register_actor_source,
)
from graphkit.documents import ReadReport, count_documents, read_documents
from graphkit.gazetteer import ActorGazetteer
from graphkit.outputs import write_outputs
from graphkit.plugins import Registry
from graphkit.readers import READERS, describe_suffixes, register_reader, supported_suffixes
from graphkit.writers import WRITERS, check_formats, format_name, register_writer, selectable_formats


def _module(folder: Path, name: str, source: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """Write a toy plugin module importable as ``name``; return its name."""
    (folder / f"{name}.py").write_text(textwrap.dedent(source), encoding="utf-8")
    monkeypatch.syspath_prepend(str(folder))
    monkeypatch.delitem(sys.modules, name, raising=False)
    return name


# -- the registry itself --------------------------------------------------------------------------
def test_registry_resolves_aliases_without_case_or_dot_and_refuses_a_taken_name():
    toys = Registry("toy")
    toys.register("turtle", "json:dumps", aliases=("ttl",), suffix="ttl")
    assert toys.name_of(".TTL") == "turtle"
    assert toys.load("ttl")({"a": 1}) == '{"a": 1}'
    with pytest.raises(ValueError, match="already registered"):
        toys.register("other", "json:loads", aliases=("TTL",))
    with pytest.raises(KeyError, match="no toy 'nt'; known: turtle"):
        toys.get("nt")
    toys.unregister("ttl")
    assert "turtle" not in toys and len(toys) == 0


def test_shipped_formats_are_registered_and_not_imported_until_used():
    assert describe_suffixes() == ".txt .md .jsonl .html"
    assert supported_suffixes() == {".txt", ".md", ".markdown", ".jsonl", ".ndjson", ".html", ".htm"}
    assert selectable_formats() == ["ttl", "trig", "nt", "nq", "jsonld", "graphml", "gexf"]
    assert describe_actor_sources() == "graphkit YAML or a CAMEO/PETRARCH .actors.txt file"
    assert [p.name for p in READERS] == ["text", "markdown", "jsonl", "html"]
    assert format_name("x.jsonld") == "json-ld" and format_name(format="N-Triples") == "nt"
    assert actor_source_for("extra.yml").name == "yaml"
    assert actor_source_for("Phoenix.Countries.actors.txt").name == "cameo"
    assert actor_source_for("dictionary-without-suffix").name == "cameo"  # as before: CAMEO by default


def test_no_format_module_is_imported_before_it_is_used():
    import subprocess

    code = (
        "import sys, graphkit.cli, graphkit.documents, graphkit.gazetteer, graphkit.rdf\n"
        "print('networkx' in sys.modules, sorted(m for m in sys.modules if m.startswith(("
        "'graphkit.readers.', 'graphkit.writers.', 'graphkit.actor_sources.'))))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "[]"]  # graphkit.rdf no longer needs networkx either


# -- an input format ------------------------------------------------------------------------------
CSV_READER = '''
    """Toy CSV reader: one document a row, columns id and text."""
    import csv
    import io

    from graphkit.documents import Document


    def read(f, where, doc_id, report, max_chars):
        rows = csv.DictReader(io.TextIOWrapper(f, encoding="utf-8", newline=""))
        for n, row in enumerate(rows, start=2):
            if not row.get("text"):
                report.skip(f"{where}:{n}", "no text")
                continue
            yield f"{where}:{n}", Document(id=row.get("id") or f"{doc_id}#{n}", text=row["text"])
'''


@pytest.fixture
def csv_reader(tmp_path, monkeypatch):
    name = _module(tmp_path, "toy_csv_reader", CSV_READER, monkeypatch)
    register_reader("csv", f"{name}:read", suffixes=(".csv",), streaming=True)
    yield name
    READERS.unregister("csv")


def test_a_registered_reader_is_used_by_read_documents(csv_reader, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    with (corpus / "wire.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["id", "text"])
        writer.writerow(["w1", "Russia is arming Hezbollah."])
        writer.writerow(["w2", ""])
        writer.writerow(["", "Iran condemned the strike."])
    (corpus / "note.txt").write_text("A note\n\nThe talks resumed.", encoding="utf-8")
    (corpus / "photo.jpg").write_bytes(b"\xff\xd8")
    assert csv_reader not in sys.modules  # imported on first use, not at registration

    report = ReadReport()
    docs = list(read_documents([corpus], report))

    assert [(d.id, d.text) for d in docs] == [
        ("corpus/note.txt", "A note\n\nThe talks resumed."),
        ("w1", "Russia is arming Hezbollah."),
        ("corpus/wire.csv#4", "Iran condemned the strike."),
    ]
    assert csv_reader in sys.modules
    reasons = {p.where: p.reason for p in report.problems}
    assert reasons[str(corpus / "wire.csv") + ":3"] == "no text"
    # the message lists the new format, from the registry
    photo = reasons[str(corpus / "photo.jpg")]
    assert photo == "not a supported file type (.txt .md .jsonl .html .csv): ignored"
    assert count_documents([corpus]) == 5  # a streaming format is estimated by its lines

    READERS.unregister("csv")
    try:
        report = ReadReport()
        assert [d.id for d in read_documents([corpus], report)] == ["corpus/note.txt"]
        assert "not a supported file type (.txt .md .jsonl .html)" in report.problems[0].reason
    finally:
        register_reader("csv", f"{csv_reader}:read", suffixes=(".csv",), streaming=True)


def test_a_whole_file_reader_gets_the_decoded_text_and_the_limits_are_kept(tmp_path, monkeypatch):
    source = "def parse(text):\n    return text.split('\\n', 1)[0], text\n"
    name = _module(tmp_path, "toy_rst_reader", source, monkeypatch)
    register_reader("rst", f"{name}:parse", suffixes=(".rst",))
    try:
        (tmp_path / "a.rst").write_text("Title\n=====\n\nBody \x00 text.", encoding="utf-8")
        (tmp_path / "big.rst").write_text("x" * 50, encoding="utf-8")
        report = ReadReport()
        docs = list(read_documents([tmp_path / "a.rst", tmp_path / "big.rst"], report, max_chars=40))
        expected = (f"{tmp_path.name}/a.rst", "Title", "Title\n=====\n\nBody   text.")
        assert [(d.id, d.title, d.text) for d in docs] == [expected]
        assert "too large" in report.skipped[0].reason
    finally:
        READERS.unregister("rst")


# -- an output format -----------------------------------------------------------------------------
TSV_WRITER = '''
    """Toy statements writer: subject, relation, object and polarity, tab-separated."""
    from graphkit.io import atomic_write


    def write(kg, path):
        with atomic_write(path) as f:
            for s in kg.statements:
                f.write(f"{s.subject}\\t{s.relation.name}\\t{s.object}\\t{s.polarity}\\n")
'''


@pytest.fixture
def tsv_writer(tmp_path, monkeypatch):
    name = _module(tmp_path, "toy_tsv_writer", TSV_WRITER, monkeypatch)
    register_writer("tsv", name)
    yield name
    WRITERS.unregister("tsv")


def test_a_registered_writer_is_written_by_the_build_outputs(tsv_writer, tmp_path):
    kg = make_kg()
    assert "tsv" in selectable_formats() and check_formats(["tsv"]) == ["tsv"]
    assert tsv_writer not in sys.modules

    written = write_outputs(kg, tmp_path / "out", ["ttl", "tsv"], html=False)

    out = tmp_path / "out"
    assert written == [out / "graph.ttl", out / "graph.tsv", out / "statements.jsonl", out / "statements.csv"]
    rows = [line.split("\t") for line in (out / "graph.tsv").read_text(encoding="utf-8").splitlines()]
    assert rows == [[s.subject, s.relation.name, s.object, s.polarity] for s in kg.statements]
    assert [RUSSIA, "arms", HEZBOLLAH, "positive"] in rows

    WRITERS.unregister("tsv")
    try:
        with pytest.raises(ValueError, match="unknown format 'tsv' for --formats"):
            write_outputs(kg, tmp_path / "again", ["ttl", "tsv"], html=False)
        assert not (tmp_path / "again").exists()  # refused before anything was written
    finally:
        register_writer("tsv", tsv_writer)


def test_the_statements_and_the_view_are_writers_but_not_graph_formats(tmp_path):
    with pytest.raises(ValueError, match="for --formats"):
        check_formats(["html"])
    with pytest.raises(ValueError, match="for --formats"):
        check_formats(["jsonl"])
    out = write_outputs(make_kg(), tmp_path, ["ttl"], html=True)
    assert [p.name for p in out] == ["graph.ttl", "statements.jsonl", "statements.csv", "graph.html"]
    assert (tmp_path / "graph.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_the_cli_help_takes_the_formats_from_the_registries():
    from typer.testing import CliRunner

    from graphkit.cli import app

    text = CliRunner().invoke(app, ["build", "--help"], env={"COLUMNS": "400"}).output
    assert f"comma-separated: {','.join(selectable_formats())}." in text
    assert f"Files or folders of articles ({describe_suffixes()}), or - for stdin." in text
    assert f"Extra actor dictionary: {describe_actor_sources()}. Repeatable." in text


def test_an_unknown_format_is_refused_before_any_document_is_read(tmp_path):
    from typer.testing import CliRunner

    from graphkit.cli import app

    args = ["build", str(tmp_path / "missing"), "-o", str(tmp_path / "out"), "--formats", "ttl,xml"]
    result = CliRunner().invoke(app, args, env={"COLUMNS": "200"})
    assert result.exit_code == 2
    assert "unknown format 'xml' for --formats" in result.output
    assert not (tmp_path / "out").exists()


# -- an actor-source format -----------------------------------------------------------------------
ACTORS_CSV = '''
    """Toy actor source: one actor a line, "id,label,type"."""


    def load(gazetteer, path):
        lines = [line.split(",") for line in path.read_text(encoding="utf-8").splitlines() if line]
        gazetteer.add_records({"id": i, "label": label, "type": kind} for i, label, kind in lines)
        return len(lines)
'''


def test_a_registered_actor_source_is_read_by_from_files(tmp_path, monkeypatch):
    name = _module(tmp_path, "toy_actor_csv", ACTORS_CSV, monkeypatch)
    path = tmp_path / "militias.actors.csv"
    path.write_text("example-front,Example Liberation Front,ArmedGroup\nexample-news,Example News,Media\n")
    register_actor_source("csv", f"{name}:load", suffixes=(".actors.csv",), label="an actors CSV file")
    try:
        assert describe_actor_sources().endswith(" or an actors CSV file")
        gaz = ActorGazetteer.from_files([path])
        front = gaz.lookup("Example Liberation Front")
        assert (front.type, front.id) == ("ArmedGroup", gaz.iri("example-front"))
        assert gaz.lookup("Example News").type == "Media"
        assert gaz.lookup("Russia").type == "State"  # the shipped gazetteer is still the base
    finally:
        ACTOR_SOURCES.unregister("csv")
    # without the source, the file is taken for a CAMEO dictionary and yields nothing
    assert ActorGazetteer().load(path) == 0
