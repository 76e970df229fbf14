"""Several grids side by side (or stacked), one square size and one key for all.

Every panel wraps at the same number of columns and uses the same square, so a long
transcript is a taller panel, never smaller squares. Each panel has a title (name,
setting, segments, coder) and, with ``summary``, a thin stacked bar of activity shares
and the number of switches between activities under it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from matplotlib.figure import Figure

from fpmcoder.core.codebook import Codebook
from fpmcoder.core.sequence import CodedSequence
from fpmcoder.plot._panel import Prepared, get_palette, key_entries, paint, prepare, title_lines
from fpmcoder.plot.grid import (
    MARGIN,
    MAX_FITTED_SQUARE_MM,
    check_square,
    dims,
    natural_square,
)
from fpmcoder.plot.handle import GridHandle
from fpmcoder.plot.key import KeyEntry, KeyLayout, draw_key, layout_key
from fpmcoder.plot.options import MM_PER_INCH, CompareOptions, FigureOptionError, default_columns
from fpmcoder.plot.palette import Palette
from fpmcoder.plot.summary import draw_summary, summary_height, summary_lines
from fpmcoder.plot.text import PT, Frame, Line, TextBlock

__all__ = ["ComparisonHandle", "ComparisonLayout", "draw_comparison"]

PANEL_GAP = 5 / MM_PER_INCH


@dataclass(frozen=True)
class ComparisonLayout:
    """Where things went, in inches from the figure's top-left corner."""

    figure_size: tuple[float, float]
    columns: int
    square: float
    panel_boxes: tuple[tuple[float, float, float, float], ...]  # grid left, top, width, height
    key_centres: tuple[tuple[float, float], ...]
    key_labels: tuple[str, ...]


@dataclass
class ComparisonHandle:
    """One :class:`GridHandle` per panel, in the order the sequences were given."""

    panels: list[GridHandle]
    layout: ComparisonLayout

    def panel_at(self, x: float, y: float) -> tuple[int, int] | None:
        """(panel, segment index) under display pixel (x, y), or None."""
        for p, handle in enumerate(self.panels):
            index = handle.index_at(x, y, display=True)
            if index is not None:
                return p, index
        return None


def _rows(n: int, options: CompareOptions) -> list[list[int]]:
    per_row = 1 if options.layout == "rows" else (options.panels_per_row or min(n, 4))
    return [list(range(i, min(n, i + per_row))) for i in range(0, n, per_row)]


@dataclass
class _Measure:
    columns: int
    square: float
    fixed: float  # height of everything but the grids
    width: float
    titles: list[TextBlock]
    title_h: list[float]
    grid_rows: list[float]
    key: KeyLayout
    head: TextBlock
    summary_h: list[float]


def _measure(
    preps: list[Prepared],
    options: CompareOptions,
    rows: list[list[int]],
    columns: int,
    entries: list[KeyEntry],
    head_lines: list[Line],
) -> _Measure:
    f, family = options.font_size, options.font_family
    per_row = max(len(r) for r in rows)
    gw = dims(columns, 1, options.gap)[0]
    size = options.size_in
    gaps_w = (per_row - 1) * PANEL_GAP
    if size is None:
        square = natural_square(options, per_row * gw, gaps_w)
        width = max(per_row * gw * square + gaps_w + 2 * MARGIN, 85 / MM_PER_INCH)
    else:
        width = size[0]
        square = (width - 2 * MARGIN - gaps_w) / (per_row * gw)
    content_w = width - 2 * MARGIN
    key = layout_key(entries, content_w, family, f)
    head = TextBlock.build(head_lines, family, content_w)
    grid_rows = [
        max(dims(columns, preps[i].rows(columns), options.gap)[1] for i in r) for r in rows
    ]
    for _ in range(3):  # titles wrap to the panel width, which depends on the square
        titles = [
            TextBlock.build(title_lines(p.sequence, options, f), family, max(gw * square, 0.5))
            for p in preps
        ]
        title_h = [max(titles[i].height for i in r) + f * 0.4 * PT for r in rows]
        summary_h = [
            max(
                summary_height(
                    len(
                        summary_lines(preps[i].sequence.activities, options, max(gw * square, 0.5))
                    ),
                    options,
                )
                for i in r
            )
            if options.summary
            else 0.0
            for r in rows
        ]
        fixed = (
            2 * MARGIN
            + head.height
            + (f * 0.8 * PT if head.lines else 0)
            + sum(title_h)
            + sum(summary_h)
            + (len(rows) - 1) * PANEL_GAP
            + ((f * 1.2 * PT + key.height) if entries else 0.0)
        )
        if size is None or size[1] is None:
            break
        square = min(
            (width - 2 * MARGIN - gaps_w) / (per_row * gw), (size[1] - fixed) / sum(grid_rows)
        )
    return _Measure(columns, square, fixed, width, titles, title_h, grid_rows, key, head, summary_h)


def draw_comparison(
    fig: Figure,
    sequences: Sequence[CodedSequence],
    codebook: Codebook,
    options: CompareOptions | None = None,
) -> ComparisonHandle:
    """Draw ``sequences`` as panels on ``fig`` (cleared first) with one shared key."""
    options = options or CompareOptions()
    if not sequences:
        raise FigureOptionError("nothing to compare: give at least one transcript")
    if options.size is not None and options.square_mm is not None:
        raise FigureOptionError("give a figure size or a square size, not both", field="size")
    palette = get_palette(codebook, options)
    preps = prepare(list(sequences), codebook, options)
    rows = _rows(len(preps), options)
    f = options.font_size
    entries = key_entries(codebook, palette, preps, options) if options.key else []
    head_lines = [Line(options.title, f * 1.2, "bold")] if options.title else []
    default = default_columns(max(p.n for p in preps)) * (2 if options.layout == "rows" else 1)
    candidates = [options.columns or default]
    size = options.size_in
    if options.columns is None and size is not None and size[1] is not None:
        candidates = sorted({*range(5, 205, 5), default})
    m: _Measure | None = None
    for columns in candidates:
        trial = _measure(preps, options, rows, columns, entries, head_lines)
        if m is None or trial.square > m.square * 1.01:
            m = trial
    assert m is not None
    longest = max(p.n for p in preps)
    if options.columns is None and size is not None and size[1] is None:
        while m.square * MM_PER_INCH > MAX_FITTED_SQUARE_MM and m.columns < longest:
            m = _measure(preps, options, rows, min(longest, m.columns + 5), entries, head_lines)
    if size is not None:
        check_square(m.square, f"the size {options.size}")
    columns, square, fixed, titles, key, head = (
        m.columns,
        m.square,
        m.fixed,
        m.titles,
        m.key,
        m.head,
    )
    title_h, grid_rows, width = m.title_h, m.grid_rows, m.width
    per_row = max(len(r) for r in rows)
    gw = dims(columns, 1, options.gap)[0]
    gaps_w = (per_row - 1) * PANEL_GAP
    summary_h = m.summary_h
    height = size[1] if size and size[1] else fixed + sum(grid_rows) * square

    fig.clear()
    frame = Frame(fig, width, height)
    block_w = per_row * gw * square + gaps_w
    left0 = max(MARGIN, (width - max(block_w, key.width, head.width)) / 2) if size else MARGIN
    top = max(MARGIN, (height - fixed - sum(grid_rows) * square) / 2 + MARGIN)
    head.draw(frame, left0, top)
    top += head.height + (f * 0.8 * PT if head.lines else 0)
    handles: list[GridHandle] = []
    boxes: list[tuple[float, float, float, float]] = []
    for r, row in enumerate(rows):
        for k, i in enumerate(row):
            left = left0 + k * (gw * square + PANEL_GAP)
            titles[i].draw(frame, left, top)
            grid_top = top + title_h[r]
            handle = paint(
                frame,
                preps[i],
                palette,
                options,
                columns=columns,
                left=left,
                top=grid_top,
                square=square,
                name=f"panel{i + 1}",
            )
            gh = dims(columns, preps[i].rows(columns), options.gap)[1] * square
            boxes.append((left, grid_top, gw * square, gh))
            handles.append(handle)
            if options.summary:
                _summary(
                    frame, preps[i], handle, palette, options, left, grid_top + gh, gw * square
                )
        top += title_h[r] + grid_rows[r] * square + summary_h[r] + PANEL_GAP
    centres = (
        draw_key(frame, key, left0, top - PANEL_GAP + f * 1.2 * PT, rounded=options.rounded)
        if entries
        else []
    )
    layout = ComparisonLayout(
        (width, height),
        columns,
        square,
        tuple(boxes),
        tuple(centres),
        tuple(e.label for e in key.entries),
    )
    return ComparisonHandle(handles, layout)


def _summary(
    frame: Frame,
    prep: Prepared,
    handle: GridHandle,
    palette: Palette,
    options: CompareOptions,
    left: float,
    top: float,
    width: float,
) -> None:
    classes = [handle.activity_of_square(u) for u in range(len(handle))]
    draw_summary(frame, classes, prep.sequence.activities, palette, options, left, top, width)
