"""Chronogram shares by hand: relative positions, straddling segments, equal weight per transcript."""

from __future__ import annotations

import numpy as np
import pytest
from _seqhelp import codebook, seq

from fpmcoder.analysis.chronogram import chronogram_table

CB = codebook()


def share(df, group, b, activity):
    r = df[(df.group == group) & (df.bin == b) & (df.activity == activity)]
    return float(r["share"].iloc[0])


def test_two_bins_by_hand():
    # L L M: 3 segments over 2 bins; bin 1 = [0, 0.5) holds L (0-1/3) and L (1/3-0.5)
    # bin 2 = [0.5, 1): L from 0.5 to 2/3, then M
    df = chronogram_table([seq("LLM", "t")], CB, bins=2)
    assert share(df, "all", 1, "locating") == pytest.approx(1.0)
    assert share(df, "all", 2, "locating") == pytest.approx((2 / 3 - 0.5) / 0.5)
    assert share(df, "all", 2, "meaning") == pytest.approx((1 - 2 / 3) / 0.5)
    sums = df.groupby(["group", "bin"])["share"].sum()
    assert np.allclose(sums, 1.0)


def test_each_transcript_counts_equally_and_uncoded_is_a_band():
    long = seq("L" * 90, "long", setting="home")
    short = seq("M-", "short", setting="home")
    df = chronogram_table([long, short], CB, bins=2, by="setting")
    assert share(df, "home", 1, "locating") == pytest.approx(0.5)
    assert share(df, "home", 1, "meaning") == pytest.approx(0.5)
    assert share(df, "home", 2, "(uncoded)") == pytest.approx(0.5)
    assert (df.n_sequences == 2).all()
