"""``typology`` and ``chronogram``: comparing many cases.

``typology``: which transcripts flow alike (distances, clusters, medoids, quality, the
index plot). ``chronogram``: the share of each activity over the course of the
interactions, by group.

pandas, numba and matplotlib are imported inside the handler so the other commands start
fast. Definitions: ``docs/statistics.md`` (Typologies of cases).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from fpmcoder.cli._common import (
    add_coder_option,
    add_selection,
    check_figure,
    check_out,
    load_sequences,
    note,
)
from fpmcoder.errors import InputError

__all__ = ["register"]


def _clusters(text: str) -> int | None:
    if text == "auto":
        return None
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: give a number of clusters or 'auto'") from None


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "typology",
        help="cluster transcripts that flow alike: OM/LCS/Hamming distances, Ward or PAM",
        description="Distances between the transcripts' activity sequences (optimal matching, "
        "LCS or Hamming, as TraMineR's seqdist), clustered by Ward or PAM; each cluster's "
        "medoid (representative transcript), each transcript's silhouette, and the quality "
        "(ASW, PBC, Hubert's C) of the partition.",
    )
    add_selection(p)
    add_coder_option(p)
    p.add_argument(
        "--distance",
        choices=("om", "lcs", "hamming"),
        default="om",
        help="optimal matching (default), LCS, or Hamming (equal lengths only)",
    )
    p.add_argument(
        "--costs",
        choices=("constant", "trate"),
        default="constant",
        help="substitution costs: constant 2 (default; Hamming 1) or from transition rates "
        "(TRATE: 2 - p(a|b) - p(b|a))",
    )
    p.add_argument(
        "--indel",
        type=float,
        metavar="COST",
        help="insertion/deletion cost for OM (default: 1 with constant costs, max/2 with trate)",
    )
    p.add_argument(
        "--norm",
        choices=("none", "maxlength", "gmean", "maxdist", "yujianbo"),
        default="none",
        help="normalise each distance for the lengths (TraMineR's formulas; default none)",
    )
    p.add_argument(
        "--method", choices=("ward", "pam"), default="ward", help="Ward (default) or PAM"
    )
    p.add_argument(
        "--clusters",
        type=_clusters,
        default=None,
        metavar="K|auto",
        help="number of clusters, or auto (default): the k of 2..10 with the largest "
        "average silhouette width, with the quality table printed",
    )
    p.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="CLUSTERS.csv",
        help="one row per transcript: cluster, medoid, distance to it, silhouette "
        "(.csv, .xlsx or .md; the quality table beside it: OUT-quality.csv or a second sheet)",
    )
    p.add_argument(
        "--distances",
        type=Path,
        metavar="D.csv",
        help="the square distance matrix, transcript titles as row and column labels",
    )
    p.add_argument(
        "--figure",
        type=Path,
        metavar="INDEX.pdf",
        help="sequence index plot, rows grouped by cluster (.svg, .pdf, .eps, .png or .tif)",
    )
    p.add_argument("--palette", choices=["codebook", "colorblind", "grey"], default="codebook")
    p.add_argument(
        "--figure-axis",
        choices=("segments", "time"),
        default="segments",
        help="x axis of the index plot: segment numbers (default) or time in minutes",
    )
    p.set_defaults(func=_typology)
    _register_chronogram(sub)


def _register_chronogram(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "chronogram",
        help="share of each activity over the course of the interactions, by group",
        description="A chronogram (TraMineR's state distribution plot) over relative "
        "position: each transcript runs from 0% to 100% of its segments, cut into bins; each "
        "bin shows the mean share of each activity (uncoded segments as their own band), "
        "every transcript counting equally; one panel per setting or case with --by.",
    )
    add_selection(p)
    add_coder_option(p, most_by_default=False)
    p.add_argument(
        "--by", choices=("all", "setting", "case"), default="all", help="one panel per group"
    )
    p.add_argument("--bins", type=int, default=20, metavar="N", help="positions (default 20)")
    p.add_argument("--palette", choices=["codebook", "colorblind", "grey"], default="codebook")
    p.add_argument(
        "-o",
        "--output",
        type=Path,
        required=True,
        metavar="FIG",
        help="figure file: .svg, .pdf, .eps, .png or .tif",
    )
    p.add_argument("--table", type=Path, metavar="OUT.csv", help="also write the shares")
    p.set_defaults(func=_chronogram)


def _chronogram(args: argparse.Namespace) -> int:
    from matplotlib.figure import Figure

    from fpmcoder.analysis.chronogram import chronogram_table
    from fpmcoder.analysis.tables import write_tables
    from fpmcoder.plot.chronogram import draw_chronogram
    from fpmcoder.plot.export import save_figure

    for path in (args.output, args.table):
        check_out(path)
    check_figure(args.output)
    coders = [args.coder] if args.coder else None
    cb, seqs = load_sequences(
        args.project, transcripts=args.transcript, coders=coders, codebook=args.codebook
    )
    table = chronogram_table(seqs, cb, bins=args.bins, by=args.by)
    if args.table is not None:
        for path in write_tables({"chronogram": table}, args.table):
            print(f"wrote {path}")
    fig = Figure()
    draw_chronogram(fig, table, cb, palette=args.palette)
    print(f"wrote {save_figure(fig, args.output)}")
    return 0


def _typology(args: argparse.Namespace) -> int:
    from fpmcoder.analysis.tables import to_text, write_tables
    from fpmcoder.analysis.typology import typology

    for path in (args.output, args.distances, args.figure):
        check_out(path)
    check_figure(args.figure, "--figure")
    if args.distances is not None and args.distances.suffix.lower() != ".csv":
        raise InputError("the distance matrix is written as CSV: end the name in .csv")
    coders = [args.coder] if args.coder else None
    cb, seqs = load_sequences(
        args.project, transcripts=args.transcript, coders=coders, codebook=args.codebook
    )
    if args.distance == "lcs" and (args.costs != "constant" or args.indel is not None):
        note("LCS has fixed costs (substitution 2, indel 1): --costs and --indel are ignored")
    n_uncoded = sum(1 for s in seqs for g in s.segments if g.activity is None)
    if n_uncoded and args.distance != "hamming":
        note(f"{n_uncoded} uncoded segments left out of the distances (coded segments compared)")
    elif n_uncoded:
        note(f"{n_uncoded} uncoded segments compared as a state of their own (Hamming)")
    result = typology(
        seqs,
        cb,
        distance=args.distance,
        costs=args.costs,
        indel=args.indel,
        norm=args.norm,
        method=args.method,
        clusters=args.clusters,
    )
    table = result.clusters
    described = f"{args.distance}" + (f", {args.costs} costs" if args.distance != "lcs" else "")
    if args.norm != "none":
        described += f", {args.norm} normalisation"
    print(f"== {len(table)} transcripts, {result.k} clusters ({args.method}; {described}) ==")
    summary = (
        table.groupby("cluster")
        .agg(
            size=("sequence", "size"),
            medoid=("medoid", "first"),
            mean_silhouette=("silhouette", "mean"),
            mean_distance_to_medoid=("distance_to_medoid", "mean"),
        )
        .reset_index()
    )
    print(to_text(summary), end="")
    if args.clusters is None:
        print()
        print("== quality of k clusters (ASW, PBC: higher is better; HC: lower is better) ==")
        print(to_text(result.quality), end="")
    if args.output is not None:
        for path in write_tables({"clusters": table, "quality": result.quality}, args.output):
            print(f"wrote {path}")
    else:
        print()
        print("== transcripts ==")
        cols = ["sequence", "cluster", "medoid", "distance_to_medoid", "silhouette"]
        print(to_text(table.iloc[result.order][cols]), end="")
    if args.distances is not None:
        d = result.distances
        d.to_csv(args.distances, index_label="transcript")
        print(f"wrote {args.distances}")
    if args.figure is not None:
        from matplotlib.figure import Figure

        from fpmcoder.plot.export import save_figure
        from fpmcoder.plot.index import draw_index_plot

        fig = Figure()
        draw_index_plot(fig, seqs, cb, result, palette=args.palette, axis=args.figure_axis)
        print(f"wrote {save_figure(fig, args.figure)}")
    return 0
