"""fpmcoder's own notes inside a .qdpx it writes: ``fpmcoder-layout.json``.

REFI-QDA has no place for speaker turns, turn times, segment boundaries that carry no
coding, or fpmcoder's code ids and keys. fpmcoder writes them to one extra archive member
that other programs ignore, so that exporting and importing again gives back exactly the
same transcripts, segments and codebook. The member is only trusted for a source whose
text still has the recorded SHA-256 and for codes whose GUIDs are all still present;
otherwise the file is read like any other program's export.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from fpmcoder.core.codebook import Codebook
from fpmcoder.core.transcript import Transcript, Turn
from fpmcoder.io.refi._textmap import OffsetMap

__all__ = ["LAYOUT_MEMBER", "Layout", "SourceLayout", "dump_layout", "load_layout", "source_entry"]

LAYOUT_MEMBER = "fpmcoder-layout.json"
_FORMAT = "fpmcoder-refi-layout"


@dataclass(frozen=True)
class SourceLayout:
    turns: tuple[Turn, ...]
    map: OffsetMap
    spans: tuple[tuple[int, int], ...]
    header: tuple[str, ...]
    source: str | None
    metadata: dict[str, str]


@dataclass(frozen=True)
class Layout:
    codebook: Codebook | None
    codes: dict[str, str]  # normalised code GUID -> activity or dilemma id
    sources: dict[str, dict[str, Any]]  # normalised source GUID -> raw entry

    def source(self, guid: str, text: str) -> SourceLayout | None:
        """The recorded layout of a source, if it still matches ``text`` exactly."""
        entry = self.sources.get(guid)
        if entry is None or entry.get("sha256") != _digest(text):
            return None
        try:
            return _source_layout(entry, text)
        except (KeyError, TypeError, ValueError, IndexError, OverflowError):
            return None  # (OverflowError: a span of 1e999, which JSON reads as infinity)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def source_entry(
    transcript: Transcript, text: str, om: OffsetMap, spans: tuple[tuple[int, int], ...]
) -> dict[str, Any]:
    starts = [om.start_in_source(s) for s in transcript.turn_starts]
    return {
        "sha256": _digest(text),
        "turns": [
            [t.speaker, s, len(t.text), t.start, t.end]
            for t, s in zip(transcript.turns, starts, strict=True)
        ],
        "spans": [list(span) for span in spans],
        "header": list(transcript.header),
        "source": transcript.source,
        "metadata": dict(transcript.metadata),
    }


def _source_layout(entry: dict[str, Any], text: str) -> SourceLayout:
    turns: list[Turn] = []
    runs: list[tuple[int, int, int]] = []
    length = 0
    raw = entry["turns"]
    for i, (speaker, start, n, t0, t1) in enumerate(raw):
        if not (
            isinstance(start, int) and isinstance(n, int) and 0 <= start <= start + n <= len(text)
        ):
            raise ValueError("turn outside the text")
        last = i == len(raw) - 1
        if not last and text[start + n : start + n + 1] != "\n":
            raise ValueError("turn not followed by a line break")
        if runs and start < runs[-1][1] + runs[-1][2]:
            raise ValueError("turns out of order")
        turns.append(Turn(str(speaker), text[start : start + n], _time(t0), _time(t1)))
        runs.append((length, start, n + (0 if last else 1)))
        length += n + (0 if last else 1)
    spans = tuple((int(a), int(b)) for a, b in entry["spans"])
    pos = 0
    for a, b in spans:
        if a != pos or b <= a:
            raise ValueError("spans are not a partition")
        pos = b
    if pos != length:
        raise ValueError("spans do not cover the text")
    return SourceLayout(
        turns=tuple(turns),
        map=OffsetMap(tuple(r for r in runs if r[2]), length, len(text)),
        spans=spans,
        header=tuple(str(h) for h in entry.get("header", ())),
        source=entry.get("source"),
        metadata={str(k): str(v) for k, v in dict(entry.get("metadata", {})).items()},
    )


def _time(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) else None


def dump_layout(codebook: Codebook, codes: dict[str, str], sources: dict[str, Any]) -> bytes:
    doc = {
        "format": _FORMAT,
        "version": 1,
        "codebook": codebook.model_dump(mode="json"),
        "codes": codes,
        "sources": sources,
    }
    return json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")


def load_layout(data: bytes) -> Layout | None:
    """The layout, or ``None`` when the member is not one fpmcoder can use."""
    try:
        doc = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):  # (JSON nested too deep)
        return None
    if not isinstance(doc, dict) or doc.get("format") != _FORMAT or doc.get("version") != 1:
        return None
    try:
        codebook = Codebook.model_validate(doc.get("codebook"))
    except ValidationError:
        codebook = None
    codes = doc.get("codes")
    sources = doc.get("sources")
    if not isinstance(codes, dict) or not isinstance(sources, dict):
        return None
    return Layout(
        codebook=codebook,
        codes={str(k).lower(): str(v) for k, v in codes.items()},
        sources={str(k).lower(): v for k, v in sources.items() if isinstance(v, dict)},
    )
