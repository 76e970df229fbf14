"""The list of segments: one row per segment, the current one highlighted.

Keys the codebook binds are translated by :class:`~fpmcoder.qt.keymap.Keymap` and
announced as :attr:`SegmentView.keyAction`; arrows, Page Up/Down, Home and End move as
in any list. Rows have one height (three lines of text), so a transcript of any length
lays out at once; only the current row grows to show its whole text, dilemmas and memo
(and shrinks back when another row becomes current). The whole text of any segment is
in its tooltip. The Text column takes the width the other columns leave.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QItemSelection,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont, QKeyEvent, QPainter, QPaintEvent, QPalette, QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from fpmcoder.qt.keymap import Keymap
from fpmcoder.qt.segment_delegate import (
    PADDING,
    ActivityChipDelegate,
    WrappedTextDelegate,
    chip_label,
    wrap_lines,
)
from fpmcoder.qt.segment_model import Column

__all__ = ["SegmentView"]

TEXT_LINES = 3
GROWN_COLUMNS = (Column.TEXT, Column.DILEMMAS)  # the current row is as tall as these need


class _ColumnHeader(QHeaderView):
    """The column titles. They are not highlighted with the selection, so a new current
    row leaves them alone (a header repaints itself whole on every selection change)."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)

    def selectionChanged(self, selected: QItemSelection, deselected: QItemSelection) -> None:
        if self.highlightSections():
            super().selectionChanged(selected, deselected)


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
        self.setHorizontalHeader(_ColumnHeader(self))
        self.verticalHeader().hide()
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.horizontalHeader().setHighlightSections(False)
        self.horizontalHeader().setMinimumSectionSize(24)
        self._chips = ActivityChipDelegate(self)
        self.setItemDelegateForColumn(Column.ACTIVITY, self._chips)
        self._other_chips = ActivityChipDelegate(self, compact=True)
        self.setItemDelegateForColumn(Column.OTHER, self._other_chips)
        self._text = WrappedTextDelegate(self)
        self.setItemDelegateForColumn(Column.TEXT, self._text)
        self.setItemDelegateForColumn(Column.DILEMMAS, self._text)
        self._grown = QPersistentModelIndex()  # the row made taller (the current one)
        self.horizontalHeader().sectionResized.connect(self._on_column_resized)
        self.apply_font_size(0)

    def apply_font_size(self, points: int) -> None:
        """Use ``points`` for the text (0: the system size); rows follow the font."""
        font = QFont(self.font())
        if points > 0:
            font.setPointSize(points)
        self.setFont(font)
        line = self.fontMetrics().lineSpacing()
        self.verticalHeader().setDefaultSectionSize(line * TEXT_LINES + 2 * PADDING[1] + 2)
        self.layout_columns()

    def setModel(self, model: QAbstractItemModel | None) -> None:
        old = self.model()
        if old is not None:
            old.dataChanged.disconnect(self._on_data_changed)
            old.modelReset.disconnect(self._forget_grown)
        self._grown = QPersistentModelIndex()
        super().setModel(model)
        if model is not None:
            model.dataChanged.connect(self._on_data_changed)
            model.modelReset.connect(self._forget_grown)

    def layout_columns(self) -> None:
        """Columns sized to what they hold (measured on the first rows), Text takes the rest."""
        header = self.horizontalHeader()
        model = self.model()
        if model is None:
            return
        fm = self.fontMetrics()
        rows = model.rowCount()

        def title(col: Column) -> int:
            return fm.horizontalAdvance(str(model.headerData(col, Qt.Orientation.Horizontal)))

        def longest(col: Column, sample: range, floor: str, cap: str) -> int:
            texts = [str(model.index(r, col).data() or "") for r in sample]
            low = max(fm.horizontalAdvance(floor), title(col))
            widest = max([fm.horizontalAdvance(t) for t in texts] + [low])
            return min(widest, max(fm.horizontalAdvance(cap), low))

        has_times = any(model.index(r, Column.TIME).data() for r in range(min(rows, 20)))
        # room for a suggested code's probability too ("Tab · Creating… 72%")
        chip = (
            fm.horizontalAdvance(chip_label("0", "Creating meani"))
            + 24
            + fm.horizontalAdvance(" 00%")
        )
        widths = {
            Column.NUMBER: fm.horizontalAdvance(str(max(rows, 99))) + 14,
            # times grow down the transcript: the last ones are the widest
            Column.TIME: longest(Column.TIME, range(max(rows - 3, 0), rows), "0:00", "0:00:00")
            + 14,
            Column.SPEAKER: longest(
                Column.SPEAKER, range(min(rows, 100)), "Speaker", "Practitioner A"
            )
            + 16,
            Column.ACTIVITY: chip,
            Column.DILEMMAS: max(title(Column.DILEMMAS), fm.horizontalAdvance("Readiness for"))
            + 14,
        }
        if model.columnCount() > Column.OTHER:  # the other coder's compact chips, or its name
            widths[Column.OTHER] = max(fm.horizontalAdvance("≠ 00") + 24, title(Column.OTHER) + 16)
        for col in range(model.columnCount()):
            hidden = (col == Column.TIME and not has_times) or col == Column.MEMO
            self.setColumnHidden(col, hidden)
            if col == Column.TEXT:
                header.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch)
            else:
                header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
                self.setColumnWidth(col, widths.get(Column(col), 100))
        self._fit_current_row()

    # -- the current row shows everything ------------------------------------------------------

    def row_height_for(self, row: int) -> int:
        """The height row ``row`` needs to show its whole text, dilemmas and memo."""
        model = self.model()
        px, py = PADDING
        line = self.fontMetrics().lineSpacing()
        lines = TEXT_LINES
        for col in GROWN_COLUMNS:
            if col >= model.columnCount() or self.isColumnHidden(col):
                continue
            text = str(model.index(row, col).data() or "")
            if text:
                lines = max(
                    lines, len(wrap_lines(text, self.font(), self.columnWidth(col) - 2 * px))
                )
        return lines * line + 2 * py + 2

    def _fit_current_row(self) -> None:
        """Give the current row the height of its content and every other row the default."""
        model = self.model()
        header = self.verticalHeader()
        current = self.currentIndex()
        grown = self._grown
        if grown.isValid() and grown.model() is model and grown.row() != current.row():
            header.resizeSection(grown.row(), header.defaultSectionSize())
        self._grown = QPersistentModelIndex()
        if model is None or not current.isValid():
            return
        most = max(self.viewport().height() - 8, header.defaultSectionSize())
        header.resizeSection(current.row(), min(self.row_height_for(current.row()), most))
        self._grown = QPersistentModelIndex(model.index(current.row(), 0))

    def _forget_grown(self) -> None:
        self._grown = QPersistentModelIndex()  # a reset gives every row the default height

    def _on_data_changed(self, top: QModelIndex, bottom: QModelIndex, *_roles: object) -> None:
        current = self.currentIndex()
        if current.isValid() and top.row() <= current.row() <= bottom.row():
            self._fit_current_row()  # a memo or a dilemma changed the current row's content

    def _on_column_resized(self, column: int, _old: int, _new: int) -> None:
        if column in GROWN_COLUMNS:
            self._fit_current_row()

    def currentChanged(self, current: QModelIndex, previous: QModelIndex) -> None:
        self._fit_current_row()  # before the base class scrolls the row into view
        super().currentChanged(current, previous)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_current_row()

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

    def event(self, event: QEvent) -> bool:
        # Tab accepts a suggestion: it must reach keyPressEvent before Qt moves the focus
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Tab
            and self.keymap is not None
            and self.keymap.action_for(event) is not None
        ):
            self.keyPressEvent(event)
            return True
        return super().event(event)

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
