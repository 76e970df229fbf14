"""Documented size limits (docs/importing.md): refused before decoding or parsing.

Before: a 199 MB one-line text file imported as one turn (630 MB of memory) and a 199 MB
one-line CSV peaked at 1.4 GB before it was refused. Peak memory of the refusals is
measured by benchmarks/bench_bombs.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from fpmcoder.errors import TableError, TranscriptFormatError
from fpmcoder.io.table import MAX_TABLE_BYTES, MAX_TABLE_ROWS, read_table
from fpmcoder.io.transcripts import read_transcripts
from fpmcoder.io.transcripts._limits import (
    MAX_FILE_BYTES,
    MAX_LINE_BYTES,
    MAX_LINES,
    MAX_TEXT_BYTES,
    MAX_TURN_CHARS,
)


def _sparse(path: Path, size: int, head: bytes) -> Path:
    """A file of ``size`` bytes without writing them (the rest reads as NUL bytes)."""
    with path.open("wb") as fh:
        fh.write(head)
        fh.truncate(size)
    return path


@pytest.mark.parametrize("name", ["huge.txt", "huge.csv", "huge.vtt", "huge.docx"])
def test_file_larger_than_any_transcript(tmp_path: Path, name: str) -> None:
    path = _sparse(tmp_path / name, MAX_FILE_BYTES + 1, b"A: hello\nB: hi\n")
    with pytest.raises(TranscriptFormatError, match="larger than the 100 MB"):
        read_transcripts(path)


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_a_device_that_never_ends_is_read_no_further_than_the_limit() -> None:
    """A device (or a file still growing) says size 0: it used to be read without end."""
    with pytest.raises(TranscriptFormatError, match="larger than the 100 MB"):
        read_transcripts("/dev/zero")


@pytest.mark.parametrize("name", ["big.txt", "big.csv", "big.srt"])
def test_text_file_larger_than_the_text_limit(tmp_path: Path, name: str) -> None:
    line = b"Speaker A: some words said in the meeting\n"
    path = tmp_path / name
    path.write_bytes(line * (MAX_TEXT_BYTES // len(line) + 1))
    with pytest.raises(TranscriptFormatError, match="more than the 20 MB"):
        read_transcripts(path)


@pytest.mark.parametrize(
    ("name", "head"), [("line.txt", b"A: hi\nB: "), ("line.csv", b"speaker,text\nA,")]
)
def test_one_enormous_line(tmp_path: Path, name: str, head: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(head + b"word " * (MAX_LINE_BYTES * 2 // 5) + b"\nA: bye\n")
    with pytest.raises(TranscriptFormatError) as info:
        read_transcripts(path)
    assert "line is longer than 1 MB" in str(info.value)
    assert f"{path}:2:" in str(info.value)


@pytest.mark.parametrize("newline", [b"\n", b"\r\n", b"\r"])
def test_more_lines_than_any_transcript(tmp_path: Path, newline: bytes) -> None:
    path = tmp_path / "many.txt"
    path.write_bytes((b"A: hi" + newline) * (MAX_LINES + 1))
    with pytest.raises(TranscriptFormatError, match="300,001 lines, more than the 300,000"):
        read_transcripts(path)


def test_lines_just_under_the_limit_are_read(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    words = "word " * ((MAX_LINE_BYTES - 100) // 5)
    path.write_text(f"A: {words}\nB: {words}\nA: ok\n", encoding="utf-8")
    [t] = read_transcripts(path)
    assert [turn.speaker for turn in t.turns] == ["A", "B", "A"]


def test_turn_longer_than_the_turn_limit(tmp_path: Path) -> None:
    wrapped = ("word " * 20 + "\n") * (MAX_TURN_CHARS // 100 + 1)
    path = tmp_path / "wrapped.txt"
    path.write_text(f"A: {wrapped}B: the end\n", encoding="utf-8")
    with pytest.raises(TranscriptFormatError, match=r"turn 1 \(A\) is .* characters long"):
        read_transcripts(path)


def test_coding_table_larger_than_the_limit(tmp_path: Path) -> None:
    path = _sparse(tmp_path / "codings.csv", MAX_TABLE_BYTES + 1, b"transcript,segment\n")
    with pytest.raises(TableError, match="more than the 20 MB"):
        read_table(path, coder="alex")


def test_coding_table_with_more_rows_than_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "codings.csv"
    rows = "".join(f"v,{n},a\n" for n in range(1, MAX_TABLE_ROWS + 1))
    path.write_text("transcript,segment,activity\n" + rows, encoding="utf-8")
    with pytest.raises(TableError, match="more than 200,000 rows"):
        read_table(path, coder="alex")


def test_coding_table_of_empty_cells(tmp_path: Path) -> None:
    """Commas alone: five million empty cells from 5 MB (800 MB from 100 MB before)."""
    path = tmp_path / "codings.csv"
    path.write_bytes(b"transcript,segment,activity\n" + (b"," * 999 + b"\n") * 5_001)
    with pytest.raises(TableError, match="more than 5,000,000 cells") as info:
        read_table(path, coder="alex")
    assert info.value.line == 5_001  # the 5,000th row of 1,000 cells passes the limit


def test_coding_table_with_a_huge_cell(tmp_path: Path) -> None:
    path = tmp_path / "codings.csv"
    path.write_bytes(b"transcript,segment,activity\nv,1," + b"x" * 2_000_000 + b"\n")
    with pytest.raises(TableError, match="not valid CSV"):
        read_table(path, coder="alex")
