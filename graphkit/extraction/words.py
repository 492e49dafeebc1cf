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

import weakref
from collections.abc import Callable
from functools import lru_cache

from spacy.attrs import LEMMA, LOWER
from spacy.tokens import Doc

from graphkit.extraction.reading import kept

#: Decisions kept per string before the caches start again (a long run meets new words forever).
CACHE_SIZE = 200_000
#: Where a doc keeps what the filters read of it: the bank's version, its words' hashes, the kept tokens.
_DOC_KEY = "graphkit.word_filters"


class _Bank:
    """The decisions of every live :class:`WordFilter`, one bit each, per string hash.

    The components of a pipeline ask five filters about the same doc. Reading its words and
    deciding them once for all the filters (a bit per filter in one integer per word) costs
    what one filter cost alone; each later filter only checks that the doc's words are still
    the ones read (their hashes, compared as bytes) and picks its bit. Within one component's
    :func:`~graphkit.extraction.reading.reading` not even that: its rules change no word.
    """

    def __init__(self) -> None:
        self.filters: dict[int, weakref.ref[WordFilter]] = {}  # bit -> filter
        self.version = 0  # changes whenever a filter comes or goes: every kept decision is stale
        self.lower: dict[int, int] = {}  # string hash -> the bits of the filters it keeps
        self.lemma: dict[int, int] = {}

    def join(self, word_filter: WordFilter) -> int:
        bit = 0
        while bit in self.filters:
            bit += 1
        self.filters[bit] = weakref.ref(word_filter, lambda _ref, bit=bit: self._leave(bit))
        self._reset()
        return bit

    def _leave(self, bit: int) -> None:
        self.filters.pop(bit, None)
        self._reset()

    def _reset(self) -> None:
        self.version += 1
        self.lower.clear()
        self.lemma.clear()

    def kept_tokens(self, doc: Doc) -> list[tuple[int, int]]:
        """Return ``(index, bits)`` for each token of ``doc`` that a filter keeps, in order: the bits
        are the filters that keep it (most tokens no filter keeps, so each filter reads a short list)."""
        memo = kept(doc)
        found = memo.get(_DOC_KEY) if memo is not None else None
        if found is not None and found[0] == self.version:
            return found[1]  # read in this component's call: its rules change no word
        rows = doc.to_array([LOWER, LEMMA])
        words = rows.tobytes()
        earlier = doc.user_data.get(_DOC_KEY)
        if earlier is not None and earlier[0] == self.version and earlier[1] == words:
            if memo is not None:
                memo[_DOC_KEY] = (self.version, earlier[2])
            return earlier[2]  # the same words, read already for another filter
        if len(self.lower) > CACHE_SIZE or len(self.lemma) > CACHE_SIZE:
            self.lower.clear()
            self.lemma.clear()
        strings = doc.vocab.strings
        lowers, lemmas = self.lower, self.lemma
        out: list[tuple[int, int]] = []
        columns = rows.T.tolist()  # two flat lists: several times cheaper than one list per row
        for i, (lower, lemma) in enumerate(zip(columns[0], columns[1], strict=True)):
            bits = lowers.get(lower)
            if bits is None:
                bits = lowers[lower] = self._decide(strings[lower], "by_lower")
            more = lemmas.get(lemma)
            if more is None:
                more = lemmas[lemma] = self._decide(strings[lemma].lower() if lemma else "", "by_lemma")
            if bits or more:
                out.append((i, bits | more))
        doc.user_data[_DOC_KEY] = (self.version, words, out)
        if memo is not None:
            memo[_DOC_KEY] = (self.version, out)
        return out

    def _decide(self, word: str, predicate: str) -> int:
        bits = 0
        for bit, ref in list(self.filters.items()):
            word_filter = ref()
            if word_filter is not None and getattr(word_filter, predicate)(word):
                bits |= 1 << bit
        return bits


_BANK = _Bank()


class WordFilter:
    """The positions of a doc's tokens whose lower-case form or lemma may matter.

    Parameters
    ----------
    by_lower : called with a token's lower-case form; True keeps the token
    by_lemma : called with a token's lemma in lower case ("" when the doc has no lemmas); True
        keeps the token. Both must pickle (bound methods of plain objects do) for worker processes
        that do not share this one's memory.

    Each string is decided once per filter and kept (see :class:`_Bank`: the filters of a process
    read a doc's words together).

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
        self._bit = _BANK.join(self)

    def positions(self, doc: Doc) -> list[int]:
        """Return the indices of the tokens to look at, in order."""
        bit = 1 << self._bit
        return [i for i, bits in _BANK.kept_tokens(doc) if bits & bit]

    def __getstate__(self) -> dict:
        # a worker process gets the predicates and joins its own bank: decisions are a speed-up
        return {"by_lower": self.by_lower, "by_lemma": self.by_lemma}

    def __setstate__(self, state: dict) -> None:
        self.__init__(state["by_lower"], state["by_lemma"])


@lru_cache(maxsize=32)
def word_set_filter(lowers: frozenset[str] = frozenset(), lemmas: frozenset[str] = frozenset()) -> WordFilter:
    """Return the filter of the tokens whose lower-case form is in ``lowers`` or lemma in ``lemmas``.

    Made once per pair of sets and kept: a filter joining the bank starts every filter's
    decisions again, so rules that need a filter of a word list ask here, not at each doc.

    Examples
    --------
    >>> word_set_filter(frozenset({"division"})) is word_set_filter(frozenset({"division"}))
    True
    """
    return WordFilter(lowers.__contains__, lemmas.__contains__)
