"""Finding and decoding the text of a REFI-QDA source inside a .qdpx archive."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import PurePosixPath

from fpmcoder.io.refi._archive import SafeArchive
from fpmcoder.io.refi._xml import text_of

__all__ = ["MAX_SOURCE_BYTES", "SourceText", "member_for", "source_text"]

MAX_SOURCE_BYTES = 20 * 1024 * 1024
"""A source's plain text, like a text transcript file (the sources are transcripts)."""


class SourceText:
    """A source's text, or why there is none (``text is None`` and ``problem`` says why)."""

    def __init__(self, text: str | None, problem: str = "", note: str = "") -> None:
        self.text, self.problem, self.note = text, problem, note


def member_for(archive: SafeArchive, ref: str) -> str | None:
    """The archive member a ``plainTextPath``/``richTextPath`` points at, if it is inside.

    ``internal://x.txt`` and a bare ``x.txt`` both mean ``sources/x.txt``; the folder may be
    spelt ``sources/`` or ``Sources/``.
    """
    ref = ref.strip()
    lowered = ref.lower()
    if lowered.startswith("internal://"):
        ref = ref[len("internal://") :]
    elif "://" in lowered or lowered.startswith("/") or (len(ref) > 1 and ref[1] == ":"):
        return None
    name = str(PurePosixPath(ref.replace("\\", "/")))
    for candidate in (f"sources/{name}", name):
        found = archive.find(candidate)
        if found is not None:
            return found
    return None


def decode(data: bytes) -> tuple[str, str]:
    """Text of a plain-text file (UTF-8 expected; a BOM is dropped) and a note if it was not."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16", errors="replace")
        if "\ufffd" in text:
            return text, "read as UTF-16, with bytes that are not UTF-16 replaced by \ufffd"
        return text, "read as UTF-16"
    try:
        return data.decode("utf-8"), ""
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), "not UTF-8, read as Windows-1252"


def source_text(archive: SafeArchive, element: ET.Element) -> SourceText:
    inline = text_of(element, "PlainTextContent")
    if inline is not None:
        return SourceText(inline)
    plain = element.get("plainTextPath")
    if plain:
        member = member_for(archive, plain)
        if member is None:
            return SourceText(None, f"its text file {plain!r} is not inside the archive")
        if archive.size(member) > MAX_SOURCE_BYTES:
            return SourceText(
                None,
                f"its text file {member!r} is {archive.size(member):,} bytes, more than the "
                f"{MAX_SOURCE_BYTES:,} a transcript may have (see docs/importing.md, Limits)",
            )
        text, note = decode(archive.read(member))
        return SourceText(text, note=note)
    if element.get("richTextPath"):
        return SourceText(
            None,
            "it has only a rich-text (Word) copy and no plain-text copy; export it "
            "again with plain text, or import the document as a transcript file",
        )
    return SourceText(None, "it has no text")
