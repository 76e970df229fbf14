"""Whether Qt Multimedia is installed (PySide6-Addons, the ``media`` extra).

Qt Multimedia is large, so it is an extra: ``pip install -e ".[media]"``. Nothing imports
it at module level; :func:`multimedia` answers once whether it can be imported (the
player, video and non-WAV decoding need it) and the window works without it.
"""

from __future__ import annotations

from functools import cache
from types import ModuleType

__all__ = ["INSTALL_HINT", "install_hint", "multimedia", "multimedia_widgets"]

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
