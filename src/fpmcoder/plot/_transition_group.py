"""The group of a transition table that a transition figure draws, shared by the heatmap
(``plot.transitions``) and the diagram (``plot.diagram``)."""

from __future__ import annotations

import pandas as pd

from fpmcoder.plot.options import FigureOptionError


def choose_group(table: pd.DataFrame, group: str | None) -> tuple[str, pd.DataFrame]:
    """``group`` (default: the pooled ``all`` if present, else the first) and its rows of
    ``table`` (a :func:`fpmcoder.analysis.transition_table`).

    Raises :class:`FigureOptionError` (field ``group``) for an empty table or an unknown group.
    """
    groups = list(dict.fromkeys(table["group"]))
    if not groups:
        raise FigureOptionError("no transitions to draw", field="group")
    if group is None:
        group = "all" if "all" in groups else groups[0]
    if group not in groups:
        raise FigureOptionError(
            f"no group {group!r} in the transition table (groups: {', '.join(groups)})",
            field="group",
        )
    return group, table[table["group"] == group]
