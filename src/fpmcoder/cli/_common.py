"""Helpers shared by the command groups: opening projects, choosing sequences."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from fpmcoder.errors import InputError, NotFoundError

if TYPE_CHECKING:
    from collections.abc import Mapping

    import pandas as pd

    from fpmcoder.core.codebook import Codebook
    from fpmcoder.core.sequence import CodedSequence
    from fpmcoder.store import Project

__all__ = [
    "Location",
    "add_coder_option",
    "add_selection",
    "check_figure",
    "check_out",
    "emit_tables",
    "is_table",
    "load_codebook_option",
    "load_sequences",
    "note",
    "open_project",
    "project_exists",
    "project_location",
]

Location = str | Path
"""A project: a file path, or a server URL (``postgresql://user@host:port/db``)."""

CLI_WAIT_SECONDS = 60.0
"""A command waits this long for another program (the window importing, a second
``apply``) to finish writing to the same project file, then says it is busy."""

SERVER_HELP = "an .fpmc project file or a server URL postgresql://user@host:port/db"


def project_location(text: str) -> Location:
    """argparse type of a PROJECT argument: a server URL stays text, anything else a path."""
    from fpmcoder.store.project import is_server_location

    return text if is_server_location(text) else Path(text)


def add_selection(p: argparse.ArgumentParser) -> None:
    """PROJECT (a file, a server URL or a tidy table), --transcript and --codebook: what
    every statistics and figure command over sequences takes."""
    p.add_argument(
        "project",
        type=project_location,
        metavar="PROJECT",
        help="an .fpmc project, a server URL or a tidy table",
    )
    p.add_argument(
        "--transcript",
        action="append",
        default=[],
        metavar="NAME",
        help="only this transcript (repeatable; default: all)",
    )
    p.add_argument("--codebook", type=Path, metavar="YAML", help="codebook (for a tidy table)")


def add_coder_option(p: argparse.ArgumentParser, *, most_by_default: bool = True) -> None:
    """``--coder NAME``: whose codings a statistics or figure command reads."""
    default = (
        " (default: the coder with the most codings of each transcript)" if most_by_default else ""
    )
    p.add_argument("--coder", metavar="NAME", help=f"this coder's codings{default}")


def check_out(path: Path | None) -> None:
    """Refuse an output path whose folder does not exist (before any work is done)."""
    if path is not None and not path.resolve().parent.is_dir():
        raise InputError("the folder does not exist", path=path.parent)


def check_figure(path: Path | None, option: str = "-o") -> None:
    """Refuse a figure file whose kind fpmcoder cannot write, naming the file."""
    if path is None:
        return
    from fpmcoder.errors import FigureError
    from fpmcoder.plot.export import FORMATS

    if path.suffix.lower().lstrip(".") not in FORMATS:
        raise FigureError(
            "a figure must end in .svg, .pdf, .eps, .png or .tif", path=path, field=option
        )


def emit_tables(
    tables: Mapping[str, pd.DataFrame], out: Path | None, screen: Mapping[str, pd.DataFrame]
) -> None:
    """``screen`` to the terminal, each table under its name; or, with ``out``, ``tables``
    to files (CSV one per table, XLSX one sheet per table, Markdown)."""
    from fpmcoder.analysis.tables import to_text, write_tables

    if out is None:
        for i, (name, df) in enumerate(screen.items()):
            if i:
                print()
            print(f"== {name} ==")
            print(to_text(df), end="")
        return
    for path in write_tables(tables, out):
        print(f"wrote {path}")


def project_exists(location: Location) -> bool:
    return isinstance(location, str) or location.exists()


def note(message: str) -> None:
    """A remark for the researcher on standard error (standard output stays for data)."""
    print(f"fpmcoder: {message}", file=sys.stderr)


def is_table(path: Location) -> bool:
    return isinstance(path, Path) and path.suffix.lower() in (".csv", ".tsv", ".xlsx")


def open_project(path: Location) -> Project:
    """Open an existing project, a file or a server (never creates one)."""
    from fpmcoder.store import Project

    if not project_exists(path):
        raise InputError(
            "no such project; create one with 'fpmcoder import' or 'fpmcoder demo'", path=path
        )
    return Project.open(path, wait=CLI_WAIT_SECONDS)


def load_codebook_option(path: Path | None) -> Codebook:
    from fpmcoder.io.codebook_yaml import default_codebook, load_codebook

    return load_codebook(path) if path is not None else default_codebook()


def _project_sequences(
    project: Project, transcripts: Sequence[str], coders: Sequence[str] | None
) -> list[CodedSequence]:
    titles = list(transcripts) or [t.title for t in project.transcripts()]
    if not titles:
        raise NotFoundError(f"{project.location}: the project has no transcripts yet")
    known = project.coders()
    for c in coders or ():
        if c not in known:
            raise NotFoundError(
                f"no coder called {c!r} in {project.location} "
                f"(coders: {', '.join(known) or 'none'})"
            )
    out = []
    for title in titles:
        tid = project.transcript_id(title)
        if coders is not None:
            out.extend(project.sequence(tid, c) for c in coders)
            continue
        ranked = project.coders_of(tid)
        if len(ranked) > 1:
            note(
                f"{title}: showing {ranked[0][0]}'s codings (coders: "
                f"{', '.join(n for n, _ in ranked)}; choose with --coder)"
            )
        out.append(project.sequence(tid, ranked[0][0] if ranked else None))
    return out


def load_sequences(
    source: Location,
    *,
    transcripts: Sequence[str] = (),
    coders: Sequence[str] | None = None,
    codebook: Path | None = None,
) -> tuple[Codebook, list[CodedSequence]]:
    """Sequences from a project or a tidy table, one per (transcript, coder).

    Transcripts come in the order given (all when none are); coders in the order given,
    or, when ``coders`` is None, the coder with the most codings of each transcript.
    """
    if is_table(source):
        from fpmcoder.io.table import sequences_from_table

        cb = load_codebook_option(codebook)
        assert isinstance(source, Path)
        seqs = sequences_from_table(source, cb, transcripts=transcripts, coders=coders)
        if coders is None:
            seen: set[str] = set()
            firsts = []
            for s in seqs:
                if s.transcript not in seen:
                    seen.add(s.transcript)
                    firsts.append(s)
            seqs = firsts
        return cb, seqs
    with open_project(source) as project:
        cb = load_codebook_option(codebook) if codebook is not None else project.codebook
        return cb, _project_sequences(project, transcripts, coders)
