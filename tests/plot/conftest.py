"""Fixtures for the figure tests (helpers are in figtools.py)."""

from __future__ import annotations

import pytest
from figtools import ACTIVITIES

from fpmcoder.core.sequence import CodedSequence, SegmentInfo


@pytest.fixture
def sequence() -> CodedSequence:
    segs = tuple(
        SegmentInfo(
            i + 1,
            a,
            frozenset({"focus"}) if i % 7 == 3 else frozenset(),
            speaker="Nurse" if i % 2 else "Mother",
            start_time=10.0 * i,
            end_time=10.0 * i + 10.0,
            words=12 + (i % 3) * 10,
        )
        for i, a in enumerate(ACTIVITIES)
    )
    return CodedSequence("Home visit", "alex", segs, setting="home visit")
