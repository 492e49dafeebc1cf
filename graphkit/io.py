"""Writing outputs safely: every file is written under a temporary name and renamed into place.

A run killed midway therefore leaves the previous outputs intact, never a half-written file; the
temporary file a ``kill -9`` leaves behind is removed by the next run
(:func:`remove_stale_temporaries`). Inside :func:`commit_together` the renames wait until every
file of the set is written, so a run's outputs (graph, statements, view, report) are replaced
together, not one old and one new.
"""

from __future__ import annotations

import contextlib
import contextvars
import json
import os
import re
import stat
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any


def _read_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


#: Read once: new files get the permissions ``open()`` would give them (mkstemp's are 0600).
_UMASK = _read_umask()

#: The renames waiting for the end of a :func:`commit_together` block, or None outside one.
_PENDING: contextvars.ContextVar[list[tuple[str, Path]] | None] = contextvars.ContextVar(
    "graphkit_pending_renames", default=None
)


def _fsync_dir(path: Path) -> None:
    """Make a rename durable (a crash right after it must not bring the old file back)."""
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _mode_for(target: Path) -> int:
    try:
        return stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        return 0o666 & ~_UMASK


@contextlib.contextmanager
def atomic_write(
    path: str | os.PathLike[str], mode: str = "w", encoding: str | None = "utf-8"
) -> Iterator[IO[Any]]:
    """Open a temporary file beside ``path``; on success, fsync it and rename it over ``path``.

    On an exception the temporary file is removed and ``path`` is left as it was. The new file
    keeps the permissions of the one it replaces (else the usual ones for a new file).

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> with atomic_write(folder / "out.txt") as f:
    ...     _ = f.write("done")
    ...     (folder / "out.txt").exists()  # not yet: written under a temporary name
    False
    >>> (folder / "out.txt").read_text()
    'done'
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    binary = "b" in mode
    try:
        with os.fdopen(
            fd, mode, encoding=None if binary else encoding, newline=None if binary else "\n"
        ) as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, _mode_for(target))
        pending = _PENDING.get()
        if pending is not None:
            pending.append((tmp, target))
            return
        os.replace(tmp, target)
        _fsync_dir(target.parent)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


@contextlib.contextmanager
def commit_together() -> Iterator[None]:
    """Hold back the renames of :func:`atomic_write` in this block and do them all at its end.

    Every file is fully written and synced before the first one replaces its old version; if the
    block fails, no file is replaced.

    Examples
    --------
    >>> import tempfile
    >>> out = Path(tempfile.mkdtemp())
    >>> with commit_together():
    ...     write_jsonl([{"n": 1}], out / "statements.jsonl")
    ...     write_jsonl([{"n": 2}], out / "mentions.jsonl")
    ...     sorted(p.name for p in out.iterdir() if not p.name.startswith("."))  # nothing renamed yet
    1
    1
    []
    >>> sorted(p.name for p in out.iterdir())
    ['mentions.jsonl', 'statements.jsonl']
    """
    outer = _PENDING.get()
    if outer is not None:  # nested: the outermost block commits
        yield
        return
    pending: list[tuple[str, Path]] = []
    token = _PENDING.set(pending)
    try:
        yield
    except BaseException:
        for tmp, _ in pending:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
        raise
    finally:
        _PENDING.reset(token)
    for tmp, target in pending:
        os.replace(tmp, target)
    for folder in {target.parent for _, target in pending}:
        _fsync_dir(folder)


#: The name :func:`atomic_write` gives its temporary files: ``.NAME.`` + mkstemp's 8 characters + ``.tmp``.
_TEMPORARY = re.compile(r"\.(?P<name>.+)\.[a-z0-9_]{8}\.tmp")


def remove_stale_temporaries(
    folder: str | os.PathLike[str], names: Iterable[str] | None = None
) -> list[Path]:
    """Remove the temporary files a killed run left in ``folder``; return them.

    Only names :func:`atomic_write` makes are touched (``.graph.ttl.k3j2h1g0.tmp``), and, when
    ``names`` is given, only temporaries of those files. Call it before writing, from the one
    process that writes the folder.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / ".graph.ttl.k3j2h1g0.tmp").write_text("half")
    >>> _ = (folder / "notes.tmp").write_text("mine")
    >>> [p.name for p in remove_stale_temporaries(folder)], sorted(p.name for p in folder.iterdir())
    (['.graph.ttl.k3j2h1g0.tmp'], ['notes.tmp'])
    """
    wanted = set(names) if names is not None else None
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        match = _TEMPORARY.fullmatch(entry.name)
        if match is None or (wanted is not None and match["name"] not in wanted):
            continue
        if not entry.is_file(follow_symlinks=False):
            continue
        with contextlib.suppress(FileNotFoundError):
            os.unlink(entry.path)
            removed.append(Path(entry.path))
    return removed


def json_line(obj: Any) -> str:
    """Serialize one JSON line deterministically (sorted keys are not used: FORMAT.md's order is kept).

    Examples
    --------
    >>> json_line({"kind": "statement", "text": "Moscow \u2013 Kyiv"})
    '{"kind": "statement", "text": "Moscow – Kyiv"}'
    """
    return json.dumps(obj, ensure_ascii=False, separators=(", ", ": "))


def write_jsonl(rows: Iterable[dict[str, Any]], path: str | os.PathLike[str]) -> int:
    """Write rows as JSON lines atomically; return how many were written."""
    n = 0
    with atomic_write(path) as f:
        for row in rows:
            f.write(json_line(row) + "\n")
            n += 1
    return n
