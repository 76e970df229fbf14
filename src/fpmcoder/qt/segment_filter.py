"""Which segments the list shows: text search, one speaker, one activity, or the uncoded."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QSortFilterProxyModel

from fpmcoder.qt.segment_model import ActivityRole, Column, SearchRole, SpeakerRole

__all__ = ["UNCODED", "SegmentFilter"]

UNCODED = "\x00uncoded"  # the "activity" filter value meaning: segments not coded yet


class SegmentFilter(QSortFilterProxyModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._text = ""
        self._speaker: str | None = None
        self._activity: str | None = None

    @property
    def active(self) -> bool:
        return bool(self._text or self._speaker or self._activity)

    def set_filters(
        self, text: str | None = None, speaker: str | None = None, activity: str | None = None
    ) -> None:
        self.beginFilterChange()
        self._text = (text or "").casefold().strip()
        self._speaker = speaker or None
        self._activity = activity or None
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(
        self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex
    ) -> bool:
        if not self.active:
            return True
        model = self.sourceModel()
        if self._speaker and model.index(source_row, 0).data(SpeakerRole) != self._speaker:
            return False
        if self._activity:
            activity = model.index(source_row, Column.ACTIVITY).data(ActivityRole)
            wanted = None if self._activity == UNCODED else self._activity
            if activity != wanted:
                return False
        if self._text:
            return self._text in str(model.index(source_row, 0).data(SearchRole))
        return True
