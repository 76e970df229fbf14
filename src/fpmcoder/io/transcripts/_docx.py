"""Word documents (.docx) through python-docx.

Paragraphs are read like lines of a text file, with the plain-text parser (a paragraph
break inside a turn is kept as ``"\\n"``). When the document lays the transcript out as
tables (a speaker column and a text column, perhaps a time column), the rows of those
tables are the turns and the paragraphs around them become the header.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from fpmcoder.core.transcript import Transcript, Turn
from fpmcoder.io._quiet import quiet
from fpmcoder.io.transcripts._common import error, make_transcript
from fpmcoder.io.transcripts._doctable import table_turns
from fpmcoder.io.transcripts._limits import check_line_count
from fpmcoder.io.transcripts._options import ReadOptions
from fpmcoder.io.transcripts._text import build, header_fields, parse_lines
from fpmcoder.io.transcripts._zipcheck import check_zip

__all__ = ["from_blocks", "read_docx"]

Block = str | list[list[str]]
"""A paragraph's text, or a table as rows of cell texts."""


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_TEXT_TAGS = {f"{_W}t": None, f"{_W}tab": "\t", f"{_W}br": "\n", f"{_W}cr": "\n"}


def paragraph_text(p: Any) -> str:
    """A ``w:p`` element's text, including tracked insertions, fields and content controls.

    (python-docx's ``Paragraph.text`` reads only direct runs and hyperlinks.) Deleted
    text (``w:delText``) is left out, and so is the duplicate ``mc:Fallback`` copy of a
    text box.
    """
    out: list[str] = []
    for el in p.iter(*_TEXT_TAGS):
        if any(a.tag == _MC_FALLBACK for a in el.iterancestors()):
            continue
        fixed = _TEXT_TAGS[el.tag]
        out.append(fixed if fixed is not None else (el.text or ""))
    return "".join(out)


def _cell_text(cell: Any) -> str:
    return "\n".join(paragraph_text(p) for p in cell._tc.iter(f"{_W}p"))


def _table_rows(table: Any) -> list[list[str]]:
    rows: list[list[str]] = []
    for row in table.rows:
        cells: list[str] = []
        previous = None
        for cell in row.cells:
            if cell._tc is previous:  # a merged cell repeats; keep it once
                continue
            previous = cell._tc
            cells.append(_cell_text(cell))
        rows.append(cells)
    return rows


def _blocks(path: Path, data: bytes) -> list[Block]:
    import io

    import docx

    blocks: list[Block] = []
    try:
        with quiet():
            document = docx.Document(io.BytesIO(data))
            for item in document.iter_inner_content():
                if hasattr(item, "rows"):
                    blocks.append(_table_rows(item))
                else:
                    blocks.append(paragraph_text(item._p))
    except Exception as exc:  # python-docx and lxml raise many kinds for a damaged file
        raise error(
            f"this Word file cannot be read ({exc or type(exc).__name__}): open it in Word "
            "and save it again as .docx",
            path,
        ) from None
    return blocks


def from_blocks(
    blocks: Sequence[Block], path: Path, options: ReadOptions, fmt: str
) -> list[Transcript]:
    """One transcript from document paragraphs and tables (shared with ODT)."""
    check_line_count(
        sum(1 if isinstance(b, str) else len(b) for b in blocks), path, "paragraphs and rows"
    )
    table_result: list[Turn] = []
    warnings: list[str] = []
    others: list[str] = []
    tables = [b for b in blocks if not isinstance(b, str)]
    for n, table in enumerate(tables, start=1):
        found = table_turns(table, path, f"table {n}")
        if found is None:
            others.extend(c for row in table for c in row)
        else:
            table_result.extend(found[0])
            warnings.extend(found[1])
    paragraphs = [b for b in blocks if isinstance(b, str)]
    if table_result:
        header = [line for p in [*paragraphs, *others] for line in p.split("\n")]
        fields = header_fields(header)
        return [
            make_transcript(
                title=options.title or path.stem,
                turns=table_result,
                path=path,
                fmt=fmt,
                header=header,
                warnings=warnings,
                metadata={"layout": "table"},
                setting=fields.get("setting"),
                date=fields.get("date"),
                case=fields.get("case"),
            )
        ]
    lines: list[str] = []
    for block in blocks:
        if isinstance(block, str):
            lines.extend(block.split("\n"))
        else:
            lines.extend(c for row in block for c in row)
    return [build(parse_lines(lines, paragraphs=True), path, options, fmt)]


def read_docx(path: Path, data: bytes, options: ReadOptions) -> list[Transcript]:
    """A Word document (``data``: the file's bytes, checked here before python-docx sees them)."""
    check_zip(path, data, "Word", "word/document.xml", ".docx")
    return from_blocks(_blocks(path, data), path, options, "docx")
