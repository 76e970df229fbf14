"""Clustering and its quality: scikit-learn's silhouette, scipy's point-biserial, brute force."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from _seqhelp import codebook, seq
from scipy.spatial.distance import pdist, squareform
from scipy.stats import pointbiserialr
from sklearn.metrics import silhouette_samples, silhouette_score

from fpmcoder.analysis.cluster import (
    cluster_quality,
    medoids,
    pam,
    quality_table,
    silhouettes,
    ward_clusters,
)
from fpmcoder.analysis.typology import typology
from fpmcoder.errors import InputError

CB = codebook()


def points(seed=3, n=30, centres=((0, 0), (6, 0), (0, 7))):
    rng = np.random.default_rng(seed)
    xs = np.concatenate([rng.normal(c, 1.0, (n // len(centres), 2)) for c in centres])
    return squareform(pdist(xs))


def test_ward_on_a_line_by_hand():
    d = squareform(pdist(np.array([[0.0], [1.0], [10.0], [11.0], [25.0]])))
    assert ward_clusters(d, 3).tolist() == [1, 1, 2, 2, 3]  # numbered by size, then order
    assert ward_clusters(d, 2).tolist() == [1, 1, 1, 1, 2]


@pytest.mark.parametrize("k", [2, 3, 5])
def test_silhouette_matches_scikit_learn(k):
    d = points()
    labels = ward_clusters(d, k)
    assert np.allclose(silhouettes(d, labels), silhouette_samples(d, labels, metric="precomputed"))
    q = cluster_quality(d, labels)
    assert q["ASW"] == pytest.approx(silhouette_score(d, labels, metric="precomputed"))


def test_singleton_has_silhouette_zero():
    d = squareform(pdist(np.array([[0.0], [1.0], [2.0], [30.0]])))
    labels = np.array([1, 1, 1, 2])
    assert silhouettes(d, labels)[3] == 0
    assert np.allclose(silhouettes(d, labels), silhouette_samples(d, labels, metric="precomputed"))


def test_point_biserial_and_huberts_c():
    d = points(n=12)
    labels = ward_clusters(d, 3)
    q = cluster_quality(d, labels)
    iu = np.triu_indices(len(d), 1)
    between = (labels[iu[0]] != labels[iu[1]]).astype(int)
    assert q["PBC"] == pytest.approx(pointbiserialr(between, d[iu])[0])
    # Hubert's C by hand on four cases: within pairs (0,1) and (2,3)
    d4 = np.array([[0, 1, 4, 6], [1, 0, 5, 3], [4, 5, 0, 2], [6, 3, 2, 0]], dtype=float)
    q4 = cluster_quality(d4, np.array([1, 1, 2, 2]))
    # S = 1 + 2 = 3; the two smallest of (1,4,6,5,3,2) sum to 3, the two largest to 11
    assert q4["HC"] == 0.0
    q4b = cluster_quality(d4, np.array([1, 2, 1, 2]))  # within: 4 + 3 = 7
    assert q4b["HC"] == pytest.approx((7 - 3) / (11 - 3))


@pytest.mark.parametrize(("seed", "k"), [(1, 2), (2, 3), (5, 3), (8, 4)])
def test_pam_ends_where_no_single_swap_helps(seed, k):
    # PAM's SWAP stops at a local optimum: no exchange of a medoid with a case lowers the cost
    rng = np.random.default_rng(seed)
    d = squareform(pdist(rng.normal(size=(11, 2))))
    labels, meds = pam(d, k)
    cost = d[:, meds].min(axis=1).sum()
    for slot, h in itertools.product(range(k), range(11)):
        trial = list(meds)
        trial[slot] = h
        assert d[:, trial].min(axis=1).sum() >= cost - 1e-12
    sizes = np.bincount(labels)[1:].tolist()
    assert sizes == sorted(sizes, reverse=True)
    for c, m in enumerate(meds, start=1):
        assert labels[m] == c


def test_pam_finds_the_best_medoids_of_separated_groups():
    d = points(n=12)
    labels, meds = pam(d, 3)
    cost = d[:, meds].min(axis=1).sum()
    best = min(d[:, list(c)].min(axis=1).sum() for c in itertools.combinations(range(12), 3))
    assert cost == pytest.approx(best)
    assert len(set(labels[:4])) == len(set(labels[4:8])) == len(set(labels[8:])) == 1


def test_medoid_minimises_the_sum_of_distances():
    d = squareform(pdist(np.array([[0.0], [1.0], [3.0], [10.0], [12.0]])))
    assert medoids(d, np.array([1, 1, 1, 2, 2])).tolist() == [1, 3]  # ties: the first


def test_quality_table_covers_two_to_ten():
    table, parts = quality_table(points())
    assert table["k"].tolist() == list(range(2, 11))
    assert int(table.loc[table["ASW"].idxmax(), "k"]) == 3
    assert set(parts) == set(range(2, 11))
    pam_table, _ = quality_table(points(), "pam", range(2, 5))
    assert pam_table["k"].tolist() == [2, 3, 4]


def test_typology_of_sequences():
    seqs = [
        seq("LLLLLLMMMM", "a1"),
        seq("LLLLLMMMMM", "a2"),
        seq("LLLLLLLMMM", "a3"),
        seq("APAPAPAPAP", "b1"),
        seq("PAPAPAPAPA", "b2"),
        seq("APAPAPAP-A", "b3"),
        seq("APAPAPAPPA", "b4"),
    ]
    t = typology(seqs, CB)
    assert t.k == 2
    c = t.clusters.set_index("sequence")["cluster"]
    assert c["b1"] == c["b2"] == c["b3"] == c["b4"] == 1  # the larger cluster first
    assert c["a1"] == c["a2"] == c["a3"] == 2
    # b3 (A P A P A P A P A once its uncoded segment is left out) is one edit from each other b
    assert t.clusters.loc[t.clusters.is_medoid, "sequence"].tolist() == ["a1", "b3"]
    assert t.sizes == [4, 3]
    assert [t.clusters.sequence[i] for i in t.order] == ["b3", "b1", "b2", "b4", "a1", "a2", "a3"]
    assert (t.clusters.distance_to_medoid[t.clusters.is_medoid] == 0).all()
    fixed = typology(seqs, CB, method="pam", clusters=3, costs="trate")
    assert fixed.k == 3 and len(fixed.quality) == 1
    with pytest.raises(InputError, match="at least three"):
        typology(seqs[:2], CB)
    with pytest.raises(InputError, match="clusters 9"):
        typology(seqs, CB, clusters=9)
