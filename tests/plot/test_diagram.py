"""Transition diagram: one arrow per observed change, significance filter, node areas."""

from __future__ import annotations

import math

from matplotlib.figure import Figure
from matplotlib.patches import Circle, FancyArrowPatch

from fpmcoder.analysis import transition_table
from fpmcoder.core.sequence import CodedSequence
from fpmcoder.io.codebook_yaml import default_codebook
from fpmcoder.plot.diagram import draw_transition_diagram
from fpmcoder.plot.export import render_bytes

CB = default_codebook()
L, M, A, P = CB.activity_ids


def table(level="segment"):
    s = CodedSequence.from_activities("t", [L, L, M, L, M, L, M, A, A, P, L, M] * 3)
    return transition_table([s], CB, by="all", level=level)


def arrows(fig):
    return [p for p in fig.axes[0].patches if isinstance(p, FancyArrowPatch)]


def test_one_arrow_per_observed_change():
    t = table()
    fig = Figure()
    draw_transition_diagram(fig, t, CB)
    changes = t[(t["from"] != t.to) & (t["count"] > 0)]
    assert len(arrows(fig)) == len(changes)
    assert render_bytes(fig, "svg") == render_bytes(fig, "svg")


def test_significant_keeps_only_large_residuals():
    t = table("run")
    fig = Figure()
    draw_transition_diagram(fig, t, CB, value="residual", significant=True)
    big = t[(t["from"] != t.to) & (t.adjusted_residual.abs() >= 1.959964)]
    assert len(arrows(fig)) == len(big)
    assert "Only transitions with |z| ≥ 1.96" in " ".join(x.get_text() for x in fig.texts)


def test_node_area_follows_the_share():
    fig = Figure()
    draw_transition_diagram(fig, table(), CB, shares={L: 0.4, M: 0.1, A: 0.4, P: 0.1})
    r = {round(c.get_radius(), 6) for c in fig.axes[0].patches if isinstance(c, Circle)}
    small, large = sorted(r)
    assert (small - 0.07) / (large - 0.07) == __import__("pytest").approx(math.sqrt(0.1 / 0.4))


def test_both_transition_figures_choose_the_same_group():
    """The heatmap and the diagram share the choice: ``all`` first, else the first group;
    an unknown group or an empty table is a FigureOptionError on the group field."""
    import pytest

    from fpmcoder.plot.options import FigureOptionError
    from fpmcoder.plot.transitions import draw_transition_heatmap

    a = CodedSequence.from_activities("a", [L, M, L, M, A])
    b = CodedSequence.from_activities("b", [M, A, P, A])
    pooled = transition_table([a, b], CB)
    alone = transition_table([a, b], CB, pooled=False)
    for draw in (draw_transition_heatmap, draw_transition_diagram):
        for t, group, expected in [(pooled, None, "all"), (alone, None, "a"), (alone, "b", "b")]:
            fig = Figure()
            draw(fig, t, CB, group=group)
            texts = [x.get_text() for x in fig.texts] + [ax.get_title() for ax in fig.axes]
            assert any(f"): {expected}, n = " in x for x in texts), (draw, expected, texts)
        with pytest.raises(FigureOptionError, match=r"no group 'nowhere'.*groups: a, b") as info:
            draw(Figure(), alone, CB, group="nowhere")
        assert info.value.field == "group"
        with pytest.raises(FigureOptionError, match="no transitions to draw"):
            draw(Figure(), pooled.iloc[0:0], CB)
