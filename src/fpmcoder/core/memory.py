"""An in-memory :class:`~fpmcoder.core.commands.EditTarget`: one transcript's segments and codings.

Used by the tests of the commands (no SQL, no Qt) and by anything that wants to
replay edits on a copy.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace

from fpmcoder.core.codebook import Codebook
from fpmcoder.core.segmentation import Coding, Segment
from fpmcoder.errors import EditError, NotFoundError

__all__ = ["MemoryTarget"]


@dataclass
class MemoryTarget:
    codebook: Codebook
    text: str
    segments: list[Segment] = field(default_factory=list)
    codings: dict[int, dict[str, Coding]] = field(default_factory=dict)
    _next_id: int = 1
    stamps: dict[int, float] = field(default_factory=dict)

    @classmethod
    def from_spans(
        cls, codebook: Codebook, text: str, spans: Sequence[tuple[int, int]]
    ) -> MemoryTarget:
        segs = [Segment(i + 1, a, b) for i, (a, b) in enumerate(spans)]
        return cls(codebook, text, segs, {}, len(segs) + 1)

    def _index(self, segment_id: int) -> int:
        for i, s in enumerate(self.segments):
            if s.id == segment_id:
                return i
        raise NotFoundError(f"no segment with id {segment_id}")

    def segment(self, segment_id: int) -> Segment:
        return self.segments[self._index(segment_id)]

    def next_segment(self, segment_id: int) -> Segment | None:
        i = self._index(segment_id)
        return self.segments[i + 1] if i + 1 < len(self.segments) else None

    def codings_of(self, segment_id: int) -> dict[str, Coding]:
        return dict(self.codings.get(segment_id, {}))

    def write_coding(self, segment_id: int, coder: str, coding: Coding | None) -> None:
        self._index(segment_id)
        per = self.codings.setdefault(segment_id, {})
        if coding is None or coding.is_empty:
            per.pop(coder, None)
        else:
            per[coder] = coding

    def cut_span(self, segment_id: int, offset: int, new_id: int | None) -> Segment:
        i = self._index(segment_id)
        seg = self.segments[i]
        if not seg.can_split_at(offset):
            raise EditError(f"offset {offset} is not inside segment {seg.id}")
        if new_id is None:
            new_id = self._next_id
        self._next_id = max(self._next_id, new_id + 1)
        new = Segment(new_id, offset, seg.end)
        self.segments[i] = replace(seg, end=offset)
        self.segments.insert(i + 1, new)
        return new

    def join_span(self, segment_id: int) -> Segment:
        i = self._index(segment_id)
        if i + 1 >= len(self.segments):
            raise EditError("the last segment has no next segment to merge with")
        nxt = self.segments.pop(i + 1)
        self.codings.pop(nxt.id, None)
        self.stamps.pop(nxt.id, None)
        self.segments[i] = replace(self.segments[i], end=nxt.end)
        return self.segments[i]

    def stamp_of(self, segment_id: int) -> float | None:
        self._index(segment_id)
        return self.stamps.get(segment_id)

    def write_stamp(self, segment_id: int, seconds: float | None) -> None:
        self._index(segment_id)
        if seconds is None:
            self.stamps.pop(segment_id, None)
        else:
            self.stamps[segment_id] = seconds

    @contextmanager
    def transaction(self) -> Iterator[None]:
        saved = (list(self.segments), copy.deepcopy(self.codings), self._next_id, dict(self.stamps))
        try:
            yield
        except BaseException:
            self.segments, self.codings, self._next_id, self.stamps = saved
            raise

    def snapshot(self) -> tuple[list[tuple[int, int]], dict[int, dict[str, Coding]]]:
        """Spans and non-empty codings, for comparing states in tests."""
        return (
            [(s.start, s.end) for s in self.segments],
            {k: dict(v) for k, v in self.codings.items() if v},
        )
