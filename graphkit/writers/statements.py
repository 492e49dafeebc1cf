"""The statements as FORMAT.md JSON lines (``statements.jsonl``), one statement a line."""

from __future__ import annotations

import os

from graphkit.io import write_jsonl
from graphkit.model import KnowledgeGraph

__all__ = ["write"]


def write(kg: KnowledgeGraph, path: str | os.PathLike[str], mentions: bool = False) -> None:
    """Write the statements (and the mention lines too when ``mentions``) to ``path``, atomically.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     write(KnowledgeGraph(), Path(tmp) / "statements.jsonl")
    ...     (Path(tmp) / "statements.jsonl").read_text()
    ''
    """
    write_jsonl(kg.iter_json(mentions=mentions), path)
