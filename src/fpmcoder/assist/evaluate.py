"""How far the proposals can be trusted: grouped cross-validation by transcript.

The coder's coded transcripts are dealt into folds (shuffled by the seed); each fold is
proposed by a model trained on the *other* folds only, so no segment of a test transcript
is ever seen in training. Every coded segment thus gets one out-of-fold proposal, and the
proposals are compared with the coder's codings:

* ``model``: the whole transcript uncoded (what ``--write-coder`` does);
* ``model, earlier segments coded``: each segment proposed knowing the coder's codings of
  the segments before it (what a coder working in order is shown; differs from ``model``
  only with a ``sequence`` option);
* ``classifier alone``: without the ``sequence`` option's use of the activities around;
* baselines ``most frequent activity`` (of the training folds) and ``same as previous
  segment`` (the coder's coding of the segment before; the first segment gets the most
  frequent activity).

Measures: Cohen's kappa, accuracy, macro-F1 (over the activities coded), kappa of each
activity against the rest, the confusion matrix, and coverage/accuracy over confidence
thresholds (the share of segments the model would speak on, and how often it is right),
both for whole transcripts uncoded (``thresholds``) and for a coder working in order, as
the window shows proposals (``thresholds_in_order``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from fpmcoder.assist._data import CodedText
from fpmcoder.assist._features import Options
from fpmcoder.assist.model import train
from fpmcoder.errors import InputError

__all__ = ["THRESHOLDS", "Evaluation", "blind_agreement", "evaluate", "folds_of"]

THRESHOLDS = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95)


@dataclass(frozen=True)
class Evaluation:
    """Tables of an evaluation (pandas DataFrames, ready for ``fpmcoder.analysis.tables``)."""

    summary: pd.DataFrame
    per_activity: pd.DataFrame
    confusion: pd.DataFrame
    thresholds: pd.DataFrame
    thresholds_in_order: pd.DataFrame
    blind: pd.DataFrame
    """Blind mode, prospectively: the coder's codings against the model's proposals kept
    hidden when they were made (no rows when the coder never coded blind)."""
    folds: pd.DataFrame
    predictions: pd.DataFrame
    splits: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]  # (trained on, tested on)
    notes: list[str] = field(default_factory=list)

    def tables(self) -> dict[str, pd.DataFrame]:
        return {
            "summary": self.summary,
            "per_activity": self.per_activity,
            "confusion": self.confusion,
            "thresholds": self.thresholds,
            "thresholds_in_order": self.thresholds_in_order,
            **({"blind": self.blind} if len(self.blind) else {}),
            "folds": self.folds,
        }


def folds_of(titles: Sequence[str], k: int, seed: int) -> dict[str, int]:
    """Transcript title -> fold (0..k-1): sorted, shuffled by ``seed``, dealt in turn."""
    ordered = sorted(set(titles))
    order = np.random.default_rng(seed).permutation(len(ordered))
    return {ordered[j]: rank % k for rank, j in enumerate(order.tolist())}


def _kappa(true: np.ndarray, pred: np.ndarray) -> float:
    from sklearn.metrics import cohen_kappa_score

    if len(true) == 0:
        return float("nan")
    if len(set(true.tolist()) | set(pred.tolist())) < 2:
        return 1.0 if (true == pred).all() else 0.0
    return float(cohen_kappa_score(true, pred))


def _scores(true: np.ndarray, pred: np.ndarray) -> dict[str, float | int]:
    from sklearn.metrics import f1_score

    labels = sorted(set(true.tolist()))
    return {
        "kappa": _kappa(true, pred),
        "accuracy": float((true == pred).mean()) if len(true) else float("nan"),
        "macro_f1": float(f1_score(true, pred, labels=labels, average="macro", zero_division=0))
        if len(true)
        else float("nan"),
        "segments": len(true),
    }


def evaluate(
    docs: Sequence[CodedText],
    activities: Sequence[str],
    *,
    folds: int = 5,
    seed: int = 0,
    options: Options | None = None,
) -> Evaluation:
    """Grouped cross-validation of the model on one coder's codings (see the module doc)."""
    options = options or Options()
    acts = tuple(activities)
    coded = [d for d in docs if d.n_coded]
    if len(coded) < 2:
        raise InputError(
            f"an evaluation needs codings in at least two transcripts (this coder has {len(coded)})"
        )
    k = max(2, min(folds, len(coded)))
    fold = folds_of([d.title for d in coded], k, seed)
    index = {a: i for i, a in enumerate(acts)}
    rows: list[dict[str, object]] = []
    fold_rows: list[dict[str, object]] = []
    splits = []
    notes = []
    for f in range(k):
        train_docs = [d for d in coded if fold[d.title] != f]
        test_docs = [d for d in coded if fold[d.title] == f]
        splits.append((tuple(d.title for d in train_docs), tuple(d.title for d in test_docs)))
        labels = {s.activity for d in train_docs for s in d.sequence.segments if s.activity}
        if len(labels) < 2:
            notes.append(f"fold {f + 1}: fewer than two activities in training; skipped")
            continue
        model = train(train_docs, acts, seed=seed, options=options)
        counts = Counter(
            index[s.activity] for d in train_docs for s in d.sequence.segments if s.activity
        )
        frequent = max(sorted(counts), key=lambda a: counts[a])
        n_test = 0
        for d in test_docs:
            codes = model.codes(d)
            raw = model.classifier_probabilities(d)
            cold = model.probabilities(d, use_codings=False)
            warm = model.probabilities_in_order(d)
            for i, c in enumerate(codes):
                if c < 0:
                    continue
                n_test += 1
                rows.append(
                    {
                        "fold": f + 1,
                        "transcript": d.title,
                        "segment": d.sequence.segments[i].number,
                        "coded": c,
                        "model": int(cold[i].argmax()),
                        "probability": float(cold[i].max()),
                        "in_order": int(warm[i].argmax()),
                        "in_order_probability": float(warm[i].max()),
                        "raw": int(raw[i].argmax()),
                        "most_frequent": frequent,
                        "previous": codes[i - 1] if i > 0 and codes[i - 1] >= 0 else frequent,
                    }
                )
        fold_rows.append(
            {
                "fold": f + 1,
                "train_transcripts": len(train_docs),
                "test_transcripts": len(test_docs),
                "train_segments": model.trained_on,
                "test_segments": n_test,
            }
        )
    pred = pd.DataFrame(rows)
    if pred.empty:
        raise InputError("nothing could be evaluated: code at least two activities")
    true = pred["coded"].to_numpy()
    fold_kappa = [
        _kappa(g["coded"].to_numpy(), g["model"].to_numpy()) for _, g in pred.groupby("fold")
    ]
    folds_df = pd.DataFrame(fold_rows)
    folds_df["kappa"] = fold_kappa
    methods = {
        "model": "model",
        "model, earlier segments coded": "in_order",
        "classifier alone": "raw",
        "baseline: most frequent activity": "most_frequent",
        "baseline: same as previous segment": "previous",
    }
    summary = pd.DataFrame(
        [{"method": name, **_scores(true, pred[col].to_numpy())} for name, col in methods.items()]
    )
    return Evaluation(
        summary=summary,
        per_activity=_per_activity(acts, true, pred["model"].to_numpy()),
        confusion=_confusion(acts, true, pred["model"].to_numpy()),
        thresholds=_thresholds(true, pred["model"].to_numpy(), pred["probability"].to_numpy()),
        thresholds_in_order=_thresholds(
            true, pred["in_order"].to_numpy(), pred["in_order_probability"].to_numpy()
        ),
        blind=blind_agreement(docs, acts),
        folds=folds_df,
        predictions=pred.assign(
            coded=[acts[i] for i in true],
            model=[acts[i] for i in pred["model"]],
        )[["fold", "transcript", "segment", "coded", "model", "probability"]],
        splits=tuple(splits),
        notes=notes,
    )


def blind_agreement(docs: Sequence[CodedText], activities: Sequence[str]) -> pd.DataFrame:
    """The coder's codings against the model's proposals that were kept hidden when the
    coder coded in blind mode: segments, Cohen's kappa, accuracy (one row; none without
    blind codings)."""
    index = {a: i for i, a in enumerate(activities)}
    pairs = [
        (index[s.activity], index[s.blind])
        for d in docs
        for s in d.sequence.segments
        if s.activity in index and s.blind in index
    ]
    columns = ["comparison", "segments", "kappa", "accuracy"]
    if not pairs:
        return pd.DataFrame(columns=columns)
    true, pred = (np.array(x) for x in zip(*pairs, strict=True))
    return pd.DataFrame(
        [
            {
                "comparison": "coded blind vs the model's hidden proposal",
                "segments": len(pairs),
                "kappa": _kappa(true, pred),
                "accuracy": float((true == pred).mean()),
            }
        ],
        columns=columns,
    )


def _per_activity(acts: Sequence[str], true: np.ndarray, pred: np.ndarray) -> pd.DataFrame:
    out = []
    for i, a in enumerate(acts):
        t, p = true == i, pred == i
        tp = int((t & p).sum())
        precision = tp / p.sum() if p.sum() else float("nan")
        recall = tp / t.sum() if t.sum() else float("nan")
        f1 = 2 * tp / (t.sum() + p.sum()) if (t.sum() + p.sum()) else float("nan")
        out.append(
            {
                "activity": a,
                "coded": int(t.sum()),
                "proposed": int(p.sum()),
                "kappa": _kappa(t.astype(int), p.astype(int)) if t.sum() or p.sum() else np.nan,
                "precision": precision,
                "recall": recall,
                "f1": f1,
            }
        )
    return pd.DataFrame(out)


def _confusion(acts: Sequence[str], true: np.ndarray, pred: np.ndarray) -> pd.DataFrame:
    k = len(acts)
    m = np.bincount(true * k + pred, minlength=k * k).reshape(k, k)
    df = pd.DataFrame(m, index=pd.Index(acts, name="coded \\ proposed"), columns=list(acts))
    return df.reset_index()


def _thresholds(true: np.ndarray, pred: np.ndarray, prob: np.ndarray) -> pd.DataFrame:
    out = []
    for t in THRESHOLDS:
        keep = prob >= t
        out.append(
            {
                "threshold": t,
                "coverage": float(keep.mean()),
                "segments": int(keep.sum()),
                "accuracy": float((true[keep] == pred[keep]).mean()) if keep.any() else np.nan,
                "kappa": _kappa(true[keep], pred[keep]),
            }
        )
    return pd.DataFrame(out)
