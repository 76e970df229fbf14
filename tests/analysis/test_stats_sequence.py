"""Sequence statistics, checked against hand-worked examples."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from _seqhelp import codebook, seq
from hypothesis import given, settings
from hypothesis import strategies as st

from fpmcoder.analysis import activity_stats, count_distinct_subsequences, sequence_stats
from fpmcoder.analysis._encode import encode
from fpmcoder.analysis.turbulence import entropy, max_turbulence, turbulence
from fpmcoder.core.sequence import CodedSequence, SegmentInfo
from fpmcoder.errors import InputError

CB = codebook()


def row(df, group):
    return df.loc[df["group"] == group].iloc[0]


def test_counts_runs_and_transitions_by_hand():
    # L L - L M M P : runs LL | L | MM | P (the uncoded segment ends the first run)
    # activity changes between adjacent coded segments: L->M, M->P (the step into and
    # out of "-" is not an activity transition)
    df = sequence_stats([seq("LL-LMMP", "t1")], CB, pooled=False)
    r = row(df, "t1")
    assert (r.n_segments, r.n_coded, r.n_uncoded) == (7, 6, 1)
    assert r.share_locating == pytest.approx(3 / 7)
    assert r.share_uncoded == pytest.approx(1 / 7)
    assert r.share_live_action == 0
    assert r.n_runs == 4
    assert r.n_transitions == 2
    assert r.transitions_per_10 == pytest.approx(10 * 2 / 6)
    assert r.mean_run_length == pytest.approx(6 / 4)
    assert (r.longest_run, r.longest_run_activity) == (2, "locating")
    assert (r.longest_run_first, r.longest_run_last) == (1, 2)


def test_longest_run_position_and_ties():
    df = sequence_stats([seq("LMMMAAAP", "t")], CB, pooled=False)
    r = row(df, "t")
    # two runs of 3: the first (meaning, segments 2-4) is reported
    assert (r.longest_run, r.longest_run_activity) == (3, "meaning")
    assert (r.longest_run_first, r.longest_run_last) == (2, 4)


def test_shares_sum_to_one_with_uncoded_column():
    df = sequence_stats([seq("LM--APPL", "t")], CB, pooled=False)
    shares = df.filter(like="share_").drop(columns=df.filter(like="time_share").columns)
    assert shares.sum(axis=1).iloc[0] == pytest.approx(1.0)
    assert df.iloc[0].share_uncoded == pytest.approx(2 / 8)


def test_time_shares_from_timestamps_and_missing_times():
    segs = (
        SegmentInfo(1, "locating", start_time=0.0, end_time=10.0),
        SegmentInfo(2, "meaning", start_time=10.0, end_time=40.0),
        SegmentInfo(3, None, start_time=40.0, end_time=50.0),
    )
    no_time = seq("LM", "u")
    df = sequence_stats([CodedSequence("t", None, segs), no_time], CB)
    r = row(df, "t")
    assert r.time_share_locating == pytest.approx(0.2)
    assert r.time_share_meaning == pytest.approx(0.6)
    assert r.time_share_uncoded == pytest.approx(0.2)
    assert math.isnan(row(df, "u").time_share_locating)
    # pooled: one sequence lacks times, so the pooled time share is not made up
    assert math.isnan(row(df, "all").time_share_locating)


def test_pooled_rows_sum_counts_not_average_shares():
    a, b = seq("LLLLLLLLLM", "a", setting="x"), seq("MM", "b", setting="x")
    df = sequence_stats([a, b], CB, by="setting")
    r = row(df, "x")
    assert r.n_segments == 12
    assert r.share_locating == pytest.approx(9 / 12)  # not (0.9 + 0) / 2
    assert r.mean_run_length == pytest.approx(12 / 3)  # runs: L*9, M, MM
    assert r.n_transitions == 1
    # entropy and turbulence of a group are the mean of its sequences' values
    each = sequence_stats([a, b], CB, pooled=False)
    assert r.entropy == pytest.approx(each.entropy.mean())
    assert r.turbulence == pytest.approx(each.turbulence.mean())
    assert list(df.grouping) == ["setting", "all"]


def test_group_by_case_and_missing_case():
    df = sequence_stats(
        [seq("LM", "a", case="c1"), seq("M", "b"), seq("P", "c", case="c1")], CB, by="case"
    )
    assert list(df.group) == ["c1", "(none)", "all"]
    assert list(df.n_sequences) == [2, 1, 3]


def test_unknown_activity_is_an_input_error():
    bad = CodedSequence.from_activities("t", ["locating", "dancing"])
    with pytest.raises(InputError, match="dancing"):
        sequence_stats([bad], CB)


def test_entropy_equal_shares_is_one_and_single_activity_is_zero():
    # TraMineR seqient(norm=TRUE): -sum p log p / log |alphabet|; the alphabet is the
    # codebook's four activities, so equal shares of all four give exactly 1
    enc = encode([seq("LMAP"), seq("LLLL"), seq("LM"), seq("----")], CB)
    h = entropy(enc)
    assert h[0] == pytest.approx(1.0)
    assert h[1] == 0.0
    assert h[2] == pytest.approx(math.log(2) / math.log(4))  # two of four activities: 0.5
    assert math.isnan(h[3])


def test_entropy_ignores_uncoded_segments():
    enc = encode([seq("L-M-"), seq("LM")], CB)
    h = entropy(enc)
    assert h[0] == pytest.approx(h[1])


def brute_distinct_subsequences(xs):
    return len({sub for r in range(len(xs) + 1) for sub in itertools.combinations(xs, r)})


@settings(deadline=None)
@given(st.lists(st.integers(0, 3), max_size=10))
def test_distinct_subsequences_dp_matches_enumeration(xs):
    assert count_distinct_subsequences(xs, 4) == brute_distinct_subsequences(xs)


def test_turbulence_by_hand():
    # L L L M M P: DSS = L M P, phi = 2^3 = 8 (all subsets of 3 distinct symbols, the
    # empty one included); durations 3, 2, 1: mean 2, variance (1 + 0 + 1) / 3 = 2/3;
    # s2max = (d - 1)(1 - tbar)^2 = 2 * 1 = 2; T = log2(8 * (2 + 1) / (2/3 + 1)) = log2(14.4)
    t, _ = turbulence(encode([seq("LLLMMP")], CB))
    assert t[0] == pytest.approx(math.log2(14.4))
    # a single spell: phi = 2 ({}, L), s2 = s2max = 0 -> T = 1, the minimum
    t, _ = turbulence(encode([seq("LLLL")], CB))
    assert t[0] == pytest.approx(1.0)
    # L M L M: four spells of 1 (s2 = s2max = 0), so T = log2(phi) with phi counted by
    # enumerating every distinct subsequence
    t, _ = turbulence(encode([seq("LMLM")], CB))
    assert t[0] == pytest.approx(math.log2(brute_distinct_subsequences("LMLM")))


def test_turbulence_leaves_uncoded_out_like_traminer():
    # TraMineR's default with.missing=FALSE reads L L - M as L L M
    t1, _ = turbulence(encode([seq("LL-M")], CB))
    t2, _ = turbulence(encode([seq("LLM")], CB))
    assert t1[0] == pytest.approx(t2[0])


def test_normalised_turbulence():
    # TraMineR seqST(norm=TRUE): (T - 1) / (Tmax - 1), Tmax the turbulence of the alphabet
    # repeated up to the longest sequence (here 6: L M A P L M)
    seqs = [seq("LMAPLM"), seq("LLLLLL"), seq("LLLMMP")]
    t, norm = turbulence(encode(seqs, CB))
    t_max = max_turbulence(6, 4)
    assert t_max == pytest.approx(math.log2(brute_distinct_subsequences("LMAPLM")))
    assert norm[0] == pytest.approx(1.0)
    assert norm[1] == pytest.approx(0.0)
    assert norm[2] == pytest.approx((t[2] - 1) / (t_max - 1))
    # a fixed maximum length makes the value independent of the other sequences
    _, alone = turbulence(encode([seq("LLLMMP")], CB), max_length=6)
    assert alone[0] == pytest.approx(norm[2])


@settings(deadline=None)
@given(st.lists(st.sampled_from("LMAP-"), min_size=1, max_size=30))
def test_statistics_invariants(letters):
    s = "".join(letters)
    r = sequence_stats([seq(s)], CB, pooled=False).iloc[0]
    coded = len(s) - s.count("-")
    assert r.n_coded == coded
    if coded:
        assert 0.0 <= r.entropy <= 1.0 + 1e-12
        assert r.turbulence >= 1.0 - 1e-12
        assert r.n_runs * r.mean_run_length == pytest.approx(coded)
        assert r.longest_run <= coded
        assert r.n_transitions <= r.n_runs - 1
    else:
        assert np.isnan(r.entropy) and r.n_runs == 0


def test_activity_stats_tidy_rows():
    df = activity_stats([seq("LL-LMMP", "t")], CB, pooled=False)
    assert list(df.activity) == ["locating", "meaning", "live_action", "planning", "(uncoded)"]
    loc = df.set_index("activity").loc["locating"]
    assert (loc.n_segments, loc.n_runs, loc.longest_run) == (3, 2, 2)
    assert loc.mean_run_length == pytest.approx(1.5)
    unc = df.set_index("activity").loc["(uncoded)"]
    assert unc.n_segments == 1 and unc.share == pytest.approx(1 / 7)
    assert df.share.sum() == pytest.approx(1.0)


def test_traminer_seqsubsn_help_example():
    # TraMineR's seqsubsn help: the DSS of D-D-D-D-A-A-A-A-A-A-A-D is D-A-D, whose distinct
    # subsequences are {}, D, A, DA, AD, DD, DAD: 7. With L for D and M for A, turbulence
    # by hand: durations 4, 7, 1 (mean 4, variance (0 + 9 + 9) / 3 = 6), s2max = 2 * 9 =
    # 18, T = log2(7 * 19 / 7) = log2(19)
    assert count_distinct_subsequences([0, 1, 0], 2) == 7
    t, _ = turbulence(encode([seq("LLLLMMMMMMML")], CB))
    assert t[0] == pytest.approx(math.log2(19))
