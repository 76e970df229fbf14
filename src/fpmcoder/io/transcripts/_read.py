"""Choose the reader for a file (by option, extension and content) and run it."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from pathlib import Path

from fpmcoder.core.transcript import Transcript
from fpmcoder.io.transcripts._common import error
from fpmcoder.io.transcripts._encoding import decode, read_bytes
from fpmcoder.io.transcripts._limits import check_lines, check_text_size
from fpmcoder.io.transcripts._options import EXTENSION_FORMATS, FORMATS, ReadOptions

__all__ = ["read_transcripts"]

TextReader = Callable[[str, Path, ReadOptions, str], list[Transcript]]

_SRT_START = re.compile(r"\s*\d+\s*\n\s*\d{1,2}:\d{2}:\d{2}[,.]\d{1,3}\s*-->")
_ZOOM_START = re.compile(r"\s*\[[^\]\n]{1,80}\] \d{1,2}:\d{2}:\d{2}\s*\n")
_REFUSED = {
    ".doc": "an old Word document: open it in Word and save it as .docx",
    ".xls": "an old Excel workbook: open it in Excel and save it as .xlsx",
    ".rtf": "a Rich Text file: open it in Word and save it as .docx or plain text",
    ".pdf": "a PDF: export it from your PDF reader as plain text (.txt) or Word (.docx)",
    ".pages": "an Apple Pages document: export it as Word (.docx)",
    ".qdpx": "a REFI-QDA project: use the REFI-QDA import instead",
}


def _prepare(text: str) -> str:
    """Unix newlines, NBSP as space, NFC; unlike ``normalise_text`` line numbers are kept."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text.replace("\u00a0", " "))


def _sniff_text_format(text: str) -> str:
    head = text[:2000]
    if head.startswith(("@UTF8", "@Begin")):
        return "chat"
    if "ooTextFile" in head[:300] and "TextGrid" in head[:300]:
        return "textgrid"
    if head.lstrip().startswith("WEBVTT"):
        return "vtt"
    if _SRT_START.match(head):
        return "srt"
    if _ZOOM_START.match(head):
        return "zoom"
    return "text"


def _is_eaf(data: bytes) -> bool:
    head = data[:2000]
    return head.lstrip().startswith(b"<") and b"<ANNOTATION_DOCUMENT" in head


def _zip_format(data: bytes) -> str | None:
    """The document format of zip bytes, by the members it holds (``None``: unknown)."""
    import io
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            names = set(z.namelist())
    except Exception:  # any damage (even a member name that is not UTF-8): not recognised
        return None
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "table"
    if "content.xml" in names:
        return "odt"
    return None


def _text_reader(fmt: str) -> TextReader:
    """The reader for a text-based format, imported only when needed (fast start-up)."""
    if fmt == "table":
        from fpmcoder.io.transcripts._csv import read_csv

        return read_csv
    if fmt in ("vtt", "srt"):
        from fpmcoder.io.transcripts._captions import read_srt, read_vtt

        return read_vtt if fmt == "vtt" else read_srt
    if fmt == "zoom":
        from fpmcoder.io.transcripts._zoom import read_zoom

        return read_zoom
    if fmt == "textgrid":
        from fpmcoder.io.transcripts._textgrid import read_textgrid

        return read_textgrid
    if fmt == "chat":
        from fpmcoder.io.transcripts._chat import read_chat

        return read_chat
    from fpmcoder.io.transcripts._text import read_text

    return read_text


def read_transcripts(path: str | Path, options: ReadOptions | None = None) -> list[Transcript]:
    """Read every transcript in a file; raise :class:`TranscriptFormatError` on any problem.

    Never returns a partial result: a file that is empty, is not a transcript or breaks
    mid-way raises, with a message that says what is wrong, where, and what to do.
    """
    options = options or ReadOptions()
    p = Path(path)
    if options.format is not None and options.format not in FORMATS:
        raise error(
            f"unknown format {options.format!r}: choose one of {', '.join(sorted(FORMATS))}",
            p,
        )
    ext = p.suffix.lower()
    if options.format is None and ext in _REFUSED:
        raise error(f"this is {_REFUSED[ext]}, then import it again", p)
    data = read_bytes(p)
    if not data.strip():
        raise error("the file is empty: there is no transcript to import", p)
    fmt = options.format or EXTENSION_FORMATS.get(ext)
    is_zip = data.startswith(b"PK\x03\x04")
    if fmt is None and is_zip:
        fmt = _zip_format(data)
    if (fmt is None or (options.format is None and fmt == "text")) and _is_eaf(data):
        fmt = "eaf"
    if fmt == "eaf":
        from fpmcoder.io.transcripts._elan import read_eaf

        return read_eaf(data, p, options)
    if fmt in ("docx", "odt") or (fmt == "table" and (ext == ".xlsx" or is_zip)):
        return _read_binary(fmt, p, data, options)
    check_text_size(data, p)
    check_lines(data, p)
    text, encoding = decode(data, p, options.encoding)
    text = _prepare(text)
    if not text.strip():
        raise error("the file holds only blank space: there is no transcript to import", p)
    if fmt is None or (options.format is None and fmt == "text"):
        fmt = _sniff_text_format(text)
    elif options.format is None and fmt == "vtt" and not text.startswith("WEBVTT"):
        fmt = "srt" if _SRT_START.match(text) else fmt
    result = _text_reader(fmt)(text, p, options, encoding)
    if not result:
        raise error("no transcript found in this file", p)
    return result


def _read_binary(fmt: str, path: Path, data: bytes, options: ReadOptions) -> list[Transcript]:
    if fmt == "docx":
        from fpmcoder.io.transcripts._docx import read_docx

        return read_docx(path, data, options)
    if fmt == "odt":
        from fpmcoder.io.transcripts._odt import read_odt

        return read_odt(path, data, options)
    from fpmcoder.io.transcripts._xlsx import read_xlsx

    return read_xlsx(path, data, options)
