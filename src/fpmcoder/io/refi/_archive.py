"""Reading and writing .qdpx archives (zip files) safely and reproducibly.

Reading never extracts to disk: members are read into memory through a counter that stops
at the limits below, whatever the archive *declares* (a zip bomb can lie about sizes).
An archive is refused as a whole when any member name could escape a target folder
(absolute paths, drive letters, ``..``), when it has too many members, or when its members
declare or actually expand to more than the limits.

Writing gives the same bytes for the same content: members in a fixed order, a fixed date
(1980-01-01 00:00), fixed permissions, and the file is replaced atomically.
"""

from __future__ import annotations

import contextlib
import io
import os
import tempfile
import zipfile
import zlib
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from fpmcoder.errors import RefiError

__all__ = [
    "MAX_MEMBERS",
    "MAX_MEMBER_BYTES",
    "MAX_TOTAL_BYTES",
    "SafeArchive",
    "write_archive",
    "write_atomic",
]

MAX_MEMBERS = 10_000
MAX_MEMBER_BYTES = 200 * 1024 * 1024
MAX_TOTAL_BYTES = 500 * 1024 * 1024
_CHUNK = 1024 * 1024
_FIXED_DATE = (1980, 1, 1, 0, 0, 0)


def _safe_name(name: str) -> bool:
    if not name or "\x00" in name:
        return False
    norm = name.replace("\\", "/")
    if norm.startswith("/") or (len(norm) > 1 and norm[1] == ":"):
        return False
    return ".." not in PurePosixPath(norm).parts


class SafeArchive:
    """A zip archive opened for reading within limits. Use as a context manager."""

    def __init__(
        self,
        path: Path,
        *,
        max_members: int | None = None,
        max_member_bytes: int | None = None,
        max_total_bytes: int | None = None,
    ) -> None:
        self.path = path
        self._max_member = max_member_bytes if max_member_bytes is not None else MAX_MEMBER_BYTES
        self._max_total = max_total_bytes if max_total_bytes is not None else MAX_TOTAL_BYTES
        max_members = max_members if max_members is not None else MAX_MEMBERS
        self._read_total = 0
        try:
            self._zip = zipfile.ZipFile(path)
        except FileNotFoundError:
            raise RefiError("the file does not exist", path=path) from None
        except (zipfile.BadZipFile, OSError) as exc:
            raise RefiError(
                f"not a REFI-QDA project: a .qdpx file is a zip archive, and this one cannot "
                f"be opened ({exc})",
                path=path,
            ) from None
        try:
            self._check(max_members)
        except RefiError:
            self._zip.close()
            raise

    def _check(self, max_members: int) -> None:
        infos = self._zip.infolist()
        if len(infos) > max_members:
            raise RefiError(
                f"the archive has {len(infos)} members, more than the {max_members} fpmcoder "
                "accepts; it is refused as possibly hostile",
                path=self.path,
            )
        declared = 0
        for info in infos:
            if not _safe_name(info.filename):
                raise RefiError(
                    f"the archive member {info.filename!r} points outside the archive "
                    "(absolute path or '..'); the file is refused as unsafe",
                    path=self.path,
                )
            if info.file_size > self._max_member:
                raise RefiError(
                    f"the archive member {info.filename!r} would expand to "
                    f"{info.file_size:,} bytes, more than the {self._max_member:,} allowed",
                    path=self.path,
                )
            declared += info.file_size
        if declared > self._max_total:
            raise RefiError(
                f"the archive would expand to {declared:,} bytes, more than the "
                f"{self._max_total:,} allowed; it is refused as a possible zip bomb",
                path=self.path,
            )
        self._by_lower = {i.filename.replace("\\", "/").lower(): i for i in infos}

    def __enter__(self) -> SafeArchive:
        return self

    def __exit__(self, *exc: object) -> None:
        self._zip.close()

    def names(self) -> list[str]:
        return [i.filename for i in self._zip.infolist() if not i.is_dir()]

    def find(self, name: str) -> str | None:
        """The member called ``name``, compared without case and with ``/`` separators."""
        info = self._by_lower.get(name.replace("\\", "/").lower())
        return info.filename if info is not None and not info.is_dir() else None

    def read(self, name: str) -> bytes:
        """A member's bytes, counted as they are inflated and refused beyond the limits."""
        info = self._zip.getinfo(name)
        out = bytearray()
        try:
            with self._zip.open(info) as stream:
                while chunk := stream.read(_CHUNK):
                    out += chunk
                    self._read_total += len(chunk)
                    if len(out) > self._max_member or len(out) > info.file_size:
                        raise RefiError(
                            f"the archive member {name!r} expands beyond its declared size "
                            "or the size limit; the file is refused as a possible zip bomb",
                            path=self.path,
                        )
                    if self._read_total > self._max_total:
                        raise RefiError(
                            "the archive expands to more than "
                            f"{self._max_total:,} bytes; refused as a possible zip bomb",
                            path=self.path,
                        )
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError) as exc:
            raise RefiError(
                f"the archive member {name!r} is damaged ({exc}); export the project again",
                path=self.path,
            ) from None
        return bytes(out)


def write_archive(path: Path, members: Iterable[tuple[str, bytes]]) -> None:
    """Write a deflated zip with fixed dates, replacing ``path`` atomically."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=_FIXED_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o644 << 16
            archive.writestr(info, data, compresslevel=9)
    write_atomic(path, buffer.getvalue())


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path``, then rename it over ``path``."""
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
