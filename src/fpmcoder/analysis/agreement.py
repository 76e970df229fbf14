"""Agreement between coders who coded the same transcripts.

Input: one :class:`~fpmcoder.core.sequence.CodedSequence` per (transcript, coder).

**Units.** When every transcript was segmented identically by all its coders (the same
segment spans, or, without character offsets, the same number of segments) the unit is the
*segment*, aligned by segment number. Otherwise the unit is the *character*: each character
of the transcript takes the activity of the segment it falls in, for every coder, and every
measure counts characters (computed on stretches of characters between segment boundaries,
each weighted by its length). The result says which (``AgreementResult.unit``).

**Uncoded segments** are missing codings: Krippendorff's alpha uses every unit with at
least two codings; percent agreement, Cohen's and Fleiss' kappa use only the units coded
by *all* the coders (``n_units`` says how many). The confusion matrix keeps them as
``(uncoded)`` so they stay visible.

**Dilemmas**: for each dilemma, presence (1) or absence (0) per unit and coder, missing
where the coder left the unit entirely uncoded (no activity, no dilemma); agreement by
Krippendorff's alpha (nominal) and percent agreement.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
import pandas as pd

from fpmcoder.analysis._encode import UNCODED, IntArray
from fpmcoder.analysis.reliability import (
    cohen_kappa,
    cohen_kappa_ci,
    fleiss_kappa,
    gwet_ac1,
    krippendorff_alpha,
    krippendorff_alpha_bootstrap,
    pabak,
    percent_agreement,
)
from fpmcoder.core.codebook import Codebook
from fpmcoder.core.sequence import CodedSequence
from fpmcoder.errors import InputError

__all__ = ["AgreementResult", "Aligned", "agreement", "align"]

UNCODED_LABEL = "(uncoded)"


@dataclass(frozen=True)
class Aligned:
    """Codings of several coders on common units."""

    unit: str  # "segment" or "character"
    coders: tuple[str, ...]
    codes: IntArray  # (units, coders) activity index, -1 missing
    dilemmas: IntArray  # (units, coders) bit mask of dilemmas (bit i = codebook dilemma i)
    weights: npt.NDArray[np.float64] | IntArray  # 1 per segment, characters or seconds
    units: pd.DataFrame  # transcript, segment, start_char, end_char, speaker, times


@dataclass(frozen=True)
class AgreementResult:
    unit: str
    coders: tuple[str, ...]
    summary: pd.DataFrame
    per_activity: pd.DataFrame
    confusion: pd.DataFrame
    disagreements: pd.DataFrame
    dilemmas: pd.DataFrame
    notes: list[str] = field(default_factory=list)


def _same_segmentation(seqs: Sequence[CodedSequence]) -> bool:
    first = seqs[0]
    spans0 = [(g.start_char, g.end_char) for g in first.segments]
    return all([(g.start_char, g.end_char) for g in s.segments] == spans0 for s in seqs[1:])


def _has_spans(seq: CodedSequence) -> bool:
    return any(g.end_char > 0 for g in seq.segments)


def _per_transcript(
    sequences: Sequence[CodedSequence], coders: Sequence[str]
) -> dict[str, dict[str, CodedSequence]]:
    by: dict[str, dict[str, CodedSequence]] = {}
    for s in sequences:
        coder = s.coder or ""
        if coder not in coders:
            continue
        slot = by.setdefault(s.transcript, {})
        if coder in slot:
            raise InputError(f"transcript {s.transcript!r} is given twice for coder {coder!r}")
        slot[coder] = s
    return by


def _encode_seq(
    s: CodedSequence, act: dict[str | None, int], dil: dict[str, int]
) -> tuple[IntArray, IntArray, IntArray]:
    codes = np.fromiter((act.get(g.activity, -2) for g in s.segments), np.int64, len(s))
    if (codes == -2).any():
        bad = next(g for g in s.segments if act.get(g.activity, -2) == -2)
        raise InputError(
            f"transcript {s.transcript!r}, coder {s.coder!r}, segment {bad.number}: "
            f"activity {bad.activity!r} is not in the codebook"
        )
    masks = np.fromiter(
        (sum(1 << dil[d] for d in g.dilemmas if d in dil) for g in s.segments), np.int64, len(s)
    )
    # a coder "looked at" a segment when it has an activity or at least one dilemma
    masks[(codes == UNCODED) & (masks == 0)] = -1
    starts = np.fromiter((g.start_char for g in s.segments), np.int64, len(s))
    return codes, masks, starts


def _align_time(
    by: dict[str, dict[str, CodedSequence]],
    coders: tuple[str, ...],
    act: dict[str | None, int],
    dil: dict[str, int],
) -> Aligned:
    """Stretches of time between any coder's segment boundaries, weighted by seconds."""
    c = len(coders)
    blocks_codes, blocks_dil, blocks_w, frames = [], [], [], []
    for t, v in by.items():
        for s in v.values():
            if any(g.start_time is None or g.end_time is None for g in s.segments):
                raise InputError(
                    f"transcript {t!r} (coder {s.coder!r}): some segments have no start or "
                    "end time, so agreement over time cannot be computed; use segments"
                )
        spans = {
            coder: (
                np.array([float(g.start_time or 0.0) for g in s.segments]),
                np.array([float(g.end_time or 0.0) for g in s.segments]),
            )
            for coder, s in v.items()
            if len(s)
        }
        if not spans:
            continue
        bounds = np.unique(np.concatenate([np.concatenate(p) for p in spans.values()]))
        lo, hi = bounds[:-1], bounds[1:]
        mid = (lo + hi) / 2.0
        codes = np.full((len(lo), c), -1, dtype=np.int64)
        dmask = np.full((len(lo), c), -1, dtype=np.int64)
        for j, coder in enumerate(coders):
            if coder not in spans:
                continue
            starts, ends = spans[coder]
            order = np.argsort(starts, kind="stable")
            sc, sm, _ = _encode_seq(v[coder], act, dil)
            idx = np.searchsorted(starts[order], mid, side="right") - 1
            seg = np.where(idx >= 0, order[np.maximum(idx, 0)], -1)
            inside = (seg >= 0) & (mid < ends[np.maximum(seg, 0)])
            codes[inside, j] = sc[seg[inside]]
            dmask[inside, j] = sm[seg[inside]]
        seen = (codes != -1).any(axis=1) | (dmask != -1).any(axis=1)
        codes, dmask, lo, hi = codes[seen], dmask[seen], lo[seen], hi[seen]
        blocks_codes.append(codes)
        blocks_dil.append(dmask)
        blocks_w.append(hi - lo)
        n = len(lo)
        frames.append(
            pd.DataFrame(
                {
                    "transcript": t,
                    "segment": pd.array([pd.NA] * n, dtype="Int64"),
                    "start_char": pd.array([pd.NA] * n, dtype="Int64"),
                    "end_char": pd.array([pd.NA] * n, dtype="Int64"),
                    "speaker": "",
                    "start_time": lo,
                    "end_time": hi,
                }
            )
        )
    if not frames:
        raise InputError("no timed segments to compare")
    return Aligned(
        "second",
        coders,
        np.concatenate(blocks_codes),
        np.concatenate(blocks_dil),
        np.concatenate(blocks_w).astype(np.float64),
        pd.concat(frames, ignore_index=True),
    )


def align(
    sequences: Sequence[CodedSequence],
    codebook: Codebook,
    coders: Sequence[str] | None = None,
    *,
    over: str = "units",
) -> Aligned:
    """Put the coders' codings side by side (see the module docstring for the unit).

    ``over="time"`` compares seconds instead: each moment takes the activity of the
    segment it falls in, for every coder (stretches between any coder's segment
    boundaries, weighted by their duration).
    """
    if over not in ("units", "time"):
        raise ValueError(f"over must be 'units' or 'time', not {over!r}")
    if coders is None:
        coders = list(dict.fromkeys(s.coder or "" for s in sequences))
    coders = tuple(coders)
    by = _per_transcript(sequences, coders)
    if not by:
        raise InputError("no coded transcripts for coders " + ", ".join(coders))
    act: dict[str | None, int] = {a: i for i, a in enumerate(codebook.activity_ids)}
    act[None] = UNCODED
    dil = {d: i for i, d in enumerate(codebook.dilemma_ids)}
    if over == "time":
        return _align_time(by, coders, act, dil)
    same = all(_same_segmentation(list(v.values())) for v in by.values())
    if not same:
        for t, v in by.items():
            if not all(_has_spans(s) for s in v.values()):
                raise InputError(
                    f"transcript {t!r}: the coders segmented it differently and the segments "
                    "carry no character offsets, so they cannot be aligned"
                )
    unit = "segment" if same else "character"
    c = len(coders)
    blocks_codes, blocks_dil, blocks_w, frames = [], [], [], []
    for t, v in by.items():
        ref = next(iter(v.values()))
        if unit == "segment":
            n = len(ref)
            codes = np.full((n, c), -1, dtype=np.int64)
            dmask = np.full((n, c), -1, dtype=np.int64)
            for j, coder in enumerate(coders):
                if coder in v:
                    codes[:, j], dmask[:, j], _ = _encode_seq(v[coder], act, dil)
            weights = np.ones(n, dtype=np.int64)
            info = ref.segments
            frames.append(
                pd.DataFrame(
                    {
                        "transcript": t,
                        "segment": [g.number for g in info],
                        "start_char": [g.start_char for g in info],
                        "end_char": [g.end_char for g in info],
                        "speaker": [g.speaker for g in info],
                        "start_time": [g.start_time for g in info],
                        "end_time": [g.end_time for g in info],
                    }
                )
            )
        else:
            bounds_l = [
                np.array([g.start_char for g in s.segments] + [s.segments[-1].end_char])
                for s in v.values()
                if len(s)
            ]
            bounds = np.unique(np.concatenate(bounds_l))
            lo, hi = bounds[:-1], bounds[1:]
            n = len(lo)
            codes = np.full((n, c), -1, dtype=np.int64)
            dmask = np.full((n, c), -1, dtype=np.int64)
            seg_of: dict[str, IntArray] = {}
            for j, coder in enumerate(coders):
                if coder not in v or not len(v[coder]):
                    continue
                s = v[coder]
                sc, sm, starts = _encode_seq(s, act, dil)
                end = s.segments[-1].end_char
                idx = np.searchsorted(starts, lo, side="right") - 1
                inside = (idx >= 0) & (lo < end)
                codes[inside, j] = sc[idx[inside]]
                dmask[inside, j] = sm[idx[inside]]
                seg_of[coder] = np.where(inside, idx, -1)
            weights = hi - lo
            first = coders[0] if coders[0] in seg_of else next(iter(seg_of))
            segs = v[first].segments
            where = seg_of[first]
            frames.append(
                pd.DataFrame(
                    {
                        "transcript": t,
                        "segment": pd.array([pd.NA] * n, dtype="Int64"),
                        "start_char": lo,
                        "end_char": hi,
                        "speaker": [segs[i].speaker if i >= 0 else "" for i in where.tolist()],
                        "start_time": [segs[i].start_time if i >= 0 else None for i in where],
                        "end_time": [segs[i].end_time if i >= 0 else None for i in where],
                    }
                )
            )
        blocks_codes.append(codes)
        blocks_dil.append(dmask)
        blocks_w.append(weights)
    return Aligned(
        unit,
        coders,
        np.concatenate(blocks_codes),
        np.concatenate(blocks_dil),
        np.concatenate(blocks_w).astype(np.int64),
        pd.concat(frames, ignore_index=True),
    )


def _summary_rows(
    label: str, a: Aligned, rows_mask: np.ndarray, k: int, bootstrap: int, seed: int | None
) -> list[dict[str, object]]:
    m, w = a.codes[rows_mask], a.weights[rows_mask]
    valid = m != UNCODED
    complete = valid.all(axis=1)
    pairable = valid.sum(axis=1) >= 2
    size = float if a.unit == "second" else int
    n_complete, n_pairable = size(w[complete].sum()), size(w[pairable].sum())
    # intervals treat units as independent draws: true of segments, not of the
    # characters or seconds of one segment, so they are given for segments only
    intervals = a.unit == "segment"
    out: list[dict[str, object]] = [
        {"measure": "percent_agreement", "value": percent_agreement(m, w), "n_units": n_complete}
    ]
    if len(a.coders) == 2:
        kappa, se, low, high = cohen_kappa_ci(m, w)
        row: dict[str, object] = {"measure": "cohen_kappa", "value": kappa, "n_units": n_complete}
        if intervals:
            row.update(se=se, ci_low=low, ci_high=high)
        out.append(row)
    out.append({"measure": "fleiss_kappa", "value": fleiss_kappa(m, w), "n_units": n_complete})
    row = {
        "measure": "krippendorff_alpha",
        "value": krippendorff_alpha(m, w),
        "n_units": n_pairable,
    }
    if intervals and bootstrap > 0:
        low, high = krippendorff_alpha_bootstrap(m, w, samples=bootstrap, seed=seed)
        row.update(ci_low=low, ci_high=high)
    out.append(row)
    out.append({"measure": "gwet_ac1", "value": gwet_ac1(m, w, k), "n_units": n_pairable})
    if len(a.coders) == 2:
        out.append({"measure": "pabak", "value": pabak(m, w, k), "n_units": n_complete})
    for r in out:
        r["transcript"] = label
        r["unit"] = a.unit
        r["n_units_total"] = size(w.sum())
    return out


def _kappa(m: IntArray, w: npt.NDArray[np.float64] | IntArray) -> float:
    return cohen_kappa(m, w) if m.shape[1] == 2 else fleiss_kappa(m, w)


def _per_activity(a: Aligned, codebook: Codebook) -> pd.DataFrame:
    rows = []
    valid = a.codes != UNCODED
    for i, act in enumerate(codebook.activity_ids):
        b = np.where(valid, (a.codes == i).astype(np.int64), UNCODED)
        row: dict[str, object] = {
            "activity": act,
            "kappa": _kappa(b, a.weights),
            "kappa_method": "cohen" if len(a.coders) == 2 else "fleiss",
            "krippendorff_alpha": krippendorff_alpha(b, a.weights),
        }
        for j, coder in enumerate(a.coders):
            row[f"n_{coder}"] = int(a.weights[b[:, j] == 1].sum())
        rows.append(row)
    return pd.DataFrame(rows)


def _confusion(a: Aligned, codebook: Codebook) -> pd.DataFrame:
    labels = [*codebook.activity_ids, UNCODED_LABEL]
    k = len(labels)
    frames = []
    for i, j in itertools.combinations(range(len(a.coders)), 2):
        x = np.where(a.codes[:, i] == UNCODED, k - 1, a.codes[:, i])
        y = np.where(a.codes[:, j] == UNCODED, k - 1, a.codes[:, j])
        counts = np.bincount(x * k + y, weights=a.weights, minlength=k * k)
        frames.append(
            pd.DataFrame(
                {
                    "coder_a": a.coders[i],
                    "coder_b": a.coders[j],
                    "code_a": np.repeat(labels, k),
                    "code_b": np.tile(labels, k),
                    "count": counts if a.unit == "second" else counts.astype(np.int64),
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def _disagreements(a: Aligned, codebook: Codebook) -> pd.DataFrame:
    m = a.codes
    valid = m != UNCODED
    differ = ~(m == m[:, :1]).all(axis=1) & valid.any(axis=1)
    out: pd.DataFrame = a.units.loc[differ].reset_index(drop=True)
    names = np.array([*codebook.activity_ids, UNCODED_LABEL], dtype=object)
    for j, coder in enumerate(a.coders):
        out[coder] = names[m[differ, j]]  # -1 picks the last label: (uncoded)
    return out


def _dilemma_agreement(a: Aligned, codebook: Codebook) -> pd.DataFrame:
    rows = []
    missing = a.dilemmas < 0
    for i, d in enumerate(codebook.dilemma_ids):
        present = np.where(missing, UNCODED, (a.dilemmas >> i) & 1)
        row: dict[str, object] = {
            "dilemma": d,
            "krippendorff_alpha": krippendorff_alpha(present, a.weights),
            "percent_agreement": percent_agreement(present, a.weights),
            "n_units": int(a.weights[(~missing).sum(axis=1) >= 2].sum()),
        }
        for j, coder in enumerate(a.coders):
            row[f"n_{coder}"] = int(a.weights[present[:, j] == 1].sum())
        rows.append(row)
    return pd.DataFrame(rows)


def agreement(
    sequences: Sequence[CodedSequence],
    codebook: Codebook,
    coders: Sequence[str] | None = None,
    *,
    bootstrap: int = 1000,
    seed: int | None = 0,
    over: str = "units",
) -> AgreementResult:
    """Every agreement measure for ``coders`` (default: every coder in ``sequences``).

    ``bootstrap`` samples (seeded by ``seed``) give Krippendorff's alpha its interval
    (0: none). ``over="time"`` compares seconds of timed transcripts (see :func:`align`).

    A transcript that fewer than two of the coders coded at all is left out (and named in
    ``notes``), so one coder's transcripts do not swell the tables with missing codings.
    """
    if coders is None:
        coders = list(dict.fromkeys(s.coder or "" for s in sequences))
    if len(coders) < 2:
        raise InputError("agreement needs at least two coders")
    notes = []
    coded_by: dict[str, set[str]] = {}
    for s in sequences:
        if (s.coder or "") in coders and any(g.activity or g.dilemmas for g in s.segments):
            coded_by.setdefault(s.transcript, set()).add(s.coder or "")
    skipped = list(
        dict.fromkeys(s.transcript for s in sequences if len(coded_by.get(s.transcript, ())) < 2)
    )
    if skipped:
        notes.append(
            "Left out (coded by fewer than two of the coders): " + ", ".join(skipped) + "."
        )
    kept = [s for s in sequences if s.transcript not in skipped]
    if not kept:
        raise InputError(
            "coders " + ", ".join(coders) + " have no transcript in common: each transcript "
            "was coded by at most one of them"
        )
    a = align(kept, codebook, coders, over=over)
    if not ((a.codes != UNCODED).sum(axis=1) >= 2).any():
        raise InputError(
            "coders " + ", ".join(a.coders) + " have no coded segments in common: "
            "agreement needs segments that at least two of them coded"
        )
    k = len(codebook.activity_ids)
    rows = _summary_rows("(all)", a, np.ones(len(a.codes), dtype=bool), k, bootstrap, seed)
    transcripts = a.units["transcript"].to_numpy()
    names = list(dict.fromkeys(transcripts.tolist()))
    if len(names) > 1:
        for t in names:
            rows.extend(_summary_rows(t, a, transcripts == t, k, bootstrap, seed))
    cols = ["transcript", "measure", "value", "se", "ci_low", "ci_high", "n_units"]
    cols += ["n_units_total", "unit"]
    summary = pd.DataFrame(rows).reindex(columns=cols)
    if a.unit == "second":
        notes.append(
            "Agreement over time: each second takes the activity of the segment it falls in, "
            "for every coder; counts are seconds. Intervals are given for segments only."
        )
    if a.unit == "character":
        notes.append(
            "The coders segmented the transcript(s) differently: agreement is computed over "
            "characters, each character taking the activity of the segment it falls in."
        )
    return AgreementResult(
        a.unit,
        a.coders,
        summary,
        _per_activity(a, codebook),
        _confusion(a, codebook),
        _disagreements(a, codebook),
        _dilemma_agreement(a, codebook),
        notes,
    )
