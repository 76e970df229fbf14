"""The project file's schema and its migrations.

The schema version is SQLite's ``user_version``; ``application_id`` marks the file as an
fpmcoder project. To change the schema: bump :data:`SCHEMA_VERSION`, update
:data:`SCHEMA` (used for new files) and add the step from the previous version to
:data:`MIGRATIONS` (applied in one transaction when an older file is opened).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

__all__ = ["APPLICATION_ID", "CODES", "MIGRATIONS", "SCHEMA", "SCHEMA_VERSION", "statements"]

APPLICATION_ID = 0x46504D43  # "FPMC"
SCHEMA_VERSION = 3

# The codes of the codebook, kept beside its JSON so that the database itself refuses a
# coding whose activity or dilemma the codebook lacks (whoever writes it), and refuses to
# drop a code that codings still use. Dilemmas are stored joined by ';' (ids never
# contain it), checked one by one through json_each.
CODES = """
CREATE TABLE codes (
    kind TEXT NOT NULL CHECK (kind IN ('activity', 'dilemma')),
    id   TEXT NOT NULL,
    PRIMARY KEY (kind, id)
) WITHOUT ROWID;
CREATE TRIGGER codings_activity_known BEFORE INSERT ON codings
WHEN NEW.activity IS NOT NULL
 AND NOT EXISTS (SELECT 1 FROM codes WHERE kind = 'activity' AND id = NEW.activity)
BEGIN SELECT RAISE(ABORT, 'fpmcoder: the codebook has no such activity'); END;
CREATE TRIGGER codings_activity_known_u BEFORE UPDATE OF activity ON codings
WHEN NEW.activity IS NOT NULL
 AND NOT EXISTS (SELECT 1 FROM codes WHERE kind = 'activity' AND id = NEW.activity)
BEGIN SELECT RAISE(ABORT, 'fpmcoder: the codebook has no such activity'); END;
CREATE TRIGGER codings_dilemmas_known BEFORE INSERT ON codings
WHEN NEW.dilemmas <> '' AND EXISTS (
    SELECT 1 FROM json_each('["' || replace(NEW.dilemmas, ';', '","') || '"]') j
    WHERE NOT EXISTS (SELECT 1 FROM codes WHERE kind = 'dilemma' AND id = j.value))
BEGIN SELECT RAISE(ABORT, 'fpmcoder: the codebook has no such dilemma'); END;
CREATE TRIGGER codings_dilemmas_known_u BEFORE UPDATE OF dilemmas ON codings
WHEN NEW.dilemmas <> '' AND EXISTS (
    SELECT 1 FROM json_each('["' || replace(NEW.dilemmas, ';', '","') || '"]') j
    WHERE NOT EXISTS (SELECT 1 FROM codes WHERE kind = 'dilemma' AND id = j.value))
BEGIN SELECT RAISE(ABORT, 'fpmcoder: the codebook has no such dilemma'); END;
CREATE TRIGGER codes_in_use BEFORE DELETE ON codes
WHEN EXISTS (SELECT 1 FROM codings WHERE (OLD.kind = 'activity' AND activity = OLD.id)
    OR (OLD.kind = 'dilemma' AND ';' || dilemmas || ';' LIKE '%;' || OLD.id || ';%'))
BEGIN SELECT RAISE(ABORT, 'fpmcoder: that code is still used by codings'); END;
"""

SCHEMA = (
    """
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE codebook (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    json TEXT NOT NULL
);
CREATE TABLE cases (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    attributes TEXT NOT NULL DEFAULT '{}'
);
CREATE TABLE transcripts (
    id       INTEGER PRIMARY KEY,
    title    TEXT NOT NULL UNIQUE,
    setting  TEXT,
    date     TEXT,
    case_id  INTEGER REFERENCES cases(id) ON DELETE SET NULL,
    source   TEXT,
    header   TEXT NOT NULL DEFAULT '[]',
    metadata TEXT NOT NULL DEFAULT '{}',
    text     TEXT NOT NULL,
    position INTEGER NOT NULL,
    media    TEXT
);
CREATE TABLE turns (
    transcript_id INTEGER NOT NULL REFERENCES transcripts(id) ON DELETE CASCADE,
    idx           INTEGER NOT NULL,
    speaker       TEXT NOT NULL,
    start_char    INTEGER NOT NULL,
    end_char      INTEGER NOT NULL,
    start_time    REAL,
    end_time      REAL,
    PRIMARY KEY (transcript_id, idx)
) WITHOUT ROWID;
CREATE TABLE segments (
    id            INTEGER PRIMARY KEY,
    transcript_id INTEGER NOT NULL REFERENCES transcripts(id) ON DELETE CASCADE,
    start_char    INTEGER NOT NULL,
    end_char      INTEGER NOT NULL,
    stamp         REAL,
    CHECK (end_char > start_char)
);
CREATE UNIQUE INDEX segments_in_order ON segments (transcript_id, start_char);
CREATE TABLE coders (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
);
CREATE TABLE codings (
    segment_id INTEGER NOT NULL REFERENCES segments(id) ON DELETE CASCADE,
    coder_id   INTEGER NOT NULL REFERENCES coders(id) ON DELETE CASCADE,
    activity   TEXT,
    dilemmas   TEXT NOT NULL DEFAULT '',
    memo       TEXT NOT NULL DEFAULT '',
    suggestion TEXT,
    PRIMARY KEY (segment_id, coder_id)
) WITHOUT ROWID;
CREATE INDEX codings_by_coder ON codings (coder_id, segment_id);
CREATE TABLE guids (
    kind TEXT NOT NULL,
    key  TEXT NOT NULL,
    guid TEXT NOT NULL UNIQUE,
    PRIMARY KEY (kind, key)
) WITHOUT ROWID;
"""
    + CODES
)

Migration = Callable[[sqlite3.Connection], None]


def statements(script: str) -> list[str]:
    """The statements of an SQL script (triggers whole), to run inside a transaction."""
    out, buf = [], ""
    for line in script.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            out.append(buf.strip())
            buf = ""
    return [s for s in out if s]


def _v1_to_v2(con: sqlite3.Connection) -> None:
    """Add the codes table, the recording link of a transcript and time stamps of
    segments. Codes that codings use but the codebook lacks (possible in format 1, when
    another program dropped them) are restored into the codebook, marked "(restored)",
    so that no coding is lost."""
    import json

    con.execute("ALTER TABLE transcripts ADD COLUMN media TEXT")
    con.execute("ALTER TABLE segments ADD COLUMN stamp REAL")
    for statement in statements(CODES):  # not executescript: it would commit
        con.execute(statement)
    row = con.execute("SELECT json FROM codebook WHERE id = 1").fetchone()
    if row is None:
        return
    book = json.loads(row[0])
    acts = {a["id"] for a in book.get("activities", [])}
    dils = {d["id"] for d in book.get("dilemmas", [])}
    used_a = {
        r[0]
        for r in con.execute("SELECT DISTINCT activity FROM codings WHERE activity IS NOT NULL")
    }
    used_d = {
        d
        for (raw,) in con.execute("SELECT DISTINCT dilemmas FROM codings WHERE dilemmas <> ''")
        for d in raw.split(";")
    }
    for code in sorted(used_a - acts):
        book["activities"].append({"id": code, "name": f"{code} (restored)", "colour": "#999999"})
    for code in sorted(used_d - dils):
        book.setdefault("dilemmas", []).append({"id": code, "name": f"{code} (restored)"})
    con.execute("UPDATE codebook SET json = ? WHERE id = 1", (json.dumps(book),))
    con.executemany(
        "INSERT INTO codes VALUES ('activity', ?)", [(a["id"],) for a in book["activities"]]
    )
    con.executemany(
        "INSERT INTO codes VALUES ('dilemma', ?)", [(d["id"],) for d in book.get("dilemmas", [])]
    )


def _v2_to_v3(con: sqlite3.Connection) -> None:
    """Add the provenance of accepted suggestions: ``codings.suggestion`` (JSON: model
    version, probability, runner-up, threshold, when; NULL for the coder's own coding)."""
    con.execute("ALTER TABLE codings ADD COLUMN suggestion TEXT")


MIGRATIONS: dict[int, Migration] = {
    # from_version: function that upgrades a connection from from_version to from_version + 1
    1: _v1_to_v2,
    2: _v2_to_v3,
}
