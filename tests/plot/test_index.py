"""Sequence index plot: cell colours, row order by cluster and medoid, determinism."""

from __future__ import annotations

import numpy as np
from figtools import render_png, rgb
from matplotlib.figure import Figure

from fpmcoder.analysis.typology import typology
from fpmcoder.core.sequence import CodedSequence
from fpmcoder.io.codebook_yaml import default_codebook
from fpmcoder.plot.export import render_bytes
from fpmcoder.plot.index import draw_index_plot, sequence_colours
from fpmcoder.plot.palette import palette_for

CB = default_codebook()
L, M, A, P = CB.activity_ids


def seqs():
    texts = {
        "a1": [L] * 6 + [M] * 4,
        "a2": [L] * 5 + [M] * 5,
        "a3": [L] * 7 + [M] * 3,
        "b1": [A, P] * 5,
        "b2": [P, A] * 5,
        "b3": [A, P] * 4 + [None, A],
    }
    return [CodedSequence.from_activities(k, v) for k, v in texts.items()]


def test_cells_take_the_activity_colours_and_white_after_the_end():
    pal = palette_for(CB)
    short = CodedSequence.from_activities("s", [L, None])
    cells = sequence_colours([short], pal, 3)
    assert tuple(np.round(cells[0, 0] * 255)) == rgb(pal.swatch(L).face)
    assert tuple(np.round(cells[0, 1] * 255)) == rgb(pal.uncoded.face)
    assert tuple(cells[0, 2]) == (1.0, 1.0, 1.0)


def test_rows_follow_the_typology_and_the_medoid_comes_first():
    s = seqs()
    t = typology(s, CB, clusters=2)
    fig = Figure()
    order = draw_index_plot(fig, s, CB, t)
    assert order == t.order
    names = [s[i].transcript for i in order]
    # two clusters of three: a tie in size goes to the cluster of the earlier case
    assert set(names[:3]) == {"a1", "a2", "a3"} and set(names[3:]) == {"b1", "b2", "b3"}
    assert names[0] == t.clusters.loc[t.clusters.is_medoid, "sequence"].iloc[0]
    img = render_png(fig, dpi=100)
    face = rgb(palette_for(CB).swatch(A).face)
    assert (np.abs(img.astype(int) - face).sum(axis=2) < 10).any()  # live action is drawn
    assert render_bytes(fig, "svg") == render_bytes(fig, "svg")


def test_without_a_typology_one_panel_in_the_given_order():
    s = seqs()
    assert draw_index_plot(Figure(), s, CB) == list(range(len(s)))


def test_chronogram_panels_and_bar_heights():
    from fpmcoder.analysis.chronogram import chronogram_table
    from fpmcoder.plot.chronogram import draw_chronogram

    s = [
        CodedSequence.from_activities("a", [L, L, M, M], setting="x"),
        CodedSequence.from_activities("b", [A, P], setting="y"),
    ]
    table = chronogram_table(s, CB, bins=2, by="setting")
    fig = Figure()
    axes = draw_chronogram(fig, table, CB)
    assert [ax.get_title() for ax in axes] == ["x (n = 1)", "y (n = 1)"]
    # x: bin 1 all locating, so its first bar (locating, bottom) reaches the top
    first = axes[0].patches[0]
    assert first.get_height() == 1.0 and first.get_x() == 0.0 and first.get_width() == 50.0
    assert render_bytes(fig, "svg") == render_bytes(fig, "svg")


def test_time_axis_cells_follow_the_clock():
    from fpmcoder.core.sequence import SegmentInfo
    from fpmcoder.plot.index import time_colours

    pal = palette_for(CB)
    s = CodedSequence(
        "t",
        None,
        (
            SegmentInfo(1, L, start_time=0, end_time=30),
            SegmentInfo(2, M, start_time=60, end_time=90),
        ),
    )
    cells = time_colours([s], pal, 4, 120.0)  # columns at 15, 45, 75, 105 s
    assert tuple(np.round(cells[0, 0] * 255)) == rgb(pal.swatch(L).face)
    assert tuple(cells[0, 1]) == (1.0, 1.0, 1.0)  # a gap between segments
    assert tuple(np.round(cells[0, 2] * 255)) == rgb(pal.swatch(M).face)
    assert tuple(cells[0, 3]) == (1.0, 1.0, 1.0)
    fig = Figure()
    draw_index_plot(fig, [s, s], CB, axis="time")
    assert fig.axes[-1].get_xlabel() == "time (minutes)"
    assert fig.axes[-1].get_xlim() == (0.0, 1.5)
    import pytest

    from fpmcoder.plot.options import FigureOptionError

    with pytest.raises(FigureOptionError, match="no start or end time"):
        draw_index_plot(Figure(), seqs(), CB, axis="time")
