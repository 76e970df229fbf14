"""What the readers of interaction-research formats (ELAN, CHAT, TextGrid) share.

Choosing tiers (``ReadOptions.tiers``), putting turns from several tiers in start order
(overlapping speech is kept, in the order it starts), notes from dependent tiers and the
recording a file names.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from fpmcoder.core.transcript import Turn
from fpmcoder.io._files import local_path
from fpmcoder.io.transcripts._common import error

__all__ = [
    "MEDIA_EXTENSIONS",
    "choose_tiers",
    "find_media",
    "in_start_order",
    "media_named",
    "notes_text",
]

MEDIA_EXTENSIONS = (".wav", ".mp3", ".m4a", ".mp4", ".mov", ".mpg", ".mpeg", ".aac", ".flac")


def choose_tiers(
    available: Sequence[str],
    wanted: Sequence[str],
    default: Sequence[str],
    path: Path,
    *,
    kind: str = "tier",
) -> list[str]:
    """The tiers to read: ``wanted`` (checked against ``available``) or ``default``."""
    if not wanted:
        return list(default)
    missing = [w for w in wanted if w not in available]
    if missing:
        listed = ", ".join(repr(a) for a in available) or "none"
        raise error(
            f"there is no {kind} {missing[0]!r} in this file; its {kind}s are: {listed}. "
            f"Name one of them with --tier (the name is case-sensitive)",
            path,
        )
    return list(dict.fromkeys(wanted))


def in_start_order(turns: Iterable[tuple[int, Turn]]) -> list[Turn]:
    """Turns sorted by start time (untimed last); ties keep the ``int`` order given."""
    return [
        turn
        for _, turn in sorted(
            turns,
            key=lambda item: (
                item[1].start is None,
                item[1].start or 0.0,
                item[0],
            ),
        )
    ]


def notes_text(notes: Iterable[tuple[int, str]]) -> str:
    """``metadata["notes"]``: one line ``turn N: note`` (N 1-based) per note, in turn order."""
    return "\n".join(
        f"turn {i + 1}: {' '.join(note.split())}" for i, note in sorted(notes, key=lambda n: n[0])
    )


def find_media(path: Path, candidates: Sequence[str]) -> tuple[str | None, str | None]:
    """The recording a transcript file names, and a warning when it is not found.

    ``candidates`` are paths as the file writes them (absolute, ``file://`` URLs, or
    relative to the transcript's folder), in order of preference. Returns the first that
    exists (as an absolute path), else the first as written, with a warning.
    """
    if not candidates:
        return None, None
    for candidate in candidates:
        found = local_path(path, candidate)
        if found is not None and found.is_file():
            return str(found), None
    first = candidates[0]
    return first, (
        f"the recording {first!r} named in the file was not found next to it; "
        "link the recording to the transcript once you have found it"
    )


def media_named(path: Path, name: str) -> list[str]:
    """The recordings next to ``path`` called ``name`` with a media extension, sorted."""
    try:
        return sorted(
            p.name
            for p in path.parent.iterdir()
            if p.stem == name and p.suffix.lower() in MEDIA_EXTENSIONS and p.is_file()
        )
    except OSError:
        return []
