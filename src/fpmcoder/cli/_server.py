"""``fpmcoder server ...`` (a team's project on a PostgreSQL server) and ``fpmcoder copy``."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from fpmcoder.cli._common import Location, note, open_project, project_location
from fpmcoder.errors import InputError, ProjectError

__all__ = ["register"]

_URL = "the project's database: postgresql://user@host:port/dbname (libpq syntax)"


def _url(text: str) -> str:
    from fpmcoder.store.project import is_server_location

    if not is_server_location(text):
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a server URL (postgresql://user@host:port/dbname)"
        )
    return text


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    server = sub.add_parser(
        "server",
        help="set up and watch a project shared on a PostgreSQL server (see docs/team.md)",
        description="A team's project on a PostgreSQL server: one database per project, "
        "one login per person, rights enforced by the server. See docs/team.md.",
    )
    ssub = server.add_subparsers(dest="server_command", metavar="ACTION")
    ssub.required = True

    p = ssub.add_parser(
        "init",
        help="make a database a project: schema, roles, rights; you become its lead",
        description="Make an empty database an fpmcoder project: its tables, the group "
        "roles <db>_lead, <db>_coder and <db>_viewer, grants and row-level security, in one "
        "transaction. You need the right to create roles (CREATEROLE) and to create a "
        "schema in the database (its owner). You become the project's lead.",
    )
    p.add_argument("url", type=_url, metavar="URL", help=_URL)
    p.add_argument(
        "--from",
        dest="source",
        type=Path,
        metavar="PROJECT.fpmc",
        help="copy this project file's whole content in (same transaction)",
    )
    p.add_argument("--codebook", type=Path, metavar="YAML", help="start with this codebook")
    p.set_defaults(func=_init)

    p = ssub.add_parser(
        "add-coder",
        help="give a person a login and a part in the project (password read from stdin)",
        description="Give NAME a part in the project: coder (the default), --lead or "
        "--viewer. A person new to the server gets a login role; its password is read from "
        "standard input (typed twice at a terminal), hashed here (SCRAM-SHA-256) and never "
        "stored by fpmcoder. A person who already has a login (in another project) keeps "
        "their password. Run again with another part to change it.",
    )
    p.add_argument("url", type=_url, metavar="URL", help=_URL)
    p.add_argument("name", metavar="NAME", help="the person's login name")
    part = p.add_mutually_exclusive_group()
    part.add_argument("--lead", action="store_const", const="lead", dest="part")
    part.add_argument("--viewer", action="store_const", const="viewer", dest="part")
    p.set_defaults(func=_add_coder, part="coder")

    p = ssub.add_parser(
        "blind",
        help="blind coding on or off: coders see only their own codings",
        description="With blind coding on, the server lets a coder read no other coder's "
        "codings (leads and viewers read all). Turn it off to compare and discuss.",
    )
    p.add_argument("url", type=_url, metavar="URL", help=_URL)
    p.add_argument("state", choices=["on", "off"])
    p.set_defaults(func=_blind)

    p = ssub.add_parser(
        "status",
        help="who is in the project and how far each coder has got",
        description="The project's people and their parts, blind mode, and each coder's "
        "progress per transcript. With --follow, printed again whenever somebody codes.",
    )
    p.add_argument("url", type=_url, metavar="URL", help=_URL)
    p.add_argument("--follow", action="store_true", help="keep printing as coders code")
    p.add_argument(
        "--updates", type=int, default=0, metavar="N", help="with --follow: stop after N updates"
    )
    p.set_defaults(func=_status)

    p = sub.add_parser(
        "copy",
        help="a full and exact copy of a project: file to server, server to file",
        description="Copy a project's whole content (transcripts, segments, codebook, every "
        "coder's codings, GUIDs) from SOURCE to DEST, in one transaction. DEST is a new "
        ".fpmc file, or a server project made with 'fpmcoder server init' and still empty.",
    )
    p.add_argument("source", type=project_location, metavar="SOURCE")
    p.add_argument("dest", type=project_location, metavar="DEST")
    p.set_defaults(func=_copy)


def _read_password(name: str) -> str:
    if sys.stdin is not None and sys.stdin.isatty():
        first = getpass.getpass(f"password for {name}: ")
        if getpass.getpass("again: ") != first:
            raise InputError("the two passwords differ; nothing was changed")
        return first
    line = sys.stdin.readline() if sys.stdin is not None else ""
    return line.rstrip("\r\n")


def _init(args: argparse.Namespace) -> int:
    from fpmcoder.store.server import init_server

    codebook = None
    if args.codebook is not None:
        from fpmcoder.io.codebook_yaml import load_codebook

        codebook = load_codebook(args.codebook)
    if args.source is not None and not args.source.exists():
        raise InputError("no such project", path=args.source)
    me = init_server(args.url, codebook, source=args.source)
    with open_project(args.url) as project:
        n = len(project.transcripts())
        where = project.location
    print(f"{where}: a new fpmcoder project with {n} transcripts; {me} is its lead")
    print(f"next: fpmcoder server add-coder {where} NAME   (password on stdin)")
    return 0


def _add_coder(args: argparse.Namespace) -> int:
    from fpmcoder.store.server import add_coder, login_exists

    password = None
    if not login_exists(args.url, args.name):
        password = _read_password(args.name)
        if not password:
            raise InputError(f"{args.name} is new on this server: give a password on stdin")
    created = add_coder(args.url, args.name, args.part, password)
    what = "a new login" if created else "an existing login"
    print(f"{args.name} ({what}) is now a {args.part} in this project")
    return 0


def _blind(args: argparse.Namespace) -> int:
    from fpmcoder.store.server import set_blind

    set_blind(args.url, args.state == "on")
    print(f"blind coding is {args.state}")
    return 0


def _status(args: argparse.Namespace) -> int:
    from fpmcoder.store.server import server_status

    with open_project(args.url) as project:
        if not args.follow:
            _print_status(server_status(project))
            return 0
        import select

        project.changes_fileno()  # listening before the first print: nothing missed
        _print_status(server_status(project))
        sys.stdout.flush()
        shown = 0
        while True:
            fd = project.changes_fileno()
            if fd is None:
                raise ProjectError(f"{project.location}: lost the connection to the server")
            select.select([fd], [], [])
            if project.sync():
                print()
                _print_status(server_status(project))
                sys.stdout.flush()
                shown += 1
                if args.updates and shown >= args.updates:
                    return 0


def _print_status(st: object) -> None:
    from fpmcoder.store.server import ServerStatus

    assert isinstance(st, ServerStatus)
    blind = "on" if st.blind else "off"
    print(f"{st.location}: you are {st.you} ({st.your_part}); blind coding {blind}")
    people = ", ".join(f"{c.name} ({c.part})" for c in st.coders) or "none yet"
    print(f"people: {people}")
    coders = [c for c in st.coders if c.part != "viewer"]
    if not st.transcripts:
        print("no transcripts yet")
        return
    width = max(len("transcript"), *(len(t) for t, _ in st.transcripts))
    head = f"{'transcript':<{width}}  {'segments':>8}" + "".join(
        f"  {c.name:>{max(len(c.name), 4)}}" for c in coders
    )
    print(head)
    for title, n in st.transcripts:
        cells = "".join(
            f"  {_share(c.coded.get(title, 0), n):>{max(len(c.name), 4)}}" for c in coders
        )
        print(f"{title:<{width}}  {n:>8}{cells}")


def _share(k: int, n: int) -> str:
    return f"{100 * k / n:.0f}%" if n and k else "-"


def _copy(args: argparse.Namespace) -> int:
    from fpmcoder.store.project import copy_project

    source: Location = args.source
    dest: Location = args.dest
    if isinstance(source, Path) and not source.exists():
        raise InputError("no such project", path=source)
    if isinstance(dest, Path) and dest.exists():
        raise InputError("already exists; copy into a new file", path=dest)
    copy_project(source, dest)
    with open_project(dest) as project:
        infos = project.transcripts()
        n_codings = sum(project.coded_counts().values())
        note(
            f"copied to {project.location}: {len(infos)} transcripts, "
            f"{sum(t.n_segments for t in infos)} segments, {len(project.coders())} coders, "
            f"{n_codings} coded segments"
        )
    return 0
