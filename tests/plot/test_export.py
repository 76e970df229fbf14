"""Export: every format, sizes in mm and inches, byte-identical SVG and PDF."""

from __future__ import annotations

import io
import re

import pytest
from matplotlib.figure import Figure
from PIL import Image

from fpmcoder.errors import InputError
from fpmcoder.plot import GridOptions, draw_grid, save_figure
from fpmcoder.plot.export import render_bytes
from fpmcoder.plot.options import parse_size

MAGIC = {
    "svg": b"<?xml",
    "pdf": b"%PDF-",
    "eps": b"%!PS-Adobe",
    "png": b"\x89PNG",
    "tif": (b"II*\x00", b"MM\x00*"),
}


def _draw(sequence, codebook, **kw) -> Figure:
    fig = Figure()
    draw_grid(fig, sequence, codebook, GridOptions(**kw))
    return fig


@pytest.mark.parametrize("fmt", ["svg", "pdf", "eps", "png", "tif"])
def test_each_format_is_written(tmp_path, sequence, codebook, fmt):
    fig = _draw(sequence, codebook, size="85mm", mark_dilemmas=True)
    out = save_figure(fig, tmp_path / f"grid.{fmt}", dpi=150)
    data = out.read_bytes()
    assert data.startswith(MAGIC[fmt])
    assert not list(tmp_path.glob(".*tmp")), "no temporary file left behind"


@pytest.mark.parametrize("fmt", ["svg", "pdf"])
def test_same_input_gives_the_same_bytes(sequence, codebook, fmt):
    one = render_bytes(_draw(sequence, codebook, mark_dilemmas=True, show_numbers=True), fmt)
    two = render_bytes(_draw(sequence, codebook, mark_dilemmas=True, show_numbers=True), fmt)
    assert one == two
    other = render_bytes(_draw(sequence, codebook, palette="grey"), fmt)
    assert other != one  # the test can tell figures apart
    assert b"CreationDate" not in one and b"<dc:date>" not in one
    assert b"fpmcoder" in one


def test_pdf_embeds_truetype_fonts(sequence, codebook):
    data = render_bytes(_draw(sequence, codebook), "pdf")
    assert b"/FontFile2" in data, "Type 42 (TrueType) font embedded"
    assert b"/Type3" not in data


def test_size_in_mm_reaches_the_pdf_and_the_raster(sequence, codebook):
    fig = _draw(sequence, codebook, size="85x60mm")
    pdf = render_bytes(fig, "pdf")
    box = re.search(rb"/MediaBox \[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    assert box is not None
    assert float(box.group(1)) == pytest.approx(85 / 25.4 * 72, abs=0.1)
    assert float(box.group(2)) == pytest.approx(60 / 25.4 * 72, abs=0.1)
    tif = Image.open(io.BytesIO(render_bytes(fig, "tif", dpi=300)))
    assert (
        tif.size == (round(85 / 25.4 * 300), round(60 / 25.4 * 300))
        or abs(tif.size[0] - 85 / 25.4 * 300) <= 1
    )
    assert round(tif.info["dpi"][0]) == 300


@pytest.mark.parametrize(
    ("text", "want"),
    [("85x60mm", (85 / 25.4, 60 / 25.4)), ("3.5x2.5in", (3.5, 2.5)), ("170mm", (170 / 25.4, None))],
)
def test_sizes_parse(text, want):
    w, h = parse_size(text)
    assert w == pytest.approx(want[0])
    assert h == (None if want[1] is None else pytest.approx(want[1]))


@pytest.mark.parametrize("bad", ["85", "85x60", "wide", "1x1mm", "85x60px"])
def test_bad_sizes_are_refused(bad):
    with pytest.raises(InputError, match="size"):
        parse_size(bad)


def test_unknown_format_is_refused(tmp_path, sequence, codebook):
    with pytest.raises(InputError, match=r"\.svg, \.pdf"):
        save_figure(_draw(sequence, codebook), tmp_path / "grid.jpg")


def test_svg_text_can_stay_text_with_a_fallback(sequence, codebook):
    fig = _draw(sequence, codebook)
    assert b"<text" not in render_bytes(fig, "svg")
    data = render_bytes(fig, "svg", svg_text=True)
    assert b"<text" in data
    assert b"font-family: 'DejaVu Sans', 'Arial'" in data and b"sans-serif" in data
