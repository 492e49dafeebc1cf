"""Who speaks where, for the ``graphkit_coref`` component: "I" is the person quoted, "we" the state
or body the speaker speaks for, else the voice the text speaks in.

Quotations (between quote marks, attributed by a speech verb beside them), "X said:" blocks and a
transcript's speaker labels ("SECRETARY KERRY: We ...") are found once per doc, on demand.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from graphkit.extraction.mentions import ActorMention
from graphkit.extraction.reading import children
from graphkit.extraction.sentences import sentence_of
from graphkit.extraction.words import WordFilter, word_set_filter
from graphkit.model import Actor

# quote marks as tokens: typographic, straight, and the Penn Treebank spellings (`` and '')
_QUOTES_OPEN = {"“", '"', "‘‘", "``"}
_QUOTES_CLOSE = {"”", '"', "’’", "''"}
#: The tokens that open or close a quotation or end a speaker's label (by their lower-case form).
_MARKS = WordFilter(
    frozenset(m.lower() for m in (*_QUOTES_OPEN, *_QUOTES_CLOSE, ":")).__contains__, frozenset().__contains__
)


class Speakers:
    """Who speaks where: quotations and "X said:" paragraphs, computed once per doc on demand."""

    def __init__(
        self,
        doc: Doc,
        by_token: dict[int, ActorMention],
        speech_verbs: frozenset[str],
        stance_verbs: frozenset[str] = frozenset(),
        voice_types: frozenset[str] = frozenset(),
    ):
        self.doc = doc
        self.voice_types = voice_types
        self.by_token = by_token
        self.speech_verbs = speech_verbs
        self.stance_verbs = stance_verbs
        self._voice: tuple[Actor | None] | None = None
        self._regions: list[tuple[int, int, Actor | None]] | None = None
        affiliations = doc._.actor_affiliations if Doc.has_extension("actor_affiliations") else None
        self._affiliations: dict[str, Actor] = dict(affiliations or {})

    def voice(self) -> Actor | None:
        """The actor the text speaks for: the state or body that "condemns", "welcomes", "reaffirms"
        most often as a subject outside quotations ("The United States strongly condemns ... We")."""
        if self._voice is None:
            if self._regions is None:
                self._regions = self._find_regions()
            quoted = {i for start, end, _ in self._regions for i in range(start, end)}
            counts: dict[str, list] = {}
            doc = self.doc
            for i in word_set_filter(lemmas=self.stance_verbs).positions(doc):  # the stance verbs' tokens
                if i in quoted:
                    continue
                token = doc[i]
                for child in children(token):
                    m = self.by_token.get(child.i) if child.dep_ == "nsubj" else None
                    if m is not None and m.kind != "pronoun" and m.actor.type in self.voice_types:
                        counts.setdefault(m.actor.id, [0, m.span.start, m.actor])[0] += 1
            best = min(counts.values(), key=lambda c: (-c[0], c[1]), default=None)
            self._voice = (best[2] if best else None,)
        return self._voice[0]

    def affiliation(self, person: Actor) -> Actor | None:
        return self._affiliations.get(person.id)

    def speaker(self, token: Token) -> Actor | None:
        """The actor speaking at ``token``: the innermost quotation or "X said:" block around it."""
        if self._regions is None:
            self._regions = self._find_regions()
        best: tuple[int, Actor | None] | None = None
        for start, end, actor in self._regions:
            if start <= token.i < end and (best is None or end - start < best[0]):
                best = (end - start, actor)
        if best is not None:
            return best[1]
        # "Kirby said that we ...": the pronoun in the complement of a speech verb
        head = token
        while head.head.i != head.i:  # Token objects are views: compare indices
            head = head.head
            if head.lemma_.lower() in self.speech_verbs:
                return self._subject_actor(head)
        return None

    def _subject_actor(self, verb: Token) -> Actor | None:
        for child in children(verb):
            if child.dep_ in ("nsubj", "nsubjpass"):
                for t in [child, *child.subtree]:
                    m = self.by_token.get(t.i)
                    if m is not None and m.kind != "pronoun":
                        return m.actor
        return None

    def _find_regions(self) -> list[tuple[int, int, Actor | None]]:
        doc = self.doc
        regions: list[tuple[int, int, Actor | None]] = []
        # quotations: between an opening and a closing mark, attributed by a speech verb beside them
        opened: int | None = None
        previous: tuple[int, Actor | None] | None = None  # end and speaker of the last quotation
        marks = [doc[i] for i in _MARKS.positions(doc)]  # the other tokens play no part below
        for t in marks:
            if opened is None and t.text in _QUOTES_OPEN:
                opened = t.i
            elif opened is not None and t.text in _QUOTES_CLOSE:
                speaker = self._attribution(opened, t.i)
                if speaker is None and previous is not None and "\n" not in doc[previous[0] : opened].text:
                    speaker = previous[1]  # a quotation continued in the same paragraph
                regions.append((opened + 1, t.i, speaker))
                previous = (t.i, speaker)
                opened = None
        # "X said:" introduces what follows, up to the next such colon; so does a transcript's
        # speaker label at the start of a line ("SECRETARY KERRY: We ...", "QUESTION: ...")
        blocks: list[tuple[int, Actor | None]] = []
        for t in marks:
            if t.text != ":":
                continue
            before = [w for w in doc[max(sentence_of(t).start, t.i - 4) : t.i] if not w.is_space]
            verbs = [w for w in before if w.lemma_.lower() in self.speech_verbs]
            if verbs:
                blocks.append((t.i + 1, self._subject_actor(verbs[-1])))
                continue
            line_start = t.i
            while line_start > 0 and "\n" not in doc[line_start - 1].text_with_ws:
                line_start -= 1
            label = [w for w in doc[line_start : t.i] if not w.is_punct]
            if (
                label
                and len(label) <= 4
                and all(w.is_upper or w.is_title and w.i in self.by_token for w in label)
            ):
                speaker = next(
                    (
                        self.by_token[w.i].actor
                        for w in label
                        if w.i in self.by_token and self.by_token[w.i].actor.type == "Person"
                    ),
                    None,
                )
                blocks.append((t.i + 1, speaker))
        for k, (start, actor) in enumerate(blocks):
            end = blocks[k + 1][0] if k + 1 < len(blocks) else len(doc)
            regions.append((start, end, actor))
        return regions

    def _attribution(self, start: int, end: int) -> Actor | None:
        """The speaker of the quotation ``doc[start:end+1]``: "..., said Kirby" or "Kirby said: '...'"."""
        doc = self.doc
        after = sentence_of(doc[end]) if end < len(doc) else None
        candidates: list[Token] = []
        if after is not None:
            candidates += [t for t in after if t.i > end and t.lemma_.lower() in self.speech_verbs]
        if start > 0:
            candidates += [
                t for t in sentence_of(doc[start]) if t.i < start and t.lemma_.lower() in self.speech_verbs
            ]
        for verb in candidates:
            actor = self._subject_actor(verb)
            if actor is not None:
                return actor
        return None
