"""CSV, TSV and XLSX tables: sniffing, column names, times, splitting, annotators, errors."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from fpmcoder.core.transcript import Turn
from fpmcoder.errors import TranscriptFormatError
from fpmcoder.io.transcripts import ReadOptions, read_transcripts


def _write(tmp_path: Path, text: str, name: str = "t.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8", newline="")
    return path


@pytest.mark.parametrize("sep", [",", ";", "\t", "|"])
def test_delimiter_is_sniffed(tmp_path: Path, sep: str) -> None:
    text = f"speaker{sep}text\nNurse{sep}Hello\nMother{sep}Hi\n"
    [t] = read_transcripts(_write(tmp_path, text))
    assert [(x.speaker, x.text) for x in t.turns] == [("Nurse", "Hello"), ("Mother", "Hi")]


def test_tsv_extension(tmp_path: Path) -> None:
    [t] = read_transcripts(_write(tmp_path, "Role\tUtterance\nA\tx, y\n", "t.tsv"))
    assert t.turns == (Turn("A", "x, y"),)


@pytest.mark.parametrize(
    ("speaker", "text", "start", "end"),
    [
        ("Speaker", "Text", "Start", "End"),
        ("role", "utterance", "begin", "stop"),
        ("interlocutor", "content", "start_time", "end_time"),
        ("Participant", "Transcript Text", "Start (s)", "End (s)"),
    ],
)
def test_column_names_are_recognised(
    tmp_path: Path, speaker: str, text: str, start: str, end: str
) -> None:
    path = _write(tmp_path, f"{speaker},{text},{start},{end}\nNurse,Hello,1.5,2\n")
    [t] = read_transcripts(path)
    assert t.turns == (Turn("Nurse", "Hello", 1.5, 2.0),)


def test_time_formats(tmp_path: Path) -> None:
    text = (
        "speaker;text;start;end\n"
        "A;one;12,5;13\n"
        "A;two;00:01:05;00:01:05.250\n"
        "A;three;01:05;1:02:03,5\n"
    )
    [t] = read_transcripts(_write(tmp_path, text))
    assert [(x.start, x.end) for x in t.turns] == [(12.5, 13.0), (65.0, 65.25), (65.0, 3723.5)]


def test_malformed_time_keeps_the_turn_and_warns(tmp_path: Path) -> None:
    text = "speaker,text,timestamp\nA,one,00:00:13\nB,two,00:09:025\nA,three,00:00:05\n"
    [t] = read_transcripts(_write(tmp_path, text))
    assert [x.start for x in t.turns] == [13.0, None, 5.0]  # backwards times kept as given
    assert "line 3: '00:09:025' is not a time" in t.metadata["warnings"]


def test_quoted_fields_with_newlines_and_na_stays_text(tmp_path: Path) -> None:
    text = 'speaker,text,code\r\nNurse,"Line one\r\nline two, with comma",n/a\r\nn/a,NA,x\r\n'
    [t] = read_transcripts(_write(tmp_path, text))
    assert t.turns == (Turn("Nurse", "Line one\nline two, with comma"), Turn("n/a", "NA"))


def test_transcript_column_splits_one_file_into_many(tmp_path: Path) -> None:
    text = (
        "transcript_id,speaker,text,quality\n"
        "7,A,one,high\n7,A,two,high\n3,B,three,low\n7,B,four,high\n"
    )
    ts = read_transcripts(_write(tmp_path, text))
    assert [t.title for t in ts] == ["7", "3"]
    assert [x.text for x in ts[0].turns] == ["one", "two", "four"]  # one row, one turn
    assert ts[0].metadata["quality"] == "high"
    titled = read_transcripts(_write(tmp_path, text), ReadOptions(title="MI"))
    assert [t.title for t in titled] == ["MI 7", "MI 3"]


def test_explicit_column_mapping(tmp_path: Path) -> None:
    text = "who said,what,t0,t1,dialogue\nA,hello,1,2,d1\nB,hi,3,4,d2\n"
    columns = {
        "speaker": "who said",
        "text": "what",
        "start": "t0",
        "end": "t1",
        "transcript": "dialogue",
    }
    ts = read_transcripts(_write(tmp_path, text), ReadOptions(columns=columns))
    assert [(t.title, t.turns) for t in ts] == [
        ("d1", (Turn("A", "hello", 1.0, 2.0),)),
        ("d2", (Turn("B", "hi", 3.0, 4.0),)),
    ]


def test_explicit_mapping_can_switch_a_role_off(tmp_path: Path) -> None:
    text = "speaker,text,time\nA,hello,bad\n"
    [t] = read_transcripts(_write(tmp_path, text), ReadOptions(columns={"start": ""}))
    assert t.turns == (Turn("A", "hello"),)


def test_explicit_mapping_with_unknown_column_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, "a,b\nx,y\n")
    with pytest.raises(TranscriptFormatError, match=r"'words' .* not in the table"):
        read_transcripts(path, ReadOptions(columns={"text": "words"}))
    with pytest.raises(TranscriptFormatError, match="unknown column role 'speech'"):
        read_transcripts(path, ReadOptions(columns={"speech": "a"}))


def test_no_text_column_is_refused_with_the_columns_found(tmp_path: Path) -> None:
    with pytest.raises(TranscriptFormatError, match=r"no text column found.*'alpha', 'beta'"):
        read_transcripts(_write(tmp_path, "alpha,beta\n1,2\n"))


def test_empty_text_rows_are_left_out(tmp_path: Path) -> None:
    [t] = read_transcripts(_write(tmp_path, "speaker,text\nA,one\nB,\nA,  \nB,two\n"))
    assert [x.text for x in t.turns] == ["one", "two"]
    assert "2 row(s) with no text" in t.metadata["warnings"]


def test_unterminated_quote_is_refused_with_its_line(tmp_path: Path) -> None:
    path = _write(tmp_path, 'speaker,text\nA,one\nB,"two\nA,three\nB,four\n')
    with pytest.raises(TranscriptFormatError, match="never closed") as info:
        read_transcripts(path)
    assert info.value.line == 3


def test_row_with_too_many_fields_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, "speaker,text\nA,one\nB,two, three\n")
    with pytest.raises(TranscriptFormatError, match="3 fields but the header has 2") as info:
        read_transcripts(path)
    assert info.value.line == 3


def test_header_without_rows_is_refused(tmp_path: Path) -> None:
    with pytest.raises(TranscriptFormatError, match="no rows"):
        read_transcripts(_write(tmp_path, "speaker,text\n"))


def test_annotator_copies_are_imported_once(tmp_path: Path) -> None:
    text = (
        "transcript_id,annotator_id,interlocutor,utterance_text,code\n"
        "1,a,therapist,Hello,q\n1,b,therapist,Hello,r\n"
        "1,a,client,Hi,n/a\n1,b,client,Hi,n/a\n"
    )
    [t] = read_transcripts(_write(tmp_path, text))
    assert [(x.speaker, x.text) for x in t.turns] == [("therapist", "Hello"), ("client", "Hi")]
    assert "one copy per annotator" in t.metadata["warnings"]


def test_annotator_copies_that_differ_are_refused(tmp_path: Path) -> None:
    text = "transcript_id,coder,speaker,text\n1,a,A,Hello\n1,b,A,Goodbye\n"
    with pytest.raises(TranscriptFormatError, match="differs from the first"):
        read_transcripts(_write(tmp_path, text))


def test_table_without_speaker_column_imports_with_empty_speakers(tmp_path: Path) -> None:
    [t] = read_transcripts(_write(tmp_path, "turn_id,text\n1,hello\n2,hi\n"))
    assert [x.speaker for x in t.turns] == ["", ""]
    assert "no speaker column" in t.metadata["warnings"]


def _xlsx(path: Path, rows: list[list[object]], sheet: str = "Sheet1") -> Path:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = sheet
    for row in rows:
        ws.append(row)
    other = wb.create_sheet("Other")
    other.append(["speaker", "text"])
    other.append(["X", "from the other sheet"])
    wb.save(path)
    return path


def test_xlsx_first_sheet_and_cell_types(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        ["Speaker", "Text", "Start", "Code"],
        ["Nurse", "Hello", dt.time(0, 1, 5), "n/a"],
        ["Mother", "Hi", 70.5, None],
        [None, None, None, None],
        ["Nurse", 42, 71, "x"],
    ]
    [t] = read_transcripts(_xlsx(tmp_path / "t.xlsx", rows))
    assert t.turns == (
        Turn("Nurse", "Hello", 65.0),
        Turn("Mother", "Hi", 70.5),
        Turn("Nurse", "42", 71.0),
    )
    assert t.metadata["sheet"] == "Sheet1"


def test_xlsx_named_sheet(tmp_path: Path) -> None:
    path = _xlsx(tmp_path / "t.xlsx", [["speaker", "text"], ["A", "a"]])
    [t] = read_transcripts(path, ReadOptions(sheet="Other"))
    assert t.turns == (Turn("X", "from the other sheet"),)
    with pytest.raises(TranscriptFormatError, match=r"no sheet 'Missing'.*'Sheet1', 'Other'"):
        read_transcripts(path, ReadOptions(sheet="Missing"))


def test_damaged_xlsx_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    path.write_bytes(b"PK\x03\x04 this is not really a zip")
    with pytest.raises(TranscriptFormatError, match="not a valid Excel file"):
        read_transcripts(path)


def test_a_transcript_column_without_a_text_column_is_the_text(tmp_path: Path) -> None:
    [t] = read_transcripts(_write(tmp_path, "Speaker,Transcript\nA,hello\nB,hi\n"))
    assert t.turns == (Turn("A", "hello"), Turn("B", "hi"))


def test_xlsx_title_rows_above_the_header(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        ["Home visit 3, transcript"],
        [],
        ["Speaker", "Text"],
        ["Nurse", "Hello"],
    ]
    [t] = read_transcripts(_xlsx(tmp_path / "t.xlsx", rows))
    assert t.turns == (Turn("Nurse", "Hello"),)
    assert "1 title row(s) above the header" in t.metadata["warnings"]


def test_xlsx_sheet_that_breaks_part_way_is_refused(tmp_path: Path) -> None:
    import zipfile

    good = _xlsx(
        tmp_path / "good.xlsx", [["speaker", "text"]] + [["A", f"line {i}"] for i in range(50)]
    )
    bad = tmp_path / "bad.xlsx"
    with zipfile.ZipFile(good) as zin, zipfile.ZipFile(bad, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data[: len(data) // 2]
            zout.writestr(item, data)
    with pytest.raises(TranscriptFormatError, match="breaks part-way"):
        read_transcripts(bad)


def test_many_bad_times_are_summarised(tmp_path: Path) -> None:
    rows = "".join(f"A,line {i},soon\n" for i in range(25))
    [t] = read_transcripts(_write(tmp_path, f"speaker,text,start\n{rows}"))
    assert len(t.turns) == 25
    warnings = t.metadata["warnings"].split("\n")
    assert len(warnings) == 11
    assert warnings[-1] == "... and 15 more times not read"


def test_an_annotator_column_mapped_to_a_role_is_not_deduplicated(tmp_path: Path) -> None:
    text = "coder,text\nA,Hello\nB,Hello\n"
    [t] = read_transcripts(_write(tmp_path, text), ReadOptions(columns={"speaker": "coder"}))
    assert [(x.speaker, x.text) for x in t.turns] == [("A", "Hello"), ("B", "Hello")]
