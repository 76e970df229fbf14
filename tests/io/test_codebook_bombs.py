"""YAML codebooks built to exhaust the loader are refused quickly, before anything is built.

Before the fix: nested aliases ("billion laughs") ran for minutes at full CPU, 200,000
nested brackets raised RecursionError, and 200,000 activities took 2.5 GB.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from fpmcoder.errors import CodebookError
from fpmcoder.io._yamlguard import MAX_CODEBOOK_BYTES
from fpmcoder.io.codebook_yaml import default_codebook_path, load_codebook, parse_codebook


def _laughs(levels: int = 12) -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, levels):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    lines.append(f"name: x\nactivities: *a{levels - 1}")
    return "\n".join(lines) + "\n"


def _activities(n: int) -> str:
    rows = "".join(f"  - {{id: a{i}, name: A{i}, colour: '#123456'}}\n" for i in range(n))
    return f"name: big\nactivities:\n{rows}"


BOMBS = {
    "billion-laughs": (_laughs(), "more than 20,000 values"),
    "deep-brackets": (
        "name: x\nactivities: " + "[" * 200_000 + "]" * 200_000,
        "nested more|nesting depth",
    ),
    "deep-mappings": ("name: x\nactivities: " + "{a: " * 5_000 + "1" + "}" * 5_000, "nested"),
    "many-activities": (_activities(20_000), "more than 20,000 values"),
    "huge": ("name: x\n# " + "x" * (MAX_CODEBOOK_BYTES + 10) + "\n", "more than"),
}


@pytest.mark.parametrize("name", list(BOMBS))
def test_bomb_is_refused_before_anything_is_built(
    tmp_path: Path, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Refused on the event stream: no node is composed, no object constructed (the time
    it takes is measured by benchmarks/bench_bombs.py, not asserted here)."""
    text, expected = BOMBS[name]
    path = tmp_path / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")

    def built(*args: object, **kwargs: object) -> None:
        raise AssertionError("a node was built")

    monkeypatch.setattr(yaml, "compose", built)
    monkeypatch.setattr(yaml, "load", built)
    for attempt in (lambda: parse_codebook(text, path), lambda: load_codebook(path)):
        with pytest.raises(CodebookError, match=expected) as info:
            attempt()
        assert str(path) in str(info.value)


def test_the_place_is_named(tmp_path: Path) -> None:
    text = "name: x\nactivities:\n  - " + "[" * 40 + "]" * 40 + "\n"
    with pytest.raises(CodebookError) as info:
        parse_codebook(text, tmp_path / "cb.yaml")
    assert (info.value.line, info.value.column) == (
        3,
        35,
    )  # the 31st bracket: root mapping, list, then 31 deep


def test_small_aliases_are_still_allowed() -> None:
    text = (
        "name: shared colours\n"
        "activities:\n"
        "  - {id: a, name: A, colour: &c '#112233'}\n"
        "  - {id: b, name: B, colour: *c}\n"
    )
    codebook = parse_codebook(text)
    assert [a.color for a in codebook.activities] == ["#112233", "#112233"]


def test_the_default_codebook_is_far_below_the_limits() -> None:
    path = default_codebook_path()
    assert path.stat().st_size * 50 < MAX_CODEBOOK_BYTES
    assert load_codebook(path).activities


@pytest.mark.parametrize(
    ("text", "place", "expected"),
    [
        ("name: x\nversion: 2026-13-45\n", (2, 10), "month must be in 1..12"),  # was ValueError
        ("name: x\nversion: !!float abc\n", (2, 10), "could not convert"),  # was ValueError
        ("name: x\n? [a, b]\n: 1\n", (2, 3), "a key must be a plain word"),  # was TypeError
        ("name: x\n? {a: 1}\n: 1\n", (2, 3), "a key must be a plain word"),  # was TypeError
        ("name: x\nversion: !!int\n", (2, 10), "cannot be read"),  # was IndexError
        ("name: x\nversion: !!bool maybe\n", (2, 10), "cannot be read"),  # was KeyError
        ("name: x\nversion: !!timestamp soon\n", (2, 10), "cannot be read"),  # AttributeError
    ],
)
def test_values_pyyaml_cannot_build_are_placed(
    tmp_path: Path, text: str, place: tuple[int, int], expected: str
) -> None:
    with pytest.raises(CodebookError, match=expected) as info:
        parse_codebook(text, tmp_path / "cb.yaml")
    assert (info.value.line, info.value.column) == place
