"""What differs between the two places a project can live: a file (SQLite) or a server.

Everything above this module speaks portable SQL through :class:`Con`: ``?`` placeholders,
``RETURNING id`` instead of ``lastrowid``, ``ON CONFLICT ... DO UPDATE``, ``lower()``
instead of collations. A backend supplies the connection, transactions, new ids, the one
lock that serialises re-segmentation with coding, and (on a server) notifications of what
other people changed.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Literal, Protocol

__all__ = ["Backend", "Change", "Con", "Cursor", "Identity"]


class Cursor(Protocol):
    def fetchone(self) -> Any: ...
    def fetchall(self) -> list[Any]: ...
    def __iter__(self) -> Iterator[Any]: ...


class Con(Protocol):
    """A connection that runs portable SQL (``?`` placeholders)."""

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Cursor: ...

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None: ...

    def new_ids(self, table: str, n: int) -> list[int]:
        """``n`` unused ids for ``table`` (inside the current write transaction)."""
        ...

    def restart_ids(self, tables: Sequence[str]) -> None:
        """After rows were inserted with explicit ids: new ids start past the largest."""
        ...


@dataclass(frozen=True, slots=True)
class Change:
    """Something another program changed in the project (from a server notification).

    ``kind``: ``"codings"`` (``transcript``, ``segment``), ``"segments"`` (``transcript``),
    ``"transcripts"``, ``"codebook"``, ``"settings"`` (blind mode and the like), or
    ``"resync"`` (notifications may have been missed: reload everything).
    """

    kind: str
    transcript: int | None = None
    segment: int | None = None


Role = Literal["file", "owner", "lead", "coder", "viewer"]


@dataclass(frozen=True, slots=True)
class Identity:
    """Who this connection is in the project. A file project: ``role == "file"``."""

    name: str | None
    role: Role
    blind: bool = False

    @property
    def may_edit_project(self) -> bool:
        """Codebook, transcripts and segmentation."""
        return self.role in ("file", "owner", "lead")


class Backend:
    """Base of both backends: a connection plus nested-transaction bookkeeping."""

    kind: Literal["file", "server"]
    location: str  # what messages call the project: a path, or a URL without password
    name: str  # a short name (file stem, database name)
    con: Con

    def __init__(self) -> None:
        self._depth = 0
        self.on_reconnect: Callable[[bool], None] | None = None
        """Told when the connection is lost (False) or back (True); a file never is."""

    # -- transactions (subclasses say how to begin, commit and roll back) ------------------

    def _begin(self) -> None:
        raise NotImplementedError

    def _commit(self) -> None:
        raise NotImplementedError

    def _rollback(self) -> None:
        raise NotImplementedError

    @contextlib.contextmanager
    def transaction(self) -> Iterator[bool]:
        """One write transaction; nested uses join the outer one. Yields True if outermost."""
        outer = self._depth == 0
        if outer:
            self._begin()
        self._depth += 1
        try:
            yield outer
        except BaseException:
            self._depth -= 1
            if outer:
                self._rollback()
            raise
        else:
            self._depth -= 1
            if outer:
                self._commit()

    @property
    def in_transaction(self) -> bool:
        return self._depth > 0

    # -- what only a server does (a file has one writer at a time, and no roles) ----------

    def reachable(self) -> bool:
        """Whether the project can be reached now (connecting again if it was lost)."""
        return True

    def changed_elsewhere(self) -> bool:
        """Whether another program committed to the project since the last call (a file;
        a server announces its changes instead)."""
        return False

    def lock_segmentation(self) -> None:
        """Before a split or merge: wait for coding writes in flight, hold new ones off."""

    def identity(self) -> Identity:
        return Identity(None, "file")

    def changes_fileno(self) -> int | None:
        """A socket that becomes readable when other programs changed the project."""
        return None

    def take_changes(self) -> list[Change]:
        """What other programs changed since the last call (never blocks)."""
        return []

    def close(self) -> None:
        raise NotImplementedError
