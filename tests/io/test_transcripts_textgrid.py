"""Praat TextGrid: long and short text formats, UTF-8 and UTF-16, checked against praatio."""

from __future__ import annotations

from pathlib import Path

import pytest
from damage import assert_reads_or_names_the_file, damaged  # type: ignore[import-not-found]
from hypothesis import given, settings

from fpmcoder.core.transcript import Turn
from fpmcoder.errors import TranscriptFormatError
from fpmcoder.io.transcripts import ReadOptions, read_transcripts

LONG = """File type = "ooTextFile"
Object class = "TextGrid"

xmin = 0
xmax = 10
tiers? <exists>
size = 3
item []:
    item [1]:
        class = "IntervalTier"
        name = "Mother"
        xmin = 0
        xmax = 10
        intervals: size = 3
        intervals [1]:
            xmin = 0
            xmax = 2.5
            text = "Did you sleep?"
        intervals [2]:
            xmin = 2.5
            xmax = 6
            text = ""
        intervals [3]:
            xmin = 6
            xmax = 10
            text = "She said ""no""."
    item [2]:
        class = "IntervalTier"
        name = "Nurse"
        xmin = 0
        xmax = 10
        intervals: size = 2
        intervals [1]:
            xmin = 0
            xmax = 2
            text = ""
        intervals [2]:
            xmin = 2
            xmax = 7
            text = "A little.
Not much."
    item [3]:
        class = "TextTier"
        name = "events"
        xmin = 0
        xmax = 10
        points: size = 1
        points [1]:
            number = 4.5
            mark = "door bell"
"""

SHORT = """File type = "ooTextFile"
Object class = "TextGrid"

0
10
<exists>
2
"IntervalTier"
"Mother"
0
10
2
0
2.5
"Did you sleep?"
2.5
10
""
"TextTier"
"events"
0
10
1
4.5
"door bell"
"""

EXPECTED = [
    Turn("Mother", "Did you sleep?", 0.0, 2.5),
    Turn("Nurse", "A little.\nNot much.", 2.0, 7.0),
    Turn("Mother", 'She said "no".', 6.0, 10.0),
]


def _write(
    tmp_path: Path, text: str, encoding: str = "utf-8", name: str = "visit.TextGrid"
) -> Path:
    p = tmp_path / name
    p.write_bytes(text.encode(encoding))
    return p


def test_long_format_interval_tiers_in_start_order(tmp_path: Path) -> None:
    [t] = read_transcripts(_write(tmp_path, LONG))
    assert list(t.turns) == EXPECTED  # overlap (Nurse 2-7 inside Mother's turns) kept
    assert t.title == "visit"
    assert t.metadata["format"] == "textgrid"
    assert t.metadata["tiers"] == "Mother, Nurse"  # the point tier is ignored


def test_short_format(tmp_path: Path) -> None:
    [t] = read_transcripts(_write(tmp_path, SHORT))
    assert list(t.turns) == [Turn("Mother", "Did you sleep?", 0.0, 2.5)]
    assert "media" not in t.metadata


def test_the_sound_beside_it_is_the_recording(tmp_path: Path) -> None:
    (tmp_path / "visit.WAV").write_bytes(b"RIFF")
    (tmp_path / "visit.txt").write_text("notes", encoding="utf-8")
    [t] = read_transcripts(_write(tmp_path, SHORT))
    assert t.metadata["media"] == str((tmp_path / "visit.WAV").resolve())


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-8-sig"])
def test_utf16_and_bom(tmp_path: Path, encoding: str) -> None:
    text = LONG.replace("Did you sleep?", "Tu as dormi, chérie ?")
    [t] = read_transcripts(_write(tmp_path, text, encoding))
    assert t.turns[0].text == "Tu as dormi, chérie ?"


def test_tier_option_chooses_tiers(tmp_path: Path) -> None:
    [t] = read_transcripts(_write(tmp_path, LONG), ReadOptions(tiers=("Nurse",)))
    assert [x.speaker for x in t.turns] == ["Nurse"]


def test_unknown_and_point_tiers_are_refused_with_the_tier_names(tmp_path: Path) -> None:
    p = _write(tmp_path, LONG)
    with pytest.raises(TranscriptFormatError, match=r"no tier 'Child'.*'Mother', 'Nurse'"):
        read_transcripts(p, ReadOptions(tiers=("Child",)))
    with pytest.raises(TranscriptFormatError, match="'events' is a point tier"):
        read_transcripts(p, ReadOptions(tiers=("events",)))


def test_recognised_by_content_in_a_txt_file(tmp_path: Path) -> None:
    [t] = read_transcripts(_write(tmp_path, SHORT, name="praat.txt"))
    assert t.metadata["format"] == "textgrid"


@pytest.mark.parametrize(
    ("text", "where", "what"),
    [
        (LONG.replace("xmax = 2.5", "xmax = 2,5"), ":17:", "unexpected ','"),
        (
            LONG.replace('text = "Did you sleep?"', "text = Did you sleep?"),
            ":20:20:",
            "expected the text of interval 1 of tier 'Mother', found 2.5",
        ),
        (LONG[: LONG.index("intervals [3]")], "", "cut short"),
        (LONG.replace('"IntervalTier"', '"Intervals"', 1), ":10:", "class 'Intervals'"),
        (SHORT.replace("<exists>", "2"), ":6:1:", "expected <exists>"),
        (SHORT.replace('"ooTextFile"', '"ooBinaryFile"'), ":1:", "binary TextGrid"),
        (SHORT.replace('"TextGrid"', '"Sound"'), ":2:", "holds a 'Sound'"),
        (LONG.replace("intervals: size = 3", "intervals: size = 2.5"), ":14:27:", "whole number"),
    ],
)
def test_malformed_files_name_the_place(tmp_path: Path, text: str, where: str, what: str) -> None:
    p = _write(tmp_path, text)
    with pytest.raises(TranscriptFormatError, match=what) as info:
        read_transcripts(p)
    assert str(info.value).startswith(f"{p}{where}")


def test_only_point_tiers_or_empty_intervals(tmp_path: Path) -> None:
    points_only = SHORT.replace("<exists>\n2\n", "<exists>\n1\n").split('"IntervalTier"')[0]
    points_only += SHORT[SHORT.index('"TextTier"') :]
    with pytest.raises(TranscriptFormatError, match="no interval tiers"):
        read_transcripts(_write(tmp_path, points_only))
    empty = SHORT.replace('"Did you sleep?"', '"  "')
    with pytest.raises(TranscriptFormatError, match=r"every interval .* is empty"):
        read_transcripts(_write(tmp_path, empty))


def test_files_written_by_praatio(tmp_path: Path) -> None:
    """The long and short files Praat's Python twin writes read back as written."""
    textgrid = pytest.importorskip("praatio.textgrid")
    tg = textgrid.Textgrid()
    tg.addTier(
        textgrid.IntervalTier("Child", [(0.5, 1.25, "ball!"), (3.0, 4.0, "more")], minT=0, maxT=5)
    )
    tg.addTier(textgrid.IntervalTier("Father", [(1.0, 3.5, "which one?")], minT=0, maxT=5))
    tg.addTier(textgrid.PointTier("beats", [(2.0, "x")], minT=0, maxT=5))
    expected = [
        Turn("Child", "ball!", 0.5, 1.25),
        Turn("Father", "which one?", 1.0, 3.5),
        Turn("Child", "more", 3.0, 4.0),
    ]
    for fmt in ("long_textgrid", "short_textgrid"):
        p = tmp_path / f"{fmt}.TextGrid"
        tg.save(str(p), format=fmt, includeBlankSpaces=True)
        [t] = read_transcripts(p)
        assert list(t.turns) == expected, fmt


@settings(max_examples=150, deadline=None)
@given(text=damaged([LONG, SHORT]))
def test_damaged_files_read_or_fail_with_the_file_name(text: str) -> None:
    """Cut short or with junk spliced in: fpmcoder's error naming the file, never a traceback."""
    assert_reads_or_names_the_file(text, "visit.TextGrid")
