"""``--cluster tcp://...`` against real ``dask scheduler`` and ``dask worker`` processes on loopback.

Two workers, one thread each, started from the command line in their own folders (not a
LocalCluster): a partitioned build gives the statements of a local build while the client opens
no input file, a worker killed in the middle of a partition costs a rerun but no half-written or
doubled partition, and the streaming ``extract --cluster`` path still gives a local run's lines.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from dask_processes import dask_processes
from typer.testing import CliRunner

from graphkit.cli import app
from graphkit.documents import read_documents

pytestmark = [pytest.mark.slow, pytest.mark.timeout(600)]


@pytest.fixture(scope="module")
def dask_cluster(tmp_path_factory):
    with dask_processes(tmp_path_factory.mktemp("dask"), workers=2) as cluster:
        yield cluster


def test_extract_on_a_real_cluster_matches_a_local_run(dask_cluster, examples_dir, tmp_path, monkeypatch):
    # an actor file named by a relative path: the workers, in other folders, must find it too
    monkeypatch.chdir(tmp_path)
    Path("extra.yaml").write_text(
        "- id: example-front\n  label: Example Liberation Front\n  type: ArmedGroup\n  country: SYR\n",
        encoding="utf-8",
    )
    Path("more").mkdir()
    Path("more/front.txt").write_text("The Example Liberation Front attacked Syria.", encoding="utf-8")
    runner = CliRunner()
    inputs = [str(examples_dir), "more", "--actors", "extra.yaml"]
    local = runner.invoke(app, ["extract", *inputs, "--workers", "1"])
    assert local.exit_code == 0, local.output
    remote = runner.invoke(app, ["extract", *inputs, "--cluster", dask_cluster.address])
    assert remote.exit_code == 0, remote.output + dask_cluster.logs()
    assert '"kind": "statement"' in local.stdout and "Example Liberation Front" in local.stdout
    assert remote.stdout.splitlines() == local.stdout.splitlines()


# -- partitioned builds --------------------------------------------------------------------
_WATCH: dict = {"prefix": None, "opened": []}


def _audit(event: str, args: tuple) -> None:
    """Record every file this process opens under the watched folder (os.open, open, io.open...)."""
    prefix = _WATCH["prefix"]
    if prefix is None or event != "open" or not args or isinstance(args[0], int):
        return
    try:
        path = os.path.abspath(os.fsdecode(args[0]))
    except TypeError:
        return
    if path.startswith(prefix):
        _WATCH["opened"].append(path)


sys.addaudithook(_audit)  # for the whole session (hooks cannot be removed); idle unless watching


@contextmanager
def client_opens(folder: Path) -> Iterator[list[str]]:
    """Collect the files under ``folder`` this (the client's) process opens in the block."""
    _WATCH["prefix"], _WATCH["opened"] = str(folder.resolve()) + os.sep, []
    try:
        yield _WATCH["opened"]
    finally:
        _WATCH["prefix"] = None


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, examples_dir, shared_dir) -> Path:
    """The example articles (every reader) and 80 dev articles in one JSON-lines file."""
    root = tmp_path_factory.mktemp("input") / "corpus"
    shutil.copytree(examples_dir, root / "news")
    lines = (shared_dir / "eval" / "dev" / "plover_dev.jsonl").read_text(encoding="utf-8").splitlines()
    # some lines without an id: their ids (FILE#LINE) need the line numbers of a cut file
    rows = [json.loads(line) for line in lines[:80]]
    for row in rows[::7]:
        del row["id"]
    (root / "wire.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def local_build(tmp_path_factory, corpus) -> Path:
    out = tmp_path_factory.mktemp("local") / "out"
    args = ["build", str(corpus / "news"), str(corpus / "wire.jsonl"), "-o", str(out), "--workers", "2"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    return out


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def test_a_partitioned_build_gives_a_local_builds_statements_and_the_client_reads_no_article(
    dask_cluster, corpus, local_build, tmp_path, monkeypatch
):
    import graphkit.documents
    import graphkit.remote_inputs

    expected = len(list(read_documents([corpus / "news", corpus / "wire.jsonl"])))

    def refuse(*args, **kwargs):
        raise AssertionError("the client read a document")

    for module in (graphkit.documents, graphkit.remote_inputs):
        for name in ("read_documents", "read_partition", "read_piece", "_read_path", "_read_whole"):
            if hasattr(module, name):
                monkeypatch.setattr(module, name, refuse)
    out, parts = tmp_path / "out", tmp_path / "shared-parts"
    args = [
        "build",
        f"file://{corpus / 'news'}",  # an fsspec URL: read through fsspec by the workers
        str(corpus / "wire.json*"),  # a quoted glob, expanded by the client to names only
        "-o",
        str(out),
        "--cluster",
        dask_cluster.address,
        "--partitions",
        str(parts),
        "--partition-size",
        "12KB",  # several partitions; wire.jsonl (~27 KB) is cut into byte ranges
        "--keep-partitions",
    ]
    with client_opens(corpus) as opened:
        # the hook sees the client's reads: a control read is caught, then forgotten
        (corpus / "wire.jsonl").open("rb").close()
        assert opened == [str((corpus / "wire.jsonl").resolve())]
        opened.clear()
        result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output + dask_cluster.logs()
    assert opened == []  # the workers (other processes) read every article
    assert len(_lines(local_build / "statements.jsonl")) > 30
    for name in ("statements.jsonl", "statements.csv", "actors.jsonl", "graph.ttl", "report.jsonl"):
        assert _lines(out / name) == _lines(local_build / name), name
    # several partitions (a cut file among them), complete, written by both workers
    [run] = parts.glob("run-*")
    summaries = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(run.glob("*.summary.json"))]
    assert len(summaries) >= 4, sorted(p.name for p in run.iterdir())
    assert sum(s["documents"] for s in summaries) == expected
    assert not [p.name for p in run.iterdir() if p.name.startswith(".")]  # no temporary file left


def test_a_worker_killed_mid_partition_costs_a_rerun_not_a_broken_partition(
    dask_cluster, corpus, local_build, tmp_path
):
    from distributed import Client

    from graphkit.distributed import build_distributed
    from graphkit.partitions import BuildTotals
    from graphkit.pipeline import RunOptions

    out, parts = tmp_path / "out", tmp_path / "parts"
    finished: list[dict] = []
    killed: dict = {}

    def on_partition(summary: dict) -> None:
        finished.append(summary)
        if killed:
            return
        # once a partition is half-written (a temporary file in the folder), kill every worker
        deadline = time.monotonic() + 20
        while not (temps := [p.name for p in parts.glob("run-*/.*")]) and time.monotonic() < deadline:
            time.sleep(0.01)
        with Client(dask_cluster.address) as client:
            pids = client.run(os.getpid)
        for pid in pids.values():
            os.kill(pid, signal.SIGKILL)  # the nannies start new worker processes; Dask reruns
        killed.update(pids=set(pids.values()), temps=temps, after=len(finished))

    inputs = [corpus / "news", corpus / "wire.jsonl"]
    totals = BuildTotals()
    build_distributed(
        inputs,
        out,
        dask_cluster.address,
        RunOptions(batch_size=8),
        partitions=parts,
        partition_bytes=6000,
        keep_partitions=True,
        on_partition=on_partition,
        totals=totals,
    )
    assert killed["temps"], "no partition was being written when the workers were killed"
    names = [s["partition"] for s in finished]
    assert len(names) == len(set(names)) >= 5  # every partition reported once
    # the partitions after the kill ran in the new worker processes
    assert {s["pid"] for s in finished[killed["after"] :]} - killed["pids"]
    [run] = parts.glob("run-*")
    assert not [p.name for p in run.iterdir() if p.name.startswith(".")]  # no half-written file left
    assert sorted(p.name for p in run.glob("*.summary.json")) == sorted(f"{n}.summary.json" for n in names)
    for name in ("statements.jsonl", "actors.jsonl", "graph.ttl", "report.jsonl"):
        assert _lines(out / name) == _lines(local_build / name), name
    assert totals.documents == len(list(read_documents(inputs)))


def test_a_cluster_build_into_a_store_skips_the_documents_it_holds(dask_cluster, corpus, tmp_path):
    def build_twice(where: Path, *extra: str) -> list:
        runs = []
        for inputs in ([corpus / "wire.jsonl"], [corpus / "news", corpus / "wire.jsonl"]):
            args = ["build", *map(str, inputs), "-o", str(where / "out"), "--store", str(where / "store")]
            runs.append(CliRunner().invoke(app, [*args, *extra]))
            assert runs[-1].exit_code == 0, runs[-1].output + dask_cluster.logs()
        return runs

    local = build_twice(tmp_path / "local", "--workers", "1")
    remote = build_twice(tmp_path / "remote", "--cluster", dask_cluster.address, "--partition-size", "12KB")
    # the 80 wire articles the store holds unchanged were read by the workers but not extracted
    for second in (local[1], remote[1]):
        assert re.search(r"unchanged \(in the store\)\s*│\s*80\b", second.output), second.output
    for name in ("statements.jsonl", "actors.jsonl", "graph.ttl", "report.jsonl"):
        assert _lines(tmp_path / "remote" / "out" / name) == _lines(tmp_path / "local" / "out" / name), name
