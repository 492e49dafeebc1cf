"""Read a CAMEO verb-pattern dictionary (PETRARCH's format) as entries of graphkit's relation lexicon.

Users of the older event coders have their verb dictionaries in PETRARCH's format (e.g.
``CAMEO.2.0.txt``): verb blocks headed ``---  VERB  [CODE]  ---``, each listing synonym verbs (with
irregular forms in braces) and phrase patterns ``- * OBJECT (PREP NOUN) [CODE]`` that give the event
code when the verb takes that object. :func:`read_verb_dictionary` reads the blocks;
:func:`lexicon_entries` turns them into entries of our lexicon (``verbs`` and ``phrases``), mapping
each CAMEO code to a PLOVER type with the conversion table (``CAMEO2PLOVER-2021.txt``) and then to
the relation of our vocabulary whose CAMEO root fits the code best.

Only what our lexicon can express is kept: a block code becomes a verb entry, a pattern whose first
word after the verb is a noun (or a ``&SYNSET`` of nouns) becomes a phrase with that object, and a
pattern that starts with a preposition becomes a phrase with that particle. Multi-word verbs and
patterns with words before the verb are skipped (they need PETRARCH's own matcher).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graphkit.model import Relation

_HEADER = re.compile(r"^---\s+(\S+)\s+\[([^\]]*)\]\s*---")
_CODE = re.compile(r"\[([^\]]*)\]")
_TOKEN = re.compile(r"\{[^}]*\}|\([^)]*\)|[^\s{}()]+")


@dataclass(frozen=True)
class VerbPattern:
    """One phrase pattern of a verb block: the words after the verb and the CAMEO code."""

    after: tuple[str, ...]
    code: str | None
    before: tuple[str, ...] = ()


@dataclass
class VerbBlock:
    """A verb block: its synonym verbs (lower-case lemmas), its own code and its patterns."""

    name: str
    code: str | None
    verbs: list[str] = field(default_factory=list)
    patterns: list[VerbPattern] = field(default_factory=list)


def _code(text: str) -> str | None:
    """The first event code of ``[042:043]``-style brackets; None for ``---`` or an empty code."""
    first = text.split(":")[0].strip() if text.strip(": ") else ""
    if not first and ":" in text:
        first = text.split(":")[1].strip()
    return first if first and first != "---" and first.isdigit() else None


def _strip_comment(line: str) -> str:
    return line.split("#", 1)[0].rstrip()


def read_verb_dictionary(path: str | Path) -> tuple[list[VerbBlock], dict[str, list[str]]]:
    """Read a PETRARCH verb dictionary.

    Parameters
    ----------
    path : the dictionary file (UTF-8 or Latin-1)

    Returns
    -------
    The verb blocks in file order, and the synonym sets (``&NAME`` -> lower-case words).

    Examples
    --------
    >>> import tempfile, os
    >>> text = "&WEAPON\\n+GUN\\n+RIFLE\\n\\n####### VERB PATTERNS #######\\n---  SEND  [---]  ---\\nSEND\\n"
    >>> text += "DISPATCH {DISPATCHES}\\n- * &WEAPON [072]  # SEND\\n"
    >>> with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
    ...     _ = f.write(text)
    >>> blocks, synsets = read_verb_dictionary(f.name)
    >>> blocks[0].verbs, blocks[0].patterns[0].after, blocks[0].patterns[0].code, synsets["&WEAPON"]
    (['send', 'dispatch'], ('&WEAPON',), '072', ['gun', 'rifle'])
    >>> os.unlink(f.name)
    """
    raw = Path(path).read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")
    synsets: dict[str, list[str]] = {}
    blocks: list[VerbBlock] = []
    current_set: str | None = None
    in_verbs = False
    for line in text.splitlines():
        if "VERB PATTERNS" in line and line.startswith("#"):
            in_verbs, current_set = True, None
            continue
        line = _strip_comment(line)
        if not line.strip():
            continue
        if not in_verbs:
            if line.startswith("&"):
                current_set = line.strip().rstrip("_")
                synsets[current_set] = []
            elif line.startswith("+") and current_set is not None:
                synsets[current_set].append(line[1:].strip().rstrip("_").replace("_", " ").lower())
            continue
        header = _HEADER.match(line)
        if header:
            blocks.append(VerbBlock(header.group(1), _code(header.group(2))))
            continue
        if not blocks:
            continue
        block = blocks[-1]
        if line.startswith("-"):
            code = _CODE.search(line)
            words = _TOKEN.findall(line[1 : code.start()] if code else line[1:])
            if "*" not in words:
                continue
            star = words.index("*")
            block.patterns.append(
                VerbPattern(
                    tuple(words[star + 1 :]), _code(code.group(1)) if code else None, tuple(words[:star])
                )
            )
        elif line[0].isalpha():
            verb = line.split("{", 1)[0].strip()
            if verb and " " not in verb and "_" not in verb:
                block.verbs.append(verb.lower())
    return blocks, synsets


def read_cameo_to_plover(path: str | Path) -> dict[str, str]:
    """Read the CAMEO-to-PLOVER table (``CODE: TYPE, mode, context # text``) as code -> PLOVER type.

    Examples
    --------
    >>> import tempfile, os
    >>> with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
    ...     _ = f.write("# a table\\n19: ASSAULT\\n195: ASSAULT, heavy-weapons, military # aerial\\n")
    >>> read_cameo_to_plover(f.name)
    {'19': 'ASSAULT', '195': 'ASSAULT'}
    >>> os.unlink(f.name)
    """
    table: dict[str, str] = {}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        line = _strip_comment(line)
        if ":" not in line:
            continue
        code, rest = line.split(":", 1)
        plover = rest.split(",", 1)[0].strip()
        if code.strip().isdigit() and plover:
            table[code.strip()] = plover
    return table


def cameo_table_of(vocabulary: Mapping[str, Relation]) -> dict[str, str]:
    """A CAMEO-code -> PLOVER-type table from the CAMEO roots of the vocabulary's relations.

    Examples
    --------
    >>> from graphkit.vocabulary import default_vocabulary
    >>> table = cameo_table_of(default_vocabulary())
    >>> table["19"], table["072"]
    ('ASSAULT', 'AID')
    """
    return {r.cameo: r.plover for r in vocabulary.values() if r.cameo and r.plover}


def plover_of(code: str, table: Mapping[str, str]) -> str | None:
    """The PLOVER type of a CAMEO code: the entry of the longest prefix of the code in the table."""
    for n in range(len(code), 1, -1):
        if code[:n] in table:
            return table[code[:n]]
    return None


def relation_for(code: str, table: Mapping[str, str], vocabulary: Mapping[str, Relation]) -> str | None:
    """The relation of the vocabulary for a CAMEO code, or None when PLOVER codes no event for it.

    The relation must have the code's PLOVER type; among those, the one whose CAMEO root is the
    longest prefix of the code wins, then the one with the shortest root (the type's general relation).

    Examples
    --------
    >>> from graphkit.vocabulary import default_vocabulary
    >>> vocab, table = default_vocabulary(), {"18": "ASSAULT", "19": "ASSAULT", "07": "AID"}
    >>> [relation_for(code, table, vocab) for code in ("195", "180", "072")]
    ['strikes', 'kills', 'arms']
    >>> relation_for("010", table, vocab) is None
    True
    """
    plover = plover_of(code, table)
    if plover is None:
        return None
    candidates = [r for r in vocabulary.values() if r.plover == plover and not r.symmetric]
    if not candidates:
        return None
    fitting = [r for r in candidates if r.cameo and code.startswith(r.cameo)]
    if fitting:
        return max(fitting, key=lambda r: (len(r.cameo or ""), r.name == min(c.name for c in fitting))).name
    return min(candidates, key=lambda r: (len(r.cameo or "9" * 9), r.name)).name


def _object_words(token: str, synsets: Mapping[str, list[str]]) -> list[str]:
    """The object words a pattern token stands for: a word, the head of ``{A B}``, a synset's words."""
    if token.startswith("&"):
        words = synsets.get(token.rstrip("_"), [])
        return [w.split()[-1] for w in words if w]
    if token.startswith("{"):
        inner = token.strip("{}").split()
        return [inner[-1].lower().rstrip("_")] if inner else []
    word = token.rstrip("_").lower()
    return [word] if word.isalpha() else []


def lexicon_entries(
    blocks: Iterable[VerbBlock],
    synsets: Mapping[str, list[str]],
    table: Mapping[str, str],
    vocabulary: Mapping[str, Relation],
) -> dict[str, Any]:
    """Turn verb blocks into our lexicon's ``verbs`` and ``phrases`` sections.

    Parameters
    ----------
    blocks, synsets : what :func:`read_verb_dictionary` read
    table : CAMEO code -> PLOVER type (:func:`read_cameo_to_plover`)
    vocabulary : the relation vocabulary (relation name -> :class:`~graphkit.model.Relation`)

    Returns
    -------
    ``{"verbs": {lemma: {"relation": ...}}, "phrases": [{"lemma", "object" | "particle", "relation"}]}``;
    a verb of a block with no code of its own gets no verb entry, only its phrases.

    Examples
    --------
    >>> from graphkit.vocabulary import default_vocabulary
    >>> block = VerbBlock("BOMB", "195", ["bomb", "shell"], [VerbPattern(("TALKS",), "046")])
    >>> out = lexicon_entries([block], {}, {"19": "ASSAULT", "04": "CONSULT"}, default_vocabulary())
    >>> out["verbs"]["shell"], out["phrases"][0]
    ({'relation': 'strikes'}, {'lemma': 'bomb', 'object': ['talks'], 'relation': 'consults'})
    """
    verbs: dict[str, dict[str, Any]] = {}
    phrases: list[dict[str, Any]] = []
    seen: set[tuple[str, str, tuple[str, ...], str]] = set()
    for block in blocks:
        own = relation_for(block.code, table, vocabulary) if block.code else None
        for verb in block.verbs:
            if own is not None:
                verbs.setdefault(verb, {"relation": own})
        for pattern in block.patterns:
            if pattern.before or not pattern.after or pattern.code is None:
                continue
            relation = relation_for(pattern.code, table, vocabulary)
            if relation is None:
                continue
            first = pattern.after[0]
            if first.startswith("("):
                inner = first.strip("()").split()
                if not inner or not inner[0].isalpha():
                    continue
                slot, words = "particle", [inner[0].lower()]
            else:
                slot, words = "object", _object_words(first, synsets)
            if not words:
                continue
            for verb in block.verbs:
                key = (verb, slot, tuple(words), relation)
                if key in seen:
                    continue
                seen.add(key)
                phrases.append({"lemma": verb, slot: words, "relation": relation})
    return {"verbs": verbs, "phrases": phrases}


def read_verb_lexicon(
    path: str | Path, cameo_to_plover: str | Path, vocabulary: Mapping[str, Relation]
) -> dict[str, Any]:
    """Read a PETRARCH verb dictionary straight into lexicon entries (see :func:`lexicon_entries`)."""
    blocks, synsets = read_verb_dictionary(path)
    return lexicon_entries(blocks, synsets, read_cameo_to_plover(cameo_to_plover), vocabulary)
