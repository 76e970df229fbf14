"""The command line: ``fpmcoder COMMAND ...``, headless and reproducible.

Each command group lives in its own module with a ``register(subparsers)`` function that
adds its sub-commands; every sub-command sets ``func`` to a handler taking the parsed
arguments and returning the exit status. Bad input is reported as one line
``fpmcoder: error: ...`` on standard error with exit status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from fpmcoder import __version__
from fpmcoder.cli import (
    _assist,
    _codebook,
    _figures,
    _media,
    _project,
    _server,
    _stats,
    _tables,
    _typology,
)
from fpmcoder.errors import FpmcoderError

__all__ = ["COMMANDS", "build_parser", "main"]

_GROUPS = (_project, _tables, _codebook, _figures, _stats, _typology, _media, _server, _assist)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(2, f"fpmcoder: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="fpmcoder",
        description=(
            "Code partnership interactions and draw activity-sequence grids. "
            "Run without a command (or with a project file) to open the desktop application."
        ),
    )
    parser.add_argument("--version", action="version", version=f"fpmcoder {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True
    for group in _GROUPS:
        group.register(sub)
    return parser


def _commands() -> frozenset[str]:
    parser = build_parser()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return frozenset(action.choices)
    return frozenset()


COMMANDS = _commands()


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except FpmcoderError as exc:
        print(f"fpmcoder: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("fpmcoder: interrupted; nothing half-written was kept", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
