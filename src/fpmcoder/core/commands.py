"""Every edit is a command; applying one returns the command that undoes it.

Commands work on any :class:`EditTarget`: the SQLite project
(:class:`fpmcoder.store.Project`) and the in-memory :class:`fpmcoder.core.memory.MemoryTarget`
used in tests. :func:`run` applies a command inside one transaction of the target, so an
edit is either wholly stored or not at all. :class:`History` is an undo/redo stack over
``run``; the desktop application wraps the same commands in ``QUndoCommand``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field, replace
from typing import Protocol

from fpmcoder.core.codebook import Codebook
from fpmcoder.core.segmentation import (
    BlindProposal,
    Coding,
    Segment,
    Suggested,
    codings_after_merge,
    codings_after_split,
)
from fpmcoder.errors import EditError

__all__ = [
    "AcceptSuggestion",
    "AssignActivity",
    "Batch",
    "Command",
    "EditTarget",
    "History",
    "MergeSegments",
    "SetCoding",
    "SetMemo",
    "SplitSegment",
    "StampTime",
    "ToggleDilemma",
    "check_codes",
    "run",
]


class EditTarget(Protocol):
    """What a command needs from the place it edits. Segment ids are stable integers."""

    @property
    def codebook(self) -> Codebook: ...

    def segment(self, segment_id: int) -> Segment:
        """The segment with this id; :class:`NotFoundError` when there is none."""
        ...

    def next_segment(self, segment_id: int) -> Segment | None:
        """The segment after this one in the same transcript, or ``None`` for the last."""
        ...

    def codings_of(self, segment_id: int) -> dict[str, Coding]:
        """Coder name to coding, for every coder who coded this segment."""
        ...

    def write_coding(self, segment_id: int, coder: str, coding: Coding | None) -> None:
        """Store (or, for ``None`` or an empty coding, delete) one coder's coding."""
        ...

    def cut_span(self, segment_id: int, offset: int, new_id: int | None) -> Segment:
        """Cut the span at ``offset``; return the new second half (with ``new_id`` if given).

        Codings are not touched: the command moves them.
        """
        ...

    def join_span(self, segment_id: int) -> Segment:
        """Join the segment with the next one (whose codings are dropped); return the result."""
        ...

    def stamp_of(self, segment_id: int) -> float | None:
        """The time (seconds into the recording) stamped as this segment's start, if any."""
        ...

    def write_stamp(self, segment_id: int, seconds: float | None) -> None:
        """Stamp (or, for ``None``, unstamp) the segment's start time."""
        ...

    def transaction(self) -> AbstractContextManager[None]: ...


class Command(Protocol):
    """An edit. ``apply`` performs it and returns its inverse."""

    @property
    def label(self) -> str: ...

    def apply(self, target: EditTarget) -> Command: ...


def run(command: Command, target: EditTarget) -> Command:
    """Apply ``command`` in one transaction of ``target``; return the inverse."""
    with target.transaction():
        return command.apply(target)


def _coding(target: EditTarget, segment_id: int, coder: str) -> Coding | None:
    target.segment(segment_id)  # raises NotFoundError for an unknown id
    return target.codings_of(segment_id).get(coder)


@dataclass(frozen=True)
class SetCoding:
    """Replace one coder's whole coding of one segment (``None`` removes it)."""

    segment_id: int
    coder: str
    coding: Coding | None
    label: str = "Set coding"

    def apply(self, target: EditTarget) -> Command:
        previous = _coding(target, self.segment_id, self.coder)
        return _replace(target, self.segment_id, self.coder, previous, self.coding, self.label)


def _replace(
    target: EditTarget,
    segment_id: int,
    coder: str,
    previous: Coding | None,
    coding: Coding | None,
    label: str,
) -> Command:
    """Write ``coding`` over ``previous`` (already read); return the :class:`SetCoding`
    that puts ``previous`` back. One read and one write per edit."""
    if coding is not None:
        check_codes(target.codebook, coding)
    target.write_coding(segment_id, coder, coding)
    return SetCoding(segment_id, coder, previous, label)


def check_codes(codebook: Codebook, coding: Coding, where: str = "") -> None:
    """Raise :class:`EditError` unless every code of ``coding`` is in ``codebook``."""
    prefix = f"{where}: " if where else ""
    if coding.activity is not None and not codebook.has_activity(coding.activity):
        raise EditError(
            f"{prefix}{coding.activity!r} is not an activity of the codebook "
            f"{codebook.name!r} (it has: {', '.join(codebook.activity_ids)})"
        )
    unknown = sorted(d for d in coding.dilemmas if not codebook.has_dilemma(d))
    if unknown:
        raise EditError(
            f"{prefix}{', '.join(map(repr, unknown))} not a dilemma of the codebook "
            f"{codebook.name!r}"
        )


@dataclass(frozen=True)
class AssignActivity:
    """Give a segment an activity (``None`` clears it), keeping dilemmas and memo.

    ``blind``: the model's hidden proposal (blind mode), recorded with the coding when the
    segment had no activity yet (a record already there is kept)."""

    segment_id: int
    coder: str
    activity: str | None
    blind: BlindProposal | None = None

    @property
    def label(self) -> str:
        return f"Assign {self.activity}" if self.activity else "Clear activity"

    def apply(self, target: EditTarget) -> Command:
        previous = _coding(target, self.segment_id, self.coder)
        new = (previous or Coding()).with_activity(self.activity)
        first = previous is None or (previous.activity is None and previous.blind is None)
        if self.blind is not None and self.activity is not None and first:
            new = replace(new, blind=self.blind)
        return _replace(target, self.segment_id, self.coder, previous, new, self.label)


@dataclass(frozen=True)
class AcceptSuggestion:
    """Code an uncoded segment with a suggested activity, recording where it came from
    (:class:`~fpmcoder.core.segmentation.Suggested`); undo takes both back."""

    segment_id: int
    coder: str
    activity: str
    suggested: Suggested
    label: str = "Accept suggestion"

    def apply(self, target: EditTarget) -> Command:
        previous = _coding(target, self.segment_id, self.coder)
        if previous is not None and previous.activity is not None:
            raise EditError(
                "the segment is already coded; a suggestion is accepted only for a segment "
                "not coded yet (code it with its key instead)"
            )
        if not 0.0 <= self.suggested.probability <= 1.0:
            raise EditError(f"{self.suggested.probability} is not a probability")
        new = (previous or Coding()).accepted(self.activity, self.suggested)
        return _replace(target, self.segment_id, self.coder, previous, new, self.label)


@dataclass(frozen=True)
class ToggleDilemma:
    """Add the dilemma to a segment's coding, or remove it when present."""

    segment_id: int
    coder: str
    dilemma: str

    @property
    def label(self) -> str:
        return f"Toggle {self.dilemma}"

    def apply(self, target: EditTarget) -> Command:
        previous = _coding(target, self.segment_id, self.coder)
        new = (previous or Coding()).toggled(self.dilemma)
        return _replace(target, self.segment_id, self.coder, previous, new, self.label)


@dataclass(frozen=True)
class SetMemo:
    segment_id: int
    coder: str
    memo: str
    label: str = "Edit memo"

    def apply(self, target: EditTarget) -> Command:
        previous = _coding(target, self.segment_id, self.coder)
        new = (previous or Coding()).with_memo(self.memo)
        return _replace(target, self.segment_id, self.coder, previous, new, self.label)


def _write_all(
    target: EditTarget, segment_id: int, before: Mapping[str, Coding], after: Mapping[str, Coding]
) -> None:
    for coder in dict.fromkeys([*before, *after]):
        target.write_coding(segment_id, coder, after.get(coder))


@dataclass(frozen=True)
class SplitSegment:
    """Split a segment at an absolute character offset of the transcript text.

    ``new_id``, ``first`` and ``second`` are set only by the inverse of a merge, so that
    redoing restores the very segment ids and codings that were there.
    """

    segment_id: int
    offset: int
    new_id: int | None = None
    first: Mapping[str, Coding] | None = None
    second: Mapping[str, Coding] | None = None
    label: str = "Split segment"
    second_stamp: float | None = None

    def apply(self, target: EditTarget) -> Command:
        seg = target.segment(self.segment_id)
        if not seg.can_split_at(self.offset):
            raise EditError(
                f"cannot split the segment at character {self.offset}: "
                f"choose a point inside it ({seg.start + 1} to {seg.end - 1})"
            )
        codings = target.codings_of(seg.id)
        first, second = codings_after_split(codings)
        if self.first is not None:
            first = dict(self.first)
        if self.second is not None:
            second = dict(self.second)
        new = target.cut_span(seg.id, self.offset, self.new_id)
        _write_all(target, seg.id, codings, first)
        _write_all(target, new.id, {}, second)
        if self.second_stamp is not None:
            target.write_stamp(new.id, self.second_stamp)
        return MergeSegments(seg.id, label=self.label)


@dataclass(frozen=True)
class StampTime:
    """Stamp "this segment starts now" (seconds into the recording); ``None`` removes it.

    Stamps time an untimed transcript while the recording plays; they take precedence over
    the times a transcript came with.
    """

    segment_id: int
    seconds: float | None
    label: str = "Stamp time"

    def apply(self, target: EditTarget) -> Command:
        if self.seconds is not None and not (0 <= self.seconds < 1e7):
            raise EditError(f"{self.seconds} is not a time in a recording (seconds, 0 or more)")
        before = target.stamp_of(self.segment_id)
        target.write_stamp(self.segment_id, self.seconds)
        return StampTime(self.segment_id, before, self.label)


@dataclass(frozen=True)
class MergeSegments:
    """Merge a segment with the one after it."""

    segment_id: int
    label: str = "Merge segments"

    def apply(self, target: EditTarget) -> Command:
        seg = target.segment(self.segment_id)
        nxt = target.next_segment(seg.id)
        if nxt is None:
            raise EditError("the last segment has no next segment to merge with")
        first = target.codings_of(seg.id)
        second = target.codings_of(nxt.id)
        merged = codings_after_merge(first, second)
        stamp = target.stamp_of(nxt.id)
        target.join_span(seg.id)
        _write_all(target, seg.id, first, merged)
        return SplitSegment(
            seg.id, nxt.start, nxt.id, first, second, label=self.label, second_stamp=stamp
        )


@dataclass(frozen=True)
class Batch:
    """Several commands as one edit (one transaction, one undo step)."""

    commands: Sequence[Command]
    label: str = "Apply codings"

    def apply(self, target: EditTarget) -> Command:
        inverses = [c.apply(target) for c in self.commands]
        return Batch(tuple(reversed(inverses)), self.label)


@dataclass
class History:
    """An undo/redo stack over :func:`run`, usable without Qt (the CLI and the tests use it)."""

    target: EditTarget
    _undo: list[tuple[str, Command]] = field(default_factory=list)
    _redo: list[tuple[str, Command]] = field(default_factory=list)

    def perform(self, command: Command) -> None:
        inverse = run(command, self.target)
        self._undo.append((command.label, inverse))
        self._redo.clear()

    def undo(self) -> None:
        if not self._undo:
            raise EditError("nothing to undo")
        label, inverse = self._undo.pop()
        self._redo.append((label, run(inverse, self.target)))

    def redo(self) -> None:
        if not self._redo:
            raise EditError("nothing to redo")
        label, command = self._redo.pop()
        self._undo.append((label, run(command, self.target)))

    @property
    def undo_label(self) -> str | None:
        return self._undo[-1][0] if self._undo else None

    @property
    def redo_label(self) -> str | None:
        return self._redo[-1][0] if self._redo else None

    def __iter__(self) -> Iterator[str]:
        return (label for label, _ in self._undo)
