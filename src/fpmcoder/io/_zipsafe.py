"""Opening zip-based files (.docx, .odt, .xlsx, .qdpx) without trusting what they declare.

A zip archive declares each member's size, but the sizes can lie: a member that declares
1 KB may inflate to gigabytes, and the libraries that read Office files inflate a member
in one call (Python's ``zipfile`` asks zlib for up to 2 GB at once). So, before a library
is given the file, :func:`verify_members` inflates every member in small chunks and counts
the bytes that actually come out, stopping at the limits; only then is the file handed
over, and no member can inflate to more than was counted.

Everything that can go wrong in an archive (member names that are not UTF-8, zip versions
or compression methods Python cannot read, encryption, a damaged stream) becomes the
caller's own error, built by ``fail(message)``.
"""

from __future__ import annotations

import copy
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from fpmcoder.errors import FpmcoderError

__all__ = ["DOCUMENT_LIMITS", "Fail", "ZipLimits", "open_zip", "read_member", "verify_members"]

Fail = Callable[[str], FpmcoderError]
"""Builds the caller's error from a message (the caller knows the file and the class)."""

_CHUNK = 64 * 1024
_MB = 1024 * 1024
_METHODS = {zipfile.ZIP_STORED: "stored", zipfile.ZIP_DEFLATED: "deflated"}


@dataclass(frozen=True)
class ZipLimits:
    """How much an archive may hold. XML members get their own (smaller) cap because the
    libraries build a whole tree from them, which takes several times their size."""

    max_members: int = 10_000
    max_member_bytes: int = 200 * _MB
    max_xml_bytes: int = 200 * _MB
    max_total_bytes: int = 500 * _MB
    max_xml_elements: int = 1_000_000
    """Elements of one XML member (counted as ``<`` not followed by ``/``): a library's
    tree of them takes 200 to 300 bytes each, whatever the text they hold."""

    @staticmethod
    def is_xml(name: str) -> bool:
        return name.lower().endswith((".xml", ".rels", ".qde", ".qdc"))

    def cap(self, name: str) -> int:
        xml = self.is_xml(name)
        return min(self.max_member_bytes, self.max_xml_bytes) if xml else self.max_member_bytes


DOCUMENT_LIMITS = ZipLimits(
    max_members=5_000, max_member_bytes=200 * _MB, max_xml_bytes=64 * _MB, max_total_bytes=500 * _MB
)
"""A Word, Excel or OpenDocument file (import, and ``apply``'s tables): a member (a picture)
at most 200 MB inflated, an XML member (the text itself) at most 64 MB, all at most 500 MB."""


def _mb(n: int) -> str:
    return f"{n / _MB:,.0f} MB" if n >= _MB else f"{n:,} bytes"


def open_zip(source: Path | bytes, fail: Fail, what: str) -> zipfile.ZipFile:
    """The archive, or ``fail`` when it cannot even be opened (``what``: "Word file"...)."""
    try:
        return zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source)
    except FileNotFoundError:
        raise fail("the file does not exist; check the name and folder") from None
    except UnicodeDecodeError:
        raise fail(
            f"this {what} is damaged: a member name inside the zip archive is marked as "
            "UTF-8 but is not; open it in the program that made it and save (export) it again"
        ) from None
    except NotImplementedError as exc:
        raise fail(
            f"this {what} uses a zip feature Python cannot read ({exc}); open it in the "
            "program that made it and save (export) it again"
        ) from None
    except Exception as exc:  # BadZipFile, OSError, EOFError, ValueError, struct.error...
        raise fail(
            f"this is not a valid {what} (it may be damaged, password-protected or another "
            f"format with the wrong extension: {exc or type(exc).__name__}); open it in the "
            "program that made it and save (export) it again"
        ) from None


def _check_info(info: zipfile.ZipInfo, limits: ZipLimits, fail: Fail, what: str) -> None:
    name = info.filename
    if not name:  # (zipfile's own is_dir() fails on it with IndexError)
        raise fail(
            f"a member of this {what} has no name: the archive is damaged; open it in the "
            "program that made it and save (export) it again"
        )
    if info.flag_bits & 0x1:
        raise fail(
            f"the member {name!r} of this {what} is encrypted (password-protected): "
            "remove the password in its program, save it and import it again"
        )
    if info.compress_type not in _METHODS:
        raise fail(
            f"the member {name!r} of this {what} uses compression method "
            f"{info.compress_type}, which the programs that write this format never use; "
            "open it in the program that made it and save (export) it again"
        )
    cap = limits.cap(name)
    if info.file_size > cap:
        raise fail(
            f"the member {name!r} of this {what} would expand to {_mb(info.file_size)}, "
            f"more than the {_mb(cap)} allowed; the file is refused"
        )


def read_member(
    z: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    cap: int,
    fail: Fail,
    what: str,
    sink: bytearray | None = None,
    max_elements: int | None = None,
) -> int:
    """Inflate one member in small chunks; return its real size, ``fail`` beyond ``cap``.

    The bytes are appended to ``sink`` when one is given, otherwise only counted. A member
    that inflates to more than it declares is refused too (a lying archive), and so is
    one with more than ``max_elements`` XML elements when that is given.
    """
    probe = copy.copy(info)
    probe.file_size = max(cap, info.file_size) + 1  # zipfile would cut the output silently
    size = elements = 0
    try:
        with z.open(probe) as stream:
            while chunk := stream.read(_CHUNK):
                size += len(chunk)
                if max_elements is not None:
                    elements += chunk.count(b"<") - chunk.count(b"</")
                    if elements > max_elements:
                        raise fail(
                            f"the member {info.filename!r} of this {what} holds more than "
                            f"{max_elements:,} XML elements, far more than any real file; "
                            "it is refused"
                        )
                if size > cap or size > info.file_size:
                    raise fail(
                        f"the member {info.filename!r} of this {what} expands beyond "
                        f"{'its declared size' if size > info.file_size else _mb(cap)}; "
                        "the file is refused as a possible zip bomb"
                    )
                if sink is not None:
                    sink += chunk
    except FpmcoderError:
        raise
    except Exception as exc:  # zlib.error, BadZipFile, EOFError, NotImplementedError...
        raise fail(
            f"the member {info.filename!r} of this {what} is damaged "
            f"({exc or type(exc).__name__}); open it in the program that made it and save "
            "(export) it again"
        ) from None
    return size


def verify_members(
    z: zipfile.ZipFile, limits: ZipLimits, fail: Fail, what: str
) -> list[zipfile.ZipInfo]:
    """Check every member (encryption, compression, declared and real sizes); its infos."""
    infos = z.infolist()
    if len(infos) > limits.max_members:
        raise fail(
            f"this {what} has {len(infos):,} members, more than the {limits.max_members:,} "
            "accepted; it is refused as possibly hostile"
        )
    declared = 0
    for info in infos:
        _check_info(info, limits, fail, what)
        declared += info.file_size
    if declared > limits.max_total_bytes:
        raise fail(
            f"this {what} would expand to {_mb(declared)}, more than the "
            f"{_mb(limits.max_total_bytes)} allowed; it is refused as a possible zip bomb"
        )
    for info in infos:
        if not info.is_dir():
            elements = limits.max_xml_elements if limits.is_xml(info.filename) else None
            read_member(z, info, limits.cap(info.filename), fail, what, None, elements)
    return infos
