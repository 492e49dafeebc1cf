"""Faster equivalents of two of the model's own components: the attribute ruler and the lemmatizer.

``benchmarks/throughput.py`` found that spaCy's ``attribute_ruler`` and rule ``lemmatizer`` cost
about 2 ms a document on news text (a fifth of the whole model), almost all of it Python work per
token: the ruler builds a ``Span`` and sets attributes for every token its tag map matches, the
lemmatizer makes a ``Token`` and a ``MorphAnalysis`` for each word before reading its cache.
The classes here do the same work on arrays and give the same annotations, token for token
(``tests/test_fast_annotators.py`` compares them on every dev document). They replace the class
of the loaded objects, not the components: the pipeline's config, its patterns and tables, and
what ``nlp.to_disk`` saves stay spaCy's own.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy
from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, ORTH, POS, TAG
from spacy.errors import Errors
from spacy.lang.en.lemmatizer import EnglishLemmatizer
from spacy.language import Language
from spacy.lookups import Lookups
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler, Lemmatizer
from spacy.strings import get_string_id
from spacy.tokens import Doc, Token

#: Token attributes a tag-map row may set by array (they live on the token, never on the lexeme).
_TABLE_ATTRS = frozenset({TAG, POS, MORPH, LEMMA})


class TagTableAttributeRuler(AttributeRuler):
    """spaCy's AttributeRuler, with its one-token rules looked up by tag and by word, not matched.

    An English model's ruler starts with its tag map (one ``{"TAG": ...}`` pattern per fine tag,
    matching every token), then holds a hundred one-token exceptions keyed on a word
    (``{"LOWER": "the", "TAG": "DT"}``). spaCy's ``Matcher`` tries every pattern at every token;
    here the tag map is a table applied to the doc's arrays, and a one-token pattern that names
    its word is tried only at the tokens of that word. Every other pattern still goes through a
    ``Matcher``. All matching happens before any attribute is set, and the rules are applied in
    the ruler's order, as in spaCy, so the annotations are the same.
    """

    def _plan(self) -> None:
        """Sort the patterns into the tag table, the word index and the matcher (once per change)."""
        if getattr(self, "_planned_for", None) == len(self.attrs):
            return
        strings = self.vocab.strings
        table: dict[int, dict[int, int]] = {}
        leading = True  # the table holds only rules that come before every other rule
        self._by_word: dict[int, list[tuple[int, int, tuple[_Check, ...]]]] = {}
        self._rest = Matcher(self.vocab, validate=False)
        for i, attrs in enumerate(self.attrs):
            key = str(i)
            patterns = self.matcher.get(key)[1]
            one_token = [p[0] for p in patterns if len(p) == 1]
            tag = one_token[0].get("TAG") if len(patterns) == 1 == len(one_token) else None
            if (
                leading
                and set(one_token[0] if one_token else {}) == {"TAG"}
                and isinstance(tag, str)
                and self.indices[i] in (0, -1)
                and set(attrs) <= _TABLE_ATTRS
            ):
                # a later rule for the same tag is applied after an earlier one: its values win
                table.setdefault(strings.add(tag), {}).update(attrs)
                continue
            leading = False
            indexed = [(p, _word_index(p[0])) for p in patterns] if self.indices[i] in (0, -1) else []
            if indexed and all(len(p) == 1 and words is not None for p, words in indexed):
                match_id = strings.add(key)
                for _, (words, checks) in indexed:
                    for word in words:
                        self._by_word.setdefault(word, []).append((i, match_id, checks))
            else:
                self._rest.add(key, patterns)
        columns = sorted({attr for row in table.values() for attr in row})
        keys = list(table)
        self._table_row = {tag: k for k, tag in enumerate(keys)}
        self._table_columns = columns
        self._table_values = numpy.array(
            [[table[tag].get(c, 0) for c in columns] for tag in keys], dtype=numpy.uint64
        ).reshape(len(keys), len(columns))
        self._table_sets = numpy.array(
            [[c in table[tag] for c in columns] for tag in keys], dtype=bool
        ).reshape(len(keys), len(columns))
        self._planned_for = len(self.attrs)

    def clear(self) -> None:
        super().clear()
        self._planned_for = None

    def match(self, doc: Doc):
        """The matches of the rules outside the tag table, sorted as spaCy sorts them."""
        self._plan()
        strings = self.vocab.strings
        matches = {(int(strings[m_id]), m_id, s, e) for m_id, s, e in self._rest(doc, allow_missing=True)}
        if self._by_word and len(doc):
            rows = doc.to_array(_CHECK_ATTRS).reshape(len(doc), len(_CHECK_ATTRS)).tolist()
            by_word = self._by_word
            for i, row in enumerate(rows):
                for rule, match_id, checks in by_word.get(row[0], ()):
                    if all(check(row) for check in checks):
                        matches.add((rule, match_id, i, i + 1))
        return sorted(matches)

    def set_table(self, doc: Doc) -> None:
        """Set the tag table's attributes on every token whose tag it has."""
        if not len(doc) or not self._table_columns:
            return
        rows = numpy.fromiter(
            (self._table_row.get(tag, -1) for tag in doc.to_array(TAG).tolist()),
            dtype=numpy.int64,
            count=len(doc),
        )
        hit = rows >= 0
        if not hit.any():
            return
        values = doc.to_array(self._table_columns).reshape(len(doc), len(self._table_columns))
        sets = self._table_sets[rows[hit]]
        values[hit] = numpy.where(sets, self._table_values[rows[hit]], values[hit])
        doc.from_array(self._table_columns, values)

    def __call__(self, doc: Doc) -> Doc:
        error_handler = self.get_error_handler()
        try:
            matches = self.match(doc)  # on the doc as it came: no rule sees another's result
            self.set_table(doc)
            self.set_annotations(doc, matches)
            return doc
        except Exception as e:  # noqa: BLE001 - spaCy's own error handling, as in AttributeRuler
            return error_handler(self.name, self, [doc], e)


#: The token attributes a word-indexed rule may test, in the order of the rows ``match`` reads.
_CHECK_ATTRS = [LOWER, TAG, DEP, ORTH, IS_SPACE]
_Check = Callable[[list], bool]


def _word_index(token: dict) -> tuple[list[int], tuple[_Check, ...]] | None:
    """The words a one-token pattern can match and the tests of its other keys; None if it needs a Matcher.

    Only what the Matcher would test the same way is taken: ``LOWER`` as a string or ``IN`` list,
    ``TAG``, ``DEP``, ``ORTH`` as a string, ``IN`` or ``NOT_IN`` list, ``IS_SPACE`` as a bool.
    """
    strings_of = token.get("LOWER")
    words = [strings_of] if isinstance(strings_of, str) else _in_list(strings_of)
    if not words:
        return None
    checks: list[_Check] = []
    for name, value in token.items():
        if name == "LOWER":
            continue
        if name == "IS_SPACE" and isinstance(value, bool):
            col = _CHECK_ATTRS.index(IS_SPACE)
            checks.append(lambda row, col=col, want=int(value): row[col] == want)
            continue
        if name not in ("TAG", "DEP", "ORTH"):
            return None
        col = _CHECK_ATTRS.index({"TAG": TAG, "DEP": DEP, "ORTH": ORTH}[name])
        if isinstance(value, str):
            want = get_string_id(value)
            checks.append(lambda row, col=col, want=want: row[col] == want)
        elif isinstance(value, dict) and len(value) == 1 and set(value) <= {"IN", "NOT_IN"}:
            ((op, listed),) = value.items()
            if not isinstance(listed, list) or not all(isinstance(v, str) for v in listed):
                return None
            wanted = frozenset(get_string_id(v) for v in listed)
            if op == "IN":
                checks.append(lambda row, col=col, wanted=wanted: row[col] in wanted)
            else:
                checks.append(lambda row, col=col, wanted=wanted: row[col] not in wanted)
        else:
            return None
    return [get_string_id(w) for w in words], tuple(checks)


def _in_list(value) -> list[str] | None:
    """The strings of an ``{"IN": [...]}`` value, else None."""
    listed = value.get("IN") if isinstance(value, dict) and set(value) == {"IN"} else None
    return listed if isinstance(listed, list) and all(isinstance(v, str) for v in listed) else None


class CachedRuleLemmatizer(Lemmatizer):
    """spaCy's rule lemmatizer, with every lemma it gives kept by (orth, pos, morph) and read from arrays.

    spaCy caches only the words its rules change (a base form, a proper noun or a punctuation
    mark is worked out again at every occurrence), and makes a ``Token`` and a ``MorphAnalysis``
    for each word before it reads the cache. spaCy's and English's rules depend on nothing but
    the word, its part of speech and its features (spaCy's own cache key), so a lemma kept by
    those three is the lemma the rules give. Both caches are emptied past :data:`MEMO_SIZE` entries:
    a long run's memory does not grow with its vocabulary.
    """

    def __call__(self, doc: Doc) -> Doc:
        if self.mode != "rule":
            return super().__call__(doc)
        if not self._validated:
            self._validate_tables(Errors.E1004)
        error_handler = self.get_error_handler()
        try:
            if not len(doc):
                return doc
            memo = self.__dict__.setdefault("_lemma_memo", {})
            if len(memo) > MEMO_SIZE or len(self.cache) > MEMO_SIZE:
                memo.clear()
                self.cache.clear()
            add = self.vocab.strings.add
            rows = doc.to_array([ORTH, POS, MORPH, LEMMA]).tolist()
            lemmas = numpy.empty(len(rows), dtype=numpy.uint64)
            for i, (orth, pos, morph, lemma) in enumerate(rows):
                if lemma and not self.overwrite:
                    lemmas[i] = lemma
                    continue
                key = (orth, pos, morph)
                form = memo.get(key)
                if form is None:
                    form = self.rule_lemmatize(doc[i])[0]  # not self.lemmatize: bound at init
                    if pos:  # without a part of speech spaCy warns each time: let it
                        memo[key] = form
                lemmas[i] = add(form)
            doc.from_array([LEMMA], lemmas)
            return doc
        except Exception as e:  # noqa: BLE001 - spaCy's own error handling, as in Lemmatizer
            error_handler(self.name, self, [doc], e)

    def rule_lemmatize(self, token: Token) -> list[str]:
        """spaCy's rules, reading the word index as sets: spaCy's tables hold lists (57,000 nouns
        for English) and test each candidate form by scanning one, 0.1 ms a new word."""
        lookups = self.lookups
        fast = self.__dict__.get("_set_lookups")
        if fast is None or fast[0] is not lookups:
            fast = (lookups, _with_set_index(lookups))
            self._set_lookups = fast
        self.lookups = fast[1]
        try:
            return super().rule_lemmatize(token)
        finally:
            self.lookups = lookups


def _with_set_index(lookups: Lookups) -> Lookups:
    """A copy of ``lookups`` whose ``lemma_index`` lists are frozensets; the other tables are shared."""
    copy = Lookups()
    for name in lookups.tables:
        table = lookups.get_table(name)
        if name == "lemma_index":
            copy.add_table(name, {key: frozenset(words) for key, words in table.items()})
        else:
            copy.set_table(name, table)
    return copy


#: Entries past which the lemma caches are emptied (a few tens of MB at most).
MEMO_SIZE = 200_000


class CachedEnglishLemmatizer(CachedRuleLemmatizer, EnglishLemmatizer):
    """:class:`CachedRuleLemmatizer` with English's base-form rule (which reads only pos and morph)."""


#: The classes whose lemmas depend only on (orth, pos, morph), and their cached versions.
_CACHED_LEMMATIZERS = {Lemmatizer: CachedRuleLemmatizer, EnglishLemmatizer: CachedEnglishLemmatizer}


def speed_up_annotators(nlp: Language) -> list[str]:
    """Give the model's attribute ruler and rule lemmatizer their faster classes; return the names changed.

    Only an object of exactly spaCy's class (or English's lemmatizer) is changed: a user's own
    component, or another language's lemmatizer with rules of its own, is left alone.

    Examples
    --------
    >>> import spacy
    >>> nlp = spacy.blank("en")
    >>> ruler = nlp.add_pipe("attribute_ruler")
    >>> speed_up_annotators(nlp), type(ruler).__name__
    (['attribute_ruler'], 'TagTableAttributeRuler')
    """
    changed = []
    for name, proc in nlp.pipeline:
        if type(proc) is AttributeRuler:
            proc.__class__ = TagTableAttributeRuler
        elif type(proc) in _CACHED_LEMMATIZERS:
            proc.__class__ = _CACHED_LEMMATIZERS[type(proc)]
        else:
            continue
        changed.append(name)
    return changed
