"""Recordings linked to transcripts, and times stamped while listening (both backends)."""

from __future__ import annotations

from pathlib import Path

import pytest

from fpmcoder.core import Transcript, Turn
from fpmcoder.core.commands import MergeSegments, StampTime
from fpmcoder.core.memory import MemoryTarget
from fpmcoder.errors import EditError
from pgtest import reopen


def untimed(n: int = 5) -> Transcript:
    return Transcript(
        "plain", tuple(Turn("Nurse" if i % 2 else "Mother", f"words {i}") for i in range(n))
    )


def test_stamps_time_an_untimed_transcript_and_undo(new_project) -> None:
    p = new_project()
    p.add_transcripts([untimed()])
    segs = p.segments("plain")
    assert all(s.start_time is None for s in p.sequence("plain", None).segments)
    undo = [p.stamp_time(seg.id, 2.0 + 3 * i) for i, seg in enumerate(segs[:4])]
    seq = p.sequence("plain", None).segments
    assert [s.start_time for s in seq] == [2.0, 5.0, 8.0, 11.0, None]
    assert [s.end_time for s in seq[:3]] == [5.0, 8.0, 11.0]
    assert seq[3].end_time is None  # the last stamped one runs to where nothing says
    with reopen(p) as again:
        assert again.stamps("plain") == {segs[i].id: 2.0 + 3 * i for i in range(4)}
        rows = again.tidy_rows()
        assert [r.start_time for r in rows[:2]] == [2.0, 5.0]
    p.perform(undo[-1])
    assert p.sequence("plain", None).segments[3].start_time is None
    with pytest.raises(EditError, match="not a time"):
        p.stamp_time(segs[0].id, -1.0)


def test_a_stamp_survives_merge_and_its_undo(codebook) -> None:
    text = "aaaa\nbbbb\ncccc\n"
    t = MemoryTarget.from_spans(codebook, text, [(0, 5), (5, 10), (10, 15)])
    StampTime(2, 4.5).apply(t)
    inverse = MergeSegments(1).apply(t)
    assert t.stamps == {}
    inverse.apply(t)
    assert t.stamps == {2: 4.5}


def test_stamps_take_precedence_over_turn_times(new_project) -> None:
    p = new_project()
    timed = Transcript("timed", tuple(Turn("A", f"t{i}", 10.0 * i, 10.0 * i + 9) for i in range(3)))
    p.add_transcripts([timed])
    segs = p.segments("timed")
    p.stamp_time(segs[1].id, 12.5)
    seq = p.sequence("timed", None).segments
    assert (seq[0].end_time, seq[1].start_time, seq[1].end_time) == (12.5, 12.5, 19.0)


def test_a_recording_link_is_relative_to_the_project_folder(tmp_path: Path, new_project) -> None:
    p = new_project()
    p.add_transcripts([untimed()])
    if p.is_server:
        rec = tmp_path / "visit.wav"
        rec.write_bytes(b"RIFF")
        p.link_media("plain", rec)
        assert p.media_link("plain") == str(rec.resolve())
        assert p.media_path("plain") == rec.resolve()
        return
    folder = p.path.parent
    (folder / "media").mkdir()
    rec = folder / "media" / "visit.wav"
    rec.write_bytes(b"RIFF")
    p.link_media("plain", rec)
    assert p.media_link("plain") == "media/visit.wav"
    assert p.media_path("plain") == rec.resolve()
    p.link_media("plain", None)
    assert p.media_link("plain") is None and p.media_path("plain") is None


def test_an_imported_recording_link_is_kept(tmp_path: Path, new_project) -> None:
    p = new_project()
    rec = tmp_path / "rec.mp4"
    rec.write_bytes(b"....")
    t = Transcript("with media", (Turn("A", "hi", 0.0, 1.0),), metadata={"media": str(rec)})
    p.add_transcripts([t])
    assert p.media_path("with media") == rec.resolve()
