"""Preferences and recent projects in ``QSettings`` (INI format, per user).

Always the INI format, so tests can redirect every read and write into a temporary
folder with ``QSettings.setPath(QSettings.IniFormat, QSettings.UserScope, tmp)``.
"""

from __future__ import annotations

import getpass
import re
from pathlib import Path

from PySide6.QtCore import QSettings

from fpmcoder.store import is_server_location

__all__ = ["APPLICATION", "ORGANISATION", "Settings"]

ORGANISATION = "fpmcoder"
APPLICATION = "fpmcoder"
MAX_RECENT = 8


def _default_coder() -> str:
    try:
        return getpass.getuser() or "coder"
    except Exception:
        return "coder"


class Settings:
    """Typed access to the few things fpmcoder remembers between sessions."""

    def __init__(self) -> None:
        self._q = QSettings(
            QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANISATION, APPLICATION
        )

    def _str(self, key: str, default: str) -> str:
        value = self._q.value(key, default)
        return str(value) if value is not None else default

    def _int(self, key: str, default: int) -> int:
        try:
            return int(str(self._q.value(key, default)))
        except (TypeError, ValueError):
            return default

    @property
    def coder(self) -> str:
        return self._str("coder/name", "") or _default_coder()

    @coder.setter
    def coder(self, name: str) -> None:
        self._q.setValue("coder/name", name.strip())

    @property
    def grid_columns(self) -> int:
        """Columns of the live grid; 0 means automatic."""
        return max(0, self._int("grid/columns", 0))

    @grid_columns.setter
    def grid_columns(self, value: int) -> None:
        self._q.setValue("grid/columns", int(value))

    @property
    def font_size(self) -> int:
        """Point size of the transcript text; 0 means the system's."""
        return max(0, self._int("view/font_size", 0))

    @font_size.setter
    def font_size(self, value: int) -> None:
        self._q.setValue("view/font_size", int(value))

    @property
    def suggest_mode(self) -> str:
        """Suggested codes: "on", "blind" or "off"."""
        value = self._str("suggest/mode", "on")
        return value if value in ("on", "blind", "off") else "on"

    @suggest_mode.setter
    def suggest_mode(self, value: str) -> None:
        self._q.setValue("suggest/mode", value)

    @property
    def suggest_threshold(self) -> float:
        """Suggested codes: the least probability at which one is shown."""
        try:
            value = float(str(self._q.value("suggest/threshold", 0.5)))
        except (TypeError, ValueError):
            return 0.5
        return min(max(value, 0.0), 0.99) if value == value else 0.5

    @suggest_threshold.setter
    def suggest_threshold(self, value: float) -> None:
        self._q.setValue("suggest/threshold", float(value))

    @property
    def recent_projects(self) -> list[Path | str]:
        """Project files (paths) and server projects (URLs, never with a password)."""
        raw = self._q.value("projects/recent", [])
        items = [raw] if isinstance(raw, str) else list(raw or [])
        return [str(p) if is_server_location(str(p)) else Path(str(p)) for p in items if str(p)]

    def add_recent(self, location: Path | str) -> None:
        """Remember a project; a server project by ``Project.location`` (no password)."""
        if isinstance(location, str) and is_server_location(location):
            # never a password, even if a caller passed a URL with one
            item: Path | str = re.sub(r"//([^:/@]*):[^@/]*@", r"//\1@", location)
            item = re.sub(r"([?&])password=[^&]*&?", r"\1", item).rstrip("?&")
        else:
            item = Path(location).resolve()
        items = [p for p in self.recent_projects if p != item]
        self._q.setValue("projects/recent", [str(p) for p in [item, *items][:MAX_RECENT]])

    @property
    def last_project(self) -> Path | str | None:
        recent = self.recent_projects
        return recent[0] if recent else None

    def window_state(self) -> tuple[object, object]:
        return self._q.value("window/geometry"), self._q.value("window/state")

    def save_window_state(self, geometry: object, state: object) -> None:
        self._q.setValue("window/geometry", geometry)
        self._q.setValue("window/state", state)

    def sync(self) -> None:
        self._q.sync()
