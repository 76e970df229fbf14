"""Helpers for the figure tests: a known sequence, rendering to pixels, reading SVG."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator

import numpy as np
from PIL import Image

from fpmcoder.plot.export import render_bytes

SVG_NS = "{http://www.w3.org/2000/svg}"

# a known sequence: runs of every activity, two uncoded segments, dilemmas, two speakers
ACTIVITIES: list[str | None] = (
    ["locating"] * 7
    + ["meaning"] * 5
    + [None]
    + ["live_action"] * 9
    + ["planning"] * 4
    + ["locating", "meaning", None, "live_action", "planning", "meaning"]
)


def rgb(colour: str) -> tuple[int, int, int]:
    c = colour.lstrip("#")
    return int(c[0:2], 16), int(c[2:4], 16), int(c[4:6], 16)


def render_png(fig, dpi: int = 100) -> np.ndarray:
    """The figure as an (h, w, 3) uint8 array, rendered through the export path."""
    data = render_bytes(fig, "png", dpi=dpi)
    return np.asarray(Image.open(io.BytesIO(data)).convert("RGB"))


def pixel(img: np.ndarray, xy_in: tuple[float, float], dpi: int) -> tuple[int, int, int]:
    """The pixel at (x, y) inches from the figure's top-left corner."""
    x, y = xy_in
    r, g, b = img[int(y * dpi), int(x * dpi)]
    return int(r), int(g), int(b)


def svg_root(fig) -> ET.Element:
    return ET.fromstring(render_bytes(fig, "svg"))


def groups(root: ET.Element, prefix: str) -> Iterator[ET.Element]:
    """``<g>`` elements whose id starts with ``prefix`` (collections get their gid as id)."""
    for g in root.iter(f"{SVG_NS}g"):
        if g.get("id", "").startswith(prefix):
            yield g


_NUM = r"-?\d+(?:\.\d+)?(?:e-?\d+)?"


def path_points(d: str) -> list[list[tuple[float, float]]]:
    """Polygons of an SVG path made of M/L/z commands (what PolyCollections write)."""
    polys: list[list[tuple[float, float]]] = []
    for cmd, body in re.findall(r"([MLZz])([^MLZz]*)", d):
        nums = [float(v) for v in re.findall(_NUM, body)]
        pts = list(zip(nums[0::2], nums[1::2], strict=True))
        if cmd == "M":
            polys.append(pts)
        elif cmd == "L":
            polys[-1].extend(pts)
        else:
            assert cmd in "Zz", f"unexpected path command {cmd!r}"
    return polys


def area(points: list[tuple[float, float]]) -> float:
    xs = np.array([p[0] for p in points])
    ys = np.array([p[1] for p in points])
    return float(abs(np.dot(xs, np.roll(ys, 1)) - np.dot(ys, np.roll(xs, 1))) / 2)


def paths_in(group: ET.Element) -> list[ET.Element]:
    return [p for p in group.iter(f"{SVG_NS}path") if p.get("d")]


def fill_of(path: ET.Element) -> str | None:
    m = re.search(r"fill:\s*(#[0-9a-fA-F]{6})", path.get("style", ""))
    return m.group(1).upper() if m else None
