"""``stats``, ``transitions`` and ``agreement``: the numbers researchers report.

Tables go to standard output as readable text, or with ``-o`` to CSV, XLSX or Markdown
(full precision in CSV and XLSX). pandas and matplotlib are imported inside the handlers
so the other commands start fast. Definitions: ``docs/statistics.md``.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from fpmcoder.cli._common import (
    add_coder_option,
    add_selection,
    check_out,
    emit_tables,
    load_sequences,
    note,
)
from fpmcoder.errors import InputError, NotFoundError

if TYPE_CHECKING:
    import pandas as pd

    from fpmcoder.core.codebook import Codebook
    from fpmcoder.core.sequence import CodedSequence

__all__ = ["register"]

_MAX_LISTED = 40


def _output(p: argparse.ArgumentParser, kinds: str) -> None:
    p.add_argument("-o", "--output", type=Path, metavar="OUT", help=f"write the tables to {kinds}")


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "stats",
        help="sequence statistics: shares, runs, transitions, entropy, turbulence, distances",
        description="Per transcript (or setting, or case) and pooled: segments, shares of "
        "segments and time per activity (uncoded shown apart), runs, transitions, mean and "
        "longest run, entropy, turbulence; per-activity table; dilemma counts and the "
        "dilemma x activity table; optimal-matching and LCS distances between transcripts.",
    )
    add_selection(p)
    add_coder_option(p)
    p.add_argument("--by", choices=("transcript", "setting", "case"), default="transcript")
    _output(p, "OUT.csv, OUT.xlsx (one sheet per table) or OUT.md")
    p.set_defaults(func=_stats)

    p = sub.add_parser(
        "transitions",
        help="lagged transitions: counts, probabilities, adjusted residuals, odds ratios, Q",
        description="Transitions between coded segments K apart (lag 1: adjacent), per "
        "transcript (or setting, or case), as GSEQ computes them; --pooled sums the counts of "
        "all selected transcripts into one table. At run level the lag-1 diagonal is a "
        "structural zero (expected counts by iterative proportional fitting).",
    )
    add_selection(p)
    add_coder_option(p, most_by_default=False)
    p.add_argument("--by", choices=("transcript", "setting", "case"), default="transcript")
    p.add_argument("--pooled", action="store_true", help="one table, counts summed over all")
    p.add_argument(
        "--level",
        choices=("segment", "run"),
        default="segment",
        help="segment: every adjacent pair, repeats included (default); run: changes only",
    )
    p.add_argument(
        "--lag",
        type=int,
        choices=range(1, 6),
        default=1,
        metavar="K",
        help="pairs K segments (or runs) apart, 1 to 5 (default 1), within a transcript",
    )
    p.add_argument(
        "--permutations",
        type=int,
        default=0,
        metavar="N",
        help="permutation test: shuffle each transcript's codes N times (column p_value)",
    )
    p.add_argument("--seed", type=int, metavar="S", help="seed of the permutations (reproducible)")
    p.add_argument("--figure", type=Path, metavar="FIG", help="heatmap to FIG.svg, .pdf or .png")
    p.add_argument(
        "--diagram",
        type=Path,
        metavar="FIG",
        help="transition diagram (activities as nodes, arrows) to FIG.svg, .pdf or .png",
    )
    p.add_argument(
        "--diagram-values",
        choices=("probability", "residual"),
        default="probability",
        help="arrows by probability (default) or adjusted residual (red above, blue below chance)",
    )
    p.add_argument(
        "--significant",
        action="store_true",
        help="draw only the significant arrows (|z| >= 1.96, or p < 0.05 with --permutations)",
    )
    p.add_argument("--group", metavar="NAME", help="the group drawn by --figure and --diagram")
    _output(p, "OUT.csv, OUT.xlsx or OUT.md")
    p.set_defaults(func=_transitions)

    p = sub.add_parser(
        "agreement",
        help="inter-coder agreement: percent, Cohen, Fleiss, Krippendorff's alpha, confusion",
        description="Agreement of two or more coders on the same segments (or, when they "
        "segmented a transcript differently, on its characters).",
    )
    add_selection(p)
    p.add_argument("--coders", nargs="+", required=True, metavar="NAME", help="two or more coders")
    p.add_argument(
        "--over",
        choices=("segments", "time"),
        default="segments",
        help="segments (default; characters when segmented differently) or time: each "
        "second of a timed transcript takes the activity of the segment it falls in",
    )
    p.add_argument(
        "--bootstrap",
        type=int,
        default=1000,
        metavar="N",
        help="bootstrap samples for Krippendorff's alpha's 95%% interval (default 1000; 0: none)",
    )
    p.add_argument(
        "--seed", type=int, default=0, metavar="S", help="seed of the bootstrap (default 0)"
    )
    p.add_argument(
        "--without-suggestions",
        action="store_true",
        help="leave out activities that were accepted suggestions (as if not coded), so that "
        "only the coders' own judgements are compared",
    )
    p.add_argument(
        "--figure", type=Path, metavar="FIG", help="confusion matrix to FIG.png/.svg/.pdf"
    )
    _output(p, "OUT.csv, OUT.xlsx or OUT.md")
    p.set_defaults(func=_agreement)


def _save_figure(fig_path: Path, draw: object) -> None:
    from matplotlib.figure import Figure

    fig = Figure()
    draw(fig)  # type: ignore[operator]
    try:
        from fpmcoder.plot.export import save_figure
    except ImportError:  # pragma: no cover - plot.export ships with the grids
        fig.savefig(fig_path)
    else:
        save_figure(fig, fig_path)
    print(f"wrote {fig_path}")


def _stats(args: argparse.Namespace) -> int:
    from fpmcoder.analysis import (
        activity_stats,
        dilemma_activity_table,
        dilemma_frequencies,
        distance_matrix,
        sequence_stats,
    )

    check_out(args.output)
    coders = [args.coder] if args.coder else None
    cb, seqs = load_sequences(
        args.project, transcripts=args.transcript, coders=coders, codebook=args.codebook
    )
    summary = sequence_stats(seqs, cb, by=args.by)
    per_activity = activity_stats(seqs, cb, by=args.by)
    tables = {"summary": summary, "activities": per_activity}
    tables["dilemmas"] = dilemma_frequencies(seqs, cb, by=args.by)
    tables["dilemma_activity"] = dilemma_activity_table(seqs, cb, by=args.by, pooled=True)
    if len(seqs) > 1:
        tables["distance_om"] = distance_matrix(seqs, cb, method="om").reset_index()
        tables["distance_lcs"] = distance_matrix(seqs, cb, method="lcs").reset_index()
    screen = {
        "summary (one column per group)": _transpose(summary),
        "activities": per_activity,
        "dilemmas (present at least once)": _nonzero(tables["dilemmas"]),
    }
    if "distance_om" in tables:
        screen["optimal matching distance (substitution 2, indel 1)"] = tables["distance_om"]
    emit_tables(tables, args.output, screen)
    return 0


def _transpose(df: pd.DataFrame) -> pd.DataFrame:
    import pandas as pd

    body = df.drop(columns=["grouping", "group"]).T
    body.columns = [str(g) for g in df["group"]]
    out = body.reset_index().rename(columns={"index": "measure"})
    # a column of mixed text and numbers: render each cell on its own
    from fpmcoder.analysis.tables import format_value

    return pd.DataFrame({c: [format_value(v) for v in out[c]] for c in out.columns})


def _nonzero(df: pd.DataFrame) -> pd.DataFrame:
    return df[df["n_segments"] > 0].reset_index(drop=True)


def _transitions(args: argparse.Namespace) -> int:
    from fpmcoder.analysis import transition_table
    from fpmcoder.plot.transitions import draw_transition_heatmap

    check_out(args.output)
    coders = [args.coder] if args.coder else None
    cb, seqs = load_sequences(
        args.project, transcripts=args.transcript, coders=coders, codebook=args.codebook
    )
    by = "all" if args.pooled else args.by
    if args.permutations < 0:
        raise InputError("--permutations must be 0 or more")
    if args.permutations and args.seed is None:
        note("no --seed given: the p-values will differ a little from run to run")
    table = transition_table(
        seqs,
        cb,
        by=by,
        pooled=False,
        level=args.level,
        lag=args.lag,
        permutations=args.permutations,
        seed=args.seed,
    )
    screen = {}
    for group, sub in table.groupby("group", sort=False):
        n_unc = int(sub["n_pairs_with_uncoded"].iloc[0])
        title = (
            f"{group}: {int(sub['count'].sum())} transitions, lag {args.lag} ({args.level} level)"
        )
        if n_unc:
            title += f"; {n_unc} pairs touching an uncoded segment not counted"
        cols = ["from", "to", "count", "probability", "adjusted_residual", "odds_ratio"]
        cols += ["or_ci_low", "or_ci_high", "yules_q"]
        if args.permutations:
            cols.append("p_value")
        screen[title] = sub[sub["row_total"] > 0][cols].reset_index(drop=True)
    emit_tables({"transitions": table}, args.output, screen)
    groups = list(dict.fromkeys(table["group"]))
    group = args.group or groups[0]
    if args.group is None and len(groups) > 1 and (args.figure or args.diagram):
        note(f"the figure shows {group}; choose another with --group or use --pooled")
    if args.figure is not None:
        check_out(args.figure)
        _save_figure(
            args.figure,
            lambda fig: draw_transition_heatmap(fig, table, cb, group=group),
        )
    if args.diagram is not None:
        from fpmcoder.analysis._encode import group_labels
        from fpmcoder.plot.diagram import draw_transition_diagram

        check_out(args.diagram)
        members = [s for s, g in zip(seqs, group_labels(seqs, by), strict=True) if g == group]
        acts = [seg.activity for s in members for seg in s.segments]
        shares = {a: acts.count(a) / len(acts) if acts else 0.0 for a in cb.activity_ids}
        _save_figure(
            args.diagram,
            lambda fig: draw_transition_diagram(
                fig,
                table,
                cb,
                group=group,
                value=args.diagram_values,
                significant=args.significant,
                shares=shares,
            ),
        )
    return 0


def _load_for_agreement(args: argparse.Namespace) -> tuple[Codebook, list[CodedSequence]]:
    """Every (transcript, coder) pair that exists; a table may lack some pairs.

    A tidy table holds only the transcripts each coder coded, so asking it for every
    coder on every transcript fails; then each pair is read on its own and the missing
    ones are skipped (:func:`fpmcoder.analysis.agreement` names the transcripts left out).
    """
    try:
        return load_sequences(
            args.project, transcripts=args.transcript, coders=args.coders, codebook=args.codebook
        )
    except NotFoundError as first_error:
        cb, firsts = load_sequences(
            args.project, transcripts=args.transcript, coders=None, codebook=args.codebook
        )
        seqs: list[CodedSequence] = []
        for title in dict.fromkeys(s.transcript for s in firsts):
            for coder in args.coders:
                try:
                    seqs.extend(
                        load_sequences(
                            args.project,
                            transcripts=[title],
                            coders=[coder],
                            codebook=args.codebook,
                        )[1]
                    )
                except NotFoundError:
                    continue
        found = {s.coder for s in seqs}
        if any(c not in found for c in args.coders):
            raise first_error from None
        return cb, seqs


def _agreement(args: argparse.Namespace) -> int:
    from fpmcoder.analysis import agreement

    check_out(args.output)
    if len(args.coders) < 2:
        raise InputError("agreement needs at least two coders: --coders A B")
    if len(set(args.coders)) != len(args.coders):
        raise InputError("each coder may be named once in --coders")
    cb, seqs = _load_for_agreement(args)
    if args.bootstrap < 0:
        raise InputError("--bootstrap must be 0 or more")
    accepted: dict[str, int] = {}
    for seq in seqs:
        if seq.coder is not None and seq.n_suggested:
            accepted[seq.coder] = accepted.get(seq.coder, 0) + seq.n_suggested
    if accepted:
        counts = ", ".join(f"{c} {n}" for c, n in accepted.items())
        if args.without_suggestions:
            seqs = [s.own() for s in seqs]
            note(f"left out accepted suggestions ({counts} segments), as if not coded")
        else:
            note(
                f"accepted suggestions are included ({counts} segments); "
                "--without-suggestions compares the coders' own codings only"
            )
    over = "time" if args.over == "time" else "units"
    result = agreement(seqs, cb, args.coders, bootstrap=args.bootstrap, seed=args.seed, over=over)
    for line in result.notes:
        note(line)
    tables = {
        "summary": result.summary,
        "per_activity": result.per_activity,
        "confusion": result.confusion,
        "disagreements": result.disagreements,
        "dilemmas": result.dilemmas,
    }
    unit = result.unit
    a, b = result.coders[0], result.coders[1]
    pair = result.confusion[(result.confusion.coder_a == a) & (result.confusion.coder_b == b)]
    wide = pair.pivot(index="code_a", columns="code_b", values="count")
    order = list(dict.fromkeys(pair["code_a"]))
    wide = wide.loc[order, order].reset_index().rename(columns={"code_a": f"{a} \\ {b}"})
    wide.columns.name = None
    dis = result.disagreements
    shown = dis.head(_MAX_LISTED)
    noun = {"segment": "segments", "character": "stretches of characters"}.get(
        unit, "stretches of time"
    )
    more = f", first {_MAX_LISTED} shown (all with -o)" if len(dis) > _MAX_LISTED else ""
    screen = {
        f"agreement of {', '.join(result.coders)} (unit: {unit})": result.summary,
        "kappa per activity (one against the rest)": result.per_activity,
        f"confusion matrix, {unit}s": wide,
        f"disagreements: {len(dis)} {noun}{more}": shown,
        "dilemmas (presence/absence, Krippendorff's alpha)": result.dilemmas,
    }
    emit_tables(tables, args.output, screen)
    if args.figure is not None:
        from fpmcoder.plot.confusion import draw_confusion

        check_out(args.figure)
        _save_figure(
            args.figure,
            lambda fig: draw_confusion(fig, result.confusion, cb, coders=(a, b), unit=unit),
        )
    return 0
