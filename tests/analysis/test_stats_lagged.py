"""Lagged transitions (GSEQ): counts by hand, IPF with structural zeros, odds ratios, permutations."""

from __future__ import annotations

import itertools
from math import exp, log, sqrt

import numpy as np
import pytest
from _seqhelp import codebook, seq

from fpmcoder.analysis import transition_table
from fpmcoder.analysis.contingency import adjusted_residuals, ipf_expected, odds_ratios
from fpmcoder.errors import InputError

CB = codebook()
ACTS = list(CB.activity_ids)
ZERO_DIAG = np.eye(3, dtype=bool)
X3 = np.array([[0, 10, 5], [8, 0, 4], [6, 9, 0]], dtype=float)


def cell(df, frm, to, group=None):
    sub = df if group is None else df[df.group == group]
    return sub[(sub["from"] == frm) & (sub.to == to)].iloc[0]


def test_lag_two_by_hand_and_never_across_transcripts():
    # L M A L - P at lag 2: L->A, M->L, A->(uncoded), L->P
    df = transition_table([seq("LMAL-P", "t")], CB, pooled=False, lag=2)
    counts = df.set_index(["from", "to"])["count"]
    assert counts["locating", "live_action"] == 1
    assert counts["meaning", "locating"] == 1
    assert counts["locating", "planning"] == 1
    assert counts.sum() == 3
    assert (df.n_pairs_with_uncoded == 1).all() and (df.lag == 2).all()
    two = transition_table([seq("LM", "a"), seq("AP", "b")], CB, by="all")
    assert two["count"].sum() == 2  # L->M and A->P; M->A would cross transcripts
    assert transition_table([seq("LM", "a")], CB, lag=5)["count"].sum() == 0


def test_run_level_lag_two_allows_returns():
    # runs L M L: at lag 2, L -> L (a return), no structural zero
    df = transition_table([seq("LLMLL", "t")], CB, pooled=False, level="run", lag=2)
    assert cell(df, "locating", "locating")["count"] == 1
    assert df["count"].sum() == 1


def test_ipf_with_structural_zeros_fits_the_margins_and_the_model():
    e = ipf_expected(X3, ZERO_DIAG)
    assert np.allclose(np.diag(e), 0)
    assert np.allclose(e.sum(axis=1), X3.sum(axis=1))
    assert np.allclose(e.sum(axis=0), X3.sum(axis=0))
    # quasi-independence: e_ij = a_i b_j off the diagonal, so the two 3-cycles balance
    assert e[0, 1] * e[1, 2] * e[2, 0] == pytest.approx(e[0, 2] * e[2, 1] * e[1, 0])
    # without structural zeros IPF is independence: row x column / N in one step
    x = np.array([[3, 5], [7, 1]], dtype=float)
    assert np.allclose(ipf_expected(x), np.outer(x.sum(1), x.sum(0)) / x.sum())


def test_adjusted_residuals_against_a_poisson_glm():
    sm = pytest.importorskip("statsmodels.api")
    rows, cols = np.nonzero(~ZERO_DIAG)
    design = np.column_stack(
        [np.ones(len(rows))]
        + [(rows == i) * 1.0 for i in (1, 2)]
        + [(cols == j) * 1.0 for j in (1, 2)]
    )
    fit = sm.GLM(X3[rows, cols], design, family=sm.families.Poisson()).fit()
    e = ipf_expected(X3, ZERO_DIAG)
    assert np.allclose(e[rows, cols], fit.fittedvalues, rtol=1e-7)
    z = adjusted_residuals(X3, e, ZERO_DIAG)
    assert np.allclose(z[rows, cols], fit.get_influence().resid_studentized, rtol=1e-6)
    assert np.isnan(np.diag(z)).all()


def test_general_leverage_reduces_to_allison_liker_without_structural_zeros():
    x = np.array([[10, 3, 5, 2], [4, 12, 1, 3], [2, 6, 9, 1], [5, 1, 2, 7]], dtype=float)
    e = ipf_expected(x)
    closed = adjusted_residuals(x, e)
    general = adjusted_residuals(x, e, np.zeros((4, 4), dtype=bool))
    assert np.allclose(closed, general)


def test_odds_ratio_and_ci_by_hand():
    # a = 10, b = 10, c = 5, d = 35: OR = 350 / 50 = 7
    x = np.array([[10, 10], [5, 35]], dtype=float)
    out = odds_ratios(x)
    se = sqrt(1 / 10 + 1 / 10 + 1 / 5 + 1 / 35)
    assert out["odds_ratio"][0, 0] == pytest.approx(7.0)
    assert out["or_ci_low"][0, 0] == pytest.approx(exp(log(7) - 1.959964 * se), rel=1e-6)
    assert out["or_ci_high"][0, 0] == pytest.approx(exp(log(7) + 1.959964 * se), rel=1e-6)
    assert out["yules_q"][0, 0] == pytest.approx((7 - 1) / (7 + 1))
    assert np.isnan(odds_ratios(np.array([[0.0, 3.0], [2.0, 4.0]]))["odds_ratio"]).all()


def test_table_columns():
    df = transition_table([seq("LMLMAP", "t")], CB, pooled=False)
    for col in ("odds_ratio", "or_ci_low", "or_ci_high", "yules_q", "adjusted_residual"):
        assert col in df.columns
    assert "p_value" not in df.columns


def exact_p(text, frm, to):
    """Two-sided exact permutation p-value of the (frm, to) lag-1 count, by enumeration."""
    letters = list(text)
    observed = sum(1 for a, b in itertools.pairwise(letters) if (a, b) == (frm, to))
    perms = list(itertools.permutations(letters))
    counts = np.array(
        [sum(1 for a, b in itertools.pairwise(p) if (a, b) == (frm, to)) for p in perms]
    )
    ge, le = (counts >= observed).mean(), (counts <= observed).mean()
    return min(1.0, 2 * min(ge, le))


def test_permutation_p_values_approach_the_exact_ones():
    text = "LMLMLMAP"
    df = transition_table([seq(text, "t")], CB, pooled=False, permutations=4000, seed=11)
    for frm, to in (("L", "M"), ("M", "L"), ("A", "P"), ("L", "L")):
        names = {"L": "locating", "M": "meaning", "A": "live_action", "P": "planning"}
        got = cell(df, names[frm], names[to])["p_value"]
        assert got == pytest.approx(exact_p(text, frm, to), abs=0.03)


def test_permutations_are_reproducible_and_keep_uncoded_in_place():
    seqs = [seq("LLMM-MLLAAP", "a"), seq("PPAALM", "b")]
    one = transition_table(seqs, CB, permutations=200, seed=3)
    two = transition_table(seqs, CB, permutations=200, seed=3)
    other = transition_table(seqs, CB, permutations=200, seed=4)
    assert one.p_value.equals(two.p_value)
    assert not one.p_value.equals(other.p_value)
    assert ((one.p_value > 0) & (one.p_value <= 1)).all()
    from fpmcoder.analysis._encode import encode
    from fpmcoder.analysis.transitions import permutation_counts

    perm = permutation_counts(encode(seqs, CB), ["x", "x"], 1, 50, 0)
    observed = one[one.grouping == "all"]["count"].sum()
    assert (perm.sum(axis=(1, 2, 3)) == observed).all()  # the uncoded segment never moves
    with pytest.raises(InputError, match="segment level"):
        transition_table(seqs, CB, level="run", permutations=10)
    with pytest.raises(InputError, match="lag 0"):
        transition_table(seqs, CB, lag=0)


def test_the_pooled_permutation_test_is_the_same_as_one_run_over_all():
    """The pooled group reuses the per-transcript shuffles, summed; it must give what a
    permutation test over all the sequences as one group gives."""
    seqs = [seq("LLMM-MLLAAP", "a"), seq("PPAALM", "b"), seq("MMLLAAPPL", "c")]
    pooled = transition_table(seqs, CB, permutations=300, seed=5)
    alone = transition_table(seqs, CB, by="all", permutations=300, seed=5)
    assert pooled[pooled.grouping == "all"].p_value.to_numpy().tolist() == (
        alone.p_value.to_numpy().tolist()
    )
