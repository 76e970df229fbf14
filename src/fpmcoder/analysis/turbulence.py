"""Within-sequence entropy and Elzinga's turbulence, as TraMineR defines them.

Both are computed, like TraMineR's ``seqient`` / ``seqST`` with their default
``with.missing=FALSE``, on the sequence of *coded* segments: uncoded segments are left out
first (``A A - A B`` is read as ``A A A B``). The number left out is reported beside them.

* entropy: ``h = -sum_a p_a log p_a / log K`` with ``p_a`` the share of coded segments in
  activity ``a`` and ``K`` the number of activities in the codebook (``seqient(norm=TRUE)``
  with the codebook as alphabet).
* turbulence (``seqST``, type 1): ``T = log2(phi * (s2max + 1) / (s2 + 1))`` where ``phi``
  is the number of distinct subsequences (the empty one included) of the distinct
  successive states (DSS), ``s2`` the population variance of the spell durations,
  ``s2max = (d - 1) (1 - tbar)^2``, ``d`` the number of spells and ``tbar`` their mean
  duration.
* normalised turbulence (``seqST(norm=TRUE)``): ``(T - 1) / (Tmax - 1)`` with ``Tmax`` the
  turbulence of the alphabet repeated in order up to the longest sequence analysed.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from fpmcoder.analysis._encode import UNCODED, Encoded, FloatArray
from fpmcoder.analysis._runs import block_starts

__all__ = ["count_distinct_subsequences", "entropy", "max_turbulence", "turbulence"]


def count_distinct_subsequences(symbols: Sequence[int], alphabet_size: int) -> int:
    """Distinct subsequences of ``symbols``, the empty one included (exact, Python ints).

    The standard recurrence: appending ``x`` doubles the count, minus the subsequences
    already counted when ``x`` was last appended.
    """
    total = 1
    last = [0] * alphabet_size
    for x in symbols:
        total, last[x] = 2 * total - last[x], total
    return total


def entropy(enc: Encoded) -> FloatArray:
    """Normalised within-sequence entropy per sequence (NaN when nothing is coded)."""
    k = len(enc.activities)
    coded = enc.codes != UNCODED
    counts = np.bincount(
        enc.seq[coded] * k + enc.codes[coded], minlength=enc.n_sequences * k
    ).reshape(enc.n_sequences, k)
    n = counts.sum(axis=1, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = counts / n
        terms = np.where(counts > 0, -p * np.log(np.where(p > 0, p, 1.0)), 0.0)
    h = terms.sum(axis=1) / math.log(k)
    h[n[:, 0] == 0] = np.nan
    return np.asarray(h, dtype=np.float64)


def _turbulence_value(phi: int, s2: float, s2max: float) -> float:
    return math.log2(phi) + math.log2((s2max + 1.0) / (s2 + 1.0))


def max_turbulence(length: int, alphabet_size: int) -> float:
    """Turbulence of the alphabet repeated in order up to ``length`` (TraMineR's maximum)."""
    if length <= 0:
        return float("nan")
    dss = [i % alphabet_size for i in range(length)]
    return _turbulence_value(count_distinct_subsequences(dss, alphabet_size), 0.0, 0.0)


def turbulence(enc: Encoded, *, max_length: int | None = None) -> tuple[FloatArray, FloatArray]:
    """Turbulence and normalised turbulence per sequence (NaN when nothing is coded).

    ``max_length`` is the length used for the normalising maximum; by default, as in
    TraMineR, the longest sequence (in coded segments) among those given.
    """
    k = len(enc.activities)
    s = enc.n_sequences
    coded = enc.codes != UNCODED
    codes = enc.codes[coded]
    seq = enc.seq[coded]
    n_coded = np.bincount(seq, minlength=s)
    starts = np.flatnonzero(block_starts(codes, seq))
    durations = np.diff(np.append(starts, len(codes))).astype(np.float64)
    spell_seq = seq[starts]
    dss = codes[starts]
    d = np.bincount(spell_seq, minlength=s).astype(np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        tbar = n_coded / d
        dev = durations - tbar[spell_seq]
        s2 = np.bincount(spell_seq, weights=dev * dev, minlength=s) / d
        s2max = (d - 1.0) * (1.0 - tbar) ** 2
    bounds = np.searchsorted(spell_seq, np.arange(s + 1))
    dss_list: list[int] = dss.tolist()
    out = np.full(s, np.nan)
    for i in range(s):
        lo, hi = int(bounds[i]), int(bounds[i + 1])
        if hi > lo:
            phi = count_distinct_subsequences(dss_list[lo:hi], k)
            out[i] = _turbulence_value(phi, float(s2[i]), float(s2max[i]))
    longest = int(n_coded.max()) if max_length is None and s else (max_length or 0)
    t_max = max_turbulence(longest, k)
    if longest <= 1 or not t_max > 1.0:
        norm = np.where(np.isnan(out), np.nan, 0.0)
    else:
        norm = (out - 1.0) / (t_max - 1.0)
    return out, np.asarray(norm, dtype=np.float64)
