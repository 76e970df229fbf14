"""Inter-coder agreement measures on a units x coders matrix of nominal codes.

Input everywhere: ``codes``, an integer array of shape ``(units, coders)`` with category
indices ``0 .. K-1`` and ``-1`` for a missing coding, and optional ``weights`` per unit
(a unit of weight ``w`` counts as ``w`` identical units: fpmcoder uses this for stretches
of characters when coders segmented a transcript differently). All are vectorised.

* percent agreement: share of units coded by *all* coders on which all gave the same code;
* Cohen's kappa (Cohen 1960), exactly two coders, units coded by both:
  ``(p_o - p_e) / (1 - p_e)``, ``p_e = sum_k p_1k p_2k`` from each coder's own margins;
* Fleiss' kappa (Fleiss 1971), any number of coders, units coded by all of them:
  ``P_u = (sum_k n_uk^2 - m) / (m (m - 1))``, ``p_k = sum_u n_uk / (U m)``,
  ``kappa = (mean P_u - sum p_k^2) / (1 - sum p_k^2)``;
* Krippendorff's alpha, nominal (Krippendorff 2004, 2011), any number of coders, missing
  codings allowed, units with at least two codings (``m_u >= 2``) are pairable:
  ``alpha = 1 - (n - 1) sum_u [(m_u^2 - sum_k n_uk^2) / (m_u - 1)] / (n^2 - sum_k n_k^2)``
  with ``n = sum_u m_u`` and ``n_k`` the pairable values in category ``k``; this is
  ``1 - D_o / D_e`` written with the coincidence matrix summed in closed form.

Undefined values (no units, or a single category everywhere so that expected
disagreement is 0) are NaN.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from fpmcoder.analysis._encode import FloatArray, IntArray

__all__ = [
    "cohen_kappa",
    "fleiss_kappa",
    "krippendorff_alpha",
    "percent_agreement",
    "unit_counts",
]

MISSING = -1


def _prepare(
    codes: npt.ArrayLike, weights: npt.ArrayLike | None
) -> tuple[IntArray, FloatArray, int]:
    m = np.asarray(codes, dtype=np.int64)
    if m.ndim != 2:
        raise ValueError("codes must be a 2-D array of shape (units, coders)")
    w = np.ones(len(m)) if weights is None else np.asarray(weights, dtype=np.float64)
    k = int(m.max()) + 1 if m.size else 0
    return m, w, max(k, 1)


def unit_counts(codes: IntArray, k: int) -> IntArray:
    """``n_uk``: how many coders put unit ``u`` in category ``k`` (missing ignored)."""
    u, c = codes.shape
    valid = codes != MISSING
    rows = np.broadcast_to(np.arange(u)[:, None], (u, c))[valid]
    flat = rows * k + codes[valid]
    return np.bincount(flat, minlength=u * k).reshape(u, k)


def percent_agreement(codes: npt.ArrayLike, weights: npt.ArrayLike | None = None) -> float:
    """Share of units coded by all coders on which all agree (NaN without such units)."""
    m, w, _ = _prepare(codes, weights)
    complete = (m != MISSING).all(axis=1)
    agree = (m == m[:, :1]).all(axis=1)
    total = w[complete].sum()
    return float(w[complete & agree].sum() / total) if total > 0 else float("nan")


def cohen_kappa(codes: npt.ArrayLike, weights: npt.ArrayLike | None = None) -> float:
    """Cohen's kappa of two coders over the units both coded."""
    m, w, k = _prepare(codes, weights)
    if m.shape[1] != 2:
        raise ValueError("Cohen's kappa needs exactly two coders")
    both = (m != MISSING).all(axis=1)
    a, b, w = m[both, 0], m[both, 1], w[both]
    n = w.sum()
    if n <= 0:
        return float("nan")
    po = w[a == b].sum() / n
    pa = np.bincount(a, weights=w, minlength=k) / n
    pb = np.bincount(b, weights=w, minlength=k) / n
    pe = float(pa @ pb)
    return float((po - pe) / (1.0 - pe)) if pe < 1.0 else float("nan")


def fleiss_kappa(codes: npt.ArrayLike, weights: npt.ArrayLike | None = None) -> float:
    """Fleiss' kappa over the units coded by *all* coders (others are left out)."""
    m, w, k = _prepare(codes, weights)
    complete = (m != MISSING).all(axis=1)
    m, w = m[complete], w[complete]
    raters = m.shape[1]
    n = w.sum()
    if n <= 0 or raters < 2:
        return float("nan")
    counts = unit_counts(m, k).astype(np.float64)
    p_u = ((counts**2).sum(axis=1) - raters) / (raters * (raters - 1))
    p_bar = float(w @ p_u / n)
    p_k = (w @ counts) / (n * raters)
    pe = float((p_k**2).sum())
    return (p_bar - pe) / (1.0 - pe) if pe < 1.0 else float("nan")


def krippendorff_alpha(codes: npt.ArrayLike, weights: npt.ArrayLike | None = None) -> float:
    """Krippendorff's alpha for nominal data; missing codings allowed."""
    m, w, k = _prepare(codes, weights)
    counts = unit_counts(m, k).astype(np.float64)
    m_u = counts.sum(axis=1)
    pairable = m_u >= 2
    counts, m_u, w = counts[pairable], m_u[pairable], w[pairable]
    n = float(w @ m_u)
    if n <= 1:
        return float("nan")
    observed = float(w @ ((m_u**2 - (counts**2).sum(axis=1)) / (m_u - 1.0)))
    n_k = w @ counts
    expected = n * n - float((n_k**2).sum())
    if expected <= 0:
        return float("nan")
    return 1.0 - (n - 1.0) * observed / expected
