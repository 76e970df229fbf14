"""Turn a text file's bytes into ``str``: BOMs, UTF-16, UTF-8, Windows-1252, the rest.

The fast paths run first (a BOM, strict UTF-8, UTF-16 without a BOM, Windows-1252 when
the bytes are valid cp1252 and read as Western text); charset-normalizer is asked only
when all of them fail. Binary files (NUL bytes, a zip, PDF or old Word signature) are
refused with a message saying what the file seems to be.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from fpmcoder.io.transcripts._common import error
from fpmcoder.io.transcripts._limits import MAX_FILE_BYTES

__all__ = ["decode", "read_bytes"]

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (
        b"PK\x03\x04",
        "a zip archive (a Word .docx, Excel .xlsx or OpenDocument file saved under another "
        "name?): give it its real extension (.docx, .xlsx or .odt) and import it again",
    ),
    (b"%PDF", "a PDF: export it from your PDF reader as plain text (.txt) or Word (.docx)"),
    (
        b"\xd0\xcf\x11\xe0",
        "an old Word (.doc) or Excel (.xls) file, or a password-protected one: open it and "
        "save it as .docx or .xlsx (without a password)",
    ),
    (b"{\\rtf", "a Rich Text (.rtf) file: open it and save it as .docx or plain text"),
    (b"\x89PNG", "an image: fpmcoder imports transcripts, not pictures"),
    (b"\xff\xd8\xff", "an image: fpmcoder imports transcripts, not pictures"),
)


def read_bytes(path: Path) -> bytes:
    """The file's bytes, with a researcher-readable error when it cannot be read."""
    try:
        size = path.stat().st_size
        if size <= MAX_FILE_BYTES:
            with path.open("rb") as fh:  # at most one byte more than the limit, whatever
                data = fh.read(MAX_FILE_BYTES + 1)  # the size said (a growing file, a device)
            size = max(size, len(data))
        if size > MAX_FILE_BYTES:
            raise error(
                f"the file is larger than the {MAX_FILE_BYTES // (1024 * 1024)} MB a "
                "transcript file may have; split it into smaller files",
                path,
            )
        return data
    except FileNotFoundError:
        raise error("the file does not exist; check the name and folder", path) from None
    except IsADirectoryError:
        raise error("this is a folder, not a file: choose a transcript file", path) from None
    except PermissionError:
        raise error("permission denied: fpmcoder is not allowed to read this file", path) from None
    except OSError as exc:
        raise error(f"the file cannot be read ({exc.strerror or exc})", path) from None


def _utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le``/``-be`` when NUL bytes sit regularly on one side of each pair."""
    sample = data[:4096]
    pairs = len(sample) // 2
    if pairs < 2:
        return None
    even = sample[0 : pairs * 2 : 2].count(0)
    odd = sample[1 : pairs * 2 : 2].count(0)
    if odd > 0.3 * pairs and even < 0.05 * pairs:
        return "utf-16-le"
    if even > 0.3 * pairs and odd < 0.05 * pairs:
        return "utf-16-be"
    return None


def _looks_like_text(text: str) -> bool:
    """No stray control characters, and not a non-Latin script read as cp1252."""
    text = text[:100_000]
    if not text:
        return True
    controls = sum(1 for c in text if c < " " and c not in "\t\n\r\f")
    if controls > max(2, len(text) // 1000):
        return False
    letters = [c for c in text if c.isalpha()]
    high = sum(1 for c in letters if c > "\x7f")
    return not letters or high <= 0.3 * len(letters)


_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)


def _damaged_utf8(data: bytes) -> tuple[str, str] | None:
    """UTF-8 with a few bad bytes (a file pasted together from two sources).

    Read as UTF-8 with the bad bytes replaced by U+FFFD when valid multi-byte sequences
    outnumber them at least ten to one; reading it as cp1252 would garble every accent.
    """
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    valid = len(_UTF8_SEQUENCE.findall(data))
    if valid >= 3 and bad * 10 <= valid:
        return text, f"utf-8 ({bad} invalid byte(s) replaced by \ufffd)"
    return None


def _check_binary(data: bytes, path: Path) -> None:
    for magic, what in _SIGNATURES:
        if data.startswith(magic):
            raise error(f"this is not a text file but {what}", path)
    if b"\x00" in data[:65536]:
        raise error(
            "this looks like a binary file, not text (it contains NUL bytes): "
            "choose a transcript saved as text, Word, spreadsheet or captions",
            path,
        )


def decode(data: bytes, path: Path, encoding: str | None = None) -> tuple[str, str]:
    """``(text, encoding name)``; raises when the bytes are empty or not text."""
    if encoding is not None:
        return _decode_as(data, path, encoding), encoding
    for bom, name in _BOMS:
        if data.startswith(bom):
            return _decode_as(data[len(bom) :], path, name), f"{name} (BOM)"
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return _decode_as(data, path, utf16), utf16
    _check_binary(data, path)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    damaged = _damaged_utf8(data)
    if damaged is not None:
        return damaged
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = ""
    if text and _looks_like_text(text):
        return text, "cp1252"
    return _detect(data, path)


def _detect(data: bytes, path: Path) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise error(
            "the text encoding cannot be recognised: open the file in a text editor "
            "and save it as UTF-8, then import it again",
            path,
        )
    return str(best), str(best.encoding)


def _decode_as(data: bytes, path: Path, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except LookupError:
        raise error(
            f"{encoding!r} is not a text encoding Python knows (try utf-8, cp1252 or latin-1)",
            path,
        ) from None
    except UnicodeDecodeError as exc:  # (before UnicodeError, of which it is one)
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        raise error(
            f"the bytes here are not valid {encoding} (byte 0x{data[exc.start]:02x}): "
            "the file uses another encoding; leave the encoding to be detected or "
            "save the file as UTF-8",
            path,
            line,
            column,
        ) from None
    except (UnicodeError, ValueError) as exc:  # codecs such as punycode fail their own way
        raise error(
            f"the file cannot be read as {encoding} ({exc}): leave the encoding to be "
            "detected or save the file as UTF-8",
            path,
        ) from None
