"""The project file's schema and its migrations.

The schema version is SQLite's ``user_version``; ``application_id`` marks the file as an
fpmcoder project. To change the schema: bump :data:`SCHEMA_VERSION`, update
:data:`SCHEMA` (used for new files) and add the step from the previous version to
:data:`MIGRATIONS` (applied in one transaction when an older file is opened).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

__all__ = ["APPLICATION_ID", "MIGRATIONS", "SCHEMA", "SCHEMA_VERSION"]

APPLICATION_ID = 0x46504D43  # "FPMC"
SCHEMA_VERSION = 1

SCHEMA = """
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
    position INTEGER NOT NULL
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

Migration = Callable[[sqlite3.Connection], None]

MIGRATIONS: dict[int, Migration] = {
    # from_version: function that upgrades a connection from from_version to from_version + 1
}
