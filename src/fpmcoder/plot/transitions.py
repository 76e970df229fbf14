"""Transition heatmap: probability of each next activity (rows: from, columns: to), with counts.

Drawn from the tidy table of :func:`fpmcoder.analysis.transition_table` for one group
(a transcript, a setting, a case, or the pooled ``all``). Each cell shows the row
probability and, in brackets, the count it comes from; rows without any transition are
blank.

:func:`draw_matrix` (a labelled heatmap with a number in each cell) is shared with
:mod:`fpmcoder.plot.confusion`.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.colors import to_hex
from matplotlib.figure import Figure

from fpmcoder.core.codebook import Codebook
from fpmcoder.plot._transition_group import choose_group
from fpmcoder.plot.palette import Palette, contrast_text, palette_for

__all__ = ["draw_matrix", "draw_transition_heatmap"]


def draw_matrix(
    fig: Figure,
    values: npt.NDArray[np.float64],
    cell_text: Sequence[Sequence[str]],
    labels: Sequence[str],
    ids: Sequence[str | None],
    palette: Palette,
    *,
    xlabel: str,
    ylabel: str,
    title: str,
    colorbar_label: str,
    vmax: float,
    cmap: str = "Blues",
) -> Axes:
    """Draw ``values`` (NaN shown blank) with ``cell_text`` in each cell; returns the axes.

    Row and column labels get a small swatch of the activity colour beside them, so the
    figure reads with the same key as the grids.
    """
    n = len(labels)
    size = max(3.0, 1.2 + 0.8 * n)
    fig.set_size_inches(size + 2.2, size + 1.2)
    fig.set_layout_engine("constrained")
    ax = fig.add_subplot()
    labels = [textwrap.fill(label, 18) for label in labels]
    masked = np.ma.masked_invalid(values)
    image = ax.imshow(masked, cmap=cmap, vmin=0.0, vmax=vmax, aspect="equal")
    cmap_obj = image.get_cmap()
    for i in range(n):
        for j in range(n):
            v = values[i, j]
            face = "#FFFFFF"
            if not np.isnan(v):
                r, g, b, _ = (float(x) for x in cmap_obj(min(max(float(v) / vmax, 0.0), 1.0)))
                face = to_hex((r, g, b))
            ax.text(
                j,
                i,
                cell_text[i][j],
                ha="center",
                va="center",
                fontsize=9,
                color=contrast_text(face),
            )
    ax.set_xticks(range(n), labels, rotation=30, ha="right", rotation_mode="anchor", fontsize=8)
    ax.set_yticks(range(n), labels, fontsize=8)
    for tick, code in zip(ax.get_xticklabels(), ids, strict=True):
        tick.set_bbox(
            {"facecolor": palette.swatch(code).face, "alpha": 0.35, "pad": 1.5, "edgecolor": "none"}
        )
    for tick, code in zip(ax.get_yticklabels(), ids, strict=True):
        tick.set_bbox(
            {"facecolor": palette.swatch(code).face, "alpha": 0.35, "pad": 1.5, "edgecolor": "none"}
        )
    ax.set_xlabel(xlabel, fontsize=9)
    ax.set_ylabel(ylabel, fontsize=9)
    ax.set_title(title, fontsize=10)
    ax.set_xticks(np.arange(-0.5, n, 1.0), minor=True)
    ax.set_yticks(np.arange(-0.5, n, 1.0), minor=True)
    ax.grid(which="minor", color="#FFFFFF", linewidth=1.0)
    ax.tick_params(which="minor", length=0)
    bar = fig.colorbar(image, ax=ax, shrink=0.8)
    bar.set_label(colorbar_label, fontsize=8)
    bar.ax.tick_params(labelsize=7)
    return ax


def draw_transition_heatmap(
    fig: Figure,
    table: pd.DataFrame,
    codebook: Codebook,
    *,
    group: str | None = None,
    palette: str = "codebook",
    title: str | None = None,
) -> Axes:
    """Draw the transitions of ``group`` (default: the pooled ``all`` group, else the first).

    Returns the heatmap's axes.
    """
    group, sub = choose_group(table, group)
    ids = list(codebook.activity_ids)
    counts = sub.pivot(index="from", columns="to", values="count").reindex(index=ids, columns=ids)
    c = counts.to_numpy(dtype=np.float64)
    rows = c.sum(axis=1, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        prob = np.where(rows > 0, c / rows, np.nan)
    text = [
        [
            "" if np.isnan(prob[i, j]) else f"{prob[i, j]:.2f}\n({int(c[i, j])})"
            for j in range(len(ids))
        ]
        for i in range(len(ids))
    ]
    pal = palette_for(codebook, palette)
    labels = [a.name for a in codebook.activities]
    level = table.attrs.get("level", "segment")
    what = "segment to segment" if level == "segment" else "between runs"
    return draw_matrix(
        fig,
        prob,
        text,
        labels,
        ids,
        pal,
        xlabel="to (next activity)",
        ylabel="from",
        title=title or f"Transitions ({what}): {group}, n = {int(c.sum())}",
        colorbar_label="probability of next activity",
        vmax=1.0,
    )
