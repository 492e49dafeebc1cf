"""The sentence a token or span is in, found by bisection over the doc's sentence starts.

spaCy's ``Token.sent`` and ``Span.sent`` first ask ``doc.has_annotation("SENT_START")``, which
reads every token of the doc: each lookup costs the doc's length (2.3 µs in a 65-token doc,
3.2 µs in docs of 250-612 tokens, against 1.4 µs here), and the rules look a trigger's sentence
up several times. The starts are read once per doc here (kept in ``doc.user_data``, as
:mod:`.modality` keeps its sentence words) and each lookup is a bisection. A doc with its own
sentence hooks (``user_token_hooks["sent"]``, ``user_span_hooks["sent"]``) is asked through
them, as spaCy would.
"""

from __future__ import annotations

from bisect import bisect_right

from spacy.tokens import Doc, Span, Token

_KEY = "graphkit.sentence_starts"


def sentence_starts(doc: Doc) -> list[int]:
    """Return the index of each sentence's first token, in order (``[s.start for s in doc.sents]``).

    Examples
    --------
    >>> import spacy
    >>> nlp = spacy.blank("en")
    >>> _ = nlp.add_pipe("sentencizer")
    >>> sentence_starts(nlp("Russia armed Hezbollah. Iran did too. So did Syria."))
    [0, 4, 8]
    """
    found = doc.user_data.get(_KEY)
    # the length tells a retokenized doc (merged or split tokens) from the one the starts were read from
    if found is None or found[0] != len(doc):
        found = doc.user_data[_KEY] = (len(doc), [s.start for s in doc.sents])
    return found[1]


def sentence_bounds(doc: Doc) -> list[tuple[int, int]]:
    """Return each sentence's first and end token indices, in order, from :func:`sentence_starts`.

    Examples
    --------
    >>> import spacy
    >>> nlp = spacy.blank("en")
    >>> _ = nlp.add_pipe("sentencizer")
    >>> sentence_bounds(nlp("Russia armed Hezbollah. Iran did too."))
    [(0, 4), (4, 8)]
    """
    starts = sentence_starts(doc)
    ends = [*starts[1:], len(doc)] if starts else []
    return list(zip(starts, ends, strict=True))


def sentence_of(token: Token | Span) -> Span:
    """Return the sentence ``token`` is in (for a span: the sentence of its first token), as ``.sent`` does.

    Examples
    --------
    >>> import spacy
    >>> nlp = spacy.blank("en")
    >>> _ = nlp.add_pipe("sentencizer")
    >>> doc = nlp("Russia armed Hezbollah. Iran did too.")
    >>> sentence_of(doc[5]).text, sentence_of(doc[0:2]).text
    ('Iran did too.', 'Russia armed Hezbollah.')
    """
    doc = token.doc
    if isinstance(token, Token):
        if "sent" in doc.user_token_hooks:
            return token.sent
        first = token.i
    else:
        if "sent" in doc.user_span_hooks:
            return token.sent
        first = token.start
    starts = sentence_starts(doc)
    k = bisect_right(starts, first) - 1
    end = starts[k + 1] if k + 1 < len(starts) else len(doc)
    return Span(doc, starts[k], end)  # doc[a:b] would normalise the slice in Python first
