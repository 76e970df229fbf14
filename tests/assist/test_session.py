"""The window's helpers (no Qt): silent until ready, retrained as codings accumulate."""

from __future__ import annotations

import os
from dataclasses import replace

from _assisthelp import ACTIVITIES, coded_text

from fpmcoder.assist import CodedText, Suggester, signature, train_if_stale


def _partly(doc: CodedText, keep: int) -> CodedText:
    segs = tuple(
        s if i < keep else replace(s, activity=None) for i, s in enumerate(doc.sequence.segments)
    )
    return CodedText(replace(doc.sequence, segments=segs), doc.text)


def _refresh(s: Suggester, docs: list[CodedText]) -> bool:
    """What the window does: train when stale (in its worker), then install."""
    done = train_if_stale(docs, s.activities, trained_on=s.trained_on, seed=s.seed)
    if done.model is None:
        return False
    assert done.signature is not None and done.process == os.getpid()
    s.install(done.model, done.signature)
    return True


def test_silent_until_ready_then_proposes_for_uncoded_segments() -> None:
    s = Suggester(ACTIVITIES, threshold=0.0)
    first = coded_text("a", 1, 15)
    current = _partly(coded_text("b", 2, 30), keep=4)
    below = train_if_stale([first, current], ACTIVITIES, trained_on=None)
    assert below.model is None and "so far: 19 segments" in below.reason  # below the gate
    assert not _refresh(s, [first, current])
    assert s.proposal(current, 5) is None
    current = _partly(coded_text("b", 2, 30), keep=5)
    assert _refresh(s, [first, current])
    assert s.trained_on == signature([first, current]) == (20, s.trained_on[1])
    p = s.proposal(current, 6)
    assert p is not None and p.number == 6 and p.activity in ACTIVITIES
    assert s.proposal(current, 1) is None  # coded: nothing to propose
    again = train_if_stale([first, current], ACTIVITIES, trained_on=s.trained_on)
    assert (again.model, again.reason) == (None, "unchanged")


def test_retrains_after_enough_new_codings_or_a_new_activity() -> None:
    s = Suggester(ACTIVITIES, retrain_every=10)
    docs = [coded_text("a", 1, 20), _partly(coded_text("b", 2, 30), keep=5)]
    assert _refresh(s, docs)
    version = s.model.version if s.model else ""
    assert not _refresh(s, [docs[0], _partly(coded_text("b", 2, 30), keep=14)])  # 9 more
    assert _refresh(s, [docs[0], _partly(coded_text("b", 2, 30), keep=15)])  # 10 more
    assert s.model is not None and s.model.version != version
    # a model trained before one of the activities was coded is stale at once
    n, acts = signature(docs)
    fewer = (n, acts - {min(acts)})
    assert train_if_stale(docs, ACTIVITIES, trained_on=fewer).model is not None
    assert train_if_stale(docs, ACTIVITIES, trained_on=(n, acts)).reason == "unchanged"


def test_threshold_silences_the_model() -> None:
    docs = [coded_text(f"t{i}", i, 30) for i in range(5)]
    sure = Suggester(ACTIVITIES, threshold=1.01)
    assert _refresh(sure, docs)
    target = _partly(coded_text("x", 99), keep=0)
    assert sure.proposal(target, 1) is None  # nothing is that sure
    sure.threshold = 0.0
    assert sure.proposal(target, 1) is not None
