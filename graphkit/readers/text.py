"""Plain text files (``.txt``): the first non-empty line is the title."""

from __future__ import annotations


def title_of(text: str) -> str | None:
    """Return the first non-empty line, without Markdown heading marks, cut at 300 characters.

    Examples
    --------
    >>> title_of("\\n# Talks in Geneva\\nThe talks resumed.")
    'Talks in Geneva'
    """
    for line in text.splitlines():
        line = line.strip().lstrip("#").strip()
        if line:
            return line[:300]
    return None


def parse(text: str) -> tuple[str | None, str]:
    """Return ``(title, body)`` of a text file: its first line as the title, the whole text as the body.

    Examples
    --------
    >>> parse("Talks\\n\\nThe talks resumed.")
    ('Talks', 'Talks\\n\\nThe talks resumed.')
    """
    return title_of(text), text
