"""Distances between activity sequences: optimal matching (OM), LCS and Hamming, as TraMineR.

Definitions follow TraMineR's ``seqdist`` and ``seqcost`` (Gabadinho et al. 2011; Studer &
Ritschard 2016); the defaults are TraMineR's (no normalisation unless asked).

* **Optimal matching** (``method="om"``): the cheapest series of edits turning ``x`` into
  ``y``: substituting ``a`` by ``b`` costs ``sub[a, b]`` (0 for equal activities), inserting
  or deleting a segment costs ``indel``. Substitution costs ``costs="constant"`` (TraMineR
  ``sm = "CONSTANT"``: ``sub`` between any two different activities, default 2, indel
  default 1) or ``costs="trate"`` (TraMineR ``sm = "TRATE"``: ``2 - p(a|b) - p(b|a)`` with
  ``p(b|a)`` the transition rate from ``a`` to ``b`` between adjacent segments of the
  sequences compared, and indel ``max(sub) / 2``, TraMineR's ``indel = "auto"``).
* **LCS** (``method="lcs"``): ``|x| + |y| - 2 LCS(x, y)``, ``LCS`` the length of the longest
  common subsequence; this is OM with substitution 2 and indel 1, as in TraMineR.
* **Hamming** (``method="hamming"``): sequences of equal length compared position by
  position, the sum of ``sub[x_t, y_t]`` (TraMineR ``method = "HAM"``, default constant
  cost 1).

**Uncoded segments.** OM and LCS leave them out before comparing (the distance compares
the sequences of coded activities, TraMineR's reading of sequences defined with their gaps
deleted). Hamming keeps every position, so an uncoded segment is a state of its own: it
costs the constant substitution cost (TraMineR's ``miss.cost``, ``cval``) against any
activity and nothing against another uncoded segment. TRATE rates are estimated from
adjacent *coded* segments of the sequences as compared.

**Normalisation** (``norm``, TraMineR's formulas, with ``l_x = |x| indel``, ``l_y = |y|
indel`` and ``maxdist = ||x| - |y|| indel + min(max sub, 2 indel) min(|x|, |y|)``, the
largest distance two sequences of those lengths can have): ``maxlength``
``d / max(l_x, l_y)``; ``gmean`` ``1 - (maxdist - d) / (2 sqrt(l_x l_y))`` (for LCS:
``1 - LCS / sqrt(|x| |y|)``, Elzinga's); ``maxdist`` ``d / maxdist``; ``yujianbo``
``2 d / (d + l_x + l_y)`` (Yujian & Bo 2007). A zero distance stays 0. For Hamming,
``l_x = l_y = maxdist = length x max sub``.

All pairs are computed by the compiled kernels of :mod:`fpmcoder.analysis._dp`; the
single-pair functions below stay as readable references (and the tests' cross-check).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from fpmcoder.analysis._dp import lcs_all_pairs, om_all_pairs, pad_sequences
from fpmcoder.analysis._encode import UNCODED, FloatArray, IntArray, encode
from fpmcoder.core.codebook import Codebook
from fpmcoder.core.sequence import CodedSequence
from fpmcoder.errors import InputError

__all__ = [
    "COSTS",
    "METHODS",
    "NORMS",
    "distance_matrix",
    "lcs_distance",
    "lcs_length",
    "om_distance",
    "pairwise_distances",
    "substitution_costs",
    "transition_rates",
]

METHODS = ("om", "lcs", "hamming")
COSTS = ("constant", "trate")
NORMS = ("none", "maxlength", "gmean", "maxdist", "yujianbo")


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


def transition_rates(sequences: Sequence[IntArray], k: int) -> FloatArray:
    """``p(b|a)``: share of adjacent pairs from ``a`` that go to ``b`` (TraMineR ``seqtrate``).

    Pairs with an uncoded (negative) code on either side are not counted; a state that
    never starts a pair has a row of zeros.
    """
    counts = np.zeros(k * k, dtype=np.float64)
    for s in sequences:
        a, b = s[:-1], s[1:]
        ok = (a >= 0) & (b >= 0)
        counts += np.bincount(a[ok] * k + b[ok], minlength=k * k)
    table = counts.reshape(k, k)
    rows = table.sum(axis=1, keepdims=True)
    rates: FloatArray = np.divide(table, rows, out=np.zeros_like(table), where=rows > 0)
    return rates


def substitution_costs(
    sequences: Sequence[IntArray], k: int, costs: str = "constant", value: float = 2.0
) -> FloatArray:
    """K x K substitution costs: ``value`` off the diagonal, or TRATE ``2 - p(a|b) - p(b|a)``."""
    if costs == "constant":
        sub = np.full((k, k), float(value))
    elif costs == "trate":
        p = transition_rates(sequences, k)
        sub = 2.0 - p - p.T
    else:
        raise ValueError(f"costs must be one of {', '.join(COSTS)}, not {costs!r}")
    np.fill_diagonal(sub, 0.0)
    return sub


def _normalise(
    d: FloatArray, lx: FloatArray, ly: FloatArray, maxdist: FloatArray, norm: str
) -> FloatArray:
    with np.errstate(divide="ignore", invalid="ignore"):
        if norm == "maxlength":
            big = np.maximum(lx, ly)
            out = np.where(big > 0, d / big, 0.0)
        elif norm == "gmean":
            prod = lx * ly
            edge = np.where(lx == ly, 0.0, 1.0)
            out = np.where(prod > 0, 1.0 - (maxdist - d) / (2.0 * np.sqrt(prod)), edge)
        elif norm == "maxdist":
            out = np.where(maxdist > 0, d / maxdist, 1.0)
        else:  # yujianbo
            total = lx + ly
            out = np.where(total > 0, 2.0 * d / (d + total), 1.0)
    return np.where(d == 0, 0.0, out)


def _hamming(
    parts: list[IntArray], k: int, sub: FloatArray, missing_cost: float, labels: list[str]
) -> tuple[FloatArray, FloatArray]:
    lengths = {len(p) for p in parts}
    if len(lengths) > 1:
        first = len(parts[0])
        other = next(i for i, p in enumerate(parts) if len(p) != first)
        raise InputError(
            f"Hamming distances need sequences of equal length: {labels[0]!r} has {first} "
            f"segments and {labels[other]!r} {len(parts[other])}; use --distance om or lcs"
        )
    ext = np.full((k + 1, k + 1), float(missing_cost))
    ext[:k, :k] = sub
    ext[k, k] = 0.0
    codes = np.stack(parts) if parts else np.zeros((0, 0), dtype=np.int64)
    codes = np.where(codes == UNCODED, k, codes)
    onehot = (codes[None, :, :] == np.arange(k + 1)[:, None, None]).astype(np.float64)
    # D[i, j] = sum_t ext[x_it, x_jt] = sum_a onehot_a @ (sum_b ext[a, b] onehot_b).T
    weighted = np.tensordot(ext, onehot, axes=(1, 0))
    d = np.einsum("aik,ajk->ij", onehot, weighted)
    length = float(next(iter(lengths), 0))
    return d, np.full(d.shape, length * float(ext.max()))


def pairwise_distances(
    coded: Sequence[IntArray],
    k: int,
    *,
    method: str = "om",
    costs: str = "constant",
    sub: float | None = None,
    indel: float | None = None,
    norm: str = "none",
    labels: Sequence[str] | None = None,
) -> tuple[FloatArray, FloatArray, float]:
    """All-pairs distances of integer sequences (``-1`` uncoded); see the module docstring.

    Returns ``(distances, substitution costs, indel)``.
    """
    if method not in METHODS:
        raise ValueError(f"method must be one of {', '.join(METHODS)}, not {method!r}")
    if norm not in NORMS:
        raise ValueError(f"norm must be one of {', '.join(NORMS)}, not {norm!r}")
    names = list(labels) if labels is not None else [str(i) for i in range(len(coded))]
    parts = [np.asarray(c, dtype=np.int64) for c in coded]
    if method == "hamming":
        value = 1.0 if sub is None else float(sub)
        costs_m = substitution_costs(parts, k, costs, value)
        missing = value if costs == "constant" else 2.0
        d, maxdist = _hamming(parts, k, costs_m, missing, names)
        return (
            (d if norm == "none" else _normalise(d, maxdist, maxdist, maxdist, norm)),
            (costs_m),
            float("nan"),
        )
    compared = [p[p != UNCODED] for p in parts]
    if method == "lcs":
        costs_m, ind = substitution_costs(compared, k, "constant", 2.0), 1.0
    else:
        costs_m = substitution_costs(compared, k, costs, 2.0 if sub is None else float(sub))
        ind = (
            float(indel)
            if indel is not None
            else (1.0 if costs == "constant" else float(costs_m.max()) / 2.0)
        )
        if ind <= 0:
            raise ValueError("the indel cost must be positive")
    pad, lengths = pad_sequences(compared)
    off = costs_m[~np.eye(k, dtype=bool)]
    top = float(off.max()) if off.size else 0.0
    if top >= 2 * ind and off.size and np.all(off == top):
        common = lcs_all_pairs(pad, lengths, k)
        d = ind * (lengths[:, None] + lengths[None, :] - 2 * common).astype(np.float64)
    else:
        d = om_all_pairs(pad, lengths, costs_m, ind)
    if norm == "none":
        return d, costs_m, ind
    lx = lengths[:, None] * ind + np.zeros(len(lengths))[None, :]
    ly = lx.T
    maxsub = min(top, 2 * ind)
    mx = np.abs(lengths[:, None] - lengths[None, :]) * ind + maxsub * np.minimum(
        lengths[:, None], lengths[None, :]
    )
    return _normalise(d, lx, ly, mx.astype(np.float64), norm), costs_m, ind


def sequence_labels(sequences: Sequence[CodedSequence]) -> list[str]:
    """``transcript``, or ``transcript [coder]`` when several coders are present."""
    coders = {s.coder for s in sequences}
    return [s.transcript if len(coders) <= 1 else f"{s.transcript} [{s.coder}]" for s in sequences]


def distance_matrix(
    sequences: Sequence[CodedSequence],
    codebook: Codebook,
    *,
    method: str = "om",
    costs: str = "constant",
    sub: float | None = None,
    indel: float | None = None,
    norm: str = "none",
) -> pd.DataFrame:
    """Square matrix of distances between the sequences (labels: transcript [coder]).

    ``attrs`` records what was computed: ``method``, ``costs``, ``indel``, ``norm`` and
    the ``substitution`` costs (``{from: {to: cost}}``).
    """
    enc = encode(sequences, codebook)
    parts = [enc.codes[lo:hi] for lo, hi in zip(enc.offsets[:-1], enc.offsets[1:], strict=True)]
    labels = sequence_labels(sequences)
    k = len(enc.activities)
    d, sub_m, ind = pairwise_distances(
        parts, k, method=method, costs=costs, sub=sub, indel=indel, norm=norm, labels=labels
    )
    out = pd.DataFrame(d, index=pd.Index(labels, name="sequence"), columns=labels)
    acts = list(enc.activities)
    out.attrs.update(
        method=method,
        costs="constant" if method == "lcs" else costs,
        indel=ind,
        norm=norm,
        # plain floats, not a DataFrame: pandas compares attrs when it concatenates frames
        substitution={
            a: dict(zip(acts, map(float, row), strict=True))
            for a, row in zip(acts, sub_m, strict=True)
        },
    )
    return out
