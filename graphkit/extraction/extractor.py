"""The :class:`Extractor`: runs the extraction pipeline over a stream of documents."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from itertools import chain, islice
from pathlib import Path
from typing import TypeVar

from spacy.language import Language
from spacy.tokens import Doc

from graphkit.documents import Document
from graphkit.extraction.confidence import confidence_table
from graphkit.extraction.convert import doc_to_result, document_info, split_text
from graphkit.extraction.pipeline import DEFAULT_MODEL, build_pipeline
from graphkit.extraction.pool import document_batches, extract_in_pool
from graphkit.extraction.texts import with_text
from graphkit.model import ExtractionResult
from graphkit.vocabulary import default_vocabulary

T = TypeVar("T")


#: Characters of text handed to spaCy at once (one group of pieces). Parsing costs a few KB of
#: memory per character, so this bounds the peak memory of a batch, however long its documents.
BATCH_CHARS = 100_000


def char_batches(items: Iterable[tuple[str, T]], budget: int, most: int) -> Iterator[list[tuple[str, T]]]:
    """Group ``(text, context)`` pairs into lists of at most ``budget`` characters and ``most`` items.

    A text longer than the budget makes a group of its own.

    Examples
    --------
    >>> [[t for t, _ in g] for g in char_batches([("aa", 1), ("bbb", 2), ("c", 3), ("dddd", 4)], 4, 10)]
    [['aa'], ['bbb', 'c'], ['dddd']]
    """
    group: list[tuple[str, T]] = []
    size = 0
    for item in items:
        n = len(item[0])
        if group and (size + n > budget or len(group) >= most):
            yield group
            group, size = [], 0
        group.append(item)
        size += n
    if group:
        yield group


class Extractor:
    """Runs the extraction pipeline over documents.

    Examples
    --------
    >>> import spacy
    >>> from graphkit.extraction import add_components
    >>> nlp = add_components(spacy.blank("en"))
    >>> [r.document.id for r in Extractor(nlp=nlp).extract([Document("d1", "Russia arms Hezbollah.")])]
    ['d1']
    """

    def __init__(
        self,
        model: str = DEFAULT_MODEL,
        actors: Sequence[str | Path] = (),
        nlp: Language | None = None,
        batch_size: int = 32,
        verbs: Sequence[str | Path] = (),
        verbs_plover: str | Path | None = None,
    ):
        self.model = model
        self.actors = tuple(str(a) for a in actors)
        self.verbs = tuple(str(v) for v in verbs)
        self.verbs_plover = str(verbs_plover) if verbs_plover else None
        # a process that does not share our memory can rebuild the pipeline only from a model name
        self.rebuildable = nlp is None
        if nlp is None:
            nlp = build_pipeline(model, self.actors, verbs=self.verbs, verbs_plover=self.verbs_plover)
        self.nlp = nlp
        self.batch_size = max(1, batch_size)
        self.vocabulary = default_vocabulary()
        self.confidence = confidence_table()

    def extract(self, documents: Iterable[Document], n_process: int = 1) -> Iterator[ExtractionResult]:
        """Yield one result per document, in input order; the results do not depend on ``n_process``.

        Parameters
        ----------
        documents : read lazily, a batch at a time
        n_process : processes that parse; with more than one, batches go to a pool of worker
            processes (forked, so they share the loaded model) that send back small results

        Returns
        -------
        An iterator of results. At most ``2 * n_process`` batches are read ahead of the results
        yielded, so memory is bounded by the batch size, never by the corpus.
        """
        if n_process > 1:
            # one batch and one document more tell whether there is a second batch: a single
            # batch is parsed here (starting processes would cost more than it saves); else the
            # pool starts before the rest of the input is read
            documents = iter(documents)
            head = list(islice(documents, self.batch_size + 1))
            if len(head) <= self.batch_size:
                n_process = 1
            documents = chain(head, documents)
        batches = document_batches(documents, self.batch_size)
        if n_process <= 1:
            for batch in batches:
                yield from self.extract_batch(batch)
            return
        yield from extract_in_pool(self, batches, n_process)

    def extract_batch(self, documents: Iterable[Document]) -> list[ExtractionResult]:
        """Parse a batch in this process; a document that makes extraction fail costs only itself.

        When a batch fails, its documents are parsed again one at a time, and the one that fails
        alone comes back as a result with ``error`` set (the caller reports it and goes on).
        """
        batch = list(documents)
        try:
            return self._parse(batch)
        except Exception as e:  # noqa: BLE001 - any bug met on one document must not end a run
            if len(batch) == 1:
                return [ExtractionResult(document_info(batch[0]), error=f"{type(e).__name__}: {e}")]
            return [result for document in batch for result in self.extract_batch([document])]

    def _parse(self, documents: list[Document]) -> list[ExtractionResult]:
        """Parse documents; long ones are parsed in pieces and joined again.

        Pieces are parsed in groups of at most :data:`BATCH_CHARS` characters (and ``batch_size``
        pieces), so a long document costs the memory of one group, not of its whole text.
        The documents are parsed inside a spaCy memory zone: the strings they add to the
        vocabulary are freed afterwards, so a long run does not grow with the corpus' vocabulary.
        Results hold plain Python values only, and are returned after the zone is closed, so that
        no caller's code runs inside it (zones must not nest).
        """

        def pieces() -> Iterator[tuple[str, tuple[Document, int, int, int]]]:
            for document in documents:
                parts = split_text(document.text)
                for k, (offset, piece) in enumerate(parts):
                    yield piece, (document, offset, k, len(parts))

        def parsed() -> Iterator[tuple[Doc, tuple[Document, int, int, int]]]:
            # spaCy is handed pieces in groups bounded by characters, not by count: peak memory
            # follows the budget, whatever the size of the documents
            for group in char_batches(pieces(), BATCH_CHARS, self.batch_size):
                # tokenized here, as nlp.pipe would, keeping each text for the components to read
                docs = [(with_text(self.nlp.make_doc(text), text), context) for text, context in group]
                yield from self.nlp.pipe(docs, as_tuples=True, batch_size=len(group))

        done: list[ExtractionResult] = []
        current: ExtractionResult | None = None
        with self.nlp.memory_zone():
            for doc, (document, offset, k, n) in parsed():
                info = document_info(document)
                part = doc_to_result(doc, info, self.vocabulary, offset, self.confidence)
                if k == 0:
                    current = part
                else:
                    assert current is not None
                    current.actors.update(part.actors)
                    current.mentions.extend(part.mentions)
                    current.statements.extend(part.statements)
                    current.notes.extend(part.notes)
                if k == n - 1:
                    done.append(current)
        return done
