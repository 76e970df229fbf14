"""Small file helpers shared by readers and writers: atomic writes, written media paths."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

__all__ = ["local_path", "write_atomic"]


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path``, then rename it over ``path``:
    a reader never sees half a file, and a failure leaves no temporary file behind."""
    path = Path(path)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        tmp.chmod(0o644)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def local_path(beside: Path, written: str) -> Path | None:
    """A file named in a document (a path, or a ``file:`` URL as ELAN and CLAN write them,
    ``file:///C:/...`` included), relative ones taken from ``beside``'s folder; None for
    an empty name."""
    from urllib.parse import unquote, urlparse

    text = written.strip()
    if not text:
        return None
    if text.lower().startswith("file:"):
        text = unquote(urlparse(text).path)
        if len(text) > 2 and text[0] == "/" and text[2] == ":":  # file:///C:/...
            text = text[1:]
    candidate = Path(text)
    if not candidate.is_absolute():
        candidate = beside.parent / candidate
    try:
        return candidate.resolve()
    except (OSError, RuntimeError):
        return None
