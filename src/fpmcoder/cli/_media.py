"""``fpmcoder media``: link a transcript to its recording, and list the links."""

from __future__ import annotations

import argparse
from pathlib import Path

from fpmcoder.cli._common import SERVER_HELP, note, open_project, project_location
from fpmcoder.errors import InputError

__all__ = ["register"]


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "media",
        help="link a transcript to its audio or video recording, or list the links",
        description="With --transcript and FILE: link (or relink) that transcript to a "
        "recording (WAV, MP3, M4A, MP4, MOV, ...). The project keeps the link, never a copy: "
        "relative to the project file's folder when the recording is inside it, so a folder "
        "moved together with its recordings keeps working. Without them: list every "
        "transcript's link and whether the file is found.",
    )
    # 'media PROJECT --transcript NAME FILE' puts an option between two positionals,
    # which argparse reads only in its intermixed mode
    _intermixed(p)
    p.usage = "fpmcoder media PROJECT [--transcript NAME (FILE | --unlink)]"
    p.add_argument(
        "paths", nargs="+", metavar="PROJECT [FILE]", help=f"{SERVER_HELP}; then the recording"
    )
    p.add_argument("--transcript", metavar="NAME", help="the transcript to link")
    p.add_argument("--unlink", action="store_true", help="remove the transcript's link")
    p.set_defaults(func=_media)


def _intermixed(parser: argparse.ArgumentParser) -> None:
    """Let ``parser`` (a sub-command's) read options between its positionals."""
    plain = parser.parse_known_args
    busy = False

    def parse(args=None, namespace=None):  # type: ignore[no-untyped-def]
        nonlocal busy
        if busy:  # the intermixed parser's own two passes
            return plain(args, namespace)
        busy = True
        try:
            return parser.parse_known_intermixed_args(args, namespace)
        finally:
            busy = False

    parser.parse_known_args = parse  # type: ignore[method-assign]


def _media(args: argparse.Namespace) -> int:
    if len(args.paths) > 2:
        raise InputError(f"one project and one recording, not {len(args.paths)} paths")
    args.project = project_location(args.paths[0])
    args.file = Path(args.paths[1]) if len(args.paths) > 1 else None
    with open_project(args.project) as project:
        if args.transcript is None:
            if args.file is not None or args.unlink:
                raise InputError("say which transcript with --transcript NAME")
            _list(project)
            return 0
        if args.unlink:
            project.link_media(args.transcript, None)
            print(f"{args.transcript}: no recording linked")
            return 0
        if args.file is None:
            raise InputError("give the recording FILE to link (or --unlink)")
        if not args.file.is_file():
            raise InputError(
                "no such recording (the project keeps a link, not a copy)", path=args.file
            )
        project.link_media(args.transcript, args.file)
        link = project.media_link(args.transcript)
        print(f"{args.transcript}: linked to {link}")
        if link is not None and Path(link).is_absolute() and not project.is_server:
            note("the recording is outside the project's folder, so the link is absolute")
    return 0


def _list(project: object) -> None:
    from fpmcoder.store import Project

    assert isinstance(project, Project)
    rows = []
    for t in project.transcripts():
        link = project.media_link(t.id)
        path = project.media_path(t.id)
        state = "-" if path is None else ("found" if path.is_file() else "MISSING")
        rows.append((t.title, link or "(none)", state))
    width = max([len("transcript"), *(len(r[0]) for r in rows)])
    lwidth = max([len("recording"), *(len(r[1]) for r in rows)])
    print(f"{'transcript':<{width}}  {'recording':<{lwidth}}  file")
    for title, link, state in rows:
        print(f"{title:<{width}}  {link:<{lwidth}}  {state}")
