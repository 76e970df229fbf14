"""A coded sequence: one transcript's segments in order, as one coder coded them.

This is what the figures (:mod:`fpmcoder.plot`) and the statistics
(:mod:`fpmcoder.analysis`) take as input. It is built from a project
(:meth:`fpmcoder.store.Project.sequence`) or from a tidy table
(:func:`fpmcoder.io.table.sequences_from_table`), so researchers who coded elsewhere
get the same figures and numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

__all__ = ["CodedSequence", "SegmentInfo"]


@dataclass(frozen=True, slots=True)
class SegmentInfo:
    """One segment as the figures and statistics see it."""

    number: int  # 1-based position in the transcript
    activity: str | None  # None: not coded (never silently an activity)
    dilemmas: frozenset[str] = frozenset()
    speaker: str = ""
    start_time: float | None = None
    end_time: float | None = None
    words: int = 0
    start_char: int = 0
    end_char: int = 0
    suggested: bool = False  # the activity is an accepted suggestion, not the coder's own
    blind: str | None = None  # blind mode: the model's hidden proposal when it was coded


@dataclass(frozen=True)
class CodedSequence:
    transcript: str
    coder: str | None
    segments: tuple[SegmentInfo, ...]
    setting: str | None = None
    case: str | None = None
    metadata: dict[str, str] = field(default_factory=dict)

    @property
    def activities(self) -> list[str | None]:
        return [s.activity for s in self.segments]

    def __len__(self) -> int:
        return len(self.segments)

    @property
    def n_suggested(self) -> int:
        """Segments whose activity is an accepted suggestion."""
        return sum(1 for s in self.segments if s.suggested)

    def own(self) -> CodedSequence:
        """The coder's own codings only: accepted suggestions count as not coded."""
        if not self.n_suggested:
            return self
        segs = tuple(
            replace(s, activity=None, suggested=False) if s.suggested else s for s in self.segments
        )
        return replace(self, segments=segs)

    @classmethod
    def from_activities(
        cls,
        transcript: str,
        activities: Sequence[str | None],
        *,
        coder: str | None = None,
        setting: str | None = None,
        case: str | None = None,
    ) -> CodedSequence:
        """A sequence from activity ids alone (tests, quick scripts)."""
        segs = tuple(SegmentInfo(i + 1, a) for i, a in enumerate(activities))
        return cls(transcript, coder, segs, setting, case)
