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

__all__ = ["RETRAIN_EVERY", "Suggester", "Verdict"]

RETRAIN_EVERY = 10
"""Retrain after this many new or changed codings (or a new activity)."""


@dataclass(frozen=True)
class Verdict:
    """Blind mode: the model's proposal for a segment the coder has just coded."""

    coded: str
    proposal: Proposal
    agreed: bool


def _signature(docs: Sequence[CodedText]) -> tuple[int, frozenset[str]]:
    acts = [s.activity for d in docs for s in d.sequence.segments if s.activity is not None]
    return len(acts), frozenset(acts)


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
    def trained_on(self) -> tuple[int, frozenset[str]] | None:
        """(coded segments, activities coded) of the installed model's training, or None."""
        return self._trained_on

    def stale(self, docs: Sequence[CodedText]) -> bool:
        """Whether a (new) model should be trained on ``docs``: the coder has passed the
        gate and there is no model yet, a new activity was coded, or enough codings
        changed since the last training."""
        if not readiness(docs).ready:
            return False
        if self._trained_on is None:
            return True
        n, acts = _signature(docs)
        n0, acts0 = self._trained_on
        return acts != acts0 or abs(n - n0) >= self.retrain_every

    def train(self, docs: Sequence[CodedText]) -> SuggestionModel:
        """Train on ``docs`` (pure: safe to run in a worker thread); does not install."""
        return train(docs, self.activities, seed=self.seed, options=self.options)

    def install(self, model: SuggestionModel, docs: Sequence[CodedText]) -> None:
        """Use ``model`` from now on (``docs``: what it was trained on)."""
        self.model = model
        self._trained_on = _signature(docs)

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
