"""The desktop application (the only package that imports PySide6).

- :func:`run_app` starts it (``fpmcoder`` and ``fpmcoder PROJECT``);
- :func:`create_main_window` builds the window for a running ``QApplication`` (tests).

Object names for tests: ``MainWindow``, ``segmentView``, ``codebookPanel``, ``sequenceGrid``,
``mediaPanel`` (the player; ``waveform`` inside it).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMainWindow

__all__ = ["create_main_window", "run_app"]


def create_main_window(project_path: Path | str | None) -> QMainWindow:
    from fpmcoder.qt.app import create_main_window as create

    return create(project_path)


def run_app(path: str | None) -> int:
    from fpmcoder.qt.app import run_app as run

    return run(path)
