"""Transcripts: an ordered list of speaker turns with a title and header lines.

The *text* of a transcript is its turns' texts joined by single newlines. Segments are
character spans of that text (see :mod:`fpmcoder.core.segmentation`), so every offset in
fpmcoder (segments, REFI-QDA selections, the tidy table's ``start_char``) is a Python
``str`` index, i.e. a Unicode code point, into :attr:`Transcript.text`.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cached_property

__all__ = ["TURN_SEPARATOR", "Transcript", "Turn", "normalise_text"]

TURN_SEPARATOR = "\n"


def normalise_text(text: str) -> str:
    """NFC, Unix newlines, non-breaking spaces kept as spaces, no trailing blanks per line."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    text = unicodedata.normalize("NFC", text)
    return "\n".join(line.rstrip() for line in text.split("\n")).strip("\n")


@dataclass(frozen=True, slots=True)
class Turn:
    """One speaker's turn. Times are seconds from the start of the recording."""

    speaker: str
    text: str
    start: float | None = None
    end: float | None = None


@dataclass(frozen=True)
class Transcript:
    """A transcript as read from a file, before it belongs to a project."""

    title: str
    turns: tuple[Turn, ...]
    header: tuple[str, ...] = ()
    source: str | None = None
    setting: str | None = None
    date: str | None = None
    case: str | None = None
    metadata: dict[str, str] = field(default_factory=dict)

    @cached_property
    def text(self) -> str:
        return TURN_SEPARATOR.join(t.text for t in self.turns)

    @cached_property
    def turn_starts(self) -> tuple[int, ...]:
        """Character offset at which each turn begins in :attr:`text`."""
        starts: list[int] = []
        pos = 0
        for t in self.turns:
            starts.append(pos)
            pos += len(t.text) + len(TURN_SEPARATOR)
        return tuple(starts)

    def turn_spans(self) -> list[tuple[int, int]]:
        """The default segmentation: one contiguous span per turn, covering the whole text.

        Each span runs from its turn's first character to the next turn's first character,
        so the separating newline belongs to the earlier turn and nothing is left out.
        """
        starts = list(self.turn_starts)
        ends = [*starts[1:], len(self.text)]
        return list(zip(starts, ends, strict=True))

    def turn_at(self, offset: int) -> int:
        """Index of the turn that contains character ``offset``."""
        return max(0, bisect_right(self.turn_starts, offset) - 1)

    def time_at(self, offset: int) -> float | None:
        """Time at a character offset, interpolated inside a turn that has start and end."""
        if not self.turns:
            return None
        i = self.turn_at(offset)
        turn = self.turns[i]
        if turn.start is None:
            return None
        if turn.end is None or not turn.text or turn.end < turn.start:
            return turn.start
        into = min(max(offset - self.turn_starts[i], 0), len(turn.text))
        return turn.start + (turn.end - turn.start) * into / len(turn.text)

    @property
    def speakers(self) -> list[str]:
        """Distinct speakers in order of first appearance."""
        return list(dict.fromkeys(t.speaker for t in self.turns))

    @property
    def has_times(self) -> bool:
        return any(t.start is not None for t in self.turns)
