"""Playhead time to segment (no Qt): gaps, overlaps, untimed segments, missing ends."""

from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

from fpmcoder.core.playhead import Timeline
from fpmcoder.core.sequence import CodedSequence, SegmentInfo


def test_consecutive_segments() -> None:
    tl = Timeline([(0.0, 2.0), (2.0, 5.0), (5.0, 6.0)])
    assert [tl.segment_at(t) for t in (-1, 0, 1.999, 2, 4.5, 5, 5.99, 6, 100)] == [
        None,
        0,
        0,
        1,
        1,
        2,
        2,
        None,
        None,
    ]
    assert tl.current(100) == 2  # after the last segment, it stays current
    assert tl.current(-0.5) is None
    assert (len(tl), tl.timed) == (3, 3)


def test_gaps_keep_the_last_segment_current() -> None:
    tl = Timeline([(1.0, 2.0), (4.0, 5.0)])
    assert tl.segment_at(3.0) is None
    assert tl.current(3.0) == 0
    assert tl.current(4.0) == 1


def test_overlapping_speech() -> None:
    # a long turn, a backchannel inside it, a turn that overlaps the end of the long one
    tl = Timeline([(0.0, 10.0), (2.0, 3.0), (9.0, 12.0)])
    assert tl.segment_at(2.5) == 1  # the one that started last
    assert tl.segment_at(5.0) == 0  # after the backchannel ends, the long turn again
    assert tl.segment_at(9.5) == 2
    assert tl.segment_at(11.0) == 2
    assert tl.current(5.0) == 0


def test_untimed_and_open_ended_segments() -> None:
    tl = Timeline([(0.0, None), (None, None), (3.0, 2.0), (5.0, 6.0), (float("nan"), 1.0)])
    assert tl.timed == 3
    assert tl.segment_at(2.9) == 0  # no end: until the next start
    assert tl.segment_at(4.0) == 2  # end before start: until the next start
    assert tl.start_of(1) is None and tl.start_of(4) is None
    assert tl.start_of(3) == 5.0
    assert all(tl.segment_at(t) not in (1, 4) for t in (0, 1, 2, 3, 4, 5, 6))
    last_open = Timeline([(0.0, 1.0), (2.0, None)])
    assert last_open.segment_at(1e9) == 1
    assert Timeline([(None, None)]).current(1.0) is None
    assert Timeline([]).segment_at(0.0) is None


def test_segments_out_of_order_and_equal_starts() -> None:
    tl = Timeline([(5.0, 6.0), (0.0, 1.0), (5.0, 5.5)])
    assert tl.segment_at(0.5) == 1
    assert tl.segment_at(5.2) == 2  # equal starts: the later segment
    assert tl.segment_at(5.7) == 0


def test_from_sequence() -> None:
    seq = CodedSequence(
        "t",
        "alex",
        (SegmentInfo(1, "CM", start_time=0.0, end_time=1.0), SegmentInfo(2, None)),
    )
    tl = Timeline.from_sequence(seq)
    assert (tl.segment_at(0.5), tl.start_of(1), len(tl)) == (0, None, 2)


_times = st.one_of(st.none(), st.floats(0, 100, allow_nan=False).map(lambda x: round(x, 1)))


@given(st.lists(st.tuples(_times, _times), max_size=30), st.floats(-5, 110, allow_nan=False))
def test_matches_a_linear_scan(spans: list[tuple[float | None, float | None]], t: float) -> None:
    tl = Timeline(spans)
    starts = sorted(s for s, _ in spans if s is not None)

    def end_of(i: int) -> float:
        s, e = spans[i]
        assert s is not None
        if e is not None and e >= s:
            return e
        later = [x for x in starts if x > s]
        return later[0] if later else math.inf

    timed = [i for i, (s, _) in enumerate(spans) if s is not None]
    holding = [i for i in timed if spans[i][0] <= t < end_of(i)]  # type: ignore[operator]
    hit = tl.segment_at(t)
    if not holding:
        assert hit is None
        started = [i for i in timed if spans[i][0] <= t]  # type: ignore[operator]
        last = max(started, key=lambda i: (spans[i][0], i)) if started else None
        assert tl.current(t) == last
    else:
        assert hit in holding
        assert tl.current(t) == hit
        latest = max((i for i in timed if spans[i][0] <= t), key=lambda i: (spans[i][0], i))  # type: ignore[operator]
        if latest in holding:
            assert hit == latest
