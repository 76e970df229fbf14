"""A full and exact copy of a project's content between backends (``fpmcoder copy``).

Rows are copied table by table with their ids, so segment ids, GUIDs and every coding
arrive as they were; the server's own settings (its roles, blind mode, schema version)
stay with the server. The destination must be empty; the copy is one transaction there.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from fpmcoder.errors import ProjectError
from fpmcoder.store._backend import Con

__all__ = ["TABLES", "copy_content", "dump"]

# (table, columns) in an order that satisfies the foreign keys
TABLES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("meta", ("key", "value")),
    ("codebook", ("id", "json")),
    ("codes", ("kind", "id")),
    ("cases", ("id", "name", "attributes")),
    (
        "transcripts",
        (
            "id",
            "title",
            "setting",
            "date",
            "case_id",
            "source",
            "header",
            "metadata",
            "text",
            "position",
            "media",
        ),
    ),
    (
        "turns",
        ("transcript_id", "idx", "speaker", "start_char", "end_char", "start_time", "end_time"),
    ),
    ("segments", ("id", "transcript_id", "start_char", "end_char", "stamp")),
    ("coders", ("id", "name")),
    ("codings", ("segment_id", "coder_id", "activity", "dilemmas", "memo", "suggestion")),
    ("guids", ("kind", "key", "guid")),
)

SERVER_META = frozenset(
    {"schema_version", "application", "role_lead", "role_coder", "role_viewer", "blind"}
)

_ORDER = {
    "meta": "key",
    "codebook": "id",
    "codes": "kind, id",
    "cases": "id",
    "transcripts": "id",
    "turns": "transcript_id, idx",
    "segments": "id",
    "coders": "id",
    "codings": "segment_id, coder_id",
    "guids": "kind, key",
}


def _rows(con: Con, table: str, columns: tuple[str, ...]) -> Iterator[tuple[Any, ...]]:
    sql = f"SELECT {', '.join(columns)} FROM {table} ORDER BY {_ORDER[table]}"
    for row in con.execute(sql).fetchall():
        if table == "meta" and row[0] in SERVER_META:
            continue
        yield tuple(row)


def dump(con: Con) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the project's content, in a fixed order (to compare two projects)."""
    return {table: list(_rows(con, table, cols)) for table, cols in TABLES}


def copy_content(
    src: Con, dst: Con, *, keep_coder: str | None = None, where: str = "the destination"
) -> None:
    """Copy everything from ``src`` into the empty project ``dst`` (inside its transaction).

    ``keep_coder``: a coder the destination must keep (a server's lead), added after the
    copy if the source has no coder of that name. ``where``: the destination, for errors.
    """
    found = dst.execute("SELECT count(*) FROM transcripts").fetchone()[0]
    if found:
        raise ProjectError(f"{where} already holds transcripts; copy into an empty project")
    dst.execute("DELETE FROM codings")
    dst.execute("DELETE FROM coders")
    dst.execute("DELETE FROM codebook")
    dst.execute("DELETE FROM codes")
    for table, columns in TABLES:
        marks = ", ".join("?" for _ in columns)
        conflict = (
            " ON CONFLICT (key) DO UPDATE SET value = excluded.value" if table == "meta" else ""
        )
        dst.executemany(
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks}){conflict}",
            _rows(src, table, columns),
        )
    dst.restart_ids(["cases", "transcripts", "coders", "segments"])
    if keep_coder is not None:
        dst.execute(
            "INSERT INTO coders (name) VALUES (?) ON CONFLICT (name) DO NOTHING", (keep_coder,)
        )
