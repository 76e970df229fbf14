"""Chronogram: the share of each activity at each relative position, one panel per group.

Drawn from :func:`fpmcoder.analysis.chronogram.chronogram_table`: stacked bars (one per
bin, activities in the codebook's legend order from the bottom, "not coded" on top), the
x axis the position in the interaction from start (0%) to end (100%), the same key as the
grids. Groups (settings, cases) sit side by side, at most three to a row.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from fpmcoder.analysis.chronogram import UNCODED_BAND
from fpmcoder.core.codebook import Codebook
from fpmcoder.plot.index import legend_handles
from fpmcoder.plot.options import FigureOptionError
from fpmcoder.plot.palette import palette_for

__all__ = ["draw_chronogram"]

_MM = 1 / 25.4


def draw_chronogram(
    fig: Figure,
    table: pd.DataFrame,
    codebook: Codebook,
    *,
    palette: str = "codebook",
    title: str | None = None,
    width_mm: float = 170.0,
) -> list[Axes]:
    """Draw one panel per group of ``table``; returns the panels' axes."""
    groups = list(dict.fromkeys(table["group"]))
    if not groups:
        raise FigureOptionError("no transcripts to draw")
    pal = palette_for(codebook, palette)
    ids = [*codebook.activity_ids, UNCODED_BAND]
    uncoded = bool((table.loc[table["activity"] == UNCODED_BAND, "share"] > 0).any())
    shown = ids if uncoded else ids[:-1]
    per_row = min(3, len(groups))
    rows = -(-len(groups) // per_row)
    panel_h = 1.9 if per_row > 1 else 2.4
    height = 0.55 + rows * (panel_h + 0.45) + 0.75
    fig.set_size_inches(width_mm * _MM, height)
    grid = fig.add_gridspec(
        rows,
        per_row,
        left=0.09,
        right=0.98,
        top=1 - 0.55 / height,
        bottom=0.95 / height,
        hspace=0.45 / panel_h,
        wspace=0.12,
    )
    axes = []
    for n, group in enumerate(groups):
        ax = fig.add_subplot(grid[n // per_row, n % per_row])
        axes.append(ax)
        sub = table[table["group"] == group]
        wide = sub.pivot(index="bin", columns="activity", values="share").reindex(columns=ids)
        starts = sub.drop_duplicates("bin").set_index("bin")["start"].reindex(wide.index)
        ends = sub.drop_duplicates("bin").set_index("bin")["end"].reindex(wide.index)
        x = starts.to_numpy() * 100
        w = (ends - starts).to_numpy() * 100
        bottom = np.zeros(len(wide))
        for act in shown:
            values = wide[act].fillna(0.0).to_numpy()
            sw = pal.swatch(None if act == UNCODED_BAND else act)
            ax.bar(
                x,
                values,
                width=w,
                bottom=bottom,
                align="edge",
                color=sw.face,
                edgecolor=sw.edge or sw.face,
                hatch=sw.hatch or None,
                linewidth=0.3,
            )
            bottom += values
        ax.set_xlim(0, 100)
        ax.set_ylim(0, 1)
        ax.set_xticks([0, 25, 50, 75, 100])
        ax.set_yticks([0, 0.25, 0.5, 0.75, 1.0])
        ax.tick_params(labelsize=7, length=2)
        n_seq = int(sub["n_sequences"].iloc[0])
        name = "all transcripts" if group == "all" else group
        ax.set_title(f"{name} (n = {n_seq})", fontsize=8)
        if n % per_row:
            ax.set_yticklabels([])
        else:
            ax.set_ylabel("share of segments", fontsize=7.5)
        if n // per_row == rows - 1:
            ax.set_xlabel("position in the interaction (%)", fontsize=7.5)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
    if title != "":
        fig.text(
            0.09,
            1 - 0.12 / height,
            title or "Activities over the course of the interaction",
            fontsize=9,
            va="top",
        )
    fig.legend(
        handles=legend_handles(pal, codebook, uncoded=uncoded),
        loc="lower center",
        bbox_to_anchor=(0.5, 0.02 / height),
        ncol=min(3, len(shown)),
        fontsize=7.5,
        frameon=False,
        handlelength=1.2,
        handleheight=1.0,
        columnspacing=1.2,
    )
    return axes
