"""`fpmcoder import` of ELAN/CHAT/TextGrid files (with --tier) and `fpmcoder export -o FILE.eaf`."""

from __future__ import annotations

from pathlib import Path

import pytest

from fpmcoder.cli import main
from fpmcoder.store import Project

TEXTGRID = """File type = "ooTextFile"
Object class = "TextGrid"

0
9
<exists>
3
"IntervalTier"
"Mother"
0
9
2
0
2.5
"Did you sleep?"
6
9
"She said no."
"IntervalTier"
"Nurse"
0
9
1
2
6
"A little."
"TextTier"
"events"
0
9
1
4.5
"door bell"
"""


def run(*args: object) -> int:
    return main([str(a) for a in args])


def test_import_code_and_export_to_elan(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    elan = pytest.importorskip("pympi.Elan")
    grid = tmp_path / "visit.TextGrid"
    grid.write_text(TEXTGRID, encoding="utf-16")
    (tmp_path / "visit.wav").write_bytes(b"RIFF")
    project = tmp_path / "p.fpmc"
    assert run("import", project, grid) == 0
    assert "3 segments" in capsys.readouterr().out
    with Project.open(project) as p:
        assert [t.speaker for t in p.transcript("visit").turns] == ["Mother", "Nurse", "Mother"]
        segs = p.segments("visit")
        p.add_coder("alex")
        p.assign_activity(segs[0].id, "alex", "meaning")
        p.toggle_dilemma(segs[0].id, "alex", "focus")
        p.assign_activity(segs[2].id, "alex", "planning")
    out = tmp_path / "visit.eaf"
    assert (
        run(
            "export", project, "--transcript", "visit", "--media", tmp_path / "visit.wav", "-o", out
        )
        == 0
    )
    assert "tiers: Mother, Nurse, alex, alex dilemmas" in capsys.readouterr().out
    eaf = elan.Eaf(str(out))
    assert eaf.get_annotation_data_for_tier("alex") == [
        (0, 2500, "meaning"),
        (6000, 9000, "planning"),
    ]
    assert eaf.get_ref_annotation_data_for_tier("alex dilemmas") == [(0, 2500, "focus", "meaning")]
    assert eaf.get_annotation_data_for_tier("Nurse") == [(2000, 6000, "A little.")]
    assert eaf.get_linked_files()[0]["RELATIVE_MEDIA_URL"] == "./visit.wav"
    vocabulary = [v[0][0][0] for v in eaf.get_cv_entries("fpmcoder-activities").values()]
    assert vocabulary[:4] == ["locating", "meaning", "live_action", "planning"]

    # the exported file imports again, its coder tiers left out; --tier picks tiers
    assert run("import", project, out, "--tier", "Nurse", "--title", "nurse only") == 0
    with Project.open(project) as p:
        assert [t.text for t in p.transcript("nurse only").turns] == ["A little."]


def test_elan_export_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = tmp_path / "plain.txt"
    text.write_text("Nurse: Hello.\nMother: Hi.\n", encoding="utf-8")
    project = tmp_path / "p.fpmc"
    assert run("import", project, text, "--tier", "Nurse") == 0
    assert "--tier applies to ELAN, CHAT and TextGrid files only" in capsys.readouterr().err
    assert run("export", project, "-o", tmp_path / "x.eaf") == 2
    assert "an ELAN file holds one transcript" in capsys.readouterr().err
    assert run("export", project, "--transcript", "plain", "-o", tmp_path / "x.eaf") == 2
    assert "'plain' has no times" in capsys.readouterr().err
    assert (
        run("export", project, "--transcript", "plain", "--coder", "zoe", "-o", tmp_path / "x.eaf")
        == 2
    )
    assert "no coder called 'zoe'" in capsys.readouterr().err


def test_import_errors_are_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.cha"
    bad.write_text("@UTF8\n*MOT hello\n", encoding="utf-8")
    assert run("import", tmp_path / "p.fpmc", bad) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"fpmcoder: error: {bad}:2: this speaker line cannot be read")
    assert "Traceback" not in err
    assert not (tmp_path / "p.fpmc").exists()
    grid = tmp_path / "g.TextGrid"
    grid.write_text(TEXTGRID, encoding="utf-8")
    assert run("import", tmp_path / "p.fpmc", grid, "--tier", "events") == 2
    assert "'events' is a point tier" in capsys.readouterr().err
