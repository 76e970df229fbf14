"""Every REFI-QDA export in ../shared/realdata/refi-qdpx imports or is refused clearly."""

from __future__ import annotations

from pathlib import Path

import pytest

from fpmcoder.core.bundle import ImportBundle
from fpmcoder.core.segmentation import check_partition
from fpmcoder.errors import RefiError
from fpmcoder.io.refi import read_qdpx, write_qdpx

pytestmark = pytest.mark.realdata


def _folder(realdata: Path) -> Path:
    return realdata / "refi-qdpx"


def _check(bundle: ImportBundle) -> None:
    """What every imported bundle must satisfy to be stored."""
    titles = [ct.transcript.title for ct in bundle.transcripts]
    assert len(set(titles)) == len(titles)
    for ct in bundle.transcripts:
        assert ct.transcript.text and ct.spans is not None
        check_partition(ct.spans, len(ct.transcript.text))
        for per in ct.codings.values():
            assert set(per) <= set(range(len(ct.spans)))
            for c in per.values():
                assert bundle.codebook is not None
                assert c.activity is None or bundle.codebook.has_activity(c.activity)
                assert all(bundle.codebook.has_dilemma(d) for d in c.dilemmas)


def _totals(bundle: ImportBundle) -> tuple[int, int, list[str], int]:
    segments = sum(len(ct.spans or ()) for ct in bundle.transcripts)
    coders = sorted({c for ct in bundle.transcripts for c in ct.codings})
    applied = sum(
        (c.activity is not None) + len(c.dilemmas)
        for ct in bundle.transcripts
        for per in ct.codings.values()
        for c in per.values()
    )
    return len(bundle.transcripts), segments, coders, applied


def test_every_file_imports_or_is_refused(realdata: Path) -> None:
    files = sorted(_folder(realdata).glob("*.qdpx"))
    assert len(files) >= 5
    for path in files:
        try:
            bundle = read_qdpx(path)
        except RefiError as exc:
            assert exc.path == path and exc.message
            continue
        _check(bundle)
        assert bundle.report


def test_qc_demo(realdata: Path) -> None:
    """qc: no XML declaration, bare ``plainTextPath``, non-v4 GUIDs, 158 coded selections."""
    bundle = read_qdpx(_folder(realdata) / "qc_demo.qdpx")
    _check(bundle)
    assert _totals(bundle) == (2, 476, ["cp"], 205)
    board, admin = bundle.transcripts
    assert board.transcript.title == "board_2017"
    assert board.transcript.turns[0].speaker == "Speaker 1"
    assert board.transcript.turns[0].text.startswith("Thank you. Let's move on")
    assert len(board.codings["cp"]) == 158
    assert admin.codings == {}
    assert {"Automation", "Max Bigman"} <= set(admin.transcript.speakers)
    assert any('"rq1_definition"' in line for line in bundle.report)


def test_qc_demo_with_a_chosen_parent(realdata: Path) -> None:
    bundle = read_qdpx(_folder(realdata) / "qc_demo.qdpx", activities_parent="concepts")
    assert bundle.codebook is not None
    assert len(bundle.codebook.activities) == 13
    assert [a.key for a in bundle.codebook.activities][8:10] == ["9", None]


def test_maxqda(realdata: Path) -> None:
    """MAXQDA 24: ``internal://`` paths, upper-case GUIDs, zero selections, one colour for all."""
    bundle = read_qdpx(_folder(realdata) / "maxqda24_paper_themes.qdpx")
    _check(bundle)
    assert _totals(bundle) == (10, 322, [], 0)
    assert bundle.codebook is not None
    colours = [a.color for a in bundle.codebook.activities]
    assert len(set(colours)) == len(colours) == 12


def test_nvivo(realdata: Path) -> None:
    """NVivo for Mac: rich and plain text per source, but the plain texts are empty."""
    bundle = read_qdpx(_folder(realdata) / "nvivo_project.qdpx")
    assert bundle.transcripts == ()
    assert bundle.codebook is not None and len(bundle.codebook.activities) == 7
    assert sum("its text is empty" in line for line in bundle.report) == 2


def test_atlas(realdata: Path) -> None:
    folder = _folder(realdata)
    with pytest.raises(RefiError, match="no codes and no text sources"):
        read_qdpx(folder / "blank-atlas-project.qdpx")
    bundle = read_qdpx(folder / "target-atlas-project.qdpx")
    assert bundle.transcripts == ()
    assert bundle.codebook is not None
    assert [a.name for a in bundle.codebook.activities] == [
        "2022-05-10T02:05:59Z 19e4dce",
        "2022-02-11T10:39:25Z cdbfd92",
    ]


def test_a_real_project_survives_export_and_import(realdata: Path, tmp_path: Path, guid) -> None:  # type: ignore[no-untyped-def]
    bundle = read_qdpx(_folder(realdata) / "qc_demo.qdpx")
    assert bundle.codebook is not None
    write_qdpx(tmp_path / "again.qdpx", bundle, bundle.codebook, guid, project_name="qc again")
    back = read_qdpx(tmp_path / "again.qdpx")
    assert back.codebook == bundle.codebook
    for a, b in zip(bundle.transcripts, back.transcripts, strict=True):
        assert b.transcript == a.transcript
        assert b.spans == a.spans
        assert b.codings == a.codings
