"""Another program's project: labels, CRLF, overlapping selections, gaps, notes, cases."""

from __future__ import annotations

import itertools
import zipfile
from pathlib import Path

import pytest

from fpmcoder.core.segmentation import Coding, check_partition
from fpmcoder.io.refi import read_qdpx
from fpmcoder.io.refi._segments import Selection, map_selections
from fpmcoder.io.refi._textmap import labelled_source, parse_source

TEXT = (
    "Interviewer: How are you?\r\n"
    "Mother: Tired. He wakes at night.\r\n"
    "\r\n"
    "Interviewer: Let’s look at that 👀.\r\n"
    "Mother: OK then.\r\n"
)
ANN = "{11111111-1111-1111-1111-111111111111}"
BOB = "22222222-2222-2222-2222-222222222222"
V_SET, V_AGE = "33333333-3333-3333-3333-000000000001", "33333333-3333-3333-3333-000000000002"
S1 = "44444444-4444-4444-4444-444444444444"


def g(n: int) -> str:
    return f"{n:08X}-AAAA-1BBB-8CCC-DDDDDDDDDDDD"  # version 1: not v4 on purpose


_numbers = itertools.count(101)


def sel(start: str, end: str, codes: list[tuple[str, str]], extra: str = "") -> str:
    a = TEXT.index(start)
    b = TEXT.index(end) + len(end)
    n = next(_numbers)
    body = "".join(
        f'<Coding guid="{g(n * 10 + i)}" creatingUser="{u}"><CodeRef targetGUID="{c}"/></Coding>'
        for i, (u, c) in enumerate(codes)
    )
    return f'<PlainTextSelection guid="{g(n)}" startPosition="{a}" endPosition="{b}">{extra}{body}</PlainTextSelection>'


LOC, MEAN, LIVE, SLEEP, FEED = (g(i) for i in range(1, 6))
PROJECT = f"""<Project xmlns="urn:QDA-XML:project:1.0" name="Other tool project" creatingUserGUID="{ANN}">
<Users><User guid="{ANN}" name="Ann"/><User guid="{BOB}"/></Users>
<CodeBook><Codes>
 <Code guid="{g(90)}" name="Partnership activities" isCodable="false">
  <Code guid="{LOC}" name="Locating" isCodable="true" color="#ff0000"/>
  <Code guid="{MEAN}" name="Meaning" isCodable="true" color="#F00"/>
  <Code guid="{LIVE}" name="Live action" isCodable="true"/>
 </Code>
 <Code guid="{g(91)}" name="Themes" isCodable="true">
  <Code guid="{SLEEP}" name="Sleep" isCodable="true"/><Code guid="{FEED}" name="Feeding" isCodable="true"/>
 </Code>
</Codes></CodeBook>
<Variables><Variable guid="{V_SET}" name="Setting" typeOfVariable="Text"/>
<Variable guid="{V_AGE}" name="Age" typeOfVariable="Integer"/></Variables>
<Cases><Case guid="{g(80)}" name="Family X"><VariableValue><VariableRef targetGUID="{V_AGE}"/><IntegerValue>5</IntegerValue></VariableValue><SourceRef targetGUID="{S1.lower()}"/></Case></Cases>
<Sources>
 <TextSource guid="{S1}" name="Interview 1" richTextPath="internal://s1.docx" plainTextPath="internal://s1.txt">
  {sel("How", "night.", [(ANN, LOC)])}
  {sel("He wakes", "night.", [(ANN, MEAN), (ANN, "{" + SLEEP + "}")])}
  {sel("Tired.", "Tired.", [(BOB, FEED), (BOB, g(999))])}
  {sel("Let’s", "👀.", [(ANN, LIVE)], f'<Description>desc memo</Description><NoteRef targetGUID="{g(70)}"/>')}
  <PlainTextSelection guid="{g(60)}" startPosition="5" endPosition="5"><Coding guid="{g(61)}" creatingUser="{ANN}"><CodeRef targetGUID="{LOC}"/></Coding></PlainTextSelection>
  <VariableValue><VariableRef targetGUID="{V_SET}"/><TextValue>home</TextValue></VariableValue>
 </TextSource>
 <PictureSource guid="{g(50)}" name="photo" path="internal://p.png"/>
 <TextSource guid="{g(51)}" name="Rich only" richTextPath="internal://s3.docx"/>
 <TextSource guid="{g(52)}" name="Outside" plainTextPath="file:///etc/hosts"/>
</Sources>
<Notes><Note guid="{g(70)}" creatingUser="{ANN}" name="memo"><PlainTextContent>Ann’s note</PlainTextContent></Note></Notes>
</Project>"""


@pytest.fixture
def other_tool(tmp_path: Path) -> Path:
    path = tmp_path / "other.qdpx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(
            "MyProject.qde", PROJECT.encode("utf-8")
        )  # not called project.qde, no declaration
        z.writestr("Sources/s1.txt", TEXT.encode("utf-8"))  # capital S
        z.writestr("Sources/s1.docx", b"PK not really")
        z.writestr("Sources/p.png", b"\x89PNG")
    return path


def test_another_programs_project(other_tool: Path) -> None:
    bundle = read_qdpx(other_tool)
    assert bundle.codebook is not None
    cb = bundle.codebook
    assert cb.activity_ids == ("locating", "meaning", "live_action")
    assert len({a.color for a in cb.activities}) == 3  # "#F00" repeated "#ff0000": repainted
    assert {(d.id, d.group) for d in cb.dilemmas} == {
        ("themes", None),
        ("sleep", "Themes"),
        ("feeding", "Themes"),
    }
    (ct,) = bundle.transcripts
    t = ct.transcript
    assert t.title == "Interview 1" and t.setting == "home" and t.case == "Family X"
    assert bundle.cases == {"Family X": {"Age": "5"}}
    assert [(x.speaker, x.text) for x in t.turns] == [
        ("Interviewer", "How are you?"),
        ("Mother", "Tired. He wakes at night."),
        ("Interviewer", "Let’s look at that 👀."),
        ("Mother", "OK then."),
    ]
    assert ct.spans is not None
    check_partition(ct.spans, len(t.text))
    pieces = [t.text[a:b] for a, b in ct.spans]
    assert pieces == [
        "How are you?\n",
        "Tired. ",
        "He wakes at night.\n",
        "Let’s look at that 👀.\n",
        "OK then.",
    ]
    ann = ct.codings["Ann"]
    assert ann[0] == Coding("locating")
    assert ann[1] == Coding("locating")
    # Locating (whole turns) and Meaning (a part) overlap: the more specific selection wins.
    assert ann[2] == Coding("meaning", frozenset({"sleep"}))
    assert ann[3] == Coding("live_action", frozenset(), "Ann’s note\n\ndesc memo")
    assert ct.codings["user 22222222"] == {1: Coding(None, frozenset({"feeding"}))}
    assert 4 not in ann  # a gap: nobody coded "OK then."
    report = "\n".join(bundle.report)
    assert '"Partnership activities"' in report
    assert "1 overlaps resolved, 1 segments left uncoded" in report
    assert "1 selections with no text skipped" in report
    assert "1 codings of codes missing from the codebook" in report
    assert 'skipped source "Rich only": it has only a rich-text' in report
    assert 'skipped source "Outside"' in report
    assert "skipped 1 PictureSource source(s)" in report


def test_the_researcher_chooses_the_activities(other_tool: Path) -> None:
    bundle = read_qdpx(other_tool, activities_parent="Themes")
    assert bundle.codebook is not None
    assert bundle.codebook.activity_ids == ("sleep", "feeding")
    (ct,) = bundle.transcripts
    assert ct.codings["user 22222222"][1].activity == "feeding"


def test_parse_source_labels_blocks_and_offsets() -> None:
    src = "Speaker 1:   Thank you. \r\nwrapped line\n\nInterviewer1 :\n\nAlone label text\n\nno label here\n"
    turns, om = parse_source(src)
    assert [(x.speaker, x.text) for x in turns] == [
        ("Speaker 1", "Thank you.\nwrapped line"),
        ("Interviewer1", "Alone label text"),
        ("", "no label here"),
    ]
    text = "\n".join(x.text for x in turns)
    for t, s, n in om.runs:  # every kept character is the same character (or a line break)
        for k in range(n):
            assert text[t + k] == src[s + k] or (text[t + k] == "\n" and src[s + k] in "\r\n")
    assert om.to_text(0) == 0  # inside the label: the turn's first character
    assert om.to_text(src.index("wrapped")) == text.index("wrapped")
    assert om.to_text(len(src)) == len(text)


def test_unlabelled_text_is_one_turn_per_paragraph_or_line() -> None:
    turns, _ = parse_source("First para\nstill first\n\nSecond: para")
    assert [x.text for x in turns] == ["First para\nstill first", "Second: para"]
    turns, _ = parse_source("one\ntwo\nthree")
    assert [x.text for x in turns] == ["one", "two", "three"]


def test_labelled_source_maps_both_ways() -> None:
    from fpmcoder.core.transcript import Turn

    turns = (Turn("A", "hi 😀"), Turn("", "x\ny"), Turn("Bee", ""))
    src, om = labelled_source(turns)
    assert src == "A: hi 😀\nx\ny\nBee: "
    text = "\n".join(t.text for t in turns)
    for pos in range(len(text) + 1):
        assert om.to_text(om.start_in_source(pos)) == pos


def test_map_selections_partition_rules() -> None:
    text = "Hello there. General Kenobi!"
    sels = [
        Selection(0, 13, [("a", "activity", "x")]),  # "Hello there. " (trailing space)
        Selection(12, 28, [("a", "activity", "y"), ("b", "dilemma", "d")]),  # from the space
    ]
    m = map_selections(text, [0], sels, ["x", "y"])
    assert [text[a:b] for a, b in m.spans] == ["Hello there. ", "General Kenobi!"]
    assert m.codings["a"] == {0: Coding("x"), 1: Coding("y")}
    assert m.codings["b"] == {1: Coding(None, frozenset({"d"}))}
    assert m.overlaps_resolved == 0 and m.uncoded == 0


def test_transcripts_only_pdf_text_and_several_cases(tmp_path: Path) -> None:
    s1, s2 = g(1), g(2)
    project = f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="no codes">
<Cases><Case guid="{g(3)}" name="A"><SourceRef targetGUID="{s1}"/></Case>
<Case guid="{g(4)}" name="B"><SourceRef targetGUID="{s1}"/></Case></Cases>
<Sources>
 <TextSource guid="{s1}" name="Notes"><PlainTextContent>Inline text
second line</PlainTextContent></TextSource>
 <PDFSource guid="{g(5)}" name="Paper" path="internal://p.pdf">
  <Representation guid="{s2}" plainTextPath="internal://p.txt"/>
 </PDFSource>
 <AudioSource guid="{g(6)}" name="Tape" path="internal://t.mp3"/>
</Sources></Project>"""
    path = tmp_path / "p.qdpx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("project.qde", project)
        z.writestr("sources/p.txt", "\ufeffPDF text\r\r\rmore")  # BOM and old Mac breaks
    bundle = read_qdpx(path)
    assert bundle.codebook is None
    notes, paper = bundle.transcripts
    assert [t.text for t in notes.transcript.turns] == ["Inline text", "second line"]
    assert notes.transcript.case == "A"
    assert [t.text for t in paper.transcript.turns] == ["PDF text", "more"]
    report = "\n".join(bundle.report)
    assert "1 sources in several cases" in report
    assert "skipped 1 AudioSource" in report
    assert "no codes: only transcripts" in report


def test_carriage_returns_and_control_characters_in_xml() -> None:
    import xml.etree.ElementTree as ET

    from fpmcoder.io.refi._xml import parse_xml, sub, to_bytes

    root = ET.Element("R", {"xmlns": "urn:x"})
    sub(root, "M", {"name": "a\r\nb\x01"}, text="one\r\ntwo\x02 & <three>")
    back = parse_xml(to_bytes(root), path=Path("x"), what="x")
    (m,) = list(back)
    assert m.text == "one\r\ntwo & <three>"
    assert m.get("name") == "a\r\nb"
