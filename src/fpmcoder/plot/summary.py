"""The summary under a panel: a thin stacked bar of activity shares and the switch count.

Computed here with two tiny functions (the statistics package has the full set):
:func:`shares` counts squares per class (so under time weighting a share is a share of
time), :func:`switches` counts changes of activity between consecutive coded segments
(uncoded segments are skipped, so A, -, B is one switch and A, -, A none).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from fpmcoder.plot.geometry import polys
from fpmcoder.plot.options import GridOptions
from fpmcoder.plot.palette import Palette
from fpmcoder.plot.text import PT, Frame, font, wrap

__all__ = ["SUMMARY_LINES", "draw_summary", "shares", "summary_height", "summary_lines", "switches"]

# height of the summary block in font sizes: gap, bar, gap, one line of text
_GAP, _BAR, _GAP2, _TEXT = 0.5, 0.75, 0.3, 1.25
SUMMARY_LINES = _GAP + _BAR + _GAP2 + _TEXT


def shares(classes: Sequence[str | None], order: Sequence[str | None]) -> list[float]:
    """Fraction of ``classes`` in each class of ``order``."""
    n = len(classes) or 1
    return [sum(1 for c in classes if c == k) / n for k in order]


def switches(activities: Sequence[str | None]) -> int:
    """Changes of activity between consecutive coded segments."""
    coded = [a for a in activities if a is not None]
    return sum(1 for a, b in itertools.pairwise(coded) if a != b)


def summary_lines(
    activities: Sequence[str | None], options: GridOptions, width: float
) -> list[str]:
    """The summary text (switches, coded segments) wrapped to ``width`` inches."""
    n = switches(activities)
    coded = sum(1 for a in activities if a is not None)
    text = f"{n} switch{'es' if n != 1 else ''} · {coded} of {len(activities)} coded"
    return wrap(text, width / PT, font(options.font_family, options.font_size * 0.9))


def summary_height(lines: int, options: GridOptions) -> float:
    """Height in inches of a summary with ``lines`` lines of text."""
    return (SUMMARY_LINES + (lines - 1) * _TEXT * 0.9) * options.font_size * PT


def draw_summary(
    frame: Frame,
    classes: Sequence[str | None],
    activities: Sequence[str | None],
    palette: Palette,
    options: GridOptions,
    left: float,
    top: float,
    width: float,
) -> None:
    """Bar and text under a panel whose squares have ``classes``; (left, top) in inches."""
    f = options.font_size
    bar_top, bar_h = top + _GAP * f * PT, _BAR * f * PT
    ax = frame.surface(left, bar_top)
    x = 0.0
    for cls, share in zip(palette.classes, shares(classes, palette.classes), strict=True):
        if share <= 0:
            continue
        sw = palette.swatch(cls)
        x0, x1 = x * width, (x + share) * width
        rect = [(x0, 0.0), (x1, 0.0), (x1, bar_h), (x0, bar_h)]
        ax.add(
            polys(
                [rect],
                facecolors=sw.face,
                edgecolors=sw.edge or "none",
                linewidths=0.4 if sw.edge else 0.0,
                hatch=sw.hatch or None,
            )
        )
        x += share
    prop = font(options.font_family, f * 0.9)
    y = bar_top + bar_h + (_GAP2 + 0.95) * f * PT
    for line in summary_lines(activities, options, width):
        fx, fy = frame.point(left, y)
        frame.fig.text(fx, fy, line, fontproperties=prop, color="#333333", ha="left", va="baseline")
        y += _TEXT * 0.9 * f * PT
