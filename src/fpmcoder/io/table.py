"""The tidy coding table as CSV or XLSX: written by ``fpmcoder export``, read by ``apply``,
``grid`` and ``compare``.

One row per segment per coder, columns :data:`fpmcoder.core.table.TIDY_COLUMNS`. To read,
only ``transcript``, ``segment`` and ``activity`` are required (``coder``, ``dilemmas``,
``memo``, ``speaker``, ``start_time``, ``end_time``, ``start_char``, ``end_char``, ``text``,
``setting`` and ``case`` are used when present). Values are read as text: ``n/a`` stays
``n/a``.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from fpmcoder.core.codebook import Codebook
from fpmcoder.core.sequence import CodedSequence, SegmentInfo
from fpmcoder.core.table import DILEMMA_SEPARATOR, TIDY_COLUMNS, TidyRow
from fpmcoder.errors import NotFoundError, TableError
from fpmcoder.io._sheet import MAX_CELLS

__all__ = [
    "MAX_TABLE_BYTES",
    "MAX_TABLE_ROWS",
    "TABLE_SUFFIXES",
    "TableRow",
    "check_codes",
    "read_table",
    "sequences_from_table",
    "unknown_codes",
    "write_table",
]

TABLE_SUFFIXES = frozenset({".csv", ".tsv", ".xlsx"})
REQUIRED = ("transcript", "segment", "activity")
MAX_TABLE_BYTES = 20 * 1024 * 1024
"""A coding table file (CSV or XLSX): 200,000 rows with a short text take about 18 MB."""
MAX_TABLE_ROWS = 200_000
"""Rows of a coding table (one per segment and coder: 100 transcripts of 500 segments
coded by four coders)."""


@dataclass(frozen=True, slots=True)
class TableRow:
    """One row of a coding table, checked and typed. ``line`` is the row's line in the file."""

    line: int
    transcript: str
    segment: int
    coder: str
    activity: str | None
    dilemmas: frozenset[str]
    memo: str
    extra: dict[str, str]


# -- writing -------------------------------------------------------------------------------


def _cell(value: object) -> object:
    if isinstance(value, float) and math.isnan(value):
        return ""
    return "" if value is None else value


def write_table(rows: Iterable[TidyRow], path: str | Path) -> int:
    """Write rows as CSV (UTF-8) or XLSX, chosen by the suffix; return the number of rows."""
    path = Path(path)
    suffix = path.suffix.lower()
    records = [r.as_record() for r in rows]
    if suffix in (".csv", ".tsv"):
        tmp = path.with_name(path.name + ".part")
        with tmp.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh, delimiter="\t" if suffix == ".tsv" else ",")
            writer.writerow(TIDY_COLUMNS)
            for rec in records:
                writer.writerow([_cell(rec[c]) for c in TIDY_COLUMNS])
        tmp.replace(path)
    elif suffix == ".xlsx":
        from openpyxl import Workbook

        wb = Workbook(write_only=True)
        ws = wb.create_sheet("codings")
        ws.append(list(TIDY_COLUMNS))
        for rec in records:
            ws.append([_cell(rec[c]) for c in TIDY_COLUMNS])
        tmp = path.with_name(path.name + ".part")
        wb.save(tmp)
        tmp.replace(path)
    else:
        raise TableError(
            "a coding table is written as .csv, .tsv or .xlsx; choose one of those", path=path
        )
    return len(records)


# -- reading -------------------------------------------------------------------------------


def _decode(raw: bytes, path: Path) -> str:
    for enc in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    raise TableError("cannot tell the text encoding; save the table as UTF-8", path=path)


def _raw_rows(path: Path) -> list[tuple[int, list[str]]]:
    """Rows with the line (CSV: physical line where the row starts; XLSX: row number)."""
    suffix = path.suffix.lower()
    try:
        size = path.stat().st_size
        if size > MAX_TABLE_BYTES:
            raise TableError(
                f"the table is {size // (1024 * 1024):,} MB, more than the "
                f"{MAX_TABLE_BYTES // (1024 * 1024)} MB a coding table may have; "
                "split it by transcript",
                path=path,
            )
        raw = path.read_bytes()
    except OSError as exc:
        raise TableError(f"cannot read the table: {exc.strerror}", path=path) from None
    if suffix == ".xlsx":
        from fpmcoder.io._sheet import load_workbook, sheet_rows

        def fail(message: str) -> TableError:
            return TableError(message, path=path)

        wb = load_workbook(raw, fail)
        try:
            if not wb.worksheets:
                raise fail("the workbook has no sheet")
            values = sheet_rows(wb.worksheets[0], fail)
            _check_rows(len(values), path)
            return [(n, ["" if v is None else _xl_text(v) for v in row]) for n, row in values]
        finally:
            wb.close()
    text = _decode(raw, path)
    if "\x00" in text:
        raise TableError("this is not a text table (it contains binary data)", path=path)
    delimiter = "\t" if suffix == ".tsv" else ","
    if suffix != ".tsv":
        try:
            delimiter = csv.Sniffer().sniff(text[:4096], delimiters=",;\t|").delimiter
        except csv.Error:
            delimiter = ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[tuple[int, list[str]]] = []
    start = 1
    kept = 0
    try:
        for cells in reader:
            kept += len(cells)
            if kept > MAX_CELLS:
                raise TableError(
                    f"the table has more than {MAX_CELLS:,} cells up to here: a coding table "
                    "has a few columns; delete the others and save it again",
                    path=path,
                    line=start,
                )
            rows.append((start, cells))
            _check_rows(len(rows), path)
            start = reader.line_num + 1
        return rows
    except csv.Error as exc:
        raise TableError(f"the table is not valid CSV ({exc})", path=path) from None


def _check_rows(count: int, path: Path) -> None:
    if count > MAX_TABLE_ROWS:
        raise TableError(
            f"the table has more than {MAX_TABLE_ROWS:,} rows: split it by transcript or coder",
            path=path,
        )


def _xl_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_table(path: str | Path, *, coder: str | None = None) -> list[TableRow]:
    """Read a coding table. ``coder`` fills (or overrides) the coder of every row."""
    path = Path(path)
    if path.suffix.lower() not in TABLE_SUFFIXES:
        raise TableError("a coding table is a .csv, .tsv or .xlsx file", path=path)
    rows = _raw_rows(path)
    if not rows or not any(c.strip() for c in rows[0][1]):
        raise TableError("the table is empty: it needs a header row", path=path, line=1)
    header = [c.strip().lower() for c in rows[0][1]]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise TableError(
            f"missing column{'s' if len(missing) > 1 else ''} {', '.join(missing)} "
            f"(the header has: {', '.join(h for h in header if h)})",
            path=path,
            line=1,
        )
    if coder is None and "coder" not in header:
        raise TableError("the table has no 'coder' column: name the coder (--coder)", path=path)
    col = {name: i for i, name in reversed(list(enumerate(header)))}
    out: list[TableRow] = []
    for n, raw in rows[1:]:
        if not any(c.strip() for c in raw):
            continue
        cells = [c.strip() for c in raw] + [""] * (len(header) - len(raw))

        def get(name: str, cells: list[str] = cells) -> str:
            return cells[col[name]] if name in col else ""

        title = get("transcript")
        if not title:
            raise TableError("the transcript is empty", path=path, line=n, field="transcript")
        try:
            number = int(float(get("segment")))
        except (ValueError, OverflowError):  # (OverflowError: "1e999", "inf")
            raise TableError(
                f"{get('segment')!r} is not a segment number", path=path, line=n, field="segment"
            ) from None
        if number < 1:
            raise TableError("segment numbers start at 1", path=path, line=n, field="segment")
        who = coder if coder is not None else get("coder")
        if not who:
            raise TableError(
                "the coder is empty (fill the column or use --coder)",
                path=path,
                line=n,
                field="coder",
            )
        dilemmas = frozenset(
            d.strip() for d in get("dilemmas").split(DILEMMA_SEPARATOR) if d.strip()
        )
        extra = {
            k: cells[i]
            for k, i in col.items()
            if k not in ("transcript", "segment", "coder", "activity", "dilemmas", "memo")
        }
        out.append(
            TableRow(n, title, number, who, get("activity") or None, dilemmas, get("memo"), extra)
        )
    if not out:
        raise TableError("the table has a header but no rows", path=path, line=2)
    seen: dict[tuple[str, int, str], int] = {}
    for r in out:
        key = (r.transcript, r.segment, r.coder)
        if key in seen:
            raise TableError(
                f"segment {r.segment} of {r.transcript!r} by {r.coder} appears twice "
                f"(also on line {seen[key]})",
                path=path,
                line=r.line,
            )
        seen[key] = r.line
    return out


def unknown_codes(rows: Sequence[TableRow], codebook: Codebook) -> dict[str, list[int]]:
    """Codes used in the rows that the codebook lacks, with the lines that use them."""
    bad: dict[str, list[int]] = {}
    for r in rows:
        if r.activity is not None and not codebook.has_activity(r.activity):
            bad.setdefault(r.activity, []).append(r.line)
        for d in r.dilemmas:
            if not codebook.has_dilemma(d):
                bad.setdefault(d, []).append(r.line)
    return bad


def check_codes(rows: Sequence[TableRow], codebook: Codebook, path: Path) -> None:
    bad = unknown_codes(rows, codebook)
    if bad:
        parts = [
            f"{code!r} (line{'s' if len(lines) > 1 else ''} "
            f"{', '.join(map(str, lines[:5]))}{' ...' if len(lines) > 5 else ''})"
            for code, lines in bad.items()
        ]
        raise TableError(
            f"codes not in the codebook {codebook.name!r}: {'; '.join(parts)}. "
            "Fix the table or give the codebook that defines them (--codebook).",
            path=path,
        )


def _float(value: str) -> float | None:
    try:
        return float(value.replace(",", ".")) if value else None
    except ValueError:
        return None


def _int(value: str) -> int:
    try:
        return int(float(value)) if value else 0
    except (ValueError, OverflowError):
        return 0


def sequences_from_table(
    path: str | Path,
    codebook: Codebook,
    *,
    transcripts: Sequence[str] = (),
    coders: Sequence[str] | None = None,
) -> list[CodedSequence]:
    """One :class:`CodedSequence` per (transcript, coder) in the table.

    Transcripts come in the order given (all, in table order, when none are given); coders
    in the order given, or every coder of each transcript in table order.
    """
    path = Path(path)
    rows = read_table(path)
    check_codes(rows, codebook, path)
    groups: dict[str, dict[str, list[TableRow]]] = {}
    for r in rows:
        groups.setdefault(r.transcript, {}).setdefault(r.coder, []).append(r)
    wanted = list(transcripts) or list(groups)
    out: list[CodedSequence] = []
    for title in wanted:
        if title not in groups:
            raise NotFoundError(
                f"{path}: no transcript called {title!r} in the table "
                f"(it has: {', '.join(list(groups)[:12])})"
            )
        per = groups[title]
        for who in list(coders) if coders is not None else list(per):
            if who not in per:
                raise NotFoundError(
                    f"{path}: {title!r} has no codings by {who!r} (coders: {', '.join(per)})"
                )
            items = sorted(per[who], key=lambda r: r.segment)
            segs = tuple(
                SegmentInfo(
                    number=r.segment,
                    activity=r.activity,
                    dilemmas=r.dilemmas,
                    speaker=r.extra.get("speaker", ""),
                    start_time=_float(r.extra.get("start_time", "")),
                    end_time=_float(r.extra.get("end_time", "")),
                    words=len(r.extra.get("text", "").split()),
                    start_char=_int(r.extra.get("start_char", "")),
                    end_char=_int(r.extra.get("end_char", "")),
                    suggested=r.activity is not None and bool(r.extra.get("suggested", "").strip()),
                    blind=r.extra.get("blind_proposal", "").strip() or None,
                )
                for r in items
            )
            first = items[0].extra
            out.append(
                CodedSequence(
                    title, who, segs, first.get("setting") or None, first.get("case") or None
                )
            )
    return out
