"""The server backend: a project in a PostgreSQL database, through psycopg 3.

Imported only when a server project is opened, so the file-based window starts as fast as
before. Two connections: one for reads and writes (autocommit, explicit transactions, like
the file backend) and one that only LISTENs for what other people change. A dropped
connection is reported as :class:`ServerUnavailableError` (whatever was being written was
rolled back by the server, so nothing is shown as saved that is not); the next call
connects again and announces a ``resync`` so that every view reloads.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import psycopg
from psycopg import errors as pgerrors
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from fpmcoder.errors import (
    EditError,
    NewerProjectError,
    NotAProjectError,
    PermissionDeniedError,
    ProjectError,
    ServerError,
    ServerUnavailableError,
)
from fpmcoder.store._backend import Backend, Change, Cursor, Identity
from fpmcoder.store._pg_schema import CHANNEL, PG_MIGRATIONS, PG_SCHEMA_VERSION, SCHEMA_NAME

__all__ = ["PgCon", "PostgresBackend", "connect", "display_url", "translate"]

CONNECT_TIMEOUT = 5  # seconds to wait for a server that does not answer
LOCK_TIMEOUT_MS = 15_000  # a write that waits longer than this for a lock is refused


def display_url(url: str) -> str:
    """The URL as messages show it: ``postgresql://user@host:port/db``, never a password."""
    try:
        parts = conninfo_to_dict(url)
    except psycopg.ProgrammingError:
        return "postgresql://(unreadable address)"
    user = parts.get("user")
    host = parts.get("host") or "localhost"
    port = parts.get("port")
    db = parts.get("dbname") or user or ""
    return f"postgresql://{f'{user}@' if user else ''}{host}{f':{port}' if port else ''}/{db}"


def database_name(url: str) -> str:
    parts = conninfo_to_dict(url)
    return str(parts.get("dbname") or parts.get("user") or "postgres")


def connect(url: str, *, search_path: bool = True) -> psycopg.Connection[Any]:
    """A connection in autocommit mode; libpq reads sslmode, PG* variables and ~/.pgpass."""
    options = f"-c lock_timeout={LOCK_TIMEOUT_MS}"
    if search_path:
        options += f" -c search_path={SCHEMA_NAME}"
    try:
        conninfo = make_conninfo(url, connect_timeout=CONNECT_TIMEOUT, options=options)
        return psycopg.connect(conninfo, autocommit=True)
    except psycopg.ProgrammingError as exc:
        raise ServerError(f"{display_url(url)}: not a usable server address ({exc})") from None
    except psycopg.OperationalError as exc:
        raise _connect_error(url, exc) from None


def _connect_error(url: str, exc: psycopg.OperationalError) -> ProjectError:
    text = " ".join(str(exc).split())
    where = display_url(url)
    if "password authentication failed" in text or "no password supplied" in text:
        return PermissionDeniedError(
            f"{where}: the server did not accept the login ({text}). Give the password "
            "with PGPASSWORD or in ~/.pgpass (fpmcoder never stores it)"
        )
    if "does not exist" in text:
        return NotAProjectError(f"{where}: {text}")
    if "permission denied" in text:
        return PermissionDeniedError(f"{where}: {text}; ask the project's lead to add you")
    return ServerUnavailableError(f"{where}: cannot reach the server ({text})")


def translate(exc: psycopg.Error, where: str) -> Exception:
    """A psycopg error as one of fpmcoder's, in words a researcher can act on."""
    diag = getattr(exc, "diag", None)
    detail = (diag.message_primary if diag is not None else None) or " ".join(str(exc).split())
    if isinstance(exc, pgerrors.InsufficientPrivilege):
        return PermissionDeniedError(
            f"{where}: the server refused this change ({detail}). Your role in this project "
            "does not allow it: coders change only their own codings, viewers only read; "
            "the codebook, transcripts and segments are the lead's"
        )
    if isinstance(exc, pgerrors.ForeignKeyViolation):
        return EditError(
            f"{where}: that segment no longer exists (the lead split or merged it a moment "
            "ago); the list has been refreshed, code it again"
        )
    if isinstance(exc, pgerrors.LockNotAvailable | pgerrors.QueryCanceled):
        return ProjectError(
            f"{where}: the project is busy (the lead is changing the segmentation or "
            "importing); nothing was saved, try again in a moment"
        )
    if isinstance(exc, pgerrors.CheckViolation):
        return EditError(
            f"{where}: {detail}. The codebook may have been changed by the lead a moment "
            "ago; the window reloads it"
        )
    if isinstance(exc, pgerrors.UniqueViolation):
        return EditError(f"{where}: somebody else made the same thing a moment ago ({detail})")
    if isinstance(exc, psycopg.OperationalError | psycopg.InterfaceError):
        return ServerUnavailableError(
            f"{where}: the connection to the server was lost ({detail}); that change was "
            "NOT saved. fpmcoder connects again on your next action"
        )
    return ServerError(f"{where}: the server refused ({detail})")


class PgCon:
    """Portable SQL (``?`` placeholders) over a psycopg connection, errors translated.

    ``live`` gives the connection to use (connecting again if it was lost); ``failed``
    turns a psycopg error into fpmcoder's.
    """

    def __init__(
        self,
        live: Callable[[], psycopg.Connection[Any]],
        failed: Callable[[psycopg.Error], Exception],
    ) -> None:
        self._live = live
        self._failed = failed
        self._sql: dict[str, str] = {}

    def _q(self, sql: str) -> str:
        out = self._sql.get(sql)
        if out is None:
            out = self._sql[sql] = sql.replace("%", "%%").replace("?", "%s")
        return out

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Cursor:
        conn = self._live()
        try:
            return conn.execute(self._q(sql), params)  # type: ignore[arg-type]
        except psycopg.Error as exc:
            raise self._failed(exc) from None

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        conn = self._live()
        try:
            with conn.cursor() as cur:
                cur.executemany(self._q(sql), rows)  # type: ignore[arg-type]
        except psycopg.Error as exc:
            raise self._failed(exc) from None

    def new_ids(self, table: str, n: int) -> list[int]:
        if n == 0:
            return []
        rows = self.execute(
            f"SELECT nextval('{table}_id_seq') FROM generate_series(1, ?)", (n,)
        ).fetchall()
        return [int(r[0]) for r in rows]

    def restart_ids(self, tables: Sequence[str]) -> None:
        for table in tables:
            self.execute(
                f"SELECT setval(pg_get_serial_sequence('{SCHEMA_NAME}.{table}', 'id'),"
                f" coalesce(max(id), 0) + 1, false) FROM {table}"
            )


class PostgresBackend(Backend):
    kind = "server"

    def __init__(self, url: str, conn: psycopg.Connection[Any]) -> None:
        super().__init__()
        self.url = url
        self.location = display_url(url)
        self.name = database_name(url)
        self.con = PgCon(self.live, self.failed)
        self._conn: psycopg.Connection[Any] | None = conn
        self._listen: psycopg.Connection[Any] | None = None
        self._pending: list[Change] = []
        self._identity: Identity | None = None
        # the second connection that LISTENs is made when someone watches for changes
        # (the window, 'server status --follow'), not by every command
        self._watched = False

    # -- opening --------------------------------------------------------------------------

    @classmethod
    def open(cls, url: str) -> PostgresBackend:
        conn = connect(url)
        backend = cls(url, conn)
        try:
            backend._check_schema()
            backend.identity()
        except BaseException:
            backend.close()
            raise
        return backend

    def _check_schema(self) -> None:
        row = self.con.execute("SELECT to_regclass('fpmcoder.meta')").fetchone()
        if row is None or row[0] is None:
            raise NotAProjectError(
                f"{self.location}: this database holds no fpmcoder project (or you may not "
                "see it); a lead creates one with 'fpmcoder server init URL'"
            )
        found = self.con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        version = int(found[0]) if found else 0
        if version > PG_SCHEMA_VERSION:
            raise NewerProjectError(
                f"{self.location}: written by a newer fpmcoder (project format {version}, this "
                f"version reads up to {PG_SCHEMA_VERSION}); update fpmcoder to open it. "
                "Nothing was changed"
            )
        if version < PG_SCHEMA_VERSION:
            if not self.identity().may_edit_project:
                raise ProjectError(
                    f"{self.location}: the project is in an older format ({version}); "
                    "the lead opens it once with this version of fpmcoder to update it"
                )
            self._migrate(version)

    def _migrate(self, version: int) -> None:
        with self.transaction():
            while version < PG_SCHEMA_VERSION:
                step = PG_MIGRATIONS.get(version)
                if step is None:
                    raise ProjectError(
                        f"{self.location}: no migration from project format {version}"
                    )
                step(self.con)
                version += 1
            self.con.execute(
                "UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(version),)
            )

    def identity(self) -> Identity:
        if self._identity is None:
            roles = dict(
                self.con.execute(
                    "SELECT key, value FROM meta WHERE key IN ('role_lead', 'role_coder',"
                    " 'role_viewer')"
                ).fetchall()
            )
            user, is_super, blind = self.con.execute(
                "SELECT current_user, (SELECT rolsuper FROM pg_roles WHERE rolname ="
                " current_user), is_blind()"
            ).fetchone()
            role: Any = None
            if is_super:
                role = "owner"
            else:
                for part in ("lead", "coder", "viewer"):
                    name = roles.get(f"role_{part}")
                    if (
                        name
                        and self.con.execute(
                            "SELECT pg_has_role(current_user, ?, 'MEMBER')", (name,)
                        ).fetchone()[0]
                    ):
                        role = part
                        break
            if role is None:
                raise PermissionDeniedError(
                    f"{self.location}: {user} has no part in this project; the lead adds you "
                    f"with 'fpmcoder server add-coder URL {user}'"
                )
            self._identity = Identity(str(user), role, bool(blind))
        return self._identity

    # -- the connection, lost and found again ---------------------------------------------

    def live(self) -> psycopg.Connection[Any]:
        """The working connection, connecting again if it was lost (outside a transaction)."""
        conn = self._conn
        if conn is not None and not conn.closed and not conn.broken:
            return conn
        if self.in_transaction and conn is not None:
            raise ServerUnavailableError(
                f"{self.location}: the connection to the server was lost; that change was "
                "NOT saved. fpmcoder connects again on your next action"
            )
        self._drop()
        self._conn = connect(self.url)
        self._identity = None
        if self._watched:
            with contextlib.suppress(ServerError):
                self._start_listening()
        self._pending.append(Change("resync"))
        if self.on_reconnect is not None:
            self.on_reconnect(True)
        return self._conn

    def failed(self, exc: psycopg.Error) -> Exception:
        """Translate an error; note a lost connection (once) for the window."""
        conn = self._conn
        lost = conn is None or conn.closed or conn.broken
        out = translate(exc, self.location)
        if lost and isinstance(out, ServerUnavailableError) and self.on_reconnect is not None:
            self.on_reconnect(False)
        return out

    def reachable(self) -> bool:
        """Try the connection (and connect again if it was lost); never raises."""
        try:
            self.con.execute("SELECT 1").fetchone()
        except ServerError:
            return False
        return True

    def _drop(self) -> None:
        for conn in (self._conn, self._listen):
            if conn is not None:
                with contextlib.suppress(Exception):
                    conn.close()
        self._conn = self._listen = None

    # -- transactions ---------------------------------------------------------------------

    def _begin(self) -> None:
        self.con.execute("BEGIN")

    def _commit(self) -> None:
        self.con.execute("COMMIT")

    def _rollback(self) -> None:
        conn = self._conn
        if conn is None or conn.closed or conn.broken:
            return  # the server rolls back a transaction whose connection is gone
        with contextlib.suppress(psycopg.Error):
            conn.execute("ROLLBACK")

    def lock_segmentation(self) -> None:
        # Coding writes take ROW EXCLUSIVE on codings; SHARE waits for those in flight and
        # holds new ones off until this split or merge commits, so that the codings it
        # copies or joins are all there, and a write to a segment it removed fails cleanly.
        self.con.execute("LOCK TABLE codings IN SHARE MODE")

    # -- what other people change ---------------------------------------------------------

    def _start_listening(self) -> None:
        self._listen = connect(self.url)
        self._listen.execute(f"LISTEN {CHANNEL}")

    def changes_fileno(self) -> int | None:
        if not self._watched:  # the first watcher: start listening now
            self._watched = True
            with contextlib.suppress(ServerError):
                self._start_listening()
        listen = self._listen
        if listen is None or listen.closed:
            return None
        return int(listen.pgconn.socket)

    def take_changes(self) -> list[Change]:
        out, self._pending = self._pending, []
        listen = self._listen
        if listen is None or listen.closed:
            return out
        own = self._conn.info.backend_pid if self._conn is not None and not self._conn.closed else 0
        pgconn = listen.pgconn
        try:
            pgconn.consume_input()
        except psycopg.OperationalError:
            with contextlib.suppress(Exception):
                listen.close()
            self._listen = None
            if self.on_reconnect is not None:
                self.on_reconnect(False)
            return out
        while (n := pgconn.notifies()) is not None:
            if n.be_pid == own:
                continue
            change = _parse(n.extra.decode())
            if change is not None:
                out.append(change)
        if any(c.kind == "settings" for c in out):
            self._identity = None  # blind mode or roles may have changed
        return out

    def close(self) -> None:
        self._drop()


def _parse(payload: str) -> Change | None:
    parts = payload.split()
    if not parts:
        return None
    kind = {"c": "codings", "s": "segments", "t": "transcripts", "b": "codebook", "m": "settings"}
    if parts[0] not in kind:
        return None
    if parts[0] == "c" and len(parts) == 3:
        return Change("codings", int(parts[1]), int(parts[2]))
    if parts[0] == "s" and len(parts) == 2:
        return Change("segments", int(parts[1]))
    return Change(kind[parts[0]])
