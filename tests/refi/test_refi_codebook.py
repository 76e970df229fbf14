"""REFI-QDA codebooks (.qdc): export, import, and the choice of the activities parent."""

from __future__ import annotations

from pathlib import Path

import pytest

from fpmcoder.errors import RefiError
from fpmcoder.io.refi import read_qdc, write_qdc
from fpmcoder.io.refi._mapping import slugify


def _qdc(tmp_path: Path, codes: str, name: str = "cb.qdc") -> Path:
    path = tmp_path / name
    path.write_text(
        f'<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="Other"><Codes>{codes}</Codes></CodeBook>',
        encoding="utf-8",
    )
    return path


def _code(name: str, n: int, children: str = "", codable: bool = True, color: str = "") -> str:
    colour = f' color="{color}"' if color else ""
    guid = f"{n:08x}-0000-4000-8000-000000000000"
    flag = "true" if codable else "false"
    return f'<Code guid="{guid}" name="{name}" isCodable="{flag}"{colour}>{children}</Code>'


def test_export_is_valid_deterministic_and_grouped(
    tmp_path: Path, guid, codebook, codebook_schema
) -> None:  # type: ignore[no-untyped-def]
    a, b = tmp_path / "a.qdc", tmp_path / "b.qdc"
    write_qdc(a, codebook, guid)
    write_qdc(b, codebook, guid)
    assert a.read_bytes() == b.read_bytes()
    text = a.read_text(encoding="utf-8")
    codebook_schema.validate(text)
    assert text.count('isCodable="false"') == 4  # Activities, Dilemmas, specific, general
    assert 'name="Locating and orienting change" isCodable="true" color="#E69F00"' in text


def test_import_of_an_export_keeps_names_colours_groups_and_order(
    tmp_path: Path, guid, codebook
) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "fpm.qdc"
    write_qdc(path, codebook, guid)
    back = read_qdc(path)
    assert [a.name for a in back.activities] == [a.name for a in codebook.activities]
    assert [a.color for a in back.activities] == [a.color for a in codebook.activities]
    assert [a.description for a in back.activities] == [a.description for a in codebook.activities]
    assert [a.key for a in back.activities] == ["1", "2", "3", "4"]
    assert [(d.name, d.group) for d in back.dilemmas] == [
        (d.name, d.group) for d in codebook.dilemmas
    ]
    assert back.activity_ids[0] == "locating_and_orienting_change"


def test_a_parent_named_like_activities_is_chosen(tmp_path: Path) -> None:
    codes = _code("Themes", 1, _code("Sleep", 2) + _code("Feeding", 3)) + _code(
        "Partnership activities", 4, _code("Locate", 5) + _code("Plan", 6), codable=False
    )
    cb = read_qdc(_qdc(tmp_path, codes))
    assert cb.activity_ids == ("locate", "plan")
    assert {(d.id, d.group) for d in cb.dilemmas} == {
        ("themes", None),
        ("sleep", "Themes"),
        ("feeding", "Themes"),
    }


def test_otherwise_the_first_parent_with_two_codes_and_the_researcher_can_choose(
    tmp_path: Path,
) -> None:
    codes = (
        _code("Lonely", 1, _code("Only child", 2))
        + _code("Themes", 3, _code("Sleep", 4) + _code("Feeding", 5))
        + _code("Moves", 6, _code("Ask", 7) + _code("Tell", 8) + _code("Show", 9))
    )
    path = _qdc(tmp_path, codes)
    assert read_qdc(path).activity_ids == ("sleep", "feeding")
    assert read_qdc(path, activities_parent="moves").activity_ids == ("ask", "tell", "show")
    with pytest.raises(RefiError, match=r'no code called "Nope".*"Themes", "Moves"'):
        read_qdc(path, activities_parent="Nope")
    with pytest.raises(RefiError, match=r"--activities-parent.*1 codable"):
        read_qdc(path, activities_parent="Lonely")


def test_a_flat_list_uses_the_top_level_and_too_few_codes_are_refused(tmp_path: Path) -> None:
    flat = _qdc(tmp_path, _code("Ask", 1) + _code("Tell", 2), "flat.qdc")
    assert read_qdc(flat).activity_ids == ("ask", "tell")
    single = _qdc(tmp_path, _code("Ask", 1), "single.qdc")
    with pytest.raises(RefiError, match=r"at least two codes.*--activities-parent"):
        read_qdc(single)


def test_colours_keys_and_ids_are_made_usable(tmp_path: Path) -> None:
    kids = "".join(
        _code(name, 10 + i, color=colour)
        for i, (name, colour) in enumerate(
            [("Été", "#abc"), ("Été", "#AABBCC"), ("2nd try", "red"), ("x" * 60, "")]
            + [(f"Move {i}", "") for i in range(8)]
        )
    )
    cb = read_qdc(_qdc(tmp_path, _code("Activities", 1, kids, codable=False)))
    ids = cb.activity_ids
    assert ids[:3] == ("ete", "ete_2", "c_2nd_try") and len(ids[3]) <= 40
    colours = [a.color for a in cb.activities]
    assert colours[0] == "#AABBCC" and len(set(colours)) == len(colours)
    assert [a.key for a in cb.activities][:9] == [str(i) for i in range(1, 10)]
    assert all(a.key is None for a in cb.activities[9:])


def test_slugify() -> None:
    taken: set[str] = set()
    assert slugify("Creating meaning (for) change!", taken) == "creating_meaning_for_change"
    assert slugify("Creating meaning for change", taken) == "creating_meaning_for_change_2"
    assert slugify("😀", taken) == "code"
    assert slugify("_1", taken) == "c_1"


def test_not_a_codebook(tmp_path: Path) -> None:
    path = tmp_path / "p.qdc"
    path.write_text('<Project xmlns="urn:QDA-XML:project:1.0" name="x"/>', encoding="utf-8")
    with pytest.raises(RefiError, match=r"not a REFI-QDA codebook.*qdpx"):
        read_qdc(path)
    with pytest.raises(RefiError, match=r"does not exist|cannot read"):
        read_qdc(tmp_path / "missing.qdc")
    bad = tmp_path / "bad.qdc"
    bad.write_text("<CodeBook><Codes>", encoding="utf-8")
    with pytest.raises(RefiError, match=r"not well-formed") as info:
        read_qdc(bad)
    assert info.value.line == 1
