"""Rows of a table (CSV, TSV, XLSX, a Word table) to transcripts: one row, one turn.

Columns are recognised by their header names (see ``SYNONYMS``) or given explicitly. A
``transcript`` column splits the table into several transcripts, in order of first
appearance, each titled by its value. Columns whose value is the same on every row of a
transcript (e.g. a video title or a quality rating) are kept in its metadata.

A table with an annotator/coder column (``annotator_id``, ``coder``, ``rater``) holding
one copy of each transcript per annotator (AnnoMI-full) imports one copy when all copies
agree, and is refused when they differ.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from fpmcoder.core.transcript import Transcript, Turn
from fpmcoder.io.transcripts._common import clean, error, make_transcript
from fpmcoder.io.transcripts._options import ReadOptions
from fpmcoder.io.transcripts._times import parse_time

__all__ = [
    "ROLES",
    "SYNONYMS",
    "Row",
    "find_columns",
    "norm_name",
    "rows_to_turns",
    "table_transcripts",
]

ROLES = ("transcript", "speaker", "text", "start", "end")
_SYNONYM_TEXT = {
    "transcript": (
        "transcript|transcript_id|dialogue_id|dialog_id|dialogue|dialog|conversation|"
        "conversation_id|session|session_id|interview|interview_id|document|document_id|"
        "recording|recording_id"
    ),
    "speaker": (
        "speaker|role|interlocutor|participant|name|speaker_name|speaker_role|who|person|"
        "author|actor|talker|spk"
    ),
    "text": (
        "text|utterance|utterance_text|content|transcript_text|transcription|message|"
        "sentence|turn_text|speech|words|said"
    ),
    "start": (
        "start|begin|time|timestamp|start_time|starttime|begin_time|start_s|start_sec|"
        "start_seconds|onset|time_start|tc_in"
    ),
    "end": (
        "end|end_time|endtime|stop|stop_time|end_s|end_sec|end_seconds|offset_time|time_end|tc_out"
    ),
}
SYNONYMS: Mapping[str, tuple[str, ...]] = {
    role: tuple(names.split("|")) for role, names in _SYNONYM_TEXT.items()
}
"""Header names recognised for each role, best first (compared after ``norm_name``)."""
_ANNOTATOR = ("annotator_id", "annotator", "coder", "coder_id", "rater", "rater_id")
_FIELDS = ("setting", "date", "case")


def norm_name(name: str) -> str:
    """``"Start (s)"`` to ``"start_s"``: case, spaces and punctuation do not matter."""
    return re.sub(r"[\W_]+", "_", name.strip().casefold()).strip("_")


@dataclass(frozen=True, slots=True)
class Row:
    where: str  # "line 12" or "row 12", for messages
    cells: Sequence[str]


def find_columns(
    header: Sequence[str], explicit: Mapping[str, str] | None, path: Path
) -> dict[str, int]:
    """Role to column index; explicit names win, the other roles are recognised by name."""
    names = [norm_name(h) for h in header]
    found: dict[str, int] = {}
    used: set[int] = set()
    for role, column in (explicit or {}).items():
        if role not in ROLES:
            raise error(
                f"unknown column role {role!r} in the column mapping: use {', '.join(ROLES)}",
                path,
            )
        if not column:
            found[role] = -1  # switched off
            continue
        if norm_name(column) not in names:
            raise error(
                f"the column {column!r} (given for {role}) is not in the table; its columns "
                f"are: {', '.join(repr(h) for h in header)}",
                path,
            )
        found[role] = names.index(norm_name(column))
        used.add(found[role])
    for role in ROLES:
        if role in found:
            continue
        for synonym in SYNONYMS[role]:
            if synonym in names and names.index(synonym) not in used:
                found[role] = names.index(synonym)
                used.add(found[role])
                break
    if "text" not in found and "transcript" in found and "transcript" not in (explicit or {}):
        found["text"] = found.pop("transcript")  # a lone "transcript" column holds the words
    return {role: i for role, i in found.items() if i >= 0}


def _no_text_column(header: Sequence[str], path: Path) -> Exception:
    listed = ", ".join(repr(h) for h in header) or "none"
    return error(
        f"no text column found: the first row should name the columns, and one of them "
        f"should hold what was said (named e.g. 'text', 'utterance' or 'content'); the "
        f"first row has: {listed}. Rename that column, or choose the columns when importing",
        path,
        1,
    )


def _cell(cells: Sequence[str], i: int | None) -> str:
    return cells[i] if i is not None and i < len(cells) else ""


def _time(cells: Sequence[str], i: int | None, row: Row, warnings: list[str]) -> float | None:
    value = _cell(cells, i)
    try:
        return parse_time(value)
    except ValueError:
        warnings.append(
            f"{row.where}: {value.strip()!r} is not a time; the turn is kept without a time"
        )
        return None


def _dedupe_annotators(
    rows: list[Row],
    col: int,
    cols: Mapping[str, int],
    title: str,
    header: Sequence[str],
    path: Path,
) -> tuple[list[Row], str | None]:
    groups: dict[str, list[Row]] = {}
    for r in rows:
        groups.setdefault(_cell(r.cells, col), []).append(r)
    if len(groups) < 2:
        return rows, None

    def content(rs: list[Row]) -> list[tuple[str, str]]:
        return [(_cell(r.cells, cols.get("speaker")), _cell(r.cells, cols.get("text"))) for r in rs]

    first = next(iter(groups.values()))
    reference = content(first)
    for name, rs in list(groups.items())[1:]:
        if content(rs) != reference:
            raise error(
                f"transcript {title!r} appears once per annotator (column {header[col]!r}), "
                f"and annotator {name!r}'s copy differs from the first one: keep one "
                "annotator's rows (filter the table) and import it again",
                path,
            )
    note = (
        f"the table holds one copy per annotator (column {header[col]!r}, {len(groups)} "
        "annotators); one copy was imported (codings are not imported from this table)"
    )
    return first, note


def table_transcripts(
    header: Sequence[str],
    rows: Sequence[Row],
    path: Path,
    options: ReadOptions,
    fmt: str,
    metadata: Mapping[str, str] | None = None,
    encoding: str | None = None,
    notes: Sequence[str] = (),
) -> list[Transcript]:
    """Transcripts from a table with a header row. Raises when no text column is found.

    ``notes`` are warnings about the whole file, repeated in every transcript's metadata.
    """
    cols = find_columns(header, options.columns, path)
    if "text" not in cols:
        raise _no_text_column(header, path)
    names = [norm_name(h) for h in header]
    annotator = next((names.index(a) for a in _ANNOTATOR if a in names), None)
    if annotator in cols.values():
        annotator = None  # the column was chosen for a role: it is not an annotator column
    groups: dict[str, list[Row]] = {}
    tcol = cols.get("transcript")
    for r in rows:
        groups.setdefault(_cell(r.cells, tcol).strip(), []).append(r)
    mapping = ", ".join(f"{role}={header[i]!r}" for role, i in cols.items())
    out: list[Transcript] = []
    for value, group in groups.items():
        title = _title(value, tcol is not None, path, options)
        warnings = list(notes)
        if "speaker" not in cols:
            warnings.append("the table has no speaker column; every turn has an empty speaker")
        if annotator is not None:
            group, note = _dedupe_annotators(group, annotator, cols, title, header, path)
            warnings += [note] if note else []
        turns = rows_to_turns(group, cols, warnings)
        if not turns:
            raise error(
                f"transcript {title!r} has no text in column {header[cols['text']]!r}",
                path,
            )
        extra = _constant_columns(header, group, cols, annotator)
        out.append(
            make_transcript(
                title=title,
                turns=turns,
                path=path,
                fmt=fmt,
                warnings=warnings,
                metadata={**(metadata or {}), "columns": mapping, **extra},
                encoding=encoding,
                setting=extra.get("setting"),
                date=extra.get("date"),
                case=extra.get("case"),
            )
        )
    return out


def _title(value: str, split: bool, path: Path, options: ReadOptions) -> str:
    if not split:
        return options.title or path.stem
    if not value:
        value = "(no transcript name)"
    return f"{options.title} {value}" if options.title else value


_MAX_TIME_WARNINGS = 10


def rows_to_turns(rows: Sequence[Row], cols: Mapping[str, int], warnings: list[str]) -> list[Turn]:
    """One turn per row with text; malformed times are listed in ``warnings`` (at most 10)."""
    turns: list[Turn] = []
    bad_times: list[str] = []
    empty = 0
    si, ti, bi, ei = cols.get("speaker"), cols["text"], cols.get("start"), cols.get("end")
    for r in rows:
        cells = r.cells
        text = clean(cells[ti]) if ti < len(cells) else ""
        if not text:
            empty += 1
            continue
        speaker = (
            " ".join(cells[si].split()).rstrip(":").rstrip()
            if si is not None and si < len(cells)
            else ""
        )
        start = _time(r.cells, bi, r, bad_times) if bi is not None else None
        end = _time(r.cells, ei, r, bad_times) if ei is not None else None
        turns.append(Turn(speaker, text, start, end))
    warnings.extend(bad_times[:_MAX_TIME_WARNINGS])
    if len(bad_times) > _MAX_TIME_WARNINGS:
        warnings.append(f"... and {len(bad_times) - _MAX_TIME_WARNINGS} more times not read")
    if empty:
        warnings.append(f"{empty} row(s) with no text were left out")
    return turns


def _constant_columns(
    header: Sequence[str], rows: Sequence[Row], cols: Mapping[str, int], annotator: int | None
) -> dict[str, str]:
    """Columns with one non-empty value over all rows of a transcript (e.g. a video title)."""
    skip = {*cols.values(), annotator}
    out: dict[str, str] = {}
    for i, name in enumerate(header):
        if i in skip or not name.strip():
            continue
        value = _cell(rows[0].cells, i).strip()
        if value and all(_cell(r.cells, i).strip() == value for r in rows):
            key = norm_name(name)
            out[key if key in _FIELDS else name.strip()] = value
    return out
