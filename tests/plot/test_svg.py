"""SVG output: squares are vector shapes, and colour areas follow the segment counts."""

from __future__ import annotations

from collections import Counter

import pytest
from figtools import ACTIVITIES, SVG_NS, area, fill_of, groups, path_points, paths_in, svg_root
from matplotlib.figure import Figure

from fpmcoder.plot import GridOptions, draw_grid, palette_for


@pytest.mark.parametrize("rounded", [0.0, 0.25])
def test_squares_are_vector_paths_with_area_per_colour(sequence, codebook, rounded):
    fig = Figure()
    draw_grid(fig, sequence, codebook, GridOptions(rounded=rounded))
    root = svg_root(fig)
    assert not list(root.iter(f"{SVG_NS}image")), "no raster image in the SVG"
    pal = palette_for(codebook)
    counts = Counter(ACTIVITIES)
    areas: dict[str | None, float] = {}
    for cls in pal.classes:
        (group,) = groups(root, f"grid-squares-{cls or 'not-coded'}")
        paths = paths_in(group)
        want = codebook.activity(cls).color if cls else pal.uncoded.face
        assert all(fill_of(p) == want for p in paths)
        squares = [poly for p in paths for poly in path_points(p.get("d"))]
        assert len(squares) == counts.get(cls, 0), cls
        # each square a closed shape with equal sides
        for poly in squares:
            xs, ys = [x for x, _ in poly], [y for _, y in poly]
            assert max(xs) - min(xs) == pytest.approx(max(ys) - min(ys), rel=1e-3)
        areas[cls] = sum(area(poly) for poly in squares)
    one = areas["locating"] / counts["locating"]
    assert one > 0
    for cls in pal.classes:
        assert areas[cls] == pytest.approx(one * counts.get(cls, 0), rel=1e-3)


def test_text_is_converted_to_paths_by_default(sequence, codebook):
    fig = Figure()
    draw_grid(fig, sequence, codebook, GridOptions())
    root = svg_root(fig)
    assert not list(root.iter(f"{SVG_NS}text"))


def test_grey_palette_hatches_every_activity_but_one(sequence, codebook):
    fig = Figure()
    draw_grid(fig, sequence, codebook, GridOptions(palette="grey"))
    root = svg_root(fig)
    hatched = {
        cls
        for cls in codebook.activity_ids
        for g in groups(root, f"grid-squares-{cls}")
        for p in paths_in(g)
        if "url(#h" in p.get("style", "")
    }
    assert hatched == set(codebook.activity_ids[1:])


def test_a_big_grid_is_a_handful_of_groups(codebook):
    from fpmcoder.core.sequence import CodedSequence

    seq = CodedSequence.from_activities("big", [codebook.activity_ids[i % 4] for i in range(3000)])
    fig = Figure()
    draw_grid(fig, seq, codebook, GridOptions())
    artists = [c for ax in fig.axes for c in ax.get_children()]
    assert len(artists) < 60
