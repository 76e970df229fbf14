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

import io
import zipfile
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from fpmcoder.errors import RefiError
from fpmcoder.io._files import write_atomic
from fpmcoder.io._zipsafe import ZipLimits, open_zip, read_member, verify_members

__all__ = [
    "MAX_MEMBERS",
    "MAX_MEMBER_BYTES",
    "MAX_TOTAL_BYTES",
    "SafeArchive",
    "write_archive",
]

MAX_MEMBERS = 10_000
MAX_MEMBER_BYTES = 200 * 1024 * 1024
MAX_TOTAL_BYTES = 500 * 1024 * 1024
_WHAT = "REFI-QDA project (.qdpx, a zip archive)"
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

    def __init__(self, path: Path) -> None:
        self.path = path
        self._limits = ZipLimits(  # the module's limits, read now (tests lower them)
            max_members=MAX_MEMBERS,
            max_member_bytes=MAX_MEMBER_BYTES,
            max_xml_bytes=MAX_MEMBER_BYTES,
            max_total_bytes=MAX_TOTAL_BYTES,
        )
        self._read_total = 0
        self._zip = open_zip(path, self._fail, _WHAT)
        try:
            self._check()
        except RefiError:
            self._zip.close()
            raise

    def _fail(self, message: str) -> RefiError:
        return RefiError(message, path=self.path)

    def _check(self) -> None:
        for info in self._zip.infolist():
            if not _safe_name(info.filename):
                raise RefiError(
                    f"the archive member {info.filename!r} points outside the archive "
                    "(absolute path or '..'); the file is refused as unsafe",
                    path=self.path,
                )
        infos = verify_members(self._zip, self._limits, self._fail, _WHAT)
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

    def size(self, name: str) -> int:
        """The member's size (checked against what it really inflates to when opened)."""
        return self._zip.getinfo(name).file_size

    def read(self, name: str) -> bytes:
        """A member's bytes, counted as they are inflated and refused beyond the limits."""
        info = self._zip.getinfo(name)
        out = bytearray()
        read_member(self._zip, info, self._limits.max_member_bytes, self._fail, _WHAT, out)
        self._read_total += len(out)
        if self._read_total > self._limits.max_total_bytes:
            raise RefiError(
                "the archive expands to more than "
                f"{self._limits.max_total_bytes:,} bytes; refused as a possible zip bomb",
                path=self.path,
            )
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
