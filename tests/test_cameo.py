"""Bring your own dictionary: CAMEO/PETRARCH actor files (``*.actors.txt``) as --actors input."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from graphkit.cameo import read_cameo_dictionary
from graphkit.documents import Document
from graphkit.extraction import Extractor
from graphkit.gazetteer import ActorGazetteer

SAMPLE = """\
# a comment line
ADEN_ABYAN_ISLAMIC_ARMY_(AAIA)_ [YEMREB] #  kkl 21 Mar 13
+ADEN_ISLAMIC_ARMY_
+JAYSH_ADAN_

VLADIMIR_PUTIN_
+PUTIN_
[RUSELI 000101-080507]
[RUSGOV >080508]

CONTINUITY_IRA_ [WEU]
"""

# A group that only the Phoenix armed-groups file knows (checked below against the shipped gazetteer).
ONLY_IN_PHOENIX = "Aden Abyan Islamic Army"


@pytest.fixture(scope="module")
def milnonstate(shared_dir):
    return shared_dir / "data" / "petrarch" / "Phoenix.MilNonState.actors.txt"


def test_reads_names_synonyms_acronyms_and_codes(tmp_path):
    path = tmp_path / "sample.actors.txt"
    path.write_text(SAMPLE, encoding="utf-8")
    records = {r["names"][0]: r for r in read_cameo_dictionary(path)}
    aden = records["ADEN ABYAN ISLAMIC ARMY"]
    assert aden["names"] == ["ADEN ABYAN ISLAMIC ARMY", "ADEN ISLAMIC ARMY", "JAYSH ADAN"]
    assert aden["acronyms"] == ["AAIA"]
    assert (aden["type"], aden["country"], aden["cameo"], aden["label"]) == (
        "ArmedGroup",
        "YEM",
        "YEMREB",
        "Aden Abyan Islamic Army",
    )
    putin = records["VLADIMIR PUTIN"]
    # the dated codes: the one still current (">080508") wins over the closed range
    assert putin["cameo"] == "RUSGOV" and putin["type"] == "Person" and putin["country"] == "RUS"


def test_import_extends_known_actors_and_adds_new_ones(tmp_path):
    path = tmp_path / "sample.actors.txt"
    path.write_text(SAMPLE, encoding="utf-8")
    base = ActorGazetteer.default()
    gaz = ActorGazetteer.from_files([path])
    # Putin is known: the entry extends him instead of adding a second Vladimir Putin
    assert gaz.lookup("VLADIMIR PUTIN").id == base.lookup("Vladimir Putin").id
    # a region code is no country, and an entry filed under a region is no state
    ira = gaz.lookup("Continuity IRA")
    assert ira.type != "State"
    aden = gaz.lookup("Jaysh Adan")
    assert aden is not None and aden.country == "YEM" and aden.cameo == "YEMREB"
    assert gaz.lookup("AAIA").id == aden.id
    assert len(gaz) == len(base) + 1


def test_phoenix_armed_groups_file_imports(milnonstate):
    records = list(read_cameo_dictionary(milnonstate))
    assert len(records) > 900
    assert sum(r["type"] == "ArmedGroup" for r in records) > 900
    gaz = ActorGazetteer.from_files([milnonstate])
    assert ActorGazetteer.default().lookup(ONLY_IN_PHOENIX) is None
    group = gaz.lookup(ONLY_IN_PHOENIX)
    assert group is not None and group.type == "ArmedGroup" and group.country == "YEM"
    # a group we know already stays one actor, now with the dictionary's spellings too
    assert gaz.lookup("HIZBALLAH").id == gaz.lookup("Hezbollah").id


@pytest.mark.slow
def test_imported_group_is_recognised_in_text(milnonstate, extractor):
    text = f"The {ONLY_IN_PHOENIX} claimed the bombing in Aden. The AAIA said it would strike again."
    doc = Document("aden-1", text)
    (plain,) = extractor.extract([doc])
    # without the dictionary the name is at best an unknown organisation the tagger found
    assert all(
        a.provisional and a.type == "Organisation"
        for a in plain.actors.values()
        if ONLY_IN_PHOENIX in a.label
    )

    with_dictionary = Extractor(actors=[milnonstate])
    (result,) = with_dictionary.extract([doc])
    group = next(a for a in result.actors.values() if a.label == ONLY_IN_PHOENIX)
    assert group.type == "ArmedGroup" and group.cameo == "YEMREB" and not group.provisional
    texts = {m.text for m in result.mentions if m.actor == group.id}
    assert {ONLY_IN_PHOENIX, "AAIA"} <= texts


@pytest.mark.slow
def test_cli_actors_option_reads_a_cameo_file(milnonstate):
    from graphkit.cli import app

    line = json.dumps({"id": "d1", "text": f"Fighters of the {ONLY_IN_PHOENIX} attacked a checkpoint."})
    result = CliRunner().invoke(
        app, ["extract", "-", "--actors", str(milnonstate), "--workers", "1"], input=line + "\n"
    )
    assert result.exit_code == 0, result.output
    mentions = [json.loads(x) for x in result.stdout.splitlines() if x.strip()]
    labels = {m["actor"]["label"] for m in mentions if m.get("kind") == "mention"}
    assert ONLY_IN_PHOENIX in labels


def test_a_synonym_group_under_one_code_is_not_one_actor(tmp_path, shared_dir):
    """CAMEO files list different bodies under one code: the Royal Air Force is not the Royal Navy."""
    path = tmp_path / "Mine.actors.txt"
    path.write_text(
        "HER_MAJESTYS_ARMED_FORCES_\n+ROYAL_NAVY_\n+ROYAL_AIR_FORCE_\n+BRITISH_ARMED_FORCES_\n\t[GBRMIL]\n"
        "HEZBOLLAH_ [LBNREB]\n+HIZBALLAH_\n+PARTY_OF_GOD_\n",
        encoding="utf-8",
    )
    records = list(read_cameo_dictionary(path))
    labels = [r["label"] for r in records]
    assert labels == ["Her Majestys Armed Forces", "Royal Navy", "Royal Air Force", "Hezbollah"]
    assert {r["cameo"] for r in records[:3]} == {"GBRMIL"}  # they keep the code they share
    assert records[0]["names"] == ["HER MAJESTYS ARMED FORCES", "BRITISH ARMED FORCES"]
    assert records[3]["names"] == ["HEZBOLLAH", "HIZBALLAH", "PARTY OF GOD"]  # spellings stay one
    gaz = ActorGazetteer.from_files([path], base=ActorGazetteer())
    assert gaz.lookup("Royal Navy").id != gaz.lookup("Royal Air Force").id
    # the same holds for the shared Phoenix dictionary
    shared = read_cameo_dictionary(shared_dir / "data" / "petrarch" / "Phoenix.Countries.actors.txt")
    owners = {n: r["label"] for r in shared for n in r["names"] if n in ("ROYAL NAVY", "ROYAL AIR FORCE")}
    assert owners["ROYAL NAVY"] != owners["ROYAL AIR FORCE"]
