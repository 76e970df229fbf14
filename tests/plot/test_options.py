"""Bad options and input are refused with messages that name the problem."""

from __future__ import annotations

import pytest
from matplotlib.figure import Figure

from fpmcoder.core.sequence import CodedSequence
from fpmcoder.errors import InputError
from fpmcoder.plot import CompareOptions, GridOptions, draw_comparison, draw_grid
from fpmcoder.plot.options import default_columns


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"columns": 0}, "columns"),
        ({"square_mm": -1.0}, "square"),
        ({"gap": 2.0}, "gap"),
        ({"rounded": 0.7}, "rounded"),
        ({"palette": "rainbow"}, "codebook, colorblind, grey"),
        ({"weight": "minutes"}, "weighting"),
        ({"size": "85"}, "size"),
        ({"font_size": 1.0}, "font size"),
        ({"key_position": "left"}, "key"),
    ],
)
def test_bad_grid_options(kwargs, match):
    with pytest.raises(InputError, match=match):
        GridOptions(**kwargs)


def test_bad_compare_options():
    with pytest.raises(InputError, match="layout"):
        CompareOptions(layout="diagonal")  # type: ignore[arg-type]
    with pytest.raises(InputError, match="panels per row"):
        CompareOptions(panels_per_row=0)


def test_codes_not_in_the_codebook_are_named(codebook):
    seq = CodedSequence.from_activities("t", ["locating", "chatting", "gossip", None])
    with pytest.raises(InputError, match=r"chatting, gossip.*locating, meaning"):
        draw_grid(Figure(), seq, codebook)
    with pytest.raises(InputError, match="chatting"):
        draw_comparison(Figure(), [seq], codebook)


def test_unknown_speaker_and_font(sequence, codebook):
    with pytest.raises(InputError, match=r"'Doctor'.*'Mother', 'Nurse'"):
        draw_grid(Figure(), sequence, codebook, GridOptions(highlight_speaker="Doctor"))
    with pytest.raises(InputError, match="not installed"):
        draw_grid(Figure(), sequence, codebook, GridOptions(font_family="No Such Font 42"))


def test_too_small_a_size_and_both_sizes(sequence, codebook):
    big = CodedSequence.from_activities("big", ["locating"] * 4000)
    with pytest.raises(InputError, match=r"too small|at least"):
        draw_grid(Figure(), big, codebook, GridOptions(size="20x15mm"))
    with pytest.raises(InputError, match="not both"):
        draw_grid(Figure(), sequence, codebook, GridOptions(size="85mm", square_mm=3))


def test_empty_sequence_and_empty_comparison(codebook):
    with pytest.raises(InputError, match="no segments"):
        draw_grid(Figure(), CodedSequence("empty", None, ()), codebook)
    with pytest.raises(InputError, match="at least one"):
        draw_comparison(Figure(), [], codebook)


@pytest.mark.parametrize(("n", "cols"), [(1, 10), (40, 10), (120, 15), (200, 20), (10_000, 140)])
def test_default_columns(n, cols):
    assert default_columns(n) == cols


def test_importing_the_package_and_the_cli_does_not_load_matplotlib():
    import subprocess
    import sys

    code = "import sys, fpmcoder.plot, fpmcoder.cli; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
