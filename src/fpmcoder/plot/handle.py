"""A drawn grid you can update in place: recolour a segment, move the current outline, hit-test.

The desktop window keeps the :class:`GridHandle` that :func:`~fpmcoder.plot.draw_grid`
returns and, after a coding, calls :meth:`GridHandle.set_activity` then
``canvas.draw_idle()``: only the collections of the two colours involved get new
vertices, nothing is re-laid out. Indices are 0-based positions in the sequence (the
segment *number* is ``index + 1``).

Squares live in one :class:`~matplotlib.collections.PathCollection` per class (each
activity, then "not coded"), so a 10,000-square grid is a handful of artists and hatches
work in the grey palette.

Partial redraws (for an interactive canvas that can blit): after an update,
:meth:`GridHandle.region_of` gives the display rectangle that the changed segments'
squares (with their gaps and the current outline) occupy, and
:meth:`GridHandle.draw_region` draws the panel's artists into exactly that rectangle, as a
full draw would, without drawing the other squares. The caller restores its background
under the rectangle first and blits it afterwards::

    box = handle.region_of([old, new])
    canvas.restore_region(background, bbox=..., xy=(0, 0))   # backend specific
    handle.draw_region(canvas.get_renderer(), box)
    canvas.blit(box)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backend_bases import RendererBase
from matplotlib.collections import PathCollection
from matplotlib.colors import to_hex
from matplotlib.path import Path
from matplotlib.patheffects import withStroke
from matplotlib.text import Text
from matplotlib.transforms import Bbox
from numpy.typing import NDArray

from fpmcoder.plot.geometry import compound, restamp, stamp, template
from fpmcoder.plot.options import FigureOptionError
from fpmcoder.plot.palette import Palette, Swatch
from fpmcoder.plot.weighting import Units, majority

__all__ = ["GridHandle", "GridLayout", "style_number"]


def _edge(coll: PathCollection) -> Any:
    """A collection's (first) edge colour; transparent when it has none."""
    edges = np.asarray(coll.get_edgecolor(), dtype=float).reshape(-1, 4)
    return edges[0] if len(edges) else np.zeros(4)


def style_number(text: Text, swatch: Swatch) -> None:
    """Black or white on plain squares; black with a white halo on hatched ones."""
    if swatch.hatch:
        text.set_color("#000000")
        text.set_path_effects([withStroke(linewidth=2.0, foreground="#FFFFFF")])
    else:
        text.set_color(swatch.text)
        text.set_path_effects([])


@dataclass(frozen=True)
class GridLayout:
    """What was drawn where (inches from the figure's top-left corner)."""

    figure_size: tuple[float, float]
    columns: int
    rows: int
    square: float  # side of a square plus nothing: the pitch is square * (1 + gap)
    gap: float
    grid_box: tuple[float, float, float, float]  # left, top, width, height
    key_centres: tuple[tuple[float, float], ...]
    key_labels: tuple[str, ...]
    square_centres: NDArray[np.float64]


class GridHandle:
    """The artists of one grid panel and the state behind them.

    Geometry is in the panel axes' data units: one square pitch is 1, y grows downwards,
    ``origins[u]`` is square ``u``'s top-left corner and ``side`` its side.
    """

    def __init__(
        self,
        ax: Axes,
        palette: Palette,
        units: Units,
        activities: Sequence[str | None],
        origins: NDArray[np.float64],
        side: float,
        *,
        rounded: float = 0.0,
        side_pt: float = 10.0,
        left_in: float = 0.0,
        top_in: float = 0.0,
        pitch_in: float = 1.0,
        name: str = "grid",
    ) -> None:
        self.ax = ax
        self.palette = palette
        self.units = units
        self.activities: list[str | None] = list(activities)
        self.origins = origins
        self.side = side
        self.pitch_in = pitch_in
        self.left_in, self.top_in = left_in, top_in
        self.shape = template(rounded) * side
        self._units_of = units.by_segment(len(self.activities))
        self.classes: tuple[str | None, ...] = palette.classes
        self._class_index = {c: k for k, c in enumerate(self.classes)}
        self.unit_class = np.array(
            [self._class_index[majority(p, self.activities)] for p in units.parts], dtype=int
        )
        self.collections: list[PathCollection] = []
        self._parts: dict[int, PathCollection] = {}  # stand-ins for partial redraws
        self._styles: dict[int, tuple[Any, Any, float, Any]] = {}  # of the class collections
        edge_lw = palette.edge_width_ratio * side_pt
        for k, cls in enumerate(self.classes):
            sw = palette.swatch(cls)
            coll = stamp(
                ax,
                self.shape,
                origins[self.unit_class == k],
                facecolors=sw.face,
                edgecolors=sw.edge or "none",
                linewidths=max(edge_lw, 0.3) if sw.edge else 0.0,
                linestyles=sw.linestyle,
                hatch=sw.hatch or None,
                antialiaseds=True,
                zorder=1,
                clip_on=False,
            )
            coll.set_gid(f"{name}-squares-{cls or 'not-coded'}")
            self.collections.append(coll)
        self._init_members()
        self.numbers: dict[int, Text] = {}
        pad = (1 - side) / 2 if side < 1 else 0.0
        self._current_pad = pad * 0.8
        self._current_lw_pt = max(1.0, 0.12 * side_pt)
        self._outline_colour = "#000000"
        self._current = stamp(
            ax,
            template() * (side + 2 * self._current_pad),
            np.zeros((0, 2)),
            facecolors="none",
            edgecolors=self._outline_colour,
            linewidths=self._current_lw_pt,
            zorder=5,
            clip_on=False,
        )
        self._current.set_gid(f"{name}-current")
        self.name = name
        self.current: int | None = None
        self.layout: GridLayout | None = None  # set by draw_grid / draw_comparison

    def _init_members(self) -> None:
        """Each class's squares as rows of a vertex buffer, in the order of its path.

        A recoloured square leaves its old class (the class's last square takes its row)
        and is appended to its new class, so an update rewrites two squares' vertices
        instead of rebuilding two paths of thousands of squares.
        """
        k = len(self.shape) + 1
        one = np.full(k, Path.LINETO, dtype=Path.code_type)
        one[0], one[-1] = Path.MOVETO, Path.CLOSEPOLY
        n = len(self.origins)
        self._codes = np.tile(one, max(n, 1))
        closed = np.concatenate((self.shape, self.shape[:1]))
        self._square_verts = self.origins[:, None, :] + closed[None, :, :]  # (n, k, 2)
        self._members: list[list[int]] = []
        self._buffers: list[NDArray[np.float64]] = []
        self._slot = np.zeros(n, dtype=int)
        for c in range(len(self.classes)):
            units = np.flatnonzero(self.unit_class == c)
            self._slot[units] = np.arange(len(units))
            self._members.append(units.tolist())
            buf = np.empty((max(2 * len(units), 16), k, 2))
            buf[: len(units)] = self._square_verts[units]
            self._buffers.append(buf)

    def _move_square(self, u: int, old: int, new: int) -> None:
        members, buf = self._members[old], self._buffers[old]
        slot, last = int(self._slot[u]), members.pop()
        if last != u:
            members[slot] = last
            buf[slot] = buf[len(members)]
            self._slot[last] = slot
        members, buf = self._members[new], self._buffers[new]
        if len(members) == len(buf):
            buf = np.concatenate((buf, np.empty_like(buf)))
            self._buffers[new] = buf
        buf[len(members)] = self._square_verts[u]
        self._slot[u] = len(members)
        members.append(u)

    def _class_path(self, c: int) -> Path:
        count = len(self._members[c])
        if not count:
            return Path(np.zeros((0, 2)))
        k = self._buffers[c].shape[1]
        verts = self._buffers[c][:count].reshape(-1, 2).copy()
        return Path(verts, self._codes[: count * k])

    # -- reading ---------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self.units)

    def activity_of_square(self, unit: int) -> str | None:
        return self.classes[int(self.unit_class[unit])]

    def units_of(self, index: int) -> list[int]:
        """The squares that show segment ``index`` (several when weighted by time or words)."""
        return self._units_of[index]

    def square_centres(self) -> NDArray[np.float64]:
        """Each square's centre in inches from the figure's top-left corner, as laid out."""
        c = self.origins + self.side / 2
        return np.column_stack(
            (self.left_in + c[:, 0] * self.pitch_in, self.top_in + c[:, 1] * self.pitch_in)
        )

    def index_at(self, x: float, y: float, *, display: bool = False) -> int | None:
        """The segment index under (x, y), data coordinates or display pixels; None if none.

        A click in the gap around a square counts for that square.
        """
        if display:
            x, y = self.ax.transData.inverted().transform((x, y))
        g = (1 - self.side) / 2 if self.side < 1 else 0.0
        ox, oy = self.origins[:, 0], self.origins[:, 1]
        hit = np.nonzero(
            (x >= ox - g) & (x < ox + self.side + g) & (y >= oy - g) & (y < oy + self.side + g)
        )[0]
        return int(self.units.dominant[int(hit[0])]) if hit.size else None

    @property
    def current_outline_color(self) -> str:
        """The colour of the current segment's outline (``#RRGGBB``; black by default).

        A window sets it to its theme's text colour so the outline shows on a dark background.
        """
        return self._outline_colour

    @current_outline_color.setter
    def current_outline_color(self, colour: str) -> None:
        self._outline_colour = to_hex(colour)
        self._current.set_edgecolor(self._outline_colour)
        self.ax.stale = True

    # -- partial redraws ---------------------------------------------------------------

    @property
    def partial_redraw_exact(self) -> bool:
        """Whether :meth:`draw_region` paints exactly what a full draw would.

        Not with hatched squares (the grey palette): Agg anchors a hatch pattern to the
        path it fills, so a hatch drawn for a few squares is out of phase with the same
        hatch drawn for the whole class. Callers then redraw the whole figure.
        """
        return not any(c.get_hatch() for c in self.collections)

    def region_of(self, indices: Iterable[int]) -> Bbox | None:
        """The display-pixel rectangle (whole pixels) covering the squares of the segments
        ``indices``, the gap around them and the current outline; None if they have none.

        Give it the segments an update touched (recoloured, outlined or no longer
        outlined); redrawing this rectangle with :meth:`draw_region` then shows the update.
        """
        units = [u for i in indices for u in self._units_of[i]]
        if not units:
            return None
        pad = (1 - self.side) / 2 if self.side < 1 else 0.0
        o = self.origins[units]
        lo = (o - pad).min(axis=0)
        hi = (o + self.side + pad).max(axis=0)
        corners = self.ax.transData.transform([lo, hi])
        (x0, y0), (x1, y1) = corners.min(axis=0), corners.max(axis=0)
        dpi = self.ax.figure.dpi if self.ax.figure is not None else 72.0
        # the outline's half width, antialiasing, and rounding to whole pixels
        m = int(np.ceil(self._current_lw_pt * dpi / 72.0 / 2)) + 2
        return Bbox.from_extents(
            int(np.floor(x0)) - m, int(np.floor(y0)) - m, int(np.ceil(x1)) + m, int(np.ceil(y1)) + m
        )

    def draw_region(self, renderer: RendererBase, bbox: Bbox) -> None:
        """Draw this panel's artists clipped to ``bbox`` (display pixels), as a full draw of
        the figure would draw them there; squares outside ``bbox`` are not drawn at all.

        The caller has restored what lies under the axes (its background) in ``bbox``.
        """
        (dx0, dy0), (dx1, dy1) = self.ax.transData.inverted().transform(
            [(bbox.x0, bbox.y0), (bbox.x1, bbox.y1)]
        )
        lo_x, hi_x = min(dx0, dx1) - 0.05, max(dx0, dx1) + 0.05
        lo_y, hi_y = min(dy0, dy1) - 0.05, max(dy0, dy1) + 0.05
        ox, oy = self.origins[:, 0], self.origins[:, 1]
        near = (ox < hi_x) & (ox + self.side > lo_x) & (oy < hi_y) & (oy + self.side > lo_y)
        # the squares of each class that reach into the box stand in for the class
        # collections (which hold every square of the grid)
        stand_ins = self._stand_ins(np.flatnonzero(near))
        ax = self.ax
        chosen = (
            stand_ins.get(id(a), a)
            for a in (*ax.collections, *ax.patches, *ax.texts)
            if a.get_visible()
        )
        for artist in sorted((a for a in chosen if a is not None), key=lambda a: a.get_zorder()):
            clip_on, clip_box = artist.get_clip_on(), artist.get_clip_box()
            artist.set_clip_on(True)
            artist.set_clip_box(bbox)
            try:
                artist.draw(renderer)
            finally:
                artist.set_clip_box(clip_box)
                artist.set_clip_on(clip_on)

    def _stand_ins(self, near: NDArray[np.intp]) -> dict[int, Artist | None]:
        """For each class collection (by ``id``), what draws its squares among ``near``.

        Consecutive classes without hatching share one stand-in holding one path per class,
        each with that class's fill, edge and line (a collection draws its paths in order,
        so this paints as the class collections one after the other would); a hatched class
        has a stand-in of its own. ``None``: nothing of that class to draw.
        """
        classes = self.unit_class[near]
        out: dict[int, Artist | None] = {id(c): None for c in self.collections}
        run: list[int] = []

        def flush() -> None:
            if run:
                out[id(self.collections[run[0]])] = self._stand_in(run, near, classes)
                run.clear()

        for k, coll in enumerate(self.collections):
            if not (classes == k).any():
                continue
            if coll.get_hatch():
                flush()
                run.append(k)
                flush()
            else:
                run.append(k)
        flush()
        return out

    def _stand_in(
        self, ks: list[int], near: NDArray[np.intp], classes: NDArray[np.int_]
    ) -> PathCollection:
        """One collection drawing class ``ks``'s squares among ``near``, one path per class
        (made once per first class and reused: the class collections never change style)."""
        first = self.collections[ks[0]]
        part = self._parts.get(ks[0])
        if part is None:
            part = PathCollection([])
            part.update_from(first)
            figure = first.get_figure()
            if figure is not None:
                part.set_figure(figure)
            part.set_zorder(first.get_zorder())
            self._parts[ks[0]] = part
        part.set_paths([compound(self.shape, self.origins[near[classes == k]]) for k in ks])
        # each path styled as its class; colours as (n, 4) arrays, which matplotlib takes
        # as they are (a list of rows is parsed colour by colour)
        faces: Any = np.array([self._style(k)[0] for k in ks])
        edges: Any = np.array([self._style(k)[1] for k in ks])
        part.set_facecolor(faces)
        part.set_edgecolor(edges)
        part.set_linewidth([self._style(k)[2] for k in ks])
        part.set_linestyle([self._style(k)[3] for k in ks])
        return part

    def _style(self, k: int) -> tuple[Any, Any, float, Any]:
        """Class ``k``'s fill, edge (transparent for none), line width and line style."""
        style = self._styles.get(k)
        if style is None:
            coll: Any = self.collections[k]
            style = (
                np.asarray(coll.get_facecolor(), dtype=float).reshape(-1, 4)[0],
                _edge(coll),
                float(coll.get_linewidth()[0]),
                coll.get_linestyle()[0],
            )
            self._styles[k] = style
        return style

    # -- updating --------------------------------------------------------------------

    def set_activity(self, index: int, activity: str | None) -> None:
        """Recolour segment ``index`` (0-based) to ``activity`` (None: not coded)."""
        self.set_activities({index: activity})

    def set_activities(self, changes: Mapping[int, str | None]) -> None:
        """Recolour several segments at once (a batch edit, an undo)."""
        touched: set[int] = set()
        for index, activity in changes.items():
            if activity is not None and activity not in self._class_index:
                raise FigureOptionError(
                    f"{activity!r} is not an activity of this codebook "
                    f"({', '.join(c for c in self.classes if c)})"
                )
            self.activities[index] = activity
            touched.update(self._units_of[index])
        changed_classes: set[int] = set()
        for u in sorted(touched):
            new = self._class_index[majority(self.units.parts[u], self.activities)]
            old = int(self.unit_class[u])
            if new != old:
                changed_classes.update((old, new))
                self.unit_class[u] = new
                self._move_square(u, old, new)
                if u in self.numbers:
                    style_number(self.numbers[u], self.palette.swatch(self.classes[new]))
        for k in sorted(changed_classes):
            self.collections[k].set_paths([self._class_path(k)])
        if changed_classes:
            self.ax.stale = True

    def set_current(self, index: int | None) -> None:
        """Outline segment ``index`` as the current one (None: no outline)."""
        self.current = index
        if index is None:
            restamp(self._current, self.shape, np.zeros((0, 2)))
        else:
            units = self._units_of[index]
            if not units:
                units = [int(np.argmax(np.array(self.units.dominant) >= index))]
            p = self._current_pad
            restamp(self._current, template() * (self.side + 2 * p), self.origins[units] - p)
        self.ax.stale = True
