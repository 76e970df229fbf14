"""Praat TextGrid (long and short text formats): interval tiers to turns.

Every non-empty interval of the chosen interval tiers (``ReadOptions.tiers``; default:
all of them) is one turn, with the tier's name as the speaker and the interval's times;
turns are put in start order, so overlapping speech on two tiers is kept. Point tiers
mark instants, not turns, and are ignored. A recording with the TextGrid's name beside it
(``visit.wav`` for ``visit.TextGrid``, as Praat users keep them) is ``metadata["media"]``.

Our own reader rather than praatio's: Praat's text format is a flat list of numbers and
quoted strings with optional labels (``xmin = 0``, ``item [1]:``), so one tokenizer reads
both the long and the short format, and every problem can name its line and column.
UTF-16 files (what Praat writes when a label is not ASCII) are decoded by the caller.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from dataclasses import dataclass
from pathlib import Path

from fpmcoder.core.transcript import Transcript, Turn
from fpmcoder.io.transcripts._common import clean, error, make_transcript
from fpmcoder.io.transcripts._options import ReadOptions
from fpmcoder.io.transcripts._tiers import choose_tiers, in_start_order, media_named

__all__ = ["read_textgrid"]

_TOKEN = re.compile(
    r'"(?P<str>(?:[^"]|"")*)"'
    r"|(?P<num>[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?)(?![\w.])"
    r"|(?P<flag><exists>|<absent>)"
    r"|(?P<skip>(?:\[[^\]\n]*\]|![^\n]*|[A-Za-z_][\w?]*|[=:\s])+)"
)
_FIX = "save it again from Praat (Save as text file) and import that file"


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str  # "str", "num" or "flag"
    value: str
    offset: int


class _Tokens:
    def __init__(self, text: str, path: Path) -> None:
        self.text = text
        self.path = path
        self.items: list[_Token] = []
        self.pos = 0
        self._lines = [m.start() for m in re.finditer("\n", text)]
        at = 0
        while at < len(text):
            m = _TOKEN.match(text, at)
            if m is None:
                raise self.error(
                    f"unexpected {text[at]!r}: a TextGrid holds numbers, quoted texts and "
                    f"labels such as 'xmin ='; {_FIX}",
                    at,
                )
            kind = m.lastgroup or "skip"
            if kind != "skip":
                value = m.group(kind)
                self.items.append(_Token(kind, value.replace('""', '"'), m.start()))
            at = m.end()

    def error(self, message: str, offset: int | None) -> Exception:
        if offset is None:
            return error(message, self.path)
        line = bisect_right(self._lines, offset - 1) + 1
        start = self._lines[line - 2] + 1 if line > 1 else 0
        return error(message, self.path, line, offset - start + 1)

    def take(self, kind: str, what: str) -> _Token:
        if self.pos >= len(self.items):
            raise self.error(
                f"the file ends where {what} was expected: it was cut short; {_FIX}", None
            )
        token = self.items[self.pos]
        if token.kind != kind:
            found = f'"{token.value}"' if token.kind == "str" else token.value
            raise self.error(f"expected {what}, found {found}; {_FIX}", token.offset)
        self.pos += 1
        return token

    def number(self, what: str) -> float:
        token = self.take("num", what)
        value = float(token.value)
        if not math.isfinite(value):
            raise self.error(f"expected {what}, found {token.value} (too large)", token.offset)
        return value

    def count(self, what: str) -> int:
        token = self.take("num", what)
        value = float(token.value)
        if not math.isfinite(value) or value < 0 or value != int(value):
            raise self.error(f"expected {what} (a whole number), found {token.value}", token.offset)
        return int(value)


@dataclass(frozen=True)
class _Tier:
    name: str
    intervals: bool
    items: list[tuple[float, float, str]]


def _tiers(tokens: _Tokens) -> list[_Tier]:
    kind = tokens.take("str", "the file type 'ooTextFile'")
    if not kind.value.startswith("ooTextFile"):  # old Praat wrote "ooTextFile short"
        advice = (
            "this is a binary TextGrid: open it in Praat and save it as a text file"
            if "Binary" in kind.value
            else f"this is not a Praat text file ('{kind.value}'); {_FIX}"
        )
        raise tokens.error(advice, kind.offset)
    cls = tokens.take("str", "the object class 'TextGrid'")
    if not cls.value.startswith("TextGrid"):
        raise tokens.error(
            f"this Praat file holds a {cls.value!r}, not a TextGrid; save the TextGrid itself",
            cls.offset,
        )
    tokens.number("the start time (xmin)")
    tokens.number("the end time (xmax)")
    flag = tokens.take("flag", "<exists> (the TextGrid's tiers)")
    if flag.value == "<absent>":
        return []
    n = tokens.count("the number of tiers")
    tiers = []
    for index in range(1, n + 1):
        tier_class = tokens.take("str", f'the class of tier {index} ("IntervalTier" or "TextTier")')
        name = tokens.take("str", f"the name of tier {index}").value
        tokens.number(f"the start time of tier {name!r}")
        tokens.number(f"the end time of tier {name!r}")
        if tier_class.value not in ("IntervalTier", "TextTier"):
            raise tokens.error(
                f"tier {index} has the class {tier_class.value!r}; a TextGrid tier is an "
                f"'IntervalTier' or a 'TextTier'",
                tier_class.offset,
            )
        intervals = tier_class.value == "IntervalTier"
        size = tokens.count(f"the number of {'intervals' if intervals else 'points'} of {name!r}")
        items = []
        for k in range(1, size + 1):
            where = f"{'interval' if intervals else 'point'} {k} of tier {name!r}"
            start = tokens.number(f"the start time of {where}")
            end = tokens.number(f"the end time of {where}") if intervals else start
            items.append((start, end, tokens.take("str", f"the text of {where}").value))
        tiers.append(_Tier(name, intervals, items))
    return tiers


def read_textgrid(text: str, path: Path, options: ReadOptions, encoding: str) -> list[Transcript]:
    tiers = _tiers(_Tokens(text, path))
    interval_tiers = [t.name for t in tiers if t.intervals]
    if options.tiers:
        points = [t.name for t in tiers if not t.intervals and t.name in options.tiers]
        if points:
            raise error(
                f"{points[0]!r} is a point tier (it marks instants, not turns); choose "
                f"interval tiers: {', '.join(repr(n) for n in interval_tiers) or 'none'}",
                path,
            )
    if not interval_tiers:
        raise error(
            "this TextGrid has no interval tiers (point tiers mark instants, not turns): "
            "there is no turn to import",
            path,
        )
    chosen = choose_tiers(interval_tiers, options.tiers, interval_tiers, path)
    turns: list[tuple[int, Turn]] = []
    for tier in tiers:
        if not tier.intervals or tier.name not in chosen:
            continue
        for start, end, label in tier.items:
            words = clean(label)
            if words:
                turns.append((len(turns), Turn(tier.name, words, start, end)))
    if not turns:
        listed = ", ".join(repr(n) for n in chosen)
        raise error(f"every interval of the tier(s) {listed} is empty: no turn to import", path)
    metadata = {"tiers": ", ".join(chosen)}
    recordings = media_named(path, path.stem)  # Praat keeps visit.wav beside visit.TextGrid
    if recordings:
        metadata["media"] = str((path.parent / recordings[0]).resolve())
    return [
        make_transcript(
            title=options.title or path.stem,
            turns=in_start_order(turns),
            path=path,
            fmt="textgrid",
            encoding=encoding,
            metadata=metadata,
        )
    ]
