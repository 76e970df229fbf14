"""The command line, in process (fast) and once as a real process (exit status, no traceback)."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest

from fpmcoder.cli import main
from fpmcoder.core.table import TIDY_COLUMNS
from fpmcoder.store import Project

TRANSCRIPT = """Home visit, fictional
Recorded 2026-01-05

Nurse: How have the nights been?
Mother: Long. He wakes every two hours.
Nurse: Every two hours, that is hard.
Mother: I keep thinking I am doing it wrong.
"""


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "sample.fpmc"
    assert main(["demo", str(path)]) == 0
    return path


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def run(*args: object) -> int:
    return main([str(a) for a in args])


def test_demo_builds_the_sample_project(demo: Path) -> None:
    with Project.open(demo) as p:
        titles = [t.title for t in p.transcripts()]
        assert titles == ["day_stay", "home_visit", "ongoing_relationship"]
        assert all(t.n_segments >= 40 for t in p.transcripts())
        assert p.coders() == ["alex", "sam"]
        assert [t.setting for t in p.transcripts()] == [
            "day stay",
            "home visit",
            "ongoing relationship",
        ]
        assert [c for c, _ in p.coders_of("home_visit")] == ["alex", "sam"]
        assert p.coders_of("day_stay")[0] == ("alex", p.transcript_info("day_stay").n_segments)


def test_demo_refuses_to_overwrite(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("demo", demo) == 2
    assert "already exists" in capsys.readouterr().err


def test_list(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("list", demo) == 0
    out = capsys.readouterr().out
    assert "home_visit" in out and "home visit" in out and "100%" in out
    assert "accepted suggestions" not in out


def test_list_and_export_say_which_activities_were_accepted_suggestions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from fpmcoder.core import Suggested

    demo = tmp_path / "own.fpmc"  # changed here: not the module's shared sample
    assert run("demo", demo) == 0
    from fpmcoder.core import BlindProposal
    from fpmcoder.core.commands import AssignActivity

    hidden = BlindProposal("assist-2+t", "meaning", 0.6)
    with Project.open(demo) as p:
        segs = p.segments("home_visit")[:3]
        for seg in segs[:2]:
            p.assign_activity(seg.id, "sam", None)
            p.accept_suggestion(seg.id, "sam", "planning", Suggested("assist-2+t", 0.75))
        p.assign_activity(segs[2].id, "sam", None)
        p.perform(AssignActivity(segs[2].id, "sam", "live_action", blind=hidden))
    assert run("list", demo) == 0
    assert "accepted suggestions (activities a coder took from a suggested code): sam 2" in (
        capsys.readouterr().out
    )
    out = tmp_path / "t.csv"
    assert run("export", demo, "-o", out) == 0
    rows = [r for r in read_csv(out) if r["coder"] == "sam" and r["transcript"] == "home_visit"]
    assert [(r["suggested"], r["suggested_probability"]) for r in rows[:4]] == [
        ("assist-2+t", "0.75"),
        ("assist-2+t", "0.75"),
        ("", ""),
        ("", ""),
    ]
    assert [(r["blind_proposal"], r["blind_probability"]) for r in rows[1:4]] == [
        ("", ""),
        ("meaning", "0.6"),
        ("", ""),
    ]
    # applying the table back keeps the records where the activity stays
    assert run("apply", demo, out) == 0
    with Project.open(demo) as p:
        assert p.codings_of(segs[0].id)["sam"].suggested == Suggested("assist-2+t", 0.75)
        assert p.codings_of(segs[2].id)["sam"].blind == hidden


def test_import_export_apply_round_trip(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "visit.txt"
    src.write_text(TRANSCRIPT, encoding="utf-8")
    project = tmp_path / "mine.fpmc"
    assert run("import", project, src, "--setting", "home visit", "--case", "Family D") == 0
    assert "added 1 transcript (4 segments)" in capsys.readouterr().out
    out = tmp_path / "out.csv"
    assert run("export", project, "-o", out) == 0
    rows = read_csv(out)
    assert tuple(rows[0]) == TIDY_COLUMNS
    assert [r["speaker"] for r in rows] == ["Nurse", "Mother", "Nurse", "Mother"]
    assert rows[0]["setting"] == "home visit" and rows[0]["case"] == "Family D"
    assert rows[1]["text"] == "Long. He wakes every two hours."
    # code them elsewhere and bring them back
    for r, act in zip(rows, ["locating", "locating", "meaning", "meaning"], strict=True):
        r["coder"], r["activity"] = "sam", act
    rows[3]["dilemmas"] = "readiness;doubtful"
    rows[3]["memo"] = "self-blame"
    with out.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, TIDY_COLUMNS)
        w.writeheader()
        w.writerows(rows)
    assert run("apply", project, out) == 0
    with Project.open(project) as p:
        seq = p.sequence("visit", "sam")
        assert seq.activities == ["locating", "locating", "meaning", "meaning"]
        assert seq.segments[3].dilemmas == {"readiness", "doubtful"}
    # exporting again gives the table we applied (an identity)
    again = tmp_path / "again.csv"
    assert run("export", project, "-o", again, "--coder", "sam") == 0
    back = read_csv(again)
    assert [(r["activity"], r["dilemmas"], r["memo"]) for r in back] == [
        (
            r["activity"],
            ";".join(sorted(r["dilemmas"].split(";"))) if r["dilemmas"] else "",
            r["memo"],
        )
        for r in rows
    ]


def test_xlsx_export_reads_back(demo: Path, tmp_path: Path) -> None:
    from fpmcoder.io.table import read_table

    out = tmp_path / "c.xlsx"
    assert run("export", demo, "-o", out, "--transcript", "home_visit") == 0
    rows = read_table(out)
    assert {r.coder for r in rows} == {"alex", "sam"}
    assert len(rows) == 2 * 69


def test_apply_refuses_unknown_codes_and_changes_nothing(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    table = tmp_path / "bad.csv"
    table.write_text(
        "transcript,segment,coder,activity\nday_stay,1,alex,meaning\nday_stay,2,alex,dancing\n",
        encoding="utf-8",
    )
    with Project.open(demo) as p:
        before = p.sequence("day_stay", "alex").activities
    assert run("apply", demo, table) == 2
    err = capsys.readouterr().err
    assert err.startswith("fpmcoder: error: ") and "'dancing' (line 3)" in err
    with Project.open(demo) as p:
        assert p.sequence("day_stay", "alex").activities == before


def test_apply_refuses_out_of_range_segment(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    table = tmp_path / "bad.csv"
    table.write_text(
        "transcript,segment,coder,activity\nday_stay,999,alex,meaning\n", encoding="utf-8"
    )
    assert run("apply", demo, table) == 2
    assert "bad.csv:2: segment: 'day_stay' has 59 segments, not 999" in capsys.readouterr().err


def test_failed_import_adds_nothing_and_creates_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = tmp_path / "good.txt"
    good.write_text(TRANSCRIPT, encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    project = tmp_path / "new.fpmc"
    assert run("import", project, good, empty) == 2
    assert "empty.txt" in capsys.readouterr().err
    assert not project.exists()
    assert run("import", project, good) == 0
    assert run("import", project, good, empty) == 2
    with Project.open(project) as p:
        assert len(p.transcripts()) == 1


def test_codebook_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = Path(__file__).resolve().parents[2]
    assert run("codebook", "check", root / "codebooks" / "fpm_partnership.yaml") == 0
    assert "[3] live_action" in capsys.readouterr().out
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "name: x\nactivities:\n  - {id: a, name: A, color: '#zzz'}\n  - {id: b, name: B, color: '#000'}\n"
    )
    assert run("codebook", "check", bad) == 2
    assert f"{bad}:3:" in capsys.readouterr().err


def test_codebook_set_refuses_conflict(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "two.yaml"
    other.write_text(
        "name: two\nactivities:\n  - {id: a, name: A, color: '#111'}\n  - {id: b, name: B, color: '#222'}\n"
    )
    assert run("codebook", "set", demo, other) == 2
    assert "lacks codes that are still in use" in capsys.readouterr().err


def test_real_process_exit_status_and_no_traceback(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "fpmcoder", "list", str(tmp_path / "nope.fpmc")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.startswith("fpmcoder: error: ")
    assert "Traceback" not in result.stderr
    usage = subprocess.run(
        [sys.executable, "-m", "fpmcoder", "list"], capture_output=True, text=True, check=False
    )
    assert usage.returncode == 2 and "fpmcoder: error:" in usage.stderr


def test_apply_reads_each_transcript_once(tmp_path, monkeypatch) -> None:
    """A long transcript's table is applied in linear time: its segments are read once,
    not once per row (issue 13 measured 96 s for 10,000 rows)."""
    from fpmcoder.cli import main as cli
    from fpmcoder.core import Transcript, Turn
    from fpmcoder.store import Project

    path = tmp_path / "p.fpmc"
    with Project.create(path) as p:
        p.add_transcripts([Transcript("long", tuple(Turn("N", f"turn {i}") for i in range(300)))])
    table = tmp_path / "c.csv"
    table.write_text(
        "transcript,segment,coder,activity\n"
        + "".join(f"long,{i + 1},sam,meaning\n" for i in range(300)),
        encoding="utf-8",
    )
    calls = []
    real = Project.segments
    monkeypatch.setattr(Project, "segments", lambda self, ref: calls.append(ref) or real(self, ref))
    assert cli(["apply", str(path), str(table)]) == 0
    assert len(calls) == 1
    with Project.open(path) as p:
        assert len(p.codings("long", "sam")) == 300


def test_media_links_and_lists(tmp_path, capsys) -> None:
    from fpmcoder.cli import main as cli

    project = tmp_path / "s.fpmc"
    assert cli(["demo", str(project)]) == 0
    rec = tmp_path / "recordings" / "day.wav"
    rec.parent.mkdir()
    rec.write_bytes(b"RIFF")
    capsys.readouterr()
    assert cli(["media", str(project), "--transcript", "day_stay", str(rec)]) == 0
    assert "recordings/day.wav" in capsys.readouterr().out
    assert cli(["media", str(project)]) == 0
    listing = capsys.readouterr().out
    assert "day_stay" in listing and "found" in listing and "(none)" in listing
    rec.unlink()
    assert cli(["media", str(project)]) == 0
    assert "MISSING" in capsys.readouterr().out
    assert cli(["media", str(project), "--transcript", "day_stay", str(rec)]) == 2
    assert "no such recording" in capsys.readouterr().err
