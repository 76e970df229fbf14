"""Agreement with intervals: statsmodels for kappa's SE, hand-worked AC1 and PABAK, the bootstrap's binomial spread."""

from __future__ import annotations

import numpy as np
import pytest
from _seqhelp import codebook, seq

from fpmcoder.analysis import agreement
from fpmcoder.analysis.reliability import (
    cohen_kappa,
    cohen_kappa_ci,
    gwet_ac1,
    krippendorff_alpha,
    krippendorff_alpha_bootstrap,
    pabak,
)

CB = codebook()


def two_coders(seed=0, n=300, agree=0.8, k=4):
    rng = np.random.default_rng(seed)
    truth = rng.choice(k, n, p=[0.5, 0.3, 0.15, 0.05][:k])
    other = np.where(rng.random(n) < agree, truth, rng.integers(0, k, n))
    return np.column_stack([truth, other])


def test_cohen_kappa_se_matches_statsmodels():
    inter = pytest.importorskip("statsmodels.stats.inter_rater")
    codes = two_coders()
    table = np.zeros((4, 4))
    np.add.at(table, (codes[:, 0], codes[:, 1]), 1)
    ref = inter.cohens_kappa(table)
    kappa, se, low, high = cohen_kappa_ci(codes)
    assert kappa == pytest.approx(ref.kappa) == pytest.approx(cohen_kappa(codes))
    assert se == pytest.approx(ref.std_kappa)
    assert low == pytest.approx(ref.kappa_low) and high == pytest.approx(ref.kappa_upp)


def test_gwet_ac1_and_pabak_by_hand():
    # 10 units, two categories: 8 both A, 1 both B, 1 (A, B)
    codes = np.array([[0, 0]] * 8 + [[1, 1], [0, 1]])
    # p_a = 0.9; pi_A = (9 + 8) / 20 = 0.85; p_e = 2 * 0.85 * 0.15 / (2 - 1) = 0.255
    assert gwet_ac1(codes, k=2) == pytest.approx((0.9 - 0.255) / (1 - 0.255))
    # with the four activities of the codebook as categories: p_e = 0.255 / 3
    assert gwet_ac1(codes, k=4) == pytest.approx((0.9 - 0.085) / (1 - 0.085))
    assert pabak(codes, k=2) == pytest.approx(2 * 0.9 - 1)
    assert pabak(codes, k=4) == pytest.approx((4 * 0.9 - 1) / 3)
    # a unit with one coding counts for pi but not for p_a
    with_missing = np.vstack([codes, [[1, -1]]])
    # pi_B: the 11 units' shares (0 x 8, 1, 0.5, 1) / 11
    pi_b = 2.5 / 11
    pe = 2 * pi_b * (1 - pi_b)
    assert gwet_ac1(with_missing, k=2) == pytest.approx((0.9 - pe) / (1 - pe))


def test_bootstrap_interval_is_seeded_and_has_the_binomial_spread():
    codes = two_coders(seed=3, n=2000)
    alpha = krippendorff_alpha(codes)
    one = krippendorff_alpha_bootstrap(codes, samples=4000, seed=5)
    assert one == krippendorff_alpha_bootstrap(codes, samples=4000, seed=5)
    low, high = one
    assert low < alpha < high
    # alpha* = 1 - (disagreements among P drawn pairs) / (P D_e): its spread is binomial,
    # with P = min(25 q, (coders - 1) n / 2) = min(25 x 16, 2000) = 400 pairs
    n = 4000
    d_o = 1 - np.mean(codes[:, 0] == codes[:, 1])
    shares = np.bincount(codes.ravel(), minlength=4) / n
    d_e = (1 - (shares**2).sum()) * n / (n - 1)
    half = 1.959964 * np.sqrt(d_o * (1 - d_o) / 400) / d_e
    assert (high - low) / 2 == pytest.approx(half, rel=0.1)
    assert (low + high) / 2 == pytest.approx(alpha, abs=0.01)


def test_summary_has_intervals_for_segments():
    a = seq("LLMMAAPPLMAPLLMMAAPP", "t", coder="a")
    b = seq("LLMMAAPPLMAPLMMMAAPA", "t", coder="b")
    s = agreement([a, b], CB, bootstrap=500, seed=1).summary.set_index("measure")
    assert {"gwet_ac1", "pabak"} <= set(s.index)
    k = s.loc["cohen_kappa"]
    assert k.ci_low < k.value < k.ci_high and k.se > 0
    alpha = s.loc["krippendorff_alpha"]
    assert alpha.ci_low <= alpha.value <= alpha.ci_high
    assert np.isnan(s.loc["percent_agreement", "ci_low"])
    none = agreement([a, b], CB, bootstrap=0).summary.set_index("measure")
    assert np.isnan(none.loc["krippendorff_alpha", "ci_low"])


def timed(letters, times, coder):
    from _seqhelp import LETTERS

    from fpmcoder.core.sequence import CodedSequence, SegmentInfo

    segs = tuple(
        SegmentInfo(i + 1, LETTERS[c], start_time=t0, end_time=t1)
        for i, (c, (t0, t1)) in enumerate(zip(letters, times, strict=True))
    )
    return CodedSequence("visit", coder, segs)


def test_agreement_over_time_weights_seconds():
    # a: L for 0-10 s, M for 10-40 s; b: L for 0-30 s, M for 30-40 s (one segment each way)
    a = timed("LM", [(0, 10), (10, 40)], "a")
    b = timed("LM", [(0, 30), (30, 40)], "b")
    r = agreement([a, b], CB, over="time")
    s = r.summary.set_index("measure")
    assert r.unit == "second" and "each second" in " ".join(r.notes)
    # agree on 0-10 (L) and 30-40 (M): 20 of 40 seconds
    assert s.loc["percent_agreement", "value"] == pytest.approx(0.5)
    assert s.loc["percent_agreement", "n_units"] == pytest.approx(40.0)
    assert np.isnan(s.loc["cohen_kappa", "se"])  # seconds are not independent units
    conf = r.confusion.set_index(["code_a", "code_b"])["count"]
    assert conf["locating", "meaning"] == 0 and conf["meaning", "locating"] == pytest.approx(20.0)
    # a gap in one coder's timeline is a missing coding there, not an activity
    c = timed("LM", [(0, 10), (20, 40)], "c")
    gap = agreement([a, c], CB, over="time").summary.set_index("measure")
    assert gap.loc["percent_agreement", "n_units"] == pytest.approx(30.0)
    untimed = seq("LM", "visit", coder="d")
    from fpmcoder.errors import InputError

    with pytest.raises(InputError, match="no start or end time"):
        agreement([a, untimed], CB, over="time")
