"""Distances between activity sequences: optimal matching (OM) and LCS.

Uncoded segments are left out before comparing (the distance compares the sequences of
coded activities); :func:`fpmcoder.analysis.sequence.sequence_stats` reports how many.

* Optimal matching (TraMineR ``seqdist(method="OM", sm="CONSTANT")`` defaults): the
  cheapest edit of ``x`` into ``y`` with substitution cost ``sub`` (default 2) for two
  different activities, 0 for equal ones, and ``indel`` (default 1) for an insertion or a
  deletion.
* LCS (TraMineR ``method="LCS"``): ``d(x, y) = |x| + |y| - 2 LCS(x, y)`` with ``LCS`` the
  length of the longest common subsequence.

With the default costs (a substitution costs as much as a deletion plus an insertion) OM
and LCS give the same distance, as TraMineR documents; a cheaper substitution (e.g.
``sub=1``) makes OM reward aligned positions.

LCS uses the bit-parallel algorithm (one Python integer operation per symbol); OM with a
substitution cheaper than two indels runs its dynamic programme row by row over numpy
arrays (the within-row recurrence is a cumulative minimum).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from fpmcoder.analysis._encode import UNCODED, IntArray, encode
from fpmcoder.core.codebook import Codebook
from fpmcoder.core.sequence import CodedSequence

__all__ = ["distance_matrix", "lcs_distance", "lcs_length", "om_distance"]


def _as_array(x: Sequence[int] | IntArray) -> IntArray:
    return np.asarray(x, dtype=np.int64)


def lcs_length(x: Sequence[int] | IntArray, y: Sequence[int] | IntArray) -> int:
    """Length of the longest common subsequence of two integer sequences.

    Bit-parallel (Allison & Dix 1986; Hyyro 2004): one machine-word-wide Python integer
    operation per symbol of ``x`` instead of a row of the table.
    """
    a = [int(v) for v in x]
    b = [int(v) for v in y]
    if not a or not b:
        return 0
    masks: dict[int, int] = {}
    for j, sym in enumerate(b):
        masks[sym] = masks.get(sym, 0) | (1 << j)
    full = (1 << len(b)) - 1
    v = full
    for sym in a:
        u = v & masks.get(sym, 0)
        v = ((v + u) | (v - u)) & full
    return len(b) - v.bit_count()


def _lcs_length_table(x: Sequence[int] | IntArray, y: Sequence[int] | IntArray) -> int:
    """The textbook table, row by row (kept as a cross-check for the tests)."""
    a, b = _as_array(x), _as_array(y)
    if len(a) == 0 or len(b) == 0:
        return 0
    prev = np.zeros(len(b) + 1, dtype=np.int64)
    for sym in a:
        cand = np.empty_like(prev)
        cand[0] = 0
        cand[1:] = np.maximum(prev[1:], prev[:-1] + (b == sym))
        prev = np.maximum.accumulate(cand)
    return int(prev[-1])


def lcs_distance(x: Sequence[int] | IntArray, y: Sequence[int] | IntArray) -> int:
    """``|x| + |y| - 2 LCS(x, y)``."""
    return len(x) + len(y) - 2 * lcs_length(x, y)


def om_distance(
    x: Sequence[int] | IntArray,
    y: Sequence[int] | IntArray,
    *,
    sub: float = 2.0,
    indel: float = 1.0,
) -> float:
    """Optimal matching distance with constant substitution cost ``sub`` and ``indel``.

    When ``sub >= 2 * indel`` a substitution never beats a deletion plus an insertion, so
    the distance is ``indel * (|x| + |y| - 2 LCS)``, computed with the fast LCS.
    """
    if sub >= 2 * indel:
        return float(indel * lcs_distance(x, y))
    a, b = _as_array(x), _as_array(y)
    steps = np.arange(len(b) + 1, dtype=np.float64) * indel
    prev = steps.copy()
    for i, sym in enumerate(a, start=1):
        cand = np.empty_like(prev)
        cand[0] = i * indel
        cand[1:] = np.minimum(prev[1:] + indel, prev[:-1] + np.where(b == sym, 0.0, sub))
        # row[j] = min_k<=j cand[k] + (j - k) * indel
        prev = np.minimum.accumulate(cand - steps) + steps
    return float(prev[-1])


def distance_matrix(
    sequences: Sequence[CodedSequence],
    codebook: Codebook,
    *,
    method: str = "om",
    sub: float = 2.0,
    indel: float = 1.0,
) -> pd.DataFrame:
    """Square matrix of distances between the sequences (labels: transcript [coder])."""
    if method not in ("om", "lcs"):
        raise ValueError(f"method must be 'om' or 'lcs', not {method!r}")
    enc = encode(sequences, codebook)
    parts = [enc.codes[lo:hi] for lo, hi in zip(enc.offsets[:-1], enc.offsets[1:], strict=True)]
    coded = [p[p != UNCODED] for p in parts]
    n = len(coded)
    out = np.zeros((n, n))
    for i in range(n):
        for j in range(i + 1, n):
            if method == "om":
                d = om_distance(coded[i], coded[j], sub=sub, indel=indel)
            else:
                d = float(lcs_distance(coded[i], coded[j]))
            out[i, j] = out[j, i] = d
    coders = {s.coder for s in sequences}
    labels = [
        s.transcript if len(coders) <= 1 else f"{s.transcript} [{s.coder}]" for s in sequences
    ]
    return pd.DataFrame(out, index=pd.Index(labels, name="sequence"), columns=labels)
