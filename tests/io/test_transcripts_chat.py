"""CHAT (.cha): main tiers to turns, participants, bullets, continuation lines, dependent tiers."""

from __future__ import annotations

from pathlib import Path

import pytest
from damage import assert_reads_or_names_the_file, damaged  # type: ignore[import-not-found]
from hypothesis import given, settings

from fpmcoder.core.transcript import Turn
from fpmcoder.errors import TranscriptFormatError
from fpmcoder.io.transcripts import ReadOptions, read_transcripts

CHA = (
    "@UTF8\n"
    "@Begin\n"
    "@Languages:\teng\n"
    "@Participants:\tCHI Ruth Target_Child, MOT Mother, INV1 Investigator, INV2 Investigator\n"
    "@ID:\teng|corpus|CHI|2;06.||||Target_Child|||\n"
    "@Media:\tvisit3, video\n"
    "@Date:\t04-MAY-2021\n"
    "*MOT:\tdo you want the ball ? \x150_2500\x15\n"
    "%com:\tholds up a red ball\n"
    "%act:\tpoints\n"
    "%mor:\tpro|you v|want det|the n|ball ?\n"
    "*CHI:\tball ! \x152000_3000\x15\n"
    "*MOT:\tthere you go , and then we can\n"
    "\tplay outside [/] outside . \x153000_6000\x15\n"
    "%com:\tlong\n"
    "\tcomment\n"
    "@Comment:\tdog barks\n"
    "*INV1:\tshall I help ?\n"
    "*INV2:\tno .\n"
    "*CHI:\t\x157000_7500\x15\n"
    "%act:\tcries\n"
    "@End\n"
)


def _write(tmp_path: Path, text: str = CHA, name: str = "visit3.cha") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_main_tiers_to_turns(tmp_path: Path) -> None:
    [t] = read_transcripts(_write(tmp_path))
    assert list(t.turns) == [
        Turn("Mother", "do you want the ball ?", 0.0, 2.5),
        Turn("Ruth", "ball !", 2.0, 3.0),
        Turn("Mother", "there you go , and then we can play outside [/] outside .", 3.0, 6.0),
        Turn("Investigator (INV1)", "shall I help ?"),
        Turn("Investigator (INV2)", "no ."),
    ]
    assert t.title == "visit3"
    assert t.date == "04-MAY-2021"
    assert t.header[0] == "@Languages: eng"
    assert t.metadata["format"] == "chat"
    assert t.metadata["notes"].splitlines() == [
        "turn 1: %com: holds up a red ball",
        "turn 1: %act: points",
        "turn 3: %com: long comment",
        "turn 3: @Comment: dog barks",
    ]  # the child's wordless cry (with its %act) is not a turn
    assert t.metadata["media_type"] == "video"


def test_media_found_by_name(tmp_path: Path) -> None:
    (tmp_path / "visit3.mp4").write_bytes(b"\x00")
    [t] = read_transcripts(_write(tmp_path))
    assert t.metadata["media"] == str((tmp_path / "visit3.mp4").resolve())
    assert "warnings" not in t.metadata


def test_media_missing_is_kept_with_a_warning(tmp_path: Path) -> None:
    [t] = read_transcripts(_write(tmp_path))
    assert t.metadata["media"] == "visit3"
    assert "'visit3' named in the file was not found" in t.metadata["warnings"]


def test_tier_option_chooses_speakers(tmp_path: Path) -> None:
    p = _write(tmp_path)
    [t] = read_transcripts(p, ReadOptions(tiers=("CHI", "INV2")))
    assert [x.text for x in t.turns] == ["ball !", "no ."]
    assert "notes" not in t.metadata
    with pytest.raises(TranscriptFormatError, match=r"no speaker code 'FAT'.*'CHI', 'MOT'"):
        read_transcripts(p, ReadOptions(tiers=("FAT",)))


def test_without_participants_and_undeclared_codes(tmp_path: Path) -> None:
    [t] = read_transcripts(_write(tmp_path, "*MOT:\thello .\n*FAT:\thi .\n", "x.cha"))
    assert [x.speaker for x in t.turns] == ["MOT", "FAT"]  # no @UTF8 header: read by its extension
    text = CHA.replace("*INV2:", "*FAT:")
    [t] = read_transcripts(_write(tmp_path, text))
    assert t.turns[4].speaker == "FAT"
    assert "'FAT' (1 line(s)) is not in @Participants" in t.metadata["warnings"]


def test_recognised_by_content(tmp_path: Path) -> None:
    [t] = read_transcripts(_write(tmp_path, name="clan.txt"))
    assert t.metadata["format"] == "chat"


@pytest.mark.parametrize(
    ("text", "where", "what"),
    [
        (CHA.replace("*CHI:\tball", "*CHI ball"), ":12:", "this speaker line cannot be read"),
        (CHA.replace("%act:\tpoints", "%act points"), ":10:", "this dependent tier cannot be read"),
        (
            CHA.replace("\x153000_6000\x15", "\x153000-6000\x15"),
            ":14:29:",
            "time bullet cannot be read",
        ),
        (
            CHA.replace("\x152000_3000\x15", "\x152000_3000"),
            ":12:14:",
            "time bullet cannot be read",
        ),
        (CHA.replace("@Begin\n", "@Begin\n%com:\thello\n"), ":3:", "comes before any speaker line"),
        (CHA.replace("@End", "End of file"), ":22:", "'End of file' is not a CHAT line"),
        ("@UTF8\n@Begin\n@End\n", "", "no speaker lines found"),
        ("\t@UTF8\n", ":1:", "starts with an indented line"),
    ],
)
def test_malformed_files_name_the_place(tmp_path: Path, text: str, where: str, what: str) -> None:
    p = _write(tmp_path, text)
    with pytest.raises(TranscriptFormatError, match=what) as info:
        read_transcripts(p)
    assert str(info.value).startswith(f"{p}{where}")


@settings(max_examples=150, deadline=None)
@given(text=damaged([CHA]))
def test_damaged_files_read_or_fail_with_the_file_name(text: str) -> None:
    """Cut short or with junk spliced in: fpmcoder's error naming the file, never a traceback."""
    assert_reads_or_names_the_file(text, "visit.cha")
