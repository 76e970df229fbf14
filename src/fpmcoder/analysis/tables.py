"""Render result tables: CSV, XLSX, Markdown, and plain text for the terminal.

Tables are tidy pandas DataFrames; numbers are written in full to CSV and XLSX (for R,
SPSS, Excel) and rounded only for Markdown and the terminal. Missing values are empty
cells.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from fpmcoder.errors import InputError

__all__ = ["format_value", "to_markdown", "to_text", "write_tables"]

FORMATS = (".csv", ".xlsx", ".md")


def format_value(value: object, digits: int = 3) -> str:
    """A cell as text: floats rounded to ``digits``, missing values empty."""
    if value is None or value is pd.NA:
        return ""
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        return f"{value:.{digits}f}"
    return str(value)


def _cells(df: pd.DataFrame, digits: int) -> tuple[list[str], list[list[str]]]:
    header = [str(c) for c in df.columns]
    body = [[format_value(v, digits) for v in row] for row in df.itertuples(index=False)]
    return header, body


def _looks_numeric(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _numeric(df: pd.DataFrame) -> list[bool]:
    """Right-align numeric columns, and text columns whose every filled cell is a number."""
    out = []
    for c in df.columns:
        col = df[c]
        if pd.api.types.is_bool_dtype(col):
            out.append(False)
        elif pd.api.types.is_numeric_dtype(col):
            out.append(True)
        else:
            cells = [format_value(v) for v in col]
            out.append(all(_looks_numeric(v) for v in cells if v) and any(cells))
    return out


def to_markdown(df: pd.DataFrame, *, digits: int = 3) -> str:
    """A GitHub-flavoured Markdown table (numbers right-aligned)."""
    header, body = _cells(df, digits)

    def esc(s: str) -> str:
        return s.replace("|", "\\|").replace("\n", " ")

    rule = ["---:" if num else "---" for num in _numeric(df)]
    lines = ["| " + " | ".join(esc(h) for h in header) + " |", "| " + " | ".join(rule) + " |"]
    lines += ["| " + " | ".join(esc(c) for c in row) + " |" for row in body]
    return "\n".join(lines) + "\n"


def to_text(df: pd.DataFrame, *, digits: int = 3) -> str:
    """A plain-text table with aligned columns, for the terminal."""
    header, body = _cells(df, digits)
    widths = [max([len(h), *(len(r[i]) for r in body)]) for i, h in enumerate(header)]
    numeric = _numeric(df)

    def line(cells: list[str]) -> str:
        parts = [
            c.rjust(w) if num else c.ljust(w)
            for c, w, num in zip(cells, widths, numeric, strict=True)
        ]
        return "  ".join(parts).rstrip()

    out = [line(header), "  ".join("-" * w for w in widths)]
    out += [line(r) for r in body]
    return "\n".join(out) + "\n"


def write_tables(tables: Mapping[str, pd.DataFrame], path: Path) -> list[Path]:
    """Write named tables to ``path`` by its suffix; returns the files written.

    ``.xlsx``: one sheet per table. ``.md``: one section per table. ``.csv``: the first
    table to ``path`` and each further one to ``<stem>-<name>.csv`` beside it.
    """
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise InputError(
            f"cannot write {suffix or 'a file without extension'}: use .csv, .xlsx or .md",
            path=path,
        )
    items = list(tables.items())
    if suffix == ".xlsx":
        with pd.ExcelWriter(path, engine="openpyxl") as writer:
            for name, df in items:
                df.to_excel(writer, sheet_name=name[:31], index=False)
        return [path]
    if suffix == ".md":
        parts = [f"## {name}\n\n{to_markdown(df)}" for name, df in items]
        path.write_text("\n".join(parts), encoding="utf-8")
        return [path]
    written = []
    for i, (name, df) in enumerate(items):
        target = path if i == 0 else path.with_name(f"{path.stem}-{name}.csv")
        df.to_csv(target, index=False)
        written.append(target)
    return written
