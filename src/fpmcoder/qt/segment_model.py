"""The segments of one transcript as a table, read through the project on demand.

The model keeps only a cache of what the project returned (segments, the transcript
text, and the codings of the coder and of the compared coder) and refreshes exactly
the rows the project says changed: ``codings_changed`` gives the segment ids, which
become one ``dataChanged`` per row; ``segments_changed`` (split, merge) resets.
``data()`` formats a cell when the view asks for it, so a 10,000-segment transcript
opens as fast as three queries.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from enum import IntEnum

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor

from fpmcoder.core.codebook import Codebook
from fpmcoder.core.segmentation import Coding, Segment
from fpmcoder.core.transcript import Transcript
from fpmcoder.qt.document import ProjectDocument

__all__ = ["Column", "SegmentModel", "ShownSuggestion", "format_time", "rich_tooltip"]

_EMPTY = Coding()
_R = Qt.ItemDataRole
# roles the views ask for on every paint that this model never answers
_UNANSWERED = frozenset(
    int(r)
    for r in (
        _R.DecorationRole,
        _R.FontRole,
        _R.BackgroundRole,
        _R.ForegroundRole,
        _R.CheckStateRole,
        _R.SizeHintRole,
    )
)
AnyIndex = QModelIndex | QPersistentModelIndex


class Column(IntEnum):
    NUMBER = 0
    TIME = 1
    SPEAKER = 2
    ACTIVITY = 3
    TEXT = 4
    DILEMMAS = 5
    MEMO = 6
    OTHER = 7  # another coder's activity, read-only; shown only when one is chosen


_ALL_COLUMNS = len(Column)


_HEADERS = {
    Column.NUMBER: "#",
    Column.TIME: "Time",
    Column.SPEAKER: "Speaker",
    Column.ACTIVITY: "Activity",
    Column.TEXT: "Text",
    Column.DILEMMAS: "Dilemmas · memo",
    Column.MEMO: "Memo",
}

SegmentIdRole = Qt.ItemDataRole.UserRole + 1
ActivityRole = Qt.ItemDataRole.UserRole + 2  # activity id or None (ACTIVITY, OTHER)
ColourRole = Qt.ItemDataRole.UserRole + 3  # QColor of that activity or None
SpeakerRole = Qt.ItemDataRole.UserRole + 4
SearchRole = Qt.ItemDataRole.UserRole + 5  # the text, case-folded, for filtering
KeyRole = Qt.ItemDataRole.UserRole + 6  # the activity's keyboard key or "" (ACTIVITY, OTHER)
SuggestionRole = Qt.ItemDataRole.UserRole + 7  # ACTIVITY: the ShownSuggestion or None
AcceptedRole = Qt.ItemDataRole.UserRole + 8  # ACTIVITY: the activity is an accepted suggestion
_SUGGESTION_ROLES = frozenset({int(SuggestionRole), int(AcceptedRole), int(_R.ToolTipRole)})


@dataclass(frozen=True)
class ShownSuggestion:
    """The suggested code shown for one uncoded segment (nothing stored until accepted)."""

    segment_id: int
    activity: str
    name: str
    colour: str
    probability: float
    runner_up: str | None  # the runner-up activity's id
    runner_up_name: str
    runner_up_probability: float
    model: str  # the model version
    threshold: float

    @property
    def label(self) -> str:
        return f"Tab · {self.name}  {self.probability:.0%}"

    @property
    def second(self) -> str:
        if self.runner_up is None:
            return ""
        return f"or {self.runner_up_name}  {self.runner_up_probability:.0%}"

    @property
    def tooltip(self) -> str:
        second = (
            f"; runner-up {self.runner_up_name} ({self.runner_up_probability:.2f})"
            if self.runner_up
            else ""
        )
        return (
            f"Suggested, not stored: {self.name} (probability {self.probability:.2f}{second}). "
            "Tab accepts it and moves on; the activity keys code as usual. "
            f"Learned from your own codings in this project (model {self.model})."
        )


def format_time(seconds: float | None) -> str:
    if seconds is None:
        return ""
    s = int(seconds)
    h, rest = divmod(s, 3600)
    m, sec = divmod(rest, 60)
    return f"{h}:{m:02d}:{sec:02d}" if h else f"{m}:{sec:02d}"


def rich_tooltip(text: str) -> str:
    """``text`` as a tooltip that wraps (Qt shows plain-text tooltips as one long line)."""
    body = html.escape(text).replace("\n", "<br>")
    return f"<p style='white-space:pre-wrap'>{body}</p>"


class SegmentModel(QAbstractTableModel):
    def __init__(self, document: ProjectDocument, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._doc = document
        self._tid: int | None = None
        self._transcript: Transcript | None = None
        self._segments: list[Segment] = []
        self._stamps: dict[int, float] = {}  # segment id to its time stamp (seconds)
        self._rows: dict[int, int] = {}
        self._mine: dict[int, Coding] = {}
        self._other: dict[int, Coding] = {}
        self._other_coder: str | None = None
        self._colours: dict[str, QColor] = {}
        self._counts: dict[str | None, int] = {None: 0}
        self._suggestion: ShownSuggestion | None = None
        self._codebook_cached()
        document.codingsChanged.connect(self._on_codings_changed)
        document.segmentsChanged.connect(self._on_segments_changed)
        document.codebookChanged.connect(self._on_codebook_changed)
        document.coderChanged.connect(lambda _name: self.reload())

    # -- what is shown ----------------------------------------------------------------------

    @property
    def transcript_id(self) -> int | None:
        return self._tid

    @property
    def other_coder(self) -> str | None:
        return self._other_coder

    @property
    def codebook(self) -> Codebook:
        return self._doc.project.codebook

    def set_transcript(self, transcript_id: int | None) -> None:
        self._tid = transcript_id
        self.reload()

    @property
    def suggestion(self) -> ShownSuggestion | None:
        return self._suggestion

    def set_suggestion(self, shown: ShownSuggestion | None) -> None:
        """Show a suggested code on its (uncoded) segment's row, replacing any other."""
        old, self._suggestion = self._suggestion, shown
        if old == shown:
            return
        for item in (old, shown):
            row = self._rows.get(item.segment_id) if item is not None else None
            if row is not None:
                cell = self.index(row, Column.ACTIVITY)
                self.dataChanged.emit(cell, cell)

    def set_other_coder(self, coder: str | None) -> None:
        if coder == self._doc.coder:
            coder = None
        self.beginResetModel()
        self._other_coder = coder
        self._load_other()
        self.endResetModel()

    def reload(self) -> None:
        self.beginResetModel()
        project = self._doc.project
        if self._tid is None:
            self._transcript, self._segments = None, []
            self._stamps = {}
        else:
            self._stamps = project.stamps(self._tid)
            self._transcript = project.transcript(self._tid)
            self._segments = project.segments(self._tid)
        self._rows = {s.id: i for i, s in enumerate(self._segments)}
        self._suggestion = None
        self._mine = self._codings_of(self._doc.coder)
        self._count_all()
        self._load_other()
        self.endResetModel()

    def _codings_of(self, coder: str | None) -> dict[int, Coding]:
        if self._tid is None or not coder or coder not in self._doc.project.coders():
            return {}
        return self._doc.project.codings(self._tid, coder)

    def _load_other(self) -> None:
        self._other = self._codings_of(self._other_coder)

    def _codebook_cached(self) -> None:
        self._colours = {a.id: QColor(a.color) for a in self.codebook.activities}

    # -- look-ups for the view ------------------------------------------------------------------

    def segment_at(self, row: int) -> Segment:
        return self._segments[row]

    def row_of(self, segment_id: int) -> int | None:
        return self._rows.get(segment_id)

    def coding_at(self, row: int) -> Coding:
        return self._mine.get(self._segments[row].id, _EMPTY)

    def segment_text(self, row: int) -> str:
        assert self._transcript is not None
        seg = self._segments[row]
        return self._transcript.text[seg.start : seg.end]

    def speaker_at(self, row: int) -> str:
        t = self._transcript
        if t is None or not t.turns:
            return ""
        return t.turns[t.turn_at(self._segments[row].start)].speaker

    def speakers(self) -> list[str]:
        return self._transcript.speakers if self._transcript is not None else []

    def first_uncoded_row(self, start: int = 0) -> int | None:
        n = len(self._segments)
        for i in range(start, n):
            c = self._mine.get(self._segments[i].id)
            if c is None or c.activity is None:
                return i
        return None

    def counts(self) -> dict[str | None, int]:
        """Segments per activity of the current coder (``None``: not coded)."""
        return dict(self._counts)

    def _count_all(self) -> None:
        out: dict[str | None, int] = dict.fromkeys(self.codebook.activity_ids, 0)
        out[None] = 0
        for seg in self._segments:
            c = self._mine.get(seg.id)
            key = c.activity if c is not None else None
            out[key] = out.get(key, 0) + 1
        self._counts = out

    def _recount(self, before: Coding | None, after: Coding | None) -> None:
        old = before.activity if before is not None else None
        new = after.activity if after is not None else None
        if old != new:
            self._counts[old] = self._counts.get(old, 0) - 1
            self._counts[new] = self._counts.get(new, 0) + 1

    # -- Qt model ----------------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._segments)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        # asked hundreds of times per repaint: no enum arithmetic here
        if parent.isValid():
            return 0
        return _ALL_COLUMNS if self._other_coder else _ALL_COLUMNS - 1

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.ToolTipRole and section == Column.OTHER:
            return f"{self._other_coder}'s activities (read-only); ≠: a different activity"
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if section == Column.OTHER:
            return self._other_coder
        return _HEADERS.get(Column(section))

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role in _UNANSWERED or not index.isValid():
            return None
        row, col = index.row(), index.column()
        seg = self._segments[row]
        if role == SegmentIdRole:
            return seg.id
        if role == SpeakerRole:
            return self.speaker_at(row)
        if role == SearchRole:
            return self.segment_text(row).casefold()
        if col in (Column.ACTIVITY, Column.OTHER):
            coding = (self._mine if col == Column.ACTIVITY else self._other).get(seg.id, _EMPTY)
            if col == Column.ACTIVITY and role in _SUGGESTION_ROLES:
                return self._suggestion_data(seg.id, coding, role)
            value = self._activity_data(coding, role)
            if col == Column.OTHER and role == Qt.ItemDataRole.DisplayRole and value:
                mine = self._mine.get(seg.id, _EMPTY).activity
                if mine is not None and mine != coding.activity:
                    return f"≠ {value}"  # the two coders disagree here
            return value
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, col, seg)
        if role == Qt.ItemDataRole.ToolTipRole and col in (
            Column.TEXT,
            Column.MEMO,
            Column.DILEMMAS,
        ):
            shown = self._display(row, col, seg)
            return rich_tooltip(shown) if shown else None
        if role == Qt.ItemDataRole.TextAlignmentRole and col == Column.NUMBER:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        return None

    def _display(self, row: int, col: int, seg: Segment) -> str:
        if col == Column.NUMBER:
            return str(row + 1)
        if col == Column.TIME:
            t = self._transcript
            stamp = self._stamps.get(seg.id)
            if stamp is not None:  # timed while listening (Ctrl+T)
                return format_time(stamp)
            return format_time(t.time_at(seg.start)) if t is not None else ""
        if col == Column.SPEAKER:
            return self.speaker_at(row)
        if col == Column.TEXT:
            return self.segment_text(row).strip()
        coding = self._mine.get(seg.id, _EMPTY)
        if col == Column.DILEMMAS:
            cb = self.codebook
            names = ", ".join(cb.dilemma(d).name for d in cb.dilemma_ids if d in coding.dilemmas)
            memo = coding.memo.strip()
            return "\n".join(p for p in (names, f"✎ {memo}" if memo else "") if p)
        if col == Column.MEMO:
            return coding.memo
        return ""

    def _suggestion_data(self, segment_id: int, coding: Coding, role: int) -> object:
        """The Activity column's suggestion roles and tooltip (a suggestion shown on an
        uncoded segment; an accepted one on a coded segment)."""
        shown = self._suggestion
        if shown is not None and shown.segment_id == segment_id and coding.activity is None:
            return {SuggestionRole: shown, AcceptedRole: False}.get(role, shown.tooltip)
        if role == SuggestionRole:
            return None
        if role == AcceptedRole:
            return coding.suggested is not None
        tip = self._activity_data(coding, role)
        s = coding.suggested
        if s is None or not tip:
            return tip
        second = f"; runner-up {s.runner_up} {s.runner_up_probability:.2f}" if s.runner_up else ""
        return (
            f"{tip}\n\nAn accepted suggestion (probability {s.probability:.2f}{second}; "
            f"model {s.model})"
        )

    def _activity_data(self, coding: Coding, role: int) -> object:
        activity = coding.activity
        if role == ActivityRole:
            return activity
        if role == ColourRole:
            return self._colours.get(activity) if activity else None
        if role == KeyRole:
            if activity is None or not self.codebook.has_activity(activity):
                return ""
            return self.codebook.activity(activity).key or ""
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if activity is None or not self.codebook.has_activity(activity):
                return ""
            a = self.codebook.activity(activity)
            if role == Qt.ItemDataRole.ToolTipRole and a.short:
                return f"{a.name}: {a.short}"
            return a.name
        return None

    # -- project events ---------------------------------------------------------------------------

    def _on_codings_changed(self, transcript_id: int, segment_ids: list[int]) -> None:
        if transcript_id != self._tid:
            return
        project, me, other = self._doc.project, self._doc.coder, self._other_coder
        last = self.columnCount() - 1
        for sid in segment_ids:
            row = self._rows.get(sid)
            if row is None:
                continue
            codings = project.codings_of(sid)
            self._recount(self._mine.get(sid), codings.get(me))
            for cache, coder in ((self._mine, me), (self._other, other)):
                if coder is None:
                    continue
                if coder in codings:
                    cache[sid] = codings[coder]
                else:
                    cache.pop(sid, None)
            self.dataChanged.emit(self.index(row, 0), self.index(row, last))

    def _on_segments_changed(self, transcript_id: int) -> None:
        if transcript_id == self._tid:
            self.reload()

    def _on_codebook_changed(self) -> None:
        self._codebook_cached()
        self._count_all()
        if self._segments:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._segments) - 1, self.columnCount() - 1)
            )
