"""The model: the gate, determinism by seed, proposals as plain values."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from _assisthelp import ACTIVITIES, coded_text

from fpmcoder.assist import CodedText, Options, readiness, suggest, train


def _docs(k: int, n: int = 30) -> list[CodedText]:
    return [coded_text(f"t{i}", i, n) for i in range(k)]


def _uncode(doc: CodedText, keep: int = 0) -> CodedText:
    seq = doc.sequence
    segs = tuple(s if i < keep else replace(s, activity=None) for i, s in enumerate(seq.segments))
    return CodedText(replace(seq, segments=segs), doc.text)


def test_silent_below_twenty_segments() -> None:
    docs = [coded_text("a", 1, 10), coded_text("b", 2, 9)]
    target = _uncode(coded_text("c", 3))
    ready, proposals = suggest(docs, [target], ACTIVITIES)
    assert not ready.ready and ready.segments == 19
    assert proposals == []
    assert "at least 20 segments" in ready.reason


def test_silent_with_one_activity_or_one_transcript() -> None:
    one_act = [
        CodedText(
            replace(
                d.sequence,
                segments=tuple(replace(s, activity="meaning") for s in d.sequence.segments),
            ),
            d.text,
        )
        for d in _docs(2)
    ]
    assert not readiness(one_act).ready
    assert readiness(one_act).activities == 1
    one_transcript = [coded_text("a", 1, 40), _uncode(coded_text("b", 2))]
    r = readiness(one_transcript)
    assert (r.segments, r.transcripts, r.ready) == (40, 1, False)


def test_speaks_once_ready_and_only_for_uncoded_segments() -> None:
    docs = [coded_text("a", 1, 10), coded_text("b", 2, 10)]
    target = _uncode(coded_text("c", 3), keep=5)
    ready, proposals = suggest([*docs, target], [target], ACTIVITIES, threshold=0.0)
    assert ready.ready and ready.segments == 25
    assert [p.number for p in proposals] == list(range(6, 31))
    p = proposals[0]
    assert p.activity in ACTIVITIES and p.runner_up in ACTIVITIES and p.activity != p.runner_up
    assert 1.0 >= p.probability >= p.runner_up_probability >= 0.0


def test_confidence_threshold_silences_unsure_proposals() -> None:
    docs = _docs(6)
    target = _uncode(coded_text("x", 99))
    model = train(docs, ACTIVITIES)
    everything = model.propose(target, threshold=0.0)
    sure = model.propose(target, threshold=0.9)
    assert len(everything) == 30
    assert len(sure) < len(everything)
    assert all(p.probability >= 0.9 for p in sure)


def test_learns_the_words() -> None:
    model = train(_docs(8), ACTIVITIES)
    truth = coded_text("x", 99)
    post = model.probabilities(truth, use_codings=False)
    predicted = [ACTIVITIES[i] for i in post.argmax(axis=1)]
    agree = np.mean(
        [a == s.activity for a, s in zip(predicted, truth.sequence.segments, strict=True)]
    )
    assert agree > 0.9


def test_same_seed_same_model_and_proposals() -> None:
    docs = _docs(5)
    target = _uncode(coded_text("x", 99))
    for options in (Options(), Options(sequence="hmm", char_ngrams=True), Options(sequence="memm")):
        a = train(docs, ACTIVITIES, seed=7, options=options)
        b = train(docs, ACTIVITIES, seed=7, options=options)
        assert a.version == b.version and a.version.startswith("assist-2+")
        np.testing.assert_array_equal(a.probabilities(target), b.probabilities(target))
        assert a.propose(target) == b.propose(target)
    c = train(docs, ACTIVITIES, seed=8)
    assert c.version != train(docs, ACTIVITIES, seed=7).version


def test_version_changes_with_the_codings() -> None:
    docs = _docs(3)
    changed = _uncode(docs[0], keep=29)
    assert train(docs, ACTIVITIES).version != train([changed, *docs[1:]], ACTIVITIES).version


@pytest.mark.parametrize("sequence", ["none", "hmm", "memm"])
def test_sequence_options_use_the_coded_neighbours(sequence: str) -> None:
    docs = _docs(6)
    model = train(docs, ACTIVITIES, options=Options(sequence=sequence))
    doc = coded_text("x", 99)
    free = model.probabilities(doc, use_codings=False)
    known = model.probabilities(doc, use_codings=True)
    in_order = model.probabilities_in_order(doc)
    codes = model.codes(doc)
    # coded segments are their codings; rows are distributions
    assert all(known[i, c] == 1.0 for i, c in enumerate(codes))
    for p in (free, in_order):
        np.testing.assert_allclose(p.sum(axis=1), 1.0, rtol=1e-5)
        assert (p.argmax(axis=1) == codes).mean() > 0.8
    if sequence == "none":
        np.testing.assert_array_equal(free, in_order)
    else:  # the earlier codings change the proposals
        assert not np.allclose(free, in_order)


def test_memm_learns_the_previous_activity() -> None:
    """Words say nothing; the activity after 'locating' is always 'meaning'."""
    import random

    from fpmcoder.core.sequence import CodedSequence, SegmentInfo

    rng = random.Random(0)
    docs = []
    for k in range(4):
        acts = []
        for _ in range(15):
            acts += [rng.choice(["locating", "planning"])]
            acts += ["meaning" if acts[-1] == "locating" else "live_action"]
        text = "\n".join("same words" for _ in acts) + "\n"
        segs = tuple(
            SegmentInfo(i + 1, a, speaker="A", start_char=11 * i, end_char=11 * (i + 1))
            for i, a in enumerate(acts)
        )
        docs.append(CodedText(CodedSequence(f"t{k}", "ann", segs), text))
    model = train(docs[:3], ACTIVITIES, options=Options(sequence="memm"))
    test = docs[3]
    p = model.probabilities_in_order(test)
    codes = model.codes(test)
    after = [i for i in range(1, len(codes)) if codes[i - 1] in (0, 3)]
    assert all(p[i].argmax() == (1 if codes[i - 1] == 0 else 2) for i in after)
    none = Options(sequence="none")
    plain = train(docs[:3], ACTIVITIES, options=none).probabilities_in_order(test)
    assert (plain.argmax(axis=1) == codes).mean() < 0.6


@pytest.mark.parametrize("sequence", ["none", "hmm", "memm"])
def test_one_proposal_is_the_proposal_of_the_whole_transcript(sequence: str) -> None:
    model = train(_docs(5), ACTIVITIES, options=Options(sequence=sequence))
    target = _uncode(coded_text("x", 99), keep=10)
    whole = {p.number: p for p in model.propose(target, threshold=0.0)}
    for number in (11, 12, 15, 18):  # within LOOKBACK of the last coded segment
        one = model.propose_one(target, number, threshold=0.0)
        assert one is not None and one.activity == whole[number].activity
        assert one.probability == pytest.approx(whole[number].probability, abs=1e-6)
    assert model.propose_one(target, 11, threshold=1.01) is None


def test_one_proposal_far_from_any_coding_is_close_to_the_whole_chain() -> None:
    model = train(_docs(5), ACTIVITIES)
    target = _uncode(coded_text("x", 99), keep=0)
    whole = {p.number: p for p in model.propose(target, threshold=0.0)}
    same = 0
    for number in range(10, 31):
        one = model.propose_one(target, number, threshold=0.0)
        assert one is not None
        same += one.activity == whole[number].activity
    assert same >= 19  # of 21


def test_few_codings_hold_the_model_back_more() -> None:
    """The L2 penalty is at least small_data / coded segments (overconfident otherwise on a
    study's first transcripts); with many codings it is alpha."""
    few = [coded_text(f"t{i}", i, 30) for i in range(3)]
    model = train(few, ACTIVITIES)
    assert model._classifier.alpha == pytest.approx(Options().small_data / 90)
    many = [coded_text(f"t{i}", i, 30) for i in range(90)]
    assert train(many, ACTIVITIES)._classifier.alpha == Options().alpha
