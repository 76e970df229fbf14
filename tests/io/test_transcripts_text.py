"""Plain text and Markdown: labels, continuation lines, header, sentences with colons."""

from __future__ import annotations

from pathlib import Path

import pytest

from fpmcoder.core.transcript import Turn
from fpmcoder.errors import TranscriptFormatError
from fpmcoder.io.transcripts import ReadOptions, read_transcripts


def _read(tmp_path: Path, text: str, name: str = "visit.txt") -> list[Turn]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    [transcript] = read_transcripts(path)
    return list(transcript.turns)


def _pairs(turns: list[Turn]) -> list[tuple[str, str]]:
    return [(t.speaker, t.text) for t in turns]


def test_name_colon_labels(tmp_path: Path) -> None:
    turns = _read(tmp_path, "Nurse: How was the night?\nMother: Long. She woke four times.\n")
    assert _pairs(turns) == [
        ("Nurse", "How was the night?"),
        ("Mother", "Long. She woke four times."),
    ]


def test_space_before_colon_and_leading_space(tmp_path: Path) -> None:
    turns = _read(tmp_path, "Interviewer1 : Hello.\n Interviewee1 : Hi there.\n")
    assert _pairs(turns) == [("Interviewer1", "Hello."), ("Interviewee1", "Hi there.")]


def test_bracketed_time_before_label(tmp_path: Path) -> None:
    turns = _read(tmp_path, "[00:01:05] Nurse: Shall we try?\n[00:01:09.5] Mother: Yes.\n")
    assert turns == [Turn("Nurse", "Shall we try?", 65.0), Turn("Mother", "Yes.", 69.5)]


def test_time_in_parentheses_after_label(tmp_path: Path) -> None:
    turns = _read(tmp_path, "Nurse (00:01:05): Shall we try?\nMother (1:10): Yes.\n")
    assert turns == [Turn("Nurse", "Shall we try?", 65.0), Turn("Mother", "Yes.", 70.0)]


def test_label_alone_on_its_line(tmp_path: Path) -> None:
    text = "Nurse: Anything else?\n\nUnknown Speaker\nAre you interested in sleep?\n"
    assert _pairs(_read(tmp_path, text)) == [
        ("Nurse", "Anything else?"),
        ("Unknown Speaker", "Are you interested in sleep?"),
    ]


def test_otter_style_label_and_time_then_text(tmp_path: Path) -> None:
    text = (
        "Speaker 1  0:03\nHello, how are you?\n\n"
        "Speaker 2  0:10\nFine thanks.\nAnd you?\n\n"
        "Speaker 1  1:02:03\nGood.\n"
    )
    assert _read(tmp_path, text) == [
        Turn("Speaker 1", "Hello, how are you?", 3.0),
        Turn("Speaker 2", "Fine thanks. And you?", 10.0),
        Turn("Speaker 1", "Good.", 3723.0),
    ]


def test_wrapped_lines_join_and_paragraph_breaks_stay(tmp_path: Path) -> None:
    text = "Nurse: We could try a\nwalk before bed.\n\nOr a bath.\nMother: Maybe.\n"
    assert _pairs(_read(tmp_path, text)) == [
        ("Nurse", "We could try a walk before bed.\nOr a bath."),
        ("Mother", "Maybe."),
    ]


def test_header_lines_before_first_turn(tmp_path: Path) -> None:
    path = tmp_path / "v.txt"
    path.write_text(
        "Home visit 3\nDate: 4 May 2021\nSetting: home visit\n\nNurse: Hello.\nMother: Hi.\n",
        encoding="utf-8",
    )
    [t] = read_transcripts(path)
    assert t.header == ("Home visit 3", "Date: 4 May 2021", "Setting: home visit")
    assert t.date == "4 May 2021"
    assert t.setting == "home visit"
    assert _pairs(list(t.turns)) == [("Nurse", "Hello."), ("Mother", "Hi.")]


def test_sentences_with_a_colon_are_text(tmp_path: Path) -> None:
    text = (
        "Nurse: What helps?\n"
        "Mother: I tried this: a bottle at ten.\n"
        "The reason is simple: she is hungry.\n"
        "Note: the baby cried here.\n"
        "Nurse: That makes sense.\n"
    )
    assert _pairs(_read(tmp_path, text)) == [
        ("Nurse", "What helps?"),
        (
            "Mother",
            "I tried this: a bottle at ten. The reason is simple: she is hungry. "
            "Note: the baby cried here.",
        ),
        ("Nurse", "That makes sense."),
    ]


def test_a_lowercase_label_counts_when_it_recurs(tmp_path: Path) -> None:
    text = "interviewer: one\ninterviewee: two\ninterviewer: three\ninterviewee: four\n"
    assert [t.speaker for t in _read(tmp_path, text)] == ["interviewer", "interviewee"] * 2


def test_a_short_line_followed_by_a_blank_is_not_a_label(tmp_path: Path) -> None:
    text = "Nurse: Did you ever\n\nGo\n\nMother: for it, yes.\n"
    assert _pairs(_read(tmp_path, text)) == [
        ("Nurse", "Did you ever\nGo"),
        ("Mother", "for it, yes."),
    ]


def test_markdown_bold_labels(tmp_path: Path) -> None:
    text = "# Visit\n\n**Nurse:** Hello.\n\n**Mother**: Hi.\n"
    path = tmp_path / "v.md"
    path.write_text(text, encoding="utf-8")
    [t] = read_transcripts(path)
    assert t.header == ("# Visit",)
    assert _pairs(list(t.turns)) == [("Nurse", "Hello."), ("Mother", "Hi.")]


def test_bracket_labels(tmp_path: Path) -> None:
    text = "[id1] hello there\n\n[id2] I am struggling.\n\n[id1] yes, I agree\n"
    assert _pairs(_read(tmp_path, text)) == [
        ("id1", "hello there"),
        ("id2", "I am struggling."),
        ("id1", "yes, I agree"),
    ]


def test_label_without_text_is_dropped_and_reported(tmp_path: Path) -> None:
    path = tmp_path / "v.txt"
    path.write_text("Nurse: Hello.\nMother:\nNurse: Still there?\n", encoding="utf-8")
    [t] = read_transcripts(path)
    assert [x.text for x in t.turns] == ["Hello.", "Still there?"]
    assert "no text" in t.metadata["warnings"]


def test_speaker_spelled_two_ways_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "v.txt"
    path.write_text("Interviewer1: a\nInterviewer 1: b\nInterviewee: c\n", encoding="utf-8")
    [t] = read_transcripts(path)
    assert t.speakers == ["Interviewer1", "Interviewer 1", "Interviewee"]
    assert "'Interviewer1', 'Interviewer 1'" in t.metadata["warnings"]


def test_title_is_the_file_stem_or_the_option(tmp_path: Path) -> None:
    path = tmp_path / "Home visit 2.txt"
    path.write_text("A: x\nB: y\n", encoding="utf-8")
    assert read_transcripts(path)[0].title == "Home visit 2"
    assert read_transcripts(path, ReadOptions(title="Visit"))[0].title == "Visit"
    assert read_transcripts(path)[0].source == str(path)


def test_text_without_labels_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("Some notes about the visit.\nNothing more.\n", encoding="utf-8")
    with pytest.raises(TranscriptFormatError, match="no speaker turns found"):
        read_transcripts(path)


def test_unicode_is_normalised_to_nfc(tmp_path: Path) -> None:
    turns = _read(tmp_path, "Élodie: cafe\u0301\u00a0noir\r\nNurse: ok 👍\r\n")
    assert _pairs(turns) == [("Élodie", "café noir"), ("Nurse", "ok 👍")]


def test_labels_with_a_role_in_parentheses(tmp_path: Path) -> None:
    text = (
        "Health Visitor (HV): How is feeding?\n"
        "Mother (M) [00:12:01]: Better.\n"
        "He said (quietly): no.\n"
        "Health Visitor (HV): Good.\n"
    )
    assert _read(tmp_path, text) == [
        Turn("Health Visitor (HV)", "How is feeding?"),
        Turn("Mother (M)", "Better. He said (quietly): no.", 721.0),
        Turn("Health Visitor (HV)", "Good."),
    ]


def test_a_time_alone_above_a_turn_is_its_start(tmp_path: Path) -> None:
    text = "00:00:05\nNurse: Hello.\n\n[00:01:00]\n\nMother: Hi.\nThe time was 10:30\n"
    assert _read(tmp_path, text) == [
        Turn("Nurse", "Hello.", 5.0),
        Turn("Mother", "Hi. The time was 10:30", 60.0),
    ]


def test_a_title_that_looks_like_a_lone_label_is_header(tmp_path: Path) -> None:
    path = tmp_path / "v.txt"
    path.write_text(
        "Interview 3  12:30\nHome Visit\n\nSpeaker 1  0:03\nHello.\n\nSpeaker 2  0:10\nHi.\n"
        "\nSpeaker 1  0:12\nBye.\n",
        encoding="utf-8",
    )
    [t] = read_transcripts(path)
    assert t.header == ("Interview 3  12:30", "Home Visit")
    assert [(x.speaker, x.text, x.start) for x in t.turns] == [
        ("Speaker 1", "Hello.", 3.0),
        ("Speaker 2", "Hi.", 10.0),
        ("Speaker 1", "Bye.", 12.0),
    ]


def test_markdown_bold_label_followed_by_a_colon_in_the_text(tmp_path: Path) -> None:
    assert _pairs(_read(tmp_path, "**Nurse:** : yes\n**Mother**: no\n", "v.md")) == [
        ("Nurse", ": yes"),
        ("Mother", "no"),
    ]
