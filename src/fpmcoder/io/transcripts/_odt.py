"""OpenDocument text (.odt) through odfpy: paragraphs, headings, lists and tables.

Read the same way as a Word document (see :mod:`._docx`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fpmcoder.core.transcript import Transcript
from fpmcoder.io.transcripts._common import error
from fpmcoder.io.transcripts._docx import Block, from_blocks
from fpmcoder.io.transcripts._options import ReadOptions
from fpmcoder.io.transcripts._zipcheck import check_zip

__all__ = ["read_odt"]

_TEXT_NS = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_TABLE_NS = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_SKIP = {(_TEXT_NS, "tracked-changes")}  # deleted text kept for change tracking


def _text(element: Any) -> str:
    from odf import teletype

    return str(teletype.extractText(element))


def _table(element: Any) -> list[list[str]]:
    rows: list[list[str]] = []
    for row in element.getElementsByType(_table_row_class()):
        cells = [
            "\n".join(_text(p) for p in _children(c, _TEXT_NS, ("p", "h")))
            for c in _children(row, _TABLE_NS, ("table-cell",))
        ]
        rows.append(cells)
    return rows


def _table_row_class() -> Any:
    from odf.table import TableRow

    return TableRow


def _children(element: Any, ns: str, names: tuple[str, ...]) -> list[Any]:
    return [c for c in element.childNodes if getattr(c, "qname", None) in {(ns, n) for n in names}]


def _walk(element: Any, blocks: list[Block]) -> None:
    for child in element.childNodes:
        qname = getattr(child, "qname", None)
        if qname in ((_TEXT_NS, "p"), (_TEXT_NS, "h")):
            blocks.append(_text(child))
        elif qname == (_TABLE_NS, "table"):
            blocks.append(_table(child))
        elif qname is not None and qname not in _SKIP:
            _walk(child, blocks)  # sections, lists, list items


def read_odt(path: Path, options: ReadOptions) -> list[Transcript]:
    check_zip(path, "OpenDocument", "content.xml", ".odt")
    from odf.opendocument import load

    try:
        document = load(str(path))
    except Exception as exc:  # odfpy raises many kinds for a damaged file
        raise error(
            f"this OpenDocument file cannot be read ({exc}): open it and save it again as .odt",
            path,
        ) from None
    blocks: list[Block] = []
    _walk(document.text, blocks)
    return from_blocks(blocks, path, options, "odt")
