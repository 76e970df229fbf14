from __future__ import annotations

from pathlib import Path

import pytest

from fpmcoder.core.codebook import Codebook, normalise_colour
from fpmcoder.errors import CodebookError
from fpmcoder.io.codebook_yaml import (
    codebook_to_yaml,
    default_codebook,
    default_codebook_path,
    load_codebook,
    parse_codebook,
)

GOOD = """\
name: Test
activities:
  - {id: a, name: Alpha, color: "#abc", key: "1"}
  - {id: b, name: Beta, colour: "#112233", key: "2"}
dilemmas:
  - {id: d, name: Delta, group: g, key: x}
"""


def test_shipped_codebook_is_the_fpm_one() -> None:
    cb = default_codebook()
    assert cb.activity_ids == ("locating", "meaning", "live_action", "planning")
    assert [a.key for a in cb.activities] == ["1", "2", "3", "4"]
    groups = {g: [d.id for d in ds] for g, ds in cb.dilemma_groups()}
    assert groups == {
        "specific": ["readiness", "focus", "expertise"],
        "general": ["doubtful", "reactive", "laissez_faire", "selective", "fixed", "frozen"],
    }
    assert cb.activity("locating").short == "Show me the ball"
    assert default_codebook_path().name == "fpm_partnership.yaml"


def test_colour_forms_and_alias() -> None:
    cb = parse_codebook(GOOD)
    assert cb.colours() == {"a": "#AABBCC", "b": "#112233"}
    assert cb.key_bindings() == {
        "1": ("activity", "a"),
        "2": ("activity", "b"),
        "x": ("dilemma", "d"),
    }
    assert normalise_colour(" #0f0 ") == "#00FF00"


def test_yaml_round_trip() -> None:
    cb = default_codebook()
    assert parse_codebook(codebook_to_yaml(cb)) == cb


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        (GOOD.replace("key: x", "kee: x"), 6, "dilemmas[0].kee: unknown field"),
        (GOOD.replace('"#112233"', '"blue"'), 4, "activities[1].color: 'blue' is not a colour"),
        (GOOD.replace('key: "2"', 'key: "1"'), 4, "key '1' in activities[1] is already used"),
        (GOOD.replace("id: b,", "id: a,"), 4, "id 'a' in activities[1] is already used"),
        (GOOD.replace("id: d,", "id: D d,"), 6, "is not a valid id"),
        ("name: x\n\tactivities: []\n", 2, "tab character"),
        ("name: x\nname: y\nactivities: []\n", 2, "appears twice"),
        ("name: x\nactivities: [\n", 3, "not valid YAML"),
        ("name: x\nactivities:\n  - {id: a, name: A, color: '#fff'}\n", 3, "at least 2"),
        ("!!python/object/apply:os.system ['touch /tmp/pwned']\n", 1, "constructor"),
    ],
)
def test_bad_codebooks_name_the_place(text: str, line: int, fragment: str, tmp_path: Path) -> None:
    path = tmp_path / "cb.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CodebookError) as info:
        load_codebook(path)
    message = str(info.value)
    assert message.startswith(f"{path}:{line}"), message
    assert fragment in message


def test_not_a_mapping_and_missing_activities(tmp_path: Path) -> None:
    with pytest.raises(CodebookError, match="YAML mapping"):
        parse_codebook("- a\n- b\n", tmp_path / "x.yaml")
    with pytest.raises(CodebookError, match="activities: this field is required"):
        parse_codebook("name: x\n", tmp_path / "x.yaml")


def test_python_tag_is_never_executed(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    text = f"!!python/object/apply:os.system ['touch {marker}']\n"
    with pytest.raises(CodebookError):
        parse_codebook(text)
    assert not marker.exists()


def test_codebook_is_immutable() -> None:
    cb = Codebook.model_validate(
        {
            "name": "x",
            "activities": [
                {"id": "a", "name": "A", "color": "#000"},
                {"id": "b", "name": "B", "color": "#fff"},
            ],
        }
    )
    with pytest.raises(Exception):  # noqa: B017 - pydantic's frozen error
        cb.name = "y"  # type: ignore[misc]
