"""Whether Qt Multimedia is installed (PySide6-Addons, the ``media`` extra).

Qt Multimedia is large, so it is an extra: ``pip install -e ".[media]"``. Nothing imports
it at module level; :func:`multimedia` answers once whether it can be imported (the
player, video and non-WAV decoding need it) and the window works without it.
"""

from __future__ import annotations

from functools import cache
from types import ModuleType

from PySide6.QtCore import Q_ARG, QEventLoop, QMetaObject, QObject, Qt

__all__ = ["INSTALL_HINT", "call_released", "install_hint", "multimedia", "multimedia_widgets"]

INSTALL_HINT = (
    "Playing recordings needs Qt Multimedia, which is not installed. "
    'Add it with: pip install -e ".[media]"  (or pip install "fpmcoder[media]")'
)


_problem: list[str] = []  # why Qt Multimedia could not be imported


@cache
def multimedia() -> ModuleType | None:
    """``PySide6.QtMultimedia``, or None when PySide6-Addons (or a library it needs, such as
    libpulse) is missing."""
    try:
        from PySide6 import QtMultimedia
    except ImportError as exc:
        _problem.append(str(exc))
        return None
    return QtMultimedia


def install_hint() -> str:
    """What to do to play recordings: install the extra, or the system library it needs."""
    problem = " ".join(_problem)
    if ".so" in problem:  # the extra is there; a system library is not (libpulse.so.0, ...)
        library = problem.split(":")[0].strip()
        how = (
            "Debian and Ubuntu: apt install libpulse0"
            if "libpulse" in library
            else "install it with the system's package manager"
        )
        return f"Playing recordings needs the system library {library}, which is missing ({how})."
    return INSTALL_HINT


@cache
def multimedia_widgets() -> ModuleType | None:
    """``PySide6.QtMultimediaWidgets`` (the video widget), or None."""
    if multimedia() is None:
        return None
    try:
        from PySide6 import QtMultimediaWidgets
    except ImportError:
        return None
    return QtMultimediaWidgets


def call_released(obj: QObject, slot: str, *args: tuple[object, object]) -> None:
    """Call ``obj``'s C++ slot (``args`` as ``(type, value)`` pairs) with Python's lock free.

    Qt Multimedia's FFmpeg backend destroys objects on its own threads, and each such
    destruction asks PySide (which takes the interpreter lock) about the player and audio
    output made in Python. A call such as ``QMediaPlayer.stop()`` made from Python keeps
    that lock while it waits for those threads: both wait for ever (seen in about one run
    in ten of the player tests). PySide frees the lock while an event loop runs, so the
    call is queued and a short local event loop (without user input) carries it out.
    """
    loop = QEventLoop()
    queued = Qt.ConnectionType.QueuedConnection
    QMetaObject.invokeMethod(obj, slot, queued, *(Q_ARG(t, v) for t, v in args))
    QMetaObject.invokeMethod(loop, "quit", queued)
    loop.exec(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
