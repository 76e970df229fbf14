"""The colour key shared by every figure: measured first, then drawn where it fits.

Build entries with :func:`activity_entries` (every activity in codebook order, then
"not coded" when asked) plus any :class:`KeyEntry` of your own (marks), lay them out with
:func:`layout_key` for the width you have, and draw with :func:`draw_key`. Entries fill
rows left to right in aligned columns, as many columns as fit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from fpmcoder.core.codebook import Codebook
from fpmcoder.plot.geometry import polys, square_verts, triangle
from fpmcoder.plot.palette import UNCODED_LABEL, Palette, Swatch
from fpmcoder.plot.text import PT, Frame, Surface, font, text_width

__all__ = ["KeyEntry", "KeyLayout", "activity_entries", "draw_key", "layout_key"]

Mark = Literal["square", "corner", "outline", "bar"]
_PLAIN = Swatch("#FFFFFF", edge="#8C8C8C")


@dataclass(frozen=True)
class KeyEntry:
    """One key entry: a swatch drawn as ``mark``, a label and an optional second line."""

    label: str
    swatch: Swatch = _PLAIN
    mark: Mark = "square"
    note: str | None = None
    key: str | None = None  # activity id, None for "not coded", "" for marks


@dataclass(frozen=True)
class KeyLayout:
    """Where each entry goes, in inches from the key's top-left corner."""

    entries: tuple[KeyEntry, ...]
    columns: int
    cells: tuple[tuple[float, float], ...]  # top-left of each entry's swatch
    swatch: float
    width: float
    height: float
    family: str
    size: float


def activity_entries(
    codebook: Codebook, palette: Palette, *, short: bool = False, uncoded: bool = False
) -> list[KeyEntry]:
    """Every activity in codebook order (with its ``short`` label when asked), then "not coded"."""
    out = [
        KeyEntry(a.name, palette.swatch(a.id), note=a.short if short else None, key=a.id)
        for a in codebook.activities
    ]
    if uncoded:
        out.append(KeyEntry(UNCODED_LABEL, palette.uncoded, key=None))
    return out


def layout_key(
    entries: Sequence[KeyEntry], max_width: float, family: str, size: float, *, columns: int = 0
) -> KeyLayout:
    """Lay out ``entries`` in as many aligned columns as fit ``max_width`` inches.

    ``columns`` forces a number of columns (1 for a key beside a figure).
    """
    prop, note_prop = font(family, size), font(family, size * 0.9, style="italic")
    sw = size * 1.1 * PT
    pad = size * 0.5 * PT
    sep = size * 1.6 * PT
    widths = [
        sw + pad + max(text_width(e.label, prop), text_width(e.note or "", note_prop)) * PT
        for e in entries
    ]
    line = size * 1.25 * PT
    row_h = (line * 2 + size * 0.35 * PT) if any(e.note for e in entries) else line * 1.22
    chosen, col_w = 1, [max(widths, default=0.0)]
    for n in range(columns or len(entries), 0, -1):
        cw = [max(widths[i::n]) for i in range(n)]
        if columns or sum(cw) + sep * (n - 1) <= max_width or n == 1:
            chosen, col_w = n, cw
            break
    cells = []
    for i in range(len(entries)):
        r, c = divmod(i, chosen)
        cells.append((sum(col_w[:c]) + sep * c, r * row_h + (row_h - sw) / 2 - line * 0.12))
    rows = -(-len(entries) // chosen)
    width = sum(col_w) + sep * (chosen - 1)
    return KeyLayout(tuple(entries), chosen, tuple(cells), sw, width, rows * row_h, family, size)


def draw_key(
    frame: Frame, layout: KeyLayout, left: float, top: float, *, rounded: float = 0.0
) -> list[tuple[float, float]]:
    """Draw ``layout`` with its top-left corner at (``left``, ``top``) inches.

    ``rounded`` rounds the swatches' corners like the grid's squares.

    Returns each swatch's centre in inches from the figure's top-left corner.
    """
    if not layout.entries:
        return []
    ax = frame.surface(left, top)
    sw = layout.swatch
    prop, note_prop = (
        font(layout.family, layout.size),
        font(layout.family, layout.size * 0.9, style="italic"),
    )
    centres = []
    for entry, (x, y) in zip(layout.entries, layout.cells, strict=True):
        xy = np.array([[x, y]])
        centres.append((left + x + sw / 2, top + y + sw / 2))
        _draw_swatch(ax, entry, xy, sw, rounded)
        tx = x + sw + layout.size * 0.5 * PT
        ty = y + sw / 2
        if entry.note:
            ax.text(
                tx,
                y + sw * 0.02,
                entry.label,
                fontproperties=prop,
                va="top",
                ha="left",
                color="#1A1A1A",
            )
            ax.text(
                tx,
                y + sw * 0.02 + layout.size * 1.2 * PT,
                entry.note,
                fontproperties=note_prop,
                va="top",
                ha="left",
                color="#4D4D4D",
            )
        else:
            ax.text(
                tx,
                ty,
                entry.label,
                fontproperties=prop,
                va="center_baseline",
                ha="left",
                color="#1A1A1A",
            )
    return centres


def _draw_swatch(
    ax: Surface, entry: KeyEntry, xy: NDArray[np.float64], sw: float, rounded: float
) -> None:
    lw = 0.6
    s = entry.swatch
    if entry.mark == "bar":
        x, y = xy[0]
        bar = [(x, y + sw * 0.3), (x + sw, y + sw * 0.3), (x + sw, y + sw * 0.7), (x, y + sw * 0.7)]
        ax.add(polys([bar], facecolors=s.face, linewidths=0))
        return
    base = s if entry.mark == "square" else _PLAIN
    ax.add(
        polys(
            square_verts(xy, sw, rounded),
            facecolors=base.face,
            edgecolors=base.edge or "none",
            linewidths=lw if base.edge else 0,
            hatch=base.hatch or None,
            linestyles=base.linestyle,
        )
    )
    if entry.mark == "corner":
        ax.add(polys([xy[0] + triangle(0.42, rounded) * sw], facecolors=s.face, linewidths=0))
    elif entry.mark == "outline":
        ax.add(
            polys(
                square_verts(xy, sw, rounded), facecolors="none", edgecolors=s.face, linewidths=1.4
            )
        )
