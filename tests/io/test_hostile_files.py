"""Damaged and hostile files: every reader raises fpmcoder's own error and prints nothing.

Each case was found by a mutation fuzzer; before the fix each one escaped as a foreign
exception (AttributeError, LookupError, ValueError, UnicodeDecodeError,
NotImplementedError, RuntimeError) or printed XML on standard output.
"""

from __future__ import annotations

import warnings
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from zipcraft import Member, deflated, members_of, write_zip  # type: ignore[import-not-found]

from fpmcoder.errors import FpmcoderError, RefiError, TableError, TranscriptFormatError
from fpmcoder.io.refi import read_qdpx, uuid5_guid_for, write_qdpx
from fpmcoder.io.table import read_table
from fpmcoder.io.transcripts import read_transcripts

ODF_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"


def make_docx(path: Path) -> Path:
    import docx

    document = docx.Document()
    for line in ("Nurse: How was the night?", "Mother: Long.", "Nurse: And today?"):
        document.add_paragraph(line)
    document.save(str(path))
    return path


def make_odt(path: Path) -> Path:
    from odf.opendocument import OpenDocumentText
    from odf.text import P

    document = OpenDocumentText()
    for line in ("Nurse: How was the night?", "Mother: Long.", "Nurse: And today?"):
        document.text.addElement(P(text=line))
    document.save(str(path))
    return path


def make_xlsx(path: Path) -> Path:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    for row in (["transcript", "segment", "coder", "activity"], ["t", 1, "alex", "a"]):
        ws.append(row)
    wb.save(path)
    return path


def make_qdpx(path: Path) -> Path:
    from fpmcoder.io.samples import build_sample_bundle

    bundle = build_sample_bundle()
    assert bundle.codebook is not None
    write_qdpx(path, bundle, bundle.codebook, uuid5_guid_for(), project_name="Samples")
    return path


Reader = Callable[[Path], object]
KINDS: dict[str, tuple[Callable[[Path], Path], Reader, type[FpmcoderError]]] = {
    "docx": (make_docx, read_transcripts, TranscriptFormatError),
    "odt": (make_odt, read_transcripts, TranscriptFormatError),
    "xlsx": (make_xlsx, read_transcripts, TranscriptFormatError),
    "qdpx": (make_qdpx, read_qdpx, RefiError),
    "apply.xlsx": (make_xlsx, read_table, TableError),
}


def _refused(
    capsys: pytest.CaptureFixture[str], reader: Reader, path: Path, error: type[FpmcoderError]
) -> str:
    with pytest.raises(error) as info:
        reader(path)
    out, err = capsys.readouterr()
    assert (out, err) == ("", "")
    assert str(path) in str(info.value)
    return str(info.value)


def _rebuilt(tmp_path: Path, kind: str, change: Callable[[list[Member]], None]) -> Path:
    make, _, _ = KINDS[kind]
    suffix = kind.rsplit(".", 1)[-1]
    members = members_of(make(tmp_path / f"good.{suffix}"))
    change(members)
    return write_zip(tmp_path / f"bad.{suffix}", members)


def _set(**fields: int) -> Callable[[list[Member]], None]:
    def change(members: list[Member]) -> None:
        for m in members:
            for key, value in fields.items():
                setattr(m, key, value)

    return change


def _bad_name(members: list[Member]) -> None:
    members.append(Member(b"extra\xff\xfe.xml", b"", 0, 0, flags=0x800))


def _no_name(members: list[Member]) -> None:
    members.append(Member(b"", b"", 0, 0))


@pytest.mark.parametrize("kind", list(KINDS))
@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (_bad_name, "not UTF-8|marked as UTF-8"),  # was UnicodeDecodeError
        (_set(version=99), "zip feature"),  # was NotImplementedError: zip file version 9.9
        (_set(method=99), "compression method 99"),  # was NotImplementedError
        (_set(method=12), "compression method 12"),  # bzip2 inflates without a bound
        (_set(flags=1), "encrypted"),  # was RuntimeError: password required
        (_no_name, "no name|outside the archive"),  # was IndexError in ZipInfo.is_dir()
    ],
    ids=["bad-utf8-name", "zip-version", "unknown-method", "bzip2", "encrypted", "no-name"],
)
def test_damaged_zip_structure_is_refused(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    kind: str,
    change: Callable[[list[Member]], None],
    expected: str,
) -> None:
    _, reader, error = KINDS[kind]
    path = _rebuilt(tmp_path, kind, change)
    assert _refused(capsys, reader, path, error)
    with pytest.raises(error, match=expected):
        reader(path)


def test_sniffing_a_zip_with_a_bad_member_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _rebuilt(tmp_path, "docx", _bad_name)
    unknown = path.with_suffix(".transcript")
    unknown.write_bytes(path.read_bytes())
    assert "zip archive" in _refused(capsys, read_transcripts, unknown, TranscriptFormatError)


def _odt_with(tmp_path: Path, name: str, data: bytes) -> Path:
    def change(members: list[Member]) -> None:
        for i, m in enumerate(members):
            if m.name == name.encode():
                members[i] = deflated(name, data)

    return _rebuilt(tmp_path, "odt", change)


def test_odt_with_a_spreadsheet_mimetype(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _odt_with(tmp_path, "mimetype", b"application/vnd.oasis.opendocument.spreadsheet")
    message = _refused(capsys, read_transcripts, path, TranscriptFormatError)
    assert "spreadsheet" in message  # was AttributeError: no attribute 'text'


def test_odt_without_office_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = (
        f'<?xml version="1.0"?><office:document-content xmlns:office="{ODF_OFFICE}">'
        "<office:body/></office:document-content>"
    )
    path = _odt_with(tmp_path, "content.xml", content.encode())
    message = _refused(capsys, read_transcripts, path, TranscriptFormatError)
    assert "office:text" in message  # was AttributeError on None.childNodes


def test_odt_with_broken_xml_prints_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = f'<office:document-content xmlns:office="{ODF_OFFICE}"><office:body><x>'
    path = _odt_with(tmp_path, "content.xml", content.encode())
    message = _refused(capsys, read_transcripts, path, TranscriptFormatError)
    assert "not well-formed" in message  # odfpy printed the XML and went on, empty
    # and odfpy's global namespace tables are not left poisoned for the next document
    [t] = read_transcripts(make_odt(tmp_path / "after.odt"))
    assert len(t.turns) == 3


@pytest.mark.parametrize(
    ("name", "text", "line"),
    [
        ("c.vtt", "WEBVTT\n\n00:01:84.500 --> 00:01:90.000\nA: hi\n", 3),
        (
            "c.srt",
            "1\n00:00:01,000 --> 00:00:02,000\nA: hi\n\n2\n00:61:00,000 --> 1:0:0\nB: yo\n",
            6,
        ),
    ],
)
def test_impossible_caption_time(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, text: str, line: int
) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    message = _refused(capsys, read_transcripts, path, TranscriptFormatError)
    assert f"{path}:{line}:" in message  # was ValueError: ... is not a valid time


def test_qdpx_with_an_unknown_xml_encoding(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = make_qdpx(tmp_path / "good.qdpx")
    with zipfile.ZipFile(good) as z:
        members = [(i.filename, z.read(i)) for i in z.infolist()]
    out = []
    for name, data in members:
        if name == "project.qde":
            data = b'<?xml version="1.0" encoding="x-no-such"?>' + data.split(b"?>", 1)[1]
        out.append(deflated(name, data))
    path = write_zip(tmp_path / "enc.qdpx", out)
    message = _refused(capsys, read_qdpx, path, RefiError)
    assert "encoding" in message  # was LookupError: unknown encoding


def test_member_whose_stream_is_damaged(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    def corrupt(members: list[Member]) -> None:
        for m in members:
            if m.name == b"word/document.xml":
                m.data = b"\xff" * 40 + m.data[40:]
                m.crc = zlib.crc32(b"")

    path = _rebuilt(tmp_path, "docx", corrupt)
    assert "damaged" in _refused(capsys, read_transcripts, path, TranscriptFormatError)


@pytest.mark.parametrize("kind", ["xlsx", "apply.xlsx"])
def test_library_warnings_are_not_shown(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    """openpyxl warned on stderr ("... contains invalid dependency definitions")."""
    rels = "xl/_rels/workbook.xml.rels"

    def break_rels(members: list[Member]) -> None:
        for i, m in enumerate(members):
            if m.name == rels.encode():
                with zipfile.ZipFile(tmp_path / "good.xlsx") as z:
                    text = z.read(rels).replace(b" Target=", b" Tarjet=", 1)
                members[i] = deflated(rels, text)

    _, reader, error = KINDS[kind]
    path = _rebuilt(tmp_path, kind, break_rels)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")  # as outside pytest: shown, not raised
        assert "cannot be read" in _refused(capsys, reader, path, error)
    assert [str(w.message) for w in caught] == []


def test_qdpx_source_with_a_utf16_bom_and_an_odd_byte(tmp_path: Path) -> None:
    """Was UnicodeDecodeError: 'utf-16-le' codec can't decode byte ...: truncated data."""
    members = members_of(make_qdpx(tmp_path / "good.qdpx"))
    source = next(m for m in members if m.name.startswith(b"sources/"))
    name = source.name.decode()
    members = [
        deflated(name, b"\xff\xfeA\x00:\x00 \x00h\x00i\x00!") if m is source else m for m in members
    ]
    bundle = read_qdpx(write_zip(tmp_path / "utf16.qdpx", members))
    assert any("UTF-16" in line and "replaced" in line for line in bundle.report)


def test_an_encoding_option_whose_codec_fails_its_own_way(tmp_path: Path) -> None:
    from fpmcoder.io.transcripts import ReadOptions

    path = tmp_path / "t.txt"
    path.write_bytes(b"A: hi\nB: " + b"x" * 100 + b".." + b"\n")
    with pytest.raises(TranscriptFormatError, match="cannot be read as punycode"):
        read_transcripts(path, ReadOptions(encoding="punycode"))


@pytest.mark.parametrize("segment", ["1e999", "-inf", "Infinity"])
def test_coding_table_with_an_infinite_segment_number(tmp_path: Path, segment: str) -> None:
    """Was OverflowError: cannot convert float infinity to integer."""
    path = tmp_path / "codings.csv"
    path.write_text(
        f"transcript,segment,coder,activity\nvisit,{segment},alex,a\n", encoding="utf-8"
    )
    with pytest.raises(TableError, match="not a segment number") as info:
        read_table(path)
    assert (info.value.line, info.value.field) == (2, "segment")


def test_sequences_from_a_table_with_infinite_offsets(tmp_path: Path) -> None:
    from fpmcoder.io.codebook_yaml import default_codebook
    from fpmcoder.io.table import sequences_from_table

    codebook = default_codebook()
    activity = codebook.activities[0].id
    path = tmp_path / "codings.csv"
    path.write_text(
        "transcript,segment,coder,activity,start_char,end_char\n"
        f"visit,1,alex,{activity},1e999,inf\n",
        encoding="utf-8",
    )
    [sequence] = sequences_from_table(path, codebook)
    assert (sequence.segments[0].start_char, sequence.segments[0].end_char) == (0, 0)


def _infinite_span(text: bytes) -> bytes:
    import json

    doc = json.loads(text)
    next(iter(doc["sources"].values()))["spans"][0][1] = float("inf")
    return json.dumps(doc).encode()


@pytest.mark.parametrize(
    "change",
    [_infinite_span, lambda text: b"[" * 100_000 + text],
    ids=["infinite-span", "deep-json"],
)
def test_qdpx_with_a_broken_fpmcoder_layout(
    tmp_path: Path, change: Callable[[bytes], bytes]
) -> None:
    """The layout member only refines the import; a broken one is ignored (was
    OverflowError for a span of 1e999, RecursionError for JSON nested 100,000 deep)."""
    members = members_of(make_qdpx(tmp_path / "good.qdpx"))
    layout = next(m for m in members if m.name == b"fpmcoder-layout.json")
    with zipfile.ZipFile(tmp_path / "good.qdpx") as z:
        text = change(z.read("fpmcoder-layout.json"))
    members = [deflated("fpmcoder-layout.json", text) if m is layout else m for m in members]
    bundle = read_qdpx(write_zip(tmp_path / "layout.qdpx", members))
    assert bundle.transcripts


@pytest.mark.parametrize("depth", [101, 50_000])
def test_qdc_with_codes_nested_too_deep(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], depth: int
) -> None:
    """Was RecursionError at 50,000 levels (the tree is walked recursively)."""
    from fpmcoder.io.refi import read_qdc

    codes = "".join(
        f'<Code guid="{i:08d}-0000-4000-8000-000000000000" name="c{i}">' for i in range(depth)
    )
    path = tmp_path / "deep.qdc"
    path.write_text(
        f'<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>{codes}{"</Code>" * depth}</Codes></CodeBook>',
        encoding="utf-8",
    )
    assert "nested more than 100 deep" in _refused(capsys, read_qdc, path, RefiError)


HUGE = "9" * 400


def test_caption_time_with_hundreds_of_digits(tmp_path: Path) -> None:
    """Was OverflowError: int too large to convert to float."""
    path = tmp_path / "c.vtt"
    path.write_text(f"WEBVTT\n\n{HUGE}:00:00.000 --> 00:00:01.000\nA: hi\n", encoding="utf-8")
    with pytest.raises(TranscriptFormatError, match="is not a time") as info:
        read_transcripts(path)
    assert (info.value.line, info.value.column) == (3, 1)


@pytest.mark.parametrize("start", [f"{HUGE}:00:00", HUGE, f"{HUGE}.5"])
def test_table_time_with_hundreds_of_digits(tmp_path: Path, start: str) -> None:
    """Was OverflowError (a clock time) or a turn starting at infinity (seconds)."""
    path = tmp_path / "t.csv"
    path.write_text(f"speaker,text,start\nA,hi,{start}\nB,yo,1\n", encoding="utf-8")
    [t] = read_transcripts(path)
    assert [turn.start for turn in t.turns] == [None, 1.0]
    assert "line 2" in t.metadata["warnings"] and "is not a time" in t.metadata["warnings"]
