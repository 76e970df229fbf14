"""Setting up and running a project on a PostgreSQL server (what ``fpmcoder server`` does).

- :func:`init_server`: the schema, the project's three group roles, grants and row-level
  security, in one transaction; the caller becomes the project's lead.
- :func:`add_coder`: a login role for a person (its password hashed here, with SCRAM, so
  that not even the server's statement log sees it) made a lead, coder or viewer.
- :func:`set_blind`, :func:`server_status`.

psycopg is imported by the callers of this module only when a server is named.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from fpmcoder.core.codebook import Codebook
from fpmcoder.errors import PermissionDeniedError, ProjectError
from fpmcoder.store._copy import copy_content
from fpmcoder.store._pg_schema import (
    PG_SCHEMA_VERSION,
    group_roles,
    schema_sql,
    security_sql,
)

if TYPE_CHECKING:
    from fpmcoder.store.project import Project

__all__ = [
    "CoderProgress",
    "ServerStatus",
    "add_coder",
    "init_server",
    "login_exists",
    "server_status",
    "set_blind",
]

_ROLE_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.\-]{0,62}$")


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def init_server(
    url: str, codebook: Codebook | None = None, *, source: str | Path | None = None
) -> str:
    """Make the database at ``url`` a project; return the caller's login name.

    ``source``: a project (file or server) whose whole content is copied in, in the same
    transaction (``--from PROJECT.fpmc``); otherwise the project starts empty with
    ``codebook`` (the default codebook when None).

    The caller needs the right to create roles (CREATEROLE, or a superuser) and schemas in
    the database (its owner, usually). Refused, with nothing changed, if the database
    already holds a project.
    """
    import psycopg

    from fpmcoder.store._postgres import PgCon, connect, database_name, display_url, translate

    where = display_url(url)
    conn = connect(url, search_path=False)
    try:
        if conn.execute("SELECT to_regnamespace('fpmcoder')").fetchone()[0] is not None:  # type: ignore[index]
            raise ProjectError(
                f"{where}: already holds an fpmcoder project; open it, or use another database"
            )
        roles = group_roles(database_name(url))
        try:
            with conn.transaction():
                me = str(conn.execute("SELECT current_user").fetchone()[0])  # type: ignore[index]
                for role in roles.values():
                    exists = conn.execute(
                        "SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)
                    ).fetchone()
                    if not exists:
                        conn.execute(f"CREATE ROLE {_ident(role)} NOLOGIN")  # type: ignore[arg-type]
                conn.execute(f"GRANT {_ident(roles['lead'])} TO {_ident(me)}")  # type: ignore[arg-type]
                conn.execute(
                    f"CREATE SCHEMA fpmcoder AUTHORIZATION {_ident(roles['lead'])}"  # type: ignore[arg-type]
                )
                conn.execute(f"SET LOCAL ROLE {_ident(roles['lead'])}")  # type: ignore[arg-type]
                conn.execute("SET LOCAL search_path = fpmcoder")
                conn.execute(schema_sql())  # type: ignore[arg-type]
                conn.execute(security_sql(roles))  # type: ignore[arg-type]
                dst = PgCon(lambda: conn, lambda e: translate(e, where))
                from fpmcoder.store.project import Project, initialise

                initialise(dst, codebook)
                meta = {
                    "application": "fpmcoder",
                    "schema_version": str(PG_SCHEMA_VERSION),
                    "role_lead": roles["lead"],
                    "role_coder": roles["coder"],
                    "role_viewer": roles["viewer"],
                    "blind": "off",
                }
                dst.executemany("INSERT INTO meta VALUES (?, ?)", list(meta.items()))
                dst.execute("INSERT INTO coders (name) VALUES (?)", (me,))
                if source is not None:
                    with Project.open(source) as src:
                        copy_content(src._con, dst, keep_coder=me)
                conn.execute("RESET ROLE")
                _close_database_to_strangers(conn, roles)
        except psycopg.Error as exc:
            raise translate(exc, where) from None
        return me
    finally:
        conn.close()


def _close_database_to_strangers(conn: object, roles: dict[str, str]) -> None:
    """Only the project's roles may connect (where the caller owns the database)."""
    import psycopg

    assert isinstance(conn, psycopg.Connection)
    owner = conn.execute(
        "SELECT pg_has_role(current_user, datdba, 'MEMBER') FROM pg_database"
        " WHERE datname = current_database()"
    ).fetchone()
    if not owner or not owner[0]:
        return
    db = _ident(str(conn.execute("SELECT current_database()").fetchone()[0]))  # type: ignore[index]
    everyone = ", ".join(_ident(r) for r in roles.values())
    conn.execute(f"REVOKE CONNECT ON DATABASE {db} FROM PUBLIC")  # type: ignore[arg-type]
    conn.execute(f"GRANT CONNECT ON DATABASE {db} TO {everyone}")  # type: ignore[arg-type]


def add_coder(url: str, name: str, role: str, password: str | None) -> bool:
    """Give ``name`` a part (``lead``, ``coder``, ``viewer``) in the project; a lead does this.

    A new login role is made when ``name`` has none on the server yet (``password`` is then
    required); an existing one (a person in several projects) is granted the part, its
    password unchanged. Returns True when a login was created.
    """
    import psycopg

    from fpmcoder.store._postgres import PostgresBackend, translate

    if role not in ("lead", "coder", "viewer"):
        raise ProjectError(f"a part in a project is lead, coder or viewer, not {role!r}")
    if not _ROLE_NAME.match(name):
        raise ProjectError(
            f"{name!r} cannot be a login name: use letters, digits, '_', '.' or '-', "
            "starting with a letter, at most 63 characters"
        )
    backend = PostgresBackend.open(url)
    try:
        if not backend.identity().may_edit_project:
            raise PermissionDeniedError(f"{backend.location}: only a lead adds coders")
        conn = backend.live()
        roles = dict(
            conn.execute(
                "SELECT key, value FROM meta"
                " WHERE key IN ('role_lead', 'role_coder', 'role_viewer')"
            ).fetchall()
        )
        created = False
        try:
            with conn.transaction():
                exists = conn.execute(
                    "SELECT 1 FROM pg_roles WHERE rolname = %s", (name,)
                ).fetchone()
                if not exists:
                    if not password:
                        raise ProjectError(f"{name} is a new login: give a password (on stdin)")
                    verifier = conn.pgconn.encrypt_password(
                        password.encode(), name.encode(), b"scram-sha-256"
                    ).decode()
                    conn.execute(
                        f"CREATE ROLE {_ident(name)} LOGIN PASSWORD "  # type: ignore[arg-type]
                        + _literal(verifier)
                    )
                    created = True
                for part in ("lead", "coder", "viewer"):
                    group = roles[f"role_{part}"]
                    member = conn.execute(
                        "SELECT 1 FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid"
                        " JOIN pg_roles u ON u.oid = m.member WHERE g.rolname = %s"
                        " AND u.rolname = %s",
                        (group, name),
                    ).fetchone()
                    if part == role and not member:
                        conn.execute(f"GRANT {_ident(group)} TO {_ident(name)}")  # type: ignore[arg-type]
                    elif part != role and member:
                        conn.execute(f"REVOKE {_ident(group)} FROM {_ident(name)}")  # type: ignore[arg-type]
                conn.execute(
                    "INSERT INTO coders (name) VALUES (%s) ON CONFLICT (name) DO NOTHING", (name,)
                )
        except psycopg.Error as exc:
            raise translate(exc, backend.location) from None
        return created
    finally:
        backend.close()


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def set_blind(url: str, on: bool) -> None:
    """Blind coding: coders read only their own codings (enforced by the server)."""
    from fpmcoder.store.project import Project

    with Project.open(url) as project:
        if not project.identity().may_edit_project:
            raise PermissionDeniedError(f"{project.location}: only a lead switches blind coding")
        project.set_meta("blind", "on" if on else "off")


@dataclass(frozen=True, slots=True)
class CoderProgress:
    name: str
    part: str  # lead, coder, viewer, or "-" for a layer with no login (imported codings)
    coded: dict[str, int]  # transcript title -> segments coded


@dataclass(frozen=True, slots=True)
class ServerStatus:
    location: str
    you: str
    your_part: str
    blind: bool
    transcripts: list[tuple[str, int]]  # title, segments
    coders: list[CoderProgress]


def server_status(project: Project) -> ServerStatus:
    """Who is in the project and how far each coder has got (an open server project)."""
    if not project.is_server:
        raise ProjectError(f"{project.location} is a project file, not on a server")
    ident = project.identity()
    con = project._con
    titles = {t.id: (t.title, t.n_segments) for t in project.transcripts()}
    parts: dict[str, str] = {}
    meta = project.meta()
    for part in ("lead", "coder", "viewer"):
        group = meta.get(f"role_{part}")
        for (member,) in con.execute(
            "SELECT u.rolname FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid"
            " JOIN pg_roles u ON u.oid = m.member WHERE g.rolname = ?",
            (group,),
        ).fetchall():
            parts.setdefault(str(member), part)
    coded: dict[str, dict[str, int]] = {c: {} for c in project.coders()}
    for tid, coder, n in con.execute("SELECT * FROM progress()").fetchall():
        if tid in titles:
            coded.setdefault(str(coder), {})[titles[tid][0]] = int(n)
    return ServerStatus(
        project.location,
        ident.name or "",
        ident.role,
        ident.blind,
        list(titles.values()),
        [CoderProgress(c, parts.get(c, "-"), coded[c]) for c in coded],
    )


def login_exists(url: str, name: str) -> bool:
    """Whether ``name`` already has a login role on the server."""
    from fpmcoder.store._postgres import connect

    conn = connect(url, search_path=False)
    try:
        return (
            conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (name,)).fetchone()
            is not None
        )
    finally:
        conn.close()
