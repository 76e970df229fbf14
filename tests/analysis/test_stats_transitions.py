"""Transition tables: counts by hand, residuals against scipy's chi-square, Yule's Q by hand."""

from __future__ import annotations

import numpy as np
import pytest
from _seqhelp import codebook, seq
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import chi2_contingency
from scipy.stats.contingency import expected_freq

from fpmcoder.analysis import transition_statistics, transition_table

CB = codebook()


def table(df, group):
    sub = df[df.group == group]
    return sub.pivot(index="from", columns="to", values="count").loc[
        list(CB.activity_ids), list(CB.activity_ids)
    ]


def test_segment_level_counts_by_hand():
    # L L - L M M P: pairs LL, L-, -L (not activity transitions), LM, MM, MP
    df = transition_table([seq("LL-LMMP", "t")], CB, pooled=False)
    t = table(df, "t")
    assert t.loc["locating", "locating"] == 1
    assert t.loc["locating", "meaning"] == 1
    assert t.loc["meaning", "meaning"] == 1
    assert t.loc["meaning", "planning"] == 1
    assert t.to_numpy().sum() == 4
    assert (df.n_pairs_with_uncoded == 2).all()
    r = df[(df["from"] == "locating") & (df.to == "meaning")].iloc[0]
    assert r.row_total == 2 and r.probability == pytest.approx(0.5)


def test_run_level_collapses_repeats():
    df = transition_table([seq("LLLMMLP", "t")], CB, pooled=False, level="run")
    t = table(df, "t")
    assert np.trace(t.to_numpy()) == 0
    assert t.loc["locating", "meaning"] == 1 and t.loc["meaning", "locating"] == 1
    assert t.loc["locating", "planning"] == 1
    diagonal = df[df["from"] == df.to]  # structural zeros: nothing to expect or associate
    assert diagonal[["expected", "adjusted_residual", "odds_ratio", "yules_q"]].isna().all().all()


def test_pooled_counts_are_summed_not_probabilities_averaged():
    a = seq("LMLMLMLMLM", "a", setting="home")  # L->M 5 times, M->L 4 times
    b = seq("LL", "b", setting="home")  # L->L once
    df = transition_table([a, b], CB, by="setting")
    r = df[(df.group == "home") & (df["from"] == "locating") & (df.to == "meaning")].iloc[0]
    assert r["count"] == 5 and r.row_total == 6
    assert r.probability == pytest.approx(5 / 6)  # not mean(1.0, 0.0) = 0.5
    pooled = df[df.grouping == "all"]
    assert pooled["count"].sum() == 10


def test_group_by_transcript_with_several_coders_keeps_them_apart():
    df = transition_table(
        [seq("LM", "t", coder="alex"), seq("LL", "t", coder="sam")], CB, pooled=False
    )
    assert sorted(df.group.unique()) == ["t [alex]", "t [sam]"]


@settings(deadline=None)
@given(st.lists(st.lists(st.integers(0, 30), min_size=2, max_size=2), min_size=2, max_size=2))
def test_adjusted_residual_squared_is_chi_square_for_2x2(rows):
    # for a 2x2 table each adjusted residual is +-sqrt(chi2) (Pearson, no continuity
    # correction): an independent check of the formula against scipy
    x = np.array(rows, dtype=float)
    if (x.sum(axis=0) == 0).any() or (x.sum(axis=1) == 0).any():
        return
    z = transition_statistics(x)["adjusted_residual"]
    chi2 = chi2_contingency(x, correction=False)[0]
    assert np.allclose(z**2, chi2)


def test_adjusted_residuals_against_haberman_formula_with_scipy_expected():
    x = np.array([[10, 3, 5, 2], [4, 12, 1, 3], [2, 6, 9, 1], [5, 1, 2, 7]], dtype=float)
    e = expected_freq(x)
    n = x.sum()
    r = x.sum(axis=1, keepdims=True) / n
    c = x.sum(axis=0, keepdims=True) / n
    want = (x - e) / np.sqrt(e * (1 - r) * (1 - c))
    got = transition_statistics(x)
    assert np.allclose(got["expected"], e)
    assert np.allclose(got["adjusted_residual"], want)
    assert np.allclose(got["probability"], x / x.sum(axis=1, keepdims=True))


def test_yules_q_by_hand():
    # from locating: 10 of 20 to meaning; overall 15 of 60 pairs go to meaning
    # 2x2: a = 10, b = 20 - 10 = 10, c = 15 - 10 = 5, d = 60 - 25 = 35
    # Q = (10*35 - 10*5) / (10*35 + 10*5) = 300 / 400 = 0.75
    x = np.array([[10, 10], [5, 35]], dtype=float)
    q = transition_statistics(x)["yules_q"]
    assert q[0, 0] == pytest.approx((10 * 35 - 10 * 5) / (10 * 35 + 10 * 5))
    assert q[0, 1] == pytest.approx(-q[0, 0])
    # undefined when a margin is empty
    q = transition_statistics(np.array([[3.0, 0.0], [2.0, 0.0]]))["yules_q"]
    assert np.isnan(q[:, 1]).all()


def test_bad_level():
    with pytest.raises(ValueError, match="level"):
        transition_table([seq("LM")], CB, level="lag2")


@settings(deadline=None)
@given(st.lists(st.text(alphabet="LMAP-", max_size=20), min_size=1, max_size=5))
def test_pooled_counts_are_the_sum_of_transcript_counts(texts):
    seqs = [seq(t, f"t{i}") for i, t in enumerate(texts)]
    df = transition_table(seqs, CB)
    per = df[df.grouping == "transcript"].groupby(["from", "to"])["count"].sum()
    pooled = df[df.grouping == "all"].set_index(["from", "to"])["count"]
    assert (per.sort_index() == pooled.sort_index()).all()


@settings(deadline=None)
@given(st.lists(st.lists(st.integers(0, 20), min_size=3, max_size=3), min_size=3, max_size=3))
def test_yules_q_and_adjusted_residual_agree_in_sign(rows):
    # both measure the same 2x2 association: a - e = (ad - bc) / N
    stats = transition_statistics(np.array(rows, dtype=float))
    z, q = stats["adjusted_residual"], stats["yules_q"]
    ok = np.isfinite(z) & np.isfinite(q) & (np.abs(z) > 1e-9)
    assert (np.sign(z[ok]) == np.sign(q[ok])).all()
