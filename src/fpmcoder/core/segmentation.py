"""Segments and codings, and the pure rules for splitting and merging.

A transcript's segments are an ordered partition of its text: contiguous spans with no
gap and no overlap, the first starting at 0 and the last ending at ``len(text)``. A
segment has a stable integer ``id`` (its identity in the project file) independent of its
position; its *number* is its 1-based position.

Codings
    A :class:`Coding` belongs to one segment and one coder: at most one activity, any
    set of dilemmas, a memo. Coders code the same segments independently.

Splitting and merging carry codings over like this (documented in ``docs/coding.md``):

* **split** a segment at a character offset: both halves keep every coder's activity and
  dilemmas; the memo stays with the first half.
* **merge** a segment with the next one: for each coder the first segment's activity and
  dilemmas win; a coder who coded only the second keeps that coding; memos are joined
  with a blank line. Merging right after a split therefore gives back exactly what was
  there before (the inverse of a merge restores both halves exactly in any case).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from fpmcoder.errors import EditError

__all__ = [
    "BlindProposal",
    "Coding",
    "Segment",
    "Suggested",
    "check_partition",
    "codings_after_merge",
    "codings_after_split",
    "merge_memo",
]


@dataclass(frozen=True, slots=True)
class Segment:
    """A span ``[start, end)`` of a transcript's text."""

    id: int
    start: int
    end: int

    def __len__(self) -> int:
        return self.end - self.start

    def can_split_at(self, offset: int) -> bool:
        return self.start < offset < self.end


@dataclass(frozen=True, slots=True)
class Suggested:
    """Where a coding's activity came from when the coder accepted a suggested code.

    Kept with the coding for as long as its activity stays the one accepted (dilemmas and
    memo may change); coding another activity, or clearing it, makes the coding the
    coder's own. Reliability can then be computed with or without accepted suggestions.
    """

    model: str  # the model version (``assist-2+...``)
    probability: float  # the model's probability of the accepted activity
    runner_up: str | None = None
    runner_up_probability: float = 0.0
    threshold: float = 0.0  # the confidence threshold in force when it was shown
    accepted: str = ""  # when it was accepted (ISO 8601, UTC)


@dataclass(frozen=True, slots=True)
class BlindProposal:
    """What the model would have proposed for a segment the coder coded in blind mode:
    computed when the coder coded it, never shown before. Kept with the coding, so that
    the coder's own judgements can later be compared with the model's (a prospective
    measure of how far the model agrees with a human)."""

    model: str  # the model version
    activity: str  # the activity the model would have proposed
    probability: float
    at: str = ""  # when (ISO 8601, UTC)


@dataclass(frozen=True, slots=True)
class Coding:
    """One coder's coding of one segment."""

    activity: str | None = None
    dilemmas: frozenset[str] = field(default_factory=frozenset)
    memo: str = ""
    suggested: Suggested | None = None
    """Set when the activity is an accepted suggestion (see :class:`Suggested`)."""
    blind: BlindProposal | None = None
    """Blind mode: the model's hidden proposal when the coder first coded the segment."""

    @property
    def is_empty(self) -> bool:
        return self.activity is None and not self.dilemmas and not self.memo

    def with_activity(self, activity: str | None) -> Coding:
        """The coding with this activity; a different activity is the coder's own."""
        if activity == self.activity:
            return self
        return replace(self, activity=activity, suggested=None)

    def accepted(self, activity: str, suggested: Suggested) -> Coding:
        """The coding with an accepted suggestion as its activity."""
        return replace(self, activity=activity, suggested=suggested)

    def toggled(self, dilemma: str) -> Coding:
        return replace(self, dilemmas=self.dilemmas ^ {dilemma})

    def with_memo(self, memo: str) -> Coding:
        return replace(self, memo=memo)


def check_partition(spans: Iterable[tuple[int, int]], length: int) -> None:
    """Raise :class:`EditError` unless ``spans`` is an ordered partition of ``[0, length)``."""
    pos = 0
    for i, (start, end) in enumerate(spans):
        if start != pos:
            what = "gap" if start > pos else "overlap"
            raise EditError(f"segment {i + 1} starts at {start}, expected {pos} ({what})")
        if end <= start and length > 0:
            raise EditError(f"segment {i + 1} is empty ({start}-{end})")
        pos = end
    if pos != length:
        raise EditError(f"segments end at character {pos}, but the text has {length}")


def merge_memo(first: str, second: str) -> str:
    if first and second:
        return f"{first}\n\n{second}"
    return first or second


def codings_after_split(
    codings: Mapping[str, Coding],
) -> tuple[dict[str, Coding], dict[str, Coding]]:
    """Codings of the first and second half after a split (see the module docstring)."""
    first = dict(codings)
    second = {
        coder: replace(c, memo="")
        for coder, c in codings.items()
        if c.activity is not None or c.dilemmas
    }
    return first, second


def codings_after_merge(
    first: Mapping[str, Coding], second: Mapping[str, Coding]
) -> dict[str, Coding]:
    """Codings of the merged segment (see the module docstring)."""
    out: dict[str, Coding] = {}
    for coder in [*first, *(c for c in second if c not in first)]:
        a, b = first.get(coder), second.get(coder)
        if a is None:
            assert b is not None
            out[coder] = b
        elif b is None:
            out[coder] = a
        else:
            out[coder] = replace(a, memo=merge_memo(a.memo, b.memo))
    return out


def spans_of(segments: Sequence[Segment]) -> list[tuple[int, int]]:
    return [(s.start, s.end) for s in segments]
