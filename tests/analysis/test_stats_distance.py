"""OM and LCS distances: textbook examples, brute-force recursion, metric properties."""

from __future__ import annotations

from functools import cache

import numpy as np
import pytest
from _seqhelp import LETTERS, codebook, seq
from hypothesis import given, settings
from hypothesis import strategies as st

from fpmcoder.analysis import distance_matrix, lcs_distance, lcs_length, om_distance
from fpmcoder.analysis.distance import _lcs_length_table
from fpmcoder.errors import InputError

CB = codebook()
seqs_st = st.lists(st.integers(0, 3), max_size=12)


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
            d(i - 1, j - 1) + (0 if x[i - 1] == y[j - 1] else sub),
        )

    return d(len(x), len(y))


def test_lcs_textbook_example():
    # Cormen et al., Introduction to Algorithms: LCS(ABCBDAB, BDCABA) = 4 (e.g. BCBA)
    code = {c: i for i, c in enumerate("ABCD")}
    x = [code[c] for c in "ABCBDAB"]
    y = [code[c] for c in "BDCABA"]
    assert lcs_length(x, y) == 4
    assert lcs_distance(x, y) == 7 + 6 - 8


def test_om_by_hand():
    # x = L M, y = M L: substituting both costs 4; deleting L and inserting L costs 2
    assert om_distance([0, 1], [1, 0]) == 2
    # with a cheap substitution the two substitutions win
    assert om_distance([0, 1], [1, 0], sub=0.5) == 1.0
    assert om_distance([], [0, 1, 2]) == 3


@settings(deadline=None)
@given(seqs_st, seqs_st, st.sampled_from([0.5, 1.0, 2.0, 3.0]))
def test_om_matches_brute_force(x, y, sub):
    assert om_distance(x, y, sub=sub) == pytest.approx(brute_om(tuple(x), tuple(y), sub, 1.0))


@settings(deadline=None)
@given(seqs_st, seqs_st)
def test_om_default_costs_equal_lcs_distance(x, y):
    # TraMineR: OM with substitution 2 and indel 1 equals the LCS distance
    assert om_distance(x, y) == lcs_distance(x, y)


@settings(deadline=None)
@given(seqs_st, seqs_st, seqs_st)
def test_metric_properties(x, y, z):
    assert om_distance(x, x) == 0 and lcs_distance(x, x) == 0
    assert om_distance(x, y, sub=1.0) == om_distance(y, x, sub=1.0)
    assert lcs_distance(x, y) == lcs_distance(y, x)
    assert abs(len(x) - len(y)) <= lcs_distance(x, y) <= len(x) + len(y)
    assert om_distance(x, z, sub=1.0) <= om_distance(x, y, sub=1.0) + om_distance(y, z, sub=1.0)


def test_distance_matrix_leaves_uncoded_out():
    seqs = [seq("LLM", "a"), seq("L-LM", "b"), seq("PPA", "c")]
    d = distance_matrix(seqs, CB)
    assert list(d.index) == ["a", "b", "c"]
    assert d.loc["a", "b"] == 0
    assert d.loc["a", "c"] == 6
    assert np.allclose(d.to_numpy(), d.to_numpy().T)
    lcs = distance_matrix(seqs, CB, method="lcs")
    assert np.allclose(lcs.to_numpy(), d.to_numpy())
    with pytest.raises(ValueError, match="method"):
        distance_matrix(seqs, CB, method="dtw")
    with pytest.raises(InputError, match="equal length"):
        distance_matrix(seqs, CB, method="hamming")


@settings(deadline=None)
@given(
    st.lists(st.text(alphabet="LMAP-", max_size=15), min_size=1, max_size=6),
    st.sampled_from([0.5, 1.0, 2.0, 3.0]),
)
def test_batched_matrix_matches_pairwise_distances(texts, sub):
    seqs = [seq(t, f"t{i}") for i, t in enumerate(texts)]
    codes = [[CB.activity_ids.index(LETTERS[c]) for c in t if c != "-"] for t in texts]
    om = distance_matrix(seqs, CB, sub=sub).to_numpy()
    lcs = distance_matrix(seqs, CB, method="lcs").to_numpy()
    for i, x in enumerate(codes):
        for j, y in enumerate(codes):
            assert om[i, j] == pytest.approx(brute_om(tuple(x), tuple(y), sub, 1.0))
            assert lcs[i, j] == lcs_distance(x, y)


@settings(deadline=None)
@given(seqs_st, seqs_st)
def test_bit_parallel_lcs_matches_the_table(x, y):
    assert lcs_length(x, y) == _lcs_length_table(x, y)
