"""A team's project on a PostgreSQL server: rights enforced by the server, live changes,
concurrency, faults, schema versions and copies. Skips without a server (see pgtest.py)."""

from __future__ import annotations

import os
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from fpmcoder.core import Transcript, Turn
from fpmcoder.errors import (
    EditError,
    NewerProjectError,
    NotFoundError,
    PermissionDeniedError,
    ProjectError,
    ServerUnavailableError,
)
from fpmcoder.store import Project
from fpmcoder.store._copy import dump
from fpmcoder.store.project import copy_project
from fpmcoder.store.server import add_coder, init_server, set_blind
from pgtest import admin, admin_url, as_user, fresh_database, pg_ctl, stop

LOGINS = ["fpmct_alex", "fpmct_sam", "fpmct_vera"]
PASSWORD = "correct horse battery"


def transcript(title: str = "visit", n: int = 8) -> Transcript:
    turns = tuple(
        Turn("Nurse" if i % 2 == 0 else "Mother", f"turn {i} of {title}", 5.0 * i, 5.0 * i + 4)
        for i in range(n)
    )
    return Transcript(title, turns, setting="home visit", case="Family A")


@pytest.fixture
def team():
    """A server project with a transcript, a lead (the superuser URL) and three people."""
    admin_url()
    for name in LOGINS:
        admin(f'DROP ROLE IF EXISTS "{name}"')
    with fresh_database(LOGINS) as url:
        init_server(url)
        add_coder(url, "fpmct_alex", "coder", PASSWORD)
        add_coder(url, "fpmct_sam", "coder", PASSWORD)
        add_coder(url, "fpmct_vera", "viewer", PASSWORD)
        with Project.open(url) as lead:
            lead.add_transcripts([transcript()])
            segs = lead.segments("visit")
            lead.assign_activity(segs[0].id, "fpmct_sam", "meaning")
            lead.assign_activity(segs[1].id, "fpmct_alex", "planning")
        yield url


def login(url: str, name: str) -> str:
    return as_user(url, name, PASSWORD)


def raw(url: str, sql: str, params: tuple[object, ...] = ()):
    """Run SQL by hand, as psql would: returns (rowcount, rows) or raises psycopg's error."""
    import psycopg

    with psycopg.connect(url, autocommit=True, options="-c search_path=fpmcoder") as conn:
        cur = conn.execute(sql, params)  # type: ignore[arg-type]
        return cur.rowcount, (cur.fetchall() if cur.description else [])


def lead_dump(url: str):
    with Project.open(url) as p:
        return dump(p._con), list(p.tidy_rows())


def test_a_coder_typing_sql_by_hand_is_refused_like_the_window(team: str) -> None:
    import psycopg

    before = lead_dump(team)
    alex = login(team, "fpmct_alex")
    sam_id = raw(team, "SELECT id FROM coders WHERE name = 'fpmct_sam'")[1][0][0]
    seg = raw(team, "SELECT min(id) FROM segments")[1][0][0]
    # another coder's codings: not changed, not deleted, not forged
    assert (
        raw(alex, "UPDATE codings SET activity = 'locating' WHERE coder_id = %s", (sam_id,))[0] == 0
    )
    assert raw(alex, "DELETE FROM codings WHERE coder_id = %s", (sam_id,))[0] == 0
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        raw(
            alex,
            "INSERT INTO codings (segment_id, coder_id, activity) VALUES (%s, %s, 'meaning')"
            " ON CONFLICT (segment_id, coder_id) DO UPDATE SET activity = 'meaning'",
            (seg + 2, sam_id),
        )
    # the lead's things
    for sql in (
        "UPDATE codebook SET json = '{}'",
        "UPDATE transcripts SET title = 'mine'",
        "DELETE FROM transcripts",
        "UPDATE segments SET end_char = end_char + 1",
        "DELETE FROM segments",
        "INSERT INTO coders (name) VALUES ('ghost')",
        "UPDATE meta SET value = 'off' WHERE key = 'blind'",
        "ALTER TABLE codings DISABLE ROW LEVEL SECURITY",
        "DROP POLICY coder_read ON codings",
    ):
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            raw(alex, sql)
    # a viewer changes nothing at all
    vera = login(team, "fpmct_vera")
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        raw(vera, "DELETE FROM codings")
    assert lead_dump(team) == before
    # the coder's own coding is theirs to change
    alex_id = raw(team, "SELECT id FROM coders WHERE name = 'fpmct_alex'")[1][0][0]
    assert raw(alex, "UPDATE codings SET memo = 'mine' WHERE coder_id = %s", (alex_id,))[0] == 1


def test_blind_mode_hides_other_coders_from_a_coder_but_not_from_the_lead(team: str) -> None:
    alex = login(team, "fpmct_alex")
    assert raw(alex, "SELECT count(*) FROM codings")[1][0][0] == 2
    set_blind(team, True)
    rows = raw(alex, "SELECT c.name FROM codings k JOIN coders c ON c.id = k.coder_id")[1]
    assert rows == [("fpmct_alex",)]
    with Project.open(alex) as p:
        assert p.identity().blind and p.identity().role == "coder"
        assert p.codings("visit", "fpmct_sam") == {}
        assert len(p.codings("visit", "fpmct_alex")) == 1
        with pytest.raises(PermissionDeniedError, match="blind"):
            copy_project(alex, Path(os.devnull).parent / "never.fpmc")
    vera = login(team, "fpmct_vera")
    assert raw(vera, "SELECT count(*) FROM codings")[1][0][0] == 2
    assert raw(team, "SELECT count(*) FROM codings")[1][0][0] == 2
    set_blind(team, False)
    assert raw(alex, "SELECT count(*) FROM codings")[1][0][0] == 2


def test_the_window_api_as_a_coder_and_a_viewer(team: str) -> None:
    with Project.open(login(team, "fpmct_alex")) as p:
        ident = p.identity()
        assert (ident.name, ident.role, ident.may_edit_project) == ("fpmct_alex", "coder", False)
        seg = p.segments("visit")[3]
        p.assign_activity(seg.id, "fpmct_alex", "locating")
        p.toggle_dilemma(seg.id, "fpmct_alex", "readiness")
        assert p.codings_of(seg.id)["fpmct_alex"].activity == "locating"
        with pytest.raises(PermissionDeniedError, match="only their own codings"):
            p.assign_activity(seg.id, "fpmct_sam", "meaning")
        with pytest.raises(PermissionDeniedError):
            p.split_segment(seg.id, seg.start + 2)
        with pytest.raises(PermissionDeniedError):
            p.add_transcripts([transcript("mine")])
        assert "fpmct_sam" not in p.codings_of(seg.id)
        assert len(p.segments("visit")) == 8
        assert [t.title for t in p.transcripts()] == ["visit"]
    with Project.open(login(team, "fpmct_vera")) as p:
        assert p.identity().role == "viewer"
        with pytest.raises(PermissionDeniedError):
            p.assign_activity(p.segments("visit")[0].id, "fpmct_vera", "meaning")


def test_a_stranger_and_a_wrong_password_are_refused(team: str) -> None:
    with pytest.raises(PermissionDeniedError, match="did not accept the login"):
        Project.open(as_user(team, "fpmct_alex", "wrong"))
    admin("CREATE ROLE fpmct_stranger LOGIN PASSWORD 'x'")
    try:
        with pytest.raises(PermissionDeniedError):
            Project.open(as_user(team, "fpmct_stranger", "x"))
    finally:
        admin("DROP ROLE fpmct_stranger")


def test_passwords_are_kept_only_as_scram_verifiers(team: str) -> None:
    stored = admin("SELECT rolpassword FROM pg_authid WHERE rolname = 'fpmct_alex'")[0][0]
    assert str(stored).startswith("SCRAM-SHA-256$") and PASSWORD not in str(stored)
    with Project.open(team) as p:
        assert PASSWORD not in repr(dump(p._con))
        assert PASSWORD not in p.location
    with Project.open(login(team, "fpmct_alex")) as p:
        assert PASSWORD not in p.location and "fpmct_alex@" in p.location


def test_other_peoples_codings_arrive_as_events_within_a_second(team: str) -> None:
    def connections(user: str) -> int:
        sql = "SELECT count(*) FROM pg_stat_activity WHERE usename = %s AND datname = %s"
        return int(raw(team, sql, (user, team.rsplit("/", 1)[1]))[1][0][0])

    with Project.open(team) as lead, Project.open(login(team, "fpmct_alex")) as alex:
        # a command that does not watch for changes keeps one connection to the server
        assert connections("fpmct_alex") == 1
        seen: list[tuple[int, list[int]]] = []
        lead.events.codings_changed.connect(lambda tid, ids: seen.append((tid, ids)))
        fd = lead.changes_fileno()  # watching from now on (a second connection, LISTEN)
        assert fd is not None
        seg = alex.segments("visit")[5]
        start = time.monotonic()
        alex.assign_activity(seg.id, "fpmct_alex", "meaning")
        ready, _, _ = select.select([fd], [], [], 1.0)
        assert ready, "no notification within a second"
        lead.sync()
        assert time.monotonic() - start < 1.0
        assert seen == [(lead.transcript_id("visit"), [seg.id])]
        assert lead.codings_of(seg.id)["fpmct_alex"].activity == "meaning"
        # one's own writes are not announced back to oneself
        lead.assign_activity(seg.id, "fpmct_sam", "planning")
        assert not select.select([fd], [], [], 0.2)[0] or lead.sync() == []


def test_a_merge_while_another_coder_codes_keeps_codings_on_their_text(team: str) -> None:
    with Project.open(team) as lead, Project.open(login(team, "fpmct_alex")) as alex:
        first, second = alex.segments("visit")[4:6]
        alex.assign_activity(first.id, "fpmct_alex", "meaning")
        lead.merge_segments(first.id)
        with pytest.raises((EditError, NotFoundError)):
            alex.assign_activity(second.id, "fpmct_alex", "planning")
        merged = alex.segments("visit")[4]
        assert (merged.id, merged.end) == (first.id, second.end)
        assert alex.codings_of(first.id)["fpmct_alex"].activity == "meaning"
        lead.split_segment(first.id, second.start)
        halves = alex.segments("visit")[4:6]
        assert [alex.codings_of(s.id)["fpmct_alex"].activity for s in halves] == ["meaning"] * 2


_CODER = """
import sys, time
from fpmcoder.errors import ServerUnavailableError
from fpmcoder.store import Project
url, coder, activity = sys.argv[1:4]
p = Project.open(url)
for seg in p.segments("visit"):
    since = time.monotonic()
    while True:
        try:
            p.assign_activity(seg.id, coder, activity)
            break
        except ServerUnavailableError:
            if time.monotonic() - since > 60:
                raise  # the server did not come back: give up rather than hang the tests
            time.sleep(0.2)
    print(seg.id, flush=True)
"""


def test_two_coders_coding_the_same_transcript_at_once_lose_nothing(team: str) -> None:
    with Project.open(team) as lead:
        lead.add_transcripts([transcript("long", n=300)])
        ids = [s.id for s in lead.segments("long")]
    script = _CODER.replace('"visit"', '"long"')
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", script, login(team, name), name, act],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name, act in (("fpmct_alex", "meaning"), ("fpmct_sam", "planning"))
    ]
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        assert len(out.split()) == len(ids)
    with Project.open(team) as lead:
        assert set(lead.codings("long", "fpmct_alex")) == set(ids)
        assert set(lead.codings("long", "fpmct_sam")) == set(ids)
        assert {c.activity for c in lead.codings("long", "fpmct_sam").values()} == {"planning"}


def test_the_server_stopped_mid_coding_loses_nothing_reported(team: str) -> None:
    with Project.open(team) as lead:
        lead.add_transcripts([transcript("loop", n=400)])
    script = _CODER.replace('"visit"', '"loop"')
    proc = subprocess.Popen(
        [sys.executable, "-c", script, login(team, "fpmct_alex"), "fpmct_alex", "meaning"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    reported: list[int] = []
    restarted = False
    try:
        for line in proc.stdout:
            reported.append(int(line))
            if len(reported) == 60 and not restarted:
                pg_ctl("-m", "immediate", "-w", "stop")
                time.sleep(1.0)
                pg_ctl(
                    "-w",
                    "-l",
                    str(Path(os.environ["FPMCODER_TEST_PGDATA"]).parent / "log"),
                    "start",
                )
                restarted = True
        proc.wait(timeout=120)
        err = proc.stderr.read() if proc.stderr else ""
    finally:
        stop(proc)
    assert restarted and proc.returncode == 0, err
    with Project.open(team) as lead:
        stored = set(lead.codings("loop", "fpmct_alex"))
    assert set(reported) <= stored
    assert len(stored) == 400


def test_a_lost_connection_is_reported_and_the_next_call_reconnects(team: str) -> None:
    with Project.open(team) as lead:
        online: list[bool] = []
        lead.events.connection_changed.connect(online.append)
        seg = lead.segments("visit")[2]
        db = lead.name
        admin(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = %s AND pid <> pg_backend_pid()",
            (db,),
        )
        with pytest.raises(ServerUnavailableError, match="NOT saved"):
            lead.assign_activity(seg.id, "fpmct_sam", "locating")
        assert raw(team, "SELECT count(*) FROM codings WHERE segment_id = %s", (seg.id,))[1] == [
            (0,)
        ]
        lead.assign_activity(seg.id, "fpmct_sam", "locating")
        assert online == [False, True]
        assert lead.codings_of(seg.id)["fpmct_sam"].activity == "locating"
        assert any(c.kind == "resync" for c in lead.sync())


def test_a_newer_schema_is_refused_untouched_and_an_older_one_migrated(
    team: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fpmcoder.store._pg_schema import PG_SCHEMA_VERSION as current

    before = lead_dump(team)
    raw(team, "UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    with pytest.raises(NewerProjectError, match="newer fpmcoder"):
        Project.open(team)
    raw(team, f"UPDATE meta SET value = '{current}' WHERE key = 'schema_version'")
    assert lead_dump(team) == before

    def broken(con) -> None:
        con.execute("ALTER TABLE transcripts ADD COLUMN language text")
        raise RuntimeError("migration failed half-way")

    monkeypatch.setattr("fpmcoder.store._postgres.PG_SCHEMA_VERSION", current + 1)
    monkeypatch.setattr("fpmcoder.store._postgres.PG_MIGRATIONS", {current: broken})
    with pytest.raises(RuntimeError):
        Project.open(team)
    cols = raw(
        team, "SELECT column_name FROM information_schema.columns WHERE table_name = 'transcripts'"
    )[1]
    assert ("language",) not in cols
    with pytest.raises(ProjectError, match="older format"):
        Project.open(login(team, "fpmct_alex"))

    def add_language(con) -> None:
        con.execute("ALTER TABLE transcripts ADD COLUMN language text")

    monkeypatch.setattr("fpmcoder.store._postgres.PG_MIGRATIONS", {current: add_language})
    with Project.open(team) as p:
        assert p.meta()["schema_version"] == str(current + 1)
    cols = raw(
        team, "SELECT column_name FROM information_schema.columns WHERE table_name = 'transcripts'"
    )[1]
    assert ("language",) in cols


def test_version_1_gains_the_provenance_of_accepted_suggestions(team: str) -> None:
    """The real step from server format 1: a coder is told to wait for the lead; the lead's
    opening adds codings.suggestion, keeping every coding; then provenance is stored."""
    from fpmcoder.core.segmentation import Suggested

    with Project.open(team) as p:
        seg = p.segments("visit")[-1]
        p.assign_activity(seg.id, "fpmct_alex", "locating")
    raw(team, "ALTER TABLE codings DROP COLUMN suggestion")
    raw(team, "UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    with pytest.raises(ProjectError, match="older format"):
        Project.open(login(team, "fpmct_alex"))
    with Project.open(team) as p:
        assert p.meta()["schema_version"] == "2"
        assert p.codings_of(seg.id)["fpmct_alex"].activity == "locating"
    with Project.open(login(team, "fpmct_sam")) as p:
        s = Suggested("assist-1+abc", 0.8, "planning", 0.1, 0.5, "2026-12-02T00:00:00Z")
        p.accept_suggestion(seg.id, "fpmct_sam", "locating", s)
        assert p.codings_of(seg.id)["fpmct_sam"].suggested == s


def test_copy_file_to_server_to_file_is_exact(tmp_path: Path) -> None:
    from fpmcoder.io.samples import build_sample_bundle

    src = tmp_path / "sample.fpmc"
    with Project.create(src) as p:
        p.add_bundle(build_sample_bundle(), use_codebook=True)
        p.guid("code", "locating")
        from fpmcoder.core import Suggested

        first = p.segments("day_stay")[0].id
        p.accept_suggestion(first, "newcomer", "locating", Suggested("assist-1+x", 0.9, None))
        seg = p.segments("day_stay")[3]
        p.split_segment(seg.id, seg.start + 5)
        expected = dump(p._con)
        rows = p.tidy_rows()
    with fresh_database() as url:
        init_server(url)
        copy_project(src, url)
        with Project.open(url) as server:
            got = dump(server._con)
            assert got["transcripts"] == expected["transcripts"]
            assert got["segments"] == expected["segments"]
            assert got["codings"] == expected["codings"]
            assert got["guids"] == expected["guids"]
            assert server.tidy_rows() == rows
            # the server keeps its lead as a coder, and new ids do not collide
            seg2 = server.segments("home_visit")[0]
            server.split_segment(seg2.id, seg2.start + 3)
        with pytest.raises(ProjectError, match="already holds transcripts"):
            copy_project(src, url)
        back = tmp_path / "back.fpmc"
        with Project.open(url) as server:
            server.merge_segments(server.segments("home_visit")[0].id)
        copy_project(url, back)
        with Project.open(back) as p:
            again = dump(p._con)
            assert again["codings"] == expected["codings"]
            assert again["segments"] == expected["segments"]
            assert p.tidy_rows() == rows


def test_one_login_has_a_part_in_several_projects(team: str) -> None:
    with fresh_database() as other:
        init_server(other)
        assert add_coder(other, "fpmct_alex", "viewer", None) is False  # no new login
        with Project.open(login(other, "fpmct_alex")) as p:  # the same password
            assert p.identity().role == "viewer"
        with Project.open(login(team, "fpmct_alex")) as p:
            assert p.identity().role == "coder"
        add_coder(team, "fpmct_alex", "lead", None)  # a new part replaces the old one
        with Project.open(login(team, "fpmct_alex")) as p:
            assert p.identity().role == "lead"
            p.add_transcripts([transcript("by alex")])
        add_coder(team, "fpmct_alex", "coder", None)
        with Project.open(login(team, "fpmct_alex")) as p:
            assert p.identity().role == "coder"
            with pytest.raises(PermissionDeniedError):
                p.add_transcripts([transcript("not any more")])
    with pytest.raises(ProjectError, match="give a password"):
        add_coder(team, "fpmct_newcomer", "coder", None)
    with pytest.raises(ProjectError, match="cannot be a login name"):
        add_coder(team, "robert'); drop table codings; --", "coder", "x")
    with pytest.raises(PermissionDeniedError, match="only a lead"):
        add_coder(login(team, "fpmct_sam"), "fpmct_vera", "lead", None)


def test_the_password_comes_from_libpq_places_not_the_url(
    team: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bare = as_user(team, "fpmct_sam", None)
    assert ":" not in bare.split("//")[1].split("@")[0]
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "none"))
    with pytest.raises(PermissionDeniedError, match="PGPASSWORD"):
        Project.open(bare)
    monkeypatch.setenv("PGPASSWORD", PASSWORD)
    with Project.open(bare) as p:
        assert p.identity().name == "fpmct_sam"
    monkeypatch.delenv("PGPASSWORD")
    passfile = tmp_path / "pgpass"
    passfile.write_text(f"*:*:*:fpmct_sam:{PASSWORD}\n")
    passfile.chmod(0o600)
    monkeypatch.setenv("PGPASSFILE", str(passfile))
    with Project.open(bare) as p:
        assert p.identity().role == "coder"
