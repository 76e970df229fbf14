"""``grid`` and ``compare``: activity-sequence figures from a project or a tidy table.

Matplotlib and the project are imported inside the handlers, so ``fpmcoder --help``
stays fast. Every option maps onto :class:`fpmcoder.plot.GridOptions` /
:class:`fpmcoder.plot.CompareOptions`; see docs/figures.md.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fpmcoder.cli._common import check_figure, project_location

if TYPE_CHECKING:
    from fpmcoder.plot import GridOptions

__all__ = ["register"]

_SOURCE_HELP = (
    "an .fpmc project, a server URL (postgresql://...), or a tidy coding table "
    "(.csv/.tsv/.xlsx from 'fpmcoder export')"
)


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("source", type=project_location, metavar="PROJECT|TABLE", help=_SOURCE_HELP)
    p.add_argument(
        "-o",
        "--output",
        type=Path,
        required=True,
        metavar="OUT",
        help="figure file: .svg, .pdf, .eps, .png or .tif",
    )
    p.add_argument(
        "--codebook",
        type=Path,
        metavar="YAML",
        help="codebook (default: the project's, or the FPM codebook for a table)",
    )
    g = p.add_argument_group("layout")
    g.add_argument("--columns", type=int, metavar="N", help="squares per row (default: 10-20)")
    g.add_argument("--size", metavar="WxH", help="figure size, e.g. 85x60mm, 170mm, 3.5x2.5in")
    g.add_argument("--square", type=float, metavar="MM", help="square side in mm (default 4)")
    g.add_argument("--gap", type=float, default=0.15, help="gap as a fraction of a square")
    g.add_argument(
        "--rounded",
        type=float,
        default=0.0,
        metavar="R",
        help="round the corners: radius as a fraction of a square, e.g. 0.2 (0.5: circles)",
    )
    g.add_argument(
        "--key",
        dest="key_position",
        choices=["auto", "below", "right"],
        default="auto",
        help="where the key goes",
    )
    g.add_argument("--no-key", dest="key", action="store_false", help="leave the key out")
    g.add_argument(
        "--short-labels", action="store_true", help="add each activity's short label to the key"
    )
    g = p.add_argument_group("content")
    g.add_argument(
        "--weight",
        default="segments",
        metavar="W",
        help="segments (default), time:SECONDS (e.g. time:15) or words[:N]",
    )
    g.add_argument("--palette", choices=["codebook", "colorblind", "grey"], default="codebook")
    g.add_argument("--numbers", action="store_true", help="write segment numbers in squares")
    g.add_argument("--dilemmas", action="store_true", help="mark segments carrying a dilemma")
    g.add_argument("--speaker", metavar="NAME", help="outline the segments NAME speaks")
    g = p.add_argument_group("text and output")
    g.add_argument("--title", help="figure title (grid default: transcript, setting, segments)")
    g.add_argument("--no-title", action="store_true", help="no title")
    g.add_argument("--font", default="DejaVu Sans", metavar="FAMILY", help="font family")
    g.add_argument("--font-size", type=float, default=8.0, metavar="PT")
    g.add_argument("--dpi", type=float, metavar="N", help="PNG/TIFF resolution (default 300)")
    g.add_argument(
        "--svg-text", action="store_true", help="keep SVG text as text (editable) instead of paths"
    )


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add ``grid`` and ``compare``."""
    p = sub.add_parser(
        "grid",
        help="draw a transcript as an activity-sequence grid",
        description="Draw one transcript as a grid of coloured squares, one per segment, "
        "read left to right and top to bottom, with a key.",
    )
    _common(p)
    p.add_argument(
        "--transcript", metavar="NAME", help="transcript (needed when there are several)"
    )
    p.add_argument("--coder", metavar="NAME", help="coder (default: the one with most codings)")
    p.set_defaults(func=_grid)

    p = sub.add_parser(
        "compare",
        help="draw several transcripts (or coders) side by side",
        description="Draw several grids with the same square size and one key. With one "
        "transcript and exactly two --coders, draw them one above the other with every "
        "disagreement marked.",
    )
    _common(p)
    p.add_argument(
        "--transcript",
        dest="transcripts",
        action="append",
        default=[],
        metavar="NAME",
        help="a transcript to show (repeat; default: all)",
    )
    p.add_argument(
        "--coders",
        nargs="+",
        metavar="NAME",
        help="coders to show for each transcript (default: the one with most codings)",
    )
    p.add_argument(
        "--layout",
        choices=["columns", "rows"],
        default="columns",
        help="panels side by side (columns) or stacked (rows)",
    )
    p.add_argument(
        "--panels-per-row",
        type=int,
        metavar="N",
        help="panels side by side before wrapping (columns layout; default 4)",
    )
    p.add_argument(
        "--summary",
        action="store_true",
        help="activity shares and number of switches under each panel",
    )
    p.set_defaults(func=_compare)


def _options(args: argparse.Namespace) -> dict[str, Any]:
    return {
        "columns": args.columns,
        "square_mm": args.square,
        "gap": args.gap,
        "rounded": args.rounded,
        "show_numbers": args.numbers,
        "mark_dilemmas": args.dilemmas,
        "highlight_speaker": args.speaker,
        "weight": args.weight,
        "palette": args.palette,
        "key": args.key,
        "key_position": args.key_position,
        "short_labels": args.short_labels,
        "font_family": args.font,
        "font_size": args.font_size,
        "size": args.size,
    }


def _title(args: argparse.Namespace, default: str | None) -> str | None:
    return "" if args.no_title else (args.title if args.title is not None else default)


def _save(fig: Any, args: argparse.Namespace, what: str) -> int:
    from fpmcoder.cli._common import note
    from fpmcoder.plot import save_figure

    out = save_figure(fig, args.output, dpi=args.dpi, svg_text=args.svg_text)
    w, h = fig.get_size_inches()
    note(f"wrote {out} ({w * 25.4:.0f} x {h * 25.4:.0f} mm, {what})")
    return 0


def _grid(args: argparse.Namespace) -> int:
    check_figure(args.output)
    from matplotlib.figure import Figure

    from fpmcoder.cli._common import load_sequences
    from fpmcoder.plot import GridOptions, draw_grid
    from fpmcoder.plot.options import FigureOptionError

    options = GridOptions(title=_title(args, None), **_options(args))
    transcripts = [args.transcript] if args.transcript else []
    coders = [args.coder] if args.coder else None
    codebook, seqs = load_sequences(
        args.source, transcripts=transcripts, coders=coders, codebook=args.codebook
    )
    if len(seqs) != 1:
        names = ", ".join(dict.fromkeys(s.transcript for s in seqs))
        raise FigureOptionError(
            f"{args.source} holds {len(seqs)} transcripts: choose one with --transcript "
            f"({names}), or draw several with 'fpmcoder compare'"
        )
    fig = Figure()
    handle = draw_grid(fig, seqs[0], codebook, options)
    return _save(fig, args, f"{len(handle)} squares")


def _compare(args: argparse.Namespace) -> int:
    check_figure(args.output)
    from matplotlib.figure import Figure

    from fpmcoder.cli._common import load_sequences
    from fpmcoder.plot import CompareOptions, draw_agreement, draw_comparison

    common = _options(args)
    codebook, seqs = load_sequences(
        args.source, transcripts=args.transcripts, coders=args.coders, codebook=args.codebook
    )
    fig = Figure()
    pair = args.coders is not None and len(args.coders) == 2
    if pair and len({s.transcript for s in seqs}) == 1:
        grid: GridOptions = CompareOptions(title=_title(args, None), **common)
        handle = draw_agreement(fig, seqs[0], seqs[1], codebook, grid)
        return _save(fig, args, f"{len(handle.disagreements)} disagreements marked")
    options = CompareOptions(
        title=_title(args, ""),
        layout=args.layout,
        panels_per_row=args.panels_per_row,
        summary=args.summary,
        **common,
    )
    draw_comparison(fig, seqs, codebook, options)
    return _save(fig, args, f"{len(seqs)} panels")
