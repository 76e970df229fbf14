"""Shapes for squares and marks, stamped by the thousand.

Coordinates are y-down (row 0 at the top), the way the grids are read. :func:`stamp` draws
one shape at many places as a single compound path (each copy a closed subpath), so a
colour class is one ``<path>`` in SVG and one fill in PDF: that is what keeps a
10,000-square grid small and fast while every square stays a vector shape. The
``*_verts`` functions give ``(n, k, 2)`` arrays for the few places that want explicit
polygons (the key).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import PathCollection, PolyCollection
from matplotlib.path import Path
from numpy.typing import NDArray

__all__ = [
    "compound",
    "grid_origins",
    "polys",
    "restamp",
    "square_verts",
    "stamp",
    "template",
    "triangle",
]

FloatArray = NDArray[np.float64]


@lru_cache(maxsize=32)
def _template(rounded: float, steps: int = 5) -> FloatArray:
    if rounded <= 0:
        return np.array([[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0]])
    r = min(rounded, 0.5)
    pts: list[tuple[float, float]] = []
    corners = ((1 - r, r, -90.0), (1 - r, 1 - r, 0.0), (r, 1 - r, 90.0), (r, r, 180.0))
    for cx, cy, start in corners:
        for a in np.linspace(np.radians(start), np.radians(start + 90), steps):
            pts.append((cx + r * np.cos(a), cy + r * np.sin(a)))
    return np.array(pts)


def template(rounded: float = 0.0) -> FloatArray:
    """A unit square (corners rounded by ``rounded`` of the side) as a closed polygon."""
    return _template(round(float(rounded), 4))


def square_verts(xy: FloatArray, side: float, rounded: float = 0.0) -> FloatArray:
    """Squares of ``side`` with top-left corners ``xy``."""
    return xy[:, None, :] + template(rounded)[None, :, :] * side


def grid_origins(n: int, columns: int, pitch: float = 1.0) -> FloatArray:
    """Top-left corners of ``n`` squares in reading order, wrapping at ``columns``."""
    idx = np.arange(n)
    return np.column_stack(((idx % columns) * pitch, (idx // columns) * pitch)).astype(float)


def polys(verts: FloatArray | list[Any], **kwargs: Any) -> PolyCollection:
    """A :class:`PolyCollection` of ``verts`` (an ``(n, k, 2)`` array keeps the fast path)."""
    return PolyCollection(verts, **kwargs)  # type: ignore[arg-type]


def triangle(size: float = 0.4, rounded: float = 0.0) -> FloatArray:
    """The top-right corner mark of a unit square, ``size`` of the side along each edge.

    With ``rounded`` corners the mark follows the rounded corner instead of poking out.
    """
    r = min(max(rounded, 0.0), size)
    if r <= 0:
        return np.array([[1.0 - size, 0.0], [1.0, 0.0], [1.0, size]])
    arc = [(1 - r + r * np.cos(a), r + r * np.sin(a)) for a in np.linspace(-np.pi / 2, 0.0, 6)]
    return np.array([(1.0 - size, 0.0), *arc, (1.0, size)])


def compound(shape: FloatArray, origins: FloatArray) -> Path:
    """One path holding ``shape`` at every origin, each copy a closed subpath."""
    n, k = len(origins), len(shape)
    if not n:
        return Path(np.zeros((0, 2)))
    verts = origins[:, None, :] + shape[None, :, :]
    verts = np.concatenate((verts, verts[:, :1]), axis=1).reshape(-1, 2)
    one = np.full(k + 1, Path.LINETO, dtype=Path.code_type)
    one[0], one[-1] = Path.MOVETO, Path.CLOSEPOLY
    return Path(verts, np.tile(one, n))


def stamp(ax: Axes, shape: FloatArray, origins: FloatArray, **kwargs: Any) -> PathCollection:
    """Add ``shape`` (data units, relative to each origin) at every row of ``origins``.

    All copies are subpaths of one path, so a colour class is one element in SVG and PDF
    however many squares it has.
    """
    coll = PathCollection([compound(shape, origins)], **kwargs)
    coll.set_transform(ax.transData)
    ax.add_collection(coll, autolim=False)
    return coll


def restamp(coll: PathCollection, shape: FloatArray, origins: FloatArray) -> None:
    """Move a :func:`stamp` collection's copies to ``origins`` (may be empty)."""
    coll.set_paths([compound(shape, origins)])
