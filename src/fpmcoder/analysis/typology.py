"""A typology of cases: distances between sequences, clusters, their quality and medoids.

:func:`typology` chains :func:`fpmcoder.analysis.distance.distance_matrix` and the
clustering of :mod:`fpmcoder.analysis.cluster` (Ward or PAM). With ``clusters=None`` it
tries ``k`` = 2..10 and keeps the partition with the largest average silhouette width
(the smaller ``k`` on ties), as researchers do with WeightedCluster's quality table.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from fpmcoder.analysis.cluster import (
    cluster_quality,
    medoids,
    pam,
    quality_table,
    silhouettes,
    ward_clusters,
)
from fpmcoder.analysis.distance import distance_matrix
from fpmcoder.core.codebook import Codebook
from fpmcoder.core.sequence import CodedSequence
from fpmcoder.errors import InputError

__all__ = ["CLUSTER_METHODS", "Typology", "typology"]

CLUSTER_METHODS = ("ward", "pam")


@dataclass(frozen=True)
class Typology:
    """The result of :func:`typology`.

    ``clusters`` has one row per sequence in input order: ``sequence, transcript, coder,
    setting, case, n_segments, cluster, medoid, is_medoid, distance_to_medoid,
    silhouette``. ``order`` lists the sequences grouped by cluster and, within each,
    by distance to the medoid (the medoid first): the rows of a sequence index plot.
    """

    distances: pd.DataFrame
    clusters: pd.DataFrame
    quality: pd.DataFrame
    k: int
    method: str
    order: list[int]

    @property
    def sizes(self) -> list[int]:
        return [int((self.clusters["cluster"] == c).sum()) for c in range(1, self.k + 1)]


def typology(
    sequences: Sequence[CodedSequence],
    codebook: Codebook,
    *,
    distance: str = "om",
    costs: str = "constant",
    indel: float | None = None,
    norm: str = "none",
    method: str = "ward",
    clusters: int | None = None,
) -> Typology:
    """Cluster the sequences (``clusters=None``: choose ``k`` by silhouette)."""
    if method not in CLUSTER_METHODS:
        raise ValueError(f"method must be ward or pam, not {method!r}")
    n = len(sequences)
    if n < 3:
        raise InputError(f"a typology needs at least three transcripts; there are {n}")
    if clusters is not None and not 2 <= clusters <= n - 1:
        raise InputError(f"--clusters {clusters}: give 2 to {n - 1} for {n} transcripts")
    dist = distance_matrix(
        sequences, codebook, method=distance, costs=costs, indel=indel, norm=norm
    )
    m = dist.to_numpy()
    if clusters is None:
        quality, parts = quality_table(m, method)
        best = quality["ASW"].fillna(-np.inf).to_numpy()
        k = int(quality["k"].iloc[int(np.argmax(best))])
        labels = parts[k]
    else:
        k = clusters
        labels = ward_clusters(m, k) if method == "ward" else pam(m, k)[0]
        quality = pd.DataFrame([{"k": k, **cluster_quality(m, labels)}])
    k = int(labels.max())
    meds = medoids(m, labels)
    sil = silhouettes(m, labels)
    med_of = meds[labels - 1]
    to_med = m[np.arange(n), med_of]
    names = list(dist.index)
    frame = pd.DataFrame(
        {
            "sequence": names,
            "transcript": [s.transcript for s in sequences],
            "coder": [s.coder or "" for s in sequences],
            "setting": [s.setting or "" for s in sequences],
            "case": [s.case or "" for s in sequences],
            "n_segments": [len(s) for s in sequences],
            "cluster": labels,
            "medoid": [names[i] for i in med_of],
            "is_medoid": np.arange(n) == med_of,
            "distance_to_medoid": to_med,
            "silhouette": sil,
        }
    )
    order = sorted(range(n), key=lambda i: (labels[i], not frame["is_medoid"][i], to_med[i], i))
    return Typology(dist, frame, quality, k, method, order)
