"""Vertex arrays for squares and marks, built with numpy for thousands at once.

Coordinates are y-down (row 0 at the top), the way the grids are read. Every function
takes ``xy``, an ``(n, 2)`` array of the squares' top-left corners, and the side length,
and returns an ``(n, k, 2)`` array ready for :meth:`PolyCollection.set_verts`.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np
from matplotlib.collections import PolyCollection
from numpy.typing import NDArray

__all__ = ["corner_marks", "grid_origins", "polys", "set_polys", "square_verts", "template"]

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


def corner_marks(xy: FloatArray, side: float, size: float = 0.4) -> FloatArray:
    """Triangles in each square's top-right corner, ``size`` of the side along each edge."""
    t = np.array([[1.0 - size, 0.0], [1.0, 0.0], [1.0, size]])
    return xy[:, None, :] + t[None, :, :] * side


def grid_origins(n: int, columns: int, pitch: float = 1.0) -> FloatArray:
    """Top-left corners of ``n`` squares in reading order, wrapping at ``columns``."""
    idx = np.arange(n)
    return np.column_stack(((idx % columns) * pitch, (idx // columns) * pitch)).astype(float)


def polys(verts: FloatArray | list[Any], **kwargs: Any) -> PolyCollection:
    """A :class:`PolyCollection` of ``verts`` (an ``(n, k, 2)`` array keeps the fast path)."""
    return PolyCollection(verts, **kwargs)  # type: ignore[arg-type]


def set_polys(collection: PolyCollection, verts: FloatArray) -> None:
    """Replace the polygons of ``collection`` (an ``(n, k, 2)`` array keeps the fast path)."""
    collection.set_verts(verts)  # type: ignore[arg-type]
