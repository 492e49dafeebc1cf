"""The streaming build: ``graphkit build`` writes what the in-memory build wrote, ``--store`` builds
show the whole store resolved across it, the views come from the store, a failed build changes
nothing, and the peak memory of the final step does not grow with the documents."""

from __future__ import annotations

import filecmp
import json
import subprocess
import sys
from pathlib import Path

import pytest

import graphkit.partitions
import graphkit.view
from graphkit.documents import ReadReport
from graphkit.model import KnowledgeGraph
from graphkit.network import to_multidigraph
from graphkit.network.from_store import store_multidigraph
from graphkit.outputs import write_outputs
from graphkit.partitions import PartitionWriter, finish_build
from graphkit.pipeline import RunOptions, make_resolver, run
from graphkit.resolution import ActorResolver
from graphkit.store import add_graph, open_store, store_to_kg
from tests.partition_corpus import SMALL, resolved_results

ROOT = Path(__file__).resolve().parents[1]


def _differing(a: Path, b: Path) -> list[str]:
    names = sorted(p.name for p in a.iterdir())
    assert names == sorted(p.name for p in b.iterdir()), (names, sorted(p.name for p in b.iterdir()))
    return [n for n in names if not filecmp.cmp(a / n, b / n, shallow=False)]


def _partition(folder: Path, items) -> None:
    with PartitionWriter(folder, "part-00000") as writer:
        for result, merges in items:
            writer.add(result, merges)


def test_build_writes_what_the_in_memory_build_wrote(examples_dir, tmp_path) -> None:
    reference = tmp_path / "reference"
    options, report = RunOptions(workers=1), ReadReport()
    resolver = make_resolver(options)
    kg = run([examples_dir], options, report=report, resolver=resolver)
    formats = ["ttl", "nq", "graphml"]
    write_outputs(kg, reference, formats, report=report, actors=list(resolver.records(kg)))

    out = tmp_path / "out"
    stale = out / ".graphkit-partitions-killed"  # what a killed build leaves
    stale.mkdir(parents=True)
    (stale / "part-00000.results.jsonl").write_text("half", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "graphkit.cli", "build", str(examples_dir), "-o", str(out), "-w", "1"]
        + ["--formats", ",".join(formats)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    assert _differing(reference, out) == []
    assert not list(out.glob(".*"))  # the work folder (and the stale one) removed
    assert "top actors" in done.stderr and "Russia" in done.stderr


def test_store_builds_show_the_whole_store_resolved_across_it(tmp_path, monkeypatch) -> None:
    """Two builds into one store (the second replaces some documents), as the in-memory code did:
    each run resolved and added, then the whole store read back and resolved again."""
    monkeypatch.setattr("graphkit.partitions.MOVE_BATCH", 7)  # documents moved in place 7 at a time
    monkeypatch.setattr("graphkit.partitions.RENEW_EVERY", 9)  # the store opened again while loading
    runs = [dict(n=80, seed=7, start=0), dict(n=60, seed=8, start=60)]
    reference_store = open_store(tmp_path / "reference-store")
    for k, spec in enumerate(runs):
        # the old build: one resolver for the run, its graph added, the outputs from the store
        resolver = ActorResolver()

        kg = KnowledgeGraph()
        for result, merges in resolved_results(resolver=resolver, **spec):
            kg.add(result)
            resolver.merges.extend(merges)
        add_graph(reference_store, resolver.resolve_graph(kg))
        whole = resolver.resolve_graph(store_to_kg(reference_store))
        write_outputs(
            whole,
            tmp_path / f"reference-{k}",
            ["ttl", "nq"],
            report=ReadReport(),
            actors=list(resolver.records(whole)),
        )
        # the streaming build: a partition, then finish_build into the store
        _partition(tmp_path / f"parts-{k}", resolved_results(resolver=ActorResolver(), **spec))
        finish_build(
            tmp_path / f"parts-{k}", tmp_path / f"out-{k}", store=tmp_path / "store", formats=["ttl", "nq"]
        )
        assert _differing(tmp_path / f"reference-{k}", tmp_path / f"out-{k}") == [], k
    del reference_store
    statements = (tmp_path / "out-1" / "statements.jsonl").read_text(encoding="utf-8").splitlines()
    docs = {json.loads(line)["doc"] for line in statements}
    assert "doc-000001" in docs and "doc-000119" in docs  # the first run's documents are kept


def test_a_failed_build_changes_no_output(tmp_path, monkeypatch) -> None:
    _partition(tmp_path / "parts", resolved_results(40, ActorResolver()))
    out = tmp_path / "out"
    finish_build(tmp_path / "parts", out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    def broken(*args, **kwargs):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(graphkit.view, "write_html", broken)
    _partition(tmp_path / "parts2", resolved_results(50, ActorResolver(), seed=9))
    with pytest.raises(RuntimeError, match="disk is full"):
        finish_build(tmp_path / "parts2", out)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # no file replaced, none left


def test_the_store_network_is_to_multidigraph(tmp_path) -> None:
    resolver = ActorResolver()

    kg = KnowledgeGraph()
    for result, _ in resolved_results(150, resolver, pool=SMALL):
        kg.add(result)
    store = open_store()
    add_graph(store, resolver.resolve_graph(kg))
    expected = to_multidigraph(store_to_kg(store))
    full = store_multidigraph(store, max_evidence=10_000)
    capped = store_multidigraph(store, max_evidence=3)
    assert (
        sorted(full.nodes) == sorted(expected.nodes) and full.number_of_edges() == expected.number_of_edges()
    )
    assert all(full.nodes[n] == expected.nodes[n] for n in expected.nodes)
    deep = 0
    for u, v, key, want in expected.edges(keys=True, data=True):
        got, short = full.edges[u, v, key], capped.edges[u, v, key]
        assert {k: got[k] for k in want if k != "confidence"} == {
            k: want[k] for k in want if k != "confidence"
        }
        assert got["confidence"] == pytest.approx(want["confidence"], abs=1e-12)
        assert short["count"] == want["count"] and len(short["evidence"]) == min(3, want["count"])
        # the capped edge keeps what the view shows first: the latest, then the most confident
        rank = sorted(want["evidence"], key=lambda e: (e["date"] or "", e["confidence"]), reverse=True)
        assert sorted(e["statement"] for e in short["evidence"]) == sorted(e["statement"] for e in rank[:3])
        deep += want["count"] > 3
    assert deep > 10  # the cap was exercised


@pytest.mark.slow
def test_peak_memory_does_not_grow_with_the_documents(tmp_path) -> None:
    """finish_build over 150 and 1,500 documents (runs, loads and view evidence filled at both):
    Python's peak (tracemalloc) and the process's (ru_maxrss) within 1.2x."""
    script = ROOT / "tests" / "streaming_memory.py"
    peaks = {}
    for n in (150, 1500):
        subprocess.run(
            [sys.executable, str(script), "write", str(tmp_path / f"p{n}"), str(n)], check=True, cwd=ROOT
        )
        done = subprocess.run(
            [sys.executable, str(script), "finish", str(tmp_path / f"p{n}"), str(tmp_path / f"o{n}")],
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
        )
        peaks[n] = json.loads(done.stdout.strip().splitlines()[-1])
        lines = (tmp_path / f"o{n}" / "statements.jsonl").read_text(encoding="utf-8").count("\n")
        assert lines > n  # the documents went through
    assert peaks[1500]["python_peak"] <= 1.2 * peaks[150]["python_peak"], peaks
    assert peaks[1500]["maxrss"] <= 1.2 * peaks[150]["maxrss"], peaks


def _document_graphs(path: Path) -> dict[str, frozenset]:
    store = open_store(path)
    graphs = {
        g.value: frozenset(store.quads_for_pattern(None, None, None, g))
        for g in store.named_graphs()
        if g.value.startswith("https://w3id.org/graphkit/doc/")
    }
    del store  # closed: one process at a time
    return graphs


@pytest.mark.parametrize(("stop_at", "new_kept"), [(3, 0), (10, 7), (25, 14)])
def test_a_store_load_stopped_midway_leaves_each_document_whole_or_as_it_was(
    tmp_path, monkeypatch, stop_at, new_kept
):
    """Documents new to the store (added in transactions) and documents it holds (staged, then
    moved): a load stopped while it runs leaves each one in its old version, or absent, or whole."""
    monkeypatch.setattr("graphkit.partitions.MOVE_BATCH", 7)
    # the second run's documents, in id order: 15 new ones, then 15 the store holds
    first, second = dict(n=30, seed=7, start=15), dict(n=30, seed=8, start=0)
    for k, spec in enumerate((first, second)):
        _partition(tmp_path / f"parts-{k}", resolved_results(resolver=ActorResolver(), **spec))
    for store in ("before", "after", "cut"):
        finish_build(tmp_path / "parts-0", tmp_path / f"out-{store}", store=tmp_path / store)
    finish_build(tmp_path / "parts-1", tmp_path / "out-after", store=tmp_path / "after")
    before, after = _document_graphs(tmp_path / "before"), _document_graphs(tmp_path / "after")
    assert len(before) == 30 and len(after) == 45

    def killed(stage: str, done: int, total: int | None) -> None:
        if stage == "loading the store" and done == stop_at:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        finish_build(tmp_path / "parts-1", tmp_path / "out-cut", store=tmp_path / "cut", on_progress=killed)
    cut = _document_graphs(tmp_path / "cut")  # open_store drops what was staged and not moved
    assert set(before) <= set(cut) < set(after)
    for graph, quads in cut.items():
        assert quads == after[graph] or quads == before.get(graph), graph
    assert len([g for g in cut if g not in before]) == new_kept  # whole transactions of 7 new ones
    assert all(cut[g] == before[g] for g in before)  # the held ones were staged, not yet moved


def test_the_documents_just_loaded_are_taken_as_the_store_reads_them_back(tmp_path, monkeypatch) -> None:
    """A store build reads back only the documents it did not load: what it loaded is taken from
    its own copy, which must be what reading the store gives."""
    from graphkit.partitions import BuildTotals, _load_store, _store_results, _StoreHandle, read_results

    for k, spec in enumerate((dict(n=30, seed=7, start=0), dict(n=20, seed=8, start=20))):
        _partition(tmp_path / f"parts-{k}", resolved_results(resolver=ActorResolver(), **spec))
    handle = _StoreHandle(tmp_path / "store", open_store(tmp_path / "store"))
    for k in (0, 1):  # the second load replaces 10 documents and adds 10
        results = read_results(tmp_path / f"parts-{k}", "part-00000")
        _load_store(handle, results, {}, BuildTotals(), None, "store", tmp_path / f"loaded-{k}.jsonl")
    read = list(_store_results(handle))
    assert [r.document.id for r in read] == [f"doc-{i:06d}" for i in range(40)]
    real = graphkit.partitions._read_back
    calls = []
    monkeypatch.setattr(graphkit.partitions, "_read_back", lambda *a: calls.append(a[1]) or real(*a))
    assert list(_store_results(handle, tmp_path / "loaded-1.jsonl")) == read
    assert calls == [f"doc-{i:06d}" for i in range(20)]  # only the first load's documents were read


def test_a_batch_the_store_could_not_write_fails_the_load(tmp_path) -> None:
    """New documents are written by a thread: what it raises is raised in the load, not lost."""
    from graphkit.partitions import MOVE_BATCH, _NewDocuments, _StoreHandle

    class FullDisk:
        def __init__(self) -> None:
            self.written: list[int] = []

        def contains_named_graph(self, graph) -> bool:
            return False

        def extend(self, quads) -> None:
            if len(self.written) == 1:
                raise OSError("No space left on device")
            self.written.append(len(quads))

        def flush(self) -> None:
            pass

    store = FullDisk()
    with pytest.raises(OSError, match="No space left"), _NewDocuments(_StoreHandle(tmp_path, store)) as added:
        for i in range(3 * MOVE_BATCH):
            added.add(f"urn:doc:{i}", [i, i])
        added.flush()
    assert store.written == [2 * MOVE_BATCH]  # the first batch was written, the second failed
