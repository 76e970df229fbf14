"""Transcripts laid out as a table in a Word or OpenDocument file.

A table is a transcript when its first row names a text column (the same names as for
CSV: ``Speaker | Text | Time``...), or, with no such header, when one column holds short
recurring names (the speakers) and another the longer words said; a column of times
becomes the turn's start. Other tables (e.g. a participants table) are not transcripts.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from fpmcoder.core.transcript import Turn
from fpmcoder.io.transcripts._labels import is_label, label_key
from fpmcoder.io.transcripts._table import Row, find_columns, rows_to_turns
from fpmcoder.io.transcripts._times import parse_time

__all__ = ["table_turns"]


def _is_time(value: str) -> bool:
    """A clock time (``00:01:05``, ``1:05``); bare numbers may be turn numbers."""
    if ":" not in value:
        return False
    try:
        return parse_time(value) is not None
    except ValueError:
        return False


def _guess(rows: Sequence[Sequence[str]]) -> dict[str, int] | None:
    """Columns by content: a time column, a speaker column of recurring names, a text one."""
    width = max(len(r) for r in rows)
    columns = [[r[j].strip() if j < len(r) else "" for r in rows] for j in range(width)]
    found: dict[str, int] = {}
    rest: list[int] = []
    for j, col in enumerate(columns):
        filled = [v for v in col if v]
        if not filled:
            continue
        if "start" not in found and sum(map(_is_time, filled)) >= 0.8 * len(filled):
            found["start"] = j
        else:
            rest.append(j)
    for j in rest:
        filled = [v for v in columns[j] if v]
        counts = Counter(label_key(v) for v in filled)
        named = sum(is_label(v, counts[label_key(v)]) and not v.isdigit() for v in filled)
        recurring = len(counts) <= max(2, min(6, len(filled) // 2), len(filled) // 3)
        if named >= 0.8 * len(filled) and recurring and len(filled) >= 2:
            found["speaker"] = j
            break
    texts = [j for j in rest if j != found.get("speaker")]
    if "speaker" not in found or not texts:
        return None
    found["text"] = max(texts, key=lambda j: sum(len(v) for v in columns[j]))
    return found


def table_turns(
    rows: Sequence[Sequence[str]], path: Path, where: str
) -> tuple[list[Turn], list[str]] | None:
    """Turns from a document table, or ``None`` when the table is not a transcript."""
    rows = [r for r in rows if any(c.strip() for c in r)]
    if len(rows) < 2 or max(len(r) for r in rows) < 2:
        return None
    cols = find_columns(rows[0], None, path)
    if "text" in cols:
        body = rows[1:]
        first = 2
    else:
        guessed = _guess(rows)
        if guessed is None:
            return None
        cols, body, first = guessed, rows, 1
    warnings: list[str] = []
    turns = rows_to_turns(
        [Row(f"{where}, row {n}", r) for n, r in enumerate(body, start=first)], cols, warnings
    )
    return (turns, warnings) if turns else None
