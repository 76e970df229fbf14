"""CSV and TSV: the delimiter is sniffed from the header row (``,`` ``;`` tab ``|``).

Read with the standard ``csv`` module in strict mode, so every cell stays text (``n/a``
is a code value, not a missing one), quoted fields may hold newlines, and a quote that is
never closed is reported with the line where its row starts. pandas is not needed here
(and not importing it keeps an import fast).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from fpmcoder.core.transcript import Transcript
from fpmcoder.io.transcripts._common import error
from fpmcoder.io.transcripts._options import ReadOptions
from fpmcoder.io.transcripts._table import Row, table_transcripts

__all__ = ["read_csv", "sniff_delimiter"]

_DELIMITERS = (",", ";", "\t", "|")
_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "vertical bar"}


def sniff_delimiter(header_line: str, prefer_tab: bool = False) -> str:
    """The delimiter that splits the header row into the most fields."""
    order = ("\t", ",", ";", "|") if prefer_tab else _DELIMITERS
    best, best_n = order[0], 1
    for d in order:
        try:
            n = len(next(csv.reader([header_line], delimiter=d)))
        except (csv.Error, StopIteration):
            continue
        if n > best_n:
            best, best_n = d, n
    return best


def read_csv(text: str, path: Path, options: ReadOptions, encoding: str) -> list[Transcript]:
    """A delimited table (already decoded, Unix newlines)."""
    body = text.lstrip("\n")
    skipped = text.count("\n", 0, len(text) - len(body))
    first_line = body.split("\n", 1)[0]
    delimiter = sniff_delimiter(first_line, prefer_tab=path.suffix.lower() == ".tsv")
    reader = csv.reader(io.StringIO(body, newline=""), delimiter=delimiter, strict=True)
    header: list[str] | None = None
    rows: list[Row] = []
    row_start = 1
    try:
        for cells in reader:
            line = skipped + row_start
            row_start = reader.line_num + 1
            if not any(cells) or (len(cells) == 1 and not cells[0].strip()):
                continue
            if header is None:
                header = cells
                if len(header) < 2:
                    raise error(
                        "only one column found: a transcript table needs a header row with "
                        "at least a speaker and a text column, separated by commas, "
                        "semicolons, tabs or '|'",
                        path,
                        line,
                    )
                continue
            if len(cells) > len(header):
                raise error(
                    f"this row has {len(cells)} fields but the header has {len(header)}: a "
                    f"field that contains a {_NAMES[delimiter]} must be put in double quotes",
                    path,
                    line,
                )
            rows.append(Row(f"line {line}", cells))
    except csv.Error as exc:
        line = skipped + row_start
        if "end of data" in str(exc) or "EOF" in str(exc):
            raise error(
                'a double quote (") opened in the row starting here is never closed, so the '
                "rest of the file would be one cell: add the missing closing quote",
                path,
                line,
            ) from None
        raise error(
            f"this row cannot be read as {_NAMES[delimiter]}-separated values ({exc})",
            path,
            skipped + reader.line_num,
        ) from None
    if header is None or not rows:
        raise error("the table has a header row but no rows of transcript", path)
    meta = {"delimiter": _NAMES[delimiter]}
    return table_transcripts(header, rows, path, options, "table", meta, encoding)
