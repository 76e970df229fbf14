"""OpenDocument text (.odt) through odfpy: paragraphs, headings, lists and tables.

Read the same way as a Word document (see :mod:`._docx`). odfpy prints an XML part it
cannot parse to standard output and carries on with an empty document; that output is
captured here and turned into an error.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from fpmcoder.core.transcript import Transcript
from fpmcoder.io._quiet import quiet
from fpmcoder.io.transcripts._common import error
from fpmcoder.io.transcripts._docx import Block, from_blocks
from fpmcoder.io.transcripts._options import ReadOptions
from fpmcoder.io.transcripts._zipcheck import check_zip

__all__ = ["read_odt"]

_TEXT_NS = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_TABLE_NS = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_SKIP = {(_TEXT_NS, "tracked-changes")}  # deleted text kept for change tracking
_KINDS = {
    "spreadsheet": "a spreadsheet (.ods): save it as .xlsx or .csv and import that",
    "presentation": "a presentation (.odp): copy the transcript into a text document",
    "graphics": "a drawing (.odg): copy the transcript into a text document",
}


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


def _load(path: Path, data: bytes) -> Any:
    """odfpy's document, with whatever it prints captured (and turned into an error)."""
    from odf.element import Element
    from odf.namespaces import nsdict
    from odf.opendocument import load

    tables = (nsdict, Element.namespaces)
    known = [dict(t) for t in tables]
    try:
        with quiet() as printed:
            document = load(io.BytesIO(data))
    except Exception as exc:  # odfpy raises many kinds for a damaged file
        raise error(
            f"this OpenDocument file cannot be read ({exc or type(exc).__name__}): open it "
            "and save it again as .odt",
            path,
        ) from None
    finally:
        # odfpy adds every namespace it meets to two global tables, even a damaged file's
        # empty one, and would then write them into every document made afterwards
        for table, before in zip(tables, known, strict=True):
            if table != before:
                table.clear()
                table.update(before)
    if "FAILED TO PARSE" in printed.getvalue():
        raise error(
            "this OpenDocument file is damaged: one of its XML parts is not well-formed; "
            "open it and save it again as .odt",
            path,
        )
    return document


def read_odt(path: Path, data: bytes, options: ReadOptions) -> list[Transcript]:
    """An OpenDocument text (``data``: the file's bytes, checked before odfpy sees them)."""
    check_zip(path, data, "OpenDocument", "content.xml", ".odt")
    document = _load(path, data)
    body = getattr(document, "text", None)
    if body is None:
        mimetype = str(getattr(document, "mimetype", ""))
        kind = next((v for k, v in _KINDS.items() if k in mimetype), None)
        raise error(
            f"this is {kind}"
            if kind
            else "this OpenDocument file holds no text body (office:text): open it in a "
            "word processor and save it again as .odt",
            path,
        )
    blocks: list[Block] = []
    try:
        _walk(body, blocks)
    except Exception as exc:  # odfpy's tree of a damaged file
        raise error(
            f"this OpenDocument file cannot be read ({exc or type(exc).__name__}): open it "
            "and save it again as .odt",
            path,
        ) from None
    return from_blocks(blocks, path, options, "odt")
