"""Hand-built spaCy ``Doc``s for rule tests: the parse is written in the test, not produced by a model.

A rule test states the tokens of its sentence with their annotation, one token a line::

    make_doc(nlp, "Russia armed Hezbollah.", '''
        Russia     1  nsubj  PROPN  NNP  Russia     GPE
        armed      1  ROOT   VERB   VBD  arm
        Hezbollah  1  dobj   PROPN  NNP  Hezbollah  ORG
        .          1  punct  PUNCT  .    .
    ''')

Columns: word, head (absolute token index), dependency label, coarse and fine tags, lemma and,
optionally, the entity label (consecutive tokens with the same label form one entity; ``-`` or an
empty column is outside any entity; a ``B-`` prefix starts a new entity). Each ``ROOT`` heads one sentence
(spaCy cuts the sentences from the tree). The spaces come from ``text``, which the words must spell in order.
"""

from __future__ import annotations

from collections.abc import Iterable

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from graphkit.extraction import add_components


def rule_pipeline(actors: Iterable[str] = (), provisional: bool = True) -> Language:
    """Return a blank English pipeline with graphkit's components (no tagger, parser or NER)."""
    return add_components(spacy.blank("en"), actors=tuple(actors), provisional=provisional)


def make_doc(nlp: Language, text: str, table: str) -> Doc:
    """Return the ``Doc`` of ``text`` annotated as ``table`` says (see the module docstring)."""
    rows = [line.split() for line in table.strip().splitlines() if line.strip()]
    words = [row[0] for row in rows]
    ents: list[str] = []
    previous = "O"
    for row in rows:
        label = row[6] if len(row) > 6 and row[6] != "-" else "O"
        if label == "O":
            ents.append("O")
        elif label.startswith("B-"):
            ents.append(label)
            label = label[2:]
        else:
            ents.append(f"I-{label}" if label == previous else f"B-{label}")
        previous = label
    return Doc(
        nlp.vocab,
        words=words,
        spaces=_spaces(text, words),
        heads=[int(row[1]) for row in rows],
        deps=[row[2] for row in rows],
        pos=[row[3] for row in rows],
        tags=[row[4] for row in rows],
        lemmas=[row[5] for row in rows],
        ents=ents,
    )


def _spaces(text: str, words: list[str]) -> list[bool]:
    spaces, at = [], 0
    for word in words:
        start = text.index(word, at)
        if text[at:start].strip():
            raise ValueError(f"{text[at:start]!r} of the text is in no word")
        at = start + len(word)
        spaces.append(text[at : at + 1] == " ")
    if text[at:].strip():
        raise ValueError(f"{text[at:]!r} of the text is in no word")
    if Doc(Language().vocab, words=words, spaces=spaces).text != text:
        raise ValueError("the words do not spell the text")
    return spaces


def run(nlp: Language, doc: Doc) -> Doc:
    """Run every component of ``nlp`` over a hand-built ``doc`` (there is no tokenizer step)."""
    for _, component in nlp.pipeline:
        doc = component(doc)
    return doc
