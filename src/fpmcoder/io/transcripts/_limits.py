"""Size limits for transcript files, far above any real transcript and checked cheaply.

The largest real transcripts we know are about a megabyte of text (AnnoMI: 133
counselling sessions in 3.8 MB; a ten-hour meeting is about 1 MB). A file past these
limits is not a transcript, or not one file, and is refused before it is decoded or
parsed: a 199 MB one-line file used to take 630 MB as one turn, and a 199 MB one-line
CSV 1.4 GB before it was refused.
"""

from __future__ import annotations

from pathlib import Path

from fpmcoder.errors import TranscriptFormatError

__all__ = [
    "MAX_FILE_BYTES",
    "MAX_LINES",
    "MAX_LINE_BYTES",
    "MAX_TEXT_BYTES",
    "MAX_TURN_CHARS",
    "check_line_count",
    "check_lines",
    "check_text_size",
    "check_turn",
]

_MB = 1024 * 1024
MAX_FILE_BYTES = 100 * _MB
"""Any transcript file (a Word or OpenDocument file may carry pictures)."""
MAX_TEXT_BYTES = 20 * _MB
"""A text, Markdown, CSV/TSV or caption file."""
MAX_LINES = 300_000
"""Lines of a text-based file, paragraphs and table rows of a document, rows of a sheet
(AnnoMI's 133 sessions take 13,552 lines)."""
MAX_LINE_BYTES = 1 * _MB
"""One line of a text-based file (about 150,000 words)."""
MAX_TURN_CHARS = 2_000_000
"""One turn (about 300,000 words), however many lines or cells it was read from."""


def error(message: str, path: Path, line: int | None = None) -> TranscriptFormatError:
    return TranscriptFormatError(message, path=path, line=line)


def check_text_size(data: bytes, path: Path) -> None:
    if len(data) > MAX_TEXT_BYTES:
        raise error(
            f"the file is {len(data) / _MB:,.0f} MB, more than the {MAX_TEXT_BYTES // _MB} MB "
            "a text transcript may have (AnnoMI's 133 sessions take 3.8 MB): split it into "
            "smaller files",
            path,
        )


def check_line_count(count: int, path: Path, what: str = "lines") -> None:
    if count > MAX_LINES:
        raise error(
            f"the file has {count:,} {what}, more than the {MAX_LINES:,} a transcript file "
            "may have (the 133 sessions of AnnoMI take 13,552): split it into smaller files",
            path,
        )


def check_lines(data: bytes, path: Path) -> None:
    """Refuse more than :data:`MAX_LINES` lines, or a line of more than 1.5 x
    :data:`MAX_LINE_BYTES`, without splitting the data.

    Windows of ``MAX_LINE_BYTES`` starting every half window are searched for a line
    break; one without any lies inside a line at least that long. Lines shorter than
    the limit always pass; between the limit and 1.5 times it they may.
    """
    check_line_count(data.count(b"\n") or data.count(b"\r"), path)
    size = MAX_LINE_BYTES
    step = size // 2
    for start in range(0, max(len(data) - size, 0) + 1, step):
        end = start + size
        if end > len(data):
            break
        if data.find(b"\n", start, end) < 0 and data.find(b"\r", start, end) < 0:
            line = data.count(b"\n", 0, start) + 1
            raise error(
                f"this line is longer than {size // _MB} MB (a transcript's lines are "
                "paragraphs, a few hundred words at most): is this really a transcript? "
                "Split the text into one line per turn",
                path,
                line,
            )


def check_turn(text: str, n: int, speaker: str, path: Path) -> None:
    if len(text) > MAX_TURN_CHARS:
        raise error(
            f"turn {n} ({speaker or 'no speaker'}) is {len(text):,} characters long, more "
            f"than the {MAX_TURN_CHARS:,} a turn may have: check that the speaker labels "
            "are recognised (one turn should not swallow the transcript)",
            path,
        )
