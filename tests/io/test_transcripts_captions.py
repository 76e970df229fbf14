"""WebVTT, SRT and Zoom saved captions."""

from __future__ import annotations

from pathlib import Path

import pytest

from fpmcoder.core.transcript import Turn
from fpmcoder.errors import TranscriptFormatError
from fpmcoder.io.transcripts import ReadOptions, read_transcripts

VTT = """WEBVTT
Kind: captions

NOTE this is a comment
that spans two lines

STYLE
::cue { color: yellow }

1
00:00:01.000 --> 00:00:04.000 align:start
<v Nurse>How was <i>the</i> night?</v>

intro-2
00:00:04.500 --> 00:00:06.000
<v.loud Mother>Long &amp; hard.
She woke four times.

00:07.000 --> 00:08.000
<c.yellow>Mother: And the day?</c>

00:00:08.000 --> 00:00:09.000
<v Mother>Even worse.

00:00:09.000 --> 00:00:10.000
no speaker here
"""


def _write(tmp_path: Path, text: str, name: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_vtt_voices_prefixes_tags_notes_and_ids(tmp_path: Path) -> None:
    [t] = read_transcripts(_write(tmp_path, VTT, "c.vtt"))
    assert t.turns == (
        Turn("Nurse", "How was the night?", 1.0, 4.0),
        Turn("Mother", "Long & hard. She woke four times.", 4.5, 6.0),
        Turn("Mother", "And the day?", 7.0, 8.0),
        Turn("Mother", "Even worse.", 8.0, 9.0),
        Turn("", "no speaker here", 9.0, 10.0),
    )
    assert "1 cue(s) have no speaker" in t.metadata["warnings"]


def test_vtt_merge_cues_of_one_speaker(tmp_path: Path) -> None:
    [t] = read_transcripts(_write(tmp_path, VTT, "c.vtt"), ReadOptions(merge_cues=True))
    assert t.turns == (
        Turn("Nurse", "How was the night?", 1.0, 4.0),
        Turn("Mother", "Long & hard. She woke four times. And the day? Even worse.", 4.5, 9.0),
        Turn("", "no speaker here", 9.0, 10.0),
    )


def test_vtt_cue_with_two_voices(tmp_path: Path) -> None:
    text = "WEBVTT\n\n00:01.000 --> 00:02.000\n<v A>Hi.</v> <v B>Hello.</v>\n"
    [t] = read_transcripts(_write(tmp_path, text, "c.vtt"))
    assert t.turns == (Turn("A", "Hi.", 1.0, 2.0), Turn("B", "Hello.", 1.0, 2.0))


def test_vtt_bad_timestamp_is_refused_with_line_and_column(tmp_path: Path) -> None:
    text = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v A>Hi\n\n00:00:03.000 --> 0:0x:04\n<v B>x\n"
    with pytest.raises(TranscriptFormatError, match="'0:0x:04' is not a time") as info:
        read_transcripts(_write(tmp_path, text, "c.vtt"))
    assert (info.value.line, info.value.column) == (6, 18)


def test_vtt_cue_without_timing_line_is_refused(tmp_path: Path) -> None:
    text = "WEBVTT\n\n1\n00:00:01.000 -> 00:00:02.000\nHi\n"
    with pytest.raises(TranscriptFormatError, match="expected a cue timing line") as info:
        read_transcripts(_write(tmp_path, text, "c.vtt"))
    assert info.value.line == 4


def test_vtt_must_start_with_webvtt(tmp_path: Path) -> None:
    with pytest.raises(TranscriptFormatError, match="must start with the line 'WEBVTT'"):
        read_transcripts(_write(tmp_path, "hello\n\n00:01.000 --> 00:02.000\nx\n", "c.vtt"))


def test_vtt_without_cues_is_refused(tmp_path: Path) -> None:
    with pytest.raises(TranscriptFormatError, match="no caption cues"):
        read_transcripts(_write(tmp_path, "WEBVTT\n\nNOTE nothing\n", "c.vtt"))


SRT = """1
00:00:01,000 --> 00:00:02,500
<i>Nurse:</i> Hello there,
how are you?

2
00:00:03,000 --> 00:00:04,000
{\\an8}Mother: <font color="red">Tired.</font>

3
00:00:04,000 --> 00:00:05,000
Mother: Very tired.
"""


def test_srt(tmp_path: Path) -> None:
    [t] = read_transcripts(_write(tmp_path, SRT, "c.srt"))
    assert t.turns == (
        Turn("Nurse", "Hello there, how are you?", 1.0, 2.5),
        Turn("Mother", "Tired.", 3.0, 4.0),
        Turn("Mother", "Very tired.", 4.0, 5.0),
    )
    [merged] = read_transcripts(_write(tmp_path, SRT, "c.srt"), ReadOptions(merge_cues=True))
    assert merged.turns[1] == Turn("Mother", "Tired. Very tired.", 3.0, 5.0)


def test_srt_detected_in_a_txt_file_with_crlf(tmp_path: Path) -> None:
    path = tmp_path / "c.txt"
    path.write_bytes(SRT.replace("\n", "\r\n").encode("utf-8"))
    [t] = read_transcripts(path)
    assert t.metadata["format"] == "srt"
    assert len(t.turns) == 3


def test_srt_bad_timing_is_refused(tmp_path: Path) -> None:
    text = "1\n00:00:01,000 --> 00:00:02,000\nA: hi\n\n2\n00:00:03 --> soon\nB: x\n"
    with pytest.raises(TranscriptFormatError, match="'soon' is not a time") as info:
        read_transcripts(_write(tmp_path, text, "c.srt"))
    assert info.value.line == 6


ZOOM = (
    "[Experimenter] 19:00:25\r\nHello! Um, so…\r\n\r\n"
    "[Experimenter] 19:00:28\r\nWe wait till 7.05.\r\n\r\n"
    "[G3P1] 19:00:48\r\nOkay, that works.\r\nThanks.\r\n"
)


def test_zoom_captions_detected_in_txt(tmp_path: Path) -> None:
    path = tmp_path / "meeting_saved_closed_caption.txt"
    path.write_bytes(ZOOM.encode("utf-8"))
    [t] = read_transcripts(path)
    assert t.metadata["format"] == "zoom"
    assert t.metadata["clock_start"] == "19:00:25"
    assert t.turns == (
        Turn("Experimenter", "Hello! Um, so…", 0.0),
        Turn("Experimenter", "We wait till 7.05.", 3.0),
        Turn("G3P1", "Okay, that works. Thanks.", 23.0),
    )


def test_zoom_forced_on_a_file_without_captions(tmp_path: Path) -> None:
    path = _write(tmp_path, "A: hello\n", "c.txt")
    with pytest.raises(TranscriptFormatError, match="no Zoom caption lines"):
        read_transcripts(path, ReadOptions(format="zoom"))


def test_zoom_meeting_past_midnight(tmp_path: Path) -> None:
    text = "[A] 23:59:50\nlate\n\n[B] 00:00:05\nvery late\n"
    [t] = read_transcripts(_write(tmp_path, text, "z.txt"))
    assert [x.start for x in t.turns] == [0.0, 15.0]


def test_vtt_prefix_after_chevrons(tmp_path: Path) -> None:
    text = "WEBVTT\n\n00:01.000 --> 00:02.000\n>> NURSE: Hello.\n\n00:02.000 --> 00:03.000\n>> MOTHER: Hi.\n"
    [t] = read_transcripts(_write(tmp_path, text, "c.vtt"))
    assert [(x.speaker, x.text) for x in t.turns] == [("NURSE", "Hello."), ("MOTHER", "Hi.")]


def test_srt_cues_without_blank_lines_between_them(tmp_path: Path) -> None:
    text = "1\n00:00:01,000 --> 00:00:02,000\nA: one\n2\n00:00:02,000 --> 00:00:03,000\nB: two\n"
    [t] = read_transcripts(_write(tmp_path, text, "c.srt"))
    assert t.turns == (Turn("A", "one", 1.0, 2.0), Turn("B", "two", 2.0, 3.0))
