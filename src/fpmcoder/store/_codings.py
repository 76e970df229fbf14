"""SQL for coders and codings."""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import asdict

from fpmcoder.core.segmentation import BlindProposal, Coding, Suggested
from fpmcoder.core.table import DILEMMA_SEPARATOR
from fpmcoder.errors import NotFoundError
from fpmcoder.store._backend import Con

__all__: list[str] = []


def _dilemmas(raw: str) -> frozenset[str]:
    return frozenset(raw.split(DILEMMA_SEPARATOR)) if raw else frozenset()


def coding(activity: str | None, dilemmas: str, memo: str, record: str | None = None) -> Coding:
    suggested, blind = records_of(record, activity)
    return Coding(activity, _dilemmas(dilemmas), memo, suggested, blind)


# the codings columns every read takes, in the order coding() takes them
CODING_COLUMNS = "k.activity, k.dilemmas, k.memo, k.suggestion"


def records_of(
    raw: str | None, activity: str | None
) -> tuple[Suggested | None, BlindProposal | None]:
    """The records kept with a coding (the JSON of ``codings.suggestion``): an accepted
    suggestion (top-level keys) and a blind proposal (key ``blind``). A damaged record
    (SQL typed by hand) is read as none rather than making the coding unreadable."""
    if not raw:
        return None, None
    try:
        d = json.loads(raw)
    except ValueError:
        return None, None
    if not isinstance(d, dict):
        return None, None
    return _suggested(d) if activity is not None else None, _blind(d.get("blind"))


def _suggested(d: dict[str, object]) -> Suggested | None:
    if "model" not in d:
        return None
    try:
        s = Suggested(
            model=str(d["model"]),
            probability=float(d["probability"]),  # type: ignore[arg-type]
            runner_up=None if d.get("runner_up") is None else str(d["runner_up"]),
            runner_up_probability=float(d.get("runner_up_probability", 0.0)),  # type: ignore[arg-type]
            threshold=float(d.get("threshold", 0.0)),  # type: ignore[arg-type]
            accepted=str(d.get("accepted", "")),
        )
    except (ValueError, TypeError, KeyError):
        return None
    return s if math.isfinite(s.probability) else None


def _blind(d: object) -> BlindProposal | None:
    if not isinstance(d, dict):
        return None
    try:
        b = BlindProposal(
            model=str(d["model"]),
            activity=str(d["activity"]),
            probability=float(d["probability"]),
            at=str(d.get("at", "")),
        )
    except (ValueError, TypeError, KeyError):
        return None
    return b if math.isfinite(b.probability) else None


def records_json(value: Coding) -> str | None:
    """The JSON kept in ``codings.suggestion`` for a coding, or None when it has no record."""
    # the JSON keys are the dataclasses' fields
    out: dict[str, object] = {}
    if value.suggested is not None and value.activity is not None:
        out.update(asdict(value.suggested))
    if value.blind is not None:
        out["blind"] = asdict(value.blind)
    return json.dumps(out, sort_keys=True) if out else None


def set_codes(con: Con, activities: Iterable[str], dilemmas: Iterable[str]) -> None:
    """Make the codes table the codebook's (codes still in use are refused by the database)."""
    wanted = {("activity", a) for a in activities} | {("dilemma", d) for d in dilemmas}
    have = {(str(k), str(i)) for k, i in con.execute("SELECT kind, id FROM codes").fetchall()}
    con.executemany("INSERT INTO codes (kind, id) VALUES (?, ?)", sorted(wanted - have))
    for kind, code in sorted(have - wanted):
        con.execute("DELETE FROM codes WHERE kind = ? AND id = ?", (kind, code))


def coders(con: Con) -> list[str]:
    return [r[0] for r in con.execute("SELECT name FROM coders ORDER BY id")]


def coder_id(con: Con, name: str, *, create: bool) -> int:
    row = con.execute("SELECT id FROM coders WHERE name = ?", (name,)).fetchone()
    if row:
        return int(row[0])
    if not create:
        known = ", ".join(coders(con)) or "none yet"
        raise NotFoundError(f"no coder called {name!r} in this project (coders: {known})")
    if not name.strip():
        raise NotFoundError("a coder needs a name")
    return int(
        con.execute("INSERT INTO coders (name) VALUES (?) RETURNING id", (name,)).fetchone()[0]
    )


def codings_of(con: Con, segment_id: int) -> dict[str, Coding]:
    return {
        name: coding(a, d, m, s)
        for name, a, d, m, s in con.execute(
            f"SELECT c.name, {CODING_COLUMNS} FROM codings k"
            " JOIN coders c ON c.id = k.coder_id WHERE k.segment_id = ? ORDER BY c.id",
            (segment_id,),
        )
    }


def write(
    con: Con,
    segment_id: int,
    coder: str,
    value: Coding | None,
    cid: int | None = None,
) -> None:
    """Store one coding (``cid``: the coder's id when the caller knows it)."""
    if cid is None:
        cid = coder_id(con, coder, create=value is not None and not value.is_empty)
    if value is None or value.is_empty:
        con.execute("DELETE FROM codings WHERE segment_id = ? AND coder_id = ?", (segment_id, cid))
        return
    con.execute(
        "INSERT INTO codings (segment_id, coder_id, activity, dilemmas, memo, suggestion)"
        " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (segment_id, coder_id) DO UPDATE SET"
        " activity = excluded.activity, dilemmas = excluded.dilemmas, memo = excluded.memo,"
        " suggestion = excluded.suggestion",
        (
            segment_id,
            cid,
            value.activity,
            DILEMMA_SEPARATOR.join(sorted(value.dilemmas)),
            value.memo,
            records_json(value),
        ),
    )


def for_transcript(con: Con, tid: int, coder: str) -> dict[int, Coding]:
    cid = coder_id(con, coder, create=False)
    return {
        sid: coding(a, d, m, s)
        for sid, a, d, m, s in con.execute(
            f"SELECT k.segment_id, {CODING_COLUMNS} FROM codings k"
            " JOIN segments s ON s.id = k.segment_id"
            " WHERE s.transcript_id = ? AND k.coder_id = ?",
            (tid, cid),
        )
    }


def all_for_transcript(con: Con, tid: int) -> dict[str, dict[int, Coding]]:
    out: dict[str, dict[int, Coding]] = {}
    for name, sid, a, d, m, s in con.execute(
        f"SELECT c.name, k.segment_id, {CODING_COLUMNS} FROM codings k"
        " JOIN segments s ON s.id = k.segment_id JOIN coders c ON c.id = k.coder_id"
        " WHERE s.transcript_id = ? ORDER BY c.id",
        (tid,),
    ):
        out.setdefault(name, {})[sid] = coding(a, d, m, s)
    return out


def coders_by_volume(con: Con, tid: int) -> list[tuple[str, int]]:
    """Coders of a transcript with how many segments each coded, most first."""
    rows = con.execute(
        "SELECT c.name, count(*) FROM codings k JOIN segments s ON s.id = k.segment_id"
        " JOIN coders c ON c.id = k.coder_id WHERE s.transcript_id = ? AND k.activity IS NOT NULL"
        " GROUP BY c.id ORDER BY count(*) DESC, c.id",
        (tid,),
    ).fetchall()
    return [(str(n), int(c)) for n, c in rows]


def conflicts(con: Con, activities: Iterable[str], dilemmas: Iterable[str]) -> dict[str, list[str]]:
    """Codes in use that are not among the given ones, each with where it is used."""
    allowed_a, allowed_d = set(activities), set(dilemmas)
    bad: dict[str, list[tuple[int, str]]] = {}
    for sid, activity, raw, coder in con.execute(
        "SELECT k.segment_id, k.activity, k.dilemmas, c.name FROM codings k"
        " JOIN coders c ON c.id = k.coder_id ORDER BY k.segment_id"
    ):
        if activity and activity not in allowed_a:
            bad.setdefault(activity, []).append((sid, coder))
        for d in _dilemmas(raw) - allowed_d:
            bad.setdefault(d, []).append((sid, coder))
    out: dict[str, list[str]] = {}
    for code, uses in bad.items():
        places = []
        for sid, coder in uses:
            title, number = con.execute(
                "SELECT t.title, (SELECT count(*) FROM segments s2"
                " WHERE s2.transcript_id = s.transcript_id AND s2.start_char <= s.start_char)"
                " FROM segments s JOIN transcripts t ON t.id = s.transcript_id WHERE s.id = ?",
                (sid,),
            ).fetchone()
            places.append(f"{title} segment {number} ({coder})")
            if len(places) == 3:
                break
        extra = len(uses) - len(places)
        out[code] = places + ([f"{extra} more"] if extra > 0 else [])
    return out


def suggested_counts(con: Con) -> dict[str, int]:
    """coder -> activities that are accepted suggestions (coders with none are left out)."""
    out: dict[str, int] = {}
    for name, activity, raw in con.execute(
        "SELECT c.name, k.activity, k.suggestion FROM codings k JOIN coders c"
        " ON c.id = k.coder_id WHERE k.suggestion IS NOT NULL AND k.activity IS NOT NULL"
        " ORDER BY c.id"
    ):
        if records_of(raw, activity)[0] is not None:  # not a blind mode record alone
            out[str(name)] = out.get(str(name), 0) + 1
    return out


def share_coded(con: Con) -> dict[tuple[int, str], int]:
    """(transcript id, coder) -> number of segments with an activity."""
    return {
        (int(tid), str(name)): int(n)
        for tid, name, n in con.execute(
            "SELECT s.transcript_id, c.name, count(*) FROM codings k"
            " JOIN segments s ON s.id = k.segment_id JOIN coders c ON c.id = k.coder_id"
            " WHERE k.activity IS NOT NULL GROUP BY s.transcript_id, c.id"
        )
    }
