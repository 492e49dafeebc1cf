"""Regular expressions searched line by line, with a cheap screen that gives the same answers.

Python's ``re`` tries every alternative of a pattern at every position of a line. Searching one
alternation of the noise patterns (credits, bylines, links) cost about 110 ns a character of
news text, more than any spaCy-free step of the actor linker. Most lines hold none of the words
these patterns start with, and a pattern anchored at the line's start can only match there, so
:class:`LinePatterns` asks each line two cheaper questions first. Both are exact:

- a pattern that starts with ``^`` is tried only at the line's start (``match``), which is the
  only place ``^`` (without ``re.MULTILINE``) lets it match;
- for the other patterns the literal words every match must start with are read from the
  pattern itself ("photo", "www.", "http"...). A line that contains none of them, in lower
  case, cannot match, so it is not searched; in a line that does, the search starts at the
  first of them. ``re.IGNORECASE`` lets four other characters match
  ASCII letters ("ſ" is an "s", the Kelvin sign a "k"); they are read as those letters first.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

try:  # the parser of the standard library's re, to read a pattern's leading words
    from re import _constants as _sre
    from re import _parser as _sre_parse
except ImportError:  # pragma: no cover - Python 3.10 named them sre_constants / sre_parse
    import sre_constants as _sre  # type: ignore[no-redef]
    import sre_parse as _sre_parse  # type: ignore[no-redef]

_ZERO_WIDTH = (_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT)
#: The characters beyond ASCII that ``re.IGNORECASE`` matches to an ASCII character, and that
#: letter ("İ", "ı", "ſ", the Kelvin sign); ``tests/test_line_patterns.py`` finds them with ``re``
#: itself over every code point, so a Python with more of them fails the test.
ASCII_FOLDS = {0x130: "i", 0x131: "i", 0x17F: "s", 0x212A: "k"}
_FOLDED = tuple(map(chr, ASCII_FOLDS))


class LinePatterns:
    """Where the earliest of some patterns matches in a line.

    Parameters
    ----------
    patterns : compiled patterns sharing their flags, without ``re.MULTILINE``

    Examples
    --------
    >>> scan = LinePatterns([re.compile(r"\\bphoto\\s*:", re.I), re.compile(r"^\\s*by\\s", re.I)])
    >>> scan.first("Russia armed Hezbollah."), scan.first("The UN. Photo: AP"), scan.first(" By Jo Doe")
    (None, 8, 0)
    >>> scan.cues
    ('photo',)
    """

    def __init__(self, patterns: Sequence[re.Pattern[str]]):
        flags = {p.flags for p in patterns} or {re.IGNORECASE}
        if len(flags) > 1:
            raise ValueError("line patterns must share their flags")
        self.flags = flags.pop()
        self.patterns = tuple(patterns)
        multiline = bool(self.flags & re.MULTILINE)
        anchored = [p for p in patterns if not multiline and _anchored(p)]
        free = [p for p in patterns if p not in anchored]
        self._anchored = _either(anchored, self.flags)
        self._free = _either(free, self.flags)
        cues = _cues(free, self.flags)
        #: the lower-case words every match of an unanchored pattern starts with (None: unknown)
        self.cues = tuple(sorted(cues)) if cues is not None and all(c.isascii() for c in cues) else None

    def first(self, line: str) -> int | None:
        """Return where the earliest pattern matches in ``line`` (one line, no line break), or None."""
        if self._anchored is not None and self._anchored.match(line) is not None:
            return 0
        if self._free is None:
            return None
        start = 0
        if self.cues is not None:
            # the same length as the line: no character but the folded ones lowers to two
            folded = line
            if not line.isascii() and any(c in line for c in _FOLDED):
                folded = line.translate(ASCII_FOLDS)  # rare: str.translate costs a lookup a character
            lower = folded.lower()
            found_at = [at for at in map(lower.find, self.cues) if at >= 0]
            if not found_at:
                return None  # no match can start without one of its words
            start = min(found_at)  # nor before the first of them ("\b" still sees the text before)
        found = self._free.search(line, start)
        return found.start() if found is not None else None


def _either(patterns: Sequence[re.Pattern[str]], flags: int) -> re.Pattern[str] | None:
    # one alternation: a regex tries every alternative at a position before the next position,
    # so its first match is where the earliest of them matches
    if not patterns:
        return None
    return re.compile("|".join(f"(?:{p.pattern})" for p in patterns), flags)


def _parse(pattern: re.Pattern[str]) -> list | None:
    try:
        return list(_sre_parse.parse(pattern.pattern, pattern.flags))
    except Exception:  # noqa: BLE001 - an unreadable pattern is only searched, never screened
        return None


def _anchored(pattern: re.Pattern[str]) -> bool:
    """True when every match starts at the beginning of the string (the pattern opens with ``^``)."""
    items = _parse(pattern)
    starts = (_sre.AT_BEGINNING, _sre.AT_BEGINNING_STRING)
    return bool(items) and items[0][0] is _sre.AT and items[0][1] in starts


def _cues(patterns: Iterable[re.Pattern[str]], flags: int) -> set[str] | None:
    """The lower-case words one of which begins every match of one of the patterns, or None."""
    out: set[str] = set()
    for pattern in patterns:
        items = _parse(pattern)
        found = _prefixes(items) if items is not None else None
        if not found:
            return None
        out |= {w.lower() for w in found}
    return out


def _prefixes(items: list) -> set[str] | None:
    """The literal texts one of which every match of a parsed pattern starts with; None when unknown."""
    items = list(items)
    while items and _zero_width(items[0]):
        items.pop(0)  # "^", "\b", a lookahead: they consume nothing
    prefix = ""
    for op, av in items:
        if op is not _sre.LITERAL:
            break
        prefix += chr(av)
    if prefix:
        return {prefix}
    if not items:
        return None
    op, av = items[0]
    if op is _sre.SUBPATTERN:
        return _prefixes(list(av[-1]))
    if op is _sre.BRANCH:
        out: set[str] = set()
        for alternative in av[1]:
            found = _prefixes(list(alternative))
            if not found:
                return None
            out |= found
        return out
    return None


def _zero_width(item: tuple) -> bool:
    op, av = item
    if op in _ZERO_WIDTH:
        return True
    if op is _sre.BRANCH:  # "(?:^|\b)"
        return all(alternative and all(_zero_width(i) for i in alternative) for alternative in av[1])
    if op is _sre.SUBPATTERN:
        inner = list(av[-1])
        return bool(inner) and all(_zero_width(i) for i in inner)
    return False
