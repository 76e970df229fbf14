"""Export to .qdpx and import again: the same transcripts, segments, codings and cases."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from refi_data import tricky_bundle  # type: ignore[import-not-found]

from fpmcoder.core.bundle import ImportBundle
from fpmcoder.core.segmentation import Coding
from fpmcoder.io.refi import read_qdpx, write_qdpx
from fpmcoder.io.refi._layout import LAYOUT_MEMBER


def _spans(ct) -> tuple[tuple[int, int], ...]:  # type: ignore[no-untyped-def]
    return tuple(ct.spans) if ct.spans is not None else tuple(ct.transcript.turn_spans())


def _codings(ct) -> dict[str, dict[int, Coding]]:  # type: ignore[no-untyped-def]
    out = {c: {i: x for i, x in per.items() if not x.is_empty} for c, per in ct.codings.items()}
    return {c: per for c, per in out.items() if per}


def assert_same(before: ImportBundle, after: ImportBundle) -> None:
    assert len(after.transcripts) == len(before.transcripts)
    for a, b in zip(before.transcripts, after.transcripts, strict=True):
        assert b.transcript == a.transcript
        assert b.transcript.text == a.transcript.text
        assert _spans(b) == _spans(a)
        assert _codings(b) == _codings(a)


def test_round_trip_is_exact(tmp_path: Path, guid, codebook) -> None:  # type: ignore[no-untyped-def]
    bundle = tricky_bundle()
    out = tmp_path / "project.qdpx"
    write_qdpx(out, bundle, codebook, guid, project_name="Tricky “project”")
    back = read_qdpx(out)
    assert back.codebook == codebook
    assert_same(bundle, back)
    assert back.cases == bundle.cases
    assert any("as fpmcoder wrote it" in line for line in back.report)


def test_round_trip_of_the_sample_project(tmp_path: Path, guid) -> None:  # type: ignore[no-untyped-def]
    samples = pytest.importorskip("fpmcoder.io.samples")
    bundle = samples.build_sample_bundle()
    assert bundle.codebook is not None
    write_qdpx(tmp_path / "s.qdpx", bundle, bundle.codebook, guid, project_name="Samples")
    back = read_qdpx(tmp_path / "s.qdpx")
    assert back.codebook == bundle.codebook
    assert_same(bundle, back)
    assert back.cases == bundle.cases
    assert sum(len(per) for ct in back.transcripts for per in ct.codings.values()) > 100


def test_output_is_deterministic_and_valid(  # type: ignore[no-untyped-def]
    tmp_path: Path, guid, codebook, project_schema
) -> None:
    bundle = tricky_bundle()
    a, b = tmp_path / "a.qdpx", tmp_path / "b.qdpx"
    write_qdpx(a, bundle, codebook, guid, project_name="P")
    write_qdpx(b, bundle, codebook, guid, project_name="P")
    assert a.read_bytes() == b.read_bytes()
    with zipfile.ZipFile(a) as z:
        assert z.namelist()[0] == "project.qde"
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        qde = z.read("project.qde").decode("utf-8")
        sources = [n for n in z.namelist() if n.startswith("sources/")]
        assert len(sources) == 2 and all(n.endswith(".txt") for n in sources)
    project_schema.validate(qde)
    assert "DateTime" not in qde


def test_selections_point_at_the_labelled_text(tmp_path: Path, guid, codebook) -> None:  # type: ignore[no-untyped-def]
    """Other programs see ``Speaker: text`` lines and selections over the segment's text."""
    import defusedxml.ElementTree as ET

    bundle = tricky_bundle()
    out = tmp_path / "p.qdpx"
    write_qdpx(out, bundle, codebook, guid, project_name="P")
    ns = {"q": "urn:QDA-XML:project:1.0"}
    with zipfile.ZipFile(out) as z:
        root = ET.fromstring(z.read("project.qde"))
        source = root.find("q:Sources/q:TextSource", ns)
        path = source.get("plainTextPath")
        assert path.startswith("internal://")
        text = z.read("sources/" + path.removeprefix("internal://")).decode("utf-8")
    assert text.startswith("Nurse: Hello “Mum” 👋🏽")
    assert "\nMother: Line one\nline two" in text
    ct = bundle.transcripts[0]
    selections = source.findall("q:PlainTextSelection", ns)
    assert len(selections) == 6  # segments 0-4 and 6; segment 5 has only an empty coding
    first = selections[0]
    assert text[int(first.get("startPosition")) : int(first.get("endPosition"))] == "Hello "
    users = {u.get("guid"): u.get("name") for u in root.findall("q:Users/q:User", ns)}
    assert sorted(users.values()) == ["alex", "sam"]
    codings = first.findall("q:Coding", ns)
    assert sorted(users[c.get("creatingUser")] for c in codings) == ["alex", "alex", "sam"]
    third = selections[2]
    seg = ct.spans[2]
    assert text[int(third.get("startPosition")) : int(third.get("endPosition"))].rstrip(
        "\n"
    ) == ct.transcript.text[seg[0] : seg[1]].rstrip("\n")
    notes = root.findall("q:Notes/q:Note", ns)
    assert [n.findtext("q:PlainTextContent", namespaces=ns) for n in notes] == [
        "first line\nsecond “memo” 😀",
        "memo only",
    ]
    setting = {v.get("name") for v in root.findall("q:Variables/q:Variable", ns)}
    assert {"setting", "date", "child_age", "région"} <= setting
    case = root.find("q:Cases/q:Case", ns)
    assert case.get("name") == "Family A"
    assert len(case.findall("q:SourceRef", ns)) == 2


def _without_layout(src: Path, dst: Path) -> None:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for name in zin.namelist():
            if name != LAYOUT_MEMBER:
                zout.writestr(name, zin.read(name))


def test_without_fpmcoder_notes_a_simple_project_still_round_trips(  # type: ignore[no-untyped-def]
    tmp_path: Path, guid, codebook
) -> None:
    """What another program gives back after a round trip: labels parsed, codes by name."""
    samples = pytest.importorskip("fpmcoder.io.samples")
    bundle = samples.build_sample_bundle()
    write_qdpx(tmp_path / "a.qdpx", bundle, codebook, guid, project_name="P")
    _without_layout(tmp_path / "a.qdpx", tmp_path / "b.qdpx")
    back = read_qdpx(tmp_path / "b.qdpx")
    assert back.codebook is not None
    assert [a.name for a in back.codebook.activities] == [a.name for a in codebook.activities]
    assert [a.color for a in back.codebook.activities] == [a.color for a in codebook.activities]
    assert {d.group for d in back.codebook.dilemmas} == {"specific", "general"}
    names = {a.id: a.name for a in codebook.activities} | {d.id: d.name for d in codebook.dilemmas}
    back_names = {a.id: a.name for a in back.codebook.activities}
    back_names |= {d.id: d.name for d in back.codebook.dilemmas}
    for a, b in zip(bundle.transcripts, back.transcripts, strict=True):
        assert [(t.speaker, t.text) for t in b.transcript.turns] == [
            (t.speaker, t.text) for t in a.transcript.turns
        ]
        assert _spans(b) == _spans(a)
        for coder, per in _codings(a).items():
            got = b.codings[coder]
            assert set(got) == set(per)
            for i, c in per.items():
                assert back_names.get(got[i].activity or "") == names.get(c.activity or "")
                assert {back_names[d] for d in got[i].dilemmas} == {names[d] for d in c.dilemmas}
                assert got[i].memo == c.memo


def test_a_coding_outside_the_codebook_is_refused(tmp_path: Path, guid, codebook) -> None:  # type: ignore[no-untyped-def]
    from fpmcoder.core.bundle import CodedTranscript
    from fpmcoder.core.transcript import Transcript, Turn
    from fpmcoder.errors import RefiError

    t = Transcript("T", (Turn("A", "hello"),))
    bundle = ImportBundle((CodedTranscript(t, None, {"x": {0: Coding("nope")}}),))
    with pytest.raises(RefiError, match="nope"):
        write_qdpx(tmp_path / "x.qdpx", bundle, codebook, guid, project_name="P")
    assert not (tmp_path / "x.qdpx").exists()
