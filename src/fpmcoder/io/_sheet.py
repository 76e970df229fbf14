"""Excel workbooks (.xlsx) opened within limits: for transcript tables and coding tables.

openpyxl trusts the workbook: a sheet that declares its last cell at row 1,048,576 and
column XFD makes every row 16,384 values wide and yields a million empty rows, which takes
gigabytes. Here the zip is checked first (:mod:`fpmcoder.io._zipsafe`), the declared
dimensions are ignored (a row is as wide as its last cell, an empty row is skipped
without being built), and a sheet with a value beyond the limits is refused.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

from fpmcoder.errors import FpmcoderError
from fpmcoder.io._quiet import quiet
from fpmcoder.io._zipsafe import DOCUMENT_LIMITS, Fail, open_zip, verify_members

__all__ = ["MAX_CELLS", "MAX_COLUMNS", "MAX_ROWS", "load_workbook", "sheet_rows"]

MAX_ROWS = 1_048_576
"""The most rows Excel itself can hold."""
MAX_COLUMNS = 500
"""A transcript or coding table has a handful of columns; a value further right is refused."""
MAX_CELLS = 5_000_000
"""Cells kept, counting the empty ones left of each row's last value (AnnoMI: 135,000)."""


def load_workbook(data: bytes, fail: Fail) -> Any:
    """A read-only openpyxl workbook of checked bytes (``fail`` for a damaged file)."""
    with open_zip(data, fail, "Excel file") as z:
        verify_members(z, DOCUMENT_LIMITS, fail, "Excel file")
    import openpyxl

    try:
        with quiet():
            return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise fail(
            f"this Excel file cannot be read ({exc or type(exc).__name__}): open it in Excel "
            "and save it again"
        ) from None


def sheet_rows(sheet: Any, fail: Fail) -> list[tuple[int, tuple[object, ...]]]:
    """``(row number, values)`` of the non-empty rows, trailing empty cells dropped.

    Raises ``fail`` when a value lies beyond :data:`MAX_COLUMNS` or :data:`MAX_ROWS`, when
    the rows would hold more than :data:`MAX_CELLS`, or when the sheet breaks part-way.
    """
    with quiet():
        return list(_rows(sheet, fail))


def _rows(sheet: Any, fail: Fail) -> Iterator[tuple[int, tuple[object, ...]]]:
    n = cells = 0
    try:
        if hasattr(sheet, "reset_dimensions"):
            sheet.reset_dimensions()  # the declared size may lie; read what is there
        for values in sheet.iter_rows(values_only=True):
            n += 1
            if values.count(None) == len(values):
                if n > MAX_ROWS:
                    break
                continue
            if n > MAX_ROWS:
                raise fail(
                    f"the sheet {sheet.title!r} has values below row {MAX_ROWS:,}, more rows "
                    "than Excel itself allows; the file is refused"
                )
            if (
                len(values) > MAX_COLUMNS
                and values[MAX_COLUMNS:].count(None) < len(values) - MAX_COLUMNS
            ):
                raise fail(
                    f"row {n} of the sheet {sheet.title!r} has values beyond column "
                    f"{MAX_COLUMNS}: a transcript or coding table has a handful of columns; "
                    "delete the others and save it again"
                )
            last = len(values)
            while values[last - 1] is None:
                last -= 1
            cells += last
            if cells > MAX_CELLS:
                raise fail(
                    f"the sheet {sheet.title!r} has more than {MAX_CELLS:,} cells up to row "
                    f"{n} (counting the empty ones left of each row's last value): a "
                    "transcript or coding table is far smaller; delete the columns it does "
                    "not need and save it again"
                )
            yield n, tuple(values[:last])
    except FpmcoderError:
        raise
    except Exception as exc:  # a damaged sheet fails while it is streamed
        raise fail(
            f"the sheet {sheet.title!r} breaks part-way and cannot be read "
            f"({exc or type(exc).__name__}): open the file in Excel and save it again"
        ) from None
