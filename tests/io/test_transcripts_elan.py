"""ELAN .eaf: tiers to turns, notes from child tiers, the recording; checked against pympi-ling."""

from __future__ import annotations

from pathlib import Path

import pytest
from damage import assert_reads_or_names_the_file, damaged  # type: ignore[import-not-found]
from hypothesis import given, settings

from fpmcoder.core.transcript import Turn
from fpmcoder.errors import TranscriptFormatError
from fpmcoder.io.transcripts import ReadOptions, read_transcripts

EAF = """<?xml version="1.0" encoding="UTF-8"?>
<ANNOTATION_DOCUMENT AUTHOR="" DATE="2024-05-04T10:00:00+01:00" FORMAT="3.0" VERSION="3.0">
  <HEADER MEDIA_FILE="" TIME_UNITS="milliseconds">
    <MEDIA_DESCRIPTOR MEDIA_URL="file:///nowhere/visit.wav" MIME_TYPE="audio/x-wav" RELATIVE_MEDIA_URL="./visit.wav"/>
  </HEADER>
  <TIME_ORDER>
    <TIME_SLOT TIME_SLOT_ID="ts1" TIME_VALUE="0"/>
    <TIME_SLOT TIME_SLOT_ID="ts2" TIME_VALUE="2500"/>
    <TIME_SLOT TIME_SLOT_ID="ts3" TIME_VALUE="2000"/>
    <TIME_SLOT TIME_SLOT_ID="ts4" TIME_VALUE="7000"/>
    <TIME_SLOT TIME_SLOT_ID="ts5" TIME_VALUE="6000"/>
    <TIME_SLOT TIME_SLOT_ID="ts6" TIME_VALUE="10000"/>
    <TIME_SLOT TIME_SLOT_ID="ts7" TIME_VALUE="3000"/>
    <TIME_SLOT TIME_SLOT_ID="ts8" TIME_VALUE="4000"/>
    <TIME_SLOT TIME_SLOT_ID="ts9" TIME_VALUE="6500"/>
    <TIME_SLOT TIME_SLOT_ID="ts10" TIME_VALUE="8000"/>
    <TIME_SLOT TIME_SLOT_ID="ts11"/>
  </TIME_ORDER>
  <TIER LINGUISTIC_TYPE_REF="utterance" PARTICIPANT="Mother" TIER_ID="MOT words">
    <ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID="a1" TIME_SLOT_REF1="ts1" TIME_SLOT_REF2="ts2">
      <ANNOTATION_VALUE>Did you sleep?</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION>
    <ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID="a2" TIME_SLOT_REF1="ts5" TIME_SLOT_REF2="ts6">
      <ANNOTATION_VALUE>She said no.</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION>
  </TIER>
  <TIER LINGUISTIC_TYPE_REF="utterance" TIER_ID="Nurse">
    <ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID="a3" TIME_SLOT_REF1="ts3" TIME_SLOT_REF2="ts4">
      <ANNOTATION_VALUE>A little &amp; not much.</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION>
    <ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID="a9" TIME_SLOT_REF1="ts9" TIME_SLOT_REF2="ts10">
      <ANNOTATION_VALUE>  </ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION>
  </TIER>
  <TIER LINGUISTIC_TYPE_REF="translation" PARENT_REF="MOT words" TIER_ID="MOT english">
    <ANNOTATION><REF_ANNOTATION ANNOTATION_ID="a4" ANNOTATION_REF="a1">
      <ANNOTATION_VALUE>Did you sleep (en)</ANNOTATION_VALUE></REF_ANNOTATION></ANNOTATION>
  </TIER>
  <TIER LINGUISTIC_TYPE_REF="parts" PARENT_REF="MOT words" TIER_ID="MOT parts">
    <ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID="a10" TIME_SLOT_REF1="ts1" TIME_SLOT_REF2="ts11">
      <ANNOTATION_VALUE>Did you</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION>
    <ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID="a11" TIME_SLOT_REF1="ts11" TIME_SLOT_REF2="ts2">
      <ANNOTATION_VALUE>sleep?</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION>
  </TIER>
  <TIER LINGUISTIC_TYPE_REF="gloss" PARENT_REF="MOT english" TIER_ID="MOT gloss">
    <ANNOTATION><REF_ANNOTATION ANNOTATION_ID="a5" ANNOTATION_REF="a4">
      <ANNOTATION_VALUE>question</ANNOTATION_VALUE></REF_ANNOTATION></ANNOTATION>
  </TIER>
  <TIER LINGUISTIC_TYPE_REF="gesture" PARENT_REF="Nurse" TIER_ID="Nurse gesture">
    <ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID="a6" TIME_SLOT_REF1="ts7" TIME_SLOT_REF2="ts8">
      <ANNOTATION_VALUE>nods</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION>
  </TIER>
  <TIER LINGUISTIC_TYPE_REF="codes" TIER_ID="activity">
    <ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID="a7" TIME_SLOT_REF1="ts1" TIME_SLOT_REF2="ts4">
      <ANNOTATION_VALUE>CM</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION>
  </TIER>
  <LINGUISTIC_TYPE GRAPHIC_REFERENCES="false" LINGUISTIC_TYPE_ID="utterance" TIME_ALIGNABLE="true"/>
  <LINGUISTIC_TYPE CONSTRAINTS="Symbolic_Association" GRAPHIC_REFERENCES="false" LINGUISTIC_TYPE_ID="translation" TIME_ALIGNABLE="false"/>
  <LINGUISTIC_TYPE CONSTRAINTS="Symbolic_Association" GRAPHIC_REFERENCES="false" LINGUISTIC_TYPE_ID="gloss" TIME_ALIGNABLE="false"/>
  <LINGUISTIC_TYPE CONSTRAINTS="Time_Subdivision" GRAPHIC_REFERENCES="false" LINGUISTIC_TYPE_ID="parts" TIME_ALIGNABLE="true"/>
  <LINGUISTIC_TYPE CONSTRAINTS="Included_In" GRAPHIC_REFERENCES="false" LINGUISTIC_TYPE_ID="gesture" TIME_ALIGNABLE="true"/>
  <LINGUISTIC_TYPE CONTROLLED_VOCABULARY_REF="fpm" GRAPHIC_REFERENCES="false" LINGUISTIC_TYPE_ID="codes" TIME_ALIGNABLE="true"/>
  <CONSTRAINT DESCRIPTION="1-1 association with a parent annotation" STEREOTYPE="Symbolic_Association"/>
  <CONSTRAINT DESCRIPTION="Time alignable annotations within the parent annotation's time interval, gaps are allowed" STEREOTYPE="Included_In"/>
  <CONTROLLED_VOCABULARY CV_ID="fpm"/>
</ANNOTATION_DOCUMENT>
"""


def _write(tmp_path: Path, text: str = EAF, name: str = "visit.eaf") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_speech_tiers_to_turns_in_start_order(tmp_path: Path) -> None:
    [t] = read_transcripts(_write(tmp_path))
    assert list(t.turns) == [
        Turn("Mother", "Did you sleep?", 0.0, 2.5),
        Turn("Nurse", "A little & not much.", 2.0, 7.0),  # overlapping speech kept
        Turn("Mother", "She said no.", 6.0, 10.0),
    ]
    assert t.metadata["format"] == "eaf"
    # child tiers are not turns, the coding tier (controlled vocabulary) is left out
    assert t.metadata["tiers"] == "MOT words, Nurse"
    assert t.metadata["notes"].splitlines() == [
        "turn 1: MOT english: Did you sleep (en)",
        "turn 1: MOT parts: Did you sleep?",  # a time subdivision: unaligned slots
        "turn 1: MOT gloss: question",
        "turn 2: Nurse gesture: nods",
    ]


def test_media_found_next_to_the_file(tmp_path: Path) -> None:
    (tmp_path / "visit.wav").write_bytes(b"RIFF")
    [t] = read_transcripts(_write(tmp_path))
    assert t.metadata["media"] == str((tmp_path / "visit.wav").resolve())
    assert "warnings" not in t.metadata


def test_missing_media_is_recorded_as_written_with_a_warning(tmp_path: Path) -> None:
    [t] = read_transcripts(_write(tmp_path))
    assert t.metadata["media"] == "./visit.wav"
    assert "was not found" in t.metadata["warnings"]


def test_tier_option(tmp_path: Path) -> None:
    p = _write(tmp_path)
    [t] = read_transcripts(p, ReadOptions(tiers=("Nurse", "activity")))
    assert [(x.speaker, x.text) for x in t.turns] == [
        ("activity", "CM"),
        ("Nurse", "A little & not much."),
    ]
    with pytest.raises(TranscriptFormatError, match=r"'MOT english' is a child or reference tier"):
        read_transcripts(p, ReadOptions(tiers=("MOT english",)))
    with pytest.raises(
        TranscriptFormatError,
        match=r"no tier 'Child' in this file; its tiers are: 'MOT words', 'Nurse', 'activity'\.",
    ):
        read_transcripts(p, ReadOptions(tiers=("Child",)))


def test_recognised_by_content(tmp_path: Path) -> None:
    [t] = read_transcripts(_write(tmp_path, name="export.txt"))
    assert t.metadata["format"] == "eaf"
    [t] = read_transcripts(_write(tmp_path, name="export.xml"), ReadOptions(format="eaf"))
    assert len(t.turns) == 3


@pytest.mark.parametrize(
    ("text", "what"),
    [
        (EAF[:300], r":\d+:\d+: this is not well-formed XML"),
        (
            EAF.replace('TIME_SLOT_REF2="ts6"', 'TIME_SLOT_REF2="ts66"'),
            "annotation 'a2' of tier 'MOT words' refers to the time slot 'ts66'",
        ),
        (EAF.replace('TIME_VALUE="7000"', 'TIME_VALUE="7s"'), "time slot 'ts4' has the time '7s'"),
        (
            EAF.replace('TIME_UNITS="milliseconds"', 'TIME_UNITS="NTSC-frames"'),
            "counts time in 'NTSC-frames'",
        ),
        (
            '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY a "aaa">]>\n<ANNOTATION_DOCUMENT/>',
            "declares a DTD or XML entities",
        ),
        ("<TIERS><TIER/></TIERS>", "not an ELAN annotation document"),
        (
            EAF.replace('encoding="UTF-8"', 'encoding="UTF-9"'),
            "names an encoding Python does not know",
        ),
        (
            EAF.replace('LINGUISTIC_TYPE_REF="utterance"', 'LINGUISTIC_TYPE_REF="codes"'),
            "no speech tier found",
        ),
        (
            EAF.replace(
                "<ANNOTATION_VALUE>Did you sleep?", "<ANNOTATION_VALUE>Did you <b>sleep</b>?"
            ),
            "Did you sleep",
        ),
    ],
)
def test_malformed_files(tmp_path: Path, text: str, what: str) -> None:
    p = _write(tmp_path, text, name="bad.eaf")
    if what == "Did you sleep":  # markup inside a value: its text is kept
        [t] = read_transcripts(p)
        assert t.turns[0].text == "Did you sleep?"
        return
    with pytest.raises(TranscriptFormatError, match=what) as info:
        read_transcripts(p)
    assert str(info.value).startswith(str(p))


def test_files_written_by_pympi(tmp_path: Path) -> None:
    elan = pytest.importorskip("pympi.Elan")
    eaf = elan.Eaf(author="test")
    eaf.add_linked_file(str(tmp_path / "rec.mp4"), relpath="./rec.mp4", mimetype="video/mp4")
    (tmp_path / "rec.mp4").write_bytes(b"\x00")
    eaf.add_tier("Child", part="Ana")
    eaf.add_tier("Father", part="Father")
    eaf.add_linguistic_type("translation", "Symbolic_Association", timealignable=False)
    eaf.add_tier("Child translation", ling="translation", parent="Child")
    eaf.remove_tier("default")
    eaf.add_annotation("Child", 500, 1250, "ball!")
    eaf.add_annotation("Child", 3000, 4000, "more")
    eaf.add_annotation("Father", 1000, 3500, "which one?")
    eaf.add_ref_annotation("Child translation", "Child", 3500, "encore")
    p = tmp_path / "pympi.eaf"
    eaf.to_file(str(p))
    [t] = read_transcripts(p)
    assert list(t.turns) == [
        Turn("Ana", "ball!", 0.5, 1.25),
        Turn("Father", "which one?", 1.0, 3.5),
        Turn("Ana", "more", 3.0, 4.0),
    ]
    assert t.metadata["media"] == str((tmp_path / "rec.mp4").resolve())
    assert t.metadata["notes"] == "turn 3: Child translation: encore"


@settings(max_examples=150, deadline=None)
@given(text=damaged([EAF]))
def test_damaged_files_read_or_fail_with_the_file_name(text: str) -> None:
    """Cut short or with junk spliced in: fpmcoder's error naming the file, never a traceback."""
    assert_reads_or_names_the_file(text, "visit.eaf")
