"""From spaCy to the graph model: a processed ``Doc`` becomes an :class:`~graphkit.model.ExtractionResult`."""

from __future__ import annotations

from spacy.tokens import Doc

from graphkit.documents import Document
from graphkit.extraction.confidence import confidence_of
from graphkit.extraction.mentions import ActorMention
from graphkit.extraction.relations import finish
from graphkit.extraction.relations.finish import CAPPED
from graphkit.extraction.texts import span_text
from graphkit.model import DocumentInfo, Evidence, ExtractionResult, Mention, Statement, text_hash
from graphkit.vocabulary import Vocabulary, default_vocabulary

#: Documents are cut into pieces of at most this many characters before parsing (spaCy's limit is
#: 1M), at paragraph breaks where there are some: a piece is parsed as one spaCy ``Doc``.
MAX_PIECE_CHARS = 50_000


def to_mention(doc_id: str, m: ActorMention) -> Mention:
    """Return the model's :class:`~graphkit.model.Mention` of an actor mention of document ``doc_id``."""
    return Mention(
        doc=doc_id,
        text=span_text(m.span),
        start=m.span.start_char,
        end=m.span.end_char,
        actor=m.actor.id,
        via=m.via,
    )


def doc_to_result(
    doc: Doc,
    info: DocumentInfo,
    vocabulary: Vocabulary | None = None,
    offset: int = 0,
    confidence: dict[str, float] | None = None,
) -> ExtractionResult:
    """Convert a processed spaCy ``Doc`` into the graph model.

    Parameters
    ----------
    doc : a ``Doc`` the graphkit components have processed
    info : the document it was cut from
    vocabulary : the relation vocabulary; default: the shipped one
    offset : where the doc starts in the document's text (a long document is parsed in pieces)
    confidence : the confidence table (:func:`~graphkit.extraction.confidence.confidence_table`)

    Returns
    -------
    The document's actors, mentions and statements.
    """
    vocabulary = vocabulary or default_vocabulary()
    result = ExtractionResult(document=info)
    shift = (
        (lambda m: Mention(m.doc, m.text, m.start + offset, m.end + offset, m.actor, m.via))
        if offset
        else (lambda m: m)
    )
    converted: dict[int, Mention] = {}  # by ActorMention: a statement's mentions are the doc's

    def mention_of(m: ActorMention) -> Mention:
        found = converted.get(id(m))
        if found is None:
            found = converted[id(m)] = shift(to_mention(info.id, m))
        return found

    extensions = doc._  # spaCy makes a new object at each ``doc._``: read once
    mentions = list(extensions.actor_mentions or [])
    for m in mentions:
        result.actors.setdefault(m.actor.id, m.actor)
        result.mentions.append(mention_of(m))
    evidence_of: dict[tuple[int, int], Evidence] = {}  # once per sentence: not per statement
    for f in extensions.relations or []:
        sent = f.sentence
        evidence = evidence_of.get((sent.start, sent.end))
        if evidence is None:
            # the evidence is the sentence without the blank lines the parser may attach to it
            text = span_text(sent)
            lead = len(text) - len(text.lstrip())
            evidence_text = text.strip()
            evidence_start = sent.start_char + lead + offset
            evidence = Evidence(evidence_text, evidence_start, evidence_start + len(evidence_text))
            evidence_of[(sent.start, sent.end)] = evidence
        reporter = f.reporter.actor if f.reporter is not None else None
        if reporter is not None:
            result.actors.setdefault(reporter.id, reporter)
        result.statements.append(
            Statement(
                doc=info.id,
                relation=vocabulary[f.relation],
                subject=f.subject.actor.id,
                object=f.object.actor.id,
                subject_mention=mention_of(f.subject),
                object_mention=mention_of(f.object),
                evidence=evidence,
                polarity=f.polarity,
                modality=f.modality,
                attributed_to=reporter.id if reporter is not None else None,
                confidence=confidence_of(f, confidence),
                date=info.date,
                trigger=f.trigger.text,
                outlet=f.extra.get("outlet"),
            )
        )
    for start, end, found in doc.user_data.get(CAPPED, {}).values():
        result.notes.append(
            f"characters {start + offset}-{end + offset}: one sentence gave {found:,} statements; "
            f"the first {finish.MAX_STATEMENTS_PER_SENTENCE} were kept (the limit per sentence)"
        )
    return result


def split_text(text: str, max_chars: int = MAX_PIECE_CHARS) -> list[tuple[int, str]]:
    """Cut a long text at paragraph (else line, else space) breaks into ``(offset, piece)`` pairs.

    Examples
    --------
    >>> split_text("First part.\\n\\nSecond part.", max_chars=16)
    [(0, 'First part.\\n\\n'), (13, 'Second part.')]
    """
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
    """Return what the graph records of a document besides its statements: id, title, date, hash.

    Examples
    --------
    >>> document_info(Document("d1", "Russia arms Hezbollah.")).length
    22
    """
    return DocumentInfo(
        id=document.id,
        title=document.title,
        date=document.date,
        url=document.url,
        source=document.source,
        text_hash=text_hash(document.text),
        length=len(document.text),
    )
