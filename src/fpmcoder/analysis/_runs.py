"""Run-length encoding of encoded sequences (vectorised, no per-segment Python loop).

A *run* (a *spell* in TraMineR's words) is a maximal stretch of consecutive segments of
one sequence coded with the same activity. An uncoded segment belongs to no run and ends
the run before it: ``A A - A`` has two runs of ``A`` (lengths 2 and 1).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from fpmcoder.analysis._encode import UNCODED, BoolArray, Encoded, IntArray

__all__ = ["Runs", "block_starts", "runs"]


def block_starts(codes: IntArray, seq: IntArray) -> BoolArray:
    """True where a new block of equal codes begins (also at every sequence start)."""
    out = np.ones(len(codes), dtype=bool)
    if len(codes) > 1:
        out[1:] = (codes[1:] != codes[:-1]) | (seq[1:] != seq[:-1])
    return out


@dataclass(frozen=True)
class Runs:
    start: IntArray  # index into Encoded.codes of the run's first segment
    length: IntArray
    code: IntArray  # activity index (never UNCODED)
    seq: IntArray  # sequence index

    def __len__(self) -> int:
        return len(self.start)


def runs(enc: Encoded) -> Runs:
    """All runs of coded segments, in sequence order."""
    n = len(enc.codes)
    starts = np.flatnonzero(block_starts(enc.codes, enc.seq))
    lengths = np.diff(np.append(starts, n)).astype(np.int64)
    codes = enc.codes[starts]
    keep = codes != UNCODED
    return Runs(starts[keep], lengths[keep], codes[keep], enc.seq[starts[keep]])
