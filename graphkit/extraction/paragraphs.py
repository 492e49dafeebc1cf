"""The ``graphkit_paragraphs`` component: a blank line always ends a sentence.

News text puts headlines, captions and paragraphs on lines of their own; the small parser
otherwise runs a headline into the first sentence ("Moscow denies arming the Taliban Russia is
not supplying ..."), which joins arguments that have nothing to do with each other. Placed before
the parser, which keeps sentence starts that are already set.
"""

from __future__ import annotations

from spacy.attrs import IS_SPACE
from spacy.language import Language
from spacy.tokens import Doc

from graphkit.extraction.texts import known_text


class ParagraphBoundaries:
    """Starts a sentence after every blank line (the ``graphkit_paragraphs`` pipeline component).

    It reads no data, so it has nothing to save: spaCy rebuilds it from the config alone.
    """

    def __init__(self, name: str = "graphkit_paragraphs"):
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        return paragraph_boundaries(doc)


def paragraph_boundaries(doc: Doc) -> Doc:
    """Start a sentence at the first token after a blank line.

    A single line break is left alone: hard-wrapped text breaks lines inside sentences.

    Examples
    --------
    >>> import spacy
    >>> doc = paragraph_boundaries(spacy.blank("en")("Moscow denies it\\n\\nRussia is not"))
    >>> [t.text for t in doc if t.is_sent_start]
    ['Moscow', 'Russia']
    """
    for i in blank_lines(doc):
        if i + 1 < len(doc):
            doc[i + 1].is_sent_start = True
    return doc


def blank_lines(doc: Doc) -> list[int]:
    """Return the indices of the whitespace tokens that hold a blank line, in order.

    A token's trailing whitespace is one space or none, so only a whitespace token holds a
    blank line, and only in a text with two line breaks. The whitespace tokens are read from
    the doc's array, without making a Token of every word.

    Examples
    --------
    >>> import spacy
    >>> blank_lines(spacy.blank("en")("Title\\n\\nBody  text\\n \\nEnd"))
    [1, 5]
    """
    text = known_text(doc)
    if text is not None and text.count("\n") < 2:
        return []
    spaces = doc.to_array(IS_SPACE).nonzero()[0].tolist()
    return [i for i in spaces if doc[i].text.count("\n") >= 2]


@Language.factory("graphkit_paragraphs", assigns=["token.is_sent_start"])
def make_paragraph_boundaries(nlp: Language, name: str) -> ParagraphBoundaries:
    """Create the component that ends a sentence at every blank line (place it before the parser)."""
    return ParagraphBoundaries(name)
