"""The segment list: the current row shows its whole text, the others stay compact."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fpmcoder.core.transcript import Transcript, Turn
from fpmcoder.qt.segment_delegate import PADDING, wrap_lines
from fpmcoder.qt.segment_model import Column
from fpmcoder.store import Project

LONG = " ".join(f"sentence number {k} of a long turn that goes on and on." for k in range(40))


def _long_project(tmp_path: Path) -> Path:
    path = tmp_path / "long.fpmc"
    turns = tuple(
        Turn("Nurse" if i % 2 else "Mother", LONG if i in (0, 1) else f"Short turn {i}.")
        for i in range(30)
    )
    with Project.create(path) as project:
        project.add_transcripts([Transcript("long turns", turns)])
    return path


def _lines_needed(window: Any, row: int) -> int:
    view = window.view
    width = view.columnWidth(Column.TEXT) - 2 * PADDING[0]
    return len(wrap_lines(view.model().index(row, Column.TEXT).data(), view.font(), width))


def test_current_row_grows_to_its_text_and_others_stay_compact(
    open_window: Any, tmp_path: Path, qtbot: Any
) -> None:
    window = open_window(_long_project(tmp_path))
    window.resize(1400, 1000)
    view = window.view
    qtbot.waitUntil(lambda: view.viewport().height() > 500)
    compact = view.verticalHeader().defaultSectionSize()
    line = view.fontMetrics().lineSpacing()
    assert view.currentIndex().row() == 0
    lines = _lines_needed(window, 0)
    assert lines > 3  # the turn is longer than a compact row
    assert view.rowHeight(0) >= lines * line + 2 * PADDING[1]
    assert view.rowHeight(1) == compact  # as long, but not current
    assert view.rowHeight(2) == compact

    view.go_to_row(1)  # the grown row shrinks back, the new current row grows
    assert view.rowHeight(0) == compact
    assert view.rowHeight(1) >= _lines_needed(window, 1) * line + 2 * PADDING[1]
    view.go_to_row(5)  # a short turn keeps the compact height
    assert view.rowHeight(1) == compact
    assert view.rowHeight(5) == compact


def test_text_column_takes_the_free_width(open_window: Any, sample_path: Path) -> None:
    window = open_window(sample_path)
    view = window.view
    others = [
        view.columnWidth(c)
        for c in range(view.model().columnCount())
        if c != Column.TEXT and not view.isColumnHidden(c)
    ]
    assert view.columnWidth(Column.TEXT) > max(others)
    tip = view.model().index(0, Column.TEXT).data(3)  # Qt.ToolTipRole
    assert "<p" in tip  # a rich-text tooltip wraps the whole text


def test_remembered_line_breaks_follow_the_font_and_the_width(qapp: Any) -> None:
    from PySide6.QtGui import QFont

    small, big = QFont(), QFont()
    small.setPointSize(9)
    big.setPointSize(18)
    first = wrap_lines(LONG, small, 300)
    again = wrap_lines(LONG, small, 300)
    assert again == first and again is not first  # a copy: callers may change theirs
    assert len(wrap_lines(LONG, big, 300)) > len(first)
    assert len(wrap_lines(LONG, small, 600)) < len(first)
    assert wrap_lines(LONG, small, 300, 2) == first[:3]


def test_coding_repaints_neither_the_column_titles_nor_the_status_bar(
    open_window: Any, sample_path: Path, qtbot: Any, qapp: Any
) -> None:
    """A key press repaints the rows and labels that changed, not the widgets around them."""
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication

    window = open_window(sample_path)
    view = window.view
    painted: list[QObject] = []

    class Paints(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                painted.append(watched)
            return False

    spy = Paints()
    watched = [view.horizontalHeader().viewport(), window.coder_label, window.saved_label]
    for widget in watched:
        widget.installEventFilter(spy)
    QApplication.processEvents()
    painted.clear()
    row = view.currentIndex().row()
    qtbot.keyClick(view, "1")
    QApplication.processEvents()
    assert view.currentIndex().row() == row + 1  # coded, and moved on
    assert window.model.coding_at(row).activity is not None
    assert painted == []
    for widget in watched:
        widget.removeEventFilter(spy)
