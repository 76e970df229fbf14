"""The list of segments: one row per segment, the current one highlighted.

Keys the codebook binds are translated by :class:`~fpmcoder.qt.keymap.Keymap` and
announced as :attr:`SegmentView.keyAction`; arrows, Page Up/Down, Home and End move as
in any list. Rows have one height (three lines of text), so a transcript of any length
lays out at once; the whole text of a segment is in its tooltip and in the split editor.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from fpmcoder.qt.keymap import Keymap
from fpmcoder.qt.segment_delegate import ActivityChipDelegate, WrappedTextDelegate
from fpmcoder.qt.segment_model import Column

__all__ = ["SegmentView"]

TEXT_LINES = 3


class SegmentView(QTableView):
    keyAction = Signal(object)  # a KeyAction

    NO_SEGMENTS = (
        "No segments to show.\n\nImport transcripts with File > Import transcripts… "
        "(Ctrl+I), or drop transcript files (Word, text, CSV, Excel, WebVTT, SRT) "
        "on this window."
    )
    NO_MATCH = "No segment matches the search and filters above."

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("segmentView")
        self.keymap: Keymap | None = None
        self.empty_text = self.NO_SEGMENTS
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setWordWrap(True)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setShowGrid(False)
        self.setAlternatingRowColors(True)
        self.setTabKeyNavigation(False)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.verticalHeader().hide()
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.horizontalHeader().setHighlightSections(False)
        self.horizontalHeader().setMinimumSectionSize(24)
        self._chips = ActivityChipDelegate(self)
        self.setItemDelegateForColumn(Column.ACTIVITY, self._chips)
        self.setItemDelegateForColumn(Column.OTHER, self._chips)
        self._text = WrappedTextDelegate(self)
        self.setItemDelegateForColumn(Column.TEXT, self._text)
        self.setItemDelegateForColumn(Column.DILEMMAS, self._text)
        self.apply_font_size(0)

    def apply_font_size(self, points: int) -> None:
        """Use ``points`` for the text (0: the system size); rows follow the font."""
        font = QFont(self.font())
        if points > 0:
            font.setPointSize(points)
        self.setFont(font)
        line = self.fontMetrics().lineSpacing()
        self.verticalHeader().setDefaultSectionSize(line * TEXT_LINES + 8)
        self.layout_columns()

    def layout_columns(self) -> None:
        header = self.horizontalHeader()
        if self.model() is None:
            return
        fm = self.fontMetrics()
        model = self.model()
        speakers = [
            str(model.index(r, Column.SPEAKER).data()) for r in range(min(model.rowCount(), 200))
        ]
        has_times = any(
            model.index(r, Column.TIME).data() for r in range(min(model.rowCount(), 20))
        )
        speaker_w = max(
            [fm.horizontalAdvance(sp) for sp in speakers] + [fm.horizontalAdvance("Speaker")]
        )
        widths = {
            Column.NUMBER: fm.horizontalAdvance("0000") + 14,
            Column.TIME: fm.horizontalAdvance("0:00:00") + 14,
            Column.SPEAKER: min(speaker_w, fm.horizontalAdvance("Practitioner A")) + 16,
            Column.ACTIVITY: fm.horizontalAdvance("Locating and orie") + 24,
            Column.DILEMMAS: fm.horizontalAdvance("Readiness for change") + 14,
            Column.OTHER: fm.horizontalAdvance("Locating and orie") + 24,
        }
        for col in range(model.columnCount()):
            hidden = (col == Column.TIME and not has_times) or col == Column.MEMO
            self.setColumnHidden(col, hidden)
            if col == Column.TEXT:
                header.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch)
            else:
                header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
                self.setColumnWidth(col, widths.get(Column(col), 100))

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        model = self.model()
        if model is not None and model.rowCount() == 0:
            painter = QPainter(self.viewport())
            painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
            rect = self.viewport().rect().adjusted(40, 40, -40, -40)
            painter.drawText(
                rect, int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap), self.empty_text
            )
            painter.end()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        action = self.keymap.action_for(event) if self.keymap is not None else None
        if action is not None and self.currentIndex().isValid():
            event.accept()
            self.keyAction.emit(action)
            return
        super().keyPressEvent(event)

    def moveCursor(
        self, cursorAction: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier
    ) -> QModelIndex:
        """Home and End go to the first and last segment (a table would stay in the row)."""
        if cursorAction in (
            QAbstractItemView.CursorAction.MoveHome,
            QAbstractItemView.CursorAction.MoveEnd,
        ):
            modifiers = modifiers | Qt.KeyboardModifier.ControlModifier
        return super().moveCursor(cursorAction, modifiers)

    def go_to_row(self, row: int) -> None:
        """Make ``row`` (of the view's model) current and visible."""
        model = self.model()
        if model is None or not 0 <= row < model.rowCount():
            return
        index = model.index(row, Column.TEXT)
        self.setCurrentIndex(index)
        self.scrollTo(index, QAbstractItemView.ScrollHint.EnsureVisible)

    def current_row(self) -> int | None:
        index: QModelIndex = self.currentIndex()
        return index.row() if index.isValid() else None
