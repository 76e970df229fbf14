"""Figures drawn on a :class:`matplotlib.figure.Figure` you pass in: no pyplot, no Qt.

The same drawing goes into the desktop window (inside ``FigureCanvasQTAgg``) and into
exported files. Public surface:

- :func:`draw_grid` / :class:`GridOptions`: one transcript as an activity-sequence grid;
  returns a :class:`GridHandle` (recolour, current outline, hit-test; ``.layout``).
- :func:`draw_comparison` / :class:`CompareOptions`: several grids with one square size
  and one key; :func:`draw_agreement`: two coders of one transcript, disagreements marked.
- :func:`save_figure`: SVG, PDF, EPS, PNG, TIFF, deterministic (``plot.export``).
- Figures for many cases: :func:`draw_index_plot` (``plot.index``), :func:`draw_chronogram`
  (``plot.chronogram``), :func:`draw_transition_diagram` (``plot.diagram``).
- Shared pieces for other figures: ``plot.palette`` (:func:`palette_for`), ``plot.key``
  (:func:`layout_key`, :func:`draw_key`), ``plot.text`` (``Frame``, fonts, wrapping).

Names are imported lazily so ``import fpmcoder.plot`` does not load matplotlib.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fpmcoder.plot.agreement import AgreementHandle, draw_agreement
    from fpmcoder.plot.chronogram import draw_chronogram
    from fpmcoder.plot.compare import ComparisonHandle, draw_comparison
    from fpmcoder.plot.diagram import draw_transition_diagram
    from fpmcoder.plot.export import save_figure
    from fpmcoder.plot.grid import draw_grid
    from fpmcoder.plot.handle import GridHandle, GridLayout
    from fpmcoder.plot.index import draw_index_plot
    from fpmcoder.plot.options import CompareOptions, FigureOptionError, GridOptions, Weight
    from fpmcoder.plot.palette import Palette, palette_for

__all__ = [
    "AgreementHandle",
    "CompareOptions",
    "ComparisonHandle",
    "FigureOptionError",
    "GridHandle",
    "GridLayout",
    "GridOptions",
    "Palette",
    "Weight",
    "draw_agreement",
    "draw_chronogram",
    "draw_comparison",
    "draw_grid",
    "draw_index_plot",
    "draw_transition_diagram",
    "palette_for",
    "save_figure",
]

_WHERE = {
    "AgreementHandle": "agreement",
    "draw_agreement": "agreement",
    "draw_chronogram": "chronogram",
    "draw_transition_diagram": "diagram",
    "draw_index_plot": "index",
    "ComparisonHandle": "compare",
    "draw_comparison": "compare",
    "save_figure": "export",
    "draw_grid": "grid",
    "GridHandle": "handle",
    "GridLayout": "handle",
    "CompareOptions": "options",
    "FigureOptionError": "options",
    "GridOptions": "options",
    "Weight": "options",
    "Palette": "palette",
    "palette_for": "palette",
}


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(importlib.import_module(f"fpmcoder.plot.{_WHERE[name]}"), name)
    raise AttributeError(f"module 'fpmcoder.plot' has no attribute {name!r}")
