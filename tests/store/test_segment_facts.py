"""The linear walk that gives each segment its speaker and times agrees with the
per-offset definitions in core.Transcript (turn_at, time_at) for any segmentation."""

from __future__ import annotations

from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from fpmcoder.core import Segment, Transcript, Turn
from fpmcoder.store._rows import segment_facts


@st.composite
def cases(draw: st.DrawFn) -> tuple[Transcript, list[Segment]]:
    n = draw(st.integers(1, 8))
    turns = []
    t = 0.0
    for i in range(n):
        text = draw(st.text(alphabet="ab é", min_size=1, max_size=12))
        timed = draw(st.booleans())
        turns.append(Turn(f"S{i % 3}", text, t if timed else None, t + 3 if timed else None))
        t += 4
    tr = Transcript("x", tuple(turns))
    length = len(tr.text)
    cuts = sorted(draw(st.sets(st.integers(1, max(1, length - 1)), max_size=10)) - {length})
    bounds = [0, *[c for c in cuts if 0 < c < length], length]
    segs = [Segment(i, a, b) for i, (a, b) in enumerate(pairwise(bounds))]
    return tr, segs


@settings(max_examples=200, deadline=None)
@given(cases())
def test_facts_match_the_definitions(case: tuple[Transcript, list[Segment]]) -> None:
    tr, segs = case
    facts = segment_facts(tr, segs)
    for seg, (speaker, t0, t1, text) in zip(segs, facts, strict=True):
        assert text == tr.text[seg.start : seg.end]
        assert speaker == tr.turns[tr.turn_at(seg.start)].speaker
        assert t0 == tr.time_at(seg.start)
        last = tr.turn_at(seg.end - 1)
        turn_end = tr.turn_starts[last] + len(tr.turns[last].text)
        expected_end = tr.turns[last].end if seg.end >= turn_end else tr.time_at(seg.end)
        assert t1 == expected_end
