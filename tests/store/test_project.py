from __future__ import annotations

import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from fpmcoder.core import CodedTranscript, Coding, ImportBundle, Transcript, Turn
from fpmcoder.errors import (
    CodebookConflictError,
    EditError,
    NewerProjectError,
    NotAProjectError,
    NotFoundError,
    ProjectError,
)
from fpmcoder.store import Project, schema
from pgtest import reopen


def transcript(title: str = "visit", n: int = 6) -> Transcript:
    turns = tuple(
        Turn(
            "Nurse" if i % 2 == 0 else "Mother", f"turn {i} says something", 10.0 * i, 10.0 * i + 8
        )
        for i in range(n)
    )
    return Transcript(title, turns, ("header line",), setting="home visit", case="Family A")


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def project(new_project):
    """A project with one transcript, on each backend in turn."""
    p = new_project()
    p.add_transcripts([transcript()])
    return p


@pytest.fixture
def file_project(tmp_path: Path):
    p = Project.create(tmp_path / "p.fpmc")
    p.add_transcripts([transcript()])
    yield p
    p.close()


def test_codings_survive_reopen_and_coders_are_kept_apart(project: Project) -> None:
    segs = project.segments("visit")
    assert len(segs) == 6
    project.assign_activity(segs[0].id, "alex", "locating")
    project.assign_activity(segs[0].id, "sam", "meaning")
    project.toggle_dilemma(segs[1].id, "alex", "readiness")
    project.set_memo(segs[1].id, "alex", "note")
    with reopen(project) as again:
        assert again.coders() == [*project.coders()[:-2], "alex", "sam"]
        assert again.codings("visit", "alex") == {
            segs[0].id: Coding("locating"),
            segs[1].id: Coding(None, frozenset({"readiness"}), "note"),
        }
        assert again.codings("visit", "sam") == {segs[0].id: Coding("meaning")}
        info = again.transcript_info("visit")
        assert (info.setting, info.case, info.n_segments) == ("home visit", "Family A", 6)
        t = again.transcript("visit")
        assert t.turns == transcript().turns and t.header == ("header line",)


def test_undo_through_inverse_commands(project: Project) -> None:
    seg = project.segments("visit")[2]
    inverse = project.assign_activity(seg.id, "alex", "planning")
    redo = project.perform(inverse)
    assert project.codings_of(seg.id) == {}
    project.perform(redo)
    assert project.codings_of(seg.id)["alex"].activity == "planning"
    inv = project.split_segment(seg.id, seg.start + 4)
    assert len(project.segments("visit")) == 7
    project.perform(inv)
    assert [s.id for s in project.segments("visit")][2] == seg.id
    assert len(project.segments("visit")) == 6


def test_sequence_and_tidy_rows(project: Project) -> None:
    segs = project.segments("visit")
    project.assign_activity(segs[0].id, "alex", "locating")
    seq = project.sequence("visit", "alex")
    assert seq.activities == ["locating", None, None, None, None, None]
    assert [s.speaker for s in seq.segments[:2]] == ["Nurse", "Mother"]
    assert (seq.segments[1].start_time, seq.segments[1].end_time) == (10.0, 18.0)
    assert seq.segments[0].words == 4
    rows = project.tidy_rows()
    assert len(rows) == 6 and {r.coder for r in rows} == {"alex"}
    assert rows[0].activity_name == "Locating and orienting change"
    assert rows[0].text == "turn 0 says something"


def test_failed_bundle_adds_nothing(project: Project) -> None:
    bad = ImportBundle(
        (
            CodedTranscript(transcript("ok")),
            CodedTranscript(transcript("broken"), spans=((0, 5), (6, 20))),
        )
    )
    with pytest.raises(EditError, match="gap"):
        project.add_bundle(bad)
    coded = ImportBundle(
        (CodedTranscript(transcript("c"), codings={"alex": {0: Coding("no_such_activity")}}),)
    )
    with pytest.raises(EditError, match="not an activity"):
        project.add_bundle(coded)
    assert [t.title for t in project.transcripts()] == ["visit"]
    assert project.cases() == {"Family A": {}}
    assert len(project.segments("visit")) == 6


def test_titles_made_unique(project: Project) -> None:
    project.add_transcripts([transcript(), transcript()])
    assert [t.title for t in project.transcripts()] == ["visit", "visit (2)", "visit (3)"]


def test_unknown_transcript_and_coder_are_named(project: Project) -> None:
    with pytest.raises(NotFoundError, match=r"no transcript called 'nope'.*visit"):
        project.segments("nope")
    with pytest.raises(NotFoundError, match="no coder called 'zed'"):
        project.codings("visit", "zed")
    assert project.transcript_id("VISIT") == project.transcript_id("visit")


def test_replace_codebook_refused_when_codes_in_use(project: Project) -> None:
    seg = project.segments("visit")[3]
    project.assign_activity(seg.id, "alex", "live_action")
    cb = project.codebook
    smaller = cb.model_copy(update={"activities": cb.activities[:2] + cb.activities[3:]})
    with pytest.raises(
        CodebookConflictError, match=r"'live_action' is used in visit segment 4 \(alex\)"
    ):
        project.replace_codebook(smaller)
    assert project.codebook == cb
    renamed = cb.model_copy(update={"name": "Renamed"})
    project.replace_codebook(renamed)
    with reopen(project) as again:
        assert again.codebook.name == "Renamed"


def test_events_fire_after_commit_only(project: Project) -> None:
    seen: list[tuple[str, object]] = []
    project.events.codings_changed.connect(lambda tid, ids: seen.append(("codings", ids)))
    project.events.segments_changed.connect(lambda tid: seen.append(("segments", tid)))
    seg = project.segments("visit")[0]
    project.assign_activity(seg.id, "alex", "locating")
    assert seen == [("codings", [seg.id])]
    seen.clear()
    with pytest.raises(EditError):
        project.assign_activity(seg.id, "alex", "bogus")
    assert seen == []
    project.split_segment(seg.id, seg.start + 3)
    assert seen == [("segments", project.transcript_id("visit"))]


def test_guids_are_stable(project: Project) -> None:
    g = project.guid("code", "locating")
    assert project.guid("code", "locating") == g
    assert project.guid("code", "meaning") != g


def test_not_a_project_is_refused_and_untouched(tmp_path: Path) -> None:
    text = tmp_path / "notes.fpmc"
    text.write_text("just some notes")
    other = tmp_path / "other.sqlite"
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE x (y)")
    con.commit()
    con.close()
    for path in (text, other):
        before = digest(path)
        with pytest.raises(NotAProjectError, match="not an fpmcoder project"):
            Project.open(path)
        assert digest(path) == before
        assert not Path(str(path) + "-wal").exists()
    with pytest.raises(NotAProjectError):
        Project.open(tmp_path)
    with pytest.raises(ProjectError, match="no such project file"):
        Project.open(tmp_path / "missing.fpmc")


def test_newer_project_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "new.fpmc"
    Project.create(path).close()
    con = sqlite3.connect(path)
    con.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION + 1}")
    con.close()
    before = digest(path)
    with pytest.raises(NewerProjectError, match="newer fpmcoder"):
        Project.open(path)
    assert digest(path) == before


def test_migrations_run_in_one_transaction(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "old.fpmc"
    with Project.create(path) as p:
        p.add_transcripts([transcript()])

    def add_column(con: sqlite3.Connection) -> None:
        con.execute("ALTER TABLE transcripts ADD COLUMN language TEXT")

    def broken(con: sqlite3.Connection) -> None:
        con.execute("ALTER TABLE transcripts ADD COLUMN language TEXT")
        raise sqlite3.OperationalError("disk on fire")

    current = schema.SCHEMA_VERSION
    monkeypatch.setattr("fpmcoder.store._sqlite.SCHEMA_VERSION", current + 1)
    monkeypatch.setattr("fpmcoder.store._sqlite.MIGRATIONS", {current: broken})
    with pytest.raises(sqlite3.OperationalError):
        Project.open(path)
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA user_version").fetchone()[0] == current
    assert "language" not in [r[1] for r in con.execute("PRAGMA table_info(transcripts)")]
    con.close()
    monkeypatch.setattr("fpmcoder.store._sqlite.MIGRATIONS", {current: add_column})
    with Project.open(path) as p:
        assert [t.title for t in p.transcripts()] == ["visit"]
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA user_version").fetchone()[0] == current + 1
    con.close()


def test_create_refuses_existing_file(tmp_path: Path) -> None:
    path = tmp_path / "x.fpmc"
    path.write_text("mine")
    with pytest.raises(ProjectError, match="already exists"):
        Project.create(path)
    assert path.read_text() == "mine"


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_new_project_has_ordinary_permissions(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        Project.create(tmp_path / "perm.fpmc").close()
    finally:
        os.umask(old)
    assert (tmp_path / "perm.fpmc").stat().st_mode & 0o777 == 0o644


def test_pragmas(file_project: Project) -> None:
    con = file_project._db.raw
    assert con.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_killed_process_loses_nothing_it_reported(tmp_path: Path) -> None:
    """A coder process killed mid-stream keeps every coding it had reported as done."""
    path = tmp_path / "kill.fpmc"
    with Project.create(path) as p:
        p.add_transcripts([transcript(n=400)])
    script = textwrap.dedent(
        f"""
        import sys
        from fpmcoder.store import Project
        p = Project.open({str(path)!r})
        for i, seg in enumerate(p.segments("visit")):
            p.assign_activity(seg.id, "alex", "meaning")
            print(i, flush=True)
        """
    )
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    reported = -1
    for line in proc.stdout:
        reported = int(line)
        if reported >= 50:
            os.kill(proc.pid, signal.SIGKILL)
            break
    proc.wait()
    proc.stdout.close()
    with Project.open(path) as p:
        coded = len(p.codings("visit", "alex"))
    assert coded >= reported + 1


def test_a_coding_key_is_one_read_and_one_write(file_project: Project) -> None:
    """The per-keystroke path: no repeated reads of the segment, its codings or the coder."""
    project = file_project
    seg = project.segments("visit")[1]
    project.assign_activity(seg.id, "alex", "planning")  # the coder exists from now on
    statements: list[str] = []
    project._db.raw.set_trace_callback(statements.append)
    try:
        inverse = project.assign_activity(seg.id, "alex", "meaning")
    finally:
        project._db.raw.set_trace_callback(None)
    # SQLite traces the upsert once more for each trigger step it runs (the codebook checks)
    statements = [s for i, s in enumerate(statements) if i == 0 or s != statements[i - 1]]
    assert statements[0].startswith("BEGIN") and statements[-1] == "COMMIT"
    # BEGIN, PRAGMA data_version (did another program change the project?), the segment,
    # its codings (for the inverse), the upsert, COMMIT
    assert len(statements) <= 6, statements
    assert project.codings_of(seg.id)["alex"].activity == "meaning"
    project.perform(inverse)
    assert project.codings_of(seg.id)["alex"].activity == "planning"


def test_a_coder_created_in_a_rolled_back_edit_is_forgotten(project: Project) -> None:
    seg = project.segments("visit")[0]
    with pytest.raises(RuntimeError), project.transaction():
        project.assign_activity(seg.id, "newcomer", "planning")
        raise RuntimeError("abandon the edit")
    assert "newcomer" not in project.coders()
    project.assign_activity(seg.id, "newcomer", "planning")  # its id is looked up again
    assert project.codings_of(seg.id)["newcomer"].activity == "planning"
    assert "newcomer" in project.coders()


def test_merging_forgets_the_segments_it_removed(project: Project) -> None:
    first, second = project.segments("visit")[:2]
    project.assign_activity(second.id, "alex", "planning")
    undo = project.merge_segments(first.id)
    with pytest.raises(NotFoundError):
        project.assign_activity(second.id, "alex", "meaning")
    project.perform(undo)
    assert project.codings_of(second.id)["alex"].activity == "planning"


def test_a_file_project_never_imports_the_server_driver(tmp_path: Path) -> None:
    code = textwrap.dedent(
        f"""
        import sys
        import fpmcoder.cli
        from fpmcoder.store import Project
        with Project.create({str(tmp_path / "s.fpmc")!r}) as p:
            p.add_transcripts([])
        assert "psycopg" not in sys.modules, "psycopg imported for a file project"
        """
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def _downgrade_to_v1(path: Path, orphan: str) -> None:
    """Make ``path`` look like a format-1 file with a coding whose activity the codebook
    lacks (what the audit found possible before format 2)."""
    con = sqlite3.connect(path, isolation_level=None)
    for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
        con.execute(f"DROP TRIGGER {name}")
    con.execute("DROP TABLE codes")
    con.execute("ALTER TABLE codings DROP COLUMN suggestion")
    con.execute("ALTER TABLE transcripts DROP COLUMN media")
    con.execute("ALTER TABLE segments DROP COLUMN stamp")
    sid = con.execute("SELECT min(id) FROM segments").fetchone()[0]
    con.execute("INSERT INTO coders (name) VALUES ('old')")
    con.execute(
        "INSERT INTO codings (segment_id, coder_id, activity, dilemmas) VALUES"
        " (?, (SELECT id FROM coders WHERE name = 'old'), ?, 'vanished')",
        (sid, orphan),
    )
    con.execute("PRAGMA user_version = 1")
    con.close()


def test_format_1_is_migrated_and_codes_it_lost_are_restored(tmp_path: Path) -> None:
    path = tmp_path / "v1.fpmc"
    with Project.create(path) as p:
        p.add_transcripts([transcript()])
    _downgrade_to_v1(path, "gone")
    with Project.open(path) as p:
        assert "gone" in p.codebook.activity_ids and "vanished" in p.codebook.dilemma_ids
        assert p.codebook.activity("gone").name == "gone (restored)"
        coding = p.codings("visit", "old")[p.segments("visit")[0].id]
        assert (coding.activity, coding.dilemmas) == ("gone", frozenset({"vanished"}))
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
    con.close()


def test_the_database_refuses_codes_the_codebook_lacks(file_project: Project) -> None:
    """Whoever writes: even SQL typed by hand cannot store an unknown code."""
    path = file_project.path
    sid = file_project.segments("visit")[0].id
    file_project.assign_activity(sid, "alex", "planning")
    con = sqlite3.connect(path, isolation_level=None)
    cid = con.execute("SELECT id FROM coders WHERE name = 'alex'").fetchone()[0]
    for sql in (
        "UPDATE codings SET activity = 'bogus'",
        "UPDATE codings SET dilemmas = 'readiness;bogus'",
        "DELETE FROM codes WHERE id = 'planning'",
    ):
        with pytest.raises(sqlite3.IntegrityError, match="fpmcoder"):
            con.execute(sql)
    with pytest.raises(sqlite3.IntegrityError):
        con.execute(
            "INSERT INTO codings (segment_id, coder_id, activity) VALUES (?, ?, 'nope')",
            (file_project.segments("visit")[1].id, cid),
        )
    con.execute("UPDATE codings SET dilemmas = 'readiness'")  # a known one is fine
    con.close()


def test_a_long_lived_handle_notices_another_programs_codebook(file_project: Project) -> None:
    """The window keeps a handle open while `fpmcoder codebook set` drops an activity."""
    seen: list[str] = []
    file_project.events.codebook_changed.connect(lambda: seen.append("codebook"))
    assert "planning" in file_project.codebook.activity_ids
    cb = file_project.codebook
    with Project.open(file_project.path) as other:
        other.replace_codebook(
            cb.model_copy(
                update={"activities": tuple(a for a in cb.activities if a.id != "planning")}
            )
        )
    sid = file_project.segments("visit")[0].id
    with pytest.raises(EditError, match="planning"):
        file_project.assign_activity(sid, "alex", "planning")
    assert "planning" not in file_project.codebook.activity_ids
    file_project.assign_activity(sid, "alex", "meaning")
    assert seen == ["codebook"]
    rows = file_project.tidy_rows()
    assert {r.activity for r in rows} == {"meaning", None}


def test_a_refused_file_is_left_without_companions(tmp_path: Path) -> None:
    """Refused means untouched: no -wal or -shm files appear beside it."""
    newer = tmp_path / "newer.fpmc"
    Project.create(newer).close()
    con = sqlite3.connect(newer)
    con.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION + 1}")
    con.close()
    other = tmp_path / "other.sqlite"
    con = sqlite3.connect(other)
    con.execute("PRAGMA journal_mode = WAL")
    con.execute("CREATE TABLE t (x)")
    con.close()
    for path, error in ((newer, NewerProjectError), (other, NotAProjectError)):
        before = sorted(p.name for p in tmp_path.iterdir())
        with pytest.raises(error):
            Project.open(path)
        assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_a_busy_project_is_refused_plainly_with_nothing_done(tmp_path: Path) -> None:
    from fpmcoder.errors import ProjectBusyError

    path = tmp_path / "busy.fpmc"
    with Project.create(path) as p:
        p.add_transcripts([transcript()])
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with Project.open(path, wait=0.3) as p:
            sid = p.segments("visit")[0].id
            with pytest.raises(ProjectBusyError, match="busy in another program"):
                p.assign_activity(sid, "alex", "meaning")
            with pytest.raises(ProjectBusyError):
                p.add_transcripts([transcript("second")])
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    with Project.open(path) as p:
        assert [t.title for t in p.transcripts()] == ["visit"]
        assert p.coders() == []


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_a_kill_while_a_new_project_is_filled_leaves_no_project(tmp_path: Path) -> None:
    path = tmp_path / "new.fpmc"
    script = textwrap.dedent(
        f"""
        import os, signal
        from fpmcoder.core import Transcript, Turn
        from fpmcoder.store import Project

        def fill(p):
            p.add_transcripts([Transcript("t", (Turn("a", "hello"),))])
            print("filled", flush=True)
            os.kill(os.getpid(), signal.SIGKILL)

        Project.create_filled({str(path)!r}, None, fill)
        """
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert proc.returncode == -signal.SIGKILL and "filled" in proc.stdout
    assert not path.exists()
    with pytest.raises(ValueError):
        Project.create_filled(path, None, lambda p: (_ for _ in ()).throw(ValueError("bad")))
    assert not path.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith("new.fpmc")]
    Project.create_filled(path, None, lambda p: p.add_transcripts([transcript()]))
    with Project.open(path) as p:
        assert [t.title for t in p.transcripts()] == ["visit"]


def test_an_accepted_suggestion_is_stored_with_its_provenance(project: Project) -> None:
    """Both backends: provenance is kept with the coding, read back after reopening,
    dropped when the coder codes another activity, restored by undo; the tidy table and
    the sequences carry it, and ``own()`` leaves accepted suggestions out."""
    from fpmcoder.core import Suggested
    from fpmcoder.core.commands import run

    segs = project.segments("visit")
    s = Suggested("assist-1+0123456789ab", 0.82, "planning", 0.11, 0.6, "2026-12-02T10:00:00Z")
    project.accept_suggestion(segs[0].id, "alex", "locating", s)
    project.assign_activity(segs[1].id, "alex", "planning")
    with reopen(project) as again:
        assert again.codings("visit", "alex")[segs[0].id] == Coding("locating", suggested=s)
        rows = [r for r in again.tidy_rows() if r.coder == "alex"]
        assert (rows[0].suggested, rows[0].suggested_probability) == (s.model, 0.82)
        assert (rows[1].suggested, rows[1].suggested_probability) == (None, None)
        seq = again.sequence("visit", "alex")
        assert seq.n_suggested == 1
        assert seq.own().activities[:2] == [None, "planning"]
    undo = project.assign_activity(segs[0].id, "alex", "meaning")
    assert project.codings_of(segs[0].id)["alex"].suggested is None
    run(undo, project)
    assert project.codings_of(segs[0].id)["alex"] == Coding("locating", suggested=s)
    with pytest.raises(EditError, match="already coded"):
        project.accept_suggestion(segs[1].id, "alex", "locating", s)
    assert project.codings_of(segs[1].id)["alex"] == Coding("planning")


def test_format_2_gains_the_provenance_column_and_keeps_every_coding(tmp_path: Path) -> None:
    path = tmp_path / "v2.fpmc"
    with Project.create(path) as p:
        p.add_transcripts([transcript()])
        sid = p.segments("visit")[0].id
        p.assign_activity(sid, "alex", "locating")
        p.toggle_dilemma(sid, "alex", "readiness")
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("ALTER TABLE codings DROP COLUMN suggestion")
    con.execute("PRAGMA user_version = 2")
    con.close()
    with Project.open(path) as p:
        assert p.codings_of(sid)["alex"] == Coding("locating", frozenset({"readiness"}))
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION == 3
    assert "suggestion" in [r[1] for r in con.execute("PRAGMA table_info(codings)")]
    con.close()


def test_a_blind_proposal_is_stored_with_the_coding(project: Project) -> None:
    """Both backends: blind mode's hidden proposal is read back with the coding, in the
    tidy table and in sequences, beside an accepted suggestion of another segment."""
    from fpmcoder.assist import CodedText
    from fpmcoder.assist.evaluate import blind_agreement
    from fpmcoder.core import BlindProposal, Suggested
    from fpmcoder.core.commands import AssignActivity

    segs = project.segments("visit")
    agree = BlindProposal("assist-2+0123456789ab", "locating", 0.7, "2026-12-02T10:00:00Z")
    differ = BlindProposal("assist-2+0123456789ab", "planning", 0.55)
    project.perform(AssignActivity(segs[0].id, "alex", "locating", blind=agree))
    project.perform(AssignActivity(segs[1].id, "alex", "meaning", blind=differ))
    project.accept_suggestion(segs[2].id, "alex", "planning", Suggested("assist-2+x", 0.8))
    with reopen(project) as again:
        codings = again.codings("visit", "alex")
        assert codings[segs[0].id] == Coding("locating", blind=agree)
        assert codings[segs[1].id].blind == differ
        assert codings[segs[2].id].blind is None and codings[segs[2].id].suggested is not None
        rows = [r for r in again.tidy_rows() if r.coder == "alex"]
        assert [(r.blind_proposal, r.blind_probability) for r in rows[:3]] == [
            ("locating", 0.7),
            ("planning", 0.55),
            (None, None),
        ]
        seq = again.sequence("visit", "alex")
        assert [s.blind for s in seq.segments[:3]] == ["locating", "planning", None]
        table = blind_agreement(
            [CodedText(seq, again.transcript("visit").text)], again.codebook.activity_ids
        )
        assert table.loc[0, "segments"] == 2 and table.loc[0, "accuracy"] == 0.5


def test_a_write_waits_10_s_in_the_window_and_60_s_in_a_command(file_project: Project) -> None:
    """What docs/coding.md says: how long a write waits for another program's."""
    from fpmcoder.cli._common import open_project

    def waits(p: Project) -> float:
        return int(p._con.execute("PRAGMA busy_timeout").fetchone()[0]) / 1000

    path = file_project.path
    with open_project(path) as command:
        assert waits(command) == 60
    with Project.open(path) as window:  # how the window opens a project file
        assert waits(window) == 10
