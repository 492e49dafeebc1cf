"""The Dask backend: a LocalCluster run gives exactly the results of a local run, in input order."""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

from graphkit.cli import app
from graphkit.distributed import dask_client, extract_distributed
from graphkit.documents import Document, read_documents
from graphkit.extraction import Extractor
from graphkit.model import KnowledgeGraph
from graphkit.pipeline import RunOptions

pytestmark = [pytest.mark.slow, pytest.mark.timeout(300)]


def json_lines(results) -> list[str]:
    return [json.dumps(row, sort_keys=True) for row in KnowledgeGraph().extend(results).iter_json()]


def _extractors_loaded() -> int:
    import graphkit.distributed

    return len(graphkit.distributed._EXTRACTORS)


@pytest.fixture(scope="module")
def documents(shared_dir) -> list[Document]:
    return list(read_documents([shared_dir / "eval" / "dev"]))[:72]


def test_a_dask_cluster_gives_the_results_of_a_local_run(extractor, documents):
    local = list(Extractor(nlp=extractor.nlp, batch_size=8).extract(documents))
    with dask_client("local", workers=2) as client:
        # through the scheduler's address, as with --cluster tcp://HOST:PORT
        remote = list(
            extract_distributed(documents, RunOptions(batch_size=8), cluster=client.scheduler.address)
        )
        loaded = client.run(_extractors_loaded)
    assert [r.document.id for r in remote] == [d.id for d in documents]
    assert json_lines(remote) == json_lines(local)
    assert sum(len(r.statements) for r in remote) > 5
    # each worker process loaded the pipeline once, however many batches it parsed
    assert len(loaded) == 2 and set(loaded.values()) <= {0, 1} and sum(loaded.values()) >= 1


def test_cli_cluster_local_matches_a_local_run(examples_dir):
    runner = CliRunner()
    local = runner.invoke(app, ["extract", str(examples_dir), "--workers", "1"])
    assert local.exit_code == 0, local.output
    on_dask = runner.invoke(app, ["extract", str(examples_dir), "--cluster", "local", "--workers", "2"])
    assert on_dask.exit_code == 0, on_dask.output
    statements = [line for line in local.stdout.splitlines() if '"kind": "statement"' in line]
    assert statements
    assert on_dask.stdout.splitlines() == local.stdout.splitlines()


# -- partitioned builds (a real cluster of processes: tests/test_dask_cluster.py) -----------
def test_build_cluster_refuses_what_workers_cannot_read(tmp_path):
    runner = CliRunner()
    for args, hint in (
        (["-", "--cluster", "local"], "standard input"),
        (["x", "--cluster", "local", "--partition-size", "lots"], "not a size"),
        (["x", "--partitions", str(tmp_path)], "only with --cluster"),
    ):
        result = runner.invoke(app, ["build", *args, "-o", str(tmp_path / "out")])
        assert result.exit_code == 2, result.output
        assert hint in result.output
        assert not (tmp_path / "out").exists()


def test_a_cluster_build_of_nothing_leaves_the_outputs_alone(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "graph.ttl").write_text("# the last build's\n", encoding="utf-8")
    result = CliRunner().invoke(
        app, ["build", str(tmp_path / "missing"), "-o", str(out), "--cluster", "local", "--workers", "1"]
    )
    assert result.exit_code == 3, result.output
    assert "no document could be read" in result.output
    assert "no such file or folder" in result.output
    assert sorted(p.name for p in out.iterdir()) == ["graph.ttl"]  # no partitions folder left either
    assert (out / "graph.ttl").read_text(encoding="utf-8") == "# the last build's\n"


def test_partitions_the_client_cannot_see_stop_the_run(tmp_path):
    from graphkit.distributed import _check_visible
    from graphkit.partitions import SUMMARY
    from graphkit.remote_inputs import Partition

    plan = [Partition("part-00000", ()), Partition("part-00001", ())]
    (tmp_path / f"part-00000{SUMMARY}").write_text("{}")
    (tmp_path / f".part-00001{SUMMARY}.1234abcd.part").write_text("{")  # a partition half-written
    with pytest.raises(
        RuntimeError, match="part-00001.*must be a folder every worker and this machine share"
    ):
        _check_visible(str(tmp_path), plan)
    (tmp_path / f"part-00001{SUMMARY}").write_text("{}")
    _check_visible(str(tmp_path), plan)


def test_a_failing_partition_stops_the_run_and_names_itself(tmp_path, examples_dir, monkeypatch, capsys):
    import sys

    from graphkit import cli

    broken = tmp_path / "not-a-model"  # exists, so the client lets it through; no worker loads it
    broken.mkdir()
    out = tmp_path / "out"
    args = ["build", str(examples_dir), "-o", str(out), "--cluster", "local", "--workers", "1"]
    monkeypatch.setattr(sys, "argv", ["graphkit", *args, "--model", str(broken)])
    with pytest.raises(SystemExit) as exited:
        cli.main()
    err = " ".join(capsys.readouterr().err.split())
    assert exited.value.code == 1, err
    assert "error: partition part-00000 (" in err and "failed on the cluster" in err
    assert "cannot load the spaCy model" in err  # the worker's own error, in one line
    assert not out.exists()  # no output, and no partitions folder left behind


class _Cluster:
    """What _check_workers asks of a client: its workers' versions and threads."""

    def __init__(self, versions: dict) -> None:
        self.versions = versions

    def run(self, function):
        return {address: {**function(), **v} for address, v in self.versions.items()}

    def scheduler_info(self) -> dict:
        return {"workers": {address: {"nthreads": 1} for address in self.versions}}


def test_workers_must_run_the_clients_graphkit():
    from graphkit import __version__
    from graphkit.distributed import _check_workers

    assert _check_workers(_Cluster({"tcp://a:1": {}, "tcp://b:1": {}})) == 2
    mismatch = rf"tcp://b:1 runs graphkit 0\.0\.9, this client {re.escape(__version__)}"
    with pytest.raises(RuntimeError, match=mismatch):
        _check_workers(_Cluster({"tcp://a:1": {}, "tcp://b:1": {"graphkit": "0.0.9"}}))
    with pytest.raises(RuntimeError, match="no worker"):
        _check_workers(_Cluster({}))
