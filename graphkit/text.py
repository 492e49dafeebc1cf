"""Text hygiene shared by the readers and the writers: lone surrogates, control and invisible characters.

Every function keeps offsets: a character is replaced by exactly one character, never removed.
"""

from __future__ import annotations

import re

__all__ = ["clean_field", "clean_text", "has_surrogates", "printable", "scrub_surrogates"]

#: Invisible formatting characters: zero-width space, direction marks, embeddings, overrides and
#: isolates, word joiner, a BOM inside the text. Glued to a name they hide it from the extractor
#: ("\u200fIran" is not "Iran"), and a bidi override in evidence can make a page show text in a
#: different order than it is stored. Zero-width (non-)joiners stay: scripts and emoji need them.
INVISIBLE = "\u061c\u200b\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff"
_CONTROL = re.compile(f"[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f{INVISIBLE}]")
_FIELD_CONTROL = re.compile(f"[\\x00-\\x1f\\x7f\\x85\\u2028\\u2029{INVISIBLE}]+")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
#: What a terminal may act on: C0 and C1 controls (ESC, CSI), DEL, line and paragraph separators,
#: bidi and invisible characters, lone surrogates (an undecodable byte of a file name).
_UNPRINTABLE = re.compile(f"[\\x00-\\x1f\\x7f-\\x9f\\u2028\\u2029{INVISIBLE}\\ud800-\\udfff]")


def scrub_surrogates(text: str) -> str:
    """Replace each lone surrogate (a JSON ``\\ud800`` escape, an undecodable file name) with U+FFFD.

    They are valid in a Python string but not in UTF-8, so every writer downstream would fail on
    them. One code point for one, so character offsets stay right (a regex, not a UTF-16 round
    trip, which would fuse a pair of them into one code point).

    Parameters
    ----------
    text : any string

    Returns
    -------
    str
        ``text`` with every code point in U+D800..U+DFFF replaced by U+FFFD.

    Examples
    --------
    >>> scrub_surrogates("bad \\ud800 byte")
    'bad \\ufffd byte'
    """
    return _SURROGATE.sub("\ufffd", text)


def has_surrogates(text: str) -> bool:
    """Return True when ``text`` holds a lone surrogate (so :func:`scrub_surrogates` would change it).

    Examples
    --------
    >>> has_surrogates("ok"), has_surrogates("\\udfff")
    (False, True)
    """
    return _SURROGATE.search(text) is not None


def clean_text(text: str) -> str:
    """Normalise newlines; blank control and invisible formatting characters (keep tabs and newlines).

    Each is replaced by one space, so the text keeps its length and shape.

    Examples
    --------
    >>> clean_text("Iran\\u200f said\\r\\nno\\x00")
    'Iran  said\\nno '
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return scrub_surrogates(_CONTROL.sub(" ", text))


def clean_field(text: str) -> str:
    """Return a one-line metadata value: no control characters, newlines or lone surrogates, stripped.

    Examples
    --------
    >>> clean_field("  Title\\nline two\\u2028 ")
    'Title line two'
    """
    return scrub_surrogates(_FIELD_CONTROL.sub(" ", text)).strip()


_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    c = match.group()
    if c in _NAMED:
        return _NAMED[c]
    n = ord(c)
    if 0xDC80 <= n <= 0xDCFF:  # a byte that was not UTF-8 (surrogateescape): shown as that byte
        return f"\\x{n - 0xDC00:02x}"
    return f"\\x{n:02x}" if n < 0x100 else f"\\u{n:04x}"


def printable(text: object) -> str:
    """Return ``text`` safe for a terminal and one line long: control characters become escapes.

    Every message graphkit prints (file names, ids, reasons, errors) goes through this, so an
    escape sequence in a file name cannot drive the terminal and a newline cannot forge a line.

    Examples
    --------
    >>> printable("evil\\x1b[2Jname\\nskipped: forged")
    'evil\\\\x1b[2Jname\\\\nskipped: forged'
    >>> printable("caf\\udce9.txt")
    'caf\\\\xe9.txt'
    """
    return _UNPRINTABLE.sub(_escape, str(text))
