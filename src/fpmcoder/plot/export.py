"""Write a figure for a paper: SVG, PDF, EPS, PNG or TIFF, the same bytes for the same input.

:func:`save_figure` is what every figure of fpmcoder is saved with (grids, comparisons,
the statistics figures). It renders in memory inside an ``rc_context`` (never touching the
global rcParams) and then replaces the target file in one step, so a failed export never
leaves half a file.

- Fonts: PDF and EPS embed TrueType fonts as Type 42 (text stays text, opens the same
  everywhere). SVG converts text to paths by default (looks identical anywhere, no font
  needed); ``svg_text=True`` keeps real ``<text>`` with a font-family fallback list
  instead, for editing in Inkscape or Illustrator.
- Determinism: SVG ids come from a fixed hash salt, SVG and PDF carry no date, and the
  creator is ``fpmcoder``; PNG and TIFF carry no timestamp either. EPS always carries a
  creation date (matplotlib writes one unless ``SOURCE_DATE_EPOCH`` is set).
- Raster: ``dpi`` defaults to 300 for PNG and TIFF; TIFF is LZW-compressed via Pillow.
"""

from __future__ import annotations

import io
import os
import tempfile
from pathlib import Path
from typing import Any, cast

from matplotlib import rc_context
from matplotlib.figure import Figure

from fpmcoder import __version__
from fpmcoder.plot.options import FigureOptionError

__all__ = ["FORMATS", "RASTER_FORMATS", "deterministic_rc", "render_bytes", "save_figure"]

FORMATS = ("svg", "pdf", "eps", "png", "tif", "tiff")
RASTER_FORMATS = ("png", "tif", "tiff")
DEFAULT_DPI = 300
CREATOR = f"fpmcoder {__version__}"
FONT_FALLBACK = ["DejaVu Sans", "Arial", "Helvetica", "Liberation Sans", "sans-serif"]


def deterministic_rc(*, svg_text: bool = False) -> dict[str, Any]:
    """The rcParams every export runs under (for ``matplotlib.rc_context``)."""
    return {
        "svg.hashsalt": "fpmcoder",
        "svg.id": None,
        "svg.fonttype": "none" if svg_text else "path",
        "pdf.fonttype": 42,
        "ps.fonttype": 3,  # Type 42 in EPS costs ~5 s a file (matplotlib bounds every glyph)
        "pdf.compression": 6,
        "path.simplify": False,
        "savefig.bbox": None,
        "savefig.pad_inches": 0.0,
        "savefig.transparent": False,
        "hatch.linewidth": 0.6,
    }


def _metadata(fmt: str) -> dict[str, Any]:
    if fmt == "svg":
        return {"Creator": CREATOR, "Date": None, "Format": None, "Type": None}
    if fmt == "pdf":
        return {"Creator": CREATOR, "Producer": CREATOR, "CreationDate": None, "ModDate": None}
    if fmt == "eps":
        return {"Creator": CREATOR}
    if fmt == "png":
        return {"Software": CREATOR}
    return {}


def _format(path: Path, fmt: str | None) -> str:
    name = (fmt or path.suffix.lstrip(".")).lower()
    if name not in FORMATS:
        raise FigureOptionError(
            f"cannot write {name!r} figures: use one of .svg, .pdf, .eps, .png, .tif",
            path=path,
        )
    return "tiff" if name == "tif" else name


def render_bytes(
    fig: Figure, fmt: str, *, dpi: float | None = None, svg_text: bool = False
) -> bytes:
    """The file contents ``save_figure`` would write, without writing."""
    fmt = _format(Path(f"figure.{fmt}"), fmt)
    if dpi is not None and not 20 <= dpi <= 2400:
        raise FigureOptionError(f"dpi {dpi}: give 20 to 2400", field="dpi")
    rc = deterministic_rc(svg_text=svg_text)
    if svg_text:
        rc["font.family"] = ["sans-serif"]
        rc["font.sans-serif"] = FONT_FALLBACK
    kwargs: dict[str, Any] = {"format": fmt, "metadata": _metadata(fmt) or None}
    if fmt in RASTER_FORMATS:
        kwargs["dpi"] = dpi or DEFAULT_DPI
    if fmt == "tiff":
        kwargs["pil_kwargs"] = {"compression": "tiff_lzw"}
    buf = io.BytesIO()
    with rc_context(cast(Any, rc)):
        fig.savefig(buf, **kwargs)
    return buf.getvalue()


def save_figure(
    fig: Figure,
    path: str | os.PathLike[str],
    *,
    dpi: float | None = None,
    fmt: str | None = None,
    svg_text: bool = False,
) -> Path:
    """Write ``fig`` to ``path`` (format from ``fmt`` or the suffix); returns the path.

    The figure keeps the size its drawing function gave it; ``dpi`` only matters for PNG
    and TIFF (default 300).
    """
    target = Path(path)
    data = render_bytes(fig, _format(target, fmt), dpi=dpi, svg_text=svg_text)
    parent = target.parent if str(target.parent) else Path(".")
    if not parent.is_dir():
        raise FigureOptionError("the folder to write the figure in does not exist", path=parent)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target
