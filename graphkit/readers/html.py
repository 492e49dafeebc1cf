"""HTML pages (``.html``, ``.htm``): the visible text, paragraphs apart; ``<title>`` is the title."""

from __future__ import annotations

import re
from html.parser import HTMLParser

__all__ = ["html_to_text", "parse"]


class _VisibleText(HTMLParser):
    """Collects the visible text of an HTML page (no scripts, styles or templates)."""

    # <head> is not hidden itself: pages often omit </head>, and its content that matters
    # (<script>, <style>, <title>) is handled by tag. Text outside any tag there is rare.
    HIDDEN = {
        "script",
        "style",
        "noscript",
        "template",
        "svg",
        "math",
        "iframe",
        "object",
        "canvas",
        "select",
    }
    BLOCK = {
        "p",
        "div",
        "br",
        "li",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "tr",
        "section",
        "article",
        "header",
        "footer",
        "blockquote",
        "pre",
        "title",
        "ul",
        "ol",
        "table",
        "dt",
        "dd",
        "hr",
        "figcaption",
        "aside",
        "nav",
        "main",
        "body",
    }

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: list[str] = []
        self._hidden = 0
        self._in_title = False

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag == "title" and not self._hidden:
            self._in_title = True
        elif tag in self.HIDDEN:
            self._hidden += 1
        if tag in self.BLOCK:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs) -> None:
        # <br/>, <script/>: nothing opens, so nothing must stay hidden
        if tag in self.BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        elif tag in self.HIDDEN and self._hidden:
            self._hidden -= 1
        if tag in self.BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._hidden:
            return
        if self._in_title:
            self.title.append(data)
        else:
            self.parts.append(data)


def html_to_text(markup: str) -> tuple[str | None, str]:
    """Return ``(title, visible text)`` of an HTML page, paragraphs separated by blank lines.

    Scripts, styles, templates and other invisible content are dropped; entities are decoded.

    Examples
    --------
    >>> html_to_text("<title>T</title><p>Hello <script>alert(1)</script>world</p>")
    ('T', 'Hello world')
    """
    parser = _VisibleText()
    parser.feed(markup)
    parser.close()
    text = "".join(parser.parts)
    lines = [re.sub(r"[ \t\r\f\v]+", " ", line).strip() for line in text.split("\n")]
    body = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    title = re.sub(r"\s+", " ", "".join(parser.title)).strip() or None
    return title, body


def parse(text: str) -> tuple[str | None, str]:
    """Return ``(title, body)`` of an HTML page (see :func:`html_to_text`).

    Examples
    --------
    >>> parse("<html><head><title>Talks</title></head><body><p>They met.</p></body></html>")
    ('Talks', 'They met.')
    """
    return html_to_text(text)
