"""Compiled kernels for all-pairs sequence distances (numba, compiled on first use and cached).

Why compiled code: optimal matching of 1,000 sequences of 100 segments is 499,500 edit
tables of 101 x 101 cells, 5 billion cell updates. The best numpy formulation (one x
against every later y at once, a row of the table per step, the within-row insertions as
a cumulative minimum) still spends about 1 ns a cell, 25-30 s in all; a compiled loop that
runs the same recurrence across the y's in its innermost loop (so the CPU's vector units
take several pairs at once) does it in a few seconds.

Two kernels, both exact:

* :func:`om_all_pairs`: the textbook recurrence
  ``D[i, j] = min(D[i-1, j] + indel, D[i, j-1] + indel, D[i-1, j-1] + sub[x_i, y_j])``
  for any substitution matrix; y's are padded on the right, which never changes the
  cells left of their true end, and each distance is read at column ``len(y)``.
* :func:`lcs_all_pairs`: lengths of longest common subsequences, bit-parallel (Allison &
  Dix 1986; Hyyro 2004) over 64-bit words, for OM whose substitutions never beat an
  insertion plus a deletion (TraMineR's default costs, and its LCS distance).

numba is imported only when a distance is computed, so the rest of fpmcoder starts
without it.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any, cast

import numpy as np

from fpmcoder.analysis._encode import FloatArray, IntArray

__all__ = ["lcs_all_pairs", "om_all_pairs", "pad_sequences"]


def pad_sequences(coded: list[IntArray]) -> tuple[IntArray, IntArray]:
    """Sequences as one ``(n, max_length)`` array padded with 0, and their lengths."""
    lengths = np.fromiter((len(c) for c in coded), dtype=np.int64, count=len(coded))
    width = max(int(lengths.max()) if len(coded) else 0, 1)
    pad = np.zeros((len(coded), width), dtype=np.int64)
    for i, c in enumerate(coded):
        pad[i, : len(c)] = c
    return pad, lengths


def _om_kernel(pad: Any, lens: Any, cost: Any, indel: float, out: Any) -> None:  # pragma: no cover
    # cost[a, j, q] = sub[a, y_q[j]]: the substitution column of every y, looked up once.
    # Rows of the table are taken as 1-D views so the innermost loop (over the y's) is a
    # plain vector loop the compiler turns into SIMD instructions.
    n = pad.shape[0]
    width = cost.shape[1]
    buf_a = np.empty((width + 1, n))
    buf_b = np.empty((width + 1, n))
    for i in range(n - 1):
        m = lens[i]
        q0 = i + 1
        nq = n - q0
        prev = buf_a
        cur = buf_b
        for j in range(width + 1):
            pj = prev[j]
            for q in range(nq):
                pj[q] = j * indel
        for r in range(1, m + 1):
            a = pad[i, r - 1]
            c0 = cur[0]
            for q in range(nq):
                c0[q] = r * indel
            for j in range(1, width + 1):
                col = cost[a, j - 1, q0:]
                pj = prev[j]
                pjm = prev[j - 1]
                cjm = cur[j - 1]
                cj = cur[j]
                for q in range(nq):
                    cj[q] = min(min(pj[q], cjm[q]) + indel, pjm[q] + col[q])
            prev, cur = cur, prev
        for q in range(nq):
            d = prev[lens[q0 + q], q]
            out[i, q0 + q] = d
            out[q0 + q, i] = d


def _lcs_kernel(pad: Any, lens: Any, masks: Any, out: Any) -> None:  # pragma: no cover - compiled
    # masks[q, a, w]: bit b of word w set where y_q[64 w + b] == a
    n = pad.shape[0]
    words = masks.shape[2]
    one = np.uint64(1)
    full = ~np.uint64(0)
    v = np.empty(words, dtype=np.uint64)
    for i in range(n - 1):
        m = lens[i]
        for q in range(i + 1, n):
            ny = lens[q]
            for w in range(words):
                v[w] = full
            for r in range(m):
                mk = masks[q, pad[i, r]]
                carry = np.uint64(0)
                for w in range(words):
                    vw = v[w]
                    u = vw & mk[w]
                    t = vw + u
                    c1 = t < vw
                    s = t + carry
                    c2 = s < t
                    carry = one if (c1 or c2) else np.uint64(0)
                    v[w] = s | (vw & ~u)
            zeros = 0
            for w in range(words):
                lo = 64 * w
                if lo >= ny:
                    break
                bits = min(ny - lo, 64)
                keep = full if bits == 64 else (one << np.uint64(bits)) - one
                c = v[w] & keep  # population count (SWAR)
                c = c - ((c >> one) & np.uint64(0x5555555555555555))
                c = (c & np.uint64(0x3333333333333333)) + (
                    (c >> np.uint64(2)) & np.uint64(0x3333333333333333)
                )
                c = (c + (c >> np.uint64(4))) & np.uint64(0x0F0F0F0F0F0F0F0F)
                zeros += bits - int((c * np.uint64(0x0101010101010101)) >> np.uint64(56))
            out[i, q] = zeros
            out[q, i] = zeros


@cache
def _compiled() -> tuple[Callable[..., None], Callable[..., None]]:
    import numba

    def compile_(fn: Callable[..., None]) -> Callable[..., None]:
        def jit(cache: bool) -> Callable[..., None]:
            return cast(
                Callable[..., None],
                numba.njit(cache=cache, fastmath=True, boundscheck=False, nogil=True)(fn),
            )

        try:  # compiled once, then loaded from numba's cache (beside the module or per user)
            return jit(True)
        except RuntimeError:  # no writable cache location (a read-only, zipped install)
            return jit(False)

    return compile_(_om_kernel), compile_(_lcs_kernel)


def om_all_pairs(pad: IntArray, lengths: IntArray, sub: FloatArray, indel: float) -> FloatArray:
    """All-pairs optimal-matching distances (``sub`` is K x K with a zero diagonal)."""
    n = len(pad)
    out = np.zeros((n, n), dtype=np.float64)
    if n < 2:
        return out
    cost = np.ascontiguousarray(np.asarray(sub, dtype=np.float64)[:, pad.T])
    _compiled()[0](pad, lengths, cost, float(indel), out)
    return out


def lcs_all_pairs(pad: IntArray, lengths: IntArray, k: int) -> IntArray:
    """All-pairs lengths of the longest common subsequence."""
    n, width = pad.shape
    out = np.zeros((n, n), dtype=np.int64)
    np.fill_diagonal(out, lengths)
    if n < 2:
        return out
    words = (width + 63) // 64
    bit_pos = np.arange(width)
    valid = bit_pos[None, :] < lengths[:, None]
    masks = np.zeros((n, k, words), dtype=np.uint64)
    for a in range(k):
        hit = (pad == a) & valid
        for w in range(words):
            block = hit[:, 64 * w : 64 * (w + 1)].astype(np.uint64)
            weights = np.left_shift(np.uint64(1), np.arange(block.shape[1], dtype=np.uint64))
            masks[:, a, w] = (block * weights).sum(axis=1, dtype=np.uint64)
    _compiled()[1](pad, lengths, masks, out)
    return out
