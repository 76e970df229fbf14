"""Suggested codes learned from one coder's own codings (scikit-learn, on this machine).

Input: :class:`CodedText` (a :class:`~fpmcoder.core.sequence.CodedSequence` and its
transcript's text). Output: plain values (:class:`Proposal`, :class:`Evaluation`). No Qt,
no SQL, no network: the window and the command line show and store what comes out.
"""

from fpmcoder.assist._data import CodedText
from fpmcoder.assist._features import Options
from fpmcoder.assist.model import (
    DEFAULT_THRESHOLD,
    MODEL_FAMILY,
    Proposal,
    Readiness,
    SuggestionModel,
    readiness,
    suggest,
    train,
)
from fpmcoder.assist.session import Suggester, Trained, signature, train_if_stale

__all__ = [
    "DEFAULT_THRESHOLD",
    "MODEL_FAMILY",
    "CodedText",
    "Options",
    "Proposal",
    "Readiness",
    "Suggester",
    "SuggestionModel",
    "Trained",
    "readiness",
    "signature",
    "suggest",
    "train",
    "train_if_stale",
]
