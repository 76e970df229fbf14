"""Zoom "saved closed captions": ``[Speaker] HH:MM:SS`` on one line, the words below.

Zoom writes clock times (time of day). They become seconds from the first caption, so
that they match the other formats; the first clock time is kept in
``metadata["clock_start"]``. A caption block without a header line continues the turn
above it.
"""

from __future__ import annotations

import re
from pathlib import Path

from fpmcoder.core.transcript import Transcript
from fpmcoder.io.transcripts._common import Draft, error, make_transcript
from fpmcoder.io.transcripts._options import ReadOptions

__all__ = ["read_zoom"]

_HEADER = re.compile(r"\[(?P<who>[^\]]{1,80})\]\s+(?P<h>\d{1,2}):(?P<m>\d{2}):(?P<s>\d{2})")
_DAY = 24 * 3600


def read_zoom(text: str, path: Path, options: ReadOptions, encoding: str) -> list[Transcript]:
    drafts: list[Draft] = []
    header: list[str] = []
    origin: float | None = None
    previous = 0.0
    day = 0.0
    clock_start = ""
    for line in text.split("\n"):
        s = line.strip()
        m = _HEADER.fullmatch(s)
        if m:
            clock = int(m["h"]) * 3600 + int(m["m"]) * 60 + int(m["s"])
            if origin is None:
                origin, clock_start = float(clock), s[m.start("h") :]
            elif clock + day < previous - _DAY / 2:  # the meeting ran past midnight
                day += _DAY
            previous = clock + day
            drafts.append(Draft(m["who"].strip(), start=previous - origin))
        elif not s:
            continue
        elif drafts:
            parts = drafts[-1].parts
            parts.extend((" ", s) if parts else (s,))
        else:
            header.append(s)
    if not drafts:
        raise error(
            "no Zoom caption lines found: a Zoom caption file has lines like "
            "'[Speaker] 19:00:25' with the words below; import this file as plain text",
            path,
        )
    turns = [t for t in (d.turn() for d in drafts) if t is not None]
    return [
        make_transcript(
            title=options.title or path.stem,
            turns=turns,
            path=path,
            fmt="zoom",
            header=header,
            encoding=encoding,
            metadata={"clock_start": clock_start},
        )
    ]
