"""A doc's text, joined once per doc: the texts of its spans are slices of it.

spaCy's ``Doc.text`` and ``Span.text`` join the text of every token at each call (a ``Token``
made for each); the linker, the rules and the conversion to the model ask for the text of
thousands of spans a doc. A doc's text cannot change (retokenizing merges or splits tokens but
keeps their characters), so it is joined once and kept in ``doc.user_data``; the length of the
doc it was read from tells it apart from a copy of another doc's data. The extractor keeps the
text it tokenized from the start (:func:`with_text`), so that not even the first reader joins it.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

_KEY = "graphkit.text"


def doc_text(doc: Doc) -> str:
    """Return ``doc.text``, joined once per doc.

    Examples
    --------
    >>> import spacy
    >>> doc = spacy.blank("en")("Russia armed Hezbollah.")
    >>> doc_text(doc) == doc.text
    True
    """
    found = doc.user_data.get(_KEY)
    if found is None or found[0] != len(doc):
        found = doc.user_data[_KEY] = (len(doc), doc.text)
    return found[1]


def known_text(doc: Doc) -> str | None:
    """Return the doc's text if it is kept already, else None (for a caller that can do without it).

    Examples
    --------
    >>> import spacy
    >>> doc = spacy.blank("en")("Russia armed Hezbollah.")
    >>> known_text(doc) is None, known_text(with_text(doc, doc.text))
    (True, 'Russia armed Hezbollah.')
    """
    found = doc.user_data.get(_KEY)
    return found[1] if found is not None and found[0] == len(doc) else None


def with_text(doc: Doc, text: str) -> Doc:
    """Keep ``text`` as the text of ``doc``, the doc the tokenizer made of it (its text, as spaCy's
    tokenizer loses no character), so that no component joins it again.

    A text that cannot be the doc's (its length is not where the doc's last token ends: a
    tokenizer that drops characters) is not kept, and the components join the doc's own.

    Examples
    --------
    >>> import spacy
    >>> nlp = spacy.blank("en")
    >>> doc = with_text(nlp.make_doc("Russia armed Hezbollah."), "Russia armed Hezbollah.")
    >>> doc_text(doc)
    'Russia armed Hezbollah.'
    """
    last = doc[-1] if len(doc) else None
    if (last.idx + len(last.text_with_ws) if last is not None else 0) == len(text):
        doc.user_data[_KEY] = (len(doc), text)
    return doc


def span_text(span: Span) -> str:
    """Return ``span.text``: a slice of the doc's text, from the span's first to its last character.

    Examples
    --------
    >>> import spacy
    >>> doc = spacy.blank("en")("Russia armed  Hezbollah .")
    >>> [span_text(doc[a:b]) == doc[a:b].text for a, b in ((0, 2), (1, 3), (2, 4), (3, 3))]
    [True, True, True, True]
    """
    return doc_text(span.doc)[span.start_char : span.end_char]
