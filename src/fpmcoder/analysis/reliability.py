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

* Cohen's kappa's asymptotic standard error and 95% CI (Fleiss, Cohen & Everitt 1969),
  Krippendorff's alpha's bootstrap interval (Hayes & Krippendorff 2007), Gwet's AC1 (Gwet
  2008) and PABAK (Byrt, Bishop & Carlin 1993): see each function.

Undefined values (no units, or a single category everywhere so that expected
disagreement is 0) are NaN.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from fpmcoder.analysis._encode import FloatArray, IntArray

__all__ = [
    "cohen_kappa",
    "cohen_kappa_ci",
    "fleiss_kappa",
    "gwet_ac1",
    "krippendorff_alpha",
    "krippendorff_alpha_bootstrap",
    "pabak",
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


def cohen_kappa_ci(
    codes: npt.ArrayLike, weights: npt.ArrayLike | None = None
) -> tuple[float, float, float, float]:
    """Cohen's kappa, its asymptotic standard error and 95% CI (two coders, units coded by both).

    The large-sample variance of Fleiss, Cohen & Everitt (1969), with ``p_ij`` the share of
    units coded ``i`` by the first coder and ``j`` by the second, ``p_i.`` and ``p_.j`` the
    margins and ``p_e = sum_i p_i. p_.i``::

        var = [ sum_i p_ii (1 - (p_i. + p_.i)(1 - kappa))^2
              + (1 - kappa)^2 sum_{i != j} p_ij (p_.i + p_j.)^2
              - (kappa - p_e (1 - kappa))^2 ] / (n (1 - p_e)^2)

    and the interval ``kappa +- 1.96 SE`` (clipped to -1..1). Returns
    ``(kappa, se, low, high)``; NaN where undefined.
    """
    m, w, k = _prepare(codes, weights)
    if m.shape[1] != 2:
        raise ValueError("Cohen's kappa needs exactly two coders")
    both = (m != MISSING).all(axis=1)
    a, b, w = m[both, 0], m[both, 1], w[both]
    n = float(w.sum())
    nan = float("nan")
    if n <= 0:
        return nan, nan, nan, nan
    p = np.bincount(a * k + b, weights=w, minlength=k * k).reshape(k, k) / n
    row, col = p.sum(axis=1), p.sum(axis=0)
    pe = float(row @ col)
    if pe >= 1.0:
        return nan, nan, nan, nan
    kappa = (float(np.trace(p)) - pe) / (1.0 - pe)
    term_a = float((np.diag(p) * (1.0 - (row + col) * (1.0 - kappa)) ** 2).sum())
    off = p * (col[:, None] + row[None, :]) ** 2
    np.fill_diagonal(off, 0.0)
    term_b = (1.0 - kappa) ** 2 * float(off.sum())
    term_c = (kappa - pe * (1.0 - kappa)) ** 2
    var = (term_a + term_b - term_c) / ((1.0 - pe) ** 2 * n)
    se = float(np.sqrt(max(var, 0.0)))
    z = 1.959963984540054
    return kappa, se, max(-1.0, kappa - z * se), min(1.0, kappa + z * se)


def gwet_ac1(
    codes: npt.ArrayLike, weights: npt.ArrayLike | None = None, k: int | None = None
) -> float:
    """Gwet's AC1 (Gwet 2008, 2014), any number of coders, missing codings allowed.

    ``p_a`` is the mean, over units with at least two codings, of
    ``sum_c r_uc (r_uc - 1) / (r_u (r_u - 1))``; ``pi_c`` the mean over units with at least
    one coding of ``r_uc / r_u``; ``p_e = sum_c pi_c (1 - pi_c) / (K - 1)`` with ``K`` the
    number of categories (the codebook's activities, not only those used);
    ``AC1 = (p_a - p_e) / (1 - p_e)``.
    """
    m, w, k_seen = _prepare(codes, weights)
    k = max(k or k_seen, k_seen)
    counts = unit_counts(m, k).astype(np.float64)
    r = counts.sum(axis=1)
    two = r >= 2
    one = r >= 1
    if not two.any() or k < 2:
        return float("nan")
    agree = (counts[two] * (counts[two] - 1)).sum(axis=1) / (r[two] * (r[two] - 1))
    pa = float(w[two] @ agree / w[two].sum())
    pi = (w[one] @ (counts[one] / r[one][:, None])) / w[one].sum()
    pe = float((pi * (1.0 - pi)).sum() / (k - 1))
    return (pa - pe) / (1.0 - pe) if pe < 1.0 else float("nan")


def pabak(
    codes: npt.ArrayLike, weights: npt.ArrayLike | None = None, k: int | None = None
) -> float:
    """Prevalence- and bias-adjusted kappa (Byrt, Bishop & Carlin 1993): ``(K p_o - 1)/(K - 1)``.

    ``p_o`` is the percent agreement over the units coded by every coder and ``K`` the
    number of categories (the codebook's activities). For two categories this is
    ``2 p_o - 1``.
    """
    m, _, k_seen = _prepare(codes, weights)
    k = max(k or k_seen, k_seen)
    po = percent_agreement(m, weights)
    return (k * po - 1.0) / (k - 1.0) if k >= 2 else float("nan")


def krippendorff_alpha_bootstrap(
    codes: npt.ArrayLike,
    weights: npt.ArrayLike | None = None,
    *,
    samples: int = 1000,
    seed: int | None = 0,
) -> tuple[float, float]:
    """95% bootstrap interval of nominal Krippendorff's alpha (Hayes & Krippendorff 2007).

    As Hayes's KALPHA macro: the expected disagreement ``D_e`` is kept from the data; each
    bootstrap sample draws ``min(25 q, (c - 1) n / 2)`` pairs of values (``q`` the number of
    non-empty cells of the coincidence matrix, ``c`` the number of coders, ``n`` the
    pairable values) from the coincidences (a pair of categories ``{a, b}`` with probability
    ``2 o_ab / n``, ``{a, a}`` with ``o_aa / n``), and ``alpha* = 1 - (sampled
    disagreements) / (D_e x pairs drawn)``, floored at -1. When only one category occurs
    on the diagonal an ``alpha* = 1`` is set to 0, and as in the macro up to
    ``round(samples sum_a (o_aa / n)^P)`` of the samples with ``alpha* = 1`` are set to 0
    (``P`` the number of pairs in the data). The interval is the 2.5th and 97.5th
    percentiles of the sorted ``alpha*`` as the macro takes them. Seeded: the same seed
    gives the same interval.
    """
    m, w, k = _prepare(codes, weights)
    counts = unit_counts(m, k).astype(np.float64)
    m_u = counts.sum(axis=1)
    keep = m_u >= 2
    counts, m_u, w = counts[keep], m_u[keep], w[keep]
    nan = float("nan")
    if not len(counts):
        return nan, nan
    # coincidences o_ab = sum_u (n_ua n_ub - [a = b] n_ua) / (m_u - 1)
    scaled = counts * (w / (m_u - 1.0))[:, None]
    coinc = scaled.T @ counts - np.diag(scaled.sum(axis=0))
    n = float(coinc.sum())
    n_k = coinc.sum(axis=1)
    expected_d = (n * n - float((n_k**2).sum())) / (n * (n - 1.0))  # D_e, nominal
    if expected_d <= 0:
        return nan, nan
    iu = np.triu_indices(k)
    probs = np.where(iu[0] == iu[1], coinc[iu] / n, 2.0 * coinc[iu] / n)
    delta = (iu[0] != iu[1]).astype(np.float64)
    q = int((coinc > 0).sum())
    pairs = int(w @ (m_u * (m_u - 1.0) / 2.0))
    draws = int(min(25 * q, (m.shape[1] - 1) * n / 2.0))
    rng = np.random.default_rng(seed)
    sampled = rng.multinomial(draws, probs / probs.sum(), size=samples)
    alpha = 1.0 - (sampled @ delta) / (expected_d * draws)
    alpha = np.maximum(alpha, -1.0)
    diagonal = np.diag(coinc)
    if int((diagonal > 0).sum()) == 1:
        alpha[alpha == 1.0] = 0.0
    else:
        limit = round(samples * float(((diagonal / n) ** pairs).sum()))
        ones = np.flatnonzero(alpha == 1.0)[:limit]
        alpha[ones] = 0.0
    alpha.sort()
    low = alpha[max(int(0.025 * samples) - 1, 0)]
    high = alpha[min(int(0.975 * samples), samples - 1)]
    return float(low), float(high)
