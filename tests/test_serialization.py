"""A saved pipeline is self-contained: ``nlp.to_disk`` then ``spacy.load`` in a fresh process gives
the same statements, and reads none of graphkit's package data (everything comes from the save)."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import spacy

from graphkit.documents import read_documents
from graphkit.extraction import COMPONENTS, add_components
from graphkit.model import KnowledgeGraph
from graphkit.resources import data_path, ontology_path

_ONTOLOGIES = ontology_path("graphkit.ttl").parent

# Run in a fresh interpreter: loads the saved pipeline with graphkit's package data and ontology folders
# made unreadable (an audit hook refuses every open or listing under them) and prints the statements the
# Extractor finds over the examples. The graph model's own tables (relation vocabulary, confidence
# calibration) are no part of the pipeline: they are read once, between the load and the run.
_FRESH = textwrap.dedent(
    """
    import json, os, sys
    saved, examples, package_data, ontologies = sys.argv[1:5]
    package_data = os.path.realpath(package_data)
    ontologies = os.path.realpath(ontologies)
    blocked = True
    reads = []

    def hook(event, args):
        if blocked and event in ("open", "os.listdir", "os.scandir") and args and args[0] is not None:
            path = args[0]
            if isinstance(path, (str, bytes, os.PathLike)):
                path = os.path.realpath(os.fsdecode(path))
                if any(path == d or path.startswith(d + os.sep) for d in (package_data, ontologies)):
                    reads.append(path)
                    raise PermissionError(f"package data read while the pipeline loads or runs: {path}")

    sys.addaudithook(hook)
    assert "graphkit.extraction" not in sys.modules
    import spacy

    nlp = spacy.load(saved)  # graphkit's factories come in through its spacy_factories entry points
    assert "graphkit.extraction" in sys.modules, "spacy.load found the factories without graphkit?"
    try:  # the hook works: reading the package data fails
        open(os.path.join(package_data, "noise.yaml")).close()
    except PermissionError:
        reads.clear()
    else:
        raise SystemExit("the audit hook let a package data file through")

    blocked = False
    from graphkit.documents import read_documents
    from graphkit.extraction import Extractor, confidence_table
    from graphkit.model import KnowledgeGraph
    from graphkit.vocabulary import default_vocabulary

    confidence_table(), default_vocabulary()
    documents = list(read_documents([examples]))
    blocked = True
    results = list(Extractor(nlp=nlp).extract(documents))
    assert not reads, reads
    rows = [json.dumps(r, sort_keys=True) for r in KnowledgeGraph().extend(results).iter_json()]
    print(json.dumps({"pipes": nlp.pipe_names, "rows": rows}))
    """
)


def _rows(results) -> list[str]:
    return [json.dumps(row, sort_keys=True) for row in KnowledgeGraph().extend(results).iter_json()]


def _load_fresh(saved: Path, examples: Path) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", _FRESH, str(saved), str(examples), str(data_path()), str(_ONTOLOGIES)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def saved(extractor, tmp_path_factory) -> Path:
    """The session's pipeline (``build_pipeline()``), saved."""
    path = tmp_path_factory.mktemp("pipeline") / "nlp"
    extractor.nlp.to_disk(path)
    return path


@pytest.mark.slow
def test_a_saved_pipeline_loads_in_a_fresh_process_and_finds_the_same_statements(
    extractor, saved, examples_dir
):
    built = _rows(extractor.extract(read_documents([examples_dir])))
    assert sum('"relation"' in row for row in built) >= 5, "the examples state relations"
    loaded = _load_fresh(saved, examples_dir)
    assert loaded["pipes"] == extractor.nlp.pipe_names
    assert loaded["rows"] == built


def test_every_graphkit_component_saves_its_data(saved):
    """Each component writes what it reads, so nothing is left to the package at load time."""
    for name in COMPONENTS:
        folder = saved / name
        assert folder.is_dir() and any(folder.iterdir()), f"{name} saved nothing"
        assert (folder / "gazetteer" / "gazetteer.json").exists(), f"{name} saved no gazetteer"
    saved_actors = json.loads((saved / "graphkit_actors" / "actors.json").read_text(encoding="utf-8"))
    assert "capture" in saved_actors["words"]["territorial_verbs"]
    assert "say" in json.loads((saved / "graphkit_coref" / "coref.json").read_text())["speech_verbs"]


def test_a_rule_pipeline_round_trips_in_process(tmp_path):
    """A blank pipeline with the components (no model) saves and loads; the loaded components
    share one gazetteer object, as the built ones do."""
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    add_components(nlp)
    built = {name: nlp.get_pipe(name) for name in COMPONENTS}
    assert built["graphkit_actors"].gazetteer is built["graphkit_coref"].gazetteer
    nlp.to_disk(tmp_path / "nlp")
    loaded = spacy.load(tmp_path / "nlp")
    assert loaded.pipe_names == nlp.pipe_names
    actors, coref = loaded.get_pipe("graphkit_actors"), loaded.get_pipe("graphkit_coref")
    assert actors.gazetteer is not built["graphkit_actors"].gazetteer  # read from the save
    assert actors.gazetteer is coref.gazetteer
    assert actors.gazetteer.actors == built["graphkit_actors"].gazetteer.actors
    assert actors.words == built["graphkit_actors"].words and actors.titles == built["graphkit_actors"].titles
    assert coref.pronouns == built["graphkit_coref"].pronouns
    text = "Hezbollah fired rockets at Israel. The group said it would go on."
    found = [(m.span.text, m.actor.id) for m in loaded(text)._.actor_mentions]
    assert found == [(m.span.text, m.actor.id) for m in nlp(text)._.actor_mentions]
    assert ("Hezbollah", built["graphkit_actors"].gazetteer.lookup("Hezbollah").id) in found


def test_a_saved_gazetteer_reads_back_equal_and_copies_share_one_object(tmp_path):
    from graphkit.gazetteer import ActorGazetteer

    gaz = ActorGazetteer.default()
    gaz.to_disk(tmp_path / "a")
    gaz.to_disk(tmp_path / "b")
    back = ActorGazetteer.from_disk(tmp_path / "a")
    assert back is ActorGazetteer.from_disk(tmp_path / "b")  # same content, same object
    assert list(back.actors.items()) == list(gaz.actors.items())
    assert back.names == gaz.names and back.descriptions == gaz.descriptions and back.roles == gaz.roles
    assert list(back.body_suffixes.items()) == list(gaz.body_suffixes.items())
    for text in ("the Kremlin", "Russian forces", "the Government of Iraq", "Hezbollah", "IS"):
        assert back.resolve(text) == gaz.resolve(text), text
    assert back.resolve("Russian forces")[1] == "military"


def test_extra_actors_travel_with_the_saved_pipeline(tmp_path):
    """The user's actor file is saved with the pipeline: it may be gone when the pipeline loads."""
    mine = tmp_path / "mine.yaml"
    mine.write_text("- id: example-front\n  label: Example Liberation Front\n  type: ArmedGroup\n", "utf-8")
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    add_components(nlp, actors=[mine])
    nlp.to_disk(tmp_path / "nlp")
    mine.unlink()
    loaded = spacy.load(tmp_path / "nlp")
    doc = loaded("The Example Liberation Front fired rockets.")
    assert [(m.span.text, m.actor.label) for m in doc._.actor_mentions] == [
        ("Example Liberation Front", "Example Liberation Front")
    ]
    for name in ("graphkit_actors", "graphkit_coref"):
        assert loaded.get_pipe(name).gazetteer.lookup("Example Liberation Front") is not None, name
