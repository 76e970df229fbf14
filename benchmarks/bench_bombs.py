"""Peak memory and time of refusing hostile inputs, each read in a fresh subprocess.

    python benchmarks/bench_bombs.py [--work /tmp/fpmcoder-bombs]

Builds the inputs of issue 13 once under ``--work`` (about 600 MB of disk): zip members
whose declared size lies (2 GB of zeros declared as 1 KB) in .docx, .odt, .xlsx (import
and ``apply``) and .qdpx; a sheet declaring 16,384 x 1,048,576 cells; YAML codebooks
(billion laughs, 200,000 nested brackets, 200,000 activities); a 199 MB one-line text
file and CSV, 19 MB ones (under the size limit), and 299,000 lines without a speaker label (within every limit, so
parsed before they are refused). Prints, per input, the outcome, the seconds and the peak resident memory
of the process (``VmHWM``), next to a process that only imported the readers.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "io"))

from zipcraft import members_of, write_zip, zeros_bomb

CHILD = """
import resource, sys, time
from pathlib import Path
from fpmcoder.errors import FpmcoderError
from fpmcoder.io.codebook_yaml import load_codebook
from fpmcoder.io.refi import read_qdpx
from fpmcoder.io.table import read_table
from fpmcoder.io.transcripts import read_transcripts
import docx, openpyxl, odf.opendocument  # imported by the readers anyway
readers = {"transcript": read_transcripts, "qdpx": read_qdpx, "codebook": load_codebook,
           "table": lambda p: read_table(p, coder="x"), "none": lambda p: None}
reader, path = sys.argv[1], Path(sys.argv[2])
started = time.perf_counter()
try:
    readers[reader](path)
    outcome = "read"
except FpmcoderError as exc:
    outcome = "refused: " + str(exc).replace(str(path), "").lstrip(":")[:90]
except BaseException as exc:
    outcome = f"FOREIGN {type(exc).__name__}: {exc}"[:100]
elapsed = time.perf_counter() - started
try:  # the high-water mark of this program alone (ru_maxrss keeps the parent's from fork)
    status = Path("/proc/self/status").read_text()
    peak = int(status.split("VmHWM:")[1].split()[0]) / 1024
except (OSError, IndexError):
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"{elapsed:.2f}\\t{peak:.0f}\\t{outcome}")
"""


def _documents(work: Path) -> dict[str, Path]:
    import docx
    import openpyxl
    from odf.opendocument import OpenDocumentText
    from odf.text import P

    d = docx.Document()
    d.add_paragraph("A: hello")
    d.save(str(work / "good.docx"))
    o = OpenDocumentText()
    o.text.addElement(P(text="A: hello"))
    o.save(str(work / "good.odt"))
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["transcript", "segment", "activity", "text"])
    ws.append(["t", 1, "a", "hello"])
    wb.save(work / "good.xlsx")
    from fpmcoder.io.refi import uuid5_guid_for, write_qdpx
    from fpmcoder.io.samples import build_sample_bundle

    bundle = build_sample_bundle()
    assert bundle.codebook is not None
    write_qdpx(work / "good.qdpx", bundle, bundle.codebook, uuid5_guid_for(), project_name="s")
    return {s: work / f"good.{s}" for s in ("docx", "odt", "xlsx", "qdpx")}


def _zip_bombs(work: Path) -> list[tuple[str, str, Path]]:
    targets = {
        "docx": "word/document.xml",
        "odt": "content.xml",
        "xlsx": "xl/worksheets/sheet1.xml",
        "qdpx": "project.qde",
    }
    bomb = None
    out = []
    for suffix, good in _documents(work).items():
        path = work / f"lying-size.{suffix}"
        if not path.exists():
            members = members_of(good)
            if bomb is None:
                bomb = zeros_bomb("x", 2 << 30, 1024)
            for i, m in enumerate(members):
                if m.name == targets[suffix].encode():
                    bomb.name = m.name
                    members[i] = bomb
            write_zip(path, members)
        reader = "qdpx" if suffix == "qdpx" else "transcript"
        out.append((f"{suffix}: member of 2 GB declared as 1 KB", reader, path))
        if suffix == "xlsx":
            out.append(("xlsx given to apply: same member", "table", path))
    return out


def _big_documents(work: Path) -> list[tuple[str, str, Path]]:
    """Word files whose text is honest but huge: past the element limit, and just within."""
    with zipfile.ZipFile(work / "good.docx") as z:
        members = {i.filename: z.read(i) for i in z.infolist()}
    head, tail = members["word/document.xml"].split(b"<w:body>")
    tail = tail.split(b"</w:p>", 1)[1]
    para = b"<w:p><w:r><w:t>just some words without a label here and there all in sixty</w:t></w:r></w:p>"
    out = []
    for count, label in (
        (530_000, "1,590,000 XML elements"),
        (299_000, "299,000 paragraphs, within limits"),
    ):
        path = work / f"paragraphs-{count}.docx"
        members["word/document.xml"] = head + b"<w:body>" + para * count + tail
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
            for name, data in members.items():
                z.writestr(name, data)
        out.append((f"docx: {label}", "transcript", path))
    return out


def _sheet_dimension(work: Path) -> Path:
    path = work / "dimension.xlsx"
    with zipfile.ZipFile(work / "good.xlsx") as z:
        members = {i.filename: z.read(i) for i in z.infolist()}
    sheet = members["xl/worksheets/sheet1.xml"]
    sheet = sheet.replace(b'<dimension ref="A1:D2"/>', b'<dimension ref="A1:XFD1048576"/>')
    members["xl/worksheets/sheet1.xml"] = sheet.replace(
        b"</sheetData>", b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>'
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return path


def _activities(n: int) -> str:
    rows = "".join(f"  - {{id: a{i}, name: A{i}, color: '#123456'}}\n" for i in range(n))
    return f"name: big\nactivities:\n{rows}"


def _far_right(work: Path) -> Path:
    """300,000 rows with one value each in column 500: 150 million cells once padded."""
    path = work / "far-right.xlsx"
    with zipfile.ZipFile(work / "good.xlsx") as z:
        members = {i.filename: z.read(i) for i in z.infolist()}
    rows = b"".join(
        b'<row r="%d"><c r="SF%d"><v>1</v></c></row>' % (r, r) for r in range(3, 300_003)
    )
    sheet = members["xl/worksheets/sheet1.xml"]
    members["xl/worksheets/sheet1.xml"] = sheet.replace(b"</sheetData>", rows + b"</sheetData>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return path


def _yaml(work: Path) -> list[tuple[str, str, Path]]:
    laughs = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    laughs += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    texts = {
        "billion laughs (9 levels of 9 aliases)": "\n".join(
            [*laughs, "name: x", "activities: *a9"]
        ),
        "200,000 nested brackets": "name: x\nactivities: " + "[" * 200_000 + "]" * 200_000,
        "200,000 activities": _activities(200_000),
        "20,000 activities (under 1 MB)": _activities(20_000),
    }
    out = []
    for n, (label, text) in enumerate(texts.items()):
        path = work / f"codebook{n}.yaml"
        path.write_text(text, encoding="utf-8")
        out.append((f"YAML codebook: {label}", "codebook", path))
    return out


def _one_line(work: Path) -> list[tuple[str, str, Path]]:
    out = []
    for mb in (199, 19):
        size = mb * 1024 * 1024
        for suffix, head in (("txt", b"A: "), ("csv", b"speaker,text\nA,")):
            path = work / f"one-line-{mb}.{suffix}"
            if not path.exists() or path.stat().st_size < size:
                with path.open("wb") as fh:
                    fh.write(head)
                    chunk = b"word " * 200_000
                    while fh.tell() < size:
                        fh.write(chunk)
            out.append((f"{mb} MB one-line .{suffix}", "transcript", path))
    commas = work / "commas.csv"
    commas.write_bytes(b"transcript,segment,activity\n" + (b"," * 999 + b"\n") * 20_000)
    out.append(("20 MB CSV of commas (apply): 20 million empty cells", "table", commas))
    within = {
        "ascii": "just some words without a label here and there all in sixty\n",
        "emoji": "😀 émoji words without any label, here and there, fifty-nine\n",
    }
    for name, line in within.items():
        path = work / f"unlabelled-{name}.txt"
        path.write_bytes(line.encode() * 299_000)
        out.append((f"299,000 unlabelled lines ({name}), within limits", "transcript", path))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--work", type=Path, default=Path("/tmp/fpmcoder-bombs"))
    parser.add_argument("--only", default="", help="run the inputs whose label has this")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    cases = [("baseline: imports only", "none", args.work / "nothing")]
    cases += _zip_bombs(args.work)
    cases += _big_documents(args.work)
    cases.append(
        ("xlsx declaring 16,384 x 1,048,576 cells (apply)", "table", _sheet_dimension(args.work))
    )
    cases.append(("xlsx: 300,000 rows, a value in column 500 each", "table", _far_right(args.work)))
    cases += _yaml(args.work)
    cases += _one_line(args.work)
    print(f"{'input':52} {'size':>9} {'seconds':>7} {'peak MB':>7}  outcome")
    worst = 0.0
    for label, reader, path in cases:
        if args.only not in label and reader != "none":
            continue
        size = f"{path.stat().st_size / 1e6:,.1f} MB" if path.exists() else "-"
        result = subprocess.run(
            [sys.executable, "-c", CHILD, reader, str(path)], capture_output=True, text=True
        )
        if result.returncode != 0 or not result.stdout:
            print(f"{label:52} {size:>9} crashed: {result.stderr.strip()[-200:]}")
            continue
        seconds, peak, outcome = result.stdout.strip().split("\t", 2)
        if reader != "none":
            worst = max(worst, float(peak))
        print(f"{label:52} {size:>9} {seconds:>7} {peak:>7}  {outcome}", flush=True)
    print(f"highest peak for a hostile input: {worst:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
