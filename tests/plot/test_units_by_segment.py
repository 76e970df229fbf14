"""``Units.by_segment`` and the dominant segments, checked against a plain loop."""

from __future__ import annotations

import pytest

from fpmcoder.core.sequence import CodedSequence
from fpmcoder.plot.options import Weight
from fpmcoder.plot.weighting import Units, units_for


def _reference(units: Units, n: int) -> list[list[int]]:
    out: list[list[int]] = [[] for _ in range(n)]
    for u, parts in enumerate(units.parts):
        for seg, _ in parts:
            out[seg].append(u)
    return out


@pytest.mark.parametrize("weight", ["segments", "time:4", "time:25", "words:10", "words:40"])
def test_by_segment_and_dominant_match_a_plain_loop(sequence: CodedSequence, weight: str) -> None:
    units = units_for(sequence, Weight.parse(weight))
    n = len(sequence.segments)
    assert units.by_segment(n) == _reference(units, n)
    for u, parts in enumerate(units.parts):
        best = max(w for _, w in parts)
        assert units.dominant[u] == next(seg for seg, w in parts if w == best)
    seen: set[int] = set()
    for u, d in enumerate(units.dominant):
        assert units.first[u] == (d not in seen)
        seen.add(d)


def test_by_segment_with_shared_and_unordered_units() -> None:
    parts = (((0, 1.0), (1, 2.0)), ((1, 1.0),), ((0, 3.0), (2, 3.0)), ((2, 1.0),))
    units = Units(parts, (True, False, True, False), (1, 1, 0, 2))
    assert units.by_segment(4) == [[0, 2], [0, 1], [2, 3], []]
