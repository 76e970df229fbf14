"""``demo``, ``import`` and ``list``: building a project and seeing what is in it."""

from __future__ import annotations

import argparse
import dataclasses
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from fpmcoder.cli._common import (
    SERVER_HELP,
    Location,
    note,
    open_project,
    project_exists,
    project_location,
)
from fpmcoder.errors import InputError, ProjectError

if TYPE_CHECKING:
    from fpmcoder.core.bundle import ImportBundle
    from fpmcoder.core.codebook import Codebook
    from fpmcoder.core.transcript import Transcript
    from fpmcoder.store import Project

__all__ = ["register"]


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "demo",
        help="write the sample project (three coded FPM transcripts)",
        description="Write the bundled sample project: a day stay, a home visit and an "
        "ongoing relationship, coded by 'alex' (and the home visit also by 'sam').",
    )
    p.add_argument("project", type=Path, metavar="PROJECT", help="new project file (.fpmc)")
    p.set_defaults(func=_demo)

    p = sub.add_parser(
        "import",
        help="import transcripts "
        "(txt, md, csv, tsv, xlsx, vtt, srt, docx, odt, eaf, cha, TextGrid, qdpx, qdc)",
        description="Import transcript files into a project, creating the project when it "
        "does not exist. All files are read first: if any cannot be read, nothing is added.",
    )
    p.add_argument("project", type=project_location, metavar="PROJECT", help=SERVER_HELP)
    p.add_argument("files", type=Path, nargs="+", metavar="FILE")
    p.add_argument(
        "--codebook",
        type=Path,
        metavar="YAML",
        help="codebook for a new project "
        "(or to replace an existing project's codebook; default: the FPM codebook)",
    )
    p.add_argument("--setting", help="setting of the imported transcripts, e.g. 'day stay'")
    p.add_argument("--case", metavar="NAME", help="case (family or practitioner) they belong to")
    p.add_argument("--date", help="date of the interaction, e.g. 2026-03-04")
    p.add_argument("--title", help="title (one transcript only; default: the file name)")
    p.add_argument(
        "--format",
        dest="fmt",
        metavar="FORMAT",
        choices=["text", "table", "vtt", "srt", "zoom", "docx", "odt", "eaf", "chat", "textgrid"],
        help="read as this format instead of guessing from the file",
    )
    p.add_argument(
        "--columns",
        metavar="MAP",
        help="table columns, e.g. "
        "'speaker=Role,text=Utterance,start=Begin,end=End,transcript=Session'",
    )
    p.add_argument(
        "--merge-cues",
        action="store_true",
        help="captions: merge consecutive cues of one speaker into one turn",
    )
    p.add_argument("--encoding", help="text encoding (default: detected)")
    p.add_argument("--sheet", help="spreadsheet sheet to read (default: the first)")
    p.add_argument(
        "--tier",
        dest="tiers",
        action="append",
        default=[],
        metavar="NAME",
        help="ELAN/TextGrid: a tier whose annotations become turns (repeatable; default: "
        "every speech tier); CHAT: a speaker code (such as MOT) whose lines become turns",
    )
    p.add_argument(
        "--activities-parent",
        metavar="CODE",
        help="REFI-QDA: the parent code whose children are the activities",
    )
    p.set_defaults(func=_import)

    p = sub.add_parser("list", help="list transcripts, settings, segments and coding progress")
    p.add_argument("project", type=project_location, metavar="PROJECT", help=SERVER_HELP)
    p.set_defaults(func=_list)


# -- demo ------------------------------------------------------------------------------------


def _demo(args: argparse.Namespace) -> int:
    from fpmcoder.io.samples import build_sample_bundle

    path: Path = args.project
    if path.exists():
        raise ProjectError(f"{path}: already exists; choose a new file name for the sample project")
    bundle = build_sample_bundle()
    _store_new(path, bundle.codebook, lambda p: p.add_bundle(bundle))
    with open_project(path) as project:
        _print_listing(project)
    return 0


def _store_new(path: Path, codebook: Codebook | None, fill: Callable[[Project], object]) -> None:
    """Create a project and fill it; a failure or a kill leaves no half-made file behind."""
    from fpmcoder.store import Project

    Project.create_filled(path, codebook, fill)


# -- import ----------------------------------------------------------------------------------


def _column_map(spec: str | None) -> dict[str, str] | None:
    if not spec:
        return None
    out = {}
    for part in spec.split(","):
        key, sep, value = part.partition("=")
        key = key.strip().lower()
        if not sep or key not in ("speaker", "text", "start", "end", "transcript") or not value:
            raise InputError(
                f"--columns: {part!r} is not ROLE=COLUMN with ROLE one of "
                "speaker, text, start, end, transcript"
            )
        out[key] = value.strip()
    return out


def _read_all(
    args: argparse.Namespace,
) -> tuple[list[Transcript], list[ImportBundle], Codebook | None]:
    transcripts: list[Transcript] = []
    bundles: list[ImportBundle] = []
    qdc: Codebook | None = None
    options = None
    for path in args.files:
        if not path.is_file():
            raise InputError("no such file", path=path)
        suffix = path.suffix.lower()
        if suffix == ".qdpx":
            from fpmcoder.io.refi import read_qdpx

            bundles.append(read_qdpx(path, activities_parent=args.activities_parent))
        elif suffix == ".qdc":
            from fpmcoder.io.refi import read_qdc

            qdc = read_qdc(path, activities_parent=args.activities_parent)
        else:
            from fpmcoder.io.transcripts import ReadOptions, read_transcripts

            if options is None:
                options = ReadOptions(
                    format=args.fmt,
                    columns=_column_map(args.columns),
                    merge_cues=args.merge_cues,
                    encoding=args.encoding,
                    title=args.title,
                    sheet=args.sheet,
                    tiers=tuple(args.tiers),
                )
            found = read_transcripts(path, options)
            _report_warnings(path, found)
            transcripts.extend(found)
    tiered = ("eaf", "chat", "textgrid")
    if args.tiers and not any(t.metadata.get("format") in tiered for t in transcripts):
        note("warning: --tier applies to ELAN, CHAT and TextGrid files only; it was not used")
    if args.title and len(transcripts) > 1:
        raise InputError(
            "--title names one transcript, but the files hold "
            f"{len(transcripts)}; leave it out to use the file names"
        )
    details = {"setting": args.setting, "case": args.case, "date": args.date}
    given = {k: v for k, v in details.items() if v}
    transcripts = [dataclasses.replace(t, **given) for t in transcripts]
    return transcripts, bundles, qdc


def _report_warnings(path: Path, transcripts: Sequence[Transcript]) -> None:
    """Show what the reader noticed (odd times, spelling variants), at most a few lines."""
    lines = [
        f"{path.name}: {t.title}: {w}" if len(transcripts) > 1 else f"{path.name}: {w}"
        for t in transcripts
        for w in t.metadata.get("warnings", "").splitlines()
        if w.strip()
    ]
    for line in lines[:8]:
        note(f"warning: {line}")
    if len(lines) > 8:
        note(f"warning: ... and {len(lines) - 8} more")


def _import(args: argparse.Namespace) -> int:
    from fpmcoder.io.codebook_yaml import load_codebook

    transcripts, bundles, qdc = _read_all(args)
    codebook = load_codebook(args.codebook) if args.codebook else qdc
    if codebook is None and bundles and bundles[0].codebook is not None:
        codebook = bundles[0].codebook
    for b in bundles:
        for line in b.report:
            note(line)

    def fill(project: Project) -> None:
        with project.transaction():
            if codebook is not None and codebook != project.codebook:
                project.replace_codebook(codebook)
            for b in bundles:
                project.add_bundle(b)
            if transcripts:
                project.add_transcripts(transcripts)

    path: Location = args.project
    before = set()
    if project_exists(path):
        with open_project(path) as project:
            before = {t.id for t in project.transcripts()}
            fill(project)
    else:
        assert isinstance(path, Path)
        _store_new(path, codebook, fill)
        note(f"created {path}")
    with open_project(path) as project:
        added = [t for t in project.transcripts() if t.id not in before]
        print(
            f"added {len(added)} transcript{'s' if len(added) != 1 else ''} "
            f"({sum(t.n_segments for t in added)} segments) to {path}"
        )
        for t in added[:20]:
            print(f"  {t.title}: {t.n_segments} segments")
        if len(added) > 20:
            print(f"  ... and {len(added) - 20} more (see 'fpmcoder list')")
        if codebook is not None:
            cb = project.codebook
            print(
                f"codebook: {cb.name!r} ({len(cb.activities)} activities, "
                f"{len(cb.dilemmas)} dilemmas)"
            )
    return 0


# -- list ------------------------------------------------------------------------------------


def _print_listing(project: Project) -> None:
    infos = project.transcripts()
    counts = project.coded_counts()
    coders = project.coders()
    cb = project.codebook
    print(
        f"{project.location}: {len(infos)} transcripts, codebook {cb.name!r} "
        f"({len(cb.activities)} activities, {len(cb.dilemmas)} dilemmas)"
    )
    if not infos:
        return
    header = ["transcript", "setting", "case", "segments", *coders]
    rows = []
    for t in infos:
        shares = [
            f"{100 * counts[(t.id, c)] / t.n_segments:.0f}%"
            if t.n_segments and counts.get((t.id, c))
            else "-"
            for c in coders
        ]
        rows.append([t.title, t.setting or "", t.case or "", str(t.n_segments), *shares])
    _print_table(header, rows)
    if coders:
        print("(coder columns: share of segments with an activity; - not coded)")
    accepted = project.suggested_counts()
    if accepted:
        listed = ", ".join(f"{c} {n}" for c, n in accepted.items())
        print(f"accepted suggestions (activities a coder took from a suggested code): {listed}")


def _print_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(header)]
    right = {i for i, h in enumerate(header) if i >= 3}

    def fmt(cells: Sequence[str]) -> str:
        return "  ".join(
            c.rjust(w) if i in right else c.ljust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    print(fmt(header))
    print(fmt(["-" * w for w in widths]))
    for r in rows:
        print(fmt(r))


def _list(args: argparse.Namespace) -> int:
    with open_project(args.project) as project:
        _print_listing(project)
    return 0
