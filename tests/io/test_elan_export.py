"""ELAN export: the file opens in pympi-ling with the tiers and times fpmcoder wrote."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from fpmcoder.core.sequence import CodedSequence, SegmentInfo
from fpmcoder.core.transcript import Transcript, Turn
from fpmcoder.errors import ExportError
from fpmcoder.io.elan import write_eaf
from fpmcoder.io.transcripts import read_transcripts

elan = pytest.importorskip("pympi.Elan")

TURNS = (
    Turn("Mother", "Did you sleep?", 0.0, 2.5),
    Turn("Nurse", "A little & not <much>.", 2.0, 7.0),
    Turn("Mother", "She said no.", 6.0, 10.0),
)


def _seq(coder: str, codes: list[tuple[str | None, frozenset[str], float, float]]) -> CodedSequence:
    segs = tuple(
        SegmentInfo(i + 1, a, d, start_time=s, end_time=e) for i, (a, d, s, e) in enumerate(codes)
    )
    return CodedSequence("visit", coder, segs)


def test_opens_in_pympi_with_the_tiers_and_times_written(tmp_path: Path) -> None:
    media = tmp_path / "rec" / "visit.wav"
    media.parent.mkdir()
    media.write_bytes(b"RIFF")
    transcript = Transcript("visit", TURNS, metadata={"media": str(media)})
    alex = _seq(
        "alex",
        [
            ("CM", frozenset({"D2", "D1"}), 0.0, 2.5),
            ("JA", frozenset(), 2.0, 7.0),
            (None, frozenset({"D3"}), 6.0, 10.0),
        ],
    )
    sam = _seq("Mother", [("CM", frozenset(), 0.0, 2.5), (None, frozenset(), 2.0, 7.0)])
    out = tmp_path / "visit.eaf"
    report = write_eaf(
        out,
        transcript,
        [alex, sam],
        activities={"CM": "Creating meaning", "JA": "Joint action"},
        date=datetime(2026, 1, 2, tzinfo=UTC),
    )
    eaf = elan.Eaf(str(out))
    assert set(eaf.get_tier_names()) == {
        "Mother",
        "Nurse",
        "alex",
        "alex dilemmas",
        "Mother (coder)",
    }
    assert report.tiers == ["Mother", "Nurse", "alex", "Mother (coder)", "alex dilemmas"]
    assert sorted(eaf.get_annotation_data_for_tier("Mother")) == [
        (0, 2500, "Did you sleep?"),
        (6000, 10000, "She said no."),
    ]
    assert eaf.get_annotation_data_for_tier("Nurse") == [(2000, 7000, "A little & not <much>.")]
    # the coder tier allows no overlap: the first segment ends where the second starts
    assert sorted(eaf.get_annotation_data_for_tier("alex")) == [
        (0, 2000, "CM"),
        (2000, 6000, "JA"),
        (6000, 10000, ""),
    ]
    assert report.shortened == 2
    assert sorted(eaf.get_ref_annotation_data_for_tier("alex dilemmas")) == [
        (0, 2000, "D1, D2", "CM"),
        (6000, 10000, "D3", ""),
    ]
    assert eaf.get_parameters_for_tier("alex dilemmas")["PARENT_REF"] == "alex"
    assert eaf.get_parameters_for_tier("Mother (coder)")["ANNOTATOR"] == "Mother"
    assert eaf.get_parameters_for_tier("Mother")["PARTICIPANT"] == "Mother"
    assert eaf.get_annotation_data_for_tier("Mother (coder)") == [(0, 2500, "CM")]
    [linked] = eaf.get_linked_files()
    assert linked["MEDIA_URL"] == media.resolve().as_uri()
    assert linked["RELATIVE_MEDIA_URL"] == "./rec/visit.wav"
    assert linked["MIME_TYPE"] == "audio/x-wav"
    assert 'DATE="2026-01-02T00:00:00+00:00"' in out.read_text(encoding="utf-8")
    # the activities are a controlled vocabulary of the coder tiers
    assert list(eaf.get_controlled_vocabulary_names()) == ["fpmcoder-activities"]
    entries = eaf.get_cv_entries("fpmcoder-activities")
    assert sorted(v[0][0] for v in entries.values()) == [
        ("CM", "und", "Creating meaning"),
        ("JA", "und", "Joint action"),
    ]
    assert (
        eaf.get_parameters_for_linguistic_type("fpmcoder-coding")["CONTROLLED_VOCABULARY_REF"]
        == "fpmcoder-activities"
    )

    # imported again: the same turns, the coder tiers are not speech, the same recording
    [back] = read_transcripts(out)
    assert list(back.turns) == list(TURNS)
    assert back.metadata["media"] == str(media.resolve())


def test_untimed_transcripts_are_refused(tmp_path: Path) -> None:
    transcript = Transcript("plain", (Turn("A", "hello"), Turn("B", "hi")))
    with pytest.raises(ExportError, match=r"'plain' has no times.*-o FILE\.csv"):
        write_eaf(tmp_path / "x.eaf", transcript, [])
    assert not (tmp_path / "x.eaf").exists()


def test_missing_times_and_ends(tmp_path: Path) -> None:
    turns = (
        Turn("A", "one", 1.0, None),
        Turn("B", "two", None, None),
        Turn("A", "three", 4.0, 3.0),  # runs backwards
    )
    seq = _seq("alex", [("CM", frozenset(), 1.0, 4.0)])
    seq = CodedSequence("t", "alex", (*seq.segments, SegmentInfo(2, "JA")))
    out = tmp_path / "t.eaf"
    report = write_eaf(out, Transcript("t", turns), [seq])
    eaf = elan.Eaf(str(out))
    # no end: until the next start on the tier; the last: one second
    assert eaf.get_annotation_data_for_tier("A") == [(1000, 4000, "one"), (4000, 5000, "three")]
    assert report.untimed == 2  # turn "two" and the untimed segment
    assert "without a time were left out" in report.lines()[0]
    assert eaf.get_linked_files() == []


def test_media_written_as_a_url_or_relative(tmp_path: Path) -> None:
    turns = (Turn("A", "one", 1.0, 2.0),)
    out = tmp_path / "out" / "t.eaf"
    out.parent.mkdir()
    write_eaf(out, Transcript("t", turns, metadata={"media": "file:///data/rec%20one.wav"}), [])
    [linked] = elan.Eaf(str(out)).get_linked_files()
    assert linked["MEDIA_URL"] == "file:///data/rec%20one.wav"
    write_eaf(out, Transcript("t", turns, metadata={"media": "./rec.mov"}), [])
    [linked] = elan.Eaf(str(out)).get_linked_files()
    assert linked["RELATIVE_MEDIA_URL"] == "./rec.mov"
    assert linked["MIME_TYPE"] == "video/quicktime"
    assert linked["MEDIA_URL"] == (out.parent / "rec.mov").resolve().as_uri()


def test_an_unwritable_file_is_an_export_error(tmp_path: Path) -> None:
    transcript = Transcript("t", (Turn("A", "one", 1.0, 2.0),))
    with pytest.raises(ExportError, match="cannot be written"):
        write_eaf(tmp_path / "missing folder" / "t.eaf", transcript, [])
