"""A PostgreSQL server for the tests: fresh databases (and roles) made and dropped per test.

The server is named by ``FPMCODER_TEST_POSTGRES`` (a superuser URL; ``.ci/postgres.sh``
starts a throw-away one and sets it). Where it is not set, the server tests skip with that
reason; where it is set (CI), a server that cannot be reached fails them. In CI
(``CI=true``) the variable must be set.
"""

from __future__ import annotations

import itertools
import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ENV = "FPMCODER_TEST_POSTGRES"
_counter = itertools.count()


def admin_url() -> str:
    url = os.environ.get(ENV)
    if not url:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI must run the server tests: {ENV} is not set (.ci/postgres.sh sets it)")
        pytest.skip(
            f"no PostgreSQL server for the tests: set {ENV} to a superuser URL "
            "(source .ci/postgres.sh starts a throw-away one)"
        )
    return url


def _url(parts: dict[str, object]) -> str:
    from urllib.parse import quote

    auth = quote(str(parts["user"]), safe="")
    if parts.get("password"):
        auth += ":" + quote(str(parts["password"]), safe="")
    return f"postgresql://{auth}@{parts['host']}:{parts['port']}/{parts['dbname']}"


def with_db(url: str, db: str) -> str:
    """The same server and login, another database."""
    from psycopg.conninfo import conninfo_to_dict

    parts = conninfo_to_dict(url)
    parts["dbname"] = db
    return _url(parts)


def as_user(url: str, user: str, password: str | None) -> str:
    """The same server and database, another login."""
    from psycopg.conninfo import conninfo_to_dict

    parts = conninfo_to_dict(url)
    parts["user"], parts["password"] = user, password
    return _url(parts)


def admin(sql: str, params: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    import psycopg

    with psycopg.connect(admin_url(), autocommit=True) as conn:
        cur = conn.execute(sql, params)  # type: ignore[arg-type]
        return cur.fetchall() if cur.description else []


@contextmanager
def fresh_database(logins: list[str] | None = None) -> Iterator[str]:
    """A new empty database (superuser URL to it); dropped afterwards with its roles.

    ``logins``: login role names the test will create, dropped afterwards too.
    """
    from fpmcoder.store._pg_schema import group_roles

    base = admin_url()
    db = f"fpmct_{os.getpid()}_{next(_counter)}"
    admin(f'CREATE DATABASE "{db}"')
    try:
        yield with_db(base, db)
    finally:
        admin(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = %s AND pid <> pg_backend_pid()",
            (db,),
        )
        admin(f'DROP DATABASE IF EXISTS "{db}"')
        for role in [*group_roles(db).values(), *(logins or [])]:
            admin(f'DROP ROLE IF EXISTS "{role}"')


def pg_ctl(*args: str) -> None:
    """Run pg_ctl on the test cluster (as the postgres user when we are root)."""
    data, bindir = os.environ.get("FPMCODER_TEST_PGDATA"), os.environ.get("FPMCODER_TEST_PGBIN")
    if not data or not bindir:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("CI must set FPMCODER_TEST_PGDATA and FPMCODER_TEST_PGBIN")
        pytest.skip("stopping the server needs FPMCODER_TEST_PGDATA and FPMCODER_TEST_PGBIN")
    cmd = [str(Path(bindir) / "pg_ctl"), "-D", data, *args]
    if os.geteuid() == 0:
        import shutil

        runuser = shutil.which("runuser") or "/usr/sbin/runuser"
        cmd = [runuser, "-u", "postgres", "--", *cmd]
    subprocess.run(cmd, check=True, capture_output=True, timeout=120)


def reopen(project):  # type: ignore[no-untyped-def]
    """The same project opened again (a file by its path, a server by its URL)."""
    from fpmcoder.store import Project

    return Project.open(project._db.url if project.is_server else project.path)


def stop(proc) -> None:  # type: ignore[no-untyped-def]
    """A child process of a test: killed if still running, its pipes closed."""
    if proc.poll() is None:
        proc.kill()
        proc.wait()
    for stream in (proc.stdout, proc.stderr):
        if stream is not None:
            stream.close()
