"""The statements as a table: ``statements.csv`` (and Parquet when pyarrow is installed), one row a statement.

For pandas, Excel and R users: one flat row per statement with the actors' IRIs and labels, the
relation with its family, PLOVER type and CAMEO event code, polarity, modality, attribution,
confidence, date, the evidence sentence and the document's title, source and URL. Every cell is
a string or a number (blank, not ``None``, when there is nothing).
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterator
from typing import Any

from graphkit.io import atomic_write
from graphkit.lines import statement_order
from graphkit.model import KnowledgeGraph, Statement

__all__ = ["COLUMNS", "CSV", "PARQUET", "statement_rows", "statements_frame"]

#: The columns, in order.
COLUMNS = (
    "id",
    "doc",
    "subject",
    "subject_label",
    "subject_type",
    "relation",
    "object",
    "object_label",
    "object_type",
    "family",
    "plover",
    "cameo",
    "polarity",
    "modality",
    "attributed_to",
    "attributed_to_label",
    "outlet_label",
    "confidence",
    "date",
    "trigger",
    "subject_text",
    "object_text",
    "evidence",
    "evidence_start",
    "evidence_end",
    "title",
    "source",
    "url",
)


def _row(kg: KnowledgeGraph, s: Statement) -> dict[str, Any]:
    def label(iri: str | None) -> str | None:
        actor = kg.actors.get(iri) if iri else None
        return actor.label if actor is not None else iri

    subject, obj = kg.actors.get(s.subject), kg.actors.get(s.object)
    doc = kg.documents.get(s.doc)
    return {
        "id": s.id,
        "doc": s.doc,
        "subject": s.subject,
        "subject_label": label(s.subject),
        "subject_type": subject.type if subject else None,
        "relation": s.relation.name,
        "object": s.object,
        "object_label": label(s.object),
        "object_type": obj.type if obj else None,
        "family": s.relation.quad,
        "plover": s.relation.plover,
        "cameo": s.relation.cameo,
        "polarity": s.polarity,
        "modality": s.modality,
        "attributed_to": s.attributed_to,
        "attributed_to_label": label(s.attributed_to),
        "outlet_label": label(s.outlet),
        "confidence": round(s.confidence, 3),
        "date": s.date or (doc.date if doc else None),
        "trigger": s.trigger,
        "subject_text": s.subject_mention.text,
        "object_text": s.object_mention.text,
        "evidence": s.evidence.text,
        "evidence_start": s.evidence.start,
        "evidence_end": s.evidence.end,
        "title": doc.title if doc else None,
        "source": doc.source if doc else None,
        "url": doc.url if doc else None,
    }


def statement_rows(kg: KnowledgeGraph) -> Iterator[dict[str, Any]]:
    """Yield one flat dict per statement, keyed by :data:`COLUMNS`, in the order of ``statements.jsonl``
    (documents by id, statements in text order).

    Examples
    --------
    >>> from graphkit.samples import from_triples
    >>> row = next(statement_rows(from_triples([("Iran", "arms", "Hamas", {"polarity": "negative"})])))
    >>> row["subject_label"], row["relation"], row["polarity"], row["plover"], row["cameo"]
    ('Iran', 'arms', 'negative', 'AID', '072')
    """
    for s in sorted(kg.statements, key=lambda s: (s.doc, statement_order(s))):
        yield _row(kg, s)


def statements_frame(kg: KnowledgeGraph) -> Any:
    """Return the statements as a pandas DataFrame, one row per statement (:data:`COLUMNS`).

    Examples
    --------
    >>> from graphkit.samples import from_triples
    >>> frame = statements_frame(from_triples([("Russia", "arms", "Syria")]))
    >>> frame[["subject_label", "relation", "object_label"]]
      subject_label relation object_label
    0        Russia     arms        Syria
    """
    import pandas as pd

    return pd.DataFrame(list(statement_rows(kg)), columns=list(COLUMNS))


class CsvWriter:
    """``statements.csv``: UTF-8 with a byte-order mark, so that Excel reads accents right."""

    def write(self, kg: KnowledgeGraph, path: str | os.PathLike[str]) -> None:
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        for row in statement_rows(kg):
            writer.writerow({k: "" if v is None else v for k, v in row.items()})
        with atomic_write(path, "w") as f:
            f.write("\ufeff" + buffer.getvalue())


class ParquetWriter:
    """``statements.parquet``, through pandas and pyarrow (an optional dependency)."""

    def write(self, kg: KnowledgeGraph, path: str | os.PathLike[str]) -> None:
        try:
            import pyarrow  # noqa: F401
        except ImportError:
            raise RuntimeError(
                "writing Parquet needs pyarrow: pip install pyarrow (or write statements.csv)"
            ) from None
        with atomic_write(path, "wb") as f:
            statements_frame(kg).to_parquet(f, index=False)


CSV = CsvWriter()
PARQUET = ParquetWriter()
