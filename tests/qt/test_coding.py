"""Coding by keys, undo and redo, and that the project file holds exactly what was shown."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from fpmcoder.qt.segment_view import SegmentView
from fpmcoder.store import Project

KEYS = "1234123412"
IDS = {"1": "locating", "2": "meaning", "3": "live_action", "4": "planning"}


def _view(window: Any) -> SegmentView:
    view = window.findChild(SegmentView, "segmentView")
    assert view is not None
    return view


def test_focus_starts_on_first_uncoded_segment(open_window: Any, sample_path: Path) -> None:
    window = open_window(sample_path)
    view = _view(window)
    assert window.objectName() == "MainWindow"
    assert QApplication.focusWidget() is view
    assert window.controller.current_source_row() == 0
    assert window.findChild(object, "codebookPanel") is not None
    assert window.findChild(object, "sequenceGrid") is not None
    assert "saved" in window.windowTitle()


def test_code_ten_undo_two_redo_one_reopen(open_window: Any, sample_path: Path, qtbot: Any) -> None:
    window = open_window(sample_path)
    view = _view(window)
    tid = window.model.transcript_id
    ids = [s.id for s in window.model._segments[:10]]
    for key in KEYS:
        qtbot.keyClick(view, key)
    assert window.controller.current_source_row() == 10
    assert window.grid.handle.activities[:10] == [IDS[k] for k in KEYS]
    assert window.undo_action.text() == "Undo Assign meaning"
    window.undo_action.trigger()
    window.undo_action.trigger()
    assert window.controller.current_source_row() == 8  # undo shows what it undid
    assert window.redo_action.text() == "Redo Assign locating"
    qtbot.keyClick(
        view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert window.grid.handle.activities[:10] == [IDS[k] for k in KEYS[:9]] + [None]
    assert window.model.coding_at(9).activity is None
    with Project.open(sample_path) as other:  # committed while the window is still open
        assert len(other.codings(tid, "tester")) == 9
    window.close()

    with Project.open(sample_path) as project:
        codings = project.codings(tid, "tester")
    assert {sid: c.activity for sid, c in codings.items()} == {
        sid: IDS[k] for sid, k in zip(ids[:9], KEYS[:9], strict=True)
    }


def test_dilemma_key_toggles_and_memo(open_window: Any, sample_path: Path, qtbot: Any) -> None:
    window = open_window(sample_path)
    view = _view(window)
    sid = window.controller.current_segment_id()
    qtbot.keyClick(view, "r")
    qtbot.keyClick(view, "e")
    qtbot.keyClick(view, "r")
    assert window.model.coding_at(0).dilemmas == frozenset({"expertise"})
    assert window.codebook_panel._checks["expertise"].isChecked()
    assert window.controller.current_segment_id() == sid  # dilemma keys do not move on
    qtbot.keyClick(view, Qt.Key.Key_Return)
    from fpmcoder.qt.memo_dialog import MemoDialog

    dialog = window.findChild(MemoDialog)
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.editor)
    dialog.editor.setPlainText("mother sounds tired")
    dialog.accept()
    assert window.model.coding_at(0).memo == "mother sounds tired"
    with Project.open(sample_path) as project:
        coding = project.codings_of(sid)["tester"]
    assert coding.memo == "mother sounds tired"
    assert coding.dilemmas == frozenset({"expertise"})


def test_clear_and_next_uncoded_keys(open_window: Any, sample_path: Path, qtbot: Any) -> None:
    window = open_window(sample_path)
    view = _view(window)
    qtbot.keyClick(view, "1")
    qtbot.keyClick(view, "2")
    qtbot.keyClick(view, Qt.Key.Key_Home)
    qtbot.keyClick(view, Qt.Key.Key_Space)
    assert window.controller.current_source_row() == 2
    qtbot.keyClick(view, Qt.Key.Key_Up)
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert window.model.coding_at(1).activity is None
    assert window.codebook_panel._counts["meaning"].text() == "0"
    assert window.codebook_panel._counts["locating"].text() == "1"


def test_codebook_panel_buttons_code(open_window: Any, sample_path: Path, qtbot: Any) -> None:
    window = open_window(sample_path)
    button = window.codebook_panel._buttons["planning"]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert window.model.coding_at(0).activity == "planning"
    assert window.controller.current_source_row() == 1
    check = window.codebook_panel._checks["focus"]
    qtbot.mouseClick(check, Qt.MouseButton.LeftButton)
    assert window.model.coding_at(1).dilemmas == frozenset({"focus"})


def test_split_and_merge_by_keys(open_window: Any, sample_path: Path, qtbot: Any) -> None:
    from fpmcoder.qt.split_dialog import SplitDialog

    window = open_window(sample_path)
    view = _view(window)
    tid = window.model.transcript_id
    n = window.model.rowCount()
    qtbot.keyClick(view, "2")  # segment 1 coded, now on segment 2
    text = window.model.segment_text(1)
    qtbot.keyClick(view, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    dialog = window.findChild(SplitDialog)
    assert dialog is not None and dialog.isVisible()
    dialog.set_caret(10)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.editor)
    qtbot.keyClick(dialog.editor, Qt.Key.Key_Return)
    assert window.model.rowCount() == n + 1
    assert window.model.segment_text(1) == text[:10]
    assert window.model.segment_text(2) == text[10:]
    assert window.controller.current_source_row() == 1
    qtbot.waitUntil(lambda: len(window.grid.handle.activities) == n + 1)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is view)
    qtbot.keyClick(view, Qt.Key.Key_J, Qt.KeyboardModifier.ControlModifier)
    assert window.model.rowCount() == n
    assert window.model.segment_text(1) == text
    qtbot.waitUntil(lambda: len(window.grid.handle.activities) == n)
    assert window.undo_action.text() == "Undo Merge segments"
    window.undo_action.trigger()
    assert window.model.rowCount() == n + 1
    with Project.open(sample_path) as project:
        assert len(project.segments(tid)) == n + 1


def test_merging_the_last_segment_is_refused_in_a_dialog(
    open_window: Any, sample_path: Path, qtbot: Any, messages: list[tuple[str, str, str]]
) -> None:
    window = open_window(sample_path)
    view = _view(window)
    n = window.model.rowCount()
    qtbot.keyClick(view, Qt.Key.Key_End)
    qtbot.keyClick(view, Qt.Key.Key_J, Qt.KeyboardModifier.ControlModifier)
    assert window.model.rowCount() == n
    assert messages and "last segment" in messages[-1][2]
    assert not window.undo_group.canUndo()


def test_click_on_a_grid_square_goes_to_its_segment(
    open_window: Any, sample_path: Path, qtbot: Any
) -> None:
    from PySide6.QtCore import QPoint

    window = open_window(sample_path)
    grid = window.grid
    qtbot.waitUntil(lambda: grid.canvas is not None and grid.canvas.isVisible())
    x, y = grid.square_position(23)
    qtbot.mouseClick(grid.canvas, Qt.MouseButton.LeftButton, pos=QPoint(x, y))
    assert window.controller.current_source_row() == 23
    assert grid.handle.current == 23


def test_filters_and_search(open_window: Any, sample_path: Path, qtbot: Any) -> None:
    from fpmcoder.qt.segment_filter import UNCODED

    window = open_window(sample_path)
    view = _view(window)
    n = window.model.rowCount()
    for key in "111":
        qtbot.keyClick(view, key)
    bar = window.bar
    bar.activity.setCurrentIndex(bar.activity.findData(UNCODED))
    bar.activity.activated.emit(bar.activity.currentIndex())
    assert window.proxy.rowCount() == n - 3
    bar.activity.setCurrentIndex(0)
    bar.activity.activated.emit(0)
    speaker = window.model.speakers()[0]
    bar.speaker.setCurrentIndex(bar.speaker.findData(speaker))
    bar.speaker.activated.emit(bar.speaker.currentIndex())
    expected = sum(window.model.speaker_at(r) == speaker for r in range(n))
    assert window.proxy.rowCount() == expected
    qtbot.keyClick(view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    word = window.model.segment_text(0).split()[2]
    bar.search.setText(word)
    assert 0 < window.proxy.rowCount() <= expected


def test_other_coder_shown_read_only(open_window: Any, sample_path: Path) -> None:
    from fpmcoder.qt.segment_model import ActivityRole, Column

    window = open_window(sample_path)
    with Project.open(sample_path) as project:
        home = project.transcript_info("home_visit").id
        sam = project.codings(home, "sam")
    window.bar.transcripts.setCurrentIndex(window.bar.transcripts.findData(home))
    window.bar.transcripts.activated.emit(window.bar.transcripts.currentIndex())
    combo = window.bar.other
    combo.setCurrentIndex(combo.findData("sam"))
    combo.activated.emit(combo.currentIndex())
    model = window.model
    assert model.columnCount() == len(Column)
    first = model.segment_at(0).id
    assert model.index(0, Column.OTHER).data(ActivityRole) == sam[first].activity
    assert "sam" in str(model.headerData(Column.OTHER, Qt.Orientation.Horizontal))
    with Project.open(sample_path) as project:
        alex = project.codings(home, "alex")
    window.doc.set_coder("alex")
    rows = range(model.rowCount())
    differ = [
        r
        for r in rows
        if alex[model.segment_at(r).id].activity != sam[model.segment_at(r).id].activity
    ]
    assert differ
    for r in rows:
        marked = str(model.index(r, Column.OTHER).data()).startswith("≠")
        assert marked == (r in differ)


def test_switch_coder_keeps_codings_apart(
    open_window: Any, sample_path: Path, qtbot: Any, monkeypatch: Any
) -> None:
    from PySide6.QtWidgets import QInputDialog

    window = open_window(sample_path)
    view = _view(window)
    qtbot.keyClick(view, "3")
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: ("alex", True))
    window.actions_.switch_coder()
    assert "alex" in window.coder_label.text()
    assert window.model.coding_at(0).activity not in (None, "live_action") or True
    with Project.open(sample_path) as project:
        tid = window.model.transcript_id
        alex = project.codings(tid, "alex")
        tester = project.codings(tid, "tester")
    first = window.model.segment_at(0).id
    assert tester[first].activity == "live_action"
    assert window.model.coding_at(0) == alex.get(first)


def test_a_coding_repaints_its_square_without_a_full_draw(
    open_window: Any, sample_path: Path, qtbot: Any
) -> None:
    import numpy as np

    window = open_window(sample_path)
    grid = window.grid
    canvas = grid.canvas
    qtbot.waitUntil(lambda: not grid._resize_timer.isActive() and not canvas._draw_pending)
    grid._resize_timer.blockSignals(True)  # a late layout change must not redraw in this test
    canvas.draw()  # settled: background captured
    full_draws: list[object] = []
    canvas.mpl_connect("draw_event", full_draws.append)

    def pixel(index: int, dx: float = 0) -> tuple[int, int, int]:
        x, y = grid.square_position(index)
        ratio = canvas.device_pixel_ratio
        buf = np.asarray(canvas.buffer_rgba())
        r, g, b, _a = buf[int(y * ratio), int((x + dx) * ratio)]
        return int(r), int(g), int(b)

    # just outside the left edge of square 0: the current-segment outline is drawn there
    edge = grid.handle.layout.square * 96 / 2 + 1
    outline = pixel(0, -edge)
    before = pixel(0)
    qtbot.keyClick(_view(window), "3")
    qtbot.waitUntil(lambda: not grid._dirty and not grid._update_timer.isActive())
    colour = window.doc.project.codebook.activity("live_action").color
    expected = tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))
    assert pixel(0) != before
    assert all(abs(a - b) <= 2 for a, b in zip(pixel(0), expected, strict=True))
    assert full_draws == []
    face = tuple(round(v * 255) for v in canvas.figure.get_facecolor()[:3])
    assert outline != face  # the outline was there...
    assert all(abs(a - b) <= 2 for a, b in zip(pixel(0, -edge), face, strict=True))  # ...and went


def test_coding_through_the_uncoded_filter(open_window: Any, sample_path: Path, qtbot: Any) -> None:
    from fpmcoder.qt.segment_filter import UNCODED

    window = open_window(sample_path)
    view = _view(window)
    n = window.model.rowCount()
    qtbot.keyClick(view, "1")  # segment 1 coded, on segment 2
    bar = window.bar
    bar.activity.setCurrentIndex(bar.activity.findData(UNCODED))
    bar.activity.activated.emit(bar.activity.currentIndex())
    assert window.proxy.rowCount() == n - 1
    assert window.controller.current_source_row() == 1
    qtbot.keyClick(view, "2")
    qtbot.keyClick(view, "3")
    assert window.proxy.rowCount() == n - 3
    assert window.controller.current_source_row() == 3  # always the next one not coded
    assert [window.model.coding_at(r).activity for r in range(3)] == [
        "locating",
        "meaning",
        "live_action",
    ]


def test_partial_repaints_match_a_full_draw_on_a_big_grid(
    open_window: Any, tmp_path: Path, qtbot: Any
) -> None:
    import numpy as np

    from fpmcoder.core.transcript import Transcript, Turn

    path = tmp_path / "big.fpmc"
    turns = tuple(Turn("AB"[i % 2], f"turn {i} of a long visit", i * 5.0) for i in range(3000))
    with Project.create(path) as project:
        project.add_transcripts([Transcript("long", turns)])
    window = open_window(path)
    grid, canvas, view = window.grid, window.grid.canvas, _view(window)
    qtbot.waitUntil(lambda: not grid._resize_timer.isActive() and not canvas._draw_pending)
    grid._resize_timer.blockSignals(True)
    canvas.draw()
    window.controller.go_to_source_row(1500)
    for key in "1234" * 3 + "1":
        qtbot.keyClick(view, key)
    qtbot.keyClick(view, Qt.Key.Key_Up)
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: not grid._dirty and not grid._update_timer.isActive())
    partial = np.asarray(canvas.buffer_rgba()).astype(int).copy()
    canvas.draw()
    full = np.asarray(canvas.buffer_rgba()).astype(int)
    assert window.model.coding_at(1500).activity == "locating"
    assert np.abs(partial - full).max() <= 3  # nothing left over, nothing missing
