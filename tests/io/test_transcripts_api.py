"""The public surface: options, format detection, and errors that never leave half a result."""

from __future__ import annotations

from pathlib import Path

import pytest

import fpmcoder.io.transcripts as transcripts
from fpmcoder.errors import InputError, TranscriptFormatError
from fpmcoder.io.transcripts import SUPPORTED_EXTENSIONS, ReadOptions, read_transcripts


def test_public_names() -> None:
    assert set(transcripts.__all__) == {"ReadOptions", "SUPPORTED_EXTENSIONS", "read_transcripts"}
    expected = {
        ".txt",
        ".md",
        ".csv",
        ".tsv",
        ".xlsx",
        ".vtt",
        ".srt",
        ".docx",
        ".odt",
        ".eaf",
        ".cha",
        ".textgrid",
    }
    assert expected == SUPPORTED_EXTENSIONS


def test_options_are_frozen() -> None:
    options = ReadOptions()
    with pytest.raises(AttributeError):
        options.title = "x"  # type: ignore[misc]


def test_error_is_an_input_error_with_the_path(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    with pytest.raises(InputError) as info:
        read_transcripts(path)
    assert isinstance(info.value, TranscriptFormatError)
    assert info.value.path == path
    assert str(info.value).startswith(str(path))


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(TranscriptFormatError, match="does not exist"):
        read_transcripts(tmp_path / "nope.txt")
    with pytest.raises(TranscriptFormatError, match="folder"):
        read_transcripts(tmp_path)


def test_unknown_format_option(tmp_path: Path) -> None:
    path = tmp_path / "t.txt"
    path.write_text("A: b\n", encoding="utf-8")
    with pytest.raises(TranscriptFormatError, match="unknown format 'pdf'"):
        read_transcripts(path, ReadOptions(format="pdf"))


@pytest.mark.parametrize(("ext", "advice"), [(".doc", "save it as .docx"), (".xls", ".xlsx")])
def test_old_office_extensions_are_refused_with_advice(
    tmp_path: Path, ext: str, advice: str
) -> None:
    path = tmp_path / f"t{ext}"
    path.write_bytes(b"\xd0\xcf\x11\xe0" + bytes(100))
    with pytest.raises(TranscriptFormatError, match=advice):
        read_transcripts(path)


def test_content_detection_for_unknown_extension(tmp_path: Path) -> None:
    path = tmp_path / "captions.log"
    path.write_text("WEBVTT\n\n00:01.000 --> 00:02.000\n<v A>hi\n", encoding="utf-8")
    assert read_transcripts(path)[0].metadata["format"] == "vtt"
    path = tmp_path / "visit"
    path.write_text("Nurse: hi\nMother: hello\n", encoding="utf-8")
    assert read_transcripts(path)[0].metadata["format"] == "text"


def test_docx_with_unknown_extension_is_detected(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("Nurse: hi")
    document.add_paragraph("Mother: hello")
    path = tmp_path / "visit.bin"
    document.save(str(path))
    assert [t.speaker for t in read_transcripts(path)[0].turns] == ["Nurse", "Mother"]


def test_forced_text_format_reads_a_table_as_text(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("Nurse: hello\nMother: hi\n", encoding="utf-8")
    with pytest.raises(TranscriptFormatError, match="only one column"):
        read_transcripts(path)
    [t] = read_transcripts(path, ReadOptions(format="text"))
    assert t.speakers == ["Nurse", "Mother"]


def test_break_mid_way_gives_no_partial_result(tmp_path: Path) -> None:
    rows = "".join(f"d{i},A,line {i}\n" for i in range(50))
    path = tmp_path / "t.csv"
    path.write_text(f'dialogue_id,speaker,text\n{rows}d9,B,"broken\n', encoding="utf-8")
    with pytest.raises(TranscriptFormatError) as info:
        read_transcripts(path)
    assert info.value.line == 52


def test_turn_texts_are_never_empty_and_normalised(tmp_path: Path) -> None:
    path = tmp_path / "t.txt"
    path.write_text("A:   \nB:  hello  \r\n\r\n\r\n  world \nC: \u00a0x\u00a0\n", encoding="utf-8")
    [t] = read_transcripts(path)
    assert [(x.speaker, x.text) for x in t.turns] == [("B", "hello\nworld"), ("C", "x")]
