"""The extraction rules on hand-built parses: the rule, not the parser, is under test.

Each sentence is a ``Doc`` built from words, heads, dependency labels, tags, lemmas and entities
(see ``tests/docs.py``) and run through graphkit's components on a blank English pipeline, so
these tests hold whatever model version parses the text in production. The parses are the ones
the shipped model gives; where a rule reads one label, a second parse changes only that label.
"""

from __future__ import annotations

import pytest

from docs import make_doc, rule_pipeline, run
from graphkit.namespaces import ACTOR

RUS, SYR, LBN, ISR = (str(ACTOR[c]) for c in ("RUS", "SYR", "LBN", "ISR"))


@pytest.fixture(scope="module")
def nlp():
    return rule_pipeline()


def mentions(doc) -> list[tuple[str, str, str]]:
    """(text, actor IRI, kind) of every actor mention, in text order."""
    return [(m.span.text, m.actor.id, m.kind) for m in doc._.actor_mentions]


def relations(doc) -> list[tuple[str, str, str, str, str, str | None]]:
    """(relation, subject label, object label, polarity, modality, source label) of each statement."""
    return [
        (
            f.relation,
            f.subject.actor.label,
            f.object.actor.label,
            f.polarity,
            f.modality,
            f.reporter.actor.label if f.reporter is not None else None,
        )
        for f in doc._.relations
    ]


ARMED_ACTIVE = """
    Russia      1  nsubj     PROPN NNP  Russia     GPE
    armed       1  ROOT      VERB  VBD  arm
    Hezbollah   1  dobj      PROPN NNP  Hezbollah  ORG
    .           1  punct     PUNCT .    .
"""


# -- actors ---------------------------------------------------------------------------------------
def test_gazetteer_names_link_to_their_actors(nlp):
    doc = run(nlp, make_doc(nlp, "Russia armed Hezbollah.", ARMED_ACTIVE))
    assert [(text, kind) for text, _, kind in mentions(doc)] == [("Russia", "name"), ("Hezbollah", "name")]
    assert [m.actor.label for m in doc._.actor_mentions] == ["Russia", "Hezbollah"]
    assert doc._.actor_mentions[0].actor.id == RUS
    assert not any(m.actor.provisional for m in doc._.actor_mentions)


ZORGAN_ATTACKED_ISRAEL = """
    The          3  det       DET   DT   the         ORG
    Zorgan       3  compound  PROPN NNP  Zorgan      ORG
    Liberation   3  compound  PROPN NNP  Liberation  ORG
    Front        4  nsubj     PROPN NNP  Front       ORG
    attacked     4  ROOT      VERB  VBD  attack
    Israel       4  dobj      PROPN NNP  Israel      GPE
    .            4  punct     PUNCT .    .
"""


def test_an_unknown_organisation_is_a_provisional_actor(nlp):
    doc = run(nlp, make_doc(nlp, "The Zorgan Liberation Front attacked Israel.", ZORGAN_ATTACKED_ISRAEL))
    front, israel = doc._.actor_mentions
    assert front.span.text == "Zorgan Liberation Front" and front.actor.provisional
    assert front.actor.type == "Organisation" and front.actor.label == "Zorgan Liberation Front"
    assert israel.actor.id == ISR
    assert relations(doc) == [
        ("attacks", "Zorgan Liberation Front", "Israel", "positive", "asserted", None)
    ]


def test_without_provisional_actors_an_unknown_organisation_is_no_actor():
    nlp = rule_pipeline(provisional=False)
    doc = run(nlp, make_doc(nlp, "The Zorgan Liberation Front attacked Israel.", ZORGAN_ATTACKED_ISRAEL))
    assert mentions(doc) == [("Israel", ISR, "name")]
    assert relations(doc) == []


HELPING_IN_SYRIA = """
    Russia      2  nsubj     PROPN NNP  Russia     GPE
    is          2  aux       AUX   VBZ  be
    helping     2  ROOT      VERB  VBG  help
    Hezbollah   2  dobj      PROPN NNP  Hezbollah  ORG
    in          3  prep      ADP   IN   in
    Syria       4  pobj      PROPN NNP  Syria      GPE
    .           2  punct     PUNCT .    .
"""


def test_a_state_named_as_a_place_is_no_actor(nlp):
    doc = run(nlp, make_doc(nlp, "Russia is helping Hezbollah in Syria.", HELPING_IN_SYRIA))
    assert [text for text, _, _ in mentions(doc)] == ["Russia", "Hezbollah"]
    assert relations(doc) == [("aids", "Russia", "Hezbollah", "positive", "asserted", None)]


def test_the_same_state_as_an_argument_is_an_actor(nlp):
    # the contrast of the test above: the word is the same, its syntactic role is not
    doc = run(
        nlp,
        make_doc(
            nlp,
            "Syria rejected the plan.",
            """
            Syria      1  nsubj     PROPN NNP  Syria   GPE
            rejected   1  ROOT      VERB  VBD  reject
            the        3  det       DET   DT   the
            plan       1  dobj      NOUN  NN   plan
            .          1  punct     PUNCT .    .
            """,
        ),
    )
    assert mentions(doc) == [("Syria", SYR, "name")]


@pytest.mark.parametrize(
    "text, table, expected",
    [
        (
            "Russian airstrikes killed 20 civilians.",
            """
            Russian      1  amod      ADJ   JJ   russian    NORP
            airstrikes   2  nsubj     NOUN  NNS  airstrike
            killed       2  ROOT      VERB  VBD  kill
            20           4  nummod    NUM   CD   20         CARDINAL
            civilians    2  dobj      NOUN  NNS  civilian
            .            2  punct     PUNCT .    .
            """,
            ("Russian", RUS, "demonym"),
        ),
        (
            "Lebanese troops attacked Hezbollah.",
            """
            Lebanese    1  amod      ADJ   JJ   lebanese   NORP
            troops      2  nsubj     NOUN  NNS  troop
            attacked    2  ROOT      VERB  VBD  attack
            Hezbollah   2  dobj      PROPN NNP  Hezbollah  ORG
            .           2  punct     PUNCT .    .
            """,
            ("Lebanese troops", LBN, "military"),
        ),
    ],
)
def test_a_demonym_names_its_state(nlp, text, table, expected):
    doc = run(nlp, make_doc(nlp, text, table))
    assert mentions(doc)[0] == expected


# -- coreference ----------------------------------------------------------------------------------
def test_a_pronoun_resolves_to_the_previous_actor(nlp):
    doc = run(
        nlp,
        make_doc(
            nlp,
            "Hezbollah met the envoy. It later attacked Israel.",
            """
            Hezbollah   1  nsubj     PROPN NNP  Hezbollah  ORG
            met         1  ROOT      VERB  VBD  meet
            the         3  det       DET   DT   the
            envoy       1  dobj      NOUN  NN   envoy
            .           1  punct     PUNCT .    .
            It          7  nsubj     PRON  PRP  it
            later       7  advmod    ADV   RB   later
            attacked    7  ROOT      VERB  VBD  attack
            Israel      7  dobj      PROPN NNP  Israel     GPE
            .           7  punct     PUNCT .    .
            """,
        ),
    )
    it = next(m for m in doc._.actor_mentions if m.span.text == "It")
    assert it.via == "coref" and it.actor.label == "Hezbollah"
    assert relations(doc) == [("attacks", "Hezbollah", "Israel", "positive", "asserted", None)]


def test_the_group_resolves_to_the_previous_armed_group(nlp):
    doc = run(
        nlp,
        make_doc(
            nlp,
            "Hezbollah attacked Israel. The group later armed Hamas.",
            """
            Hezbollah   1  nsubj     PROPN NNP  Hezbollah  ORG
            attacked    1  ROOT      VERB  VBD  attack
            Israel      1  dobj      PROPN NNP  Israel     GPE
            .           1  punct     PUNCT .    .
            The         5  det       DET   DT   the
            group       7  nsubj     NOUN  NN   group
            later       7  advmod    ADV   RB   later
            armed       7  ROOT      VERB  VBD  arm
            Hamas       7  dobj      PROPN NNP  Hamas      ORG
            .           7  punct     PUNCT .    .
            """,
        ),
    )
    group = next(m for m in doc._.actor_mentions if m.span.text == "The group")
    assert group.via == "coref" and group.actor.label == "Hezbollah"
    assert relations(doc) == [
        ("attacks", "Hezbollah", "Israel", "positive", "asserted", None),
        ("arms", "Hezbollah", "Hamas", "positive", "asserted", None),
    ]


# -- relations ------------------------------------------------------------------------------------
def test_an_active_verb_trigger_relates_its_subject_to_its_object(nlp):
    doc = run(nlp, make_doc(nlp, "Russia armed Hezbollah.", ARMED_ACTIVE))
    assert relations(doc) == [("arms", "Russia", "Hezbollah", "positive", "asserted", None)]
    assert [f.pattern for f in doc._.relations] == ["verb"]


def test_the_lemma_not_the_word_triggers(nlp):
    # "armed" with a lemma the lexicon does not know is no trigger
    doc = run(nlp, make_doc(nlp, "Russia armed Hezbollah.", ARMED_ACTIVE.replace(" arm\n", " see\n")))
    assert [text for text, _, _ in mentions(doc)] == ["Russia", "Hezbollah"]
    assert relations(doc) == []


def test_a_passive_keeps_the_direction(nlp):
    doc = run(
        nlp,
        make_doc(
            nlp,
            "Hezbollah was armed by Russia.",
            """
            Hezbollah   2  nsubjpass PROPN NNP  Hezbollah  ORG
            was         2  auxpass   AUX   VBD  be
            armed       2  ROOT      VERB  VBN  arm
            by          2  agent     ADP   IN   by
            Russia      3  pobj      PROPN NNP  Russia     GPE
            .           2  punct     PUNCT .    .
            """,
        ),
    )
    assert relations(doc) == [("arms", "Russia", "Hezbollah", "positive", "asserted", None)]


def test_a_negated_trigger_gives_a_negative_statement(nlp):
    doc = run(
        nlp,
        make_doc(
            nlp,
            "Russia did not arm Hezbollah.",
            """
            Russia      3  nsubj     PROPN NNP  Russia     GPE
            did         3  aux       AUX   VBD  do
            not         3  neg       PART  RB   not
            arm         3  ROOT      VERB  VB   arm
            Hezbollah   3  dobj      PROPN NNP  Hezbollah  ORG
            .           3  punct     PUNCT .    .
            """,
        ),
    )
    assert relations(doc) == [("arms", "Russia", "Hezbollah", "negative", "asserted", None)]


SAID_ARMED = """
    Iran        1  nsubj     PROPN NNP  Iran       GPE
    said        1  ROOT      VERB  VBD  say
    Russia      3  nsubj     PROPN NNP  Russia     GPE
    armed       1  ccomp     VERB  VBD  arm
    Hezbollah   3  dobj      PROPN NNP  Hezbollah  ORG
    .           1  punct     PUNCT .    .
"""


def test_a_reported_claim_is_attributed_to_the_speaker(nlp):
    doc = run(nlp, make_doc(nlp, "Iran said Russia armed Hezbollah.", SAID_ARMED))
    assert relations(doc) == [("arms", "Russia", "Hezbollah", "positive", "reported", "Iran")]
    # saying is not an event between the speaker and the actors of the claim
    assert not [r for r in relations(doc) if "Iran" in r[1:3]]


def test_a_nominal_trigger_with_a_possessor_and_a_for_object(nlp):
    doc = run(
        nlp,
        make_doc(
            nlp,
            "Russia's support for Hezbollah grew.",
            """
            Russia      2  poss      PROPN NNP  Russia     GPE
            's          0  case      PART  POS  's
            support     5  nsubj     NOUN  NN   support
            for         2  prep      ADP   IN   for
            Hezbollah   3  pobj      PROPN NNP  Hezbollah  ORG
            grew        5  ROOT      VERB  VBD  grow
            .           5  punct     PUNCT .    .
            """,
        ),
    )
    assert relations(doc) == [("supports", "Russia", "Hezbollah", "positive", "asserted", None)]
    assert [f.pattern for f in doc._.relations] == ["noun"]


def test_an_appositive_standing_tie(nlp):
    doc = run(
        nlp,
        make_doc(
            nlp,
            "Turkey, a member of NATO, condemned Russia.",
            """
            Turkey      7  nsubj     PROPN NNP  Turkey   GPE
            ,           0  punct     PUNCT ,    ,
            a           3  det       DET   DT   a
            member      0  appos     NOUN  NN   member
            of          3  prep      ADP   IN   of
            NATO        4  pobj      PROPN NNP  NATO     ORG
            ,           0  punct     PUNCT ,    ,
            condemned   7  ROOT      VERB  VBD  condemn
            Russia      7  dobj      PROPN NNP  Russia   GPE
            .           7  punct     PUNCT .    .
            """,
        ),
    )
    assert sorted(relations(doc)) == [
        ("condemns", "Turkey", "Russia", "positive", "asserted", None),
        ("member_of", "Turkey", "NATO", "positive", "asserted", None),
    ]
    assert {f.relation: f.pattern for f in doc._.relations}["member_of"] == "standing-noun"


def test_an_appositive_title_names_the_person_beside_it(nlp):
    doc = run(
        nlp,
        make_doc(
            nlp,
            "Hassan Nasrallah, the leader of Hezbollah, spoke.",
            """
            Hassan      1  compound  PROPN NNP  Hassan     PERSON
            Nasrallah   8  nsubj     PROPN NNP  Nasrallah  PERSON
            ,           1  punct     PUNCT ,    ,
            the         4  det       DET   DT   the
            leader      1  appos     NOUN  NN   leader
            of          4  prep      ADP   IN   of
            Hezbollah   5  pobj      PROPN NNP  Hezbollah  ORG
            ,           1  punct     PUNCT ,    ,
            spoke       8  ROOT      VERB  VBD  speak
            .           8  punct     PUNCT .    .
            """,
        ),
    )
    found = [(m.span.text, m.actor.label, m.kind) for m in doc._.actor_mentions]
    assert found == [
        ("Hassan Nasrallah", "Hassan Nasrallah", "name"),
        ("leader of Hezbollah", "Hassan Nasrallah", "title"),
        ("Hezbollah", "Hezbollah", "name"),
    ]


# -- actors of issue 12: sector actors of a state, numbered units, places, lists ------------------
UKRAINIAN_PROTESTERS = """
    Ukrainian   1  amod      ADJ   JJ   Ukrainian  NORP
    protesters  2  nsubj     NOUN  NNS  protester
    attacked    2  ROOT      VERB  VBD  attack
    police      2  dobj      NOUN  NN   police
    .           2  punct     PUNCT .    .
"""


def test_a_demonym_before_a_generic_actor_makes_that_state_s_actor(nlp):
    doc = run(nlp, make_doc(nlp, "Ukrainian protesters attacked police.", UKRAINIAN_PROTESTERS))
    crowd = doc._.actor_mentions[0]
    found = (crowd.span.text, crowd.actor.country, crowd.actor.type)
    assert found == ("Ukrainian protesters", "UKR", "Population")
    assert crowd.actor.id.endswith("generic-protesters-ukr")
    assert not any(m.actor.id == str(ACTOR["UKR"]) for m in doc._.actor_mentions)  # not the state too
    assert [(r[0], r[1], r[2]) for r in relations(doc)] == [("attacks", "Ukrainian protesters", "police")]


SYRIAN_ARMY_UNIT = """
    The         2  det       DET   DT   the
    Syrian      2  compound  PROPN NNP  Syrian     ORG
    Army        5  poss      PROPN NNP  Army       ORG
    's          2  case      PART  POS  's
    25th        5  amod      ADJ   JJ   25th       ORDINAL
    Division    6  nsubj     PROPN NNP  Division
    attacked    6  ROOT      VERB  VBD  attack
    rebels      6  dobj      NOUN  NNS  rebel
    .           6  punct     PUNCT .    .
"""


def test_a_numbered_unit_is_a_military_actor_of_the_state_it_belongs_to(nlp):
    doc = run(nlp, make_doc(nlp, "The Syrian Army's 25th Division attacked rebels.", SYRIAN_ARMY_UNIT))
    unit = next(m for m in doc._.actor_mentions if m.span.text == "25th Division")
    assert (unit.actor.type, unit.actor.country, unit.via) == ("Military", "SYR", "unit")
    assert ("attacks", "25th Division", "rebels") in [(r[0], r[1], r[2]) for r in relations(doc)]


def test_a_capitalised_unit_noun_without_a_number_is_no_unit(nlp):
    table = """
        The       1  det    DET   DT   the
        Division  2  nsubj  PROPN NNP  Division
        attacked  2  ROOT   VERB  VBD  attack
        rebels    2  dobj   NOUN  NNS  rebel
        .         2  punct  PUNCT .    .
    """
    doc = run(nlp, make_doc(nlp, "The Division attacked rebels.", table))
    assert [m.span.text for m in doc._.actor_mentions] == ["rebels"]


def _shelled(place_label: str) -> str:
    return f"""
        Rebels    1  nsubj  NOUN  NNS  rebel
        attacked  1  ROOT   VERB  VBD  attack
        Homs      1  dobj   PROPN NNP  Homs  {place_label}
        .         1  punct  PUNCT .    .
    """


def test_a_town_as_an_argument_stands_for_its_state_and_keeps_its_text(nlp):
    doc = run(nlp, make_doc(nlp, "Rebels attacked Homs.", _shelled("GPE")))
    [found] = doc._.relations
    assert (found.relation, found.object.actor.id) == ("attacks", SYR)
    assert (found.object.span.text, found.object.via, found.object.kind) == ("Homs", "place", "place")
    # the place is a mention of the state, never an actor of its own
    assert not any(m.actor.provisional for m in doc._.actor_mentions)


def test_a_name_the_tagger_read_as_a_person_is_not_looked_up_among_towns(nlp):
    doc = run(nlp, make_doc(nlp, "Rebels attacked Homs.", _shelled("PERSON")))
    assert all(f.object.via != "place" for f in doc._.relations)


def test_the_city_of_a_name_is_that_place(nlp):
    table = """
        Rebels    1  nsubj  NOUN  NNS  rebel
        attacked  1  ROOT   VERB  VBD  attack
        the       3  det    DET   DT   the
        city      1  dobj   NOUN  NN   city
        of        3  prep   ADP   IN   of
        Mosul     4  pobj   PROPN NNP  Mosul  GPE
        .         1  punct  PUNCT .    .
    """
    doc = run(nlp, make_doc(nlp, "Rebels attacked the city of Mosul.", table))
    found = [(f.object.actor.id, f.object.span.text) for f in doc._.relations]
    assert found == [(str(ACTOR["IRQ"]), "Mosul")]


def test_every_member_of_a_subject_list_is_a_subject(nlp):
    table = """
        Russia     5  nsubj  PROPN NNP  Russia  GPE
        ,          0  punct  PUNCT ,    ,
        Iran       0  conj   PROPN NNP  Iran    GPE
        and        2  cc     CCONJ CC   and
        Syria      2  conj   PROPN NNP  Syria   GPE
        condemned  5  ROOT   VERB  VBD  condemn
        Turkey     5  dobj   PROPN NNP  Turkey  GPE
        .          5  punct  PUNCT .    .
    """
    doc = run(nlp, make_doc(nlp, "Russia, Iran and Syria condemned Turkey.", table))
    assert sorted(r[1] for r in relations(doc)) == ["Iran", "Russia", "Syria"]


def test_states_listed_beside_a_state_s_forces_are_subjects_too(nlp):
    # "Syria" is a subject, yet Russia's target: pairs of one actor alone are left out
    table = """
        Russian    3  amod   ADJ   JJ   Russian   NORP
        and        0  cc     CCONJ CC   and
        Syrian     0  conj   ADJ   JJ   Syrian    NORP
        warplanes  4  nsubj  NOUN  NNS  warplane
        attacked   4  ROOT   VERB  VBD  attack
        Homs       4  dobj   PROPN NNP  Homs      GPE
        .          4  punct  PUNCT .    .
    """
    doc = run(nlp, make_doc(nlp, "Russian and Syrian warplanes attacked Homs.", table))
    assert [(m.span.text, m.kind) for m in doc._.actor_mentions][:2] == [
        ("Russian", "demonym"),
        ("Syrian warplanes", "military"),
    ]
    assert [(r[0], r[1], r[2]) for r in relations(doc)] == [("attacks", "Russia", "Syria")]


def test_a_list_parsed_as_an_apposition_keeps_every_member(nlp):
    # "X, the Y, Z and W": the parser makes Y an apposition of X; that is a list, not "Anbar, Iraq"
    table = """
        Egypt     8  nsubj  PROPN NNP  Egypt    GPE
        ,         0  punct  PUNCT ,    ,
        the       3  det    DET   DT   the
        UAE       0  appos  PROPN NNP  UAE      GPE
        ,         3  punct  PUNCT ,    ,
        Bahrain   3  conj   PROPN NNP  Bahrain  GPE
        and       5  cc     CCONJ CC   and
        Oman      5  conj   PROPN NNP  Oman     GPE
        attacked  8  ROOT   VERB  VBD  attack
        Qatar     8  dobj   PROPN NNP  Qatar    GPE
        .         8  punct  PUNCT .    .
    """
    doc = run(nlp, make_doc(nlp, "Egypt, the UAE, Bahrain and Oman attacked Qatar.", table))
    assert sorted(r[1] for r in relations(doc) if r[0] == "attacks") == [
        "Bahrain",
        "Egypt",
        "Oman",
        "United Arab Emirates",
    ]


def test_names_of_things_and_places_the_tagger_took_for_actors_are_none(nlp):
    table = """
        Rebels    1  nsubj     NOUN  NNS  rebel
        attacked  1  ROOT      VERB  VBD  attack
        the       4  det       DET   DT   the
        Ishtar    4  compound  PROPN NNP  Ishtar    ORG
        Gate      1  dobj      PROPN NNP  Gate      ORG
        and       4  cc        CCONJ CC   and
        Anbar     7  compound  PROPN NNP  Anbar     PERSON
        Province  4  conj      PROPN NNP  Province  PERSON
        .         1  punct     PUNCT .    .
    """
    doc = run(nlp, make_doc(nlp, "Rebels attacked the Ishtar Gate and Anbar Province.", table))
    assert [m.span.text for m in doc._.actor_mentions] == ["Rebels"]
    assert relations(doc) == []


def test_a_press_name_the_tagger_read_as_a_person_is_the_press(nlp):
    table = """
        Iran     1  nsubj     PROPN NNP  Iran    GPE
        accused  1  ROOT      VERB  VBD  accuse
        the      4  det       DET   DT   the
        Zorgan   4  compound  PROPN NNP  Zorgan  PERSON
        Times    1  dobj      PROPN NNP  Times   PERSON
        .        1  punct     PUNCT .    .
    """
    doc = run(nlp, make_doc(nlp, "Iran accused the Zorgan Times.", table))
    press = doc._.actor_mentions[-1]
    assert (press.span.text, press.actor.type) == ("Zorgan Times", "Media")


def test_a_tagged_name_loses_the_function_words_it_ends_in(nlp):
    table = """
        Friends  3  nsubj  PROPN NNP  Friends  ORG
        of       0  prep   ADP   IN   of       ORG
        Zorgania 1  pobj   PROPN NNP  Zorgania ORG
        and      0  cc     CCONJ CC   and      ORG
        attacked 4  ROOT   VERB  VBD  attack
        Israel   4  dobj   PROPN NNP  Israel   GPE
        .        4  punct  PUNCT .    .
    """
    doc = run(nlp, make_doc(nlp, "Friends of Zorgania and attacked Israel.", table))
    assert doc._.actor_mentions[0].span.text == "Friends of Zorgania"
