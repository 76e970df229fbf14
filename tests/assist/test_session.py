"""The window's helper (no Qt): silent until ready, retrains as codings accumulate."""

from __future__ import annotations

from dataclasses import replace

from _assisthelp import ACTIVITIES, coded_text

from fpmcoder.assist import CodedText, Suggester


def _partly(doc: CodedText, keep: int) -> CodedText:
    segs = tuple(
        s if i < keep else replace(s, activity=None) for i, s in enumerate(doc.sequence.segments)
    )
    return CodedText(replace(doc.sequence, segments=segs), doc.text)


def test_silent_until_ready_then_proposes_for_uncoded_segments() -> None:
    s = Suggester(ACTIVITIES, threshold=0.0)
    first = coded_text("a", 1, 15)
    current = _partly(coded_text("b", 2, 30), keep=4)
    assert not s.stale([first, current])  # 19 coded segments: below the gate
    assert s.proposal(current, 5) is None
    current = _partly(coded_text("b", 2, 30), keep=5)
    assert s.refresh([first, current])
    p = s.proposal(current, 6)
    assert p is not None and p.number == 6 and p.activity in ACTIVITIES
    assert s.proposal(current, 1) is None  # coded: nothing to propose
    assert not s.stale([first, current])


def test_retrains_after_enough_new_codings_or_a_new_activity() -> None:
    s = Suggester(ACTIVITIES, retrain_every=10)
    docs = [coded_text("a", 1, 20), _partly(coded_text("b", 2, 30), keep=5)]
    s.refresh(docs)
    version = s.model.version if s.model else ""
    assert not s.stale([docs[0], _partly(coded_text("b", 2, 30), keep=14)])
    more = [docs[0], _partly(coded_text("b", 2, 30), keep=15)]
    assert s.stale(more)
    model = s.train(more)  # what a worker thread runs
    s.install(model, more)
    assert s.model is model and model.version != version


def test_threshold_and_blind_verdict() -> None:
    docs = [coded_text(f"t{i}", i, 30) for i in range(5)]
    sure = Suggester(ACTIVITIES, threshold=1.01)
    sure.refresh(docs)
    target = _partly(coded_text("x", 99), keep=0)
    assert sure.proposal(target, 1) is None  # nothing is that sure
    s = Suggester(ACTIVITIES)
    s.refresh(docs)
    coded = coded_text("x", 99)
    v = s.verdict(coded, 3)
    assert v is not None and v.coded == coded.sequence.segments[2].activity
    assert v.agreed == (v.proposal.activity == v.coded)
    assert s.verdict(target, 3) is None  # not coded yet
