"""Sequence index plot: every transcript as one row of coloured cells, grouped by cluster.

TraMineR's ``seqIplot`` grouped as WeightedCluster draws typologies: one panel per cluster
(height in proportion to its size), rows ordered by distance to the cluster's medoid (the
medoid, marked with a triangle, on top), one cell per segment read left to right (or, with
``axis="time"``, time in minutes), a key below. The cells are one image per panel, so a
thousand transcripts draw in a moment and export the same bytes every time.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from fpmcoder.analysis.typology import Typology
from fpmcoder.core.codebook import Codebook
from fpmcoder.core.sequence import CodedSequence
from fpmcoder.plot.options import FigureOptionError
from fpmcoder.plot.palette import UNCODED_LABEL, Palette, hex_to_rgb, palette_for

__all__ = ["draw_index_plot", "legend_handles", "sequence_colours", "time_colours"]

_BACKGROUND = (1.0, 1.0, 1.0)
_MAX_LABELLED_ROWS = 60
_MM = 1 / 25.4


# the grey palette's "not coded" is white, which would read as "after the end" in cells
_GREY_UNCODED_CELL = "#F2F2F2"


def _cell_face(palette: Palette, activity: str | None) -> str:
    if activity is None and palette.name == "grey":
        return _GREY_UNCODED_CELL
    return palette.swatch(activity).face


def legend_handles(
    palette: Palette, codebook: Codebook, *, uncoded: bool = True, hatches: bool = True
) -> list[Patch]:
    """One key entry per activity (legend order), then "not coded".

    ``hatches=False`` for figures whose cells are plain colour (the index plot).
    """
    out = [
        Patch(
            facecolor=palette.swatch(a.id).face,
            edgecolor=palette.swatch(a.id).edge or "none",
            hatch=(palette.swatch(a.id).hatch or None) if hatches else None,
            label=a.name,
        )
        for a in codebook.activities
    ]
    if uncoded:
        face = palette.uncoded.face if hatches else _cell_face(palette, None)
        out.append(Patch(facecolor=face, edgecolor="#808080", label=UNCODED_LABEL))
    return out


def sequence_colours(
    sequences: Sequence[CodedSequence], palette: Palette, width: int
) -> npt.NDArray[np.float64]:
    """``(rows, width, 3)`` RGB cells; past a sequence's end the background (white)."""
    lookup = {a: hex_to_rgb(_cell_face(palette, a)) for a in (*palette.activities, None)}
    out = np.empty((len(sequences), width, 3))
    out[:] = _BACKGROUND
    for r, s in enumerate(sequences):
        cells = [lookup[g.activity] for g in s.segments[:width]]
        if cells:
            out[r, : len(cells)] = cells
    return out


def time_colours(
    sequences: Sequence[CodedSequence], palette: Palette, columns: int, end: float
) -> npt.NDArray[np.float64]:
    """``(rows, columns, 3)`` RGB over time ``0..end``: each column takes the activity of the
    segment its middle falls in (white outside every segment)."""
    lookup = {a: hex_to_rgb(_cell_face(palette, a)) for a in (*palette.activities, None)}
    mids = (np.arange(columns) + 0.5) * end / columns
    out = np.empty((len(sequences), columns, 3))
    out[:] = _BACKGROUND
    for r, s in enumerate(sequences):
        if not len(s):
            continue
        starts = np.array([float(g.start_time or 0.0) for g in s.segments])
        ends = np.array([float(g.end_time or 0.0) for g in s.segments])
        colours = np.array([lookup[g.activity] for g in s.segments])
        idx = np.searchsorted(starts, mids, side="right") - 1
        inside = (idx >= 0) & (mids < ends[np.maximum(idx, 0)])
        out[r, inside] = colours[idx[inside]]
    return out


def draw_index_plot(
    fig: Figure,
    sequences: Sequence[CodedSequence],
    codebook: Codebook,
    typology: Typology | None = None,
    *,
    palette: str = "codebook",
    title: str | None = None,
    width_mm: float = 170.0,
    axis: str = "segments",
) -> list[int]:
    """Draw the index plot; returns the sequences' indices in drawing order (top to bottom).

    Without ``typology`` the transcripts form one panel in the order given. ``axis="time"``
    puts time (minutes from 0) on the x axis instead of segment numbers: every segment
    must then have a start and an end time.
    """
    n = len(sequences)
    if n == 0:
        raise FigureOptionError("no transcripts to draw")
    if axis not in ("segments", "time"):
        raise FigureOptionError(f"axis must be segments or time, not {axis!r}", field="axis")
    if axis == "time":
        for s in sequences:
            if any(g.start_time is None or g.end_time is None for g in s.segments):
                raise FigureOptionError(
                    f"{s.transcript}: some segments have no start or end time; draw the "
                    "index plot by segments",
                    field="axis",
                )
    pal = palette_for(codebook, palette)
    if typology is not None:
        if len(typology.clusters) != n:
            raise FigureOptionError("the typology was computed on other transcripts")
        labels = typology.clusters["cluster"].to_numpy()
        order = list(typology.order)
        medoid = typology.clusters["is_medoid"].to_numpy()
        groups = [[i for i in order if labels[i] == c] for c in range(1, typology.k + 1)]
    else:
        medoid = np.zeros(n, dtype=bool)
        groups = [list(range(n))]
    width = max(len(s) for s in sequences) or 1
    end_time = max((float(g.end_time or 0.0) for s in sequences for g in s.segments), default=0.0)
    if axis == "time":
        end_time = end_time or 1.0
    labelled = n <= _MAX_LABELLED_ROWS
    row_in = 0.16 if labelled else max(0.006, min(0.16, 5.5 / n))
    panel_gap_in = 0.28
    top_in = 0.45 if title != "" else 0.2
    bottom_in = 1.1
    height = top_in + bottom_in + row_in * n + panel_gap_in * (len(groups) - 1)
    fig.set_size_inches(width_mm * _MM, height)
    longest = max((len(s.transcript) for s in sequences), default=0)
    left_in = 0.25 + (min(longest, 28) * 0.055 if labelled else 0.35)
    right_in = 1.25 if typology is not None else 0.2
    fw = width_mm * _MM
    y = height - top_in
    axes = []
    for c, members in enumerate(groups, start=1):
        h = row_in * len(members)
        ax = fig.add_axes(
            (left_in / fw, (y - h) / height, (fw - left_in - right_in) / fw, h / height)
        )
        axes.append(ax)
        rows = [sequences[i] for i in members]
        if axis == "time":
            image = time_colours(rows, pal, 1200, end_time)
            lo, hi = 0.0, end_time / 60.0
        else:
            image = sequence_colours(rows, pal, width)
            lo, hi = 0.5, width + 0.5
        ax.imshow(
            image,
            aspect="auto",
            interpolation="nearest",
            extent=(lo, hi, len(members) - 0.5, -0.5),
        )
        ax.set_xlim(lo, hi)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        ax.tick_params(labelsize=7, length=2)
        if labelled:
            names = [sequences[i].transcript for i in members]
            ax.set_yticks(range(len(members)), [t[:28] for t in names], fontsize=7)
            for tick, i in zip(ax.get_yticklabels(), members, strict=True):
                if medoid[i]:
                    tick.set_fontweight("bold")
        else:
            ax.set_yticks([])
        for r, i in enumerate(members):
            if medoid[i]:
                ax.plot(
                    [hi + 0.015 * (hi - lo)],
                    [r],
                    marker="<",
                    markersize=5,
                    color="#000000",
                    clip_on=False,
                    linestyle="none",
                )
        if typology is not None:
            sil = float(typology.clusters["silhouette"].to_numpy()[members].mean())
            ax.text(
                1.0 + 0.25 / (fw - left_in - right_in),
                0.5,
                f"Cluster {c}\nn = {len(members)}\nASW {sil:.2f}",
                transform=ax.transAxes,
                ha="left",
                va="center",
                fontsize=7.5,
            )
        if c < len(groups):
            ax.set_xticklabels([])
        y -= h + panel_gap_in
    axes[-1].set_xlabel("segment" if axis == "segments" else "time (minutes)", fontsize=8)
    if title != "":
        heading = title or (
            f"{n} transcripts in {len(groups)} clusters ({typology.method})"
            if typology is not None
            else f"{n} transcripts"
        )
        fig.text(left_in / fw, 1 - 0.12 / height, heading, fontsize=9, va="top", ha="left")
        if typology is not None:
            fig.text(
                1 - 0.1 / fw,
                1 - 0.12 / height,
                "◀ medoid",
                fontsize=7,
                va="top",
                ha="right",
            )
    uncoded = any(g.activity is None for s in sequences for g in s.segments)
    fig.legend(
        handles=legend_handles(pal, codebook, uncoded=uncoded, hatches=False),
        loc="lower center",
        bbox_to_anchor=(0.5, 0.02 / height),
        ncol=min(3, len(codebook.activities) + int(uncoded)),
        fontsize=7.5,
        frameon=False,
        handlelength=1.2,
        handleheight=1.0,
        columnspacing=1.2,
    )
    return [i for g in groups for i in g]
