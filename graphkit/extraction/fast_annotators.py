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

import re
from collections.abc import Callable

import numpy
from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, ORTH, POS, TAG
from spacy.errors import Errors
from spacy.lang.en.lemmatizer import EnglishLemmatizer
from spacy.language import Language
from spacy.lookups import Lookups
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler, Lemmatizer
from spacy.strings import StringStore, get_string_id
from spacy.tokens import Doc, Token

#: Token attributes a tag-map row may set by array (they live on the token, never on the lexeme).
_TABLE_ATTRS = frozenset({TAG, POS, MORPH, LEMMA})


class TagTableAttributeRuler(AttributeRuler):
    """spaCy's AttributeRuler, with its rules looked up by tag and by word instead of matched.

    An English model's ruler starts with its tag map (one ``{"TAG": ...}`` pattern per fine tag,
    matching every token), then holds a hundred exceptions keyed on a word
    (``{"LOWER": "the", "TAG": "DT"}``). spaCy's ``Matcher`` tries every pattern at every token,
    and calls back into Python at every token for each ``IN``/``REGEX`` test. Here the tag map
    is a table applied to the doc's arrays, and a fixed-length pattern is tried only at the
    tokens its first token's word, tag or dependency can be (see :func:`_compile`); a pattern
    with operators or other attributes still goes through a ``Matcher``. All matching happens
    before any attribute is set, and the rules are applied in the ruler's order, as in spaCy,
    so the annotations are the same.
    """

    def _plan(self) -> None:
        """Sort the patterns into the tag table, the indexed rules and the matcher (once per change)."""
        if getattr(self, "_planned_for", None) == len(self.attrs):
            return
        strings = self.vocab.strings
        table: dict[int, dict[int, int]] = {}
        leading = True  # the table holds only rules that come before every other rule
        anchored: dict[int, dict[int, list[_Rule]]] = {}
        by_regex: dict[tuple[int, str], list[_Rule]] = {}
        self._unanchored: list[_Rule] = []
        self._rest = Matcher(self.vocab, validate=False)
        for i, attrs in enumerate(self.attrs):
            key = str(i)
            patterns = self.matcher.get(key)[1]
            only = patterns[0][0] if len(patterns) == 1 and len(patterns[0]) == 1 else {}
            tag = only.get("TAG") if set(only) == {"TAG"} else None
            if leading and isinstance(tag, str) and self.indices[i] in (0, -1) and set(attrs) <= _TABLE_ATTRS:
                # a later rule for the same tag is applied after an earlier one: its values win
                table.setdefault(strings.add(tag), {}).update(attrs)
                continue
            leading = False
            compiled = [_compile(pattern) for pattern in patterns]
            if not all(compiled):
                self._rest.add(key, patterns)
                continue
            match_id = strings.add(key)
            for anchor, checks in compiled:
                rule = (i, match_id, checks)
                if anchor is None:
                    self._unanchored.append(rule)
                elif isinstance(anchor[1], str):  # a regex: the strings it matches are found once each
                    by_regex.setdefault(anchor, []).append(rule)
                else:
                    index = anchored.setdefault(anchor[0], {})
                    for value in anchor[1]:
                        index.setdefault(value, []).append(rule)
        self._anchored = [
            (column, numpy.array(list(index), dtype=numpy.uint64), index)
            for column, index in anchored.items()
        ]
        self._by_regex = [
            (column, re.compile(regex).search, {}, rules) for (column, regex), rules in by_regex.items()
        ]
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
        matches = set()
        if len(self._rest):
            matches = {(int(strings[m_id]), m_id, s, e) for m_id, s, e in self._rest(doc, allow_missing=True)}
        n = len(doc)
        if not n or not (self._anchored or self._by_regex or self._unanchored):
            return sorted(matches)
        array = doc.to_array(_CHECK_ATTRS).reshape(n, len(_CHECK_ATTRS))
        tries: list[tuple[int, list[_Rule]]] = []  # (position, the rules to try there)
        for column, keys, index in self._anchored:
            values = array[:, column]
            for i in numpy.flatnonzero(numpy.isin(values, keys)).tolist():
                tries.append((i, index[int(values[i])]))
        for column, search, seen, rules in self._by_regex:
            if len(seen) > MEMO_SIZE:
                seen.clear()
            for i, value in enumerate(array[:, column].tolist()):
                found = seen.get(value)
                if found is None:
                    found = seen[value] = bool(search(strings[value]))
                if found:
                    tries.append((i, rules))
        if self._unanchored:
            tries.extend((i, self._unanchored) for i in range(n))
        if not tries:
            return sorted(matches)
        rows = array.tolist()
        for i, rules in tries:
            for rule, match_id, checks in rules:
                end = i + len(checks)
                if end <= n and all(
                    check(rows[i + k], strings) for k, tests in enumerate(checks) for check in tests
                ):
                    matches.add((rule, match_id, i, end))
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


#: The token attributes a compiled pattern may test, in the order of the rows ``match`` reads.
_CHECK_ATTRS = [LOWER, ORTH, TAG, DEP, IS_SPACE]
_COLUMN = {"LOWER": 0, "ORTH": 1, "TEXT": 1, "TAG": 2, "DEP": 3}
_ANCHOR_ORDER = {"ORTH": 0, "TEXT": 0, "LOWER": 1, "TAG": 2, "DEP": 3}
_Check = Callable[[list, StringStore], bool]
#: A compiled rule: its index, its match id, and the tests of each of its tokens.
_Rule = tuple[int, int, tuple[tuple[_Check, ...], ...]]
#: Where a rule is tried: a row column and the hashes its first token may have, or a regex.
_Anchor = tuple[int, list[int] | str]


def _compile(
    pattern: list[dict],
) -> tuple[tuple[int, list[int]] | None, tuple[tuple[_Check, ...], ...]] | None:
    """Compile a Matcher pattern into tests on token rows; None if only a Matcher can run it.

    Taken are patterns of a fixed length (no ``OP``) whose tokens test ``LOWER``, ``ORTH``/``TEXT``,
    ``TAG`` or ``DEP`` with a string, ``IN``, ``NOT_IN`` or ``REGEX``, and ``IS_SPACE`` with a bool,
    each test as the Matcher makes it (hashes compared; a regex searched in the string).
    The anchor, (row column, values or a regex), names what the first token must have, when one of
    its tests does: a rule is tried only at those tokens. Without one, it is tried at every token.
    """
    if not pattern:
        return None
    checks: list[tuple[_Check, ...]] = []
    anchor: _Anchor | None = None
    for position, token in enumerate(pattern):
        tests: list[_Check] = []
        # the most telling test anchors the rule: a word before a tag before a dependency
        for name, value in sorted(token.items(), key=lambda item: _ANCHOR_ORDER.get(item[0], 9)):
            test = _test(name, value)
            if test is None:
                return None
            tests.append(test)
            if position == 0 and name in _COLUMN and (anchor is None or isinstance(anchor[1], str)):
                values = [value] if isinstance(value, str) else _in_list(value)
                regex = value.get("REGEX") if isinstance(value, dict) else None
                if values is not None:
                    anchor = (_COLUMN[name], [get_string_id(v) for v in values])
                elif anchor is None and isinstance(regex, str):
                    anchor = (_COLUMN[name], regex)
        checks.append(tuple(tests))
    if anchor is None and pattern[0].get("IS_SPACE") is True:
        anchor = (_CHECK_ATTRS.index(IS_SPACE), [1])
    return anchor, tuple(checks)


def _test(name: str, value) -> _Check | None:
    """One token test, as the Matcher would make it; None for what it does not cover."""
    if name == "IS_SPACE" and isinstance(value, bool):
        col, want = _CHECK_ATTRS.index(IS_SPACE), int(value)
        return lambda row, strings: row[col] == want
    if name not in _COLUMN:
        return None
    col = _COLUMN[name]
    if isinstance(value, str):
        want = get_string_id(value)
        return lambda row, strings: row[col] == want
    if not isinstance(value, dict) or len(value) != 1:
        return None
    ((op, given),) = value.items()
    if op == "REGEX" and isinstance(given, str):
        search = re.compile(given).search
        return lambda row, strings: bool(search(strings[row[col]]))
    if (
        op not in ("IN", "NOT_IN")
        or not isinstance(given, list)
        or not all(isinstance(v, str) for v in given)
    ):
        return None
    wanted = frozenset(get_string_id(v) for v in given)
    if op == "IN":
        return lambda row, strings: row[col] in wanted
    return lambda row, strings: row[col] not in wanted


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
