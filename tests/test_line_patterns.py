"""The screened line search finds what a plain search of the patterns' alternation finds."""

from __future__ import annotations

import json
import random
import re

import pytest

from graphkit.extraction.line_patterns import ASCII_FOLDS, LinePatterns
from graphkit.extraction.names import _default_noise, noise_ranges


def plain_first(patterns: list[re.Pattern[str]], line: str) -> int | None:
    starts = [m.start() for p in patterns if (m := p.search(line)) is not None]
    return min(starts) if starts else None


def test_the_folds_are_every_character_ignorecase_matches_to_ascii():
    everything = "".join(map(chr, range(0x80, 0x110000)))
    found = {ord(c) for c in re.findall(r"[\x00-\x7f]", everything, re.IGNORECASE)}
    assert found == set(ASCII_FOLDS)
    for code, letter in ASCII_FOLDS.items():
        assert re.fullmatch(letter, chr(code), re.IGNORECASE)
    # a folded line keeps its length in lower case, so a word's place in it is its place in the line
    assert all(len(c.translate(ASCII_FOLDS).lower()) == 1 for c in everything)


def test_noise_lines_of_the_dev_sets_are_found_as_by_a_plain_search(shared_dir):
    noise = _default_noise()
    lines = []
    for path in sorted((shared_dir / "eval" / "dev").glob("*.jsonl")):
        for row in path.read_text(encoding="utf-8").splitlines():
            if row.strip():
                lines += json.loads(row).get("text", "").splitlines()
    assert len(lines) > 400
    found = 0
    for line in lines:
        expected = plain_first(list(noise.patterns), line)
        assert noise.lines.first(line) == expected, line
        found += expected is not None
    assert found > 0  # the dev texts hold credits and links: the screen is exercised both ways


@pytest.mark.parametrize(
    "line",
    [
        "Credİt: Reuters",  # "İ" is an "i" to re.IGNORECASE
        "vıdeo: the ministry",  # a dotless "ı"
        "See WWW.EXAMPLE.ORG/x",
        "HTTPS://example.org",
        "Photo courteſy of AP",
        "The ministry’s statement. Photo: AP",  # a curly apostrophe: not ASCII
        "   Copyright 2026 the ministry",
        "Russia armed Hezbollah’s fighters.",
        "aphoto: glued to a word, so no boundary before it",  # the search starts at the word
        "The report, with a video by AP and a photo: AP",  # the first word gives no match, the second does
        "İİİ photo: a line that lowers longer than it is",
    ],
)
def test_lines_beyond_ascii_and_in_any_case(line):
    noise = _default_noise()
    assert noise.lines.first(line) == plain_first(list(noise.patterns), line)


def test_the_cues_are_read_from_the_patterns():
    scan = LinePatterns(
        [re.compile(p, re.I) for p in (r"(?:^|\b)photos?\s*:", r"(?:www\.|https?://)\S+", r"^\s*by\s")]
    )
    assert scan.cues == ("http", "photo", "www.")
    # a pattern that may start with any character cannot be screened: every line is searched
    assert LinePatterns([re.compile(r"\w+ said", re.I), re.compile("photo", re.I)]).cues is None
    assert LinePatterns([re.compile(r"(?:a|\d)x")]).cues is None


def test_random_lines_against_a_plain_search():
    rng = random.Random(7)
    pattern_sets = [
        [r"(?:^|\b)photo(?:graph)?s?\s*(?:by|:)", r"^\s*\(?by\s+[A-Z]", r"(?:www\.|https?://)\S+", r"^\s*©"],
        [r"credit\s*:", r"(?=x)xy", r"^\s*read more$"],
        [r"\bAP\b", r"^Reuters"],  # case-sensitive
        [r"^photo", r"^by"],  # only anchored patterns
    ]
    pieces = [
        "photo",
        "Photograph",
        "PHOTOS",
        "by",
        " ",
        "  ",
        ":",
        "credit",
        "Credİt",
        "www.",
        "http",
        "s://x",
        "©",
        "(",
        "By",
        "AP",
        "ap",
        "Reuters",
        "read more",
        "xy",
        "ſ",
        "K",
        "ı",
        "’",
        "a",
    ]
    for sources in pattern_sets:
        for flags in (0, re.IGNORECASE):
            patterns = [re.compile(p, flags) for p in sources]
            scan = LinePatterns(patterns)
            for _ in range(3000):
                line = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 8)))
                assert scan.first(line) == plain_first(patterns, line), (sources, flags, line)


def test_multiline_patterns_are_never_anchored_to_the_line():
    patterns = [re.compile(r"^by", re.M), re.compile("photo", re.M)]
    scan = LinePatterns(patterns)
    for line in ("by AP", "a by", "the photo", "none"):
        assert scan.first(line) == plain_first(patterns, line)


def test_noise_ranges_run_over_lines_of_any_ending():
    text = "Russia acts.\r\nPhoto: AP\rBy John Doe, Reuters\nwww.example.org\nCredİt: x"
    ranges = noise_ranges(text)
    assert [text[s:e] for s, e in ranges] == [
        "Photo: AP",
        "By John Doe, Reuters",
        "www.example.org",
        "Credİt: x",
    ]


def test_patterns_must_share_their_flags():
    with pytest.raises(ValueError, match="share their flags"):
        LinePatterns([re.compile("a"), re.compile("b", re.I)])
