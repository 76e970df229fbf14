"""Caption cues that overlap the cue above, or end before they start, are kept and named.

Before, such files were imported without a word; time-weighted figures then count the
overlap twice, or a turn with a negative duration.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from fpmcoder.cli import main
from fpmcoder.io.transcripts import read_transcripts

ODD = """WEBVTT

00:00:01.000 --> 00:00:04.000
<v Nurse>How was the night?

00:00:03.500 --> 00:00:05.000
<v Mother>Long.

00:00:09.000 --> 00:00:07.000
<v Nurse>And today?

00:00:10.000 --> 00:00:11.000
<v Mother>Better.
"""


def _warnings(path: Path) -> list[str]:
    [t] = read_transcripts(path)
    assert len(t.turns) == 4  # everything is kept
    return t.metadata.get("warnings", "").splitlines()


def test_overlap_and_backwards_cue_are_named(tmp_path: Path) -> None:
    path = tmp_path / "odd.vtt"
    path.write_text(ODD, encoding="utf-8")
    assert _warnings(path) == [
        "line 6: the cue starting at 00:00:03.500 overlaps the cue of line 3 (until "
        "00:00:04.000); both are kept (overlapping speech)",
        "line 9: the cue 00:00:09.000 --> 00:00:07.000 ends before it starts; it is kept "
        "with these times (correct them in the file)",
    ]


def test_srt_and_a_long_cue_that_several_overlap(tmp_path: Path) -> None:
    cues = [(0, 60), (10, 12), (20, 22), (30, 32), (40, 42), (50, 52), (55, 58), (61, 62)]

    def t(s: int) -> str:
        return f"00:{s // 60:02d}:{s % 60:02d},000"

    blocks = [
        f"{n}\n{t(a)} --> {t(b)}\nP{n % 2}: words {n}\n" for n, (a, b) in enumerate(cues, start=1)
    ]
    path = tmp_path / "long.srt"
    path.write_text("\n".join(blocks), encoding="utf-8")
    found = _warnings_srt(path)
    assert [w.split(":")[0] for w in found[:5]] == [f"line {2 + 4 * k}" for k in range(1, 6)]
    assert all("of line 2 (until 00:01:00.000)" in w for w in found[:5])
    assert found[5] == "... and 1 more odd cue(s)"
    assert not any("line 30" in w for w in found)  # the last cue starts after 00:01:00


def _warnings_srt(path: Path) -> list[str]:
    [t] = read_transcripts(path)
    assert len(t.turns) == 8
    return [w for w in t.metadata.get("warnings", "").splitlines() if "speaker" not in w]


def test_cues_in_order_give_no_warning(tmp_path: Path) -> None:
    path = tmp_path / "fine.vtt"
    text = ODD.replace("00:00:03.500 --> 00:00:05.000", "00:00:04.000 --> 00:00:05.000")
    path.write_text(text.replace("00:00:09.000 --> 00:00:07.000", "00:00:06.000 --> 00:00:07.000"))
    assert _warnings(path) == []


def test_import_prints_them(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "odd.vtt"
    path.write_text(ODD, encoding="utf-8")
    assert main(["import", str(tmp_path / "p.fpmc"), str(path)]) == 0
    err = capsys.readouterr().err
    assert "odd.vtt: line 6: the cue starting at 00:00:03.500 overlaps" in err
    assert "odd.vtt: line 9: the cue 00:00:09.000 --> 00:00:07.000 ends before it starts" in err
