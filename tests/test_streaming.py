"""Streaming: documents are read as extraction needs them, results come out as they are ready,
and memory does not grow with the corpus."""

from __future__ import annotations

import io
import json
import random
import string

import pytest

import graphkit.documents
from graphkit.cli import extract as extract_command
from graphkit.documents import Document
from graphkit.extraction import Extractor
from graphkit.pipeline import RunOptions, RunStats, extract_results

TEXTS = [
    "Russia is arming Hezbollah in Syria, officials said.",
    "Iran and Syria are strategic allies.",
    "The United States condemned the attack on Baghdad.",
    "Turkey did not strike Kurdish positions, the ministry said.",
]


class CountingDocuments:
    """A long stream of documents that counts how many were taken from it."""

    def __init__(self, n: int):
        self.n = n
        self.taken = 0

    def __iter__(self):
        for i in range(self.n):
            self.taken += 1
            yield Document(f"doc-{i:05d}", f"{TEXTS[i % len(TEXTS)]} (Item {i}.)")


@pytest.mark.parametrize("workers", [1, 2])
def test_documents_are_read_at_most_a_few_batches_ahead(extractor, workers):
    batch_size = 8
    ex = Extractor(nlp=extractor.nlp, batch_size=batch_size)
    docs = CountingDocuments(400)
    ahead = []
    for k, result in enumerate(ex.extract(docs, n_process=workers), 1):
        assert result.document.id == f"doc-{k - 1:05d}"
        ahead.append(docs.taken - k)
    assert k == 400
    assert max(ahead) <= (2 * workers + 1) * batch_size
    assert ahead[0] < 400 - batch_size  # the first result came long before the input ended


def test_extract_results_streams_and_counts(extractor):
    docs = CountingDocuments(120)
    stats = RunStats()
    results = extract_results(docs, RunOptions(workers=1, batch_size=4), stats)
    first = next(results)
    assert first.document.id == "doc-00000"
    assert docs.taken <= 3 * 4
    rest = list(results)
    assert stats.documents == 1 + len(rest) == 120
    assert stats.statements == len(first.statements) + sum(len(r.statements) for r in rest) > 0
    # where the time went: every stage is accounted for once
    assert {"load model", "read", "extract"} <= set(stats.stages)
    assert stats.rate() > 0


def test_cli_extract_prints_before_the_input_is_exhausted(monkeypatch):
    docs = CountingDocuments(200)
    monkeypatch.setattr(graphkit.documents, "read_documents", lambda inputs, report=None: iter(docs))

    class Stdout(io.StringIO):
        taken_at_first_write: int | None = None

        def write(self, text: str) -> int:
            if self.taken_at_first_write is None:
                self.taken_at_first_write = docs.taken
            return super().write(text)

    out = Stdout()
    monkeypatch.setattr("sys.stdout", out)
    extract_command(
        inputs=["corpus"], format="jsonl", mentions=False, model=None, actors=None, workers=1, cluster=None
    )
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert lines and all(row["kind"] == "statement" for row in lines)
    assert docs.taken == 200
    assert out.taken_at_first_write is not None and out.taken_at_first_write <= 2 * 32


def test_new_words_do_not_grow_the_vocabulary(extractor):
    """spaCy keeps every new string it meets; graphkit frees them after each batch (memory zones)."""
    rng = random.Random(7)

    def gibberish(i: int) -> Document:
        words = " ".join("".join(rng.choices(string.ascii_lowercase, k=9)) for _ in range(150))
        return Document(f"g{i}", f"Russia is arming Hezbollah. {words.capitalize()}.")

    list(extractor.extract([gibberish(0)]))  # warm up: lazily created resources
    before = len(extractor.nlp.vocab.strings)
    results = list(extractor.extract([gibberish(i) for i in range(1, 40)], n_process=1))
    assert len(results) == 39 and results[0].statements  # the documents were really processed
    assert len(extractor.nlp.vocab.strings) == before  # not 39 * 150 new strings


def test_documents_already_in_the_store_are_not_extracted(examples_dir):
    from graphkit.documents import read_documents
    from graphkit.pipeline import run

    ids = [d.id for d in read_documents([examples_dir])]
    assert len(ids) >= 3
    asked: list[str] = []

    def unchanged(document: Document) -> bool:  # stands in for graphkit.store.has_document
        asked.append(document.id)
        return document.id != ids[1]

    stats = RunStats()
    kg = run([examples_dir], RunOptions(workers=2), stats=stats, skip=unchanged)
    assert asked == ids  # every document is checked, in order
    assert list(kg.documents) == [ids[1]]
    assert (stats.documents, stats.skipped) == (1, len(ids) - 1)
    assert "check store" in stats.stages
