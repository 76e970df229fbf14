"""Excel workbooks (.xlsx) through openpyxl: one sheet (the first, or ``ReadOptions.sheet``).

The first non-empty row is the header; cells become text (a whole number stays ``"3"``,
an Excel time becomes ``"00:01:05"``) and then go through the same table logic as CSV.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

from fpmcoder.core.transcript import Transcript
from fpmcoder.errors import TranscriptFormatError
from fpmcoder.io.transcripts._common import error
from fpmcoder.io.transcripts._limits import check_line_count
from fpmcoder.io.transcripts._options import ReadOptions
from fpmcoder.io.transcripts._table import Row, find_columns, table_transcripts

__all__ = ["cell_text", "read_xlsx"]


def cell_text(value: object) -> str:
    """A cell value as the text a researcher sees."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        if value.year < 1901:  # an Excel time of day stored as a date-time on day 0
            return value.time().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value.total_seconds())
    return str(value)


def _rows(
    values: Iterable[tuple[int, tuple[object, ...]]], path: Path, options: ReadOptions
) -> tuple[list[str] | None, list[Row], int]:
    """Header, data rows, and how many title rows above the header were skipped.

    The header is the first of the first ten non-empty rows that names a text column (or
    the first non-empty row): sheets often carry a title row or two above the table.
    """
    filled: list[tuple[int, list[str]]] = []
    for n, raw in values:
        cells = [cell_text(v) for v in raw]
        if any(c.strip() for c in cells):
            filled.append((n, cells))
    if not filled:
        return None, [], 0
    at = 0
    if not options.columns:
        at = next(
            (i for i, (_, c) in enumerate(filled[:10]) if "text" in find_columns(c, None, path)),
            0,
        )
    header = filled[at][1]
    return header, [Row(f"row {n}", cells) for n, cells in filled[at + 1 :]], at


def read_xlsx(path: Path, data: bytes, options: ReadOptions) -> list[Transcript]:
    """An Excel workbook (``data``: the file's bytes, checked before openpyxl sees them)."""
    from fpmcoder.io._sheet import load_workbook, sheet_rows

    def fail(message: str) -> TranscriptFormatError:
        return error(message, path)

    wb = load_workbook(data, fail)
    try:
        names = list(wb.sheetnames)
        if not names:
            raise error("the workbook has no sheet: there is no transcript to import", path)
        if options.sheet is not None and options.sheet not in names:
            raise error(
                f"there is no sheet {options.sheet!r}; the sheets are: "
                f"{', '.join(repr(n) for n in names)}",
                path,
            )
        name = options.sheet if options.sheet is not None else names[0]
        values = sheet_rows(wb[name], fail)
        check_line_count(len(values), path, "rows")
        header, rows, skipped = _rows(values, path, options)
    finally:
        wb.close()
    if header is None:
        raise error(f"the sheet {name!r} is empty: there is no transcript to import", path)
    if not rows:
        raise error(f"the sheet {name!r} has a header row but no rows of transcript", path)
    meta = {"sheet": name}
    notes = []
    if skipped:
        notes.append(f"{skipped} title row(s) above the header row were not imported")
    if len(names) > 1:
        meta["sheets"] = ", ".join(names)
        notes.append(
            f"the workbook has {len(names)} sheets; only {name!r} was read "
            "(choose another sheet when importing to read it)"
        )
    return table_transcripts(header, rows, path, options, "table", meta, notes=notes)
