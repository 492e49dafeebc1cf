"""What a component's rules read of a doc more than once, kept while the component runs.

The rules ask for the same token's dependents again and again: a verb trigger's children are
read to find its subject, its object, its particles, whether it is passive, its phrase and its
modality. spaCy's ``Token.children`` walks the parse and makes new ``Token`` objects at every
call; the profile of the relation finder put 12% of its instructions there. Inside
:func:`reading` each token's children are read once and kept; outside it (a rule called on its
own) :func:`children` asks spaCy each time. Rules keep what they derive from the doc in the
same place (:func:`kept`): a trigger's chain of governors, the word filters' bits.

Nothing is kept past the component's call, so a later component that changes the parse (or
retokenizes) is never answered from an old reading.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from spacy.attrs import HEAD
from spacy.tokens import Doc, Token

_KEY = "graphkit.children"


@contextmanager
def reading(doc: Doc) -> Iterator[None]:
    """Keep each token's children once read, until the block ends (one component's call).

    Examples
    --------
    >>> import spacy
    >>> from spacy.tokens import Doc
    >>> doc = Doc(spacy.blank("en").vocab, words=["Russia", "armed", "Hezbollah"],
    ...           heads=[1, 1, 1], deps=["nsubj", "ROOT", "dobj"])
    >>> with reading(doc):
    ...     children(doc[1]) is children(doc[1])
    True
    >>> children(doc[1]) is children(doc[1])  # outside: read again at each call
    False
    """
    memo = doc.user_data.get(_KEY)
    if memo is not None:  # an inner block (a component calling another): the outer one keeps it
        yield
        return
    doc.user_data[_KEY] = {}
    try:
        yield
    finally:
        doc.user_data.pop(_KEY, None)


def kept(doc: Doc) -> dict | None:
    """Return what the current :func:`reading` of ``doc`` keeps, or None outside a reading.

    Its keys: a token index (the token's children), else a key of the rule that keeps something
    (a ``(name, index)`` pair, or a module's own string).
    """
    return doc.user_data.get(_KEY)


def children(token: Token) -> tuple[Token, ...]:
    """Return the token's syntactic children, in order (``tuple(token.children)``)."""
    memo = token.doc.user_data.get(_KEY)
    if memo is None:
        return tuple(token.children)
    found = memo.get(token.i)
    if found is None:
        found = memo[token.i] = tuple(token.children)
    return found


def head_indices(doc: Doc) -> list[int]:
    """Return each token's head index (``[t.head.i for t in doc]``), read from the doc's array.

    Examples
    --------
    >>> import spacy
    >>> from spacy.tokens import Doc
    >>> doc = Doc(spacy.blank("en").vocab, words=["Russia", "armed", "Hezbollah"],
    ...           heads=[1, 1, 1], deps=["nsubj", "ROOT", "dobj"])
    >>> head_indices(doc)
    [1, 1, 1]
    """
    # the array holds each head as an offset from its token, negative ones wrapped as unsigned
    return [i + h for i, h in enumerate(doc.to_array(HEAD).astype("int64").tolist())]
