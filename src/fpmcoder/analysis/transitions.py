"""First-order transitions between activities: counts, probabilities, adjusted residuals, Yule's Q.

A transition is a pair of *adjacent coded* segments of one sequence, ``from`` then ``to``.
A pair with an uncoded segment on either side is not an activity transition; the number of
such pairs is reported (``n_pairs_with_uncoded``) so nothing disappears silently.

Two levels:

* ``level="segment"`` (default): every adjacent pair, repeats included (``A A`` counts as
  ``A -> A``), the lag-1 sequential analysis of Bakeman & Gottman (1997).
* ``level="run"``: consecutive equal codes collapsed (TraMineR's distinct successive
  states): only changes of activity, so the diagonal is structurally zero. Adjusted
  residuals are then not defined by the independence formula and are left empty.

Groups (one transcript, a setting, a case, everything pooled) add the *counts* of their
sequences; probabilities and statistics come from the summed table, never from averaged
probabilities.

For a table ``x`` with row totals ``x_g+``, column totals ``x_+t`` and ``N`` pairs:

* probability ``p(t|g) = x_gt / x_g+``;
* expected ``e_gt = x_g+ x_+t / N``;
* adjusted residual (Allison & Liker 1982, as given by Bakeman & Gottman 1997; Haberman's
  adjusted residual) ``z = (x_gt - e_gt) / sqrt(e_gt (1 - x_g+/N) (1 - x_+t/N))``;
* Yule's Q from the 2x2 table (given g or not) x (target t or not):
  ``a = x_gt, b = x_g+ - a, c = x_+t - a, d = N - a - b - c``, ``Q = (ad - bc) / (ad + bc)``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from fpmcoder.analysis._encode import (
    UNCODED,
    Encoded,
    FloatArray,
    encode,
    factorize,
    group_labels,
)
from fpmcoder.core.codebook import Codebook
from fpmcoder.core.sequence import CodedSequence

__all__ = ["transition_statistics", "transition_table"]

COLUMNS = [
    "grouping",
    "group",
    "from",
    "to",
    "count",
    "row_total",
    "probability",
    "expected",
    "adjusted_residual",
    "yules_q",
]


def transition_statistics(counts: FloatArray) -> dict[str, FloatArray]:
    """Probabilities, expected counts, adjusted residuals and Yule's Q of count tables.

    ``counts`` has shape ``(..., K, K)`` (from, to); every result has the same shape.
    Undefined values (a zero row, a zero margin) are NaN.
    """
    x = np.asarray(counts, dtype=np.float64)
    row = x.sum(axis=-1, keepdims=True)
    col = x.sum(axis=-2, keepdims=True)
    n = x.sum(axis=(-2, -1), keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        prob = x / row
        expected = row * col / n
        z = (x - expected) / np.sqrt(expected * (1.0 - row / n) * (1.0 - col / n))
        a = x
        b = row - a
        c = col - a
        d = n - a - b - c
        q = (a * d - b * c) / (a * d + b * c)
    return {"probability": prob, "expected": expected, "adjusted_residual": z, "yules_q": q}


def _count_tables(
    enc: Encoded, groups: list[str], level: str
) -> tuple[FloatArray, list[str], FloatArray]:
    k = len(enc.activities)
    gidx, labels = factorize(groups)
    g = len(labels)
    same = enc.seq[1:] == enc.seq[:-1]
    src, dst = enc.codes[:-1], enc.codes[1:]
    both = same & (src != UNCODED) & (dst != UNCODED)
    if level == "run":
        both &= src != dst
    pair_group = gidx[enc.seq[1:]]
    flat = (pair_group[both] * k + src[both]) * k + dst[both]
    counts = np.bincount(flat, minlength=g * k * k).reshape(g, k, k).astype(np.float64)
    with_uncoded = same & ((src == UNCODED) | (dst == UNCODED))
    n_unc = np.bincount(pair_group[with_uncoded], minlength=g).astype(np.float64)
    return counts, labels, n_unc


def transition_table(
    sequences: Sequence[CodedSequence],
    codebook: Codebook,
    *,
    by: str = "transcript",
    pooled: bool = True,
    level: str = "segment",
) -> pd.DataFrame:
    """Tidy transition table: one row per group and (from, to) pair of activities.

    Columns: ``grouping, group, from, to, count, row_total, probability, expected,
    adjusted_residual, yules_q, n_pairs_with_uncoded`` (the last one per group). ``by`` is
    transcript, setting, case or all; ``pooled`` adds the ``all`` group.
    """
    if level not in ("segment", "run"):
        raise ValueError(f"level must be 'segment' or 'run', not {level!r}")
    enc = encode(sequences, codebook)
    acts = list(codebook.activity_ids)
    k = len(acts)
    kinds = [by] + (["all"] if pooled and by != "all" else [])
    frames = []
    for kind in kinds:
        counts, labels, n_unc = _count_tables(enc, group_labels(sequences, kind), level)
        stats = transition_statistics(counts)
        if level == "run":
            stats["expected"][:] = np.nan
            stats["adjusted_residual"][:] = np.nan
        g = len(labels)
        frames.append(
            pd.DataFrame(
                {
                    "grouping": kind,
                    "group": np.repeat(labels, k * k),
                    "from": np.tile(np.repeat(acts, k), g),
                    "to": np.tile(acts, g * k),
                    "count": counts.reshape(-1).astype(np.int64),
                    "row_total": np.repeat(counts.sum(axis=2).reshape(-1), k).astype(np.int64),
                    **{name: v.reshape(-1) for name, v in stats.items()},
                    "n_pairs_with_uncoded": np.repeat(n_unc, k * k).astype(np.int64),
                }
            )
        )
    out = pd.concat(frames, ignore_index=True)
    out.attrs["level"] = level
    return out
