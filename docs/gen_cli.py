"""Regenerate docs/cli.md from the command line's own help texts.

Run: .venv/bin/python docs/gen_cli.py   (a test fails when docs/cli.md is out of date)
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from fpmcoder.cli import build_parser

INTRO = """\
# Command-line reference

Every command works headless and reproducibly; the same operations are in the window.
Exit status is 0 on success and 2 on bad input, with one line `fpmcoder: error: ...` on
standard error saying what was wrong and where (no traceback). Remarks for the researcher
(warnings, which coder a figure shows) go to standard error; data and tables go to
standard output or the `-o` file.

Where a command takes `PROJECT|TABLE`, a tidy table exported by `fpmcoder export` (or made
in another tool with the same columns) can stand in for the project file.

This page is generated from `fpmcoder COMMAND --help` by `docs/gen_cli.py`.
See also: [coding and tables](coding.md), [importing](importing.md),
[figures](figures.md), [statistics](statistics.md), [REFI-QDA](refi-qda.md),
[codebooks](codebooks.md).
"""


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def render() -> str:
    os.environ["COLUMNS"] = "88"
    parser = build_parser()
    parts = [INTRO]
    for name, sub in _subparsers(parser).items():
        nested = _subparsers(sub)
        targets = [(f"{name} {n}", p) for n, p in nested.items()] if nested else [(name, sub)]
        for title, p in targets:
            p.prog = f"fpmcoder {title}"
            parts.append(f"## fpmcoder {title}\n\n```text\n{p.format_help().rstrip()}\n```\n")
    return "\n".join(parts)


if __name__ == "__main__":
    out = Path(__file__).with_name("cli.md")
    out.write_text(render(), encoding="utf-8")
    print(f"wrote {out}")
