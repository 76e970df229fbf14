"""Encodings a researcher's file comes in, and files that are not text at all."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from fpmcoder.errors import TranscriptFormatError
from fpmcoder.io.transcripts import ReadOptions, read_transcripts

TEXT = "Nurse: “Shall we try the cot?” – she said…\nMother: Café? Ça va, merci.\n"
EXPECTED = [
    ("Nurse", "“Shall we try the cot?” – she said…"),
    ("Mother", "Café? Ça va, merci."),
]


def _pairs(path: Path, options: ReadOptions | None = None) -> list[tuple[str, str]]:
    [t] = read_transcripts(path, options)
    return [(x.speaker, x.text) for x in t.turns]


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8 (BOM)"),
        (TEXT.encode("utf-16"), "utf-16-le (BOM)"),  # Python writes a LE BOM here
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16-be (BOM)"),
        (TEXT.encode("utf-16-le"), "utf-16-le"),
        (TEXT.encode("utf-16-be"), "utf-16-be"),
        (TEXT.encode("cp1252"), "cp1252"),
        (TEXT.replace("\n", "\r\n").encode("cp1252"), "cp1252"),
    ],
)
def test_encodings(tmp_path: Path, data: bytes, encoding: str) -> None:
    path = tmp_path / "t.txt"
    path.write_bytes(data)
    [t] = read_transcripts(path)
    assert [(x.speaker, x.text) for x in t.turns] == EXPECTED
    assert t.metadata["encoding"] == encoding


def test_latin1_without_smart_quotes(tmp_path: Path) -> None:
    path = tmp_path / "t.txt"
    path.write_bytes("Mère: déjà vu\nPère: très bien\n".encode("latin-1"))
    assert _pairs(path) == [("Mère", "déjà vu"), ("Père", "très bien")]


def test_utf8_crlf_and_mixed_newlines(tmp_path: Path) -> None:
    path = tmp_path / "t.txt"
    path.write_bytes(b"A: one\r\ntwo\nB: three\r\n")
    assert _pairs(path) == [("A", "one two"), ("B", "three")]


def test_cyrillic_goes_to_detection_not_cp1252(tmp_path: Path) -> None:
    text = "Мама: Доброе утро, как вы спали сегодня ночью?\nМедсестра: Хорошо, спасибо.\n" * 3
    path = tmp_path / "t.txt"
    path.write_bytes(text.encode("cp1251"))
    [t] = read_transcripts(path)
    assert t.turns[0].speaker == "Мама"


def test_encoding_override(tmp_path: Path) -> None:
    path = tmp_path / "t.txt"
    path.write_bytes("A: «bonjour»\n".encode("latin-1"))
    assert _pairs(path, ReadOptions(encoding="latin-1")) == [("A", "«bonjour»")]


def test_wrong_encoding_override_says_where(tmp_path: Path) -> None:
    path = tmp_path / "t.txt"
    path.write_bytes("A: ok\nB: caf\xe9\n".encode("latin-1"))
    with pytest.raises(TranscriptFormatError, match="not valid utf-8") as info:
        read_transcripts(path, ReadOptions(encoding="utf-8"))
    assert (info.value.line, info.value.column) == (2, 7)


def test_unknown_encoding_name(tmp_path: Path) -> None:
    path = tmp_path / "t.txt"
    path.write_bytes(b"A: x\n")
    with pytest.raises(TranscriptFormatError, match="not a text encoding"):
        read_transcripts(path, ReadOptions(encoding="klingon"))


def test_utf16_csv(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes("speaker\ttext\r\nA\t“quoted”\r\n".encode("utf-16"))
    [t] = read_transcripts(path)
    assert [(x.speaker, x.text) for x in t.turns] == [("A", "“quoted”")]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"  \n\r\n\t", "empty"),
        (codecs.BOM_UTF8 + b"\n \n", "blank space"),
        (b"PK\x03\x04\x14\x00\x00\x00zipzipzip", "zip archive"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "a PDF"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(50), "old Word"),
        (b"A: text\x00\x01\x02\x03binary\xff\xfe\x00", "binary"),
    ],
)
def test_empty_and_binary_files_are_refused(tmp_path: Path, data: bytes, message: str) -> None:
    path = tmp_path / "t.txt"
    path.write_bytes(data)
    with pytest.raises(TranscriptFormatError, match=message):
        read_transcripts(path)


def test_utf8_with_a_stray_cp1252_byte_is_read_as_utf8(tmp_path: Path) -> None:
    path = tmp_path / "t.txt"
    good = "Mère: déjà vu, très bien, ça va, été, à côté, élève, fenêtre\n".encode()
    path.write_bytes(good + b"Nurse: l\x92enfant\n")
    [t] = read_transcripts(path)
    assert [(x.speaker, x.text) for x in t.turns] == [
        ("Mère", "déjà vu, très bien, ça va, été, à côté, élève, fenêtre"),
        ("Nurse", "l\ufffdenfant"),
    ]
    assert "1 invalid byte(s) replaced" in t.metadata["encoding"]
    assert "search the text for \ufffd" in t.metadata["warnings"]
