"""The window on a project shared on a PostgreSQL server (skips without one; see pgtest.py)."""

from __future__ import annotations

from typing import Any

import pytest

from fpmcoder.store import Project
from fpmcoder.store.server import add_coder, init_server
from pgtest import admin, admin_url, as_user, fresh_database

LOGINS = ["fpmctq_alex", "fpmctq_sam"]
PASSWORD = "pw for the window test"


@pytest.fixture
def server_sample(sample_master: Any):
    admin_url()
    for name in LOGINS:
        admin(f'DROP ROLE IF EXISTS "{name}"')
    with fresh_database(LOGINS) as url:
        init_server(url, source=sample_master)
        for name in LOGINS:
            add_coder(url, name, "coder", PASSWORD)
        yield url


def test_another_coders_work_shows_within_a_second(
    open_window: Any, server_sample: str, qtbot: Any, messages: list[Any]
) -> None:
    window = open_window(as_user(server_sample, "fpmctq_alex", PASSWORD))
    doc = window.doc
    assert doc.project.is_server and doc.coder == "fpmctq_alex"
    assert "postgresql://fpmctq_alex@" in window.windowTitle()
    assert "server" in window.saved_label.text()
    window.model.set_other_coder("fpmctq_sam")
    tid = window.model.transcript_id
    with Project.open(as_user(server_sample, "fpmctq_sam", PASSWORD)) as sam:
        seg = sam.segments(tid)[0]
        sam.assign_activity(seg.id, "fpmctq_sam", "live_action")
    qtbot.waitUntil(lambda: window.model._other.get(seg.id) is not None, timeout=1000)
    assert window.model._other[seg.id].activity == "live_action"
    # and the window's own coding key is written to the server as alex
    window.controller.go_to_source_row(0)
    qtbot.keyClick(window.view, "1")
    assert messages == []
    with Project.open(server_sample) as lead:
        assert "fpmctq_alex" in {c for c, _ in lead.coders_of(tid)}


def test_a_lost_server_is_said_plainly_and_the_window_carries_on(
    open_window: Any, server_sample: str, qtbot: Any, messages: list[Any]
) -> None:
    window = open_window(as_user(server_sample, "fpmctq_alex", PASSWORD))
    doc = window.doc
    doc._retry.setInterval(200)
    db = doc.project.name
    admin(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
        " WHERE datname = %s AND pid <> pg_backend_pid()",
        (db,),
    )
    row = window.model.first_uncoded_row() or 0
    seg = window.model.segment_at(row)
    window.controller.go_to_source_row(row)
    qtbot.keyClick(window.view, "2")
    qtbot.waitUntil(lambda: any("NOT saved" in m[2] for m in messages), timeout=2000)
    assert window.model.coding_at(row).activity is None  # never shown as saved
    qtbot.waitUntil(lambda: doc.online, timeout=5000)
    assert "saved on the server" in window.saved_label.text()
    window.controller.go_to_source_row(row)
    qtbot.keyClick(window.view, "2")
    with Project.open(server_sample) as lead:
        assert lead.codings_of(seg.id)["fpmctq_alex"].activity is not None


def test_the_window_takes_in_another_programs_codebook_change(
    open_window: Any, sample_path: Any, qtbot: Any
) -> None:
    """A file project: `fpmcoder codebook set` in another process while the window is open."""
    from PySide6.QtWidgets import QLabel

    def panel_texts() -> str:
        return " ".join(w.text() for w in window.codebook_panel.findChildren(QLabel))

    window = open_window(sample_path)
    assert "Renamed elsewhere" not in panel_texts()
    cb = window.doc.project.codebook
    renamed = cb.model_copy(update={"name": "Renamed elsewhere"})
    with Project.open(sample_path) as other:
        other.replace_codebook(renamed)
    window.doc.project.sync()  # what the window does when it is activated again
    assert window.doc.project.codebook.name == "Renamed elsewhere"
    assert "Renamed elsewhere" in panel_texts()


def test_no_password_reaches_the_settings(
    open_window: Any, server_sample: str, temp_settings: Any
) -> None:
    window = open_window(as_user(server_sample, "fpmctq_alex", PASSWORD))
    window.settings.sync()
    stored = "".join(p.read_text(errors="replace") for p in temp_settings.rglob("*") if p.is_file())
    assert "fpmctq_alex@" in stored  # the server project is remembered, to reopen it
    assert PASSWORD not in stored and PASSWORD.replace(" ", "%20") not in stored
    from fpmcoder.qt.settings import Settings

    s = Settings()
    s.add_recent("postgresql://bob:hunter2@host:5432/db?password=hunter2&sslmode=require")
    assert all("hunter2" not in str(p) for p in s.recent_projects)
    assert "postgresql://bob@host:5432/db?sslmode=require" in [str(p) for p in s.recent_projects]


def test_suggested_codes_on_a_server_project(
    open_window: Any, server_sample: str, qtbot: Any, messages: list[Any]
) -> None:
    """alex (a coder login) copies the sample's alex codings of two transcripts: the
    window learns from them (read here, trained in the worker), and Tab stores the
    accepted suggestion with its provenance on the server, as alex."""
    with Project.open(server_sample) as lead:
        titles = ["day_stay", "ongoing_relationship"]
        mine = {t: lead.codings(t, "alex") for t in titles}
    with Project.open(as_user(server_sample, "fpmctq_alex", PASSWORD)) as alex:
        for codings in mine.values():
            for sid, c in codings.items():
                if c.activity is not None:
                    alex.assign_activity(sid, "fpmctq_alex", c.activity)
    window = open_window(as_user(server_sample, "fpmctq_alex", PASSWORD))
    svc = window.suggestions
    qtbot.waitUntil(lambda: svc.model is not None, timeout=60000)
    assert svc.model.trained_on == sum(1 for c in mine.values() for x in c.values() if x.activity)
    tid = window.doc.project.transcript_id("home_visit")
    window.bar.transcripts.setCurrentIndex(window.bar.transcripts.findData(tid))
    window.show_transcript(tid)
    window.controller.go_to_source_row(0)
    qtbot.waitUntil(lambda: window.model.suggestion is not None, timeout=5000)
    shown = window.model.suggestion
    qtbot.keyClick(window.view, "\t")
    assert messages == []
    with Project.open(server_sample) as lead:
        stored = lead.codings_of(shown.segment_id)["fpmctq_alex"]
    assert stored.activity == shown.activity
    assert stored.suggested is not None and stored.suggested.model == shown.model
