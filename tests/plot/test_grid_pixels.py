"""Square colours checked in the rendered image, in reading order, and the key the same way."""

from __future__ import annotations

import pytest
from figtools import ACTIVITIES, pixel, render_png, rgb
from matplotlib.figure import Figure

from fpmcoder.plot import GridOptions, draw_grid, palette_for

DPI = 100


OKABE_ITO = ["#E69F00", "#56B4E9", "#009E73", "#F0E442"]


def expected(codebook, palette: str, activity: str | None) -> str:
    """The colour a square must have, from the codebook itself (not from the code under test)."""
    if activity is None:
        return palette_for(codebook, palette).uncoded.face
    if palette == "codebook":
        return codebook.activity(activity).color
    return OKABE_ITO[codebook.activity_ids.index(activity)]


def close(a: tuple[int, int, int], b: tuple[int, int, int], tol: int = 2) -> bool:
    return all(abs(x - y) <= tol for x, y in zip(a, b, strict=True))


@pytest.mark.parametrize("palette", ["codebook", "colorblind"])
@pytest.mark.parametrize("columns", [None, 7])
def test_each_square_has_its_segments_colour(sequence, codebook, palette, columns):
    fig = Figure()
    handle = draw_grid(fig, sequence, codebook, GridOptions(palette=palette, columns=columns))
    img = render_png(fig, DPI)
    layout = handle.layout
    w, h = layout.figure_size
    assert abs(img.shape[0] - h * DPI) <= 1 and abs(img.shape[1] - w * DPI) <= 1
    assert len(layout.square_centres) == len(ACTIVITIES)
    for i, (centre, activity) in enumerate(zip(layout.square_centres, ACTIVITIES, strict=True)):
        want = rgb(expected(codebook, palette, activity))
        got = pixel(img, centre, DPI)
        assert close(got, want), f"square {i + 1}: {got} is not {activity}'s {want}"
    # reading order: left to right, then the next row down
    xs, ys = layout.square_centres[:, 0], layout.square_centres[:, 1]
    cols = layout.columns
    assert (xs[1:cols] > xs[: cols - 1]).all()
    assert ys[cols] > ys[0] and abs(xs[cols] - xs[0]) < 1e-9


def test_uncoded_grey_is_distinct_and_keyed(sequence, codebook):
    fig = Figure()
    handle = draw_grid(fig, sequence, codebook, GridOptions())
    pal = palette_for(codebook)
    grey = rgb(pal.uncoded.face)
    assert grey[0] == grey[1] == grey[2], "not coded must be a neutral grey"
    for a in codebook.activities:
        assert max(abs(x - y) for x, y in zip(rgb(a.color), grey, strict=True)) > 40
    img = render_png(fig, DPI)
    uncoded = [i for i, a in enumerate(ACTIVITIES) if a is None]
    for i in uncoded:
        assert close(pixel(img, handle.layout.square_centres[i], DPI), grey)
    labels = handle.layout.key_labels
    assert labels[: len(codebook.activities)] == tuple(a.name for a in codebook.activities)
    assert "not coded" in labels


def test_key_swatches_have_the_activity_colours(sequence, codebook):
    fig = Figure()
    handle = draw_grid(fig, sequence, codebook, GridOptions(mark_dilemmas=True))
    img = render_png(fig, DPI)
    layout = handle.layout
    wanted = [*codebook.activity_ids, None]
    for k, activity in enumerate(wanted):
        got = pixel(img, layout.key_centres[k], DPI)
        assert close(got, rgb(expected(codebook, "codebook", activity))), layout.key_labels[k]
    assert layout.key_labels[-1] == "carries a dilemma"
    # key below the grid or beside it, never over a square
    gx, gy, gw, gh = layout.grid_box
    for x, y in layout.key_centres:
        assert not (gx <= x <= gx + gw and gy <= y <= gy + gh)


def test_no_key_and_no_uncoded_entry_when_all_coded(codebook):
    from fpmcoder.core.sequence import CodedSequence

    seq = CodedSequence.from_activities("t", ["locating", "meaning"] * 5)
    fig = Figure()
    h = draw_grid(fig, seq, codebook, GridOptions())
    assert "not coded" not in h.layout.key_labels
    h = draw_grid(fig, seq, codebook, GridOptions(key=False))
    assert h.layout.key_labels == ()


def test_numbers_take_a_readable_colour(sequence, codebook):
    fig = Figure()
    handle = draw_grid(fig, sequence, codebook, GridOptions(show_numbers=True))
    assert len(handle.numbers) == len(ACTIVITIES)
    texts = sorted(int(t.get_text()) for t in handle.numbers.values())
    assert texts == list(range(1, len(ACTIVITIES) + 1))
