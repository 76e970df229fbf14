"""Smoothing along the sequence: activities run in blocks, so what comes before matters.

A hybrid HMM: the classifier gives P(activity | segment); dividing by the activity's prior
turns it into a scaled likelihood; first-order transition probabilities (counted on the
coder's codings, add-one smoothed) link neighbours. The forward-backward pass returns each
segment's posterior over activities. Segments the coder has already coded are *clamped*:
their posterior is their coding, so they inform their neighbours.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

__all__ = ["Transitions", "posteriors"]

FloatArray = npt.NDArray[np.float64]


class Transitions:
    """Start and transition probabilities over activity indices, with add-one smoothing."""

    def __init__(self, n: int, sequences: Sequence[Sequence[int]]) -> None:
        start = np.ones(n)
        trans = np.ones((n, n))
        for seq in sequences:
            if len(seq) and seq[0] >= 0:
                start[seq[0]] += 1
            for a, b in itertools.pairwise(seq):
                if a >= 0 and b >= 0:
                    trans[a, b] += 1
        self.start: FloatArray = start / start.sum()
        self.matrix: FloatArray = trans / trans.sum(axis=1, keepdims=True)


def posteriors(
    probs: FloatArray,
    prior: FloatArray,
    transitions: Transitions,
    clamped: Sequence[int] | None = None,
) -> FloatArray:
    """Posterior (segments x activities) of one transcript by forward-backward.

    ``probs`` are the classifier's probabilities, ``prior`` the activities' shares in
    training; ``clamped[i]`` is the coded activity index of segment ``i`` or -1.
    """
    n, k = probs.shape
    if n == 0:
        return probs.copy()
    emit = probs / np.maximum(prior, 1e-9)
    if clamped is not None:
        for i, c in enumerate(clamped):
            if c >= 0:
                emit[i] = 0.0
                emit[i, c] = 1.0
    t = transitions.matrix
    alpha = np.empty((n, k))
    beta = np.empty((n, k))
    a = transitions.start * emit[0]
    alpha[0] = a / a.sum()
    for i in range(1, n):
        a = (alpha[i - 1] @ t) * emit[i]
        alpha[i] = a / a.sum()
    beta[-1] = 1.0
    for i in range(n - 2, -1, -1):
        b = t @ (emit[i + 1] * beta[i + 1])
        beta[i] = b / b.sum()
    post = alpha * beta
    out: FloatArray = post / post.sum(axis=1, keepdims=True)
    return out


def posteriors_in_order(
    probs: FloatArray, prior: FloatArray, transitions: Transitions, coded: Sequence[int]
) -> FloatArray:
    """Each segment's posterior when every segment *before* it is coded (``coded[i]``, or
    -1) and none after it: what a coder working in order sees."""
    n, k = probs.shape
    if n == 0:
        return probs.copy()
    emit = probs / np.maximum(prior, 1e-9)
    t = transitions.matrix
    beta = np.empty((n, k))
    beta[-1] = 1.0
    for i in range(n - 2, -1, -1):
        b = t @ (emit[i + 1] * beta[i + 1])
        beta[i] = b / b.sum()
    out = np.empty((n, k))
    for i in range(n):
        before = transitions.start if i == 0 or coded[i - 1] < 0 else t[coded[i - 1]]
        p = before * emit[i] * beta[i]
        out[i] = p / p.sum()
    return out
