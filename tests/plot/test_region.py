"""Partial redraws through the handle's public API: the region of some squares, drawn alone."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest
from figtools import ACTIVITIES
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from fpmcoder.core.sequence import CodedSequence
from fpmcoder.plot import GridOptions, draw_grid
from fpmcoder.plot.handle import GridHandle

DPI = 100


def _drawn(fig: Figure) -> tuple[FigureCanvasAgg, np.ndarray]:
    canvas = FigureCanvasAgg(fig)
    fig.set_dpi(DPI)
    canvas.draw()
    return canvas, np.asarray(canvas.buffer_rgba()).astype(int).copy()


def _partial_equals_full(fig: Figure, handle: GridHandle, update: Callable[[], list[int]]) -> None:
    """Apply ``update`` (returns the touched segments), redraw only their region, and
    compare with a full draw of the same state."""
    canvas, _ = _drawn(fig)
    handle.ax.set_visible(False)
    canvas.draw()
    background = canvas.copy_from_bbox(fig.bbox)
    handle.ax.set_visible(True)
    canvas.draw()
    touched = update()
    box = handle.region_of(touched)
    assert box is not None
    height = fig.bbox.height
    canvas.restore_region(
        background, bbox=(box.x0, height - box.y1, box.x1 - 1, height - box.y0 - 1), xy=(0, 0)
    )
    handle.draw_region(canvas.get_renderer(), box)
    partial = np.asarray(canvas.buffer_rgba()).astype(int).copy()
    canvas.draw()
    full = np.asarray(canvas.buffer_rgba()).astype(int)
    assert np.abs(partial - full).max() <= 3


def test_region_of_covers_the_squares_and_not_much_more(sequence, codebook):
    fig = Figure(dpi=DPI)
    handle = draw_grid(fig, sequence, codebook, GridOptions())
    FigureCanvasAgg(fig).draw()
    assert handle.region_of([]) is None
    box = handle.region_of([3])
    assert box is not None
    assert all(float(v).is_integer() for v in (box.x0, box.y0, box.x1, box.y1))
    x, y = handle.layout.square_centres[3] * DPI
    y = fig.bbox.height - y  # display pixels grow upwards
    assert box.x0 < x < box.x1 and box.y0 < y < box.y1
    pitch = handle.pitch_in * DPI
    assert box.width < 2 * pitch and box.height < 2 * pitch
    both = handle.region_of([0, len(ACTIVITIES) - 1])
    assert both is not None and both.width > box.width and both.height > box.height


@pytest.mark.parametrize("show_numbers", [False, True])
def test_drawing_a_region_equals_a_full_draw(sequence, codebook, show_numbers):
    fig = Figure(dpi=DPI)
    handle = draw_grid(fig, sequence, codebook, GridOptions(show_numbers=show_numbers))
    handle.set_current(4)

    def update() -> list[int]:
        handle.set_activities({5: "planning", 12: "meaning"})
        handle.set_current(12)
        return [4, 5, 12]

    _partial_equals_full(fig, handle, update)


@pytest.mark.parametrize("palette", ["codebook", "colorblind"])
@pytest.mark.parametrize("rounded", [0.0, 0.3])
def test_a_region_of_many_classes_equals_a_full_draw(sequence, codebook, palette, rounded):
    """Squares of every class around the update, with and without hatching and edges:
    the classes' stand-ins share one collection where they can and still paint alike."""
    fig = Figure(dpi=DPI)
    options = GridOptions(columns=4, palette=palette, rounded=rounded, gap=0.05)
    handle = draw_grid(fig, sequence, codebook, options)
    handle.set_current(5)

    def update() -> list[int]:
        handle.set_activities({5: None, 6: "planning", 9: "meaning"})
        handle.set_current(9)
        return [5, 6, 9]

    _partial_equals_full(fig, handle, update)


def test_hatched_grids_ask_for_a_full_redraw(sequence, codebook):
    """Agg anchors hatches to the path it fills, so a partial redraw of hatched squares
    would be out of phase: the handle says so and the window redraws everything."""
    plain = draw_grid(Figure(dpi=DPI), sequence, codebook, GridOptions(palette="codebook"))
    hatched = draw_grid(Figure(dpi=DPI), sequence, codebook, GridOptions(palette="grey"))
    assert plain.partial_redraw_exact
    assert not hatched.partial_redraw_exact


def test_drawing_a_region_under_time_weighting(sequence, codebook):
    fig = Figure(dpi=DPI)
    handle = draw_grid(fig, sequence, codebook, GridOptions(weight="time:4"))
    assert len(handle.units_of(2)) > 1  # a segment shows as several squares

    def update() -> list[int]:
        handle.set_activity(2, None)
        handle.set_current(2)
        return [2]

    _partial_equals_full(fig, handle, update)


def test_current_outline_colour(codebook):
    seq = CodedSequence.from_activities("t", ["locating"] * 12)
    fig = Figure(dpi=DPI)
    handle = draw_grid(fig, seq, codebook, GridOptions(columns=4, square_mm=8, key=False))
    assert handle.current_outline_color == "#000000"
    handle.set_current(5)
    handle.current_outline_color = "red"
    assert handle.current_outline_color == "#ff0000"
    _, img = _drawn(fig)
    red = (img[:, :, 0] > 200) & (img[:, :, 1] < 60) & (img[:, :, 2] < 60)
    ys, xs = np.nonzero(red)
    assert len(xs) > 20
    cx, cy = handle.layout.square_centres[5] * DPI
    pitch = handle.pitch_in * DPI
    assert abs(xs.mean() - cx) < pitch / 4 and abs(ys.mean() - cy) < pitch / 4
