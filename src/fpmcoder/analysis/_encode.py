"""Encode coded sequences once as flat integer arrays, the input of every vectorised statistic.

All sequences are concatenated into one array ``codes`` (activity index in the codebook's
legend order, ``UNCODED`` = -1 for a segment without an activity) with ``seq`` giving the
sequence index of every position. Every statistic then works on whole arrays with
``np.bincount`` / ``np.add.at`` and run-length tricks instead of per-segment Python loops.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from fpmcoder.core.codebook import Codebook
from fpmcoder.core.sequence import CodedSequence
from fpmcoder.errors import InputError

__all__ = ["UNCODED", "Encoded", "encode", "group_labels"]

UNCODED = -1

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class Encoded:
    """Sequences as flat arrays (see the module docstring)."""

    activities: tuple[str, ...]  # the codebook's alphabet, legend order
    codes: IntArray  # activity index per segment, UNCODED for none
    seq: IntArray  # sequence index per segment
    offsets: IntArray  # start of each sequence in ``codes``; len = n_sequences + 1
    durations: FloatArray  # end_time - start_time per segment, NaN when unknown

    @property
    def n_sequences(self) -> int:
        return len(self.offsets) - 1

    @property
    def lengths(self) -> IntArray:
        return np.diff(self.offsets)

    @property
    def first(self) -> BoolArray:
        """True at the first segment of each sequence."""
        out = np.zeros(len(self.codes), dtype=bool)
        starts = self.offsets[:-1][self.lengths > 0]
        out[starts] = True
        return out


def _unknown_activity(sequences: Sequence[CodedSequence], known: set[str | None]) -> InputError:
    for seq in sequences:
        for g in seq.segments:
            if g.activity not in known:
                return InputError(
                    f"transcript {seq.transcript!r} (coder {seq.coder or '-'}), segment "
                    f"{g.number}: activity {g.activity!r} is not in the codebook; use the "
                    "codebook the project was coded with"
                )
    raise AssertionError("no unknown activity")  # pragma: no cover


def encode(sequences: Sequence[CodedSequence], codebook: Codebook) -> Encoded:
    """Encode ``sequences`` against the codebook's activities.

    An activity that is not in the codebook is an :class:`~fpmcoder.errors.InputError`
    (it is never silently dropped or merged with "uncoded").
    """
    activities = codebook.activity_ids
    lengths = np.fromiter((len(s) for s in sequences), dtype=np.int64, count=len(sequences))
    offsets = np.zeros(len(sequences) + 1, dtype=np.int64)
    np.cumsum(lengths, out=offsets[1:])
    segs = [g for s in sequences for g in s.segments]
    n = len(segs)
    lookup: dict[str | None, int] = {a: i for i, a in enumerate(activities)}
    lookup[None] = UNCODED
    try:
        codes = np.fromiter(map(lookup.__getitem__, [g.activity for g in segs]), np.int64, n)
    except KeyError:
        raise _unknown_activity(sequences, set(lookup)) from None
    nan = float("nan")
    starts = np.fromiter((nan if g.start_time is None else g.start_time for g in segs), float, n)
    ends = np.fromiter((nan if g.end_time is None else g.end_time for g in segs), float, n)
    seq = np.repeat(np.arange(len(sequences), dtype=np.int64), lengths)
    durations = np.asarray(ends - starts, dtype=np.float64)
    return Encoded(activities, codes, seq, offsets, durations)


def group_labels(sequences: Sequence[CodedSequence], by: str) -> list[str]:
    """The group each sequence belongs to: ``transcript``, ``setting``, ``case`` or ``all``.

    A sequence without a setting (case) is grouped under ``"(none)"``; ``transcript``
    labels carry the coder when several coders are present.
    """
    if by == "all":
        return ["all"] * len(sequences)
    if by == "transcript":
        coders = {s.coder for s in sequences}
        if len(coders) > 1:
            return [f"{s.transcript} [{s.coder or '-'}]" for s in sequences]
        return [s.transcript for s in sequences]
    if by in ("setting", "case"):
        return [getattr(s, by) or "(none)" for s in sequences]
    raise ValueError(f"cannot group by {by!r}: use transcript, setting, case or all")


def factorize(labels: Sequence[str]) -> tuple[IntArray, list[str]]:
    """Labels to group indices (first-seen order) and the distinct labels."""
    idx, uniques = pd.factorize(pd.Series(list(labels), dtype=object), sort=False)
    return idx.astype(np.int64), [str(u) for u in uniques]
