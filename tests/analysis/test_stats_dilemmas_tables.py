"""Dilemma counts and cross tables; table rendering to CSV, XLSX, Markdown and text."""

from __future__ import annotations

import pandas as pd
import pytest
from _seqhelp import codebook

from fpmcoder.analysis import (
    dilemma_activity_table,
    dilemma_frequencies,
    to_markdown,
    to_text,
    write_tables,
)
from fpmcoder.core.sequence import CodedSequence, SegmentInfo
from fpmcoder.errors import InputError

CB = codebook()


def sample():
    segs = (
        SegmentInfo(1, "locating", frozenset({"focus"})),
        SegmentInfo(2, "meaning", frozenset({"focus", "readiness"})),
        SegmentInfo(3, None, frozenset({"focus"})),
        SegmentInfo(4, "meaning"),
    )
    return CodedSequence("t", None, segs)


def test_dilemma_frequencies():
    df = dilemma_frequencies([sample()], CB, pooled=False).set_index("dilemma")
    assert df.loc["focus", "n_segments"] == 3
    assert df.loc["focus", "share"] == pytest.approx(3 / 4)
    assert df.loc["readiness", "n_segments"] == 1
    assert df.loc["frozen", "n_segments"] == 0
    assert len(df) == len(CB.dilemmas)


def test_dilemma_activity_cross_table_keeps_uncoded():
    df = dilemma_activity_table([sample()], CB)
    t = df.pivot(index="dilemma", columns="activity", values="n_segments")
    assert t.loc["focus", "locating"] == 1
    assert t.loc["focus", "meaning"] == 1
    assert t.loc["focus", "(uncoded)"] == 1
    assert t.loc["readiness", "meaning"] == 1
    assert t.to_numpy().sum() == 4


def test_unknown_dilemma_is_an_input_error():
    bad = CodedSequence("t", None, (SegmentInfo(1, "meaning", frozenset({"grumpy"})),))
    with pytest.raises(InputError, match="grumpy"):
        dilemma_frequencies([bad], CB)


FRAME = pd.DataFrame(
    {
        "name": ["a|b", "c"],
        "n": [1, 20],
        "x": [0.5, float("nan")],
        "k": pd.array([1, None], "Int64"),
    }
)


def test_markdown():
    md = to_markdown(FRAME)
    lines = md.splitlines()
    assert lines[0] == "| name | n | x | k |"
    assert lines[1] == "| --- | ---: | ---: | ---: |"
    assert lines[2] == "| a\\|b | 1 | 0.500 | 1 |"
    assert lines[3] == "| c | 20 |  |  |"


def test_text_is_aligned():
    lines = to_text(FRAME).splitlines()
    assert lines[0].split() == ["name", "n", "x", "k"]
    assert len({len(line) for line in lines[:2]}) == 1 or lines[1].startswith("----")
    assert lines[3].startswith("c   ")
    assert lines[2].index("1") == lines[3].index("20") + 1  # numbers right-aligned


def test_write_tables(tmp_path):
    tables = {"summary": FRAME, "detail": FRAME.head(1)}
    written = write_tables(tables, tmp_path / "out.csv")
    assert [p.name for p in written] == ["out.csv", "out-detail.csv"]
    back = pd.read_csv(written[0])
    assert back["n"].tolist() == [1, 20]
    (xlsx,) = write_tables(tables, tmp_path / "out.xlsx")
    sheets = pd.read_excel(xlsx, sheet_name=None)
    assert list(sheets) == ["summary", "detail"]
    assert sheets["summary"]["x"].iloc[0] == 0.5
    (md,) = write_tables(tables, tmp_path / "out.md")
    assert md.read_text(encoding="utf-8").startswith("## summary")
    with pytest.raises(InputError, match=r"\.csv, \.xlsx or \.md"):
        write_tables(tables, tmp_path / "out.docx")
