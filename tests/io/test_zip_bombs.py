"""Zip members whose declared sizes lie, and sheets whose declared dimensions lie.

Before the fix a 1.9 MB .docx or .odt reached 2.1 GB of memory and a 3 MB .xlsx given to
``apply`` reached 3.2 GB: the libraries inflate a member in one call, whatever it
declares. Peak memory is measured by ``benchmarks/bench_bombs.py``; here the refusals.
"""

from __future__ import annotations

import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from test_hostile_files import KINDS, _refused, make_xlsx  # type: ignore[import-not-found]
from zipcraft import Member, deflated, members_of, write_zip, zeros_bomb  # type: ignore[import-not-found]

from fpmcoder.errors import TableError, TranscriptFormatError
from fpmcoder.io.table import read_table
from fpmcoder.io.transcripts import read_transcripts

BIG_MEMBER = {
    "docx": "word/document.xml",
    "odt": "content.xml",
    "xlsx": "xl/worksheets/sheet1.xml",
    "qdpx": "project.qde",
    "apply.xlsx": "xl/worksheets/sheet1.xml",
}


@pytest.mark.parametrize("kind", list(KINDS))
def test_member_that_inflates_beyond_its_declared_size(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    make, reader, error = KINDS[kind]
    suffix = kind.rsplit(".", 1)[-1]
    members: list[Member] = members_of(make(tmp_path / f"good.{suffix}"))
    target = BIG_MEMBER[kind].encode()
    assert any(m.name == target for m in members)
    members = [
        zeros_bomb(m.name.decode(), 8 << 20, 1000) if m.name == target else m for m in members
    ]
    path = write_zip(tmp_path / f"bomb.{suffix}", members)
    message = _refused(capsys, reader, path, error)
    assert "declared size" in message and BIG_MEMBER[kind] in message


def _sheet_xml(cells: str, dimension: str = "A1:B2") -> str:
    ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{ns}">'
        f'<dimension ref="{dimension}"/><sheetData>{cells}</sheetData></worksheet>'
    )


def _with_sheet(tmp_path: Path, sheet: str) -> Path:
    good = make_xlsx(tmp_path / "good.xlsx")
    with zipfile.ZipFile(good) as z:
        members = {i.filename: z.read(i) for i in z.infolist()}
    members["xl/worksheets/sheet1.xml"] = sheet.encode()
    path = tmp_path / "sheet.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return path


HEADER = (
    '<row r="1"><c r="A1" t="inlineStr"><is><t>transcript</t></is></c>'
    '<c r="B1" t="inlineStr"><is><t>segment</t></is></c>'
    '<c r="C1" t="inlineStr"><is><t>activity</t></is></c></row>'
    '<row r="2"><c r="A2" t="inlineStr"><is><t>visit</t></is></c><c r="B2"><v>1</v></c>'
    '<c r="C2" t="inlineStr"><is><t>x</t></is></c></row>'
)

Reader = Callable[[Path], object]
READERS: list[tuple[Reader, type[Exception]]] = [
    (lambda p: read_table(p, coder="alex"), TableError),
    (read_transcripts, TranscriptFormatError),
]


@pytest.mark.parametrize(("reader", "error"), READERS)
def test_lying_dimension_is_ignored(tmp_path: Path, reader: Reader, error: type) -> None:
    path = _with_sheet(tmp_path, _sheet_xml(HEADER, dimension="A1:XFD1048576"))
    started = time.perf_counter()
    try:
        reader(path)
    except error as exc:  # a transcript table needs a text column: refused, but quickly
        assert "text column" in str(exc)
    assert time.perf_counter() - started < 5  # padding 16,384 x 1,048,576 cells took minutes


@pytest.mark.parametrize(("reader", "error"), READERS)
@pytest.mark.parametrize(
    ("cell", "expected"),
    [('<row r="3"><c r="XFD3"><v>1</v></c></row>', "beyond column 500"),
     ('<row r="1048577"><c r="A1048577"><v>1</v></c></row>', "more rows than Excel")],
)  # fmt: skip
def test_values_beyond_the_limits_are_refused(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    reader: Reader,
    error: type,
    cell: str,
    expected: str,
) -> None:
    path = _with_sheet(tmp_path, _sheet_xml(HEADER + cell))
    assert expected in _refused(capsys, reader, path, error)


@pytest.mark.parametrize(("reader", "error"), READERS)
def test_sheet_of_rows_with_one_value_far_right(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], reader: Reader, error: type
) -> None:
    """12,000 rows each with a value in column 500 (SF): 6,000,000 cells kept in memory
    from a sheet of half a megabyte."""
    rows = "".join(f'<row r="{r}"><c r="SF{r}"><v>1</v></c></row>' for r in range(3, 12_003))
    path = _with_sheet(tmp_path, _sheet_xml(HEADER + rows))
    assert "more than 5,000,000 cells" in _refused(capsys, reader, path, error)


def test_table_in_a_real_workbook_still_reads(tmp_path: Path) -> None:
    [row] = read_table(make_xlsx(tmp_path / "t.xlsx"))
    assert (row.transcript, row.segment, row.coder, row.activity) == ("t", 1, "alex", "a")


@pytest.mark.parametrize("kind", ["docx", "qdpx"])
def test_xml_member_with_more_elements_than_any_real_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    """Honest sizes, but a tree of a million empty elements would take 300 MB and more."""
    make, reader, error = KINDS[kind]
    members: list[Member] = members_of(make(tmp_path / f"good.{kind}"))
    target = BIG_MEMBER[kind]
    many = b"<x>" + b"<p/>" * 1_000_001 + b"</x>"
    members = [deflated(target, many) if m.name == target.encode() else m for m in members]
    path = write_zip(tmp_path / f"many.{kind}", members)
    message = _refused(capsys, reader, path, error)
    assert "more than 1,000,000 XML elements" in message and target in message


def test_qdc_with_more_elements_than_any_real_codebook(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from fpmcoder.errors import RefiError
    from fpmcoder.io.refi import read_qdc

    path = tmp_path / "many.qdc"
    path.write_bytes(
        b'<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>'
        + b"<C/>" * 1_000_001
        + b"</Codes></CodeBook>"
    )
    assert "more than 1,000,000 XML elements" in _refused(capsys, read_qdc, path, RefiError)


def test_qdpx_source_text_larger_than_a_transcript_is_skipped(tmp_path: Path) -> None:
    from fpmcoder.io.refi import read_qdpx

    make, _, _ = KINDS["qdpx"]
    members: list[Member] = members_of(make(tmp_path / "good.qdpx"))
    sources = [m for m in members if m.name.startswith(b"sources/") and m.name.endswith(b".txt")]
    assert sources
    big = sources[0].name.decode()
    members = [
        deflated(big, b"A: hi\n" * 4_000_000) if m.name == big.encode() else m for m in members
    ]
    bundle = read_qdpx(write_zip(tmp_path / "big-source.qdpx", members))
    skipped = [line for line in bundle.report if big in line]
    assert skipped and "more than the 20,971,520" in skipped[0]
    assert len(bundle.transcripts) == len(sources) - 1
