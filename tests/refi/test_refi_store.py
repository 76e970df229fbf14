"""Project -> .qdpx -> new project gives back the same transcripts, segments and codings."""

from __future__ import annotations

from pathlib import Path

import pytest
from refi_data import tricky_bundle  # type: ignore[import-not-found]

from fpmcoder.io.refi import read_qdpx, write_qdpx


def test_project_round_trip(tmp_path: Path, codebook) -> None:  # type: ignore[no-untyped-def]
    store = pytest.importorskip("fpmcoder.store")
    with store.Project.open_or_create(tmp_path / "a.fpmc", codebook) as first:
        first.add_bundle(tricky_bundle())
        before = first.export_bundle()
        with first.transaction():
            write_qdpx(tmp_path / "a.qdpx", before, first.codebook, first.guid, project_name="a")
        again = tmp_path / "again.qdpx"
        with first.transaction():
            write_qdpx(again, first.export_bundle(), first.codebook, first.guid, project_name="a")
        assert again.read_bytes() == (tmp_path / "a.qdpx").read_bytes()  # GUIDs kept
    imported = read_qdpx(tmp_path / "a.qdpx")
    with store.Project.open_or_create(tmp_path / "b.fpmc", codebook) as second:
        second.add_bundle(imported, use_codebook=True)
        after = second.export_bundle()
        assert second.codebook == codebook
    assert after.cases == before.cases
    for a, b in zip(before.transcripts, after.transcripts, strict=True):
        assert b.transcript.title == a.transcript.title
        assert b.transcript.turns == a.transcript.turns
        assert b.transcript.text == a.transcript.text
        assert (b.transcript.setting, b.transcript.date, b.transcript.case) == (
            a.transcript.setting,
            a.transcript.date,
            a.transcript.case,
        )
        assert b.spans == a.spans
        assert b.codings == a.codings
