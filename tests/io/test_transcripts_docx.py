"""Word (.docx) and OpenDocument (.odt): labelled paragraphs and transcript tables."""

from __future__ import annotations

from pathlib import Path

import pytest

from fpmcoder.core.transcript import Turn
from fpmcoder.errors import TranscriptFormatError
from fpmcoder.io.transcripts import ReadOptions, read_transcripts


def _docx(path: Path, paragraphs: list[str], tables: list[list[list[str]]] | None = None) -> Path:
    import docx

    document = docx.Document()
    for p in paragraphs:
        document.add_paragraph(p)
    for rows in tables or []:
        table = document.add_table(rows=len(rows), cols=len(rows[0]))
        for i, row in enumerate(rows):
            for j, value in enumerate(row):
                table.cell(i, j).text = value
    document.add_paragraph("Transcribed by R.")
    document.save(str(path))
    return path


def test_docx_labelled_paragraphs(tmp_path: Path) -> None:
    path = _docx(
        tmp_path / "visit.docx",
        [
            "Home visit, week 3",
            "",
            "Nurse: How was the night?",
            "Mother: Long.",
            "She woke four times.",
            "Nurse (00:02:10): And today?",
        ],
    )
    [t] = read_transcripts(path)
    assert t.title == "visit"
    assert t.header == ("Home visit, week 3",)
    assert t.turns == (
        Turn("Nurse", "How was the night?"),
        Turn("Mother", "Long.\nShe woke four times."),
        Turn("Nurse", "And today?\nTranscribed by R.", 130.0),
    )
    assert t.metadata["format"] == "docx"


def test_docx_table_with_header_row(tmp_path: Path) -> None:
    rows = [
        ["Time", "Speaker", "Utterance"],
        ["00:00:05", "Nurse", "Hello."],
        ["00:00:09", "Mother", "Hi.\nCome in."],
        ["", "", ""],
        ["bad", "Nurse", "Thanks."],
    ]
    path = _docx(tmp_path / "t.docx", ["Interview 4", "Date: 2 May"], [rows])
    [t] = read_transcripts(path)
    assert t.turns == (
        Turn("Nurse", "Hello.", 5.0),
        Turn("Mother", "Hi.\nCome in.", 9.0),
        Turn("Nurse", "Thanks."),
    )
    assert t.header == ("Interview 4", "Date: 2 May", "Transcribed by R.")
    assert t.date == "2 May"
    assert "'bad' is not a time" in t.metadata["warnings"]


def test_docx_table_without_header_row(tmp_path: Path) -> None:
    rows = [
        ["Nurse", "How was the night?"],
        ["Mother", "Long, she woke four times and I was up with her."],
        ["Nurse", "That sounds exhausting."],
    ]
    [t] = read_transcripts(_docx(tmp_path / "t.docx", [], [rows]))
    assert [(x.speaker, x.text) for x in t.turns] == [tuple(r) for r in rows]


def test_docx_without_labels_is_refused(tmp_path: Path) -> None:
    path = _docx(tmp_path / "essay.docx", ["I really like learning.", "It is good for me."])
    with pytest.raises(TranscriptFormatError, match="no speaker turns found"):
        read_transcripts(path)


def test_docx_that_is_not_a_word_file(tmp_path: Path) -> None:
    path = tmp_path / "t.docx"
    path.write_text("Nurse: hello\n", encoding="utf-8")
    with pytest.raises(TranscriptFormatError, match="not a valid Word file"):
        read_transcripts(path)


def test_xlsx_renamed_to_docx_is_refused(tmp_path: Path) -> None:
    import openpyxl

    path = tmp_path / "t.docx"
    openpyxl.Workbook().save(path)
    with pytest.raises(TranscriptFormatError, match="not a Word file"):
        read_transcripts(path)


def _odt(path: Path, paragraphs: list[str], table: list[list[str]] | None = None) -> Path:
    from odf.opendocument import OpenDocumentText
    from odf.table import Table, TableCell, TableColumn, TableRow
    from odf.text import P

    document = OpenDocumentText()
    for p in paragraphs:
        document.text.addElement(P(text=p))
    if table is not None:
        t = Table(name="T")
        t.addElement(TableColumn(numbercolumnsrepeated=len(table[0])))
        for row in table:
            tr = TableRow()
            for value in row:
                cell = TableCell()
                cell.addElement(P(text=value))
                tr.addElement(cell)
            t.addElement(tr)
        document.text.addElement(t)
    document.save(str(path))
    return path


def test_odt_paragraphs(tmp_path: Path) -> None:
    path = _odt(tmp_path / "v.odt", ["Entretien 2", "Infirmière: Bonjour.", "Mère: Ça va."])
    [t] = read_transcripts(path)
    assert t.header == ("Entretien 2",)
    assert [(x.speaker, x.text) for x in t.turns] == [
        ("Infirmière", "Bonjour."),
        ("Mère", "Ça va."),
    ]
    assert read_transcripts(path, ReadOptions(title="E2"))[0].title == "E2"


def test_odt_table(tmp_path: Path) -> None:
    rows = [["Speaker", "Text"], ["A", "one"], ["B", "two"]]
    [t] = read_transcripts(_odt(tmp_path / "v.odt", ["Notes"], rows))
    assert t.turns == (Turn("A", "one"), Turn("B", "two"))
    assert t.header == ("Notes",)


def test_docx_tracked_changes_keep_insertions_and_drop_deletions(tmp_path: Path) -> None:
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = docx.Document()
    document.add_paragraph("Nurse: Hello.")
    p = document.add_paragraph("Mother: ")
    ins = OxmlElement("w:ins")
    ins.set(qn("w:id"), "1")
    ins.set(qn("w:author"), "R")
    run = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = "inserted words"
    run.append(t)
    ins.append(run)
    deleted = OxmlElement("w:del")
    deleted.set(qn("w:id"), "2")
    deleted.set(qn("w:author"), "R")
    drun = OxmlElement("w:r")
    dt = OxmlElement("w:delText")
    dt.text = " deleted words"
    drun.append(dt)
    deleted.append(drun)
    p._p.append(ins)
    p._p.append(deleted)
    path = tmp_path / "tracked.docx"
    document.save(str(path))
    [transcript] = read_transcripts(path)
    assert [x.text for x in transcript.turns] == ["Hello.", "inserted words"]


def test_docx_table_with_turn_numbers_and_colons(tmp_path: Path) -> None:
    rows = [
        ["1", "Nurse:", "How was the night?"],
        ["2", "Mother:", "Long, she woke four times and I was up with her."],
        ["3", "Nurse:", "That sounds exhausting."],
    ]
    [t] = read_transcripts(_docx(tmp_path / "t.docx", [], [rows]))
    assert [(x.speaker, x.text, x.start) for x in t.turns] == [
        ("Nurse", "How was the night?", None),
        ("Mother", "Long, she woke four times and I was up with her.", None),
        ("Nurse", "That sounds exhausting.", None),
    ]
