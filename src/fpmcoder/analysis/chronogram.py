"""Chronogram (TraMineR's state distribution plot) over relative position in the interaction.

Transcripts differ in length, so positions are relative: 0 is the start and 1 the end of
each transcript, cut into ``bins`` equal parts. Segment ``j`` of a transcript of ``L``
segments covers ``[j / L, (j + 1) / L)``; the share of an activity in a bin is the part of
the bin its segments cover (a segment that straddles two bins counts in both, in
proportion). Each transcript counts equally in its group (the mean of the transcripts'
shares), so a long transcript does not outweigh a short one. Uncoded segments are a band
of their own (``(uncoded)``), never dropped, so the shares of a bin sum to 1.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from fpmcoder.analysis._encode import UNCODED, encode, factorize, group_labels
from fpmcoder.core.codebook import Codebook
from fpmcoder.core.sequence import CodedSequence
from fpmcoder.errors import InputError

__all__ = ["UNCODED_BAND", "chronogram_table"]

UNCODED_BAND = "(uncoded)"


def chronogram_table(
    sequences: Sequence[CodedSequence], codebook: Codebook, *, bins: int = 20, by: str = "all"
) -> pd.DataFrame:
    """Tidy table ``group, n_sequences, bin, start, end, activity, share``.

    ``by`` is ``all`` (one group), ``setting``, ``case`` or ``transcript``.
    """
    if bins < 1:
        raise InputError(f"{bins} bins: give 1 or more")
    enc = encode(sequences, codebook)
    k = len(enc.activities)
    gidx, labels = factorize(group_labels(sequences, by))
    edges = np.linspace(0.0, 1.0, bins + 1)
    shares = np.zeros((len(labels), bins, k + 1))
    counts = np.zeros(len(labels))
    for s in range(enc.n_sequences):
        lo, hi = enc.offsets[s], enc.offsets[s + 1]
        length = hi - lo
        if length == 0:
            continue
        codes = np.where(enc.codes[lo:hi] == UNCODED, k, enc.codes[lo:hi])
        onehot = np.zeros((length, k + 1))
        onehot[np.arange(length), codes] = 1.0
        cum = np.vstack([np.zeros(k + 1), np.cumsum(onehot, axis=0)])  # segments before p
        at = np.stack(
            [np.interp(edges * length, np.arange(length + 1), cum[:, a]) for a in range(k + 1)],
            axis=1,
        )
        shares[gidx[s]] += np.diff(at, axis=0) * bins / length
        counts[gidx[s]] += 1
    with np.errstate(invalid="ignore"):
        mean = shares / counts[:, None, None]
    names = [*enc.activities, UNCODED_BAND]
    g = len(labels)
    return pd.DataFrame(
        {
            "group": np.repeat(labels, bins * (k + 1)),
            "n_sequences": np.repeat(counts.astype(np.int64), bins * (k + 1)),
            "bin": np.tile(np.repeat(np.arange(1, bins + 1), k + 1), g),
            "start": np.tile(np.repeat(edges[:-1], k + 1), g),
            "end": np.tile(np.repeat(edges[1:], k + 1), g),
            "activity": np.tile(names, g * bins),
            "share": mean.reshape(-1),
        }
    )
