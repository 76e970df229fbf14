"""What a coding window needs from suggestions, without Qt.

A :class:`Suggester` holds the current model for one coder. The window asks
:meth:`Suggester.stale` after codings change; when it says so, it runs
:func:`~fpmcoder.assist.model.train` (a pure function of the codings) in a worker thread
and hands the result back with :meth:`Suggester.install`, so a key press never waits for
training. :meth:`Suggester.proposal` then gives the proposal for one segment, or ``None``
when the model stays silent: not ready yet (the gate), the segment already coded, or the
proposal below the confidence threshold. :meth:`Suggester.verdict` serves a "blind" mode:
after the coder has coded a segment, whether the model would have agreed.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass

from fpmcoder.assist._data import CodedText
from fpmcoder.assist._features import Options
from fpmcoder.assist.model import (
    DEFAULT_THRESHOLD,
    Proposal,
    SuggestionModel,
    readiness,
    train,
)

__all__ = ["RETRAIN_EVERY", "Suggester", "Trained", "Verdict", "signature", "train_if_stale"]

RETRAIN_EVERY = 10
"""Retrain after this many new or changed codings (or a new activity)."""


@dataclass(frozen=True)
class Verdict:
    """Blind mode: the model's proposal for a segment the coder has just coded."""

    coded: str
    proposal: Proposal
    agreed: bool


Signature = tuple[int, frozenset[str]]


def signature(docs: Sequence[CodedText]) -> Signature:
    """(coded segments, activities coded): what decides whether a model is stale."""
    acts = [s.activity for d in docs for s in d.sequence.segments if s.activity is not None]
    return len(acts), frozenset(acts)


def _stale(now: Signature, before: Signature | None, every: int) -> bool:
    if before is None:
        return True
    return now[1] != before[1] or abs(now[0] - before[0]) >= every


@dataclass(frozen=True)
class Trained:
    """What a (background) training gives back: a model, or why there is none."""

    model: SuggestionModel | None
    signature: Signature | None  # of the codings looked at
    reason: str = ""  # no model: not ready (the gate's reason), or "unchanged"
    process: int = 0  # the process that trained (the window trains in another one)


def train_if_stale(
    docs: Sequence[CodedText],
    activities: Sequence[str],
    *,
    trained_on: Signature | None,
    seed: int = 0,
    options: Options | None = None,
    retrain_every: int = RETRAIN_EVERY,
) -> Trained:
    """Train on ``docs`` when the coder has passed the gate and the model trained on
    ``trained_on`` is stale (pure: for a worker thread or process)."""
    ready = readiness(docs)
    if not ready.ready:
        return Trained(None, None, ready.reason)
    now = signature(docs)
    if not _stale(now, trained_on, retrain_every):
        return Trained(None, now, "unchanged")
    model = train(docs, activities, seed=seed, options=options or Options())
    return Trained(model, now, "", os.getpid())


class Suggester:
    """The current model for one coder and when to replace it (see the module doc)."""

    def __init__(
        self,
        activities: Sequence[str],
        *,
        threshold: float = DEFAULT_THRESHOLD,
        seed: int = 0,
        options: Options | None = None,
        retrain_every: int = RETRAIN_EVERY,
    ) -> None:
        self.activities = tuple(activities)
        self.threshold = threshold
        self.seed = seed
        self.options = options or Options()
        self.retrain_every = retrain_every
        self.model: SuggestionModel | None = None
        self._trained_on: tuple[int, frozenset[str]] | None = None

    @property
    def trained_on(self) -> Signature | None:
        """(coded segments, activities coded) of the installed model's training, or None."""
        return self._trained_on

    def stale(self, docs: Sequence[CodedText]) -> bool:
        """Whether a (new) model should be trained on ``docs``: the coder has passed the
        gate and there is no model yet, a new activity was coded, or enough codings
        changed since the last training."""
        if not readiness(docs).ready:
            return False
        return _stale(signature(docs), self._trained_on, self.retrain_every)

    def train(self, docs: Sequence[CodedText]) -> SuggestionModel:
        """Train on ``docs`` (pure: safe to run in a worker thread); does not install."""
        return train(docs, self.activities, seed=self.seed, options=self.options)

    def install(self, model: SuggestionModel, docs: Sequence[CodedText] | Signature) -> None:
        """Use ``model`` from now on (``docs``: what it was trained on, or their
        :func:`signature`)."""
        self.model = model
        self._trained_on = docs if isinstance(docs, tuple) else signature(docs)

    def refresh(self, docs: Sequence[CodedText]) -> bool:
        """Train and install in this thread when :meth:`stale`; whether it did."""
        if not self.stale(docs):
            return False
        self.install(self.train(docs), docs)
        return True

    def proposal(self, doc: CodedText, number: int) -> Proposal | None:
        """The proposal for segment ``number`` (1-based) of ``doc``, or ``None`` (silent)."""
        seg = doc.sequence.segments[number - 1]
        if self.model is None or seg.activity is not None:
            return None
        return self.model.propose_one(doc, number, threshold=self.threshold)

    def verdict(self, doc: CodedText, number: int) -> Verdict | None:
        """For a coded segment: what the model proposes without that coding, and whether
        it agrees with the coder (``None`` without a model or coding)."""
        seg = doc.sequence.segments[number - 1]
        if self.model is None or seg.activity is None:
            return None
        from dataclasses import replace

        segs = list(doc.sequence.segments)
        segs[number - 1] = replace(seg, activity=None)
        hidden = CodedText(replace(doc.sequence, segments=tuple(segs)), doc.text)
        p = self.model.propose_one(hidden, number, threshold=0.0)
        assert p is not None  # threshold 0: always a proposal
        return Verdict(seg.activity, p, p.activity == seg.activity)
