"""Comparison panels: one square size for all, one key, titles, summaries; agreement figure."""

from __future__ import annotations

import pytest
from figtools import groups, path_points, paths_in, pixel, render_png, rgb, svg_root
from matplotlib.figure import Figure

from fpmcoder.core.sequence import CodedSequence
from fpmcoder.errors import InputError
from fpmcoder.plot import CompareOptions, GridOptions, draw_agreement, draw_comparison, palette_for
from fpmcoder.plot.summary import shares, switches

A, M, L, P = "locating", "meaning", "live_action", "planning"


def _three() -> list[CodedSequence]:
    return [
        CodedSequence.from_activities(
            "Day stay", [A] * 20 + [M] * 15 + [L] * 20 + [P] * 5, coder="alex", setting="day stay"
        ),
        CodedSequence.from_activities(
            "Home visit", [A, M, L, P, None] * 40, coder="alex", setting="home visit"
        ),
        CodedSequence.from_activities("Short", [M, L] * 6, coder="sam"),
    ]


def _sides(root, prefix: str) -> list[float]:
    out = []
    for g in groups(root, prefix):
        for p in paths_in(g):
            for poly in path_points(p.get("d")):
                xs = [x for x, _ in poly]
                out.append(max(xs) - min(xs))
    return out


@pytest.mark.parametrize(
    "options",
    [
        CompareOptions(),
        CompareOptions(layout="rows", summary=True),
        CompareOptions(size="170x120mm", summary=True, title="Three cases"),
        CompareOptions(panels_per_row=2, palette="grey"),
    ],
)
def test_panels_share_one_square_size_measured_in_the_svg(codebook, options):
    seqs = _three()
    fig = Figure()
    handle = draw_comparison(fig, seqs, codebook, options)
    root = svg_root(fig)
    sides = {k: _sides(root, f"panel{k + 1}-squares-") for k in range(3)}
    for k, seq in enumerate(seqs):
        assert len(sides[k]) == len(seq)
    every = [s for v in sides.values() for s in v]
    assert max(every) - min(every) < 1e-3 * max(every)
    assert len({round(b[2], 9) for b in handle.layout.panel_boxes}) == 1  # equal widths
    # one key for all, naming each activity once
    labels = handle.layout.key_labels
    assert labels.count("Locating and orienting change") == 1
    assert "not coded" in labels


def test_panel_titles_and_positions(codebook):
    seqs = _three()
    fig = Figure()
    handle = draw_comparison(fig, seqs, codebook, CompareOptions(summary=True))
    texts = [t.get_text() for t in fig.texts]
    assert "Day stay" in texts and "Home visit" in texts and "Short" in texts
    assert any("day stay · 60 segments · coder: alex" in t for t in texts)
    assert any("3 switches" in t for t in texts)  # day stay: A->M->L->P
    boxes = handle.layout.panel_boxes
    assert boxes[0][0] < boxes[1][0] < boxes[2][0]  # side by side
    assert boxes[0][1] == pytest.approx(boxes[1][1])  # grids aligned at the top
    rows = draw_comparison(fig, seqs, codebook, CompareOptions(layout="rows")).layout.panel_boxes
    assert rows[0][1] < rows[1][1] < rows[2][1] and rows[0][0] == rows[2][0]


def test_summary_bar_shows_the_shares(codebook):
    seq = CodedSequence.from_activities("t", [A] * 30 + [P] * 10)
    fig = Figure()
    handle = draw_comparison(fig, [seq], codebook, CompareOptions(summary=True, columns=10))
    img = render_png(fig, 100)
    left, top, width, height = handle.layout.panel_boxes[0]
    y = top + height + 8 * (0.5 + 0.375) / 72  # middle of the bar (font 8 pt)
    pal = palette_for(codebook)
    assert pixel(img, (left + width * 0.3, y), 100) == rgb(pal.swatch(A).face)
    assert pixel(img, (left + width * 0.9, y), 100) == rgb(pal.swatch(P).face)


def test_shares_and_switches():
    assert switches([A, A, None, M, M, A, None, A]) == 2
    assert switches([None, None]) == 0
    assert shares([A, A, None, M], [A, M, None]) == [0.5, 0.25, 0.25]


def test_two_coders_one_above_the_other_with_disagreements(codebook):
    one = CodedSequence.from_activities("Home visit", [A, A, M, M, L, L, P, P, A, M], coder="alex")
    two = CodedSequence.from_activities(
        "Home visit", [A, M, M, M, L, None, P, P, A, L], coder="sam"
    )
    fig = Figure()
    h = draw_agreement(fig, one, two, codebook, GridOptions(columns=5))
    assert h.disagreements == [1, 5, 9]
    assert len(h.marks.get_paths()[0].vertices) == 3 * 5
    # coder 2's square sits right under coder 1's for the same segment
    c1, c2 = h.first.square_centres(), h.second.square_centres()
    assert (c1[:, 0] == c2[:, 0]).all() and (c2[:, 1] > c1[:, 1]).all()
    assert (c2[:5, 1] < c1[5:, 1]).all()  # before the next line
    img = render_png(fig, 100)
    pal = palette_for(codebook)
    for i in range(10):
        assert pixel(img, c2[i], 100) == rgb(pal.swatch(two.activities[i]).face)
    # the mark between squares 2 (upper) and 2 (lower) is dark
    mid = (c1[1] + c2[1]) / 2
    assert max(pixel(img, mid, 100)) < 60
    assert "coders disagree" in h.layout.key_labels
    assert any("agree on 7 of 10 (70%)" in t.get_text() for t in fig.texts)
    h.set_activity(1, 9, "meaning")
    assert h.disagreements == [1, 5]
    with pytest.raises(InputError, match="same segments"):
        draw_agreement(fig, one, CodedSequence.from_activities("x", [A]), codebook)
