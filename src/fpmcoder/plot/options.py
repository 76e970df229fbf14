"""Options of the grid and comparison figures: frozen dataclasses, checked on construction.

Every bad value raises :class:`FigureOptionError` (an :class:`~fpmcoder.errors.InputError`)
whose message names the option, the value and what would work, so the command line and
the window can show it as it is.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Literal

from fpmcoder.errors import FigureError

__all__ = [
    "PALETTES",
    "CompareOptions",
    "FigureOptionError",
    "GridOptions",
    "Weight",
    "default_columns",
    "parse_size",
]

MM_PER_INCH = 25.4
PALETTES = ("codebook", "colorblind", "grey")
DEFAULT_TIME_UNIT = 15.0  # seconds per square for ``time``
DEFAULT_WORD_UNIT = 10  # words per square for ``words``

_SIZE_RE = re.compile(
    r"^\s*(?P<w>\d+(?:\.\d+)?)\s*(?:[x×]\s*(?P<h>\d+(?:\.\d+)?)\s*)?(?P<unit>mm|cm|in)\s*$",
    re.IGNORECASE,
)


FigureOptionError = FigureError
"""The figures' error (:class:`fpmcoder.errors.FigureError`), under its older name."""


@dataclass(frozen=True, slots=True)
class Weight:
    """How much of the grid a segment takes.

    ``segments``: one square per segment. ``time:SECONDS``: one square per SECONDS of
    the recording, coloured by the activity filling most of it. ``words:N``: each segment
    gets ``max(1, round(words / N))`` squares.
    """

    kind: Literal["segments", "time", "words"] = "segments"
    unit: float = 1.0

    @classmethod
    def parse(cls, text: str) -> Weight:
        raw = text.strip().lower()
        name, _, arg = raw.partition(":")
        if name == "segments" and not arg:
            return cls()
        if name in ("time", "words"):
            default = DEFAULT_TIME_UNIT if name == "time" else float(DEFAULT_WORD_UNIT)
            try:
                unit = float(arg) if arg else default
            except ValueError:
                unit = math.nan
            if not math.isfinite(unit) or unit <= 0:
                raise FigureOptionError(
                    f"{text!r}: the unit after '{name}:' must be a positive number "
                    f"(e.g. {name}:{int(default)})",
                    field="weight",
                )
            return cls("time" if name == "time" else "words", unit)
        raise FigureOptionError(
            f"{text!r} is not a weighting: use segments, time:SECONDS (e.g. time:15) "
            "or words[:N] (e.g. words:10)",
            field="weight",
        )

    def __str__(self) -> str:
        if self.kind == "segments":
            return "segments"
        return f"{self.kind}:{self.unit:g}"


def parse_size(text: str) -> tuple[float, float | None]:
    """``"85x60mm"``, ``"3.5x2.5in"``, ``"8.5cm"`` to (width, height or None) in inches."""
    m = _SIZE_RE.match(text)
    if not m:
        raise FigureOptionError(
            f"{text!r} is not a size: write WIDTHxHEIGHT or WIDTH with a unit, "
            "e.g. 85x60mm, 170mm, 3.5x2.5in",
            field="size",
        )
    per_inch = {"mm": MM_PER_INCH, "cm": MM_PER_INCH / 10, "in": 1.0}[m["unit"].lower()]
    width = float(m["w"]) / per_inch
    height = float(m["h"]) / per_inch if m["h"] else None
    for value in (width, height):
        if value is not None and not 0.3 <= value <= 60:
            raise FigureOptionError(
                f"{text!r}: each side must be between 8 mm and 1.5 m", field="size"
            )
    return width, height


def default_columns(n_squares: int) -> int:
    """Columns for ``n_squares``: 10 up to ~50, 15 near 120, 20 near 200, then ~sqrt(2n).

    The grid comes out about twice as wide as it is tall, like a page turned sideways,
    and the count is a multiple of 5 so squares are easy to count.
    """
    raw = math.sqrt(2 * max(n_squares, 1))
    return max(10, 5 * round(raw / 5))


@dataclass(frozen=True)
class GridOptions:
    """How a grid is drawn. Sizes in millimetres; ``gap`` and ``rounded`` relative to a square.

    ``title``: ``None`` for an automatic title (transcript, setting, segments, coder),
    ``""`` for none, or the text to show. ``size``: the figure size (``"85x60mm"``,
    ``"3.5in"``: a width alone gives an automatic height); squares are then fitted to it,
    otherwise they are ``square_mm`` (default 4 mm, smaller when the grid would pass 170 mm).
    """

    columns: int | None = None
    square_mm: float | None = None
    gap: float = 0.15
    rounded: float = 0.0
    show_numbers: bool = False
    mark_dilemmas: bool = False
    highlight_speaker: str | None = None
    weight: str = "segments"
    palette: str = "codebook"
    title: str | None = None
    key: bool = True
    key_position: Literal["auto", "below", "right"] = "auto"
    short_labels: bool = False
    font_family: str = "DejaVu Sans"
    font_size: float = 8.0
    size: str | None = None

    def __post_init__(self) -> None:
        if self.columns is not None and not 1 <= self.columns <= 2000:
            raise FigureOptionError(
                f"{self.columns} columns: give a number from 1 to 2000", field="columns"
            )
        if self.square_mm is not None and not 0.2 <= self.square_mm <= 100:
            raise FigureOptionError(
                f"a square of {self.square_mm} mm: give 0.2 to 100 mm", field="square size"
            )
        if not 0 <= self.gap <= 1:
            raise FigureOptionError(
                f"gap {self.gap}: give a fraction of the square from 0 to 1", field="gap"
            )
        if not 0 <= self.rounded <= 0.5:
            raise FigureOptionError(
                f"rounded {self.rounded}: give a corner radius from 0 (square) "
                "to 0.5 (circle) of the square",
                field="rounded",
            )
        if self.palette not in PALETTES:
            raise FigureOptionError(
                f"{self.palette!r} is not a palette: use one of {', '.join(PALETTES)}",
                field="palette",
            )
        if self.key_position not in ("auto", "below", "right"):
            raise FigureOptionError(
                f"{self.key_position!r}: the key goes 'auto', 'below' or 'right'",
                field="key position",
            )
        if not 4 <= self.font_size <= 36:
            raise FigureOptionError(
                f"font size {self.font_size}: give 4 to 36 points", field="font size"
            )
        if not self.font_family.strip():
            raise FigureOptionError("give a font family name", field="font family")
        Weight.parse(self.weight)
        if self.size is not None:
            parse_size(self.size)

    @property
    def weighting(self) -> Weight:
        return Weight.parse(self.weight)

    @property
    def size_in(self) -> tuple[float, float | None] | None:
        """The requested figure size in inches (height ``None``: automatic)."""
        return parse_size(self.size) if self.size is not None else None


@dataclass(frozen=True)
class CompareOptions(GridOptions):
    """A comparison: the grid options (the same for every panel) and how panels are laid out.

    ``layout``: ``columns`` puts panels side by side (``panels_per_row`` to a row, default
    4), ``rows`` stacks them. ``title`` is the figure title (``None`` or ``""``: none);
    each panel has its own title. ``summary`` adds a thin stacked bar of activity shares
    and the number of switches under each panel.
    """

    layout: Literal["columns", "rows"] = "columns"
    panels_per_row: int | None = None
    summary: bool = False

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.layout not in ("columns", "rows"):
            raise FigureOptionError(
                f"{self.layout!r}: the layout is 'columns' or 'rows'", field="layout"
            )
        if self.panels_per_row is not None and not 1 <= self.panels_per_row <= 50:
            raise FigureOptionError(
                f"{self.panels_per_row} panels per row: give 1 to 50", field="panels per row"
            )
