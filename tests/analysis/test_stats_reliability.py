"""Agreement measures against published worked examples and independent implementations."""

from __future__ import annotations

import krippendorff
import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from sklearn.metrics import cohen_kappa_score

from fpmcoder.analysis import cohen_kappa, fleiss_kappa, krippendorff_alpha, percent_agreement

NAN = np.nan


def test_krippendorff_canonical_example_with_missing_values():
    # Krippendorff (2011), "Computing Krippendorff's alpha-reliability", the 4 observers x
    # 12 units example with missing values: nominal alpha = 0.743
    data = [
        [1, 2, 3, 3, 2, 1, 4, 1, 2, NAN, NAN, NAN],
        [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, NAN, 3],
        [NAN, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, NAN],
        [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, NAN],
    ]
    r = np.array(data)
    codes = np.where(np.isnan(r), -1, r - 1).astype(int).T
    assert krippendorff_alpha(codes) == pytest.approx(0.743, abs=5e-4)


def test_fleiss_wikipedia_worked_example():
    # Wikipedia "Fleiss' kappa": 10 subjects, 14 raters, 5 categories; kappa = 0.210
    counts = [
        [0, 0, 0, 0, 14],
        [0, 2, 6, 4, 2],
        [0, 0, 3, 5, 6],
        [0, 3, 9, 2, 0],
        [2, 2, 8, 1, 1],
        [7, 7, 0, 0, 0],
        [3, 2, 6, 3, 0],
        [2, 5, 3, 2, 2],
        [6, 5, 2, 1, 0],
        [0, 2, 2, 3, 7],
    ]
    codes = np.array([np.repeat(np.arange(5), row) for row in counts])
    assert fleiss_kappa(codes) == pytest.approx(0.210, abs=5e-4)


def test_fleiss_uses_only_units_coded_by_all():
    codes = np.array([[0, 0, 0], [1, 1, 0], [1, 1, 1], [0, -1, 1]])
    assert fleiss_kappa(codes) == pytest.approx(fleiss_kappa(codes[:3]))


pairs = st.lists(st.tuples(st.integers(0, 3), st.integers(0, 3)), min_size=2, max_size=60)


@settings(deadline=None)
@given(pairs)
def test_cohen_matches_sklearn(data):
    a, b = zip(*data, strict=True)
    assume(len(set(a) | set(b)) > 1)
    want = cohen_kappa_score(a, b)
    got = cohen_kappa(np.array(data))
    if np.isnan(want):
        assert np.isnan(got)
    else:
        assert got == pytest.approx(want)


matrices = st.integers(2, 5).flatmap(
    lambda c: st.lists(
        st.lists(st.integers(-1, 3), min_size=c, max_size=c), min_size=2, max_size=40
    )
)


@settings(deadline=None)
@given(matrices)
def test_alpha_matches_krippendorff_package_with_missing(rows):
    m = np.array(rows)
    pairable = m[(m >= 0).sum(axis=1) >= 2]
    assume(len(np.unique(pairable[pairable >= 0])) > 1)
    data = np.where(m < 0, np.nan, m.astype(float)).T
    try:
        want = krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
    except ValueError:
        return  # the package refuses a single value in the pairable units
    got = krippendorff_alpha(m)
    if np.isnan(want):
        assert np.isnan(got)
    else:
        assert got == pytest.approx(want)


@settings(deadline=None)
@given(matrices, st.permutations([0, 1, 2, 3]))
def test_measures_invariant_to_relabelling(rows, perm):
    m = np.array(rows)
    relabelled = np.where(m >= 0, np.array(perm)[np.maximum(m, 0)], -1)
    for f in (krippendorff_alpha, fleiss_kappa, percent_agreement):
        x, y = f(m), f(relabelled)
        assert (np.isnan(x) and np.isnan(y)) or x == pytest.approx(y)


@settings(deadline=None)
@given(st.lists(st.integers(0, 3), min_size=2, max_size=40), st.integers(2, 5))
def test_perfect_agreement_gives_one(values, coders):
    assume(len(set(values)) > 1)
    m = np.repeat(np.array(values)[:, None], coders, axis=1)
    assert percent_agreement(m) == 1.0
    assert fleiss_kappa(m) == pytest.approx(1.0)
    assert krippendorff_alpha(m) == pytest.approx(1.0)
    if coders == 2:
        assert cohen_kappa(m) == pytest.approx(1.0)


def test_weights_count_units_several_times():
    m = np.array([[0, 0], [0, 1], [1, 1]])
    w = np.array([3, 1, 2])
    expanded = np.repeat(m, w, axis=0)
    for f in (percent_agreement, cohen_kappa, fleiss_kappa, krippendorff_alpha):
        assert f(m, w) == pytest.approx(f(expanded))


def test_undefined_cases_are_nan():
    assert np.isnan(krippendorff_alpha(np.array([[0, 0], [0, 0]])))
    assert np.isnan(cohen_kappa(np.array([[0, 0], [0, 0]])))
    assert np.isnan(percent_agreement(np.array([[0, -1]])))
    with pytest.raises(ValueError, match="two coders"):
        cohen_kappa(np.zeros((3, 3), dtype=int))
