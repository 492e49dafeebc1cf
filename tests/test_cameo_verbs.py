"""CAMEO verb dictionaries (PETRARCH's format) as lexicon entries: the reader, the code mapping and
``--verbs`` end to end, on the shared copy of CAMEO.2.0.txt."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from graphkit.cameo_verbs import (
    cameo_table_of,
    lexicon_entries,
    read_cameo_to_plover,
    read_verb_dictionary,
    relation_for,
)
from graphkit.extraction.relations.lexicon import default_lexicon, lexicon_loader
from graphkit.vocabulary import default_vocabulary


@pytest.fixture(scope="module")
def cameo(shared_dir):
    return shared_dir / "data" / "petrarch" / "CAMEO.2.0.txt"


@pytest.fixture(scope="module")
def table(shared_dir):
    return read_cameo_to_plover(shared_dir / "data" / "plover" / "CAMEO2PLOVER-2021.txt")


def test_the_shared_dictionary_reads_as_verb_blocks(cameo):
    blocks, synsets = read_verb_dictionary(cameo)
    assert len(blocks) > 350
    by_name = {b.name: b for b in blocks}
    assert {"accelerate", "expedite", "rush"} <= set(by_name["ACCELERATE"].verbs)
    assert any(p.after == ("AID",) and p.code == "070" for p in by_name["ACCELERATE"].patterns)
    assert {"gun", "missile", "cannon"} <= set(synsets["&WEAPON"]), "synonym sets are read"


def test_codes_map_to_plover_then_to_our_relations(table):
    vocab = default_vocabulary()
    assert table["195"] == "ASSAULT" and table["0874"] == "RETREAT"
    assert relation_for("195", table, vocab) == "strikes"  # employ aerial weapons
    assert relation_for("1823", table, vocab) == "kills"
    assert relation_for("072", table, vocab) == "arms"
    assert relation_for("010", table, vocab) is None  # a public statement is no PLOVER event
    # without the table, the ontology's CAMEO roots give the same answers where they reach
    own = cameo_table_of(vocab)
    assert relation_for("195", own, vocab) == "strikes" and relation_for("072", own, vocab) == "arms"


def test_entries_keep_the_lexicon_schema_and_extend_it(cameo, table):
    blocks, synsets = read_verb_dictionary(cameo)
    entries = lexicon_entries(blocks, synsets, table, default_vocabulary())
    assert entries["verbs"] and entries["phrases"]
    assert all(set(e) == {"relation"} for e in entries["verbs"].values())
    for phrase in entries["phrases"]:
        assert {"lemma", "relation"} <= set(phrase) and {"object", "particle"} & set(phrase)
    shipped = default_lexicon()
    extended = lexicon_loader(cameo_verbs=[str(cameo)])()
    assert set(shipped.verbs) < set(extended.verbs)
    # the lexicon's own entries win over the dictionary's
    assert all(extended.verbs[v] == shipped.verbs[v] for v in shipped.verbs)
    assert extended.phrases[: len(shipped.phrases)] == shipped.phrases


@pytest.mark.slow
def test_verbs_option_adds_triggers_to_extraction(cameo, tmp_path):
    """A verb only the CAMEO dictionary knows triggers a statement with --verbs, and none without."""
    blocks, _ = read_verb_dictionary(cameo)
    vocab, table = default_vocabulary(), cameo_table_of(default_vocabulary())
    dictionary_only = {
        v
        for b in blocks
        if b.code and relation_for(b.code, table, vocab) in ("fights", "attacks")
        for v in b.verbs
        if v not in default_lexicon().verbs
    }
    assert {"subjugate", "ravage"} <= dictionary_only  # verbs only the dictionary knows
    doc = tmp_path / "doc.jsonl"
    doc.write_text(json.dumps({"id": "d", "text": "Russia subjugated Ukraine in 2014."}) + "\n")

    def relations(*extra: str) -> set[str]:
        cmd = [sys.executable, "-m", "graphkit.cli", "extract", str(doc), "--no-mentions", "-w", "1", *extra]
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr[-2000:]
        return {json.loads(line)["relation"] for line in done.stdout.splitlines() if line.strip()}

    assert relations() == set()
    assert relations("--verbs", str(cameo)) & {"fights", "attacks"}
