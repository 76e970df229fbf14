from __future__ import annotations

from pathlib import Path

import pytest

from fpmcoder.errors import NotFoundError, TableError
from fpmcoder.io.codebook_yaml import default_codebook
from fpmcoder.io.table import read_table, sequences_from_table


def write(tmp_path: Path, text: str, name: str = "t.csv") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_semicolon_table_with_na_and_quoted_newlines(tmp_path: Path) -> None:
    p = write(
        tmp_path,
        'transcript;segment;coder;activity;memo\nv;1;a;locating;"two\nlines"\nv;2;a;;n/a\n',
    )
    rows = read_table(p)
    assert [r.activity for r in rows] == ["locating", None]
    assert rows[0].memo == "two\nlines" and rows[1].memo == "n/a"
    assert rows[1].line == 4


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("transcript,coder,activity\nv,a,x\n", "missing column segment"),
        (
            "transcript,segment,coder,activity\nv,one,a,x\n",
            r"t.csv:2: segment: 'one' is not a segment number",
        ),
        (
            "transcript,segment,coder,activity\nv,1,a,x\nv,1,a,y\n",
            r"t.csv:3: segment 1 of 'v' by a appears twice",
        ),
        ("", "empty"),
        ("transcript,segment,activity\nv,1,x\n", "no 'coder' column"),
    ],
)
def test_bad_tables(tmp_path: Path, text: str, match: str) -> None:
    with pytest.raises(TableError, match=match):
        read_table(write(tmp_path, text))


def test_sequences_from_table_orders_and_checks_codes(tmp_path: Path) -> None:
    cb = default_codebook()
    p = write(
        tmp_path,
        "transcript,segment,coder,activity,dilemmas\n"
        "v,2,a,meaning,\nv,1,a,locating,readiness\nv,1,b,planning,\nw,1,a,,\n",
    )
    seqs = sequences_from_table(p, cb)
    assert [(s.transcript, s.coder, s.activities) for s in seqs] == [
        ("v", "a", ["locating", "meaning"]),
        ("v", "b", ["planning"]),
        ("w", "a", [None]),
    ]
    assert seqs[0].segments[0].dilemmas == {"readiness"}
    with pytest.raises(NotFoundError, match="no codings by 'c'"):
        sequences_from_table(p, cb, transcripts=["v"], coders=["c"])
    bad = write(
        tmp_path, "transcript,segment,coder,activity\nv,1,a,sleeping\nv,2,a,sleeping\n", "b.csv"
    )
    with pytest.raises(TableError, match=r"'sleeping' \(lines 2, 3\)"):
        sequences_from_table(bad, cb)
