"""Statistics of square transition tables, with or without structural zeros (GSEQ's).

Every function takes counts of shape ``(..., K, K)`` (from, to) and works on all tables at
once; undefined values (a zero row, a zero margin, a zero cell in an odds ratio) are NaN.

* **Expected counts.** Without structural zeros: independence, ``e = x_g+ x_+t / N``. With
  structural zeros (the diagonal of a run-level lag-1 table, where a run cannot follow a
  run of its own activity): quasi-independence, fitted by **iterative proportional
  fitting** (Deming & Stephan 1940; Bakeman & Quera 2011, as GSEQ does): start from 1 in
  every allowed cell and 0 in the structural zeros, scale rows to the observed row totals
  and columns to the observed column totals in turn until the margins match.
* **Adjusted residuals** (Haberman 1973, 1979): ``(x - e) / sqrt(e (1 - h))`` with ``h``
  the leverage of the cell in the log-linear model (row and column effects over the
  allowed cells): ``h = e * [X (X' diag(e) X)^-1 X']``. For independence this is exactly
  Allison & Liker's ``(x - e) / sqrt(e (1 - x_g+/N) (1 - x_+t/N))``; with structural zeros
  it is the residual GSEQ reports.
* **Odds ratio** of each cell from the 2x2 table (from ``g`` or not) x (to ``t`` or not),
  ``a = x_gt, b = x_g+ - a, c = x_+t - a, d = N - a - b - c``: ``OR = ad / bc`` with the
  95% confidence interval ``exp(log OR +- 1.96 sqrt(1/a + 1/b + 1/c + 1/d))`` (Woolf's
  log-odds standard error); empty when a cell of the 2x2 table is 0. **Yule's Q**
  ``= (ad - bc) / (ad + bc) = (OR - 1) / (OR + 1)``. A structural zero has neither (it
  cannot occur, so nothing is associated with it).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from fpmcoder.analysis._encode import BoolArray, FloatArray

__all__ = ["Z_95", "adjusted_residuals", "ipf_expected", "odds_ratios", "table_statistics"]

Z_95 = 1.959963984540054  # the 97.5% quantile of the standard normal


def ipf_expected(
    counts: npt.ArrayLike,
    structural_zeros: npt.ArrayLike | None = None,
    *,
    tol: float = 1e-10,
    max_iter: int = 10_000,
) -> FloatArray:
    """Expected counts under (quasi-)independence by iterative proportional fitting."""
    x = np.asarray(counts, dtype=np.float64)
    k = x.shape[-1]
    zeros = (
        np.zeros((k, k), dtype=bool)
        if structural_zeros is None
        else np.asarray(structural_zeros, dtype=bool)
    )
    row = x.sum(axis=-1, keepdims=True)
    col = x.sum(axis=-2, keepdims=True)
    m = np.broadcast_to(np.where(zeros, 0.0, 1.0), x.shape).copy()
    for _ in range(max_iter):
        with np.errstate(divide="ignore", invalid="ignore"):
            m *= np.nan_to_num(row / m.sum(axis=-1, keepdims=True))
            m *= np.nan_to_num(col / m.sum(axis=-2, keepdims=True))
        gap = np.abs(m.sum(axis=-1, keepdims=True) - row).max(initial=0.0)
        if gap <= tol * max(1.0, float(row.max(initial=0.0))):
            break
    return m


def _design(k: int, allowed: BoolArray) -> FloatArray:
    """Log-linear design (intercept, K-1 row and K-1 column effects) of the allowed cells."""
    rows, cols = np.nonzero(allowed)
    x = np.zeros((len(rows), 2 * k - 1))
    x[:, 0] = 1.0
    for j in range(1, k):
        x[rows == j, j] = 1.0
        x[cols == j, k - 1 + j] = 1.0
    return x


def adjusted_residuals(
    counts: npt.ArrayLike, expected: npt.ArrayLike, structural_zeros: npt.ArrayLike | None = None
) -> FloatArray:
    """Haberman's adjusted residuals of fitted (quasi-)independence (see the module docstring)."""
    x = np.asarray(counts, dtype=np.float64)
    e = np.asarray(expected, dtype=np.float64)
    k = x.shape[-1]
    if structural_zeros is None:
        n = x.sum(axis=(-2, -1), keepdims=True)
        row = x.sum(axis=-1, keepdims=True)
        col = x.sum(axis=-2, keepdims=True)
        with np.errstate(divide="ignore", invalid="ignore"):
            out: FloatArray = (x - e) / np.sqrt(e * (1.0 - row / n) * (1.0 - col / n))
        return out
    zeros = np.asarray(structural_zeros, dtype=bool)
    flat_x = x.reshape(-1, k, k)
    flat_e = e.reshape(-1, k, k)
    res = np.full(flat_x.shape, np.nan)
    for i in range(len(flat_x)):
        allowed = ~zeros & (flat_e[i] > 0)
        if not allowed.any():
            continue
        design = _design(k, allowed)
        w = flat_e[i][allowed]
        info = design.T @ (design * w[:, None])
        lev = w * np.einsum("ij,jk,ik->i", design, np.linalg.pinv(info), design)
        with np.errstate(divide="ignore", invalid="ignore"):
            z = (flat_x[i][allowed] - w) / np.sqrt(w * (1.0 - lev))
        z[1.0 - lev <= 1e-12] = np.nan
        res[i][allowed] = z
    return res.reshape(x.shape)


def odds_ratios(counts: npt.ArrayLike) -> dict[str, FloatArray]:
    """Odds ratio, its 95% CI (log-odds standard error) and Yule's Q of every cell."""
    x = np.asarray(counts, dtype=np.float64)
    row = x.sum(axis=-1, keepdims=True)
    col = x.sum(axis=-2, keepdims=True)
    n = x.sum(axis=(-2, -1), keepdims=True)
    a = x
    b = row - a
    c = col - a
    d = n - a - b - c
    with np.errstate(divide="ignore", invalid="ignore"):
        q = (a * d - b * c) / (a * d + b * c)
        full = (a > 0) & (b > 0) & (c > 0) & (d > 0)
        log_or = np.where(full, np.log(a * d) - np.log(b * c), np.nan)
        se = np.where(full, np.sqrt(1 / a + 1 / b + 1 / c + 1 / d), np.nan)
    return {
        "odds_ratio": np.exp(log_or),
        "or_ci_low": np.exp(log_or - Z_95 * se),
        "or_ci_high": np.exp(log_or + Z_95 * se),
        "yules_q": q,
    }


def table_statistics(
    counts: npt.ArrayLike, structural_zeros: npt.ArrayLike | None = None
) -> dict[str, FloatArray]:
    """Probability, expected, adjusted residual, odds ratio with CI, Yule's Q of each cell."""
    x = np.asarray(counts, dtype=np.float64)
    row = x.sum(axis=-1, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        prob = x / row
    if structural_zeros is None:
        col = x.sum(axis=-2, keepdims=True)
        n = x.sum(axis=(-2, -1), keepdims=True)
        with np.errstate(divide="ignore", invalid="ignore"):
            expected = row * col / n
    else:
        expected = ipf_expected(x, structural_zeros)
        zeros = np.broadcast_to(np.asarray(structural_zeros, dtype=bool), x.shape)
        expected = np.where(zeros | (x.sum(axis=(-2, -1), keepdims=True) == 0), np.nan, expected)
    z = adjusted_residuals(x, expected, structural_zeros)
    ratios = odds_ratios(x)
    if structural_zeros is not None:
        zeros = np.broadcast_to(np.asarray(structural_zeros, dtype=bool), x.shape)
        ratios = {name: np.where(zeros, np.nan, v) for name, v in ratios.items()}
    return {"probability": prob, "expected": expected, "adjusted_residual": z, **ratios}
