"""Lagged transitions between activities, as GSEQ computes them (Bakeman & Quera 2011).

A transition at lag ``k`` is a pair of segments of one sequence ``k`` apart, ``from`` then
``to``, both coded; pairs are counted within a transcript, never across two. A pair with
an uncoded segment on either side is not an activity transition; the number of such pairs
is reported (``n_pairs_with_uncoded``) so nothing disappears silently.

Two levels:

* ``level="segment"`` (default): every pair, repeats included (``A A`` counts as
  ``A -> A`` at lag 1), the lagged sequential analysis of Bakeman & Gottman (1997).
* ``level="run"``: consecutive equal codes collapsed first (TraMineR's distinct successive
  states; an uncoded segment stays as a break between runs), so at lag 1 only changes of
  activity count and the diagonal is a **structural zero**: expected counts then come from
  quasi-independence fitted by iterative proportional fitting, and the adjusted residuals
  from that model (:mod:`fpmcoder.analysis.contingency`). At lags 2 and more a run can
  recur (``A B A``), so there are no structural zeros.

Groups (one transcript, a setting, a case, everything pooled) add the *counts* of their
sequences; probabilities and statistics come from the summed table, never from averaged
probabilities.

For a table ``x`` with row totals ``x_g+``, column totals ``x_+t`` and ``N`` pairs:
probability ``x_gt / x_g+``; expected (independence) ``x_g+ x_+t / N``; adjusted residual
``(x_gt - e_gt) / sqrt(e_gt (1 - x_g+/N) (1 - x_+t/N))`` (Allison & Liker 1982; Haberman's
adjusted residual); odds ratio with its 95% CI and Yule's Q from the 2x2 table (from g or
not) x (to t or not).

**Permutation test** (``permutations=N, seed=S``; segment level): the coded segments of
each transcript are shuffled among that transcript's coded positions (its composition and
its uncoded segments stay as they are), the table is counted again, ``N`` times. For each
cell, ``p_value = min(1, 2 min(P_ge, P_le))`` with ``P_ge = (1 + #{count* >= count}) /
(N + 1)`` and ``P_le`` likewise (two-sided; the ``+1`` keeps a sampled p-value from being 0,
Phipson & Smyth 2010). The same seed gives the same p-values.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from fpmcoder.analysis._encode import (
    UNCODED,
    Encoded,
    FloatArray,
    IntArray,
    encode,
    factorize,
    group_labels,
)
from fpmcoder.analysis._runs import block_starts
from fpmcoder.analysis.contingency import table_statistics
from fpmcoder.core.codebook import Codebook
from fpmcoder.core.sequence import CodedSequence
from fpmcoder.errors import InputError

__all__ = ["transition_statistics", "transition_table"]

COLUMNS = [
    "grouping",
    "group",
    "lag",
    "from",
    "to",
    "count",
    "row_total",
    "probability",
    "expected",
    "adjusted_residual",
    "odds_ratio",
    "or_ci_low",
    "or_ci_high",
    "yules_q",
]


def transition_statistics(
    counts: FloatArray, structural_zeros: FloatArray | None = None
) -> dict[str, FloatArray]:
    """Probabilities, expected counts, adjusted residuals, odds ratios and Yule's Q.

    ``counts`` has shape ``(..., K, K)`` (from, to); every result has the same shape.
    ``structural_zeros`` (K x K, true where a cell cannot occur) switches to
    quasi-independence fitted by IPF. Undefined values are NaN.
    """
    return table_statistics(counts, structural_zeros)


def _lag_pairs(enc: Encoded, level: str, lag: int) -> tuple[IntArray, IntArray, IntArray, IntArray]:
    """Positions ``i`` and ``i + lag`` of every pair within one sequence, and their codes."""
    codes, seq = enc.codes, enc.seq
    pos = np.arange(len(codes))
    if level == "run":
        starts = block_starts(codes, seq)
        codes, seq, pos = codes[starts], seq[starts], pos[starts]
    if lag >= len(codes):
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty, empty
    same = seq[:-lag] == seq[lag:]
    first = np.flatnonzero(same)
    return pos[first], pos[first + lag], codes[first], codes[first + lag]


def _count_tables(
    enc: Encoded, groups: list[str], level: str, lag: int
) -> tuple[FloatArray, list[str], FloatArray]:
    k = len(enc.activities)
    gidx, labels = factorize(groups)
    g = len(labels)
    i, _, src, dst = _lag_pairs(enc, level, lag)
    pair_group = gidx[enc.seq[i]]
    both = (src != UNCODED) & (dst != UNCODED)
    flat = (pair_group[both] * k + src[both]) * k + dst[both]
    counts = np.bincount(flat, minlength=g * k * k).reshape(g, k, k).astype(np.float64)
    n_unc = np.bincount(pair_group[~both], minlength=g).astype(np.float64)
    return counts, labels, n_unc


def permutation_counts(
    enc: Encoded, groups: list[str], lag: int, permutations: int, seed: int | None
) -> FloatArray:
    """Segment-level lag tables of ``permutations`` shuffles, shape ``(N, groups, K, K)``."""
    k = len(enc.activities)
    gidx, labels = factorize(groups)
    g = len(labels)
    i, j, src, dst = _lag_pairs(enc, "segment", lag)
    both = (src != UNCODED) & (dst != UNCODED)
    i, j = i[both], j[both]
    pair_group = gidx[enc.seq[i]]
    coded = np.flatnonzero(enc.codes != UNCODED)  # ascending, so grouped by sequence
    cseq = enc.seq[coded].astype(np.float64)
    values = enc.codes[coded]
    slot = np.full(len(enc.codes), -1, dtype=np.int64)
    slot[coded] = np.arange(len(coded))
    si, sj = slot[i], slot[j]
    rng = np.random.default_rng(seed)
    out = np.zeros((permutations, g, k, k), dtype=np.float64)
    chunk = max(1, min(permutations, 2_000_000 // max(len(coded), 1)))
    for lo in range(0, permutations, chunk):
        p = min(chunk, permutations - lo)
        order = np.argsort(cseq[None, :] + rng.random((p, len(coded))), axis=1, kind="stable")
        shuffled = values[order]  # row r: the codes of every sequence in a random order
        a, b = shuffled[:, si], shuffled[:, sj]
        flat = ((np.arange(p)[:, None] * g + pair_group[None, :]) * k + a) * k + b
        counts = np.bincount(flat.ravel(), minlength=p * g * k * k)
        out[lo : lo + p] = counts.reshape(p, g, k, k)
    return out


def permutation_p_values(observed: FloatArray, permuted: FloatArray) -> FloatArray:
    """Two-sided sampled p-values of each cell (see the module docstring)."""
    n = len(permuted)
    ge = 1.0 + (permuted >= observed[None]).sum(axis=0)
    le = 1.0 + (permuted <= observed[None]).sum(axis=0)
    p: FloatArray = np.minimum(1.0, 2.0 * np.minimum(ge, le) / (n + 1.0))
    return p


def transition_table(
    sequences: Sequence[CodedSequence],
    codebook: Codebook,
    *,
    by: str = "transcript",
    pooled: bool = True,
    level: str = "segment",
    lag: int = 1,
    permutations: int = 0,
    seed: int | None = None,
) -> pd.DataFrame:
    """Tidy transition table: one row per group and (from, to) pair of activities.

    Columns: ``grouping, group, lag, from, to, count, row_total, probability, expected,
    adjusted_residual, odds_ratio, or_ci_low, or_ci_high, yules_q``, ``p_value`` with
    ``permutations``, and ``n_pairs_with_uncoded`` (per group). ``by`` is transcript,
    setting, case or all; ``pooled`` adds the ``all`` group.
    """
    if level not in ("segment", "run"):
        raise ValueError(f"level must be 'segment' or 'run', not {level!r}")
    if lag < 1:
        raise InputError(f"lag {lag}: give 1 or more")
    if permutations < 0:
        raise InputError("the number of permutations cannot be negative")
    if permutations and level == "run":
        raise InputError(
            "the permutation test shuffles segments, which would break the runs: use it at "
            "the segment level (--level segment)"
        )
    enc = encode(sequences, codebook)
    acts = list(codebook.activity_ids)
    k = len(acts)
    zeros = np.eye(k, dtype=bool) if level == "run" and lag == 1 else None
    kinds = [by] + (["all"] if pooled and by != "all" else [])
    frames = []
    by_groups: FloatArray | None = None  # the shuffles' tables per group of ``by``
    for kind in kinds:
        groups = group_labels(sequences, kind)
        counts, labels, n_unc = _count_tables(enc, groups, level, lag)
        stats = table_statistics(counts, zeros)
        g = len(labels)
        columns: dict[str, object] = {
            "grouping": kind,
            "group": np.repeat(labels, k * k),
            "lag": lag,
            "from": np.tile(np.repeat(acts, k), g),
            "to": np.tile(acts, g * k),
            "count": counts.reshape(-1).astype(np.int64),
            "row_total": np.repeat(counts.sum(axis=2).reshape(-1), k).astype(np.int64),
            **{name: v.reshape(-1) for name, v in stats.items()},
        }
        if permutations:
            if kind == "all" and by_groups is not None:
                # the same shuffles (they do not depend on the groups), summed over groups
                permuted = by_groups.sum(axis=1, keepdims=True)
            else:
                permuted = by_groups = permutation_counts(enc, groups, lag, permutations, seed)
            columns["p_value"] = permutation_p_values(counts, permuted).reshape(-1)
        columns["n_pairs_with_uncoded"] = np.repeat(n_unc, k * k).astype(np.int64)
        frames.append(pd.DataFrame(columns))
    out = pd.concat(frames, ignore_index=True)
    out.attrs["level"] = level
    out.attrs["lag"] = lag
    out.attrs["permutations"] = permutations
    out.attrs["seed"] = seed
    return out
