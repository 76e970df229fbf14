"""The menu bar of the main window: every action, its shortcut, and what it calls."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMenu

from fpmcoder.qt.keymap import MERGE_SHORTCUT, SPLIT_SHORTCUT
from fpmcoder.qt.suggestions import MODES

if TYPE_CHECKING:
    from fpmcoder.qt.main_window import MainWindow

__all__ = ["MenuActions", "build_menus"]

Shortcut = str | QKeySequence | QKeySequence.StandardKey | None


@dataclass(frozen=True)
class MenuActions:
    """The actions other parts (and tests) need to reach."""

    import_: QAction
    export_figure: QAction
    undo: QAction
    redo: QAction
    split: QAction
    merge: QAction
    suggest_modes: dict[str, QAction]


def _action(
    menu: QMenu, text: str, slot: Callable[[], object], shortcut: Shortcut = None
) -> QAction:
    action = menu.addAction(text)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    action.triggered.connect(slot)
    return action


def _view_action(
    window: MainWindow, menu: QMenu, text: str, slot: Callable[[], object], shortcut: str
) -> QAction:
    """An action whose key works while the segment list has the focus (so Enter in the
    search field stays Enter)."""
    action = QAction(text, window.view)
    action.setShortcut(QKeySequence(shortcut))
    action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
    action.triggered.connect(slot)
    window.view.addAction(action)
    menu.addAction(action)
    return action


def _fill_recent(window: MainWindow, menu: QMenu) -> None:
    menu.clear()
    for path in window.settings.recent_projects:
        act = menu.addAction(str(path))
        act.triggered.connect(lambda _=False, p=path: window.actions_.open_path(p))


def build_menus(window: MainWindow) -> MenuActions:
    a = window.actions_
    bar = window.menuBar()
    file = bar.addMenu("&File")
    _action(file, "&New project…", a.new_project, QKeySequence.StandardKey.New)
    _action(file, "&Open project…", a.open_project, QKeySequence.StandardKey.Open)
    recent = file.addMenu("Open &recent")
    recent.aboutToShow.connect(lambda: _fill_recent(window, recent))
    file.addSeparator()
    import_ = _action(file, "&Import transcripts…", a.import_transcripts, "Ctrl+I")
    _action(file, "Import REFI-QDA project (.qdpx)…", a.import_refi)
    file.addSeparator()
    export_figure = _action(file, "Export &figure…", a.export_figure, "Ctrl+E")
    _action(file, "Export coding &table (CSV/XLSX)…", a.export_table)
    file.addSeparator()
    _action(file, "&Quit", window.close, QKeySequence.StandardKey.Quit)

    edit = bar.addMenu("&Edit")
    undo = window.undo_group.createUndoAction(window, "Undo")
    undo.setShortcuts([QKeySequence("Ctrl+Z")])
    redo = window.undo_group.createRedoAction(window, "Redo")
    redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
    edit.addAction(undo)
    edit.addAction(redo)
    edit.addSeparator()
    split = _view_action(window, edit, "&Split segment…", window.split, SPLIT_SHORTCUT)
    merge = _view_action(window, edit, "&Merge with next segment", window.merge, MERGE_SHORTCUT)
    _view_action(window, edit, "Edit &memo…", window.edit_memo, "Return")
    edit.addSeparator()
    _action(edit, "&Find in text", window.bar.focus_search, QKeySequence.StandardKey.Find)
    _action(edit, "&Preferences…", a.preferences, QKeySequence.StandardKey.Preferences)

    coding = bar.addMenu("&Coding")
    _action(coding, "Switch &coder…", a.switch_coder, "Ctrl+Shift+C")
    _action(coding, "Co&mpare transcripts or coders…", a.compare, "Ctrl+Shift+M")
    _action(coding, "C&ases: all transcripts by cluster…", a.cases, "Ctrl+Shift+A")
    _action(coding, "Next segment not coded (Space)", window.next_uncoded)
    coding.addSeparator()
    _action(coding, "Accept the suggested code (Tab)", window.accept_suggestion)
    suggested = coding.addMenu("Su&ggested codes")
    group = QActionGroup(window)
    modes: dict[str, QAction] = {}
    for mode, text in MODES.items():
        action = suggested.addAction(text)
        action.setCheckable(True)
        group.addAction(action)
        action.triggered.connect(lambda _=False, m=mode: window.set_suggest_mode(m))
        modes[mode] = action
    suggested.addSeparator()
    _action(suggested, "How reliable are they?…", window.suggest_report)

    codebook = bar.addMenu("Code&book")
    _action(codebook, "&View codebook and keys", a.view_codebook, "F1")
    _action(codebook, "&Load codebook (YAML)…", a.load_codebook)
    return MenuActions(import_, export_figure, undo, redo, split, merge, modes)
