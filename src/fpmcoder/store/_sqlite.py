"""The file backend: opening, validating, migrating and transacting on an SQLite project file."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from fpmcoder.errors import (
    EditError,
    NewerProjectError,
    NotAProjectError,
    ProjectBusyError,
    ProjectError,
)
from fpmcoder.store._backend import Backend, Change, Cursor
from fpmcoder.store.schema import APPLICATION_ID, MIGRATIONS, SCHEMA, SCHEMA_VERSION

__all__ = ["SqliteBackend"]

_SQLITE_MAGIC = b"SQLite format 3\x00"


WAIT_SECONDS = 10.0
"""How long a write waits for another program's transaction on the same file (the window);
the command line waits longer (see ``Project.open``)."""


def _connect(
    path: Path, *, readonly_probe: bool = False, wait: float = WAIT_SECONDS
) -> sqlite3.Connection:
    mode = "ro" if readonly_probe else "rw"
    uri = f"{path.resolve().as_uri()}?mode={mode}"
    con = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
    con.execute(f"PRAGMA busy_timeout = {int(wait * 1000)}")
    return con


def _header(path: Path) -> tuple[int, int]:
    """(application_id, user_version) read from the file's header, touching nothing."""
    with path.open("rb") as fh:
        head = fh.read(100)
    if len(head) < 100:
        return -1, -1
    return int.from_bytes(head[68:72], "big"), int.from_bytes(head[60:64], "big")


def translate(exc: sqlite3.Error, where: str) -> Exception:
    """An sqlite3 error as one of fpmcoder's."""
    text = str(exc)
    if isinstance(exc, sqlite3.OperationalError) and ("locked" in text or "busy" in text):
        return ProjectBusyError(
            f"{where}: the project is busy in another program (an import, an apply or a "
            "codebook change there is still running); nothing was changed here. Try again "
            "when it is done"
        )
    if isinstance(exc, sqlite3.IntegrityError) and text.startswith("fpmcoder: "):
        return EditError(
            f"{where}: {text.removeprefix('fpmcoder: ')} (the codebook may have been "
            "changed by another program; it is read again)"
        )
    if isinstance(exc, sqlite3.IntegrityError):
        return EditError(f"{where}: the project refused the change ({text})")
    return ProjectError(f"{where}: the project file could not be read or written ({text})")


def _configure(con: sqlite3.Connection) -> None:
    con.execute("PRAGMA foreign_keys = ON")
    con.execute("PRAGMA journal_mode = WAL")
    # In WAL mode NORMAL keeps every committed transaction when the *process* dies
    # (the case that matters: a crash or kill of the app); FULL adds an fsync per commit
    # for power loss. We take FULL: a coding must survive anything once it is shown.
    con.execute("PRAGMA synchronous = FULL")


class SqliteCon:
    """Portable SQL over an SQLite connection (which already speaks it), errors translated."""

    __slots__ = ("raw", "where")

    def __init__(self, raw: sqlite3.Connection, where: str) -> None:
        self.raw = raw
        self.where = where

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Cursor:
        try:
            return self.raw.execute(sql, params)
        except sqlite3.Error as exc:
            raise translate(exc, self.where) from None

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        try:
            self.raw.executemany(sql, rows)
        except sqlite3.Error as exc:
            raise translate(exc, self.where) from None

    def new_ids(self, table: str, n: int) -> list[int]:
        first = int(self.raw.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {table}").fetchone()[0])
        return list(range(first, first + n))

    def restart_ids(self, tables: Sequence[str]) -> None:
        """Nothing to do: SQLite's new rowids always follow the largest."""


class SqliteBackend(Backend):
    """One open project file: a connection in autocommit mode with explicit transactions."""

    kind = "file"

    def __init__(self, path: Path, con: sqlite3.Connection) -> None:
        super().__init__()
        self.path = path
        self.location = str(path)
        self.name = path.stem
        self.raw = con
        self.con = SqliteCon(con, str(path))
        self._data_version = -1

    # -- opening --------------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path, *, wait: float = WAIT_SECONDS) -> SqliteBackend:
        path = Path(path)
        if not path.exists():
            raise ProjectError(f"{path}: no such project file")
        if path.is_dir():
            raise NotAProjectError(f"{path}: is a folder, not an fpmcoder project file")
        with path.open("rb") as fh:
            magic = fh.read(16)
        if magic != _SQLITE_MAGIC:
            raise NotAProjectError(
                f"{path}: not an fpmcoder project (not an SQLite file); the file was not changed"
            )
        app_id, version = _header(path)
        if Path(f"{path}-wal").exists():
            # another program has it open: the header on disk may lag behind its WAL; ask
            # SQLite (the -wal and -shm files are there already, nothing new is made)
            probe = _connect(path, readonly_probe=True)
            try:
                app_id = probe.execute("PRAGMA application_id").fetchone()[0]
                version = probe.execute("PRAGMA user_version").fetchone()[0]
            except sqlite3.DatabaseError as exc:
                raise NotAProjectError(f"{path}: not a readable project file ({exc})") from None
            finally:
                probe.close()
        if app_id != APPLICATION_ID:
            raise NotAProjectError(
                f"{path}: an SQLite file, but not an fpmcoder project; the file was not changed"
            )
        if version > SCHEMA_VERSION:
            raise NewerProjectError(
                f"{path}: written by a newer fpmcoder (project format {version}, this version "
                f"reads up to {SCHEMA_VERSION}); update fpmcoder to open it. "
                "The file was not changed"
            )
        con = _connect(path, wait=wait)
        try:
            _configure(con)
        except sqlite3.Error as exc:
            con.close()
            raise translate(exc, str(path)) from None
        db = cls(path, con)
        if version < SCHEMA_VERSION:
            db._migrate(version)
        return db

    @classmethod
    def create(cls, path: Path) -> SqliteBackend:
        """Create a new, empty project atomically (a temporary file renamed into place)."""
        path = Path(path)
        if path.exists():
            raise ProjectError(f"{path}: already exists; open it instead of creating it")
        parent = path.resolve().parent
        if not parent.is_dir():
            raise ProjectError(f"{path}: the folder {parent} does not exist")
        fd, tmp_name = tempfile.mkstemp(prefix=".fpmc-new-", suffix=".tmp", dir=parent)
        os.close(fd)
        tmp = Path(tmp_name)
        umask = os.umask(0)
        os.umask(umask)
        tmp.chmod(0o666 & ~umask)  # mkstemp makes files private; a project is an ordinary file
        try:
            con = sqlite3.connect(tmp, isolation_level=None)
            con.executescript(f"BEGIN;\n{SCHEMA}\nCOMMIT;")
            con.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            con.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            con.close()
            os.replace(tmp, path)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        con = _connect(path)
        _configure(con)
        return cls(path, con)

    def _migrate(self, version: int) -> None:
        with self.transaction():
            while version < SCHEMA_VERSION:
                step = MIGRATIONS.get(version)
                if step is None:
                    raise ProjectError(
                        f"{self.path}: no migration from project format {version}; "
                        "this file cannot be opened by this version of fpmcoder"
                    )
                step(self.raw)
                version += 1
            self.raw.execute(f"PRAGMA user_version = {version}")

    # -- transactions ---------------------------------------------------------------------

    def _begin(self) -> None:
        self.con.execute("BEGIN IMMEDIATE")

    def take_changes(self) -> list[Change]:
        return [Change("resync")] if self.changed_elsewhere() else []

    def changed_elsewhere(self) -> bool:
        """Whether another program committed to the file since the last call."""
        version = int(self.raw.execute("PRAGMA data_version").fetchone()[0])
        changed = self._data_version not in (-1, version)
        self._data_version = version
        return changed

    def _commit(self) -> None:
        self.con.execute("COMMIT")

    def _rollback(self) -> None:
        self.raw.execute("ROLLBACK")

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self.raw.execute("PRAGMA optimize")
        self.raw.close()
