"""Sequence statistics per transcript and per group: shares, runs, transitions, entropy, turbulence.

Uncoded segments (activity ``None``) are counted and reported (``n_uncoded``,
``share_uncoded``), never taken as an activity:

* shares of segments (and of time) are over *all* segments, with an ``uncoded`` share;
* a run is a maximal stretch of one activity; an uncoded segment ends it;
* a transition is a change of activity between two *adjacent coded* segments; a step into
  or out of an uncoded segment is not an activity transition;
* ``transitions_per_10`` is ``10 * n_transitions / n_coded``;
* entropy and turbulence leave uncoded segments out first (TraMineR's default, see
  :mod:`fpmcoder.analysis.turbulence`).

Group rows (``by="setting"`` etc. and the pooled ``all`` row) add the counts of their
sequences (shares, runs, mean run length come from the summed counts, never from averaged
proportions); entropy and turbulence, which belong to one sequence, are the *mean* of the
group's sequences (``n_sequences`` says how many).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from fpmcoder.analysis._encode import (
    UNCODED,
    Encoded,
    FloatArray,
    IntArray,
    encode,
    factorize,
    group_labels,
)
from fpmcoder.analysis._runs import runs
from fpmcoder.analysis.turbulence import entropy, turbulence
from fpmcoder.core.codebook import Codebook
from fpmcoder.core.sequence import CodedSequence

__all__ = ["activity_stats", "sequence_stats"]


def _group_sum(values: FloatArray | IntArray, groups: IntArray, n: int) -> FloatArray:
    summed = np.bincount(groups, weights=np.asarray(values, dtype=np.float64), minlength=n)
    return np.asarray(summed, dtype=np.float64)


def _groups(
    sequences: Sequence[CodedSequence], by: str, pooled: bool
) -> list[tuple[str, IntArray, int]]:
    """(label kind, group index per sequence, number of groups) for each grouping wanted."""
    out: list[tuple[str, IntArray, int]] = []
    idx, labels = factorize(group_labels(sequences, by))
    out.append((by, idx, len(labels)))
    if pooled and (by != "all"):
        out.append(("all", np.zeros(len(sequences), dtype=np.int64), 1))
    return out


class _PerSequence:
    """Per-sequence counts, computed once, from which every group row is summed."""

    def __init__(self, enc: Encoded, turbulence_max_length: int | None) -> None:
        k = len(enc.activities)
        s = enc.n_sequences
        self.enc = enc
        coded = enc.codes != UNCODED
        self.n_segments = enc.lengths
        self.n_coded = np.bincount(enc.seq[coded], minlength=s)
        self.seg_counts = np.bincount(
            enc.seq[coded] * k + enc.codes[coded], minlength=s * k
        ).reshape(s, k)
        # time: a sequence's time shares exist only when every segment has both times
        known = ~np.isnan(enc.durations)
        self.time_complete = np.bincount(enc.seq[known], minlength=s) == self.n_segments
        dur = np.where(known, enc.durations, 0.0)
        self.time_total = np.bincount(enc.seq, weights=dur, minlength=s)
        self.time_counts = np.bincount(
            enc.seq[coded] * k + enc.codes[coded], weights=dur[coded], minlength=s * k
        ).reshape(s, k)
        r = runs(enc)
        self.runs = r
        self.n_runs_by = np.bincount(r.seq * k + r.code, minlength=s * k).reshape(s, k)
        self.n_runs = self.n_runs_by.sum(axis=1)
        pair = (enc.seq[1:] == enc.seq[:-1]) & coded[1:] & coded[:-1]
        change = pair & (enc.codes[1:] != enc.codes[:-1])
        self.n_transitions = np.bincount(enc.seq[1:][change], minlength=s)
        self.entropy = entropy(enc)
        self.turbulence, self.turbulence_norm = turbulence(enc, max_length=turbulence_max_length)


def _longest(
    ps: _PerSequence, groups: IntArray, n_groups: int, code: int | None = None
) -> tuple[IntArray, IntArray, IntArray, IntArray]:
    """Per group: longest run length, its activity, sequence and first segment index.

    Ties go to the earliest run. Groups without a run get length 0 and index -1.
    """
    r = ps.runs
    sel = np.ones(len(r), dtype=bool) if code is None else r.code == code
    g = groups[r.seq[sel]]
    length, start, act, seq = r.length[sel], r.start[sel], r.code[sel], r.seq[sel]
    order = np.lexsort((start, -length, g))
    g_sorted = g[order]
    first = np.ones(len(order), dtype=bool)
    first[1:] = g_sorted[1:] != g_sorted[:-1]
    best = order[first]
    out_len = np.zeros(n_groups, dtype=np.int64)
    out_act = np.full(n_groups, -1, dtype=np.int64)
    out_seq = np.full(n_groups, -1, dtype=np.int64)
    out_start = np.full(n_groups, -1, dtype=np.int64)
    gb = g[best]
    out_len[gb], out_act[gb], out_seq[gb], out_start[gb] = (
        length[best],
        act[best],
        seq[best],
        start[best],
    )
    return out_len, out_act, out_seq, out_start


def _label_frame(
    sequences: Sequence[CodedSequence], kind: str, groups: IntArray, n_groups: int
) -> pd.DataFrame:
    labels = [""] * n_groups
    for lab, g in zip(group_labels(sequences, kind), groups.tolist(), strict=True):
        labels[g] = lab
    n_seq = np.bincount(groups, minlength=n_groups)
    return pd.DataFrame({"grouping": kind, "group": labels, "n_sequences": n_seq})


def sequence_stats(
    sequences: Sequence[CodedSequence],
    codebook: Codebook,
    *,
    by: str = "transcript",
    pooled: bool = True,
    turbulence_max_length: int | None = None,
) -> pd.DataFrame:
    """One row per group (``by``: transcript, setting, case or all), plus a pooled row.

    Columns: ``grouping, group, n_sequences, n_segments, n_coded, n_uncoded, share_<activity>
    ..., share_uncoded, time_share_<activity> ..., time_share_uncoded, n_runs, n_transitions,
    transitions_per_10, mean_run_length, longest_run, longest_run_activity,
    longest_run_transcript, longest_run_first, longest_run_last, entropy, turbulence,
    turbulence_norm``. See the module docstring for uncoded segments and group rows.
    """
    enc = encode(sequences, codebook)
    ps = _PerSequence(enc, turbulence_max_length)
    acts = enc.activities
    frames = []
    for kind, groups, n in _groups(sequences, by, pooled):
        df = _label_frame(sequences, kind, groups, n)
        n_seg = _group_sum(ps.n_segments, groups, n)
        n_coded = _group_sum(ps.n_coded, groups, n)
        df["n_segments"] = n_seg.astype(np.int64)
        df["n_coded"] = n_coded.astype(np.int64)
        df["n_uncoded"] = (n_seg - n_coded).astype(np.int64)
        with np.errstate(divide="ignore", invalid="ignore"):
            for j, a in enumerate(acts):
                df[f"share_{a}"] = _group_sum(ps.seg_counts[:, j], groups, n) / n_seg
            df["share_uncoded"] = (n_seg - n_coded) / n_seg
            complete = _group_sum(~ps.time_complete, groups, n) == 0
            t_total = _group_sum(ps.time_total, groups, n)
            t_coded = np.zeros(n)
            for j, a in enumerate(acts):
                tj = _group_sum(ps.time_counts[:, j], groups, n)
                t_coded += tj
                df[f"time_share_{a}"] = np.where(complete, tj / t_total, np.nan)
            df["time_share_uncoded"] = np.where(complete, (t_total - t_coded) / t_total, np.nan)
            n_runs = _group_sum(ps.n_runs, groups, n)
            n_tr = _group_sum(ps.n_transitions, groups, n)
            df["n_runs"] = n_runs.astype(np.int64)
            df["n_transitions"] = n_tr.astype(np.int64)
            df["transitions_per_10"] = 10.0 * n_tr / n_coded
            df["mean_run_length"] = n_coded / n_runs
        length, act, seq, start = _longest(ps, groups, n)
        df["longest_run"] = length
        df["longest_run_activity"] = [acts[a] if a >= 0 else None for a in act.tolist()]
        df["longest_run_transcript"] = [
            sequences[i].transcript if i >= 0 else None for i in seq.tolist()
        ]
        first = start - enc.offsets[np.maximum(seq, 0)] + 1
        none = start < 0
        df["longest_run_first"] = pd.array(np.where(none, 0, first), dtype="Int64")
        df["longest_run_last"] = pd.array(np.where(none, 0, first + length - 1), dtype="Int64")
        df.loc[none, ["longest_run_first", "longest_run_last"]] = pd.NA
        for name, values in (
            ("entropy", ps.entropy),
            ("turbulence", ps.turbulence),
            ("turbulence_norm", ps.turbulence_norm),
        ):
            ok = ~np.isnan(values)
            with np.errstate(divide="ignore", invalid="ignore"):
                df[name] = np.bincount(groups[ok], weights=values[ok], minlength=n) / np.bincount(
                    groups[ok], minlength=n
                )
        frames.append(df)
    return pd.concat(frames, ignore_index=True)


def activity_stats(
    sequences: Sequence[CodedSequence],
    codebook: Codebook,
    *,
    by: str = "transcript",
    pooled: bool = True,
) -> pd.DataFrame:
    """One row per group and activity (and an ``(uncoded)`` row), tidy.

    Columns: ``grouping, group, activity, n_segments, share, time_share, n_runs,
    mean_run_length, longest_run``. For ``(uncoded)`` the run columns are empty: uncoded
    segments form no runs.
    """
    enc = encode(sequences, codebook)
    ps = _PerSequence(enc, None)
    acts = enc.activities
    rows = []
    for kind, groups, n in _groups(sequences, by, pooled):
        base = _label_frame(sequences, kind, groups, n)
        n_seg = _group_sum(ps.n_segments, groups, n)
        n_coded = _group_sum(ps.n_coded, groups, n)
        complete = _group_sum(~ps.time_complete, groups, n) == 0
        t_total = _group_sum(ps.time_total, groups, n)
        t_coded = np.zeros(n)
        with np.errstate(divide="ignore", invalid="ignore"):
            for j, a in enumerate(acts):
                cnt = _group_sum(ps.seg_counts[:, j], groups, n)
                tj = _group_sum(ps.time_counts[:, j], groups, n)
                t_coded += tj
                nr = _group_sum(ps.n_runs_by[:, j], groups, n)
                length, _, _, _ = _longest(ps, groups, n, code=j)
                df = base[["grouping", "group"]].copy()
                df["activity"] = a
                df["n_segments"] = cnt.astype(np.int64)
                df["share"] = cnt / n_seg
                df["time_share"] = np.where(complete, tj / t_total, np.nan)
                df["n_runs"] = nr.astype(np.int64)
                df["mean_run_length"] = cnt / nr
                df["longest_run"] = length
                rows.append(df)
            df = base[["grouping", "group"]].copy()
            df["activity"] = "(uncoded)"
            df["n_segments"] = (n_seg - n_coded).astype(np.int64)
            df["share"] = (n_seg - n_coded) / n_seg
            df["time_share"] = np.where(complete, (t_total - t_coded) / t_total, np.nan)
            df["n_runs"] = pd.array([pd.NA] * n, dtype="Int64")
            df["mean_run_length"] = np.nan
            df["longest_run"] = pd.array([pd.NA] * n, dtype="Int64")
            rows.append(df)
    out = pd.concat(rows, ignore_index=True)
    order = {a: i for i, a in enumerate([*acts, "(uncoded)"])}
    out["_g"] = out.groupby(["grouping", "group"], sort=False).ngroup()
    out["_a"] = out["activity"].map(order)
    return (
        out.sort_values(["_g", "_a"], kind="stable")
        .drop(columns=["_g", "_a"])
        .reset_index(drop=True)
    )
