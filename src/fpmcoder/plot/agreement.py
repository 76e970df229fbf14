"""Two coders of one transcript, line by line, with every disagreement marked.

Each line of the grid shows the first coder's squares, a thin mark row, then the second
coder's squares for the same segments, so the two codings of a segment sit one above the
other. A dark bar in the mark row flags each square where they differ: the figure that
makes an agreement meeting fast.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.collections import PathCollection
from matplotlib.figure import Figure
from numpy.typing import NDArray

from fpmcoder.core.codebook import Codebook
from fpmcoder.core.sequence import CodedSequence
from fpmcoder.plot._panel import Prepared, get_palette, key_entries, paint, prepare, title_lines
from fpmcoder.plot.geometry import restamp, stamp
from fpmcoder.plot.grid import GridLayout, check_square, dims, plan_layout
from fpmcoder.plot.handle import GridHandle
from fpmcoder.plot.key import KeyEntry, draw_key
from fpmcoder.plot.options import FigureOptionError, GridOptions, default_columns
from fpmcoder.plot.palette import Swatch
from fpmcoder.plot.text import PT, Frame, Line, font, text_width
from fpmcoder.plot.weighting import majority

__all__ = ["AgreementHandle", "draw_agreement"]

STRIP = 0.5  # mark row height, in squares
LINE_GAP = 1.4  # space between lines, in squares
MARK = "#111111"


@dataclass
class AgreementHandle:
    """The two coders' grids (sharing one box) and the disagreement marks."""

    first: GridHandle
    second: GridHandle
    marks: PathCollection
    layout: GridLayout
    columns: int

    @property
    def disagreements(self) -> list[int]:
        """Squares (units) whose colour differs between the two coders."""
        return [
            u
            for u in range(len(self.first))
            if self.first.activity_of_square(u) != self.second.activity_of_square(u)
        ]

    def set_activity(self, coder: int, index: int, activity: str | None) -> None:
        """Recolour segment ``index`` for coder 0 or 1 and redo the marks."""
        (self.first if coder == 0 else self.second).set_activity(index, activity)
        h = self.first
        restamp(self.marks, _bar(h.side), h.origins[self.disagreements])


def _origins(n: int, columns: int, side: float, second: bool) -> NDArray[np.float64]:
    idx = np.arange(n)
    line = 2 * side + STRIP * side + LINE_GAP * side
    y = (idx // columns) * line + (side * (1 + STRIP) if second else 0.0)
    return np.column_stack((idx % columns, y)).astype(float)


def _bar(side: float) -> NDArray[np.float64]:
    """The disagreement mark, relative to the upper square's top-left corner."""
    x0, x1 = 0.12 * side, 0.88 * side
    y0, y1 = side * (1 + 0.3 * STRIP), side * (1 + 0.7 * STRIP)
    return np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]])


def draw_agreement(
    fig: Figure,
    first: CodedSequence,
    second: CodedSequence,
    codebook: Codebook,
    options: GridOptions | None = None,
) -> AgreementHandle:
    """Draw ``first`` and ``second`` (one transcript, two coders) with disagreements marked."""
    options = options or GridOptions()
    if len(first) != len(second):
        raise FigureOptionError(
            f"{first.coder or 'the first coder'} has {len(first)} segments and "
            f"{second.coder or 'the second'} {len(second)}: both codings must use the same "
            "segments of one transcript"
        )
    palette = get_palette(codebook, options)
    a, b = prepare([first, second], codebook, options)
    b = Prepared(second, a.units)  # same squares for both, so they line up
    n = a.n
    columns = min(options.columns or default_columns(2 * n), n)
    lines = -(-n // columns)
    f = options.font_size
    names = [first.coder or "coder 1", second.coder or "coder 2"]
    label_prop = font(options.font_family, f * 0.85)
    label_w = max(text_width(x, label_prop) for x in names) * PT + f * 0.6 * PT
    side_units = 1 / (1 + options.gap)
    line_units = (2 + STRIP) * side_units
    h_units = lines * line_units + (lines - 1) * LINE_GAP * side_units
    gw = dims(columns, 1, options.gap)[0]
    gh = h_units * (1 + options.gap)
    entries = key_entries(codebook, palette, [a, b], options) if options.key else []
    entries.append(KeyEntry("coders disagree", Swatch(MARK), "bar", key=""))
    differ = sum(
        majority(p, first.activities) != majority(p, second.activities) for p in a.units.parts
    )
    title = _title(first, names, options, n - differ, n)
    plan = plan_layout(options, gw, gh, entries, title, label_w)
    if options.size is not None:
        check_square(plan.square, f"the size {options.size}")
    square = plan.square
    head_h = plan.head.height + (f * 0.6 * PT if plan.head.lines else 0.0)

    fig.clear()
    frame = Frame(fig, plan.fig_w, plan.fig_h)
    plan.head.draw(frame, plan.left, plan.top)
    top = plan.top + head_h
    left = plan.left + label_w
    side = side_units
    height_units = h_units
    handles = [
        paint(
            frame,
            prep,
            palette,
            options,
            columns=columns,
            left=left,
            top=top,
            square=square,
            origins=_origins(n, columns, side, k == 1),
            height_units=height_units,
            name=("first", "second")[k],
        )
        for k, prep in enumerate((a, b))
    ]
    first_h, second_h = handles
    marks = stamp(
        first_h.ax,
        _bar(side),
        np.zeros((0, 2)),
        facecolors=MARK,
        linewidths=0,
        zorder=3,
        clip_on=False,
    )
    marks.set_gid("disagreements")
    pitch = square * (1 + options.gap)
    for line in range(lines):
        for k, name in enumerate(names):
            y = (
                top
                + (line * (line_units + LINE_GAP * side) + k * (1 + STRIP) * side + side / 2)
                * pitch
            )
            fx, fy = frame.point(left - f * 0.5 * PT, y)
            fig.text(
                fx,
                fy,
                name,
                fontproperties=label_prop,
                ha="right",
                va="center_baseline",
                color="#333333",
            )
    grid_w, grid_h = gw * square, height_units * pitch
    if plan.right:
        centres = draw_key(
            frame, plan.key, left + grid_w + plan.key_gap, top, rounded=options.rounded
        )
    else:
        centres = draw_key(
            frame, plan.key, plan.left, top + grid_h + plan.key_gap, rounded=options.rounded
        )
    layout = GridLayout(
        (plan.fig_w, plan.fig_h),
        columns,
        lines,
        square,
        options.gap,
        (left, top, grid_w, grid_h),
        tuple(centres),
        tuple(e.label for e in plan.key.entries),
        np.vstack([first_h.square_centres(), second_h.square_centres()]),
    )
    handle = AgreementHandle(first_h, second_h, marks, layout, columns)
    restamp(marks, _bar(side), first_h.origins[handle.disagreements])
    return handle


def _title(
    seq: CodedSequence, names: list[str], options: GridOptions, agree: int, n: int
) -> list[Line]:
    f = options.font_size
    if options.title == "":
        return []
    if options.title is not None:
        return [Line(options.title, f * 1.1, "bold")]
    lines = title_lines(seq, options, f)
    meta = lines[1].text.split(" · ")
    meta = [m for m in meta if not m.startswith("coder:")]
    meta.append(f"{names[0]} above, {names[1]} below")
    meta.append(f"agree on {agree} of {n} ({100 * agree / max(n, 1):.0f}%)")
    return [lines[0], Line(" · ".join(meta), lines[1].size)]
