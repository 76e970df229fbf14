"""Transition diagram: activities as nodes, transitions as arrows.

Drawn from the tidy table of :func:`fpmcoder.analysis.transition_table` for one group.
Nodes sit on a circle in the codebook's legend order, each a disc in the activity's colour
whose *area* is the activity's share of segments. An arrow from ``g`` to ``t`` is either

* ``value="probability"``: grey, as wide as the transitional probability ``p(t|g)``,
  labelled with it; or
* ``value="residual"``: red for more often than chance (adjusted residual > 0), blue for
  less often, as wide as ``|z|`` (capped at 6), labelled with ``z``.

``significant=True`` keeps only the arrows whose adjusted residual reaches 1.96 in size (or,
when the table has permutation p-values, whose ``p_value`` is below 0.05), and says so in
the caption. Staying in an activity (the diagonal) is not an arrow: at segment level the
node says how often the next segment keeps the activity; at run level it cannot happen.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Circle, FancyArrowPatch

from fpmcoder.core.codebook import Codebook
from fpmcoder.plot._transition_group import choose_group
from fpmcoder.plot.options import FigureOptionError
from fpmcoder.plot.palette import palette_for

__all__ = ["draw_transition_diagram"]

_POSITIVE = "#B2182B"
_NEGATIVE = "#2166AC"
_NEUTRAL = "#4D4D4D"


def _shares_from_table(sub: pd.DataFrame, ids: list[str]) -> dict[str, float]:
    rows = sub.groupby("from")["count"].sum().reindex(ids).fillna(0)
    cols = sub.groupby("to")["count"].sum().reindex(ids).fillna(0)
    both = rows + cols
    total = float(both.sum())
    return {a: float(both[a]) / total if total else 0.0 for a in ids}


def draw_transition_diagram(
    fig: Figure,
    table: pd.DataFrame,
    codebook: Codebook,
    *,
    group: str | None = None,
    value: str = "probability",
    significant: bool = False,
    shares: Mapping[str, float] | None = None,
    palette: str = "codebook",
    title: str | None = None,
) -> Axes:
    """Draw the diagram of ``group`` (default: ``all`` if present, else the first group).

    ``shares`` (activity id -> share of segments) sizes the nodes; without it the shares
    of the pairs' ends in the table are used (and the nodes say "of pairs").
    """
    if value not in ("probability", "residual"):
        raise FigureOptionError(f"value must be probability or residual, not {value!r}")
    group, sub = choose_group(table, group)
    ids = list(codebook.activity_ids)
    names = {a.id: a.name for a in codebook.activities}
    k = len(ids)
    pal = palette_for(codebook, palette)
    share = dict(shares) if shares is not None else _shares_from_table(sub, ids)
    cell: dict[tuple[str, str], dict[str, Any]] = {
        (str(r["from"]), str(r["to"])): {str(key): v for key, v in r.items()}
        for r in sub.to_dict("records")
    }
    level = table.attrs.get("level", "segment")
    lag = int(table.attrs.get("lag", 1))

    fig.set_size_inches(5.6, 5.6)
    ax = fig.add_axes((0.02, 0.08, 0.96, 0.84))
    ax.set_xlim(-1.55, 1.55)
    ax.set_ylim(-1.5, 1.5)
    ax.set_aspect("equal")
    ax.axis("off")
    angles = [math.pi / 2 + math.pi / k - 2 * math.pi * i / k for i in range(k)]
    centre = {
        a: 0.85 * np.array([math.cos(t), math.sin(t)]) for a, t in zip(ids, angles, strict=True)
    }
    top = max(share.values(), default=0.0) or 1.0
    radius = {a: 0.07 + 0.2 * math.sqrt(max(share.get(a, 0.0), 0.0) / top) for a in ids}

    use_p = significant and "p_value" in sub.columns
    drawn = 0
    for g in ids:
        for t in ids:
            if g == t:
                continue
            row = cell[(g, t)]
            prob = float(row["probability"])
            z = float(row["adjusted_residual"])
            if not np.isfinite(prob) or (row["count"] == 0 and value == "probability"):
                continue
            if significant:
                p_ok = use_p and float(row["p_value"]) < 0.05
                z_ok = (not use_p) and np.isfinite(z) and abs(z) >= 1.959964
                if not (p_ok or z_ok):
                    continue
            if value == "probability":
                width = 0.4 + 7.0 * prob
                colour = _NEUTRAL
                label = f"{prob:.2f}"
            else:
                if not np.isfinite(z):
                    continue
                width = 0.4 + 1.1 * min(abs(z), 6.0)
                colour = _POSITIVE if z > 0 else _NEGATIVE
                label = f"{z:+.1f}"
            pa, pb = centre[g], centre[t]
            u = (pb - pa) / np.linalg.norm(pb - pa)
            start = pa + u * (radius[g] + 0.03)
            end = pb - u * (radius[t] + 0.05)
            arrow = FancyArrowPatch(
                tuple(start),
                tuple(end),
                connectionstyle="arc3,rad=0.16",
                arrowstyle="-|>,head_length=0.5,head_width=0.3",
                mutation_scale=8 + width,
                linewidth=width,
                color=colour,
                alpha=0.85,
                zorder=1,
            )
            ax.add_patch(arrow)
            # the label sits beside the curve's middle, on the side it bows to
            normal = np.array([u[1], -u[0]])
            bow = 0.16 / 2 * float(np.linalg.norm(end - start))  # arc3: the curve's middle
            mid = (start + end) / 2 + normal * (bow + 0.07)
            ax.text(
                mid[0],
                mid[1],
                label,
                fontsize=7,
                ha="center",
                va="center",
                color=colour,
                zorder=3,
                bbox={"facecolor": "#FFFFFF", "edgecolor": "none", "pad": 0.6, "alpha": 0.85},
            )
            drawn += 1
    for a in ids:
        sw = pal.swatch(a)
        ax.add_patch(
            Circle(
                tuple(centre[a]),
                radius[a],
                facecolor=sw.face,
                edgecolor=sw.edge or "#FFFFFF",
                hatch=sw.hatch or None,
                linewidth=1.2,
                zorder=2,
            )
        )
        outward = centre[a] / np.linalg.norm(centre[a])
        # names above the upper nodes and below the lower ones, beside those at the sides
        side = abs(outward[0]) > 0.9
        pos = centre[a] + (
            outward * (radius[a] + 0.06)
            if side
            else np.array([0.0, math.copysign(radius[a] + 0.05, outward[1])])
        )
        of = "segments" if shares is not None else "pairs"
        text = textwrap.fill(names[a], 18) + f"\n{100 * share.get(a, 0.0):.0f}% of {of}"
        if level == "segment":
            stay = float(cell[(a, a)]["probability"])
            if np.isfinite(stay):
                text += f"; stays {stay:.2f}"
        ax.text(
            pos[0],
            pos[1],
            text,
            fontsize=7.5,
            ha=("left" if outward[0] > 0 else "right") if side else "center",
            va="center" if side else ("bottom" if outward[1] > 0 else "top"),
            multialignment="center",
            zorder=3,
        )
    n = int(sub["count"].sum())
    what = "segment to segment" if level == "segment" else "between runs"
    lag_text = "" if lag == 1 else f", lag {lag}"
    heading = title or f"Transitions ({what}{lag_text}): {group}, n = {n}"
    fig.text(0.5, 0.975, heading, fontsize=9, ha="center", va="top")
    if value == "probability":
        caption = "Arrow width and label: probability of the next activity."
    else:
        caption = "Adjusted residuals: red more often than chance, blue less often."
    if significant:
        rule = "permutation p < 0.05" if use_p else "|z| ≥ 1.96"
        caption += f"\nOnly transitions with {rule} ({drawn} of {k * (k - 1)})."
    fig.text(
        0.5,
        0.02,
        caption,
        fontsize=7,
        ha="center",
        va="bottom",
        color="#333333",
        multialignment="center",
    )
    return ax
