"""``export`` and ``apply``: the tidy table out and back in, REFI-QDA and YAML out."""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from fpmcoder.cli._common import SERVER_HELP, note, open_project, project_location
from fpmcoder.errors import InputError, TableError

if TYPE_CHECKING:
    from fpmcoder.store import Project

__all__ = ["register"]

_EXPORTS = (".csv", ".tsv", ".xlsx", ".qdpx", ".qdc", ".yaml", ".yml", ".eaf")


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "export",
        help="write the tidy coding table (csv/xlsx), REFI-QDA (qdpx/qdc), the codebook (yaml) "
        "or one coded transcript for ELAN (eaf)",
        description="Write one row per segment per coder with the columns transcript, case, "
        "setting, segment, start_char, end_char, start_time, end_time, speaker, text, coder, "
        "activity, activity_name, dilemmas, memo. The kind of file follows the suffix of -o. "
        "An ELAN file (.eaf) holds one timed transcript (--transcript NAME): a tier per "
        "speaker, a tier per coder with the activity of each segment and a child tier with "
        "its dilemmas, linked to the recording.",
    )
    p.add_argument("project", type=project_location, metavar="PROJECT", help=SERVER_HELP)
    p.add_argument(
        "-o",
        "--output",
        type=Path,
        required=True,
        metavar="OUT",
        help="OUT.csv, .tsv, .xlsx, .qdpx (whole project), .qdc or .yaml (codebook), "
        ".eaf (one transcript)",
    )
    p.add_argument(
        "--transcript",
        action="append",
        default=[],
        metavar="NAME",
        help="only this transcript (repeatable; default: all)",
    )
    p.add_argument(
        "--coder",
        action="append",
        default=None,
        metavar="NAME",
        help="only this coder (repeatable; default: every coder of each transcript)",
    )
    p.add_argument(
        "--media",
        metavar="FILE",
        help="ELAN: the recording to link (default: the one the transcript was imported with)",
    )
    p.set_defaults(func=_export)

    p = sub.add_parser(
        "apply",
        help="apply a coding table (csv/xlsx) to a project, as one undoable change",
        description="Read a tidy table (at least transcript, segment, activity and coder "
        "columns; dilemmas and memo when present) and store its codings, matching rows on "
        "transcript and segment number. A row with an empty activity, no dilemmas and no "
        "memo clears that coding. Nothing is stored if any row is wrong.",
    )
    p.add_argument("project", type=project_location, metavar="PROJECT", help=SERVER_HELP)
    p.add_argument("table", type=Path, metavar="TABLE")
    p.add_argument("--coder", metavar="NAME", help="store every row as this coder's coding")
    p.set_defaults(func=_apply)


def _export(args: argparse.Namespace) -> int:
    out: Path = args.output
    suffix = out.suffix.lower()
    if suffix not in _EXPORTS:
        raise InputError(
            f"cannot tell what to write from the suffix; use one of {', '.join(_EXPORTS)}", path=out
        )
    if not out.resolve().parent.is_dir():
        raise InputError("the folder does not exist", path=out.parent)
    with open_project(args.project) as project:
        titles = args.transcript or None
        if suffix in (".yaml", ".yml"):
            from fpmcoder.io.codebook_yaml import codebook_to_yaml

            out.write_text(codebook_to_yaml(project.codebook), encoding="utf-8")
            print(f"wrote the codebook to {out}")
        elif suffix == ".eaf":
            _export_eaf(project, args, out)
        elif suffix == ".qdc":
            from fpmcoder.io.refi import write_qdc

            with project.transaction():
                write_qdc(out, project.codebook, project.guid)
            print(f"wrote the codebook to {out}")
        elif suffix == ".qdpx":
            from fpmcoder.io.refi import write_qdpx

            bundle = project.export_bundle(titles)
            with project.transaction():
                write_qdpx(out, bundle, project.codebook, project.guid, project_name=project.name)
            print(f"wrote {len(bundle.transcripts)} transcripts to {out}")
        else:
            from fpmcoder.io.table import write_table

            n = write_table(project.tidy_rows(titles, args.coder), out)
            print(f"wrote {n} rows to {out}")
    return 0


def _export_eaf(project: Project, args: argparse.Namespace, out: Path) -> None:
    from fpmcoder.io.elan import write_eaf

    if len(args.transcript) != 1:
        raise InputError("an ELAN file holds one transcript: name it with --transcript NAME")
    title = args.transcript[0]
    transcript = project.transcript(title)
    # the coders named (an unknown one is refused by name), else every coder who coded it
    coders = args.coder or [c for c, _n in project.coders_of(title)]
    sequences = [project.sequence(title, c) for c in coders]
    activities = {a.id: a.name for a in project.codebook.activities}
    report = write_eaf(out, transcript, sequences, media=args.media, activities=activities)
    print(f"wrote {transcript.title!r} to {out} (tiers: {', '.join(report.tiers)})")
    for line in report.lines():
        note(line)


def _apply(args: argparse.Namespace) -> int:
    from fpmcoder.core.commands import Batch, SetCoding
    from fpmcoder.core.segmentation import Coding
    from fpmcoder.errors import NotFoundError
    from fpmcoder.io.table import check_codes, read_table

    rows = read_table(args.table, coder=args.coder)
    with open_project(args.project) as project:
        check_codes(rows, project.codebook, args.table)
        # each transcript's segments, and each coder's codings of it, are read once: the
        # rows of a long transcript must not read it again row by row
        found: dict[str, tuple[int, list]] = {}
        before_of: dict[tuple[int, str], dict] = {}
        commands = []
        changed = 0
        for r in rows:
            if r.transcript not in found:
                try:
                    tid = project.transcript_id(r.transcript)
                except NotFoundError as exc:
                    raise TableError(
                        str(exc), path=args.table, line=r.line, field="transcript"
                    ) from None
                found[r.transcript] = (tid, project.segments(tid))
            tid, segs = found[r.transcript]
            if r.segment > len(segs):
                raise TableError(
                    f"{r.transcript!r} has {len(segs)} segments, not {r.segment}",
                    path=args.table,
                    line=r.line,
                    field="segment",
                )
            seg = segs[r.segment - 1]
            start, end = r.extra.get("start_char", ""), r.extra.get("end_char", "")
            if start and end and (int(float(start)), int(float(end))) != (seg.start, seg.end):
                raise TableError(
                    f"segment {r.segment} of {r.transcript!r} spans characters "
                    f"{seg.start}-{seg.end} in the project but {start}-{end} in the table: "
                    "the table was made from a different segmentation",
                    path=args.table,
                    line=r.line,
                )
            coding = Coding(r.activity, r.dilemmas, r.memo)
            if (tid, r.coder) not in before_of:
                known = r.coder in project.coders()
                before_of[tid, r.coder] = project.codings(tid, r.coder) if known else {}
            before = before_of[tid, r.coder].get(seg.id)
            if before is not None and before.suggested and r.activity == before.activity:
                # an accepted suggestion stays one while the table keeps its activity
                coding = replace(coding, suggested=before.suggested)
            if before is not None and before.blind is not None and r.activity is not None:
                coding = replace(coding, blind=before.blind)  # blind mode's record stays
            if (before or Coding()) != coding:
                changed += 1
            commands.append(SetCoding(seg.id, r.coder, None if coding.is_empty else coding))
        project.perform(Batch(tuple(commands), label=f"Apply {args.table.name}"))
    note(f"applied {len(rows)} rows from {args.table} ({changed} codings changed)")
    return 0
