"""Word pre-filters: the tokens of a doc whose word could matter to a rule, found without Token objects.

Most tokens of a text can trigger nothing: a relation needs a lexicon word, a coreference a
pronoun or a description noun. Creating a spaCy ``Token`` for each word only to find that out
costs more than the rules themselves, so a component asks a :class:`WordFilter` for the
positions worth looking at: it reads the doc's ``LOWER`` and ``LEMMA`` hashes in one array
(``Doc.to_array``) and decides each distinct string once, with predicates built from the
component's own data (so words a user adds, e.g. with ``--verbs``, are never skipped).
The predicates must accept every word the rules could act on: a filter may keep too many
tokens, never too few.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.attrs import LEMMA, LOWER
from spacy.tokens import Doc

#: Decisions kept per string before the caches start again (a long run meets new words forever).
CACHE_SIZE = 200_000


class WordFilter:
    """The positions of a doc's tokens whose lower-case form or lemma may matter.

    Parameters
    ----------
    by_lower : called with a token's lower-case form; True keeps the token
    by_lemma : called with a token's lemma in lower case ("" when the doc has no lemmas); True
        keeps the token. Both must pickle (bound methods of plain objects do) for worker processes
        that do not share this one's memory.

    Examples
    --------
    >>> import spacy
    >>> keep = WordFilter({"under"}.__contains__, {"arm", "ally"}.__contains__)
    >>> doc = spacy.blank("en")("Russia armed allies under duress")
    >>> doc[1].lemma_, doc[2].lemma_ = "arm", "ally"
    >>> keep.positions(doc)
    [1, 2, 3]
    """

    def __init__(self, by_lower: Callable[[str], bool], by_lemma: Callable[[str], bool]):
        self.by_lower = by_lower
        self.by_lemma = by_lemma
        # string hash -> decision; hashes do not depend on the vocabulary, so they outlive memory zones
        self._lower: dict[int, bool] = {}
        self._lemma: dict[int, bool] = {}

    def positions(self, doc: Doc) -> list[int]:
        """Return the indices of the tokens to look at, in order."""
        if len(self._lower) > CACHE_SIZE or len(self._lemma) > CACHE_SIZE:
            self._lower.clear()
            self._lemma.clear()
        strings = doc.vocab.strings
        lowers, lemmas = self._lower, self._lemma
        by_lower, by_lemma = self.by_lower, self.by_lemma
        out: list[int] = []
        for i, (lower, lemma) in enumerate(doc.to_array([LOWER, LEMMA]).tolist()):
            keep = lowers.get(lower)
            if keep is None:
                keep = lowers[lower] = bool(by_lower(strings[lower]))
            if not keep:
                keep = lemmas.get(lemma)
                if keep is None:
                    keep = lemmas[lemma] = bool(by_lemma(strings[lemma].lower() if lemma else ""))
            if keep:
                out.append(i)
        return out

    def __getstate__(self) -> dict:
        # a worker process starts with empty caches: they are a speed-up, not state
        return {"by_lower": self.by_lower, "by_lemma": self.by_lemma, "_lower": {}, "_lemma": {}}
