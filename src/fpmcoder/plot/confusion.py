"""Agreement confusion matrix: how often coder A's code met coder B's, (uncoded) included.

Drawn from :attr:`fpmcoder.analysis.AgreementResult.confusion` for one pair of coders.
Cells show counts (segments, or characters when the coders segmented differently); the
colour is the share of all units, so the diagonal (agreement) stands out.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from fpmcoder.core.codebook import Codebook
from fpmcoder.plot.options import FigureOptionError
from fpmcoder.plot.palette import UNCODED_LABEL, palette_for
from fpmcoder.plot.transitions import draw_matrix

__all__ = ["draw_confusion"]

_UNCODED = "(uncoded)"


def draw_confusion(
    fig: Figure,
    confusion: pd.DataFrame,
    codebook: Codebook,
    *,
    coders: tuple[str, str] | None = None,
    unit: str = "segment",
    palette: str = "codebook",
    title: str | None = None,
) -> Axes:
    """Draw the confusion matrix of ``coders`` (default: the first pair in the table)."""
    pairs = list(dict.fromkeys(zip(confusion["coder_a"], confusion["coder_b"], strict=True)))
    if not pairs:
        raise FigureOptionError("no confusion matrix to draw", field="coders")
    if coders is None:
        coders = pairs[0]
    if coders not in pairs:
        raise FigureOptionError(
            f"no coders {coders[0]} and {coders[1]} in the confusion table", field="coders"
        )
    sub = confusion[(confusion["coder_a"] == coders[0]) & (confusion["coder_b"] == coders[1])]
    ids = [*codebook.activity_ids, _UNCODED]
    counts = (
        sub.pivot(index="code_a", columns="code_b", values="count")
        .reindex(index=ids, columns=ids)
        .fillna(0)
        .to_numpy(dtype=np.float64)
    )
    total = counts.sum()
    share = counts / total if total else counts
    text = [[f"{int(v)}" for v in row] for row in counts]
    agree = np.trace(counts[:-1, :-1])
    both = counts[:-1, :-1].sum()
    heading = f"{coders[0]} vs {coders[1]}"
    if both:
        heading += f": {100 * agree / both:.0f}% agreement on {int(both)} {unit}s coded by both"
    pal = palette_for(codebook, palette)
    labels = [a.name for a in codebook.activities] + [UNCODED_LABEL]
    return draw_matrix(
        fig,
        share,
        text,
        labels,
        [*codebook.activity_ids, None],
        pal,
        xlabel=coders[1],
        ylabel=coders[0],
        title=title or heading,
        colorbar_label=f"share of all {unit}s",
        vmax=max(float(share.max()), 1e-9),
    )
