"""Fonts, text measurement and the page frame every figure lays itself out in.

Figures here are laid out in inches from the top-left corner, measured before anything is
drawn (text widths come from the font files, no renderer needed), then placed on the
:class:`~matplotlib.figure.Figure` in figure fractions. :class:`Frame` does that
conversion and :class:`TextBlock` measures, wraps and draws a stack of lines (titles).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, cast

from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties, findfont, fontManager
from matplotlib.text import Text
from matplotlib.textpath import TextToPath
from matplotlib.transforms import Affine2D, Transform

from fpmcoder.plot.options import FigureOptionError

__all__ = [
    "PT",
    "Frame",
    "Line",
    "Surface",
    "TextBlock",
    "check_font",
    "font",
    "text_width",
    "wrap",
]

PT = 1 / 72  # inches per point
_T2P = TextToPath()


@lru_cache(maxsize=64)
def check_font(family: str) -> str:
    """``family`` when matplotlib can find it; otherwise a clear error listing some that exist."""
    try:
        findfont(FontProperties(family=family), fallback_to_default=False)
    except ValueError:
        names = sorted({f.name for f in fontManager.ttflist if not f.name.startswith("cm")})
        raise FigureOptionError(
            f"font family {family!r} is not installed; installed families include "
            f"{', '.join(names[:12])}",
            field="font family",
        ) from None
    return family


def font(family: str, size: float, weight: str = "normal", style: str = "normal") -> FontProperties:
    """The font; ``sans-serif`` follows the family so SVG text names a fallback."""
    return FontProperties(
        family=[check_font(family), "sans-serif"], size=size, weight=weight, style=cast(Any, style)
    )


@lru_cache(maxsize=4096)
def _width(text: str, family: str, size: float, weight: str, style: str) -> float:
    prop = FontProperties(family=family, size=size, weight=weight, style=cast(Any, style))
    w, _, _ = _T2P.get_text_width_height_descent(text, prop, ismath=False)
    return float(w)


def text_width(text: str, prop: FontProperties) -> float:
    """Width of ``text`` in points (5% added for hinting in raster output)."""
    family = prop.get_family()[0]
    size = float(prop.get_size_in_points())
    return 1.05 * _width(text, family, size, str(prop.get_weight()), str(prop.get_style()))


def wrap(text: str, width_pt: float, prop: FontProperties, sep: str = " · ") -> list[str]:
    """Greedy wrap to ``width_pt``, breaking between ``sep``-joined items before words.

    A title like ``home visit · 69 segments · coder: alex`` breaks between its items; an
    item wider than the line is broken between words; a word wider still stays whole.
    """
    lines: list[str] = []
    current = ""
    for item in text.split(sep):
        candidate = f"{current}{sep}{item}" if current else item
        if text_width(candidate, prop) <= width_pt:
            current = candidate
            continue
        if current:
            lines.append(current)
        if text_width(item, prop) <= width_pt:
            current = item
            continue
        words = _wrap_words(item, width_pt, prop)
        lines.extend(words[:-1])
        current = words[-1]
    if current or not lines:
        lines.append(current)
    return lines


def _wrap_words(text: str, width_pt: float, prop: FontProperties) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if current and text_width(candidate, prop) > width_pt:
            lines.append(current)
            current = word
        else:
            current = candidate
    return [*lines, current]


@dataclass(frozen=True)
class Line:
    text: str
    size: float
    weight: str = "normal"
    style: str = "normal"


@dataclass(frozen=True)
class TextBlock:
    """Lines stacked from the top; each ``Line`` wrapped to a width when measured."""

    lines: tuple[Line, ...]
    family: str

    @classmethod
    def build(cls, lines: Sequence[Line], family: str, width_in: float) -> TextBlock:
        out: list[Line] = []
        for line in lines:
            if not line.text:
                continue
            prop = font(family, line.size, line.weight, line.style)
            out.extend(
                Line(t, line.size, line.weight, line.style)
                for t in wrap(line.text, width_in / PT, prop)
            )
        return cls(tuple(out), family)

    @property
    def height(self) -> float:
        """Height in inches (1.25 line spacing)."""
        return sum(line.size * 1.25 for line in self.lines) * PT

    @property
    def width(self) -> float:
        props = [font(self.family, ln.size, ln.weight, ln.style) for ln in self.lines]
        return (
            max(
                (text_width(ln.text, p) for ln, p in zip(self.lines, props, strict=True)),
                default=0.0,
            )
            * PT
        )

    def draw(self, frame: Frame, left: float, top: float) -> None:
        """Draw the lines left-aligned at ``left``, the first one's top at ``top`` (inches)."""
        y = top
        for line in self.lines:
            h = line.size * 1.25 * PT
            fx, fy = frame.point(left, y + h * 0.8)
            frame.fig.text(
                fx,
                fy,
                line.text,
                fontproperties=font(self.family, line.size, line.weight, line.style),
                ha="left",
                va="baseline",
                color="#1A1A1A",
            )
            y += h


@dataclass
class Frame:
    """A figure of ``width`` x ``height`` inches, addressed from its top-left corner."""

    fig: Figure
    width: float
    height: float

    def __post_init__(self) -> None:
        self.fig.set_size_inches(self.width, self.height)
        self.fig.set_facecolor("white")

    def point(self, x: float, y: float) -> tuple[float, float]:
        """Inches from the top-left corner to figure fractions."""
        return x / self.width, 1 - y / self.height

    def axes(
        self,
        left: float,
        top: float,
        width: float,
        height: float,
        xlim: tuple[float, float],
        ylim: tuple[float, float],
    ) -> Axes:
        """A bare axes over that box, with the given data limits (use ylim (h, 0) for y down)."""
        rect = (
            left / self.width,
            1 - (top + height) / self.height,
            width / self.width,
            height / self.height,
        )
        ax = self.fig.add_axes(rect)
        ax.set_axis_off()
        ax.set_xlim(*xlim)
        ax.set_ylim(*ylim)
        return ax

    def surface(self, left: float, top: float) -> Surface:
        """Somewhere to draw in inches from (left, top), y down, without an Axes.

        Axes cost ~10 ms each to create; keys and summaries do not need one.
        """
        trans = Affine2D().scale(1, -1).translate(left, self.height - top)
        return Surface(self.fig, trans + self.fig.dpi_scale_trans)


@dataclass
class Surface:
    """Figure-level drawing in local inches (see :meth:`Frame.surface`)."""

    fig: Figure
    transform: Transform

    def add(self, artist: Artist) -> Artist:
        artist.set_transform(self.transform)
        self.fig.add_artist(artist)
        return artist

    def text(self, x: float, y: float, text: str, **kwargs: Any) -> Text:
        return self.fig.text(x, y, text, transform=self.transform, **kwargs)
