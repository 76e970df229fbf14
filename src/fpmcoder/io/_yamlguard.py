"""Limits checked on a YAML codebook's event stream, before any node or object is built.

PyYAML's safe loader still expands aliases (a "billion laughs" of nested aliases builds
billions of nodes), composes nodes recursively (200,000 nested brackets raise
``RecursionError``) and builds whatever size it is given (200,000 activities took 2.5 GB).
Its parser, though, produces events one by one without recursion, so counting them is
cheap (with libyaml when it is installed, as in PyYAML's wheels): :func:`check_yaml_limits`
walks the events and stops at the first limit passed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from fpmcoder.errors import CodebookError

__all__ = ["MAX_CODEBOOK_BYTES", "MAX_DEPTH", "MAX_NODES", "check_yaml_limits"]

MAX_CODEBOOK_BYTES = 1024 * 1024
"""A codebook file of more than 1 MB is refused (the FPM codebook is about 4 KB)."""
MAX_DEPTH = 32
"""Collections nested more than 32 deep are refused (a codebook needs 4)."""
MAX_NODES = 20_000
"""More than 20,000 values, counting each alias as the values it stands for, are refused
(the FPM codebook has about 300; 1,000 activities with nine fields would be 19,000)."""
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's parser is 20 times faster


def _refuse(message: str, path: Path | None, mark: Any) -> CodebookError:
    return CodebookError(
        message,
        path=path,
        line=mark.line + 1 if mark is not None else None,
        column=mark.column + 1 if mark is not None else None,
    )


def check_yaml_limits(text: str, path: Path | None) -> None:
    """Raise :class:`CodebookError` when ``text`` passes a limit; YAML errors propagate."""
    if len(text) > MAX_CODEBOOK_BYTES:
        raise _refuse(
            f"the codebook is {len(text):,} characters long, more than the "
            f"{MAX_CODEBOOK_BYTES:,} accepted: a codebook lists a few dozen codes",
            path,
            None,
        )
    open_: list[tuple[int, str | None]] = []  # (node count at its start, anchor)
    sizes: dict[str, int] = {}  # anchor -> how many nodes it stands for
    nodes = 0
    for event in yaml.parse(text, Loader=_LOADER):
        if isinstance(event, yaml.CollectionStartEvent):
            nodes += 1
            open_.append((nodes, event.anchor))
            if len(open_) > MAX_DEPTH:
                raise _refuse(
                    f"values nested more than {MAX_DEPTH} deep: a codebook is a list of "
                    "codes with a few fields each; this file is refused",
                    path,
                    event.start_mark,
                )
        elif isinstance(event, yaml.CollectionEndEvent):
            start, anchor = open_.pop()
            if anchor is not None:
                sizes[anchor] = nodes - start + 1
        elif isinstance(event, yaml.ScalarEvent):
            nodes += 1
            if event.anchor is not None:
                sizes[event.anchor] = 1
        elif isinstance(event, yaml.AliasEvent):
            nodes += sizes.get(event.anchor or "", 1)
        if nodes > MAX_NODES:
            raise _refuse(
                f"the codebook holds more than {MAX_NODES:,} values (aliases counted as the "
                "values they repeat); a codebook lists a few dozen codes, so this file is "
                "refused",
                path,
                event.start_mark,
            )
