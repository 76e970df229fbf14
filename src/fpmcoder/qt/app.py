"""Starting the desktop application: the QApplication, error dialogs, the first project.

``run_app(path)`` is what ``fpmcoder`` runs; ``create_main_window(path)`` builds the
window for an already running QApplication (the tests use it) without starting the
event loop.
"""

from __future__ import annotations

import os
import sys
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QCoreApplication, Qt, QThreadPool, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from fpmcoder import __version__
from fpmcoder.errors import FpmcoderError
from fpmcoder.qt.main_window import MainWindow
from fpmcoder.qt.project_actions import open_document, open_sample, sample_project_path
from fpmcoder.qt.settings import APPLICATION, ORGANISATION, Settings
from fpmcoder.store import is_server_location

__all__ = ["create_main_window", "install_excepthook", "run_app"]


def _show_unexpected(
    exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
) -> None:
    """Show an error in a dialog instead of killing the window."""
    if issubclass(exc_type, KeyboardInterrupt):
        QApplication.quit()
        return
    sys.__stderr__.write("".join(traceback.format_exception(exc_type, exc, tb)))  # type: ignore[union-attr]
    app = QApplication.instance()
    if app is None:
        return
    parent = QApplication.activeWindow()
    if isinstance(exc, FpmcoderError):
        QMessageBox.warning(parent, "fpmcoder", str(exc))
        return
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle("Something went wrong")
    box.setText(
        "fpmcoder hit an unexpected problem. Your codings up to this moment are saved in "
        "the project file. Please report this, with the details below."
    )
    box.setInformativeText(f"{exc_type.__name__}: {exc}")
    box.setDetailedText("".join(traceback.format_exception(exc_type, exc, tb)))
    box.open()


def install_excepthook() -> None:
    sys.excepthook = _show_unexpected


def _paint_on_one_thread() -> None:
    """Let Qt paint on the GUI thread alone.

    Qt hands parts of some fills and image conversions to a pool of helper threads. For
    the small areas a coding repaints (a row, a square) waking those threads costs more
    than it saves: about a fifth of a key press's time on a two-core machine. Qt reads
    the variable (only whether it is set) when it first needs the pool, so this runs
    before the first window paints.
    """
    os.environ.setdefault("QT_NO_GUI_THREADPOOL", "1")


def _keep_none_alive() -> None:
    """Make ``None`` (and ``True`` and ``False``) immortal, as Python 3.12 does, on 3.11.

    PySide6 6.12.0 drops one reference to ``None`` on every call of a method that returns
    nothing (``QWidget.update()``, ``QLabel.setText()``, ...) under Python 3.11 (6.11.3
    does not; on 3.12 and later ``None`` cannot be freed). ``None`` starts with a few
    thousand references, so after some thousands of segment moves, or a quarter of an hour
    of a playing recording, Python aborts with "deallocating None". A huge reference count
    keeps it from ever reaching zero; nothing else depends on that count. (``True`` and
    ``False`` were seen freed at exit the same way.)
    """
    if sys.version_info >= (3, 12):
        return
    import ctypes

    for singleton in (None, True, False):
        refcount = ctypes.c_ssize_t.from_address(id(singleton))  # ob_refcnt, the first field
        if refcount.value < 1 << 40:
            refcount.value += 1 << 50


def _set_names() -> None:
    QCoreApplication.setOrganizationName(ORGANISATION)
    QCoreApplication.setApplicationName(APPLICATION)
    QCoreApplication.setApplicationVersion(__version__)


def create_main_window(project_path: Path | str | None) -> MainWindow:
    """The main window on ``project_path`` (the last project, or the sample, when ``None``).

    A path that does not exist yet becomes a new project with the default codebook (the
    status bar says so). Errors opening the project are shown, and the window opens on
    the sample project instead.
    """
    _paint_on_one_thread()
    _keep_none_alive()
    _set_names()
    settings = Settings()
    window = MainWindow(settings)
    coder = settings.coder
    message = ""
    doc = None
    beside = None
    try:
        if project_path is not None:
            doc, message = open_document(project_path, coder)
        else:
            last = settings.last_project
            if last is not None and (isinstance(last, str) or last.exists()):
                doc, message = open_document(last, coder)
    except FpmcoderError as exc:
        problem = str(exc)
        QTimer.singleShot(
            0, lambda: QMessageBox.warning(window, "Cannot open the project", problem)
        )
    if doc is None:
        doc, message, beside = open_sample(sample_project_path(), coder)
    window.set_document(doc, message, beside)
    return window


def run_app(path: str | None) -> int:
    """Start the application on ``path`` (or the last project) and run until it is closed."""
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
        Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
    )
    _paint_on_one_thread()
    _keep_none_alive()
    _set_names()
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationDisplayName("fpmcoder")
    install_excepthook()
    try:
        location: Path | str | None = None
        if path:
            location = path if is_server_location(path) else Path(path)
        window = create_main_window(location)
    except FpmcoderError as exc:
        QMessageBox.critical(None, "fpmcoder", str(exc))
        return 1
    window.show()
    code = app.exec()
    # a waveform still being read finishes before Python shuts down (a pool thread wanting
    # the interpreter while it is finalised would wait for ever)
    QThreadPool.globalInstance().waitForDone()
    return code
