"""``fpmcoder grid`` and ``fpmcoder compare`` end to end, from a table and from a project."""

from __future__ import annotations

import csv
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from fpmcoder.cli import main

MAGIC = {
    ".svg": b"<?xml",
    ".pdf": b"%PDF-",
    ".eps": b"%!PS-Adobe",
    ".png": b"\x89PNG",
    ".tif": b"II*\x00",
}


def _table(path: Path, rows: dict[tuple[str, str], list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["transcript", "setting", "segment", "speaker", "coder", "activity", "dilemmas"])
        for (transcript, coder), acts in rows.items():
            for i, a in enumerate(acts):
                w.writerow(
                    [
                        transcript,
                        "home visit",
                        i + 1,
                        "Nurse" if i % 2 else "Mother",
                        coder,
                        a,
                        "focus" if i == 2 else "",
                    ]
                )
    return path


@pytest.fixture
def table(tmp_path) -> Path:
    acts = ["locating"] * 6 + ["meaning"] * 4 + ["live_action", "", "planning"] * 3
    other = [("meaning" if i % 5 == 0 else a) for i, a in enumerate(acts)]
    return _table(
        tmp_path / "codings.csv",
        {("visit", "alex"): acts, ("visit", "sam"): other, ("stay", "alex"): acts[::-1] * 2},
    )


@pytest.mark.parametrize("suffix", list(MAGIC))
def test_grid_from_a_table_writes_each_format(tmp_path, table, capsys, suffix):
    out = tmp_path / f"grid{suffix}"
    status = main(
        [
            "grid",
            str(table),
            "--transcript",
            "visit",
            "--coder",
            "sam",
            "-o",
            str(out),
            "--size",
            "85mm",
            "--dpi",
            "120",
            "--dilemmas",
            "--speaker",
            "Nurse",
            "--rounded",
            "0.3",
        ]
    )
    assert status == 0, capsys.readouterr().err
    assert out.read_bytes().startswith(MAGIC[suffix])
    assert "wrote" in capsys.readouterr().err


def test_grid_options_reach_the_figure(tmp_path, table):
    out = tmp_path / "g.svg"
    assert (
        main(
            [
                "grid",
                str(table),
                "--transcript",
                "stay",
                "-o",
                str(out),
                "--columns",
                "7",
                "--palette",
                "grey",
                "--title",
                "My title",
                "--no-key",
                "--svg-text",
            ]
        )
        == 0
    )
    root = ET.parse(out).getroot()
    texts = "".join(t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text"))
    assert "My title" in texts and "Locating" not in texts


def test_table_codes_not_in_the_codebook_are_named(tmp_path, capsys):
    bad = _table(tmp_path / "bad.csv", {("visit", "alex"): ["locating", "smalltalk", "gossip"]})
    status = main(["grid", str(bad), "-o", str(tmp_path / "g.svg")])
    err = capsys.readouterr().err
    assert status == 2
    assert "smalltalk" in err and "gossip" in err
    assert not (tmp_path / "g.svg").exists()


def test_bad_options_exit_2_with_a_message(tmp_path, table, capsys):
    assert main(["grid", str(table), "--transcript", "visit", "-o", str(tmp_path / "g.jpg")]) == 2
    assert ".svg, .pdf" in capsys.readouterr().err
    assert (
        main(
            [
                "grid",
                str(table),
                "--transcript",
                "visit",
                "-o",
                str(tmp_path / "g.svg"),
                "--weight",
                "time:15",
            ]
        )
        == 2
    )
    assert "start times" in capsys.readouterr().err
    assert main(["grid", str(table), "-o", str(tmp_path / "g.svg")]) == 2
    assert "--transcript" in capsys.readouterr().err
    assert main(["grid", str(table), "--transcript", "nope", "-o", str(tmp_path / "g.svg")]) == 2


def test_compare_from_a_table(tmp_path, table, capsys):
    out = tmp_path / "cmp.pdf"
    assert (
        main(
            [
                "compare",
                str(table),
                "--transcript",
                "visit",
                "--transcript",
                "stay",
                "-o",
                str(out),
                "--summary",
                "--layout",
                "rows",
                "--size",
                "170mm",
            ]
        )
        == 0
    )
    assert "2 panels" in capsys.readouterr().err
    assert (
        main(
            [
                "compare",
                str(table),
                "--transcript",
                "visit",
                "--coders",
                "alex",
                "sam",
                "-o",
                str(tmp_path / "pair.svg"),
            ]
        )
        == 0
    )
    assert "disagreements marked" in capsys.readouterr().err


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.fpmc"
    assert main(["demo", str(path)]) == 0
    return path


def test_grid_and_compare_from_the_sample_project(tmp_path, demo, capsys):
    for name in ("day_stay", "home_visit", "ongoing_relationship"):
        out = tmp_path / f"{name}.png"
        assert main(["grid", str(demo), "--transcript", name, "-o", str(out), "--dpi", "80"]) == 0
        assert out.stat().st_size > 1000
    assert main(["compare", str(demo), "-o", str(tmp_path / "all.svg"), "--summary"]) == 0
    assert (
        main(
            [
                "compare",
                str(demo),
                "--transcript",
                "home_visit",
                "--coders",
                "alex",
                "sam",
                "-o",
                str(tmp_path / "pair.pdf"),
            ]
        )
        == 0
    )
    err = capsys.readouterr().err
    assert "3 panels" in err and "disagreements marked" in err
