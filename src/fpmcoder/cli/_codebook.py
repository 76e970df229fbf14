"""``codebook check|show|set``: validating and swapping YAML codebooks."""

from __future__ import annotations

import argparse
from pathlib import Path

from fpmcoder.cli._common import SERVER_HELP, open_project, project_location

__all__ = ["register"]


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("codebook", help="check, show or replace a codebook")
    cb = p.add_subparsers(dest="action", metavar="ACTION", parser_class=type(p))
    cb.required = True
    q = cb.add_parser("check", help="validate a YAML codebook and summarise it")
    q.add_argument("yaml", type=Path, metavar="YAML")
    q.set_defaults(func=_check)
    q = cb.add_parser("show", help="print a project's codebook as YAML")
    q.add_argument("project", type=project_location, metavar="PROJECT", help=SERVER_HELP)
    q.set_defaults(func=_show)
    q = cb.add_parser(
        "set",
        help="replace a project's codebook (refused if codes in use would disappear)",
    )
    q.add_argument("project", type=project_location, metavar="PROJECT", help=SERVER_HELP)
    q.add_argument("yaml", type=Path, metavar="YAML")
    q.set_defaults(func=_set)


def _check(args: argparse.Namespace) -> int:
    from fpmcoder.io.codebook_yaml import load_codebook

    codebook = load_codebook(args.yaml)
    print(
        f"{args.yaml}: OK: {codebook.name!r}"
        + (f" version {codebook.version}" if codebook.version else "")
    )
    print(f"  {len(codebook.activities)} activities (mutually exclusive, one per segment):")
    for a in codebook.activities:
        key = f"[{a.key}]" if a.key else "[ ]"
        print(f"    {key} {a.id:<14} {a.color}  {a.name}")
    if codebook.dilemmas:
        print(f"  {len(codebook.dilemmas)} dilemmas (zero or more per segment):")
        for group, items in codebook.dilemma_groups():
            print(f"    {group or '(no group)'}:")
            for d in items:
                key = f"[{d.key}]" if d.key else "[ ]"
                print(f"      {key} {d.id:<14} {d.name}")
    return 0


def _show(args: argparse.Namespace) -> int:
    from fpmcoder.io.codebook_yaml import codebook_to_yaml

    with open_project(args.project) as project:
        print(codebook_to_yaml(project.codebook), end="")
    return 0


def _set(args: argparse.Namespace) -> int:
    from fpmcoder.io.codebook_yaml import load_codebook

    codebook = load_codebook(args.yaml)
    with open_project(args.project) as project:
        project.replace_codebook(codebook)
    print(f"{args.project}: codebook now {codebook.name!r}")
    return 0
