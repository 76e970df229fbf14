"""Dilemmas (secondary codes): how often each occurs and in which activity.

A segment may carry several dilemmas, so the counts of a group can add up to more than its
segments. ``share`` is the share of the group's segments that carry the dilemma. The cross
table puts a segment under its activity, or under ``(uncoded)`` when it has none.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from fpmcoder.analysis._encode import factorize, group_labels
from fpmcoder.core.codebook import Codebook
from fpmcoder.core.sequence import CodedSequence
from fpmcoder.errors import InputError

__all__ = ["dilemma_activity_table", "dilemma_frequencies"]

UNCODED_LABEL = "(uncoded)"


def _long(
    sequences: Sequence[CodedSequence], codebook: Codebook, by: str, pooled: bool
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(one row per (grouping, group, segment, dilemma), segments per group)."""
    known = set(codebook.dilemma_ids)
    seq_i: list[int] = []
    dil: list[str] = []
    act: list[str] = []
    for i, s in enumerate(sequences):
        for g in s.segments:
            for d in g.dilemmas:
                if d not in known:
                    raise InputError(
                        f"transcript {s.transcript!r}, segment {g.number}: dilemma {d!r} "
                        "is not in the codebook"
                    )
                seq_i.append(i)
                dil.append(d)
                act.append(g.activity or UNCODED_LABEL)
    kinds = [by] + (["all"] if pooled and by != "all" else [])
    rows, sizes = [], []
    n_seg = np.array([len(s) for s in sequences], dtype=np.int64)
    for kind in kinds:
        gidx, labels = factorize(group_labels(sequences, kind))
        rows.append(
            pd.DataFrame(
                {
                    "grouping": kind,
                    "group": [labels[gidx[i]] for i in seq_i],
                    "dilemma": dil,
                    "activity": act,
                }
            )
        )
        sizes.append(
            pd.DataFrame(
                {
                    "grouping": kind,
                    "group": labels,
                    "n_segments": np.bincount(gidx, weights=n_seg, minlength=len(labels)).astype(
                        np.int64
                    ),
                }
            )
        )
    return pd.concat(rows, ignore_index=True), pd.concat(sizes, ignore_index=True)


def dilemma_frequencies(
    sequences: Sequence[CodedSequence],
    codebook: Codebook,
    *,
    by: str = "transcript",
    pooled: bool = True,
) -> pd.DataFrame:
    """``grouping, group, dilemma, n_segments, share`` for every codebook dilemma."""
    long, sizes = _long(sequences, codebook, by, pooled)
    counts = long.groupby(["grouping", "group", "dilemma"], sort=False).size()
    rows = []
    for grouping, group, n in sizes.itertuples(index=False):
        for d in codebook.dilemma_ids:
            c = int(counts.get((grouping, group, d), 0))
            rows.append((grouping, group, d, c, c / n if n else float("nan")))
    return pd.DataFrame(rows, columns=["grouping", "group", "dilemma", "n_segments", "share"])


def dilemma_activity_table(
    sequences: Sequence[CodedSequence],
    codebook: Codebook,
    *,
    by: str = "all",
    pooled: bool = False,
) -> pd.DataFrame:
    """Tidy cross table ``grouping, group, dilemma, activity, n_segments``.

    Every (dilemma, activity) pair of the codebook is listed, zeros included, plus an
    ``(uncoded)`` activity for dilemmas on segments without an activity.
    """
    long, sizes = _long(sequences, codebook, by, pooled)
    counts = long.groupby(["grouping", "group", "dilemma", "activity"], sort=False).size()
    acts = [*codebook.activity_ids, UNCODED_LABEL]
    rows = []
    for grouping, group, _ in sizes.itertuples(index=False):
        for d in codebook.dilemma_ids:
            for a in acts:
                rows.append((grouping, group, d, a, int(counts.get((grouping, group, d, a), 0))))
    return pd.DataFrame(rows, columns=["grouping", "group", "dilemma", "activity", "n_segments"])
