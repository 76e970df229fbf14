"""The ``fpmcoder`` entry point: a sub-command runs the command line, anything else the window.

``fpmcoder``                 opens the last project (the sample project the first time)
``fpmcoder PROJECT.fpmc``    opens that project in the window
``fpmcoder COMMAND ...``     runs a command-line sub-command (see ``fpmcoder --help``)
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    from fpmcoder.cli import COMMANDS

    if args and (args[0] in COMMANDS or args[0].startswith("-")):
        from fpmcoder.cli import main as cli_main

        return cli_main(args)
    if len(args) > 1:
        print(f"fpmcoder: error: unknown command {args[0]!r}; see fpmcoder --help", file=sys.stderr)
        return 2
    from fpmcoder.qt import run_app

    return run_app(args[0] if args else None)
