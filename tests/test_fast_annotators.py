"""The faster attribute ruler and lemmatizer give spaCy's own annotations, token for token."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy
from spacy.attrs import DEP, LEMMA, MORPH, POS, TAG
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc

from graphkit.extraction import fast_annotators
from graphkit.extraction.fast_annotators import (
    CachedEnglishLemmatizer,
    TagTableAttributeRuler,
    speed_up_annotators,
)
from graphkit.extraction.pipeline import DEFAULT_MODEL

DEV = Path(__file__).resolve().parents[2] / "shared" / "eval" / "dev"
ATTRS = [TAG, POS, MORPH, LEMMA, DEP]


def annotations(doc: Doc) -> list[tuple]:
    """Every token's tag, pos, features, lemma and dependency, as strings."""
    return [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_) for t in doc]


def dev_texts() -> list[str]:
    texts = []
    for file in sorted(DEV.glob("*.jsonl")):
        for line in file.read_text(encoding="utf-8").splitlines():
            text = json.loads(line).get("text")
            if text:
                texts.append(text)
    return texts


@pytest.mark.slow
def test_the_model_annotates_every_dev_document_as_spacy_does():
    stock, fast = spacy.load(DEFAULT_MODEL), spacy.load(DEFAULT_MODEL)
    assert speed_up_annotators(fast) == ["attribute_ruler", "lemmatizer"]
    texts = dev_texts()
    assert len(texts) > 100
    differ = []
    # twice: the second pass reads the lemma caches the first one filled; inside memory zones,
    # as the extractor parses
    for _ in range(2):
        with stock.memory_zone(), fast.memory_zone():
            for a, b in zip(stock.pipe(texts), fast.pipe(texts), strict=True):
                if annotations(a) != annotations(b):
                    differ.append(a.text[:60])
    assert differ == []


def tagged(nlp, words: list[str], tags: list[str], deps: list[str] | None = None) -> Doc:
    return Doc(nlp.vocab, words=words, tags=tags, deps=deps)


def ruler_pair(patterns: list[dict]) -> tuple[AttributeRuler, TagTableAttributeRuler]:
    nlp = spacy.blank("en")
    stock = AttributeRuler(nlp.vocab)
    stock.add_patterns(patterns)
    fast = AttributeRuler(nlp.vocab)
    fast.add_patterns(patterns)
    fast.__class__ = TagTableAttributeRuler
    return stock, fast


PATTERNS = [
    # a tag map, then exceptions keyed on words, then rules the Matcher must keep
    {"patterns": [[{"TAG": "DT"}]], "attrs": {"POS": "DET", "MORPH": "PronType=Art"}},
    {"patterns": [[{"TAG": "NN"}]], "attrs": {"POS": "NOUN", "MORPH": "Number=Sing"}},
    {"patterns": [[{"TAG": "NN"}]], "attrs": {"MORPH": "Number=Sing|Foreign=No"}},  # the later wins
    {"patterns": [[{"TAG": "VBD"}]], "attrs": {"POS": "VERB"}},
    {"patterns": [[{"LOWER": "the", "TAG": "DT"}]], "attrs": {"MORPH": "Definite=Def|PronType=Art"}},
    {"patterns": [[{"LOWER": {"IN": ["an", "a"]}, "TAG": "DT"}]], "attrs": {"MORPH": "Definite=Ind"}},
    {"patterns": [[{"LOWER": "that", "DEP": {"NOT_IN": ["det"]}}]], "attrs": {"POS": "SCONJ"}},
    {"patterns": [[{"TAG": "VBD", "LOWER": "got"}], [{"LOWER": "gets"}]], "attrs": {"LEMMA": "get"}},
    {"patterns": [[{"LOWER": "as"}, {"LOWER": "well"}]], "attrs": {"POS": "ADV"}, "index": 1},
    {"patterns": [[{"LOWER": {"REGEX": "^n[ou]thin'?$"}}]], "attrs": {"LEMMA": "nothing"}},
    {"patterns": [[{"DEP": "expl"}, {"LOWER": {"IN": ["is", "was"]}}]], "attrs": {"POS": "VERB"}, "index": 1},
    {"patterns": [[{"TAG": "NN", "OP": "+"}, {"LOWER": "got"}]], "attrs": {"LEMMA": "obtain"}, "index": -1},
    {
        "patterns": [[{"TAG": {"NOT_IN": ["DT", ""]}, "DEP": {"IN": ["nsubj", "ROOT"]}}]],
        "attrs": {"POS": "X"},
    },
    {"patterns": [[{"TAG": "DT"}]], "attrs": {"POS": "PRON"}},  # a tag rule after the others: last
    {"patterns": [[{"IS_SPACE": True}]], "attrs": {"TAG": "_SP", "POS": "SPACE"}},
]


@pytest.mark.parametrize(
    ("words", "tags", "deps"),
    [
        (["The", "dog", "got", "that", "as", "well"], ["DT", "NN", "VBD", "DT", "RB", "RB"], None),
        (
            ["that", "an", "A", "gets", " "],
            ["DT", "DT", "DT", "VBZ", "_SP"],
            ["mark", "det", "det", "ROOT", "dep"],
        ),
        (["that", "got"], ["IN", "VBN"], ["det", "ROOT"]),
        (["Nothing", "tagged", "here"], ["", "", ""], None),
        (["there", "was", "nothin'", "dog", "dog", "got"], ["EX", "VBD", "NN", "NN", "NN", "VBD"], None),
        (["there", "was", "nuthin"], ["EX", "VBD", "NN"], ["expl", "ROOT", "attr"]),
        (["dog", "got", "it"], ["NN", "VBD", "PRP"], ["nsubj", "ROOT", "dobj"]),
    ],
)
def test_the_ruler_applies_the_rules_of_spacys_ruler_in_its_order(words, tags, deps):
    stock, fast = ruler_pair(PATTERNS)
    nlp_vocab = stock.vocab
    a = stock(Doc(nlp_vocab, words=words, tags=tags, deps=deps))
    b = fast(Doc(nlp_vocab, words=words, tags=tags, deps=deps))
    assert annotations(b) == annotations(a)
    assert (b.to_array(ATTRS) == a.to_array(ATTRS)).all()


def test_the_ruler_looks_up_the_tag_map_and_anchored_rules_and_matches_only_the_rest():
    _, fast = ruler_pair(PATTERNS)
    fast._plan()
    strings = fast.vocab.strings
    # the leading tag rules are a table; the DT rule after the exceptions is not
    assert len(fast._table_row) == 3
    by_column = {column: index for column, _, index in fast._anchored}
    assert strings.add("the") in by_column[0]  # anchored on its word, not its tag
    assert strings.add("expl") in by_column[3]
    assert len(fast._by_regex) == 1
    # only the pattern with an operator needs the Matcher
    assert [strings[key] for key in fast._rest._patterns] == ["11"]
    # a pattern added later is planned again
    fast.add([[{"TAG": "JJ"}]], {"POS": "ADJ"})
    doc = fast(Doc(fast.vocab, words=["big"], tags=["JJ"]))
    assert doc[0].pos_ == "ADJ"


def test_the_lemmatizer_empties_its_caches_past_their_size(monkeypatch):
    stock, fast = spacy.load(DEFAULT_MODEL), spacy.load(DEFAULT_MODEL)
    speed_up_annotators(fast)
    lemmatizer = fast.get_pipe("lemmatizer")
    assert isinstance(lemmatizer, CachedEnglishLemmatizer)
    monkeypatch.setattr(fast_annotators, "MEMO_SIZE", 5)
    text = "The ministers were meeting while armies advanced and rebels fled the cities."
    for _ in range(3):
        assert annotations(fast(text)) == annotations(stock(text))
        assert len(lemmatizer._lemma_memo) <= 5 + len(text.split()) + 1


def test_components_of_other_classes_are_left_alone():
    class OwnRuler(AttributeRuler):
        pass

    nlp = spacy.blank("en")
    nlp.add_pipe("attribute_ruler", name="mine")
    nlp.get_pipe("mine").__class__ = OwnRuler
    assert speed_up_annotators(nlp) == []
    assert type(nlp.get_pipe("mine")) is OwnRuler


def test_the_pipeline_saved_to_disk_loads_spacys_own_components(tmp_path):
    nlp = spacy.load(DEFAULT_MODEL)
    speed_up_annotators(nlp)
    nlp.to_disk(tmp_path / "model")
    again = spacy.load(tmp_path / "model")
    assert type(again.get_pipe("attribute_ruler")) is AttributeRuler
    text = "Russia says it is arming the rebels."
    assert annotations(again(text)) == annotations(nlp(text))
