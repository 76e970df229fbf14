"""Times as researchers write them: seconds, decimal commas, ``HH:MM:SS(.mmm)``, ``MM:SS``."""

from __future__ import annotations

import math
import re

__all__ = ["TIME_PATTERN", "parse_time"]

TIME_PATTERN = r"\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?"
"""A clock-style time inside a line (``0:03``, ``00:01:05``, ``01:02:03.250``)."""

_SECONDS = re.compile(r"(\d+(?:[.,]\d*)?|[.,]\d+)\s*s?")
_CLOCK = re.compile(r"(?:(\d+):)?(\d{1,2}):(\d{2})(?:[.,](\d+))?")
_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}[ T](\d{1,2}:\d{2}:\d{2}(?:\.\d+)?)")


def parse_time(value: str) -> float | None:
    """Seconds from the start; ``None`` for an empty cell; ``ValueError`` when malformed.

    ``"12.5"``, ``"12,5"``, ``"65 s"``, ``"1:05"`` (minutes:seconds),
    ``"00:01:05.250"`` and ``"00:01:05,250"`` are read; a date-time keeps its time of day.
    """
    s = value.strip()
    if not s:
        return None
    try:
        seconds = _seconds(s, value)
    except OverflowError:  # hours of 300 digits: an int too large for a float
        raise ValueError(f"{value!r} is not a time") from None
    if seconds is not None and not math.isfinite(seconds):
        raise ValueError(f"{value!r} is not a time")
    return seconds


def _seconds(s: str, value: str) -> float | None:
    m = _SECONDS.fullmatch(s)
    if m:
        return float(m.group(1).replace(",", "."))
    m = _DATETIME.fullmatch(s)
    if m:
        s = m.group(1)
    m = _CLOCK.fullmatch(s)
    if m:
        hours, minutes, seconds, fraction = m.groups()
        h = int(hours) if hours else 0
        mins = int(minutes)
        secs = int(seconds)
        if secs >= 60 or (hours and mins >= 60):
            raise ValueError(f"{value!r} is not a valid time")
        total = h * 3600 + mins * 60 + secs
        if fraction:
            total += int(fraction) / 10 ** len(fraction)
        return float(total)
    raise ValueError(f"{value!r} is not a time")
