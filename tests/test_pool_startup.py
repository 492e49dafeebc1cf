"""The worker pool starts, and its workers warm up, while the input is still being read (issue 14):
two workers pay off from a few hundred documents instead of losing their start-up to them."""

from __future__ import annotations

import multiprocessing

import pytest

import graphkit.extraction.pool as pool
from graphkit.documents import Document
from graphkit.extraction import Extractor

TEXTS = ["Russia is arming Hezbollah.", "Israel struck Hamas in Gaza.", "Iran met Qatar in Doha."]


@pytest.fixture(scope="module")
def small_batches(extractor) -> Extractor:
    return Extractor(nlp=extractor.nlp, batch_size=4)


def documents(n: int, seen: list[int] | None = None):
    for i in range(n):
        if seen is not None and i == 6:  # the second batch is being read
            seen.append(len(multiprocessing.active_children()))
        yield Document(f"d{i}", TEXTS[i % len(TEXTS)])


def test_workers_are_running_before_the_second_batch_is_read(small_batches):
    seen: list[int] = []
    results = list(small_batches.extract(documents(24, seen), n_process=2))
    assert [r.document.id for r in results] == [f"d{i}" for i in range(24)]
    assert seen == [2]  # both workers had started by then
    assert sum(len(r.statements) for r in results) >= 8


def test_each_worker_is_warmed_once_before_it_parses(small_batches, monkeypatch):
    warmed: list[str] = []
    submitted: list[str] = []
    real = pool.ProcessPoolExecutor

    class Recording(real):
        def submit(self, fn, *args, **kwargs):
            (warmed if fn is pool.warm_worker else submitted).append(fn.__name__)
            return super().submit(fn, *args, **kwargs)

    monkeypatch.setattr(pool, "ProcessPoolExecutor", Recording)
    list(small_batches.extract(documents(20), n_process=2))
    assert warmed == ["warm_worker", "warm_worker"] and len(submitted) == 5


def test_one_batch_and_no_more_is_parsed_here(small_batches, monkeypatch):
    def no_pool(*args, **kwargs):
        raise AssertionError("a process pool was started for one batch")

    monkeypatch.setattr(pool, "ProcessPoolExecutor", no_pool)
    assert len(list(small_batches.extract(documents(4), n_process=2))) == 4
    monkeypatch.undo()
    # one document more is a second batch: the pool is worth starting
    started: list[int] = []

    class Counting(pool.ProcessPoolExecutor):
        def __init__(self, n, *args, **kwargs):
            started.append(n)
            super().__init__(n, *args, **kwargs)

    monkeypatch.setattr(pool, "ProcessPoolExecutor", Counting)
    assert len(list(small_batches.extract(documents(5), n_process=2))) == 5
    assert started == [2]
