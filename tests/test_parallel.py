"""Parallel extraction: N worker processes give exactly the results of one, in input order."""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import time

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

import graphkit.extraction.pool as pool
from graphkit.documents import Document, read_documents
from graphkit.extraction import Extractor
from graphkit.model import KnowledgeGraph


def json_lines(results) -> list[str]:
    """The FORMAT.md lines of a run, as text: what a user of the output sees."""
    return [json.dumps(row, sort_keys=True) for row in KnowledgeGraph().extend(results).iter_json()]


@pytest.fixture(scope="module")
def dev_documents(shared_dir) -> list[Document]:
    docs = list(read_documents([shared_dir / "eval" / "dev"]))
    assert len(docs) > 150, "the dev sets are the test corpus"
    return docs


@pytest.fixture(scope="module")
def small_batches(extractor) -> Extractor:
    """The session's pipeline with small batches, so a run spans many batches and both workers."""
    return Extractor(nlp=extractor.nlp, batch_size=8)


def test_two_workers_give_the_results_of_one(small_batches, dev_documents):
    one = list(small_batches.extract(dev_documents, n_process=1))
    two = list(small_batches.extract(dev_documents, n_process=2))
    # input order is kept, document by document
    assert [r.document.id for r in two] == [d.id for d in dev_documents]
    assert [r.document.id for r in one] == [d.id for d in dev_documents]
    lines = json_lines(one)
    assert sum('"kind": "statement"' in line for line in lines) > 20  # the corpus does exercise relations
    assert json_lines(two) == lines


def test_three_workers_on_uneven_batches(small_batches, dev_documents):
    docs = dev_documents[:61]  # 7 full batches and a short one, over 3 processes
    assert json_lines(small_batches.extract(docs, n_process=3)) == json_lines(small_batches.extract(docs))


def test_a_single_batch_starts_no_process(small_batches, dev_documents, monkeypatch):
    def no_pool(*args, **kwargs):
        raise AssertionError("a process pool was started for one batch")

    monkeypatch.setattr(pool, "ProcessPoolExecutor", no_pool)
    docs = dev_documents[:5]
    assert json_lines(small_batches.extract(docs, n_process=4)) == json_lines(small_batches.extract(docs))


# -- failures in a worker reach the caller ---------------------------------------------------
@Language.component("test_parallel_tripwire")
def _tripwire(doc: Doc) -> Doc:
    """Stands in for graphkit's components; fails on purpose on marked texts."""
    if "RAISE" in doc.text:
        raise ValueError(f"cannot parse {doc.text!r}")
    if "EXIT" in doc.text:
        os._exit(3)  # the worker dies as when the system kills it for memory
    doc._.actor_mentions = []
    doc._.relations = []
    return doc


@pytest.fixture()
def tripwire_extractor() -> Extractor:
    for name in ("actor_mentions", "relations"):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("test_parallel_tripwire")
    return Extractor(nlp=nlp, batch_size=2)


def _docs(marked: int, mark: str, n: int = 20) -> list[Document]:
    return [Document(f"d{i}", f"Text {i}. {mark if i == marked else ''}") for i in range(n)]


@pytest.mark.parametrize("workers", [1, 2])
def test_an_error_on_one_document_costs_only_that_document(tripwire_extractor, workers):
    results = list(tripwire_extractor.extract(_docs(13, "RAISE"), n_process=workers))
    assert [r.document.id for r in results] == [f"d{i}" for i in range(20)]
    failed = [r for r in results if r.error is not None]
    assert [r.document.id for r in failed] == ["d13"]
    assert "ValueError" in failed[0].error and "cannot parse" in failed[0].error


@pytest.mark.timeout(120)
def test_a_batch_that_kills_its_worker_twice_costs_that_batch_not_the_run(tripwire_extractor):
    results = list(tripwire_extractor.extract(_docs(13, "EXIT"), n_process=2))
    # every document comes back, in order; only the batch of the fatal one (d12, d13) failed
    assert [r.document.id for r in results] == [f"d{i}" for i in range(20)]
    failed = [r for r in results if r.error is not None]
    assert [r.document.id for r in failed] == ["d12", "d13"]
    assert all(r.error == pool.DEAD_WORKER for r in failed)
    assert multiprocessing.active_children() == []


@Language.component("test_parallel_slow")
def _slow(doc: Doc) -> Doc:
    time.sleep(0.05)
    doc._.actor_mentions = []
    doc._.relations = []
    return doc


@pytest.mark.timeout(120)
def test_killing_one_of_two_workers_mid_run_loses_nothing(tripwire_extractor):
    """A worker killed from outside (kill -9) dies once: its batch is retried and succeeds."""
    tripwire_extractor.nlp.remove_pipe("test_parallel_tripwire")
    tripwire_extractor.nlp.add_pipe("test_parallel_slow")
    docs = [Document(f"d{i}", f"Text {i}.") for i in range(60)]
    results = []
    for result in tripwire_extractor.extract(docs, n_process=2):
        results.append(result)
        if len(results) == 6:
            victim = multiprocessing.active_children()[0]
            os.kill(victim.pid, signal.SIGKILL)
    assert [r.document.id for r in results] == [d.id for d in docs]
    assert all(r.error is None for r in results)


def test_the_run_reports_the_documents_of_a_lost_batch(tripwire_extractor, monkeypatch):
    import graphkit.extraction as extraction
    from graphkit.documents import ReadReport
    from graphkit.pipeline import RunOptions, extract_results

    # the pipeline builds its extractor from a model name: hand it the tripwire one instead
    monkeypatch.setattr(extraction, "Extractor", lambda *args, **kwargs: tripwire_extractor)
    report = ReadReport()
    results = extract_results(_docs(5, "EXIT", n=12), RunOptions(workers=2), report=report)
    assert [r.document.id for r in results] == [f"d{i}" for i in range(12) if i not in (4, 5)]
    assert [(p.where, p.skipped) for p in report.problems] == [("d4", True), ("d5", True)]
    assert all("worker process" in p.reason for p in report.problems)


def test_stopping_early_leaves_no_worker_behind(small_batches, dev_documents):
    import multiprocessing

    results = small_batches.extract(dev_documents, n_process=2)
    first = next(results)
    assert first.document.id == dev_documents[0].id
    results.close()  # the consumer stops reading: the pool is shut down
    assert multiprocessing.active_children() == []


@pytest.mark.slow
def test_spawned_workers_give_the_results_of_one(dev_documents, monkeypatch):
    """Where processes cannot be forked (macOS, Windows), each worker loads the model itself."""
    monkeypatch.setattr(pool, "START_METHOD", "spawn")
    ex = Extractor(batch_size=8)
    docs = dev_documents[:24]
    assert json_lines(ex.extract(docs, n_process=2)) == json_lines(ex.extract(docs))
