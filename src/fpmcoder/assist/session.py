"""What a coding window needs from suggestions, without Qt.

A :class:`Suggester` holds the current model for one coder. As codings change, the
window runs :func:`train_if_stale` (a pure function of the codings: in a worker process)
with the signature the model in use was trained on; it trains only when the coder has
passed the gate and the model is stale, and the window hands a new model back with
:meth:`Suggester.install`, so a key press never waits for training.
:meth:`Suggester.proposal` then gives the proposal for one segment, or ``None`` when the
model stays silent: no model yet, the segment already coded, or the proposal below the
confidence threshold.
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

__all__ = ["RETRAIN_EVERY", "Suggester", "Trained", "signature", "train_if_stale"]

RETRAIN_EVERY = 10
"""Retrain after this many new or changed codings (or a new activity)."""


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
        self._trained_on: Signature | None = None

    @property
    def trained_on(self) -> Signature | None:
        """(coded segments, activities coded) of the installed model's training, or None."""
        return self._trained_on

    def install(self, model: SuggestionModel, trained_on: Signature) -> None:
        """Use ``model`` from now on (``trained_on``: the :func:`signature` of its codings)."""
        self.model = model
        self._trained_on = trained_on

    def proposal(self, doc: CodedText, number: int) -> Proposal | None:
        """The proposal for segment ``number`` (1-based) of ``doc``, or ``None`` (silent)."""
        seg = doc.sequence.segments[number - 1]
        if self.model is None or seg.activity is not None:
            return None
        return self.model.propose_one(doc, number, threshold=self.threshold)
