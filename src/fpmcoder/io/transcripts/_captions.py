"""WebVTT and SRT captions: one cue is one turn (or several, with several voices).

The speaker comes from a ``<v Name>`` voice tag or a ``Name: text`` prefix; other tags
(``<i>``, ``<c.yellow>``, ``<font>``, ``{\\an8}``) are removed and entities decoded. A cue
with no speaker keeps the speaker ``""`` (never the previous cue's speaker: captions mark
speakers inconsistently, and a guessed speaker would be silently wrong); the transcript's
``metadata["warnings"]`` counts them, and names cues that overlap the cue above or end
before they start (both kept: overlapping speech is real). ``ReadOptions.merge_cues``
joins consecutive cues of one speaker into one turn (from the first cue's start to the
last cue's end).
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

from fpmcoder.core.transcript import Transcript, Turn
from fpmcoder.io.transcripts._common import clean, error, make_transcript
from fpmcoder.io.transcripts._labels import is_label, label_key
from fpmcoder.io.transcripts._options import ReadOptions
from fpmcoder.io.transcripts._times import parse_time

__all__ = ["read_srt", "read_vtt"]

_TIMING = re.compile(r"\s*(\S+)\s*-->\s*(\S+)(?:\s.*)?")
_CUE_TIME = re.compile(r"(?:\d+:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?")
_VOICE = re.compile(r"<v(?:\.[^\s>]*)?(?:\s+([^>]*))?>")
_TAG = re.compile(r"</?[a-zA-Z][^>]*>|<\d[^>]*>|\{\\[^}]*\}")
_PREFIX = re.compile(r"(?:>>\s*|-\s+)?([^:<>]{1,40}?)\s*:\s+(.*)", re.DOTALL)
_INDEX = re.compile(r"\d+")
_EXAMPLE = "such as '00:00:01.000 --> 00:00:04.000'"
_MAX_ODD = 5


@dataclass(frozen=True)
class Cue:
    start: float
    end: float
    lines: tuple[str, ...]
    line: int  # 1-based line of the timing line


def _blocks(lines: Sequence[str]) -> Iterator[tuple[int, list[str]]]:
    """Runs of non-blank lines with the 0-based index of their first line."""
    block: list[str] = []
    first = 0
    for i, line in enumerate(lines):
        if line.strip():
            if not block:
                first = i
            block.append(line.rstrip())
        elif block:
            yield first, block
            block = []
    if block:
        yield first, block


def _timing(line: str, lineno: int, path: Path, kind: str) -> tuple[float, float]:
    m = _TIMING.fullmatch(line)
    if m is None:
        raise error(f"this is not a {kind} cue timing line {_EXAMPLE}", path, lineno)
    times: list[float] = []
    for group in (1, 2):
        value = m.group(group)
        try:
            seconds = parse_time(value) if _CUE_TIME.fullmatch(value) else None
        except ValueError:  # well-shaped but impossible, e.g. 00:01:84.500
            seconds = None
        if seconds is None:
            raise error(
                f"{value!r} is not a time: write cue times as HH:MM:SS.mmm ({_EXAMPLE})",
                path,
                lineno,
                m.start(group) + 1,
            )
        times.append(seconds)
    return times[0], times[1]


def _split_run_on(first: int, block: list[str]) -> Iterator[tuple[int, list[str]]]:
    """Cues written without a blank line between them: split before each timing line."""
    cuts = [0]
    for j in range(2, len(block)):
        if "-->" in block[j]:
            cuts.append(j - 1 if _INDEX.fullmatch(block[j - 1].strip()) else j)
    cuts.append(len(block))
    for a, b in pairwise(cuts):
        if b > a:
            yield first + a, block[a:b]


def _cues(text: str, path: Path, kind: str) -> tuple[list[Cue], list[str]]:
    lines = text.split("\n")
    cues: list[Cue] = []
    warnings: list[str] = []
    blocks = (piece for f, b in _blocks(lines) for piece in _split_run_on(f, b))
    for first, block in blocks:
        if kind == "WebVTT" and (
            (first == 0 and block[0].startswith("WEBVTT"))
            or (block[0].startswith(("NOTE", "STYLE", "REGION")) and "-->" not in block[0])
        ):
            continue
        at = 0 if "-->" in block[0] else 1 if len(block) > 1 and "-->" in block[1] else -1
        if at < 0:
            if kind == "SRT" and cues and not _INDEX.fullmatch(block[0].strip()):
                previous = cues[-1]
                cues[-1] = Cue(
                    previous.start, previous.end, (*previous.lines, *block), previous.line
                )
                warnings.append(
                    f"line {first + 1}: text after a blank line joined to the cue above"
                )
                continue
            lineno = first + (2 if len(block) > 1 else 1)
            raise error(
                f"expected a cue timing line {_EXAMPLE}; found {block[min(1, len(block) - 1)]!r}",
                path,
                lineno,
            )
        start, end = _timing(block[at], first + at + 1, path, kind)
        cues.append(Cue(start, end, tuple(block[at + 1 :]), first + at + 1))
    if not cues:
        raise error(f"no caption cues found: this {kind} file holds no timed text", path)
    return cues, warnings


def _clean(text: str) -> str:
    text = _TAG.sub("", text)
    return " ".join(html.unescape(text).split())


def _voices(payload: str) -> list[tuple[str | None, str]]:
    """``(speaker or None, text)`` pieces of one cue's payload."""
    matches = list(_VOICE.finditer(payload))
    if not matches:
        return [(None, payload)]
    pieces: list[tuple[str | None, str]] = []
    if matches[0].start() > 0:
        pieces.append((None, payload[: matches[0].start()]))
    for m, nxt in zip(matches, [*matches[1:], None], strict=True):
        body = payload[m.end() : nxt.start() if nxt else len(payload)]
        pieces.append((_clean(m.group(1) or "") or None, body))
    return pieces


def _turns(cues: Sequence[Cue], merge: bool) -> tuple[list[Turn], int]:
    raw: list[tuple[str | None, str, Cue]] = []
    for cue in cues:
        for speaker, body in _voices("\n".join(cue.lines)):
            raw.append((speaker, _clean(body), cue))
    prefixes: list[tuple[str, str] | None] = []
    for speaker, body, _ in raw:
        m = _PREFIX.fullmatch(body) if speaker is None else None
        prefixes.append((m.group(1).strip(), m.group(2)) if m else None)
    counts = Counter(label_key(p[0]) for p in prefixes if p)
    turns: list[Turn] = []
    unnamed = 0
    for (speaker, body, cue), prefix in zip(raw, prefixes, strict=True):
        if prefix and is_label(prefix[0], counts[label_key(prefix[0])]):
            speaker, body = prefix
        text = clean(body)
        if not text:
            continue
        who = speaker or ""
        unnamed += not who
        last = turns[-1] if turns else None
        if merge and last is not None and last.speaker == who:
            turns[-1] = Turn(who, f"{last.text} {text}", last.start, cue.end)
        else:
            turns.append(Turn(who, text, cue.start, cue.end))
    return turns, unnamed


def _clock(seconds: float) -> str:
    ms = round(seconds * 1000)
    return f"{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d}.{ms % 1000:03d}"


def odd_cues(cues: Sequence[Cue]) -> list[str]:
    """Warnings for cues that end before they start or overlap the cue above.

    Both are kept as they are: people do talk over each other, and a caption editor may
    show it so; but a researcher should know, since durations and time-weighted figures
    count the overlap twice. At most :data:`_MAX_ODD` cues are named.
    """
    odd: list[str] = []
    latest: Cue | None = None  # the cue that ends last among those above
    for cue in cues:
        if cue.end < cue.start:
            odd.append(
                f"line {cue.line}: the cue {_clock(cue.start)} --> {_clock(cue.end)} ends "
                "before it starts; it is kept with these times (correct them in the file)"
            )
        elif latest is not None and cue.start < latest.end:
            odd.append(
                f"line {cue.line}: the cue starting at {_clock(cue.start)} overlaps the cue "
                f"of line {latest.line} (until {_clock(latest.end)}); both are kept "
                "(overlapping speech)"
            )
        if latest is None or cue.end >= latest.end:
            latest = cue
    if len(odd) > _MAX_ODD:
        odd[_MAX_ODD:] = [f"... and {len(odd) - _MAX_ODD} more odd cue(s)"]
    return odd


def _read(text: str, path: Path, options: ReadOptions, encoding: str, kind: str) -> Transcript:
    cues, warnings = _cues(text, path, kind)
    warnings.extend(odd_cues(cues))
    turns, unnamed = _turns(cues, options.merge_cues)
    if not turns:
        raise error(f"the {kind} cues hold no text", path)
    if unnamed:
        warnings.append(
            f"{unnamed} cue(s) have no speaker (no <v Name> tag or 'Name:' prefix); "
            "they are kept with an empty speaker name"
        )
    return make_transcript(
        title=options.title or path.stem,
        turns=turns,
        path=path,
        fmt="vtt" if kind == "WebVTT" else "srt",
        warnings=warnings,
        encoding=encoding,
        metadata={"cues": str(len(cues))},
    )


def read_vtt(text: str, path: Path, options: ReadOptions, encoding: str) -> list[Transcript]:
    if not text.startswith("WEBVTT"):
        raise error(
            "a WebVTT file must start with the line 'WEBVTT'; if this is an SRT file, "
            "give it the extension .srt",
            path,
            1,
        )
    return [_read(text, path, options, encoding, "WebVTT")]


def read_srt(text: str, path: Path, options: ReadOptions, encoding: str) -> list[Transcript]:
    return [_read(text, path, options, encoding, "SRT")]
