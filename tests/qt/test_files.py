"""Starting, importing, exporting and codebooks: through the window's actions, never blocking."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QFileDialog

from fpmcoder.store import Project

TRANSCRIPT = """Nurse: How has the night been?
Mother: Long. He woke four times.
Nurse: Four times. What helped, when he woke?
Mother: Feeding, mostly. Nothing else works.
"""


def test_first_start_opens_the_sample_project(open_window: Any, tmp_path: Path) -> None:
    window = open_window(None)
    sample = tmp_path / "appdata" / "sample.fpmc"
    assert window.doc.project.path == sample
    assert len(window.doc.project.transcripts()) == 3
    assert window.model.rowCount() > 0


def test_first_start_shows_the_sample_coder_beside_the_researcher(
    open_window: Any, tmp_path: Path, qtbot: Any
) -> None:
    from fpmcoder.qt.segment_model import Column, SegmentModel

    window = open_window(None)
    assert window.doc.coder == "tester"
    assert window.doc.project.coders()[0] == "alex"
    assert window.model.other_coder == "alex"
    assert window.bar.other.currentData() == "alex"
    message = window.statusBar().currentMessage()
    assert "alex's codings are shown beside yours" in message and "Press 1-4" in message
    model: SegmentModel = window.model
    alex = window.doc.project.codings(model.transcript_id, "alex")
    row = next(r for r in range(model.rowCount()) if model.segment_at(r).id in alex)
    assert model.index(row, Column.OTHER).data()  # alex's activity in the Beside column
    window.close()
    # the next start opens the same sample as the researcher left it: nobody beside
    again = open_window(None)
    assert again.doc.project.path == tmp_path / "appdata" / "sample.fpmc"
    assert again.model.other_coder is None


def test_painting_stays_on_the_gui_thread(
    open_window: Any, sample_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    monkeypatch.delenv("QT_NO_GUI_THREADPOOL", raising=False)
    open_window(sample_path)
    assert "QT_NO_GUI_THREADPOOL" in os.environ  # Qt paints without its helper threads


def test_start_reopens_the_last_project(open_window: Any, sample_path: Path, qtbot: Any) -> None:
    first = open_window(sample_path)
    first.close()
    again = open_window(None)
    assert again.doc.project.path == sample_path.resolve()


def test_a_new_path_becomes_a_new_project(open_window: Any, tmp_path: Path) -> None:
    path = tmp_path / "fresh.fpmc"
    window = open_window(path)
    assert path.exists()
    assert "Created the new project" in window.statusBar().currentMessage()
    assert window.model.rowCount() == 0


def test_not_a_project_is_reported_and_the_sample_opens(
    open_window: Any, tmp_path: Path, qtbot: Any, messages: list[tuple[str, str, str]]
) -> None:
    bogus = tmp_path / "notes.fpmc"
    bogus.write_text("just some notes\n", encoding="utf-8")
    window = open_window(bogus)
    qtbot.waitUntil(lambda: bool(messages))
    assert "not an fpmcoder project" in messages[0][2]
    assert bogus.read_text(encoding="utf-8") == "just some notes\n"
    assert window.doc.project.path.name == "sample.fpmc"


def test_import_transcript_by_the_import_action(
    open_window: Any, sample_path: Path, tmp_path: Path, qtbot: Any, monkeypatch: Any
) -> None:
    source = tmp_path / "night visit.txt"
    source.write_text(TRANSCRIPT, encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(source)], ""))
    window = open_window(sample_path)
    window.import_action.trigger()
    qtbot.waitUntil(
        lambda: window.actions_.worker is None and len(window.doc.project.transcripts()) == 4
    )
    assert window.model.rowCount() == 4
    assert window.model.speaker_at(1) == "Mother"
    assert window.bar.transcripts.count() == 4
    with Project.open(sample_path) as project:
        assert [t.n_segments for t in project.transcripts()][-1] == 4


def test_cancelled_import_leaves_the_project_as_it_was(
    open_window: Any, sample_path: Path, tmp_path: Path, qtbot: Any
) -> None:
    source = tmp_path / "visit.txt"
    source.write_text(TRANSCRIPT, encoding="utf-8")
    window = open_window(sample_path)
    before = window.doc.project.transcripts()
    from PySide6.QtWidgets import QPushButton

    window.actions_.import_files([source, source])
    window.actions_.progress.findChild(QPushButton).click()  # the Cancel button
    qtbot.waitUntil(lambda: window.actions_.worker is None)
    assert window.doc.project.transcripts() == before


def test_unreadable_transcript_is_an_error_dialog(
    open_window: Any, sample_path: Path, tmp_path: Path, qtbot: Any, messages: Any
) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    window = open_window(sample_path)
    before = window.doc.project.transcripts()
    window.actions_.import_files([empty])
    qtbot.waitUntil(lambda: window.actions_.worker is None)
    assert messages and messages[-1][1] == "Cannot import"
    assert "empty.txt" in messages[-1][2]
    assert window.doc.project.transcripts() == before


def test_export_a_figure_through_the_dialog(
    open_window: Any, sample_path: Path, tmp_path: Path, qtbot: Any, monkeypatch: Any
) -> None:
    from fpmcoder.qt.figure_dialog import FigureDialog

    out = tmp_path / "grid.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    window = open_window(sample_path)
    window.export_figure_action.trigger()
    dialog = window.findChild(FigureDialog)
    assert dialog is not None
    assert dialog.preview.pixmap() is not None and not dialog.preview.pixmap().isNull()
    dialog.width_mm.setValue(3)  # too small for the grid: shown, Save disabled
    assert not dialog.refresh()
    assert "size" in dialog.preview.text()
    assert not dialog.save_button.isEnabled()
    dialog.width_mm.setValue(120)
    dialog.palette_box.setCurrentIndex(dialog.palette_box.findData("grey"))
    assert dialog.refresh()
    dialog.save_button.click()
    assert out.read_bytes().startswith(b"%PDF")
    assert dialog.saved_path == out


def test_export_the_tidy_table(
    open_window: Any, sample_path: Path, tmp_path: Path, monkeypatch: Any
) -> None:
    out = tmp_path / "codings.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), "CSV (*.csv)"))
    window = open_window(sample_path)
    window.actions_.export_table()
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    assert len(lines) > 100
    assert "activity" in lines[0]


def test_bad_codebook_shows_an_error_and_changes_nothing(
    open_window: Any, sample_path: Path, tmp_path: Path, monkeypatch: Any, messages: Any
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: broken\nactivities:\n  - id: one\n    name: One\n", encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(bad), ""))
    window = open_window(sample_path)
    before = window.doc.project.codebook
    window.actions_.load_codebook()
    assert messages and messages[-1][1] == "Cannot use this codebook"
    assert "bad.yaml" in messages[-1][2]
    assert window.doc.project.codebook == before
    with Project.open(sample_path) as project:
        assert project.codebook == before


def test_codebook_that_drops_used_codes_is_refused(
    open_window: Any, sample_path: Path, tmp_path: Path, monkeypatch: Any, messages: Any
) -> None:
    other = tmp_path / "two.yaml"
    other.write_text(
        "name: two\nactivities:\n"
        "  - {id: talk, name: Talk, colour: '#112233', key: '1'}\n"
        "  - {id: act, name: Act, colour: '#445566', key: '2'}\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(other), ""))
    window = open_window(sample_path)
    before = window.doc.project.codebook
    window.actions_.load_codebook()
    assert "still in use" in messages[-1][2]
    assert window.doc.project.codebook == before


def test_a_new_codebook_brings_its_keys(
    open_window: Any, tmp_path: Path, monkeypatch: Any, qtbot: Any
) -> None:
    cb = tmp_path / "mine.yaml"
    cb.write_text(
        "name: mine\nactivities:\n"
        "  - {id: talk, name: Talk, colour: '#112233', key: 't'}\n"
        "  - {id: act, name: Act, colour: '#445566', key: 'y'}\n",
        encoding="utf-8",
    )
    source = tmp_path / "v.txt"
    source.write_text(TRANSCRIPT, encoding="utf-8")
    window = open_window(tmp_path / "new.fpmc")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(cb), ""))
    window.actions_.load_codebook()
    window.actions_.import_files([source])
    qtbot.waitUntil(lambda: window.model.rowCount() == 4)
    view = window.view
    view.setFocus()
    qtbot.keyClick(view, "y")
    assert window.model.coding_at(0).activity == "act"
    assert window.codebook_panel._counts["act"].text() == "1"


def test_preferences_are_kept_in_the_temporary_settings(
    open_window: Any, sample_path: Path, temp_settings: Path
) -> None:
    from fpmcoder.qt.preferences_dialog import PreferencesDialog
    from fpmcoder.qt.settings import Settings

    window = open_window(sample_path)
    window.actions_.preferences()
    dialog = window.findChild(PreferencesDialog)
    dialog.coder.setText("robin")
    dialog.columns.setValue(12)
    dialog.font_size.setValue(13)
    dialog.accept()
    assert Settings().coder == "robin"
    assert window.doc.coder == "robin"
    assert window.grid.handle.layout.columns == 12
    assert window.view.font().pointSize() == 13
    assert list(temp_settings.rglob("*.ini"))


def test_compare_dialog_shows_panels_and_numbers(open_window: Any, sample_path: Path) -> None:
    from fpmcoder.qt.compare_dialog import CompareDialog

    window = open_window(sample_path)
    window.doc.set_coder("alex")
    window.actions_.compare()
    dialog = window.findChild(CompareDialog)
    assert len(dialog.sequences) == 3
    assert dialog.table.rowCount() == 3
    assert dialog.table.item(0, dialog.table.columnCount() - 1).text().isdigit()
    assert not dialog.preview.pixmap().isNull()


def test_unexpected_errors_become_a_dialog(qtbot: Any) -> None:
    from PySide6.QtWidgets import QApplication, QMessageBox

    from fpmcoder.qt.app import _show_unexpected

    try:
        raise RuntimeError("boom")
    except RuntimeError as exc:
        _show_unexpected(RuntimeError, exc, exc.__traceback__)
    boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox)]
    assert boxes and "boom" in boxes[-1].informativeText()
    for box in boxes:
        box.close()
        box.deleteLater()


@pytest.mark.parametrize("key", ["1", "r"])
def test_keymap_follows_the_codebook(key: str, codebook: Any) -> None:
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent

    from fpmcoder.qt.keymap import Keymap

    event = QKeyEvent(QEvent.Type.KeyPress, 0, Qt.KeyboardModifier.NoModifier, key)
    action = Keymap(codebook).action_for(event)
    assert action is not None
    assert action.kind == codebook.key_bindings()[key][0]
    ctrl = QKeyEvent(QEvent.Type.KeyPress, 0, Qt.KeyboardModifier.ControlModifier, key)
    assert Keymap(codebook).action_for(ctrl) is None


def test_user_guide_keyboard_map_is_the_generated_one(codebook: Any) -> None:
    from fpmcoder.qt.keymap import keyboard_map_markdown

    guide = Path(__file__).resolve().parents[2] / "docs" / "user-guide.md"
    assert keyboard_map_markdown(codebook) in guide.read_text(encoding="utf-8")


def test_dropping_transcript_files_imports_them(
    open_window: Any, sample_path: Path, tmp_path: Path, qtbot: Any
) -> None:
    from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
    from PySide6.QtGui import QDropEvent

    source = tmp_path / "dropped.txt"
    source.write_text(TRANSCRIPT, encoding="utf-8")
    window = open_window(sample_path)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(source))])
    event = QDropEvent(
        QPointF(200, 200),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(event)
    qtbot.waitUntil(lambda: window.actions_.worker is None)
    titles = [t.title for t in window.doc.project.transcripts()]
    assert titles[-1] == "dropped"
    assert window.model.transcript_id == window.doc.project.transcripts()[-1].id


def test_a_recent_project_that_is_gone_is_reported_not_recreated(
    open_window: Any, sample_path: Path, tmp_path: Path, messages: Any
) -> None:
    window = open_window(sample_path)
    gone = tmp_path / "moved.fpmc"
    assert not window.actions_.open_path(gone)
    assert not gone.exists()
    assert "not there any more" in messages[-1][2]
    assert window.doc.project.path == sample_path


def test_new_project_through_the_file_dialog(
    open_window: Any, sample_path: Path, tmp_path: Path, monkeypatch: Any
) -> None:
    target = tmp_path / "study"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    window = open_window(sample_path)
    window.actions_.new_project()
    assert window.doc.project.path == target.with_suffix(".fpmc")
    assert window.model.rowCount() == 0
    assert window.bar.transcripts.count() == 0


def test_import_a_refi_qda_project(
    open_window: Any, sample_path: Path, tmp_path: Path, monkeypatch: Any, messages: Any
) -> None:
    from fpmcoder.io.refi import write_qdpx

    qdpx = tmp_path / "exchange.qdpx"
    with Project.open(sample_path) as project:
        write_qdpx(qdpx, project.export_bundle(), project.codebook, project.guid, project_name="s")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(qdpx), ""))
    window = open_window(tmp_path / "fresh.fpmc")
    window.actions_.import_refi()
    assert messages[-1][0] == "information", messages
    assert len(window.doc.project.transcripts()) == 3
    assert window.model.rowCount() == 59
    assert "alex" in window.doc.project.coders()
