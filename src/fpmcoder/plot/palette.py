"""Colours for activities: the codebook's, a colour-blind-safe set, or greys with hatching.

A :class:`Palette` maps every activity id (and ``None``, "not coded") to a
:class:`Swatch`: fill, edge and hatch. Shared by every figure in :mod:`fpmcoder.plot`
(grids, comparisons, the statistics figures) so a key means the same thing everywhere.

- ``codebook``: each activity's own colour.
- ``colorblind``: Okabe & Ito's eight colours without black (safe for the common forms of
  colour-blindness), then Paul Tol's "muted" set for codebooks with more than seven.
- ``grey``: a light-to-dark grey ramp, each level with its own hatch, for print in black
  and white; squares get a thin dark edge so light ones stay visible.

"Not coded" is always a neutral grey that no activity uses (the candidate furthest from
every activity colour), clearly apart from them; in ``grey`` it is an empty white square.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from fpmcoder.core.codebook import Codebook
from fpmcoder.plot.options import PALETTES, FigureOptionError

__all__ = [
    "COLORBLIND",
    "UNCODED_LABEL",
    "Palette",
    "Swatch",
    "contrast_text",
    "hex_to_rgb",
    "palette_for",
]

UNCODED_LABEL = "not coded"

OKABE_ITO = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7")
TOL_MUTED = (
    "#332288",
    "#88CCEE",
    "#44AA99",
    "#117733",
    "#999933",
    "#DDCC77",
    "#CC6677",
    "#882255",
    "#AA4499",
)
COLORBLIND = OKABE_ITO + TOL_MUTED

_GREYS = ("#DCDCDC", "#B4B4B4", "#8C8C8C", "#646464", "#404040")
_HATCHES = ("", "////", "....", "xxxx", "\\\\\\\\", "++", "oo", "--", "||", "**")
_UNCODED_CANDIDATES = ("#C4C4C4", "#B3B3B3", "#D0D0D0", "#A3A3A3", "#949494")


@dataclass(frozen=True, slots=True)
class Swatch:
    """How one class of squares looks. ``hatch`` is a matplotlib hatch pattern or ``""``."""

    face: str
    edge: str | None = None
    hatch: str = ""
    linestyle: str = "solid"

    @property
    def text(self) -> str:
        """Black or white, whichever reads better on ``face``."""
        return contrast_text(self.face)


@dataclass(frozen=True)
class Palette:
    """Swatches for each activity id (codebook order) and for ``None`` ("not coded")."""

    name: str
    activities: Mapping[str, Swatch]
    uncoded: Swatch
    labels: Mapping[str, str] = field(default_factory=dict)

    def swatch(self, activity: str | None) -> Swatch:
        return self.uncoded if activity is None else self.activities[activity]

    @property
    def classes(self) -> tuple[str | None, ...]:
        """Every class in drawing and key order: the activities, then ``None``."""
        return (*self.activities, None)

    @property
    def edge_width_ratio(self) -> float:
        """Edge width as a fraction of the square (greys need an edge, colours none)."""
        return 0.035 if self.name == "grey" else 0.0


def hex_to_rgb(colour: str) -> tuple[float, float, float]:
    """``#RRGGBB`` to floats in 0..1."""
    c = colour.lstrip("#")
    return int(c[0:2], 16) / 255, int(c[2:4], 16) / 255, int(c[4:6], 16) / 255


def _luminance(colour: str) -> float:
    def lin(v: float) -> float:
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = (lin(v) for v in hex_to_rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_text(face: str) -> str:
    """``#000000`` or ``#FFFFFF`` for text on ``face`` (WCAG contrast)."""
    lum = _luminance(face)
    return "#000000" if (lum + 0.05) / 0.05 >= 1.05 / (lum + 0.05) else "#FFFFFF"


def _distance(a: str, b: str) -> float:
    return float(
        sum((x - y) ** 2 for x, y in zip(hex_to_rgb(a), hex_to_rgb(b), strict=True)) ** 0.5
    )


def _uncoded_grey(colours: Iterable[str]) -> str:
    used = [c.upper() for c in colours]
    if not used:
        return _UNCODED_CANDIDATES[0]
    return max(_UNCODED_CANDIDATES, key=lambda g: min(_distance(g, c) for c in used))


def palette_for(codebook: Codebook, name: str = "codebook") -> Palette:
    """The palette ``name`` (``codebook``, ``colorblind`` or ``grey``) for ``codebook``."""
    ids = codebook.activity_ids
    labels = {a.id: a.name for a in codebook.activities}
    if name == "codebook":
        faces = [a.color for a in codebook.activities]
        acts = {i: Swatch(f) for i, f in zip(ids, faces, strict=True)}
        return Palette(name, acts, Swatch(_uncoded_grey(faces)), labels)
    if name == "colorblind":
        if len(ids) > len(COLORBLIND):
            raise FigureOptionError(
                f"the colour-blind-safe palette has {len(COLORBLIND)} colours and the "
                f"codebook {len(ids)} activities: use --palette grey or codebook",
                field="palette",
            )
        faces = list(COLORBLIND[: len(ids)])
        acts = {i: Swatch(f) for i, f in zip(ids, faces, strict=True)}
        return Palette(name, acts, Swatch(_uncoded_grey(faces)), labels)
    if name == "grey":
        if len(ids) > len(_HATCHES):
            raise FigureOptionError(
                f"the grey palette has {len(_HATCHES)} hatch patterns and the codebook "
                f"{len(ids)} activities: use --palette codebook",
                field="palette",
            )
        acts = {}
        for k, i in enumerate(ids):
            face = _GREYS[k % len(_GREYS)]
            acts[i] = Swatch(face, edge="#1A1A1A", hatch=_HATCHES[k])
        return Palette(name, acts, Swatch("#FFFFFF", edge="#8C8C8C"), labels)
    raise FigureOptionError(
        f"{name!r} is not a palette: use one of {', '.join(PALETTES)}", field="palette"
    )
