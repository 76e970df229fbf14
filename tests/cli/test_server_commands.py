"""The server commands from the command line (skip without a server; see pgtest.py)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from fpmcoder.cli import main
from fpmcoder.store import Project
from pgtest import admin, admin_url, as_user, fresh_database, stop


def test_a_team_project_from_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    admin_url()
    admin('DROP ROLE IF EXISTS "fpmctc_sam"')
    sample = tmp_path / "s.fpmc"
    assert main(["demo", str(sample)]) == 0
    with fresh_database(["fpmctc_sam"]) as url:
        assert main(["server", "init", url, "--from", str(sample)]) == 0
        assert "3 transcripts" in capsys.readouterr().out
        assert main(["server", "init", url]) == 2
        assert "already holds an fpmcoder project" in capsys.readouterr().err
        monkeypatch.setattr("sys.stdin", io.StringIO("s3cret-pass\n"))
        assert main(["server", "add-coder", url, "fpmctc_sam"]) == 0
        assert "a new login" in capsys.readouterr().out
        sam = as_user(url, "fpmctc_sam", "s3cret-pass")
        assert main(["server", "blind", url, "on"]) == 0
        assert main(["server", "status", sam]) == 0
        out = capsys.readouterr().out
        assert "you are fpmctc_sam (coder); blind coding on" in out
        assert "day_stay" in out and "fpmctc_sam (coder)" in out
        assert "s3cret" not in out
        assert main(["list", sam]) == 0
        assert "home_visit" in capsys.readouterr().out
        # the statistics and figure commands take a server URL too
        assert main(["chronogram", url, "-o", str(tmp_path / "chrono.png")]) == 0
        assert (tmp_path / "chrono.png").stat().st_size > 0
        assert main(["typology", url, "--clusters", "2", "-o", str(tmp_path / "k.csv")]) == 0
        assert "day_stay" in (tmp_path / "k.csv").read_text(encoding="utf-8")
        capsys.readouterr()
        # a coder may not change the codebook, and is told why
        assert main(["codebook", "set", sam, "codebooks/fpm_partnership.yaml"]) == 2
        assert "lead" in capsys.readouterr().err
        assert main(["server", "blind", sam, "off"]) == 2
        capsys.readouterr()
        back = tmp_path / "back.fpmc"
        assert main(["copy", url, str(back)]) == 0
        with Project.open(back) as p, Project.open(sample) as q:
            assert p.tidy_rows() == q.tidy_rows()
        assert main(["copy", url, str(back)]) == 2
        assert "already exists" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_:
        main(["server", "status", "notaurl"])
    assert exit_.value.code == 2
    assert "not a server URL" in capsys.readouterr().err


def test_server_status_follows_coding_live(tmp_path: Path) -> None:
    import subprocess
    import sys

    from fpmcoder.store.server import init_server

    admin_url()
    sample = tmp_path / "s.fpmc"
    assert main(["demo", str(sample)]) == 0
    with fresh_database() as url:
        init_server(url, source=sample)
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "fpmcoder",
                "server",
                "status",
                url,
                "--follow",
                "--updates",
                "1",
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            assert proc.stdout is not None
            first = proc.stdout.readline()
            assert "you are" in first
            with Project.open(url) as lead:
                for seg in lead.segments("day_stay"):
                    lead.assign_activity(seg.id, "sam", "meaning")
            proc.wait(timeout=60)  # it stops by itself after one update
            out = first + proc.stdout.read()
            err = proc.stderr.read() if proc.stderr else ""
        finally:
            stop(proc)
        assert proc.returncode == 0, err
        # printed again as sam codes: day_stay goes from not coded to some share
        header = [line for line in out.splitlines() if line.startswith("transcript")]
        rows = [line.split() for line in out.splitlines() if line.startswith("day_stay")]
        sam = header[0].split().index("sam")
        assert len(rows) == 2 and rows[0][sam] == "-" and rows[1][sam].endswith("%")
