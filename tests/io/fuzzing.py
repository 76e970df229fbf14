"""The mutation fuzzer shared by ``test_fuzz_readers.py`` (bounded, in CI) and
``benchmarks/fuzz_readers.py`` (as long as you like).

Seeds are real files of every format the importers read: the bundled samples and codebook,
files made here for formats with no sample (SRT, Markdown, TSV, XLSX, QDC), and, when the
folder is there, ``../shared/realdata`` (read in place, never copied into the repository).
A mutation changes bytes of the file, or of one member of a zip-based file (docx, odt,
xlsx, qdpx) before zipping it again, or its extension (so that sniffing is exercised).
Every input goes to the reader the importer would use; the only outcomes allowed are a
result or an :class:`FpmcoderError`, with nothing printed.
"""

from __future__ import annotations

import contextlib
import io
import random
import re
import shutil
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
REALDATA = ROOT.parent / "shared" / "realdata"
TOKENS = [
    b"\n", b"\r\n", b"\r", b":", b": ", b"-->", b" --> ", b"00:01:84.500", b"99:99:99,999",
    b"WEBVTT\n\n", b"<v ", b">", b"<", b"&", b"&#0;", b"\x00", b"\xff", b"\xef\xbb\xbf",
    b"\xff\xfe", b"\xc3", b"\"", b",", b";", b"\t", b"|", b"[", b"]", b"{", b"}", b"*a", b"&a ",
    b"!!python/object:os.system", b"- ", b"  ", b"#", b"<?xml", b'encoding="x-nope"', b"]]>",
    b"<!DOCTYPE x [<!ENTITY e 'e'>]>", b"PK\x03\x04", b"9" * 30, b"-1", b"1e999", b"NaN",
    b"Interviewer:", b"[Speaker] 19:00:25\n", b"\xe2\x80\xa8", b"\xe2\x80\x8b",
    b"? [a, b]\n: ", b"!!float x", b"2026-13-45", b"!!binary", b"<<: ", b"Infinity", b"1e999",
    b"9" * 400,
]  # fmt: skip
_ZIP_HEADER = re.compile(rb"PK\x01\x02|PK\x03\x04|PK\x05\x06")
EXTENSIONS = [".txt", ".md", ".csv", ".tsv", ".vtt", ".srt", ".docx", ".odt", ".xlsx", ".dat"]


@dataclass(frozen=True)
class Seed:
    path: Path
    reader: str  # "transcript", "table", "qdpx", "qdc", "codebook"

    @property
    def zipped(self) -> bool:
        return self.path.suffix.lower() in (".docx", ".odt", ".xlsx", ".qdpx")


def _made_seeds(folder: Path) -> list[Seed]:
    """Small files for the formats with no bundled sample."""
    import openpyxl

    from fpmcoder.io.codebook_yaml import default_codebook
    from fpmcoder.io.refi import uuid5_guid_for, write_qdc

    folder.mkdir(parents=True, exist_ok=True)
    (folder / "captions.srt").write_text(
        "1\n00:00:01,000 --> 00:00:04,000\nNurse: How was the night?\n\n"
        "2\n00:00:04,500 --> 00:00:06,000\n<i>Mother:</i> Long.\n",
        encoding="utf-8",
    )
    (folder / "notes.md").write_text(
        "# Visit 3\nDate: 2026-03-04\n\n**Nurse:** How was the night?\n\n**Mother:** Long.\n",
        encoding="utf-8",
    )
    (folder / "turns.tsv").write_text(
        "speaker\ttext\tstart\nNurse\tHow was it?\t0:01\nMother\tLong.\t0:04\n", encoding="utf-8"
    )
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    for row in (["Speaker", "Text", "Time"], ["Nurse", "Hello.", "00:00:05"], ["Mother", "Hi.", 9]):
        ws.append(row)
    wb.save(folder / "turns.xlsx")
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    rows = [
        ["transcript", "segment", "coder", "activity", "dilemmas"],
        ["visit", 1, "alex", "x", ""],
    ]
    for row in rows:
        ws.append(row)
    wb.save(folder / "codings.xlsx")
    write_qdc(folder / "codebook.qdc", default_codebook(), uuid5_guid_for())
    _made_documents(folder)
    return [
        Seed(folder / "visit.docx", "transcript"),
        Seed(folder / "visit.odt", "transcript"),
        Seed(folder / "captions.srt", "transcript"),
        Seed(folder / "notes.md", "transcript"),
        Seed(folder / "turns.tsv", "transcript"),
        Seed(folder / "turns.xlsx", "transcript"),
        Seed(folder / "codings.xlsx", "table"),
        Seed(folder / "codebook.qdc", "qdc"),
    ]


def _made_documents(folder: Path) -> None:
    """A Word and an OpenDocument transcript: labelled paragraphs and a table of turns."""
    import docx
    from odf.opendocument import OpenDocumentText
    from odf.table import Table, TableCell, TableColumn, TableRow
    from odf.text import P

    lines = ["Home visit, week 3", "Nurse: How was the night?", "Mother: Long.", "Nurse: Today?"]
    rows = [["Time", "Speaker", "Text"], ["00:00:05", "Nurse", "Hello."], ["0:09", "Mother", "Hi."]]
    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    table = document.add_table(rows=len(rows), cols=3)
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            table.cell(i, j).text = value
    document.save(str(folder / "visit.docx"))
    odt = OpenDocumentText()
    for line in lines:
        odt.text.addElement(P(text=line))
    t = Table(name="T")
    t.addElement(TableColumn(numbercolumnsrepeated=3))
    for row in rows:
        tr = TableRow()
        for value in row:
            cell = TableCell()
            cell.addElement(P(text=value))
            tr.addElement(cell)
        t.addElement(tr)
    odt.text.addElement(t)
    odt.save(str(folder / "visit.odt"))


def _sample_qdpx(folder: Path) -> Seed:
    from fpmcoder.io.refi import uuid5_guid_for, write_qdpx
    from fpmcoder.io.samples import build_sample_bundle

    bundle = build_sample_bundle()
    assert bundle.codebook is not None
    path = folder / "samples.qdpx"
    write_qdpx(path, bundle, bundle.codebook, uuid5_guid_for(), project_name="Samples")
    return Seed(path, "qdpx")


def seeds(work: Path, *, realdata: bool = True, max_bytes: int | None = None) -> list[Seed]:
    """Every seed: samples, made files and (when present and wanted) the real files."""
    samples = ROOT / "sample_transcripts"
    out = [
        *(Seed(p, "transcript") for p in sorted(samples.glob("*.*")) if p.suffix != ".yaml"),
        *(Seed(p, "table") for p in sorted((samples / "codings").glob("*.csv"))),
        *(Seed(p, "codebook") for p in sorted((ROOT / "codebooks").glob("*.yaml"))),
        *_made_seeds(work / "made"),
        _sample_qdpx(work / "made"),
    ]
    out = [s for s in out if s.path.name != "README.md"]
    if realdata and REALDATA.is_dir():
        for p in sorted(REALDATA.rglob("*")):
            ext = p.suffix.lower()
            if "LICENSE" in p.name or p.name.startswith("README") or not p.is_file():
                continue
            if ext == ".qdpx":
                out.append(Seed(p, "qdpx"))
            elif ext in (".txt", ".md", ".csv", ".docx", ".odt"):
                out.append(Seed(p, "transcript"))
    if max_bytes is not None:
        out = [s for s in out if s.path.stat().st_size <= max_bytes]
    return out


# -- mutations ------------------------------------------------------------------------------

Op = tuple[str, int, int, int]  # (kind, position, length, choice), positions taken modulo size


def mutate_bytes(data: bytes, ops: Sequence[Op]) -> bytes:
    buf = bytearray(data)
    for kind, pos, length, choice in ops:
        n = len(buf)
        at = pos % (n + 1)
        if kind == "flip" and n:
            buf[at % n] ^= 1 << (choice % 8)
        elif kind == "byte" and n:
            buf[at % n] = choice % 256
        elif kind == "insert":
            buf[at:at] = TOKENS[choice % len(TOKENS)] * (1 + length % 4)
        elif kind == "delete":
            del buf[at : at + 1 + length]
        elif kind == "repeat":
            piece = buf[at : at + 1 + length % 64]
            buf[at:at] = piece * (1 + choice % 50)
        elif kind == "truncate":
            del buf[at:]
        elif kind == "swap" and n:
            other = choice % n
            buf[at % n], buf[other] = buf[other], buf[at % n]
        elif kind == "header":  # a byte of a zip header: flags, method, sizes, name lengths
            heads = [m.start() for m in _ZIP_HEADER.finditer(bytes(buf))]
            if heads:
                where = heads[pos % len(heads)] + 4 + length % 42
                if where < n:
                    buf[where] = choice % 256
    return bytes(buf)


def mutate_zip(data: bytes, ops: Sequence[Op], member_choice: int) -> bytes:
    """Mutate one member's content and zip the archive again (names and order kept)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            members = [(i.filename, z.read(i)) for i in z.infolist()]
    except Exception:  # an unreadable zip: mutate the raw bytes instead
        return mutate_bytes(data, ops)
    if not members:
        return data
    k = member_choice % len(members)
    name, content = members[k]
    members[k] = (name, mutate_bytes(content, ops))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, content in members:
            z.writestr(name, content)
    return out.getvalue()


def mutated(seed: Seed, data: bytes, ops: Sequence[Op], where: int, ext: int) -> tuple[bytes, str]:
    """The mutated bytes and the extension to give them. ``where``: raw bytes or a member;
    ``ext``: mostly the seed's own extension, sometimes another (transcripts only)."""
    suffix = seed.path.suffix.lower()
    if seed.reader == "transcript" and ext % 8 == 0:
        suffix = EXTENSIONS[(ext // 8) % len(EXTENSIONS)]
    if seed.zipped and where % 4 != 0:
        return mutate_zip(data, ops, where // 4), suffix
    return mutate_bytes(data, ops), suffix


# -- running ----------------------------------------------------------------------------------


def reader_for(seed: Seed) -> Callable[[Path], object]:
    if seed.reader == "qdpx":
        from fpmcoder.io.refi import read_qdpx

        return read_qdpx
    if seed.reader == "qdc":
        from fpmcoder.io.refi import read_qdc

        return read_qdc
    if seed.reader == "codebook":
        from fpmcoder.io.codebook_yaml import load_codebook

        return load_codebook
    if seed.reader == "table":
        from fpmcoder.io.table import read_table

        return lambda p: read_table(p, coder="fuzz")
    from fpmcoder.io.transcripts import read_transcripts

    return read_transcripts


@dataclass(frozen=True)
class Outcome:
    kind: str  # "ok", the FpmcoderError class name, or "foreign"
    error: BaseException | None
    printed: str


def run_one(seed: Seed, data: bytes, suffix: str, folder: Path) -> Outcome:
    """Write the input under ``folder`` and read it as the importer would."""
    from fpmcoder.errors import FpmcoderError

    path = folder / f"input{suffix}"
    path.write_bytes(data)
    printed = io.StringIO()
    try:
        with contextlib.redirect_stdout(printed), contextlib.redirect_stderr(printed):
            reader_for(seed)(path)
    except FpmcoderError as exc:
        return Outcome(type(exc).__name__, exc, printed.getvalue())
    except Exception as exc:
        return Outcome("foreign", exc, printed.getvalue())
    return Outcome("ok", None, printed.getvalue())


def random_ops(rng: random.Random) -> list[Op]:
    kinds = ["flip", "byte", "insert", "delete", "repeat", "truncate", "swap", "header"]
    weights = [3, 3, 5, 2, 2, 1, 1, 2]
    return [
        (
            rng.choices(kinds, weights)[0],
            rng.randrange(1 << 30),
            rng.randrange(2000) if rng.random() < 0.2 else rng.randrange(16),
            rng.randrange(1 << 16),
        )
        for _ in range(1 + int(rng.expovariate(0.5)))
    ]


def fresh_folder(folder: Path) -> Path:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder


# -- structured inputs: token soups that byte mutations rarely assemble ----------------------

TEXT_TOKENS = [
    "WEBVTT\n", "\n", "\n\n", "1\n", "00:00:01.000", "00:00:01,000", " --> ", "-->",
    "99:59:59.999", "00:01:84.500", "9" * 40 + ":00:00.000", "1:2", "<v Ann>", "<v>", "</v>",
    "<i>", "{\\an8}", "&amp;", "&#99999999;", "&#x110000;", "Ann: ", "Bob: ", ">> ", "- ",
    "NOTE x\n", "STYLE\n", "[Ann] 19:00:25\n", "[Bob] 23:59:59\n", "speaker,text,start,end\n",
    "speaker\ttext\n", ",", ";", "\t", "|", '"', '""', "Interviewer:", "Parent (P):",
    "**Ann:** ", "(00:01:05)", "[00:01]", "Date: 2026\n", "Case: y\n",
    "transcript,speaker,text\n", "annotator_id,", "word ", "é", "\u2028", "\x0c", "\r", "\r\n",
    "\ufeff", "1e999", "nan", "-5", "inf",
]  # fmt: skip
TEXT_EXTENSIONS = [".vtt", ".srt", ".txt", ".csv", ".tsv", ".md"]

_VALUES = [
    "", "0", "-1", "5", "99999999999999999999", "1e999", "abc", "NaN", "3.5", " 2 ", "true",
    "false", "#ff0000", "#zz", "2026-13-45T99:99:99Z", "internal://a.txt", "a.txt", "../a.txt",
    "/etc/passwd", "{00000000-0000-0000-0000-000000000001}",
    "00000000-0000-0000-0000-000000000001", "00000000-0000-0000-0000-000000000002",
]  # fmt: skip


def qde_soup(r: random.Random) -> bytes:
    """A REFI-QDA project document of random elements and attribute values (any order)."""

    def attrs(*names: str) -> str:
        return "".join(f' {n}="{r.choice(_VALUES)}"' for n in names if r.random() < 0.8)

    def code(depth: int) -> str:
        kids = "".join(code(depth + 1) for _ in range(r.randint(0, 2 if depth < 3 else 0)))
        return f"<Code{attrs('guid', 'name', 'isCodable', 'color')}>{kids}</Code>"

    def selection() -> str:
        codings = "".join(
            f"<Coding{attrs('guid', 'creatingUser')}><CodeRef{attrs('targetGUID')}/></Coding>"
            for _ in range(r.randint(0, 2))
        )
        refs = f"<NoteRef{attrs('targetGUID')}/>" if r.random() < 0.3 else ""
        names = ("guid", "name", "startPosition", "endPosition", "creatingUser")
        return f"<PlainTextSelection{attrs(*names)}>{codings}{refs}</PlainTextSelection>"

    def source() -> str:
        inline = "<PlainTextContent>A: hi\nB: yo</PlainTextContent>" if r.random() < 0.5 else ""
        sels = "".join(selection() for _ in range(r.randint(0, 4)))
        names = ("guid", "name", "plainTextPath", "richTextPath", "creatingUser")
        return f"<TextSource{attrs(*names)}>{inline}{sels}</TextSource>"

    parts = [
        "<Users>" + "".join(f"<User{attrs('guid', 'name')}/>" for _ in range(2)) + "</Users>",
        "<CodeBook><Codes>"
        + "".join(code(0) for _ in range(r.randint(0, 4)))
        + "</Codes></CodeBook>",
        "<Variables>" + f"<Variable{attrs('guid', 'name', 'typeOfVariable')}/>" + "</Variables>",
        f"<Cases><Case{attrs('guid', 'name')}><SourceRef{attrs('targetGUID')}/>"
        f"<VariableValue><VariableRef{attrs('targetGUID')}/><IntegerValue>"
        f"{r.choice(_VALUES)}</IntegerValue></VariableValue></Case></Cases>",
        "<Sources>" + "".join(source() for _ in range(r.randint(0, 3))) + "</Sources>",
        f"<Notes><Note{attrs('guid', 'name', 'plainTextPath')}>"
        "<PlainTextContent>memo</PlainTextContent></Note></Notes>",
    ]
    r.shuffle(parts)
    body = "".join(p for p in parts if r.random() < 0.9)
    head = attrs("name", "creatingUserGUID", "origin")
    text = f'<?xml version="1.0" encoding="utf-8"?><Project xmlns="urn:QDA-XML:project:1.0"{head}>'
    return (text + body + "</Project>").encode()


def qdpx_soup(r: random.Random) -> bytes:
    """A .qdpx of :func:`qde_soup` with a few source files of odd encodings."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("project.qde", qde_soup(r))
        for name in ("sources/a.txt", "a.txt", "Sources/b.txt"):
            if r.random() < 0.5:
                z.writestr(name, r.choice([b"A: hi\nB: yo\n", b"\xff\xfeA\x00", b"", b"\xe9"]))
    return out.getvalue()
