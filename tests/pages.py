"""Reading a graphkit HTML page back: its tags, its inline scripts and the data the view draws."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from typing import Any


class PageParser(HTMLParser):
    """Collects the tags, their URL attributes and the text of each script element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self._in_script: dict[str, str | None] | None = None
        self._buffer: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._in_script, self._buffer = dict(attrs), []

    def handle_endtag(self, tag):
        if tag == "script" and self._in_script is not None:
            self.scripts.append((self._in_script, "".join(self._buffer)))
            self._in_script = None

    def handle_data(self, data):
        if self._in_script is not None:
            self._buffer.append(data)


def parse(page: str) -> PageParser:
    parser = PageParser()
    parser.feed(page)
    return parser


def page_data(page: str) -> dict:
    (data,) = [text for attrs, text in parse(page).scripts if attrs.get("type") == "application/json"]
    return json.loads(data)


def page_edges(data: dict[str, Any]) -> set[tuple[str, str, str]]:
    """(source IRI, target IRI, edge key) of every edge the page draws."""
    iri = {node["id"]: node["iri"] for node in data["nodes"]}
    return {(iri[e["from"]], iri[e["to"]], e["key"]) for e in data["edges"]}
