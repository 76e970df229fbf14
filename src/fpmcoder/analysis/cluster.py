"""Clustering cases on a distance matrix, and the quality of each partition (WeightedCluster).

* **Ward** (``ward_clusters``): agglomerative clustering with Ward's criterion as
  :func:`scipy.cluster.hierarchy.linkage` computes it (``method="ward"``, Lance-Williams
  on the distances; R's ``hclust(method = "ward.D2")``, not ``"ward.D"``), the tree cut
  into ``k`` groups.
* **PAM** (``pam``): partitioning around medoids (Kaufman & Rousseeuw 1990): BUILD picks
  ``k`` medoids greedily, SWAP then exchanges a medoid with a non-medoid while that lowers
  the sum of distances of every case to its nearest medoid (the best exchange each time),
  as WeightedCluster's ``wcKMedoids`` (``method = "PAM"``).

Quality of a partition (Studer 2013, WeightedCluster's ``wcClusterQuality``, unweighted):

* **ASW**, average silhouette width: for case ``i`` in cluster ``C``, ``a_i`` the mean
  distance to the *other* members of ``C``, ``b_i`` the smallest mean distance to the
  members of another cluster, ``s_i = (b_i - a_i) / max(a_i, b_i)``; a case alone in its
  cluster has ``s_i = 0``. Higher is better (above 0.5 a reasonable structure, above 0.7
  a strong one: Kaufman & Rousseeuw).
* **PBC**, point-biserial correlation: Pearson's correlation, over all pairs ``i < j``,
  between ``d_ij`` and 1 when ``i`` and ``j`` are in different clusters, 0 otherwise.
  Higher is better.
* **HC**, Hubert's C: ``(S - S_min) / (S_max - S_min)`` with ``S`` the sum of the ``N_w``
  within-cluster distances, ``S_min`` (``S_max``) the sum of the ``N_w`` smallest (largest)
  distances of all pairs. 0 is best.

The **medoid** of a cluster is its member with the smallest sum of distances to the
other members (the first one on ties), WeightedCluster's ``disscenter``.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pandas as pd

from fpmcoder.analysis._encode import FloatArray, IntArray

__all__ = [
    "cluster_quality",
    "medoids",
    "pam",
    "quality_table",
    "silhouettes",
    "ward_clusters",
    "ward_tree",
]


def _square(d: npt.ArrayLike) -> FloatArray:
    m = np.asarray(d, dtype=np.float64)
    if m.ndim != 2 or m.shape[0] != m.shape[1]:
        raise ValueError("distances must be a square matrix")
    return m


def _renumber(labels: IntArray) -> IntArray:
    """Clusters numbered 1.. by size (largest first), ties by their first case."""
    uniq, first, counts = np.unique(labels, return_index=True, return_counts=True)
    order = sorted(range(len(uniq)), key=lambda i: (-counts[i], first[i]))
    mapping = np.empty(int(uniq.max()) + 1 if len(uniq) else 0, dtype=np.int64)
    for new, i in enumerate(order, start=1):
        mapping[uniq[i]] = new
    return mapping[labels]


def ward_tree(d: npt.ArrayLike) -> FloatArray:
    """The Ward linkage matrix of scipy (``(n - 1) x 4``)."""
    from scipy.cluster.hierarchy import linkage
    from scipy.spatial.distance import squareform

    m = _square(d)
    tree: FloatArray = linkage(squareform(m, checks=False), method="ward")
    return tree


def ward_clusters(d: npt.ArrayLike, k: int, tree: FloatArray | None = None) -> IntArray:
    """Ward clusters 1..k (numbered by size)."""
    from scipy.cluster.hierarchy import fcluster

    t = ward_tree(d) if tree is None else tree
    labels = fcluster(t, k, criterion="maxclust").astype(np.int64)
    return _renumber(labels)


def pam(d: npt.ArrayLike, k: int, *, max_iter: int = 1000) -> tuple[IntArray, IntArray]:
    """PAM clusters 1..k (numbered by size) and the medoid indices (in cluster order)."""
    m = _square(d)
    n = len(m)
    if not 1 <= k <= n:
        raise ValueError(f"k must be between 1 and {n}")
    # BUILD: the most central case, then each time the case that lowers the cost most
    med = [int(np.argmin(m.sum(axis=0)))]
    near = m[:, med[0]].copy()
    for _ in range(1, k):
        gain = np.maximum(near[:, None] - m, 0.0).sum(axis=0)
        gain[med] = -1.0
        best = int(np.argmax(gain))
        med.append(best)
        near = np.minimum(near, m[:, best])
    # SWAP: best exchange (medoid out, case in) while it lowers the cost
    for _ in range(max_iter):
        dm = m[:, med]
        order = np.argsort(dm, axis=1, kind="stable")
        nearest = order[:, 0]
        d1 = dm[np.arange(n), nearest]
        d2 = dm[np.arange(n), order[:, 1]] if k > 1 else np.full(n, np.inf)
        keep = np.minimum(m, d1[:, None])  # [j, h]: j's distance if h joins, its medoid stays
        lost = np.minimum(m, d2[:, None]) - keep  # extra when j's own medoid leaves
        onehot = (nearest[None, :] == np.arange(k)[:, None]).astype(np.float64)
        total = keep.sum(axis=0)[None, :] + onehot @ lost  # [medoid slot, candidate h]
        total[:, med] = np.inf
        slot, h = np.unravel_index(int(np.argmin(total)), total.shape)
        if total[slot, h] >= d1.sum() - 1e-12 * max(1.0, d1.sum()):
            break
        med[int(slot)] = int(h)
    labels = np.argmin(m[:, med], axis=1)
    labels[med] = np.arange(k)  # a medoid belongs to its own cluster (ties)
    new = _renumber(labels)
    medoid_of = np.empty(k, dtype=np.int64)
    for mi in med:
        medoid_of[new[mi] - 1] = mi
    return new, medoid_of


def medoids(d: npt.ArrayLike, labels: npt.ArrayLike) -> IntArray:
    """Index of each cluster's medoid (clusters ``1..k`` in order)."""
    m = _square(d)
    lab = np.asarray(labels, dtype=np.int64)
    out = []
    for c in range(1, int(lab.max()) + 1):
        members = np.flatnonzero(lab == c)
        sums = m[np.ix_(members, members)].sum(axis=1)
        out.append(int(members[int(np.argmin(sums))]))
    return np.array(out, dtype=np.int64)


def silhouettes(d: npt.ArrayLike, labels: npt.ArrayLike) -> FloatArray:
    """The silhouette width of every case (0 for a case alone in its cluster)."""
    m = _square(d)
    lab = np.asarray(labels, dtype=np.int64)
    k = int(lab.max())
    onehot = (lab[:, None] == np.arange(1, k + 1)[None, :]).astype(np.float64)
    sizes = onehot.sum(axis=0)
    sums = m @ onehot  # [i, c]: sum of distances from i to the members of c
    own = lab - 1
    n = len(m)
    own_size = sizes[own]
    with np.errstate(divide="ignore", invalid="ignore"):
        a = sums[np.arange(n), own] / (own_size - 1)
        means = sums / sizes[None, :]
    means[np.arange(n), own] = np.inf
    b = means.min(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        s = (b - a) / np.maximum(a, b)
    s = np.where(own_size > 1, s, 0.0)
    return np.nan_to_num(s, nan=0.0)


def cluster_quality(d: npt.ArrayLike, labels: npt.ArrayLike) -> dict[str, float]:
    """ASW, PBC and HC of one partition (see the module docstring)."""
    m = _square(d)
    lab = np.asarray(labels, dtype=np.int64)
    iu = np.triu_indices(len(m), k=1)
    dist = m[iu]
    between = (lab[iu[0]] != lab[iu[1]]).astype(np.float64)
    asw = float(silhouettes(m, lab).mean()) if len(m) else float("nan")
    if dist.std() > 0 and between.std() > 0:
        pbc = float(np.corrcoef(dist, between)[0, 1])
    else:
        pbc = float("nan")
    n_within = int((between == 0).sum())
    s_within = float(dist[between == 0].sum())
    ordered = np.sort(dist)
    s_min = float(ordered[:n_within].sum())
    s_max = float(ordered[len(ordered) - n_within :].sum()) if n_within else 0.0
    hc = (s_within - s_min) / (s_max - s_min) if s_max > s_min else float("nan")
    return {"ASW": asw, "PBC": pbc, "HC": hc}


def quality_table(
    d: npt.ArrayLike, method: str = "ward", ks: range | None = None
) -> tuple[pd.DataFrame, dict[int, IntArray]]:
    """Quality of the partitions into ``k`` = 2..10 clusters (fewer when there are few cases).

    Returns the table (``k, ASW, PBC, HC``) and each partition's labels.
    """
    m = _square(d)
    n = len(m)
    ks = ks if ks is not None else range(2, min(10, n - 1) + 1)
    tree = ward_tree(m) if method == "ward" and n > 1 else None
    rows, parts = [], {}
    for k in ks:
        labels = ward_clusters(m, k, tree) if method == "ward" else pam(m, k)[0]
        parts[k] = labels
        rows.append({"k": k, **cluster_quality(m, labels)})
    return pd.DataFrame(rows, columns=["k", "ASW", "PBC", "HC"]), parts
