"""From segments to squares: one per segment, per unit of time, or per unit of words.

Each square ("unit") lists the segments it covers with their weight. Its colour is the
activity with the largest total weight (not coded counts as a class of its own; ties go to
the earliest segment), so recolouring a segment only needs the units that list it.

- ``segments``: one unit per segment, weight 1.
- ``time:T``: the recording from the first start to the last end is cut into T-second
  units; a unit's weight per segment is the seconds they overlap. A segment without an end
  time ends where the next one starts. A unit no segment covers (a silence) continues the
  segment before it. Every segment needs a start time.
- ``words:N``: each segment gets ``max(1, round(words / N))`` units, so no segment vanishes.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import chain

import numpy as np
from numpy.typing import NDArray

from fpmcoder.core.sequence import CodedSequence, SegmentInfo
from fpmcoder.plot.options import FigureOptionError, Weight

__all__ = ["MAX_SQUARES", "Units", "majority", "units_for"]

MAX_SQUARES = 200_000


@dataclass(frozen=True)
class Units:
    """The squares of one grid: ``parts[u]`` is ``((segment index, weight), ...)``."""

    parts: tuple[tuple[tuple[int, float], ...], ...]
    first: tuple[bool, ...]  # the unit is the first one showing its (dominant) segment
    dominant: tuple[int, ...]  # the segment index a click on the unit goes to
    # every part's unit and segment, flattened in unit order (computed from ``parts``)
    _unit: NDArray[np.intp] = field(init=False, repr=False, compare=False)
    _segment: NDArray[np.intp] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        lengths, segs, _ = _flat(self.parts)
        object.__setattr__(self, "_unit", np.repeat(np.arange(len(self.parts)), lengths))
        object.__setattr__(self, "_segment", segs)

    def __len__(self) -> int:
        return len(self.parts)

    def by_segment(self, n_segments: int) -> list[list[int]]:
        """For each segment index, the units that list it (in order)."""
        segs = self._segment
        if len(segs) == n_segments and (segs == np.arange(n_segments)).all():
            return [[u] for u in range(n_segments)]  # one square per segment
        targets = np.arange(n_segments + 1)
        if len(segs) == len(self.parts) and (np.diff(segs) >= 0).all():
            # one segment per unit, in order (words): each segment's units are a range
            b = np.searchsorted(segs, targets).tolist()
            return [list(range(b[i], b[i + 1])) for i in range(n_segments)]
        order = np.argsort(segs, kind="stable")
        bounds = np.searchsorted(segs[order], targets).tolist()
        ordered: list[int] = self._unit[order].tolist()
        return [ordered[bounds[i] : bounds[i + 1]] for i in range(n_segments)]


def _flat(
    parts: Sequence[tuple[tuple[int, float], ...]],
) -> tuple[NDArray[np.intp], NDArray[np.intp], NDArray[np.float64]]:
    """Each unit's number of parts, and every part's segment and weight, in unit order."""
    lengths = np.fromiter(map(len, parts), dtype=np.intp, count=len(parts))
    pairs = chain.from_iterable(chain.from_iterable(parts))
    flat = np.fromiter(pairs, dtype=np.float64, count=2 * int(lengths.sum())).reshape(-1, 2)
    return lengths, flat[:, 0].astype(np.intp), flat[:, 1]


def majority(parts: Sequence[tuple[int, float]], activities: Sequence[str | None]) -> str | None:
    """The activity with the largest weight among ``parts`` (earliest wins a tie)."""
    if len(parts) == 1:
        return activities[parts[0][0]]
    totals: dict[str | None, float] = {}
    for seg, w in parts:
        act = activities[seg]
        totals[act] = totals.get(act, 0.0) + w
    best = max(totals.values())
    for seg, _ in parts:
        if totals[activities[seg]] == best:
            return activities[seg]
    return activities[parts[0][0]]  # pragma: no cover


def _finish(parts: list[tuple[tuple[int, float], ...]]) -> Units:
    if len(parts) > MAX_SQUARES:
        raise FigureOptionError(
            f"this weighting gives {len(parts):,} squares (at most {MAX_SQUARES:,}): "
            "choose a larger unit",
            field="weight",
        )
    lengths, segs, weights = _flat(parts)
    if len(segs) == len(parts):  # one segment per unit: it dominates
        dominant = segs
    else:  # the first part of each unit with the unit's largest weight
        starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
        unit = np.repeat(np.arange(len(parts)), lengths)
        best = np.maximum.reduceat(weights, starts)
        top = np.flatnonzero(weights == best[unit])
        _, first_top = np.unique(unit[top], return_index=True)
        dominant = segs[top[first_top]]
    first = np.zeros(len(parts), dtype=bool)
    first[np.unique(dominant, return_index=True)[1]] = True
    return Units(tuple(parts), tuple(first.tolist()), tuple(dominant.tolist()))


def _times(sequence: CodedSequence) -> list[tuple[float, float]]:
    segs = sequence.segments
    missing = [s.number for s in segs if s.start_time is None]
    if missing:
        shown = ", ".join(str(n) for n in missing[:8]) + (", ..." if len(missing) > 8 else "")
        raise FigureOptionError(
            f"weighting by time needs start times, and {len(missing)} segment(s) of "
            f"{sequence.transcript!r} have none ({shown}): "
            "weight the squares by segments or words instead",
            field="weight",
        )
    out = []
    for i, s in enumerate(segs):
        start = float(s.start_time)  # type: ignore[arg-type]
        end = s.end_time
        if end is None:
            nxt = segs[i + 1].start_time if i + 1 < len(segs) else None
            end = nxt if nxt is not None else start
        out.append((start, max(start, float(end))))
    return out


def _time_units(sequence: CodedSequence, unit: float) -> Units:
    spans = _times(sequence)
    t0 = min(a for a, _ in spans)
    t1 = max(b for _, b in spans)
    n = max(1, math.ceil((t1 - t0) / unit - 1e-9))
    if n > MAX_SQUARES:
        _finish([((0, 0.0),)] * n)
    bins: list[dict[int, float]] = [{} for _ in range(n)]
    for seg, (a, b) in enumerate(spans):
        if b <= a:
            continue
        k0 = min(n - 1, int((a - t0) // unit))
        k1 = min(n - 1, max(k0, math.ceil((b - t0) / unit) - 1))
        for k in range(k0, k1 + 1):
            lo, hi = t0 + k * unit, t0 + (k + 1) * unit
            overlap = min(b, hi) - max(a, lo)
            if overlap > 0:
                bins[k][seg] = bins[k].get(seg, 0.0) + overlap
    parts: list[tuple[tuple[int, float], ...]] = []
    previous = 0
    for overlaps in bins:
        if overlaps:
            parts.append(tuple(sorted(overlaps.items())))
            previous = max(overlaps, key=lambda s: (overlaps[s], -s))
        else:
            parts.append(((previous, 0.0),))
    return _finish(parts)


def _word_units(segments: Sequence[SegmentInfo], unit: float) -> Units:
    parts: list[tuple[tuple[int, float], ...]] = []
    for i, s in enumerate(segments):
        parts.extend([((i, 1.0),)] * max(1, round(max(s.words, 0) / unit)))
    return _finish(parts)


def units_for(sequence: CodedSequence, weight: Weight) -> Units:
    """The squares of ``sequence`` under ``weight`` (see the module docstring)."""
    if not sequence.segments:
        raise FigureOptionError(f"{sequence.transcript!r} has no segments to draw")
    if weight.kind == "time":
        return _time_units(sequence, weight.unit)
    if weight.kind == "words":
        if not any(s.words for s in sequence.segments):
            raise FigureOptionError(
                f"weighting by words needs word counts, and {sequence.transcript!r} has none: "
                "weight the squares by segments instead",
                field="weight",
            )
        return _word_units(sequence.segments, weight.unit)
    return _finish([((i, 1.0),) for i in range(len(sequence.segments))])
