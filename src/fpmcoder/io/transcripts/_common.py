"""Helpers shared by the readers: the error, turn drafts and building a Transcript."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from fpmcoder.core.transcript import Transcript, Turn, normalise_text
from fpmcoder.errors import TranscriptFormatError
from fpmcoder.io.transcripts._limits import check_turn

__all__ = ["Draft", "clean", "error", "make_transcript", "speaker_variants"]


def error(
    message: str, path: Path, line: int | None = None, column: int | None = None
) -> TranscriptFormatError:
    """The one error every reader raises (``raise error(...)``)."""
    return TranscriptFormatError(message, path=path, line=line, column=column)


def clean(text: str) -> str:
    """A turn's text: :func:`normalise_text`, without blanks at either end."""
    return normalise_text(text).strip()


@dataclass
class Draft:
    """A turn being assembled: its text may still grow."""

    speaker: str
    parts: list[str] = field(default_factory=list)
    start: float | None = None
    end: float | None = None

    def turn(self) -> Turn | None:
        """The finished turn, or ``None`` when it holds no text."""
        text = clean("".join(self.parts))
        if not text:
            return None
        return Turn(self.speaker, text, self.start, self.end)


def speaker_variants(turns: Iterable[Turn]) -> list[str]:
    """Warnings for speakers spelled several ways (``Interviewer1``, ``interviewer 1``)."""
    spellings: dict[str, dict[str, None]] = {}
    for t in turns:
        key = "".join(t.speaker.split()).casefold()
        spellings.setdefault(key, {})[t.speaker] = None
    out = []
    for names in spellings.values():
        if len(names) > 1:
            listed = ", ".join(repr(n) for n in names)
            out.append(
                f"one speaker may be spelled several ways ({listed}); "
                "rename them in the project if they are the same person"
            )
    return out


def make_transcript(
    *,
    title: str,
    turns: Iterable[Turn],
    path: Path,
    fmt: str,
    header: Iterable[str] = (),
    warnings: Iterable[str] = (),
    metadata: Mapping[str, str] | None = None,
    encoding: str | None = None,
    setting: str | None = None,
    date: str | None = None,
    case: str | None = None,
) -> Transcript:
    """A :class:`Transcript` with the common metadata (``format``, ``encoding``, ``warnings``)."""
    turn_tuple = tuple(turns)
    for n, turn in enumerate(turn_tuple, start=1):
        check_turn(turn.text, n, turn.speaker, path)
    if not turn_tuple:
        raise error(
            f"no turn with any text was found in {title!r}: every speaker's turn is empty",
            path,
        )
    meta: dict[str, str] = dict(metadata or {})
    meta["format"] = fmt
    if encoding:
        meta["encoding"] = encoding
    notes = [*warnings, *speaker_variants(turn_tuple)]
    if encoding and "replaced" in encoding:
        notes.insert(
            0,
            f"the file is {encoding}: search the text for \ufffd and correct those places",
        )
    if notes:
        meta["warnings"] = "\n".join(notes)
    return Transcript(
        title=title,
        turns=turn_tuple,
        header=tuple(h for h in (normalise_text(x) for x in header) if h),
        source=str(path),
        setting=setting or None,
        date=date or None,
        case=case or None,
        metadata=meta,
    )
