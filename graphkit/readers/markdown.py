"""Markdown files (``.md``): read as text, the first heading or line is the title.

The markup stays in the body: "#" and "*" do not name actors, and offsets then point into the file
as written.
"""

from __future__ import annotations

from graphkit.readers.text import title_of


def parse(text: str) -> tuple[str | None, str]:
    """Return ``(title, body)`` of a Markdown file: the first line without its ``#`` marks, and the text.

    Examples
    --------
    >>> parse("# Talks\\n\\nThe *talks* resumed.")
    ('Talks', '# Talks\\n\\nThe *talks* resumed.')
    """
    return title_of(text), text
