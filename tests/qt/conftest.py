"""GUI test set-up: settings in tmp_path, the sample project built once, dialogs that never block."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("PySide6")
pytest.importorskip("pytestqt")

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox

from fpmcoder.store import Project

pytestmark = pytest.mark.gui


@pytest.fixture(autouse=True)
def temp_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """QSettings (INI, user scope) and the sample project's folder point into tmp_path."""
    folder = tmp_path / "settings"
    folder.mkdir()
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    monkeypatch.setattr(
        "fpmcoder.qt.app.sample_project_path", lambda: tmp_path / "appdata" / "sample.fpmc"
    )
    from fpmcoder.qt.settings import Settings

    s = Settings()
    s.coder = "tester"
    s.sync()
    return folder


@pytest.fixture(autouse=True)
def messages(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str, str]]:
    """Every QMessageBox.warning/critical/information/question, recorded instead of shown."""
    seen: list[tuple[str, str, str]] = []

    def record(kind: str) -> Any:
        def show(_parent: object, title: str, text: str, *args: object, **kw: object) -> Any:
            seen.append((kind, title, text))
            return QMessageBox.StandardButton.Ok

        return show

    for kind in ("warning", "critical", "information", "question"):
        monkeypatch.setattr(QMessageBox, kind, record(kind))
    return seen


@pytest.fixture(scope="session")
def sample_master(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from fpmcoder.io.samples import build_sample_bundle

    path = tmp_path_factory.mktemp("sample") / "sample.fpmc"
    with Project.create(path) as project:
        project.add_bundle(build_sample_bundle())
    return path


@pytest.fixture
def sample_path(sample_master: Path, tmp_path: Path) -> Path:
    path = tmp_path / "sample.fpmc"
    shutil.copy(sample_master, path)
    return path


@pytest.fixture
def open_window(qtbot: Any) -> Iterator[Any]:
    """A function opening the main window on a path; the grid is drawn before it returns."""
    from fpmcoder.qt import create_main_window

    def make(path: Path | None) -> Any:
        window = create_main_window(path)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitUntil(lambda: window.grid.handle is not None or window.model.rowCount() == 0)
        return window

    yield make
