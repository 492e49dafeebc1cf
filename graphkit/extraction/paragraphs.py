"""The ``graphkit_paragraphs`` component: a blank line always ends a sentence.

News text puts headlines, captions and paragraphs on lines of their own; the small parser
otherwise runs a headline into the first sentence ("Moscow denies arming the Taliban Russia is
not supplying ..."), which joins arguments that have nothing to do with each other. Placed before
the parser, which keeps sentence starts that are already set.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.component("graphkit_paragraphs")
def paragraph_boundaries(doc: Doc) -> Doc:
    """Start a sentence at the first token after a blank line (a single line break is left alone:
    hard-wrapped text breaks lines inside sentences)."""
    for token in doc[:-1]:
        if token.is_space and token.text.count("\n") >= 2:
            doc[token.i + 1].is_sent_start = True
    return doc
