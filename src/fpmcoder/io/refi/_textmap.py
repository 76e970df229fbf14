"""Source text <-> transcript text, and the offset map between them.

A REFI-QDA source is one plain text; an fpmcoder transcript is a list of speaker turns
whose texts, joined by ``"\\n"``, make the transcript text. The two differ where speaker
labels ("Mum: "), blank lines, carriage returns and trailing blanks are left out of the
turns, and a selection's ``startPosition``/``endPosition`` (code points into the source)
must be moved accordingly. An :class:`OffsetMap` holds runs of characters that correspond
one to one; everything between runs exists only in the source.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from fpmcoder.core.transcript import Turn

__all__ = ["OffsetMap", "labelled_source", "parse_source"]

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_LABEL = re.compile(r"(?P<label>[^\W\d_][\w .'’()&/-]{0,39}?)[ \t]*:(?:[ \t]+|$)")
_MAX_LABEL_WORDS = 4


@dataclass(frozen=True)
class OffsetMap:
    """Runs ``(text_start, source_start, length)`` in increasing order in both texts."""

    runs: tuple[tuple[int, int, int], ...]
    text_length: int
    source_length: int

    def __post_init__(self) -> None:
        object.__setattr__(self, "_t", [r[0] for r in self.runs])
        object.__setattr__(self, "_s_end", [r[1] + r[2] for r in self.runs])

    def to_text(self, pos: int) -> int:
        """Source offset to transcript offset; a left-out character maps to the next kept one."""
        i = bisect_right(self._s_end, pos)  # type: ignore[attr-defined]
        if i == len(self.runs):
            return self.text_length
        t, s, _ = self.runs[i]
        return t + max(0, pos - s)

    def start_in_source(self, pos: int) -> int:
        """Where a span starting at transcript offset ``pos`` starts in the source."""
        if pos >= self.text_length or not self.runs:
            return self.source_length
        t, s, _ = self.runs[bisect_right(self._t, pos) - 1]  # type: ignore[attr-defined]
        return s + pos - t

    def end_in_source(self, pos: int) -> int:
        """Where a span ending at transcript offset ``pos`` ends in the source."""
        if pos <= 0 or not self.runs:
            return self.start_in_source(0)
        t, s, _ = self.runs[bisect_right(self._t, pos - 1) - 1]  # type: ignore[attr-defined]
        return s + pos - t


class _Builder:
    def __init__(self) -> None:
        self.runs: list[tuple[int, int, int]] = []
        self.length = 0

    def keep(self, source: str, start: int, end: int) -> None:
        if end > start:
            self.runs.append((self.length, start, end - start))
            self.length += end - start

    def newline(self, source_pos: int) -> None:
        self.runs.append((self.length, source_pos, 1))
        self.length += 1


def labelled_source(turns: tuple[Turn, ...]) -> tuple[str, OffsetMap]:
    """The source text fpmcoder exports: one ``Speaker: text`` line per turn."""
    b = _Builder()
    src: list[str] = []
    pos = 0
    for i, turn in enumerate(turns):
        label = f"{turn.speaker}: " if turn.speaker else ""
        line = label + turn.text + ("\n" if i < len(turns) - 1 else "")
        src.append(line)
        b.runs.append((b.length, pos + len(label), len(line) - len(label)))
        b.length += len(line) - len(label)
        pos += len(line)
    return "".join(src), OffsetMap(tuple(b.runs), b.length, pos)


@dataclass
class _Line:
    start: int  # first non-blank character
    end: int  # after the last non-blank character
    brk: int  # position of the line break after it (== len(source) on the last line)
    label: str | None
    after_label: int  # first non-blank character after the label


def _lines(source: str) -> list[_Line | None]:
    """Lines of ``source``; ``None`` for blank ones."""
    out: list[_Line | None] = []
    pos = 0
    for m in [*_LINE_BREAK.finditer(source), None]:
        brk = m.start() if m is not None else len(source)
        raw = source[pos:brk]
        stripped = raw.strip()
        if not stripped:
            out.append(None)
        else:
            start = pos + len(raw) - len(raw.lstrip())
            end = pos + len(raw.rstrip())
            label, after = None, start
            lm = _LABEL.match(source, start, end)
            if lm and len(lm.group("label").split()) <= _MAX_LABEL_WORDS:
                label = lm.group("label").strip()
                after = lm.end()
            out.append(_Line(start, end, brk, label, after))
        pos = m.end() if m is not None else len(source)
    return out


def _is_labelled(lines: list[_Line | None]) -> bool:
    labelled = sum(1 for ln in lines if ln is not None and ln.label)
    block_starts = sum(
        1 for i, ln in enumerate(lines) if ln is not None and (i == 0 or lines[i - 1] is None)
    )
    return labelled >= 2 and 2 * labelled >= block_starts


def parse_source(source: str) -> tuple[tuple[Turn, ...], OffsetMap]:
    """Turns recognised in a plain text, and the map from the text to the turns' text.

    Labelled text (most non-blank paragraphs start with ``Name:``): a turn starts at each
    label and runs to the next label or blank line; a label alone on its line takes the
    next paragraph; an unlabelled paragraph is a turn with speaker ``""``. Unlabelled text:
    one turn per paragraph, or per line when there are no blank lines. Leading and trailing
    blanks of each line are left out; line breaks inside a turn are kept.
    """
    lines = _lines(source)
    labelled = _is_labelled(lines)
    per_line = not labelled and None not in lines
    turns: list[tuple[str, list[_Line]]] = []
    prev_blank = True
    for ln in lines:
        if ln is None:
            prev_blank = True
            continue
        if labelled and ln.label is not None:
            turns.append((ln.label, [ln] if ln.after_label < ln.end else []))
        elif turns and not per_line and (not prev_blank or not turns[-1][1]):
            turns[-1][1].append(ln)
        else:
            turns.append(("", [ln]))
        prev_blank = False
    b = _Builder()
    out: list[Turn] = []
    kept = [(speaker, parts) for speaker, parts in turns if parts]
    for n, (speaker, parts) in enumerate(kept):
        pieces: list[str] = []
        for k, ln in enumerate(parts):
            first = ln.after_label if (k == 0 and labelled and ln.label) else ln.start
            b.keep(source, first, ln.end)
            pieces.append(source[first : ln.end])
            if k < len(parts) - 1 or n < len(kept) - 1:
                b.newline(ln.brk)
        out.append(Turn(speaker, "\n".join(pieces)))
    return tuple(out), OffsetMap(tuple(b.runs), b.length, len(source))
