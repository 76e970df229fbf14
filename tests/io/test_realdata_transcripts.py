"""Every transcript file under ../shared/realdata imports, or is refused with a clear message.

The files are read in place (never copied): the ``realdata`` fixture skips when the folder
is absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from fpmcoder.errors import TranscriptFormatError
from fpmcoder.io.transcripts import ReadOptions, read_transcripts

pytestmark = pytest.mark.realdata

# Files that are not transcripts (or hold no speaker labels) and must be refused;
# every other file under realdata must import.
REFUSED = {
    "README.md": "no speaker turns found",
    "interviews/README-source.md": "no speaker turns found",
    "misunderstandings-irr/README-data.md": "no speaker turns found",
    "qualcoder-examples/LICENSE.txt": "no speaker turns found",
    "qualcoder-examples/ID1.docx": "no speaker turns found",
    "qualcoder-examples/ID2.odt": "no speaker turns found",
    "refi-qdpx/LICENSE-qualitative-coding-AGPL": "only one speaker label",
    "zoom-captions/LICENSE": "no speaker turns found",
    "refi-qdpx/blank-atlas-project.qdpx": "REFI-QDA project",
    "refi-qdpx/maxqda24_paper_themes.qdpx": "REFI-QDA project",
    "refi-qdpx/nvivo_project.qdpx": "REFI-QDA project",
    "refi-qdpx/qc_demo.qdpx": "REFI-QDA project",
    "refi-qdpx/target-atlas-project.qdpx": "REFI-QDA project",
}


def test_every_file_imports_or_is_refused_clearly(realdata: Path) -> None:
    files = sorted(p for p in realdata.rglob("*") if p.is_file())
    imported = 0
    for path in files:
        key = path.relative_to(realdata).as_posix()
        if key in REFUSED:
            with pytest.raises(TranscriptFormatError, match=REFUSED[key]) as info:
                read_transcripts(path)
            assert info.value.path == path
            continue
        result = read_transcripts(path)
        assert result, key
        for t in result:
            assert t.turns, key
            assert all(turn.text and turn.text == turn.text.strip() for turn in t.turns), key
            assert t.source == str(path)
        imported += 1
    assert imported == len(files) - len(REFUSED) >= 40


def test_annomi_simple(realdata: Path) -> None:
    ts = read_transcripts(realdata / "annomi" / "AnnoMI-simple.csv")
    assert len(ts) == 133
    assert sum(len(t.turns) for t in ts) == 9699
    first = ts[0]
    assert first.title == "0"
    assert first.speakers == ["therapist", "client"]
    assert first.turns[0].start == 13.0
    assert first.metadata["topic"] == "reducing alcohol consumption"
    bad = [t for t in ts if "00:09:025" in t.metadata.get("warnings", "")]
    assert len(bad) == 1
    assert any(turn.start is None for turn in bad[0].turns)


def test_annomi_full_imports_one_copy_per_annotated_transcript(realdata: Path) -> None:
    ts = read_transcripts(realdata / "annomi" / "AnnoMI-full.csv")
    simple = read_transcripts(realdata / "annomi" / "AnnoMI-simple.csv")
    assert len(ts) == 133
    assert sum(len(t.turns) for t in ts) == 9699
    copied = [t for t in ts if "one copy per annotator" in t.metadata.get("warnings", "")]
    assert len(copied) == 7
    by_title = {t.title: t.turns for t in simple}
    assert all(t.turns == by_title[t.title] for t in copied)


def test_interviews(realdata: Path) -> None:
    folder = realdata / "interviews"
    [french] = read_transcripts(folder / "Interview 2.txt")
    assert french.speakers[:2] == ["Interviewer1", "Interviewee1"]
    assert "problème" in french.text
    [three] = read_transcripts(folder / "Interview 3.txt")
    assert "Unknown Speaker" in three.speakers  # a label alone on its own line
    [ten] = read_transcripts(folder / "Interview 10.txt")
    assert ten.speakers == ["interviewee", "interviewer"]
    [seven] = read_transcripts(folder / "Interview 7.txt")
    assert "may be spelled several ways" in seven.metadata["warnings"]
    for path in folder.glob("*.txt"):
        [t] = read_transcripts(path)
        assert len(t.turns) >= 50, path.name
        assert all(s.lower().startswith(("interview", "unknown")) for s in t.speakers), path.name


def test_zoom_captions(realdata: Path) -> None:
    folder = realdata / "zoom-captions"
    [t] = read_transcripts(folder / "meeting_saved_closed_caption.txt")
    assert t.metadata["format"] == "zoom"
    assert len(t.turns) == 722
    assert t.turns[0].start == 0.0
    [merged] = read_transcripts(
        folder / "meeting_saved_closed_caption.txt", ReadOptions(format="zoom")
    )
    assert merged.turns == t.turns
    [coded] = read_transcripts(folder / "meeting_saved_closed_caption.phase-coded.csv")
    assert len(coded.turns) == 722
    assert [x.text for x in coded.turns] == [x.text for x in t.turns]


def test_misunderstandings_table_has_no_speakers(realdata: Path) -> None:
    ts = read_transcripts(realdata / "misunderstandings-irr" / "IRR_misunderstandings_data.csv")
    assert sum(len(t.turns) for t in ts) == 1549
    assert all(t.speakers == [""] for t in ts)


def test_qualcoder_bracket_labels(realdata: Path) -> None:
    [t] = read_transcripts(realdata / "qualcoder-examples" / "transcript.txt")
    assert t.speakers == ["id1", "id2", "id3"]
    assert len(t.turns) == 7
