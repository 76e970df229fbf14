"""SQL for transcripts, turns, segments and cases."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from fpmcoder.core.segmentation import Segment, check_partition
from fpmcoder.core.transcript import Transcript, Turn
from fpmcoder.errors import NotFoundError
from fpmcoder.store._backend import Con

__all__ = ["TranscriptInfo"]


@dataclass(frozen=True, slots=True)
class TranscriptInfo:
    """A transcript as listed in a project (without its text)."""

    id: int
    title: str
    setting: str | None
    date: str | None
    case: str | None
    n_segments: int
    source: str | None


_INFO_SQL = """
SELECT t.id, t.title, t.setting, t.date, c.name, t.source,
       (SELECT count(*) FROM segments s WHERE s.transcript_id = t.id)
FROM transcripts t LEFT JOIN cases c ON c.id = t.case_id
"""


def _info(row: tuple[object, ...]) -> TranscriptInfo:
    tid, title, setting, date, case, source, n = row
    return TranscriptInfo(
        int(tid),  # type: ignore[call-overload]
        str(title),
        setting,  # type: ignore[arg-type]
        date,  # type: ignore[arg-type]
        case,  # type: ignore[arg-type]
        int(n),  # type: ignore[call-overload]
        source,  # type: ignore[arg-type]
    )


def list_transcripts(con: Con) -> list[TranscriptInfo]:
    rows = con.execute(_INFO_SQL + " ORDER BY t.position, t.id").fetchall()
    return [_info(r) for r in rows]


def resolve(con: Con, ref: int | str) -> int:
    """A transcript id from an id or a title (exact, then case-insensitive)."""
    if isinstance(ref, int):
        if con.execute("SELECT 1 FROM transcripts WHERE id = ?", (ref,)).fetchone():
            return ref
        raise NotFoundError(f"no transcript with id {ref}")
    row = con.execute("SELECT id FROM transcripts WHERE title = ?", (ref,)).fetchone()
    if row is None:
        rows = con.execute(
            "SELECT id FROM transcripts WHERE lower(title) = lower(?)", (ref,)
        ).fetchall()
        if len(rows) == 1:
            return int(rows[0][0])
        titles = [r[0] for r in con.execute("SELECT title FROM transcripts ORDER BY position")]
        listing = ", ".join(titles[:12]) + (" ..." if len(titles) > 12 else "")
        raise NotFoundError(
            f"no transcript called {ref!r} in this project"
            + (f" (it has: {listing})" if titles else " (it has no transcripts yet)")
        )
    return int(row[0])


def info(con: Con, tid: int) -> TranscriptInfo:
    return _info(con.execute(_INFO_SQL + " WHERE t.id = ?", (tid,)).fetchone())


def unique_title(con: Con, title: str) -> str:
    title = title.strip() or "untitled"
    candidate, n = title, 1
    while con.execute("SELECT 1 FROM transcripts WHERE title = ?", (candidate,)).fetchone():
        n += 1
        candidate = f"{title} ({n})"
    return candidate


def case_id(con: Con, name: str | None) -> int | None:
    if not name:
        return None
    row = con.execute("SELECT id FROM cases WHERE name = ?", (name,)).fetchone()
    if row:
        return int(row[0])
    return int(
        con.execute("INSERT INTO cases (name) VALUES (?) RETURNING id", (name,)).fetchone()[0]
    )


def set_case(con: Con, name: str, attributes: dict[str, str]) -> None:
    cid = case_id(con, name)
    con.execute("UPDATE cases SET attributes = ? WHERE id = ?", (json.dumps(attributes), cid))


def cases(con: Con) -> dict[str, dict[str, str]]:
    return {
        name: json.loads(attrs)
        for name, attrs in con.execute("SELECT name, attributes FROM cases ORDER BY name")
    }


def insert(
    con: Con,
    transcript: Transcript,
    spans: Sequence[tuple[int, int]] | None = None,
) -> tuple[int, list[int]]:
    """Insert a transcript, its turns and segments; return its id and the segment ids."""
    text = transcript.text
    spans = list(spans) if spans is not None else transcript.turn_spans()
    check_partition(spans, len(text))
    position = con.execute("SELECT coalesce(max(position), 0) + 1 FROM transcripts").fetchone()[0]
    cur = con.execute(
        "INSERT INTO transcripts (title, setting, date, case_id, source, header, metadata, text,"
        " position) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        (
            unique_title(con, transcript.title),
            transcript.setting,
            transcript.date,
            case_id(con, transcript.case),
            transcript.source,
            json.dumps(list(transcript.header), ensure_ascii=False),
            json.dumps(transcript.metadata, ensure_ascii=False, default=str),
            text,
            position,
        ),
    )
    tid = int(cur.fetchone()[0])
    starts = transcript.turn_starts
    con.executemany(
        "INSERT INTO turns VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            (tid, i, t.speaker, s, s + len(t.text), t.start, t.end)
            for i, (t, s) in enumerate(zip(transcript.turns, starts, strict=True))
        ),
    )
    ids = con.new_ids("segments", len(spans))
    con.executemany(
        "INSERT INTO segments (id, transcript_id, start_char, end_char) VALUES (?, ?, ?, ?)",
        ((sid, tid, a, b) for sid, (a, b) in zip(ids, spans, strict=True)),
    )
    return tid, ids


def load(con: Con, tid: int) -> Transcript:
    row = con.execute(
        "SELECT t.title, t.setting, t.date, c.name, t.source, t.header, t.metadata, t.text"
        " FROM transcripts t LEFT JOIN cases c ON c.id = t.case_id WHERE t.id = ?",
        (tid,),
    ).fetchone()
    title, setting, date, case, source, header, metadata, text = row
    turns = tuple(
        Turn(speaker, text[a:b], t0, t1)
        for speaker, a, b, t0, t1 in con.execute(
            "SELECT speaker, start_char, end_char, start_time, end_time FROM turns"
            " WHERE transcript_id = ? ORDER BY idx",
            (tid,),
        )
    )
    return Transcript(
        title,
        turns,
        tuple(json.loads(header)),
        source,
        setting,
        date,
        case,
        json.loads(metadata),
    )


def update_details(
    con: Con, tid: int, *, setting: str | None, date: str | None, case: str | None
) -> None:
    con.execute(
        "UPDATE transcripts SET setting = ?, date = ?, case_id = ? WHERE id = ?",
        (setting, date, case_id(con, case), tid),
    )


def segments(con: Con, tid: int) -> list[Segment]:
    return [
        Segment(i, a, b)
        for i, a, b in con.execute(
            "SELECT id, start_char, end_char FROM segments WHERE transcript_id = ?"
            " ORDER BY start_char",
            (tid,),
        )
    ]


def segment_row(con: Con, segment_id: int) -> tuple[int, Segment]:
    row = con.execute(
        "SELECT transcript_id, start_char, end_char FROM segments WHERE id = ?", (segment_id,)
    ).fetchone()
    if row is None:
        raise NotFoundError(f"no segment with id {segment_id} in this project")
    return int(row[0]), Segment(segment_id, int(row[1]), int(row[2]))


def next_segment(con: Con, tid: int, end: int) -> Segment | None:
    row = con.execute(
        "SELECT id, start_char, end_char FROM segments WHERE transcript_id = ? AND start_char = ?",
        (tid, end),
    ).fetchone()
    return Segment(int(row[0]), int(row[1]), int(row[2])) if row else None


def cut(con: Con, tid: int, seg: Segment, offset: int, new_id: int | None) -> Segment:
    con.execute("UPDATE segments SET end_char = ? WHERE id = ?", (offset, seg.id))
    if new_id is None:
        new_id = con.new_ids("segments", 1)[0]
    con.execute(
        "INSERT INTO segments (id, transcript_id, start_char, end_char) VALUES (?, ?, ?, ?)",
        (new_id, tid, offset, seg.end),
    )
    return Segment(new_id, offset, seg.end)


def join(con: Con, seg: Segment, nxt: Segment) -> Segment:
    con.execute("DELETE FROM segments WHERE id = ?", (nxt.id,))
    con.execute("UPDATE segments SET end_char = ? WHERE id = ?", (nxt.end, seg.id))
    return Segment(seg.id, seg.start, nxt.end)


def delete(con: Con, tid: int) -> None:
    con.execute("DELETE FROM transcripts WHERE id = ?", (tid,))


def stamps(con: Con, tid: int) -> dict[int, float]:
    """Segment id to its stamped start time, for the segments of a transcript that have one."""
    return {
        int(sid): float(t)
        for sid, t in con.execute(
            "SELECT id, stamp FROM segments WHERE transcript_id = ? AND stamp IS NOT NULL", (tid,)
        )
    }


def stamp_of(con: Con, segment_id: int) -> float | None:
    row = con.execute("SELECT stamp FROM segments WHERE id = ?", (segment_id,)).fetchone()
    if row is None:
        raise NotFoundError(f"no segment with id {segment_id} in this project")
    return None if row[0] is None else float(row[0])


def write_stamp(con: Con, segment_id: int, seconds: float | None) -> None:
    con.execute("UPDATE segments SET stamp = ? WHERE id = ?", (seconds, segment_id))


def media(con: Con, tid: int) -> str | None:
    row = con.execute("SELECT media FROM transcripts WHERE id = ?", (tid,)).fetchone()
    return None if row is None or row[0] is None else str(row[0])


def set_media(con: Con, tid: int, link: str | None) -> None:
    con.execute("UPDATE transcripts SET media = ? WHERE id = ?", (link, tid))
