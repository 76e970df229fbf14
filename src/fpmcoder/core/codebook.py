"""The codebook: mutually exclusive activities (the primary code) and dilemmas (secondary codes).

A codebook belongs to the researcher. The FPM one ships as the default, but any set of at
least two mutually exclusive activities with colours, and any groups of secondary codes,
work. Reading one from YAML (with line numbers in errors) is :mod:`fpmcoder.io.codebook_yaml`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cached_property
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

__all__ = ["Activity", "Codebook", "Dilemma", "normalise_colour"]

_ID_RE = re.compile(r"^[a-z][a-z0-9_-]*$")
_COLOUR_RE = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")


def normalise_colour(value: str) -> str:
    """``#RGB`` or ``#RRGGBB`` (any case) to upper-case ``#RRGGBB``; anything else is refused."""
    if not isinstance(value, str) or not _COLOUR_RE.match(value.strip()):
        raise ValueError(f'{value!r} is not a colour: write it as "#RRGGBB" or "#RGB"')
    v = value.strip()[1:]
    if len(v) == 3:
        v = "".join(c * 2 for c in v)
    return "#" + v.upper()


def _check_id(value: str) -> str:
    if not _ID_RE.match(value):
        raise ValueError(
            f"{value!r} is not a valid id: use lower-case letters, digits, '_' or '-', "
            "starting with a letter (e.g. live_action)"
        )
    return value


def _check_key(value: str | None) -> str | None:
    if value is None:
        return None
    if len(value) != 1 or value.isspace():
        raise ValueError(f'{value!r} is not a key: give exactly one character, e.g. "1"')
    return value


CodeId = Annotated[str, AfterValidator(_check_id)]
Key = Annotated[str | None, AfterValidator(_check_key)]
Colour = Annotated[str, AfterValidator(normalise_colour)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Activity(_Strict):
    """One partnership activity. Exactly one per coded segment."""

    id: CodeId
    name: str = Field(min_length=1)
    short: str | None = None
    description: str | None = None
    color: Colour = Field(validation_alias="colour")
    key: Key = None

    model_config = ConfigDict(
        extra="forbid", frozen=True, str_strip_whitespace=True, populate_by_name=True
    )

    @model_validator(mode="before")
    @classmethod
    def _accept_both_spellings(cls, data: object) -> object:
        if isinstance(data, dict) and "color" in data and "colour" not in data:
            data = dict(data)
            data["colour"] = data.pop("color")
        elif isinstance(data, dict) and "color" in data and "colour" in data:
            raise ValueError("give either 'color' or 'colour', not both")
        return data


class Dilemma(_Strict):
    """A secondary code: zero or more per segment, grouped (e.g. ``specific``, ``general``)."""

    id: CodeId
    name: str = Field(min_length=1)
    group: str | None = None
    description: str | None = None
    key: Key = None


class Codebook(_Strict):
    """A named set of activities (in legend order) and dilemmas."""

    name: str = Field(min_length=1)
    version: str | None = None
    description: str | None = None
    activities: tuple[Activity, ...] = Field(min_length=2)
    dilemmas: tuple[Dilemma, ...] = ()

    @model_validator(mode="after")
    def _unique(self) -> Codebook:
        seen_ids: dict[str, str] = {}
        seen_keys: dict[str, str] = {}
        groups: tuple[tuple[str, tuple[Activity | Dilemma, ...]], ...] = (
            ("activities", self.activities),
            ("dilemmas", self.dilemmas),
        )
        for kind, codes in groups:
            for i, code in enumerate(codes):
                where = f"{kind}[{i}]"
                if code.id in seen_ids:
                    raise ValueError(
                        f"id {code.id!r} in {where} is already used by {seen_ids[code.id]}; "
                        "ids must be unique across the whole codebook"
                    )
                seen_ids[code.id] = where
                if code.key is not None:
                    if code.key in seen_keys:
                        raise ValueError(
                            f"key {code.key!r} in {where} is already used by "
                            f"{seen_keys[code.key]}; keys must be unique across the codebook"
                        )
                    seen_keys[code.key] = where
        return self

    # -- look-ups -------------------------------------------------------------------------

    @cached_property
    def _activities(self) -> dict[str, Activity]:
        return {a.id: a for a in self.activities}

    @cached_property
    def _dilemmas(self) -> dict[str, Dilemma]:
        return {d.id: d for d in self.dilemmas}

    @property
    def activity_ids(self) -> tuple[str, ...]:
        return tuple(a.id for a in self.activities)

    @property
    def dilemma_ids(self) -> tuple[str, ...]:
        return tuple(d.id for d in self.dilemmas)

    def activity(self, activity_id: str) -> Activity:
        """The activity with this id; ``KeyError`` when there is none."""
        return self._activities[activity_id]

    def dilemma(self, dilemma_id: str) -> Dilemma:
        """The dilemma with this id; ``KeyError`` when there is none."""
        return self._dilemmas[dilemma_id]

    def has_activity(self, activity_id: str) -> bool:
        return activity_id in self._activities

    def has_dilemma(self, dilemma_id: str) -> bool:
        return dilemma_id in self._dilemmas

    def colours(self) -> dict[str, str]:
        """Activity id to ``#RRGGBB``, in legend order."""
        return {a.id: a.color for a in self.activities}

    def key_bindings(self) -> dict[str, tuple[str, str]]:
        """Key to ``("activity" | "dilemma", id)``: shortcuts belong to the codebook."""
        out: dict[str, tuple[str, str]] = {}
        for a in self.activities:
            if a.key:
                out[a.key] = ("activity", a.id)
        for d in self.dilemmas:
            if d.key:
                out[d.key] = ("dilemma", d.id)
        return out

    def dilemma_groups(self) -> Iterator[tuple[str | None, tuple[Dilemma, ...]]]:
        """Dilemmas grouped by ``group`` in first-seen order."""
        order: dict[str | None, list[Dilemma]] = {}
        for d in self.dilemmas:
            order.setdefault(d.group, []).append(d)
        for group, items in order.items():
            yield group, tuple(items)
