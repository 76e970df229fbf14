"""The options a caller passes to :func:`fpmcoder.io.transcripts.read_transcripts`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

__all__ = ["EXTENSION_FORMATS", "FORMATS", "SUPPORTED_EXTENSIONS", "ReadOptions"]

FORMATS: frozenset[str] = frozenset(
    {"text", "table", "vtt", "srt", "zoom", "docx", "odt", "eaf", "chat", "textgrid"}
)
"""The values ``ReadOptions.format`` accepts."""

EXTENSION_FORMATS: Mapping[str, str] = {
    ".txt": "text",
    ".md": "text",
    ".csv": "table",
    ".tsv": "table",
    ".xlsx": "table",
    ".vtt": "vtt",
    ".srt": "srt",
    ".docx": "docx",
    ".odt": "odt",
    ".eaf": "eaf",
    ".cha": "chat",
    ".textgrid": "textgrid",
}

SUPPORTED_EXTENSIONS: frozenset[str] = frozenset(EXTENSION_FORMATS)


@dataclass(frozen=True)
class ReadOptions:
    """How to read a transcript file. The defaults detect everything.

    ``format``: ``"text"``, ``"table"``, ``"vtt"``, ``"srt"``, ``"zoom"``, ``"docx"``,
    ``"odt"``, ``"eaf"`` (ELAN), ``"chat"`` (CHAT/CLAN) or ``"textgrid"`` (Praat); ``None``
    detects it from the extension and the content.
    ``columns``: an explicit table mapping from role (``speaker``, ``text``, ``start``,
    ``end``, ``transcript``) to column name; roles not given are still recognised by name,
    and a role mapped to ``""`` is switched off.
    ``merge_cues``: captions only: merge consecutive cues of one speaker into one turn.
    ``encoding``: decode with this encoding instead of detecting it.
    ``title``: the title instead of the file name (with several transcripts in one table,
    a prefix: ``"<title> <transcript value>"``).
    ``sheet``: the XLSX sheet to read (default: the first).
    ``tiers``: ELAN and TextGrid: the tiers whose annotations become turns (default: every
    top-level time-aligned ELAN tier that is not a coding tier, every TextGrid interval
    tier); CHAT: the speaker codes whose main tiers become turns (default: all).
    """

    format: str | None = None
    columns: Mapping[str, str] | None = None
    merge_cues: bool = False
    encoding: str | None = None
    title: str | None = None
    sheet: str | None = None
    tiers: tuple[str, ...] = ()
