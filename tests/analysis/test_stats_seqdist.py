"""TraMineR's distances: TRATE costs and normalisations by hand, Hamming, and sequenzo as oracle.

sequenzo (a Python port of TraMineR's ``seqdist``) is a test-only dependency; the tests
that use it are skipped when it is not installed.
"""

from __future__ import annotations

import contextlib
import io
from functools import cache

import numpy as np
import pandas as pd
import pytest
from _seqhelp import codebook, seq
from hypothesis import given, settings
from hypothesis import strategies as st

from fpmcoder.analysis import distance_matrix
from fpmcoder.analysis.distance import pairwise_distances, substitution_costs, transition_rates

CB = codebook()
L, M, A, P = 0, 1, 2, 3


def brute_om(x, y, sub, indel):
    @cache
    def d(i, j):
        if i == 0:
            return j * indel
        if j == 0:
            return i * indel
        return min(
            d(i - 1, j) + indel,
            d(i, j - 1) + indel,
            d(i - 1, j - 1) + sub[x[i - 1]][y[j - 1]],
        )

    return d(len(x), len(y))


def test_trate_costs_by_hand():
    # L L M and M L L: from L: L->L twice, L->M once; from M: M->L once
    seqs = [np.array([L, L, M]), np.array([M, L, L])]
    p = transition_rates(seqs, 4)
    assert p[L, L] == pytest.approx(2 / 3) and p[L, M] == pytest.approx(1 / 3)
    assert p[M, L] == 1.0 and p[A].sum() == 0
    sub = substitution_costs(seqs, 4, "trate")
    assert sub[L, M] == pytest.approx(2 - 1 / 3 - 1) == sub[M, L]
    assert sub[L, A] == 2.0 and sub[A, P] == 2.0 and np.trace(sub) == 0
    d = distance_matrix([seq("LLM", "a"), seq("MLL", "b")], CB, costs="trate")
    assert d.attrs["indel"] == pytest.approx(1.0)  # TraMineR indel "auto": max(sub) / 2
    pd.concat([d, d])  # the attrs stay comparable (pandas compares them when concatenating)
    # L L M -> M L L: substitute the two ends (2 x 2/3) beats delete + insert (2)
    assert d.loc["a", "b"] == pytest.approx(4 / 3)


def test_trate_rates_skip_pairs_touching_uncoded_in_hamming_but_not_in_om():
    # OM and LCS compare coded segments only, so "L - M" reads as "L M"
    a, b = seq("L-M", "a"), seq("MML", "b")
    om = distance_matrix([a, b], CB, costs="trate")
    assert om.attrs["substitution"]["locating"]["meaning"] == pytest.approx(2 - 1 - 0.5)
    ham = distance_matrix([a, b], CB, method="hamming", costs="trate")
    assert ham.attrs["substitution"]["locating"]["meaning"] == pytest.approx(2 - 0 - 0.5)


def test_hamming_counts_mismatches_and_uncoded_as_its_own_state():
    seqs = [seq("LLMP", "a"), seq("LAMP", "b"), seq("L-M-", "c"), seq("L-MA", "d")]
    d = distance_matrix(seqs, CB, method="hamming")
    assert d.loc["a", "b"] == 1  # TraMineR HAM: constant cost 1
    assert d.loc["a", "c"] == 2  # an uncoded segment against an activity costs 1
    assert d.loc["c", "d"] == 1  # two uncoded segments at one position cost nothing
    assert d.loc["b", "d"] == 2
    assert distance_matrix(seqs, CB, method="hamming", norm="maxlength").loc["a", "c"] == 0.5


def test_normalisations_by_hand():
    # x = L L L L (4), y = L M (2): LCS 1, OM (2/1) distance 4 + 2 - 2 = 4
    seqs = [seq("LLLL", "x"), seq("LM", "y")]
    d = {
        n: distance_matrix(seqs, CB, norm=n).loc["x", "y"]
        for n in ("none", "maxlength", "gmean", "maxdist", "yujianbo")
    }
    assert d["none"] == 4
    assert d["maxlength"] == pytest.approx(4 / 4)
    # maxdist = |4 - 2| * 1 + min(2, 2) * 2 = 6
    assert d["gmean"] == pytest.approx(1 - (6 - 4) / (2 * np.sqrt(4 * 2)))
    assert d["gmean"] == pytest.approx(1 - 1 / np.sqrt(8))  # Elzinga: 1 - LCS / sqrt(|x||y|)
    assert d["maxdist"] == pytest.approx(4 / 6)
    assert d["yujianbo"] == pytest.approx(2 * 4 / (4 + 4 + 2))
    same = distance_matrix([seq("", "e"), seq("", "f"), seq("LM", "g")], CB, norm="gmean")
    assert same.loc["e", "f"] == 0 and same.loc["e", "g"] == 1


seqs_st = st.lists(st.lists(st.integers(-1, 3), max_size=14), min_size=2, max_size=7)


@settings(deadline=None, max_examples=60)
@given(seqs_st, st.sampled_from(["constant", "trate"]), st.sampled_from([None, 0.7, 1.5]))
def test_all_pairs_kernel_matches_brute_force(codes, costs, indel):
    parts = [np.array(c, dtype=np.int64) for c in codes]
    d, sub, ind = pairwise_distances(
        parts, 4, costs=costs, sub=1.5 if costs == "constant" else None, indel=indel
    )
    coded = [tuple(int(v) for v in p if v >= 0) for p in parts]
    for i, x in enumerate(coded):
        for j, y in enumerate(coded):
            assert d[i, j] == pytest.approx(brute_om(x, y, sub.tolist(), ind))


@settings(deadline=None, max_examples=40)
@given(st.lists(st.lists(st.integers(0, 3), min_size=60, max_size=150), min_size=2, max_size=5))
def test_multiword_lcs_kernel_matches_brute_force(codes):
    # sequences longer than 64 segments exercise the carry between 64-bit words
    parts = [np.array(c, dtype=np.int64) for c in codes]
    d, _, _ = pairwise_distances(parts, 4, method="lcs")
    sub = [[0 if a == b else 2 for b in range(4)] for a in range(4)]
    for i, x in enumerate(codes):
        for j, y in enumerate(codes[i + 1 :], i + 1):
            assert d[i, j] == brute_om(tuple(x), tuple(y), sub, 1)


# --- sequenzo, the Python port of TraMineR's seqdist ---------------------------------


def _sequenzo_distances(codes, **kwargs):
    sequenzo = pytest.importorskip("sequenzo")
    import pandas as pd

    states = ["L", "M", "A", "P"]
    width = codes.shape[1]
    cols = [f"t{i}" for i in range(width)]
    df = pd.DataFrame(np.array(states)[codes], columns=cols)
    df.insert(0, "id", range(len(codes)))
    with contextlib.redirect_stdout(io.StringIO()):
        data = sequenzo.SequenceData(df, time=cols, id_col="id", states=states)
        out = sequenzo.get_distance_matrix(data, **kwargs)
    return np.asarray(out, dtype=float)


@pytest.fixture(scope="module")
def random_codes():
    rng = np.random.default_rng(7)
    # sticky chains, like coded interactions: transition rates far from uniform
    n, width = 40, 30
    codes = np.empty((n, width), dtype=np.int64)
    codes[:, 0] = rng.integers(0, 4, n)
    for t in range(1, width):
        stay = rng.random(n) < 0.6
        codes[:, t] = np.where(stay, codes[:, t - 1], rng.integers(0, 4, n))
    return codes


@pytest.mark.parametrize(
    ("ours", "theirs"),
    [
        ({}, {"method": "OM", "sm": "CONSTANT", "indel": 1}),
        ({"costs": "trate"}, {"method": "OM", "sm": "TRATE", "indel": "auto"}),
        ({"costs": "trate", "indel": 0.8}, {"method": "OM", "sm": "TRATE", "indel": 0.8}),
        (
            {"norm": "maxlength", "costs": "trate"},
            {"method": "OM", "sm": "TRATE", "norm": "maxlength"},
        ),
        ({"norm": "maxdist", "costs": "trate"}, {"method": "OM", "sm": "TRATE", "norm": "maxdist"}),
        ({"norm": "yujianbo"}, {"method": "OM", "sm": "CONSTANT", "indel": 1, "norm": "YujianBo"}),
        ({"method": "lcs"}, {"method": "LCS"}),
        ({"method": "lcs", "norm": "gmean"}, {"method": "LCS", "norm": "gmean"}),
        ({"method": "hamming"}, {"method": "HAM"}),
        ({"method": "hamming", "norm": "maxlength"}, {"method": "HAM", "norm": "maxlength"}),
    ],
)
def test_matches_sequenzo(random_codes, ours, theirs):
    theirs_d = _sequenzo_distances(random_codes, **theirs)
    d, _, _ = pairwise_distances(list(random_codes), 4, **ours)
    assert np.allclose(d, theirs_d, rtol=1e-9, atol=1e-9)


def normalised(d, m, n, indel, maxsub, norm):
    """TraMineR's normalisations of one distance, written out for one pair."""
    if d == 0:
        return 0.0
    lx, ly = m * indel, n * indel
    maxdist = abs(m - n) * indel + min(maxsub, 2 * indel) * min(m, n)
    if norm == "maxlength":
        return d / max(lx, ly) if max(lx, ly) > 0 else 0.0
    if norm == "gmean":
        return 1 - (maxdist - d) / (2 * np.sqrt(lx * ly)) if lx * ly > 0 else float(lx != ly)
    if norm == "maxdist":
        return d / maxdist if maxdist > 0 else 1.0
    return 2 * d / (d + lx + ly)


@settings(deadline=None, max_examples=40)
@given(
    st.lists(st.lists(st.integers(0, 3), max_size=12), min_size=2, max_size=6),
    st.sampled_from(["maxlength", "gmean", "maxdist", "yujianbo"]),
    st.sampled_from(["constant", "trate"]),
)
def test_normalisations_of_sequences_of_different_lengths(codes, norm, costs):
    parts = [np.array(c, dtype=np.int64) for c in codes]
    raw, sub, indel = pairwise_distances(parts, 4, costs=costs)
    got, _, _ = pairwise_distances(parts, 4, costs=costs, norm=norm)
    maxsub = sub[~np.eye(4, dtype=bool)].max()
    for i, x in enumerate(codes):
        for j, y in enumerate(codes):
            want = normalised(raw[i, j], len(x), len(y), indel, maxsub, norm)
            assert got[i, j] == pytest.approx(want)
