"""Which segment is playing: a playhead time to a segment, for following the recording.

A :class:`Timeline` is built once per segmentation (sorting, O(n log n)) and answers each
playhead tick with one or two bisections (O(log n); well under a millisecond for 10,000
segments, see ``benchmarks/bench_playhead.py``)::

    timeline = Timeline.from_sequence(project.sequence(title, coder))
    timeline.current(12.3)     # the segment to show as current at 12.3 s (0-based index)
    timeline.segment_at(12.3)  # the segment whose span holds 12.3 s, or None in a gap
    timeline.start_of(4)       # where to seek when segment 4 is clicked (None: untimed)

Segments are ``[start, end)`` spans in seconds, in any order:

- **untimed** segments (no start) are never current, and ``start_of`` gives ``None``;
- a segment **without an end** (or whose end runs backwards) lasts until the next timed
  segment starts (the last one: for ever);
- in a **gap** between segments, :meth:`Timeline.segment_at` gives ``None`` and
  :meth:`Timeline.current` keeps the segment that started last (what a coder expects
  while the recording is silent); before the first start both give ``None``;
- where segments **overlap** (overlapping speech), the one that started last wins while it
  lasts; after it ends, an earlier segment that is still running is current again.

No Qt here: the player only asks a :class:`Timeline`.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Iterable, Sequence

from fpmcoder.core.sequence import CodedSequence, SegmentInfo

__all__ = ["Timeline"]


class Timeline:
    """Playhead times to segment indices (0-based, in the segmentation's order)."""

    __slots__ = ("_by_segment", "_cover", "_ends", "_index", "_starts")

    def __init__(self, times: Iterable[tuple[float | None, float | None]]) -> None:
        spans = list(times)
        self._by_segment: tuple[float | None, ...] = tuple(
            s if s is not None and math.isfinite(s) else None for s, _ in spans
        )
        order = sorted(
            (s, i) for i, s in enumerate(self._by_segment) if s is not None
        )  # by start, then by position
        starts = [s for s, _ in order]
        ends: list[float] = []
        for k, (start, i) in enumerate(order):
            end = spans[i][1]
            if end is None or not math.isfinite(end) or end < start:
                later = bisect_right(starts, start, lo=k)
                end = starts[later] if later < len(starts) else math.inf
            ends.append(end)
        cover: list[int] = []
        for k, end in enumerate(ends):
            cover.append(k if not cover or end >= ends[cover[-1]] else cover[-1])
        self._starts = starts
        self._ends = ends
        self._index = [i for _, i in order]
        self._cover = cover

    @classmethod
    def from_segments(cls, segments: Sequence[SegmentInfo]) -> Timeline:
        return cls((s.start_time, s.end_time) for s in segments)

    @classmethod
    def from_sequence(cls, sequence: CodedSequence) -> Timeline:
        return cls.from_segments(sequence.segments)

    def __len__(self) -> int:
        """The number of segments, timed or not."""
        return len(self._by_segment)

    @property
    def timed(self) -> int:
        """How many segments have a start time (0: following is not possible)."""
        return len(self._starts)

    def start_of(self, index: int) -> float | None:
        """Where to seek for segment ``index`` (its start), ``None`` when it has no time."""
        return self._by_segment[index]

    def _locate(self, t: float) -> tuple[int, int | None]:
        """(the last timed segment started by ``t``, -1 for none; the segment whose span
        holds ``t``, the one that started last if several do, or None)."""
        k = bisect_right(self._starts, t) - 1
        if k < 0:
            return k, None
        if self._ends[k] > t:
            return k, self._index[k]
        c = self._cover[k]  # of those started by now, the one that ends last
        return k, self._index[c] if self._ends[c] > t else None

    def segment_at(self, t: float) -> int | None:
        """The segment whose span holds ``t``; the one that started last if several do."""
        return self._locate(t)[1]

    def current(self, t: float) -> int | None:
        """The segment to show as current: as :meth:`segment_at`, but a gap keeps the last."""
        k, hit = self._locate(t)
        if hit is not None or k < 0:
            return hit
        return self._index[k]
