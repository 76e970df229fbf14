"""The handle the window keeps: recolour a segment, move the current outline, hit-test."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from figtools import ACTIVITIES, pixel, render_png, rgb
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from fpmcoder.errors import InputError
from fpmcoder.plot import GridOptions, draw_grid, palette_for

DPI = 100


def test_set_activity_recolours_one_square_only(sequence, codebook):
    fig = Figure()
    handle = draw_grid(fig, sequence, codebook, GridOptions())
    pal = palette_for(codebook)
    before = render_png(fig, DPI)
    centres = handle.layout.square_centres
    assert ACTIVITIES[0] == "locating"
    handle.set_activity(0, "planning")
    after = render_png(fig, DPI)
    assert pixel(after, centres[0], DPI) == rgb(pal.swatch("planning").face)
    for i in range(1, len(ACTIVITIES)):
        assert pixel(after, centres[i], DPI) == pixel(before, centres[i], DPI), i
    handle.set_activity(0, None)
    assert pixel(render_png(fig, DPI), centres[0], DPI) == rgb(pal.uncoded.face)
    assert handle.activities[0] is None
    counts = [len(c.get_paths()[0].vertices) // 5 for c in handle.collections]
    assert sum(counts) == len(ACTIVITIES)


def test_set_activities_in_one_batch_and_unknown_code(sequence, codebook):
    fig = Figure()
    handle = draw_grid(fig, sequence, codebook, GridOptions(show_numbers=True))
    handle.set_activities({1: "meaning", 2: "meaning", 12: "live_action"})
    assert [handle.activity_of_square(u) for u in (1, 2, 12)] == ["meaning"] * 2 + ["live_action"]
    # numbers follow the square's colour (white on dark, black on light)
    pal = palette_for(codebook)
    assert handle.numbers[12].get_color() == pal.swatch("live_action").text
    with pytest.raises(InputError, match="not an activity"):
        handle.set_activity(3, "nonsense")


def test_current_outline_moves(sequence, codebook):
    fig = Figure()
    handle = draw_grid(fig, sequence, codebook, GridOptions())
    assert len(handle._current.get_paths()[0].vertices) == 0
    handle.set_current(5)
    verts = handle._current.get_paths()[0].vertices
    o = handle.origins[5]
    assert verts[:, 0].min() < o[0] < verts[:, 0].max()
    assert verts[:, 1].min() < o[1] < verts[:, 1].max()
    # the outline is drawn: the gap left of square 5 turns dark
    img = render_png(fig, DPI)
    x, y = handle.layout.square_centres[5]
    half = handle.layout.square / 2
    gap = half * handle.layout.gap
    assert max(pixel(img, (x - half - gap * 0.8, y), DPI)) < 60
    handle.set_current(None)
    assert handle.current is None and len(handle._current.get_paths()[0].vertices) == 0


def test_index_at_data_and_display(sequence, codebook):
    fig = Figure()
    canvas = FigureCanvasAgg(fig)
    handle = draw_grid(fig, sequence, codebook, GridOptions(columns=8))
    canvas.draw()
    for i in (0, 7, 8, len(ACTIVITIES) - 1):
        ox, oy = handle.origins[i]
        assert handle.index_at(ox + 0.5 * handle.side, oy + 0.5 * handle.side) == i
        # display pixels: the centre through the axes transform
        cx, cy = handle.ax.transData.transform((ox + handle.side / 2, oy + handle.side / 2))
        assert handle.index_at(cx, cy, display=True) == i
        # and the centre as laid out, in inches from the top-left corner
        x_in, y_in = handle.layout.square_centres[i]
        h = handle.layout.figure_size[1]
        assert handle.index_at(x_in * fig.dpi, (h - y_in) * fig.dpi, display=True) == i
    assert handle.index_at(-3, -3) is None
    last_row_empty = handle.origins[-1] + np.array([2.0, 0.2])
    assert handle.index_at(*last_row_empty) is None


def test_words_weighting_maps_squares_back_to_segments(codebook):
    from fpmcoder.core.sequence import CodedSequence, SegmentInfo

    segs = tuple(
        SegmentInfo(i + 1, a, words=w)
        for i, (a, w) in enumerate([("locating", 30), ("meaning", 5), ("planning", 21)])
    )
    fig = Figure()
    h = draw_grid(fig, CodedSequence("t", None, segs), codebook, GridOptions(weight="words:10"))
    assert len(h) == 3 + 1 + 2
    assert [h.units_of(i) for i in range(3)] == [[0, 1, 2], [3], [4, 5]]
    ox, oy = h.origins[4]
    assert h.index_at(ox + 0.1, oy + 0.1) == 2
    h.set_activity(0, "meaning")
    assert [h.activity_of_square(u) for u in range(6)] == ["meaning"] * 4 + ["planning"] * 2


def test_recoloured_paths_hold_the_squares_of_a_fresh_drawing(sequence, codebook):
    """Squares move between class paths one at a time; each path ends up with exactly the
    squares a drawing of the recoloured sequence puts there, and the picture is the same."""
    fig = Figure()
    handle = draw_grid(fig, sequence, codebook, GridOptions())
    rng = np.random.default_rng(7)
    choices = [*dict.fromkeys(a for a in ACTIVITIES if a), None]
    for _ in range(60):
        handle.set_activity(int(rng.integers(len(ACTIVITIES))), choices[rng.integers(len(choices))])
    fresh_fig = Figure()
    recoloured = replace(
        sequence,
        segments=tuple(
            replace(s, activity=a)
            for s, a in zip(sequence.segments, handle.activities, strict=True)
        ),
    )
    fresh = draw_grid(fresh_fig, recoloured, codebook, GridOptions())

    def squares(h) -> list[set[tuple[float, float]]]:
        out = []
        for coll in h.collections:
            verts = coll.get_paths()[0].vertices
            k = len(h.shape) + 1
            out.append({tuple(np.round(v, 6)) for v in verts.reshape(-1, k, 2)[:, 0]})
        return out

    assert squares(handle) == squares(fresh)
    assert np.array_equal(render_png(fig, DPI), render_png(fresh_fig, DPI))
