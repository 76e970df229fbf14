"""Plain text and Markdown: ``Name: text`` turns, with the header above the first turn.

The same parser reads the paragraphs of Word and OpenDocument files
(``paragraphs=True``: every paragraph is a line, and lines of one turn are kept apart by
``"\\n"``). In a text file, lines of one turn are hard-wrapped text and are joined with a
space; a blank line inside a turn is kept as a paragraph break (``"\\n"``).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from fpmcoder.core.transcript import Transcript, Turn
from fpmcoder.io.transcripts._common import Draft, error, make_transcript
from fpmcoder.io.transcripts._labels import Candidate, find_candidate, is_label
from fpmcoder.io.transcripts._options import ReadOptions
from fpmcoder.io.transcripts._times import TIME_PATTERN, parse_time

__all__ = ["ParsedText", "parse_lines", "read_text"]

_TIME_LINE = re.compile(rf"[\[(]?{TIME_PATTERN}[\])]?")
_HEADER_FIELD = re.compile(r"(?i)(date|setting|case)\s*:\s*(.+)")


@dataclass
class ParsedText:
    header: list[str] = field(default_factory=list)
    turns: list[Turn] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    lines: int = 0
    label_lines: list[int] = field(default_factory=list)  # 0-based lines that open a turn


def _accepted(
    lines: Sequence[str], cands: Sequence[Candidate | None], counts: Counter[str], paragraphs: bool
) -> list[Candidate | None]:
    """Keep the candidates that are labels, looking at neighbouring lines for lone labels.

    ``[Name] text`` lines count as recurring labels when the file has several of them.
    """
    brackets = sum(1 for c in cands if c is not None and c.bracket)
    verdicts: dict[tuple[str, int], bool] = {}

    def accept(c: Candidate | None) -> Candidate | None:
        if c is None:
            return None
        n = counts[c.key]
        if c.bracket and brackets >= 2:
            n = max(n, 2)
        verdict = verdicts.get((c.label, min(n, 2)))
        if verdict is None:
            verdict = verdicts[(c.label, min(n, 2))] = is_label(c.label, n)
        return c if verdict else None

    ok = [accept(c) for c in cands]
    n = len(lines)
    for i in range(n - 1, -1, -1):
        c = ok[i]
        if c is None or not c.alone or c.strong:
            continue
        nxt = lines[i + 1] if i + 1 < n else ""
        prev_blank = i == 0 or not lines[i - 1] or paragraphs
        recurring = counts[c.key] >= 2
        if not nxt or ok[i + 1] is not None or not (prev_blank or recurring):
            ok[i] = None
    # A title such as "Interview 3  12:30" looks like a lone label: above the first
    # recurring label, a lone label that occurs once is header.
    first = next((i for i, c in enumerate(ok) if c is not None and counts[c.key] >= 2), 0)
    for i in range(first):
        c = ok[i]
        if c is not None and c.alone and counts[c.key] < 2:
            ok[i] = None
    return ok


def _time_marker(
    line: str, i: int, lines: Sequence[str], accepted: Sequence[Candidate | None]
) -> float | None:
    """The time of a line holding only a time (``00:05:12``) just above a turn's label."""
    if not _TIME_LINE.fullmatch(line):
        return None
    j = i + 1
    while j < len(lines) and not lines[j]:
        j += 1
    if j == len(lines) or accepted[j] is None:
        return None
    try:
        return parse_time(line.strip("[]()"))
    except ValueError:
        return None


def parse_lines(lines: Sequence[str], *, paragraphs: bool = False) -> ParsedText:
    """Turns and header from lines of text (already normalised, one string per line)."""
    stripped = [line.strip() for line in lines]
    cands = [find_candidate(s) if s else None for s in stripped]
    counts = Counter(c.key for c in cands if c is not None)
    accepted = _accepted(stripped, cands, counts, paragraphs)
    out = ParsedText(lines=len(lines))
    drafts: list[Draft] = []
    current: Draft | None = None
    pending_break = False
    pending_time: float | None = None
    inner_sep = "\n" if paragraphs else " "
    for i, (s, cand) in enumerate(zip(stripped, accepted, strict=True)):
        if cand is not None:
            out.label_lines.append(i)
            start = cand.time if cand.time is not None else pending_time
            current = Draft(" ".join(cand.label.split()), start=start)
            drafts.append(current)
            pending_time = None
            if cand.rest:
                current.parts.append(cand.rest.strip())
            pending_break = False
        elif not s:
            pending_break = current is not None and bool(current.parts)
        elif (marker := _time_marker(s, i, stripped, accepted)) is not None:
            pending_time = marker
        elif current is None:
            out.header.append(s)
        else:
            if current.parts:
                current.parts.append("\n" if pending_break else inner_sep)
            current.parts.append(s)
            pending_break = False
    empty = 0
    for d in drafts:
        t = d.turn()
        if t is None:
            empty += 1
        else:
            out.turns.append(t)
    if empty:
        out.warnings.append(f"{empty} speaker label(s) with no text after them were left out")
    return out


def header_fields(header: Sequence[str]) -> dict[str, str]:
    """``Date:``, ``Setting:`` and ``Case:`` lines of the header, lower-cased keys."""
    found: dict[str, str] = {}
    for line in header:
        m = _HEADER_FIELD.fullmatch(line)
        if m and m.group(1).lower() not in found:
            found[m.group(1).lower()] = m.group(2).strip()
    return found


def no_turns_message(parsed: ParsedText) -> str:
    return (
        f"no speaker turns found in {parsed.lines} line(s) of text: fpmcoder looks for "
        "lines that start with the speaker's name and a colon (e.g. 'Parent: We tried "
        "everything.'), or a name alone on a line with the words below it; add speaker "
        "labels like these, or import a table with a speaker and a text column"
    )


def build(
    parsed: ParsedText,
    path: Path,
    options: ReadOptions,
    fmt: str,
    encoding: str | None = None,
    extra_warnings: Sequence[str] = (),
) -> Transcript:
    """One transcript from parsed text; raises when no turn was found."""
    if not parsed.turns:
        raise error(no_turns_message(parsed), path)
    if len(parsed.label_lines) == 1 and parsed.lines - parsed.label_lines[0] > 4:
        first = parsed.label_lines[0] + 1
        raise error(
            f"only one speaker label was found ({parsed.turns[0].speaker!r}), followed by "
            f"{parsed.lines - first} more line(s) of text: this does not look like a "
            "conversation. Start every turn with the speaker's name and a colon "
            "(e.g. 'Parent: ...')",
            path,
            first,
        )
    fields = header_fields(parsed.header)
    return make_transcript(
        title=options.title or path.stem,
        turns=parsed.turns,
        path=path,
        fmt=fmt,
        header=parsed.header,
        warnings=[*extra_warnings, *parsed.warnings],
        encoding=encoding,
        setting=fields.get("setting"),
        date=fields.get("date"),
        case=fields.get("case"),
    )


def read_text(text: str, path: Path, options: ReadOptions, encoding: str) -> list[Transcript]:
    """Plain text or Markdown (already decoded and normalised)."""
    return [build(parse_lines(text.split("\n")), path, options, "text", encoding)]
