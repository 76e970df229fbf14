"""Grouped cross-validation: never a segment of a test transcript in training."""

from __future__ import annotations

import pytest
from _assisthelp import ACTIVITIES, coded_text

import fpmcoder.assist.evaluate as ev
from fpmcoder.assist import CodedText
from fpmcoder.errors import InputError


def _docs(k: int) -> list[CodedText]:
    return [coded_text(f"t{i}", i, 20) for i in range(k)]


def test_folds_are_a_partition_of_transcripts_and_depend_on_the_seed() -> None:
    titles = [f"t{i}" for i in range(11)]
    folds = ev.folds_of(titles, 4, seed=3)
    assert sorted(folds) == sorted(titles)
    assert sorted(set(folds.values())) == [0, 1, 2, 3]
    assert ev.folds_of(list(reversed(titles)), 4, seed=3) == folds
    assert ev.folds_of(titles, 4, seed=4) != folds


def test_no_test_transcript_is_ever_trained_on(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[set[str]] = []
    real_train = ev.train

    def spy(docs, *args, **kwargs):  # type: ignore[no-untyped-def]
        seen.append({d.title for d in docs})
        return real_train(docs, *args, **kwargs)

    monkeypatch.setattr(ev, "train", spy)
    docs = _docs(7)
    result = ev.evaluate(docs, ACTIVITIES, folds=3, seed=1)
    assert len(seen) == len(result.splits) == 3
    tested: list[str] = []
    for trained, (split_train, split_test) in zip(seen, result.splits, strict=True):
        assert trained == set(split_train)
        assert not trained & set(split_test)
        tested.extend(split_test)
    assert sorted(tested) == sorted(d.title for d in docs)  # each tested exactly once
    # every prediction of a transcript comes from the fold that did not train on it
    for fold, group in result.predictions.groupby("fold"):
        assert not set(group["transcript"]) & seen[int(fold) - 1]
    assert len(result.predictions) == 7 * 20


def test_report_tables() -> None:
    result = ev.evaluate(_docs(6), ACTIVITIES, folds=3)
    s = result.summary.set_index("method")
    assert s.loc["model", "kappa"] > 0.8
    assert abs(s.loc["baseline: most frequent activity", "kappa"]) < 0.2  # one activity per fold
    assert {
        "classifier alone",
        "model, earlier segments coded",
        "baseline: same as previous segment",
    } <= set(s.index)
    assert list(result.per_activity["activity"]) == list(ACTIVITIES)
    assert int(result.confusion[list(ACTIVITIES)].to_numpy().sum()) == 120
    th = result.thresholds
    assert th["coverage"].iloc[0] == 1.0 and th["coverage"].is_monotonic_decreasing
    assert len(result.folds) == 3


def test_same_seed_same_report() -> None:
    a = ev.evaluate(_docs(5), ACTIVITIES, seed=2)
    b = ev.evaluate(_docs(5), ACTIVITIES, seed=2)
    assert a.summary.equals(b.summary) and a.predictions.equals(b.predictions)


def test_needs_two_coded_transcripts() -> None:
    with pytest.raises(InputError, match="at least two transcripts"):
        ev.evaluate(_docs(1), ACTIVITIES)


def test_previous_activity_pays_where_activities_run_in_blocks() -> None:
    """The bundled FPM sample: activities run in long blocks, so a coder working in order
    is best served by the memm option (about as good as 'same as previous')."""
    from fpmcoder.assist import Options
    from fpmcoder.core.sequence import CodedSequence, SegmentInfo
    from fpmcoder.io.samples import build_sample_bundle

    docs = []
    for item in build_sample_bundle().transcripts:
        t = item.transcript
        spans = item.spans or tuple(t.turn_spans())
        codes = item.codings["alex"]
        segs = tuple(
            SegmentInfo(i + 1, codes[i].activity if i in codes else None, start_char=a, end_char=b)
            for i, (a, b) in enumerate(spans)
        )
        docs.append(CodedText(CodedSequence(t.title, "alex", segs), t.text))
    acts = ("locating", "meaning", "live_action", "planning")
    kappa = {}
    for seq in ("none", "hmm", "memm"):
        s = ev.evaluate(docs, acts, options=Options(sequence=seq)).summary.set_index("method")
        kappa[seq] = s.loc["model, earlier segments coded", "kappa"]
        previous = s.loc["baseline: same as previous segment", "kappa"]
    assert kappa["memm"] > kappa["hmm"] > kappa["none"] + 0.1  # the order docs/suggestions.md gives
    assert kappa["memm"] > kappa["none"] + 0.2
    assert kappa["memm"] > previous - 0.05
