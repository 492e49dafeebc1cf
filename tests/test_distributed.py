"""The Dask backend: a LocalCluster run gives exactly the results of a local run, in input order."""

from __future__ import annotations

import json

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
