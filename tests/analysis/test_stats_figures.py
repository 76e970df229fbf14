"""The transition heatmap and the confusion matrix draw on a Figure and export."""

from __future__ import annotations

import pytest
from _seqhelp import codebook, seq
from matplotlib.figure import Figure

from fpmcoder.analysis import agreement, transition_table
from fpmcoder.plot.confusion import draw_confusion
from fpmcoder.plot.options import FigureOptionError
from fpmcoder.plot.transitions import draw_transition_heatmap

CB = codebook()


def texts(ax):
    return [t.get_text() for t in ax.texts]


def test_transition_heatmap_shows_probabilities_and_counts(tmp_path):
    table = transition_table([seq("LLMLM", "a"), seq("MMP", "b")], CB)
    fig = Figure()
    ax = draw_transition_heatmap(fig, table, CB)
    cells = texts(ax)
    # pooled: from locating: L->L 1, L->M 2 -> probabilities 1/3 and 2/3
    assert "0.33\n(1)" in cells and "0.67\n(2)" in cells
    assert "all" in ax.get_title()
    # a row without transitions is blank
    assert cells.count("") == 4 * 2  # live action and planning rows
    fig.savefig(tmp_path / "t.svg")
    assert (tmp_path / "t.svg").stat().st_size > 1000
    with pytest.raises(FigureOptionError, match="no group"):
        draw_transition_heatmap(Figure(), table, CB, group="nowhere")


def test_confusion_matrix(tmp_path):
    r = agreement([seq("LLMM-", coder="x"), seq("LMMMA", coder="y")], CB)
    fig = Figure()
    ax = draw_confusion(fig, r.confusion, CB)
    assert "x vs y" in ax.get_title()
    assert "75% agreement on 4 segments" in ax.get_title()
    assert len(texts(ax)) == 25
    assert [t.get_text() for t in ax.get_yticklabels()][-1] == "not coded"
    fig.savefig(tmp_path / "c.png")
    with pytest.raises(FigureOptionError):
        draw_confusion(Figure(), r.confusion, CB, coders=("x", "z"))
