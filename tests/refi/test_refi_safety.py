"""Hostile and broken files are refused with a clear message, and nothing is returned."""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path

import pytest

from fpmcoder.errors import RefiError
from fpmcoder.io.refi import _archive, read_qdc, read_qdpx

PROJECT = '<Project xmlns="urn:QDA-XML:project:1.0" name="x"></Project>'

LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<{root} name="&lol3;"/>"""

EXTERNAL = """<?xml version="1.0"?>
<!DOCTYPE p [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<{root} name="&xxe;"/>"""


def _zip(path: Path, members: dict[str, bytes | str]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return path


@pytest.mark.parametrize("doc", [LAUGHS, EXTERNAL])
def test_entities_and_dtds_are_refused(tmp_path: Path, doc: str) -> None:
    qdc = tmp_path / "cb.qdc"
    qdc.write_text(doc.format(root="CodeBook"), encoding="utf-8")
    with pytest.raises(RefiError, match=r"DTD or XML entities"):
        read_qdc(qdc)
    qdpx = _zip(tmp_path / "p.qdpx", {"project.qde": doc.format(root="Project")})
    with pytest.raises(RefiError, match=r"DTD or XML entities"):
        read_qdpx(qdpx)


@pytest.mark.parametrize(
    "name", ["../evil.txt", "sources/../../evil.txt", "/etc/passwd", "C:/x.txt", "..\\evil.txt"]
)
def test_members_escaping_the_folder_are_refused(tmp_path: Path, name: str) -> None:
    qdpx = _zip(tmp_path / "p.qdpx", {"project.qde": PROJECT, name: "x"})
    with pytest.raises(RefiError, match=r"outside the archive"):
        read_qdpx(qdpx)


def test_too_many_members(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_archive, "MAX_MEMBERS", 5)
    qdpx = _zip(
        tmp_path / "p.qdpx", {"project.qde": PROJECT} | {f"sources/{i}.txt": "x" for i in range(5)}
    )
    with pytest.raises(RefiError, match=r"6 members, more than the 5"):
        read_qdpx(qdpx)


def test_declared_sizes_over_the_limits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    qdpx = _zip(
        tmp_path / "p.qdpx",
        {"project.qde": PROJECT, "sources/a.txt": b"0" * 3000, "sources/b.txt": b"0" * 3000},
    )
    monkeypatch.setattr(_archive, "MAX_MEMBER_BYTES", 2000)
    with pytest.raises(RefiError, match=r"would expand to 3,000 bytes"):
        read_qdpx(qdpx)
    monkeypatch.setattr(_archive, "MAX_MEMBER_BYTES", 10_000)
    monkeypatch.setattr(_archive, "MAX_TOTAL_BYTES", 5000)
    with pytest.raises(RefiError, match=r"possible zip bomb"):
        read_qdpx(qdpx)


def _lie_about_sizes(path: Path, member: str, size: int) -> None:
    """Rewrite the uncompressed size of ``member`` in both headers, as a zip bomb would."""
    data = bytearray(path.read_bytes())
    encoded = member.encode()
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        pos = 0
        while (pos := data.find(signature, pos)) >= 0:
            name_at = pos + (30 if signature == b"PK\x03\x04" else 46)
            if data[name_at : name_at + len(encoded)] == encoded:
                data[pos + offset : pos + offset + 4] = struct.pack("<I", size)
            pos += 4
    path.write_bytes(bytes(data))


def test_actual_bytes_are_counted_whatever_the_archive_declares(tmp_path: Path) -> None:
    big = b"<Project " + b" " * 2_000_000 + b'xmlns="urn:QDA-XML:project:1.0" name="x"/>'
    qdpx = _zip(tmp_path / "bomb.qdpx", {"project.qde": big})
    _lie_about_sizes(qdpx, "project.qde", 100)
    with pytest.raises(RefiError, match=r"zip bomb|damaged"):
        read_qdpx(qdpx)


def test_broken_and_foreign_archives(tmp_path: Path) -> None:
    not_zip = tmp_path / "x.qdpx"
    not_zip.write_text("hello", encoding="utf-8")
    with pytest.raises(RefiError, match=r"zip archive"):
        read_qdpx(not_zip)
    with pytest.raises(RefiError, match=r"does not exist"):
        read_qdpx(tmp_path / "missing.qdpx")
    empty = _zip(tmp_path / "e.qdpx", {"readme.txt": "hi"})
    with pytest.raises(RefiError, match=r"no project document"):
        read_qdpx(empty)
    broken = _zip(tmp_path / "b.qdpx", {"project.qde": "<Project>\n<Users>"})
    with pytest.raises(RefiError, match=r"not well-formed") as info:
        read_qdpx(broken)
    assert info.value.line == 2
    codebook = _zip(
        tmp_path / "c.qdpx", {"project.qde": '<CodeBook xmlns="urn:QDA-XML:codebook:1.0"/>'}
    )
    with pytest.raises(RefiError, match=r"not <Project>"):
        read_qdpx(codebook)
    nothing = _zip(tmp_path / "n.qdpx", {"project.qde": PROJECT})
    with pytest.raises(RefiError, match=r"nothing fpmcoder can import"):
        read_qdpx(nothing)


def test_reading_one_member_many_times_counts_against_the_total(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sources = "".join(
        f'<TextSource guid="{i:08x}-0000-4000-8000-000000000000" name="s{i}" '
        'plainTextPath="internal://a.txt"/>'
        for i in range(10)
    )
    project = (
        f'<Project xmlns="urn:QDA-XML:project:1.0" name="x"><Sources>{sources}</Sources></Project>'
    )
    qdpx = _zip(tmp_path / "p.qdpx", {"project.qde": project, "sources/a.txt": "word " * 600})
    monkeypatch.setattr(_archive, "MAX_TOTAL_BYTES", 10_000)
    with pytest.raises(RefiError, match=r"more than 10,000 bytes"):
        read_qdpx(qdpx)
    monkeypatch.setattr(_archive, "MAX_TOTAL_BYTES", 100_000)
    assert len(read_qdpx(qdpx).transcripts) == 10
