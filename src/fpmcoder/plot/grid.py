"""The activity-sequence grid: one square per segment, read like a page.

>>> from dataclasses import dataclass

from matplotlib.figure import Figure
>>> fig = Figure()
>>> handle = draw_grid(fig, sequence, codebook, GridOptions(columns=15))  # doctest: +SKIP
>>> save_figure(fig, "grid.pdf")                                          # doctest: +SKIP

The figure is resized to fit the grid (or the grid to fit ``options.size``). Layout from
the top: the title, the grid, the key (or the key to the right of the grid).
"""

from __future__ import annotations

from dataclasses import dataclass

from matplotlib.figure import Figure

from fpmcoder.core.codebook import Codebook
from fpmcoder.core.sequence import CodedSequence
from fpmcoder.plot._panel import get_palette, key_entries, paint, prepare, title_lines
from fpmcoder.plot.handle import GridHandle, GridLayout
from fpmcoder.plot.key import KeyEntry, KeyLayout, draw_key, layout_key
from fpmcoder.plot.options import MM_PER_INCH, FigureOptionError, GridOptions, default_columns
from fpmcoder.plot.text import PT, Frame, Line, TextBlock

__all__ = ["DEFAULT_SQUARE_MM", "MAX_WIDTH_MM", "GridLayout", "Plan", "draw_grid", "plan_layout"]

DEFAULT_SQUARE_MM = 4.0
MAX_WIDTH_MM = 170.0  # a double journal column: natural-size grids shrink squares to fit
MIN_SQUARE_MM = 0.25
MAX_FITTED_SQUARE_MM = 6.0  # a width-only size adds columns rather than pass this
MARGIN = 0.08  # inches around everything


def dims(columns: int, rows: int, gap: float) -> tuple[float, float]:
    """Grid width and height in squares (so multiply by the square side)."""
    return columns + (columns - 1) * gap, rows + (rows - 1) * gap


def natural_square(options: GridOptions, width_squares: float, fixed_width: float) -> float:
    """Square side in inches when no figure size is given."""
    if options.square_mm is not None:
        return options.square_mm / MM_PER_INCH
    room = MAX_WIDTH_MM / MM_PER_INCH - 2 * MARGIN - fixed_width
    return min(DEFAULT_SQUARE_MM / MM_PER_INCH, max(room, 0.1) / width_squares)


def check_square(square: float, what: str) -> None:
    if square * MM_PER_INCH < MIN_SQUARE_MM:
        raise FigureOptionError(
            f"{what} leaves squares of {square * MM_PER_INCH:.2f} mm (at least "
            f"{MIN_SQUARE_MM} mm): give a larger size, fewer columns or no key",
            field="size",
        )


@dataclass(frozen=True)
class Plan:
    right: bool
    key: KeyLayout
    key_gap: float
    head: TextBlock
    square: float
    fig_w: float
    fig_h: float
    left: float
    top: float


def _plan(
    options: GridOptions,
    gw: float,
    gh: float,
    entries: list[KeyEntry],
    title: list[Line],
    right: bool,
    extra_w: float = 0.0,
) -> Plan:
    f, family = options.font_size, options.font_family
    right = right and bool(entries)
    key_gap = f * (1.6 if right else 1.2) * PT
    column = 85 / MM_PER_INCH - 2 * MARGIN

    def key_for(width: float) -> KeyLayout:
        return layout_key(entries, width, family, f, columns=1 if right else 0)

    size = options.size_in
    if size is None:
        key = key_for(column)
        side_w = key.width + key_gap if right else 0.0
        square = natural_square(options, gw, side_w + extra_w)
        content_w = gw * square + side_w + extra_w
        if not right:
            key = key_for(max(content_w, column))
            content_w = max(content_w, key.width)
        head = TextBlock.build(title, family, content_w)
        content_w = max(content_w, head.width)
    else:
        width, height = size
        content_w = width - 2 * MARGIN
        key = key_for(content_w)
        side_w = key.width + key_gap if right else 0.0
        head = TextBlock.build(title, family, content_w)
        square = (content_w - side_w - extra_w) / gw
        if height is not None:
            fixed = 2 * MARGIN + head.height + (f * 0.6 * PT if head.lines else 0)
            if not right and entries:
                fixed += key_gap + key.height
            square = min(square, (height - fixed) / gh)
            if right and key.height > height - fixed:
                square = 0.0
    head_h = head.height + (f * 0.6 * PT if head.lines else 0.0)
    grid_w, grid_h = gw * square + extra_w, gh * square
    side_w = key.width + key_gap if right else 0.0
    body_h = max(grid_h, key.height) if right else grid_h + (key_gap + key.height if entries else 0)
    fig_w = size[0] if size else content_w + 2 * MARGIN
    fig_h = size[1] if size and size[1] else head_h + body_h + 2 * MARGIN
    block_w = max(grid_w + side_w, 0.0 if right else key.width, head.width)
    left = max(MARGIN, (fig_w - block_w) / 2) if size else MARGIN
    top = max(MARGIN, (fig_h - head_h - body_h) / 2)
    return Plan(right, key, key_gap, head, square, fig_w, fig_h, left, top)


def _choose(
    options: GridOptions, n: int, entries: list[KeyEntry], title: list[Line]
) -> tuple[int, Plan]:
    """Columns and plan when ``options.columns`` is not given.

    With a width and a height: the columns giving the largest squares. With a width
    alone: the default columns, or more when squares would pass ``MAX_FITTED_SQUARE_MM``
    (a wide figure gets a wider grid, not giant squares).
    """
    default = min(options.columns or default_columns(n), n)
    size = options.size_in

    def plan_for(columns: int) -> Plan:
        rows = -(-n // columns)
        return plan_layout(options, *dims(columns, rows, options.gap), entries, title)

    best = (default, plan_for(default))
    if options.columns is None and size is not None and size[1] is not None:
        for columns in sorted({min(c, n) for c in range(5, 205, 5)}):
            plan = plan_for(columns)
            if plan.square > best[1].square * 1.01:
                best = (columns, plan)
    elif options.columns is None and size is not None:
        columns = default
        while best[1].square * MM_PER_INCH > MAX_FITTED_SQUARE_MM and columns < n:
            columns = min(n, columns + 5)
            best = (columns, plan_for(columns))
    if size is not None:
        check_square(best[1].square, f"the size {options.size}")
    return best


def plan_layout(
    options: GridOptions,
    gw: float,
    gh: float,
    entries: list[KeyEntry],
    title: list[Line],
    extra_w: float = 0.0,
) -> Plan:
    """Square size, key place and figure size for a ``gw`` x ``gh``-square grid.

    ``extra_w`` inches of fixed width go left of the grid (row labels).
    """
    if options.key_position != "auto" or not entries:
        plan = _plan(options, gw, gh, entries, title, options.key_position == "right", extra_w)
    else:
        below = _plan(options, gw, gh, entries, title, False, extra_w)
        right = _plan(options, gw, gh, entries, title, True, extra_w)
        if options.size_in is None:
            fits = right.fig_w <= MAX_WIDTH_MM / MM_PER_INCH and right.fig_h < below.fig_h
            plan = right if fits else below
        else:
            plan = right if right.square > below.square * 1.15 else below
    return plan


def draw_grid(
    fig: Figure, sequence: CodedSequence, codebook: Codebook, options: GridOptions | None = None
) -> GridHandle:
    """Draw ``sequence`` as a grid on ``fig`` (cleared first) and return its handle.

    ``handle.layout`` tells where everything went. Raises
    :class:`~fpmcoder.plot.options.FigureOptionError` for codes not in ``codebook``, a
    speaker nobody is, times that are missing, or a size too small for the grid.
    """
    options = options or GridOptions()
    if options.size is not None and options.square_mm is not None:
        raise FigureOptionError("give a figure size or a square size, not both", field="size")
    palette = get_palette(codebook, options)
    (prep,) = prepare([sequence], codebook, options)
    f = options.font_size
    entries = key_entries(codebook, palette, [prep], options) if options.key else []
    title = (
        title_lines(sequence, options, f)
        if options.title is None
        else ([Line(options.title, f * 1.1, "bold")] if options.title else [])
    )
    columns, p = _choose(options, prep.n, entries, title)
    rows = prep.rows(columns)
    gw, gh = dims(columns, rows, options.gap)
    head_h = p.head.height + (f * 0.6 * PT if p.head.lines else 0.0)
    grid_w, grid_h = gw * p.square, gh * p.square

    fig.clear()
    frame = Frame(fig, p.fig_w, p.fig_h)
    p.head.draw(frame, p.left, p.top)
    grid_top = p.top + head_h
    handle = paint(
        frame, prep, palette, options, columns=columns, left=p.left, top=grid_top, square=p.square
    )
    if p.right:
        centres = draw_key(
            frame, p.key, p.left + grid_w + p.key_gap, grid_top, rounded=options.rounded
        )
    else:
        centres = draw_key(
            frame, p.key, p.left, grid_top + grid_h + p.key_gap, rounded=options.rounded
        )
    handle.layout = GridLayout(
        (p.fig_w, p.fig_h),
        columns,
        rows,
        p.square,
        options.gap,
        (p.left, grid_top, grid_w, grid_h),
        tuple(centres),
        tuple(e.label for e in p.key.entries),
        handle.square_centres(),
    )
    return handle
