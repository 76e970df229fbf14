"""Hand-made zip archives for tests: every header field can lie.

``zipfile`` refuses to write most of what an attacker (or a damaged disk) produces, so the
archives here are written byte by byte: a local header, the data, a central directory.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Member:
    name: bytes
    data: bytes  # what is stored (already compressed when method is 8)
    crc: int
    size: int  # declared uncompressed size
    method: int = 0
    flags: int = 0
    version: int = 20  # version needed to extract


def stored(name: str, data: bytes) -> Member:
    return Member(name.encode(), data, zlib.crc32(data), len(data))


def deflated(name: str, data: bytes) -> Member:
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    packed = c.compress(data) + c.flush()
    return Member(name.encode(), packed, zlib.crc32(data), len(data), method=8)


def zeros_bomb(name: str, real_size: int, declared: int) -> Member:
    """A deflated member of ``real_size`` zero bytes that declares ``declared`` bytes.

    The CRC is that of the declared prefix, so a reader that trusts the size and cuts the
    output there sees a perfectly valid member.
    """
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = bytes(1024 * 1024)
    parts = []
    left = real_size
    while left > 0:
        parts.append(c.compress(block[: min(left, len(block))]))
        left -= len(block)
    parts.append(c.flush())
    return Member(name.encode(), b"".join(parts), zlib.crc32(bytes(declared)), declared, method=8)


def members_of(path: Path) -> list[Member]:
    """The members of a real archive, re-encoded as they are (deflated)."""
    with zipfile.ZipFile(path) as z:
        return [deflated(i.filename, z.read(i)) for i in z.infolist()]


def write_zip(path: Path, members: Iterable[Member]) -> Path:
    out = bytearray()
    central = bytearray()
    count = 0
    for m in members:
        offset = len(out)
        head = struct.pack(
            "<4sHHHHHIIIHH",
            b"PK\x03\x04",
            m.version,
            m.flags,
            m.method,
            0,
            0x21,
            m.crc,
            len(m.data),
            m.size,
            len(m.name),
            0,
        )
        out += head + m.name + m.data
        central += struct.pack(
            "<4sHHHHHHIIIHHHHHII",
            b"PK\x01\x02",
            20,
            m.version,
            m.flags,
            m.method,
            0,
            0x21,
            m.crc,
            len(m.data),
            m.size,
            len(m.name),
            0,
            0,
            0,
            0,
            0,
            offset,
        )
        central += m.name
        count += 1
    end = struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, count, count, len(central), len(out), 0)
    path.write_bytes(bytes(out + central + end))
    return path
