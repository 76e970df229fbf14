"""Weighting by time and by words on known inputs."""

from __future__ import annotations

import pytest
from matplotlib.figure import Figure

from fpmcoder.core.sequence import CodedSequence, SegmentInfo
from fpmcoder.errors import InputError
from fpmcoder.plot import GridOptions, Weight, draw_grid
from fpmcoder.plot.weighting import majority, units_for


def _seq(spec: list[tuple[str | None, float | None, float | None, int]]) -> CodedSequence:
    segs = tuple(
        SegmentInfo(i + 1, a, start_time=s, end_time=e, words=w)
        for i, (a, s, e, w) in enumerate(spec)
    )
    return CodedSequence("t", "alex", segs)


def _colours(seq: CodedSequence, weight: str) -> list[str | None]:
    units = units_for(seq, Weight.parse(weight))
    return [majority(p, seq.activities) for p in units.parts]


def test_time_units_take_the_activity_filling_most_of_them():
    # 0-10 A, 10-40 B, 40-45 A: 15 s units are [A10 B5] [B15] [B10 A5]
    seq = _seq([("locating", 0, 10, 0), ("meaning", 10, 40, 0), ("locating", 40, 45, 0)])
    assert _colours(seq, "time:15") == ["locating", "meaning", "meaning"]
    assert _colours(seq, "time:5") == ["locating"] * 2 + ["meaning"] * 6 + ["locating"]


def test_long_activities_become_long_blocks():
    seq = _seq([("locating", 0, 300, 0), ("planning", 300, 310, 0), ("meaning", 310, 400, 0)])
    colours = _colours(seq, "time:15")
    assert colours.count("locating") == 20
    assert len(colours) == 27  # 400 s / 15 s, rounded up
    # unit 20 is 300-315 s: planning 10 s, meaning 5 s, so planning wins
    assert colours[20] == "planning"
    assert colours[21:] == ["meaning"] * 6
    # with 20 s units the planning turn shares 300-320 with 10 s of meaning: a tie, earliest wins
    assert _colours(seq, "time:20")[15] == "planning"


def test_silence_continues_the_segment_before_and_missing_end_uses_next_start():
    seq = _seq([("locating", 0, 10, 0), ("meaning", 40, None, 0), ("planning", 60, 75, 0)])
    assert _colours(seq, "time:15") == ["locating", "locating", "meaning", "meaning", "planning"]


def test_uncoded_time_counts_as_its_own_class():
    seq = _seq([(None, 0, 12, 0), ("meaning", 12, 15, 0)])
    assert _colours(seq, "time:15") == [None]


def test_time_needs_start_times():
    seq = _seq([("locating", 0, 10, 0), ("meaning", None, None, 0), ("planning", None, 9, 0)])
    with pytest.raises(InputError, match=r"start times.*2 segment\(s\).*\(2, 3\)"):
        units_for(seq, Weight.parse("time:15"))


def test_words_give_each_segment_proportional_squares():
    seq = _seq(
        [("locating", None, None, 40), ("meaning", None, None, 3), ("planning", None, None, 26)]
    )
    assert _colours(seq, "words:10") == ["locating"] * 4 + ["meaning"] + ["planning"] * 3
    assert _colours(seq, "words") == _colours(seq, "words:10")
    with pytest.raises(InputError, match="word counts"):
        units_for(_seq([("locating", None, None, 0)]), Weight.parse("words"))


@pytest.mark.parametrize("bad", ["time:0", "time:x", "words:-3", "seconds", "segments:2"])
def test_bad_weights_are_refused(bad):
    with pytest.raises(InputError, match="weight"):
        Weight.parse(bad)


def test_time_weighted_grid_is_drawn_and_titled(codebook):
    seq = _seq([("locating", 0, 300, 0), ("meaning", 300, 330, 0)])
    fig = Figure()
    h = draw_grid(fig, seq, codebook, GridOptions(weight="time:15"))
    assert len(h) == 22
    texts = [t.get_text() for t in fig.texts]
    assert any("1 square = 15 s" in t for t in texts)
