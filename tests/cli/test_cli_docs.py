"""docs/cli.md is generated from the parsers' help: every command and option must be in it."""

from __future__ import annotations

import argparse
from pathlib import Path

from fpmcoder.cli import build_parser

DOCS = Path(__file__).resolve().parents[2] / "docs"


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def test_cli_reference_lists_every_command_and_option() -> None:
    text = (DOCS / "cli.md").read_text(encoding="utf-8")
    stale = []
    for name, sub in _subparsers(build_parser()).items():
        nested = _subparsers(sub)
        for title, parser in [(f"{name} {n}", p) for n, p in nested.items()] or [(name, sub)]:
            start = text.find(f"## fpmcoder {title}\n")
            if start < 0:
                stale.append(f"command {title}")
                continue
            end = text.find("\n## ", start + 1)
            section = text[start : end if end > 0 else None]
            stale += [
                f"{title} {opt}"
                for action in parser._actions
                for opt in action.option_strings
                if opt.startswith("--") and opt not in section
            ]
    assert not stale, f"docs/cli.md is stale ({stale}): run .venv/bin/python docs/gen_cli.py"
