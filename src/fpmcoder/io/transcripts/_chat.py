"""CHAT (CHILDES/TalkBank, CLAN's ``.cha``): main tiers to turns.

- ``*MOT:<tab>words`` is one turn. The speaker is the participant's name from
  ``@Participants`` (``MOT Mary Mother`` gives ``Mary``; ``MOT Mother`` gives ``Mother``;
  two participants with one role get their codes added: ``Investigator (INV1)``).
- Lines starting with a tab (or spaces) continue the line above; they are joined with a
  space. The words are kept as transcribed, CHAT codes included (``[/]``, ``&-uh``,
  ``xxx``): they are the transcriber's and the coders read them.
- A time bullet (``\\x15`` start ``_`` end ``\\x15``, in milliseconds) gives the turn's
  times and is removed from the text; several bullets give the first start and the last end.
- Dependent tiers (``%com``, ``%act``, ``%mor``, ...) are not turn text: they are kept as
  notes of their turn in ``metadata["notes"]`` (``turn 3: %act: picks up the ball``),
  except the machine-made analyses (``%mor``, ``%gra``, ``%wor``, ...), which CLAN can
  make again from the words.
  ``@Comment`` lines among the turns become notes of the turn above.
- Header lines before the first turn become the transcript's header; ``@Date`` also sets
  its date and ``@Media`` the recording (``metadata["media"]``, found next to the file
  by its name).

Our own reader rather than pylangacq's: pylangacq (0.23) is now a thin layer over a
compiled Rust package (rustling), is built to count tokens and morphology, cleans the
words of their CHAT codes, and reads a damaged file without saying where; turning main
tiers into turns takes a line-by-line pass that can name the line and column of every
problem.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from fpmcoder.core.transcript import Transcript, Turn
from fpmcoder.io.transcripts._common import clean, error, make_transcript
from fpmcoder.io.transcripts._options import ReadOptions
from fpmcoder.io.transcripts._tiers import (
    MEDIA_EXTENSIONS,
    choose_tiers,
    find_media,
    media_named,
    notes_text,
)

__all__ = ["read_chat"]

_MAIN = re.compile(r"\*([^\s:]{1,20}):(?:[ \t]+(.*))?")
_DEPENDENT = re.compile(r"%([^\s:]{1,20}):(?:[ \t]+(.*))?")
_HEADER = re.compile(r"@([^:\t]+?)(?::[ \t]*(.*))?")
_BULLET = re.compile('\x15(?:%snd:"[^"]*"_)?(\\d+)_(\\d+)\x15')
_ANALYSES = frozenset({"mor", "gra", "wor", "xmor", "xgra", "umor", "ugra", "trn", "grt"})
"""Machine-made dependent tiers (morphology, grammar, word timings): not kept as notes."""
_LINE_HELP = (
    "a CHAT line starts with @ (a header), * (a speaker's words: '*MOT:' and a tab), "
    "% (a dependent tier: '%com:' and a tab) or a tab (it continues the line above)"
)


@dataclass
class _Line:
    number: int  # 1-based line of its first physical line
    text: str
    columns: list[tuple[int, int, int]] = field(default_factory=list)
    """(offset in ``text``, line number, column of that offset) of each joined piece."""

    def place(self, offset: int) -> tuple[int, int]:
        number, column = self.number, offset + 1
        for at, line, col in self.columns:
            if offset >= at:
                number, column = line, col + offset - at
        return number, column


def _logical_lines(text: str, path: Path) -> list[_Line]:
    out: list[_Line] = []
    for number, raw in enumerate(text.split("\n"), start=1):
        if not raw.strip():
            continue
        if raw[0] in " \t":
            if not out:
                raise error(f"the file starts with an indented line; {_LINE_HELP}", path, number)
            last = out[-1]
            stripped = raw.lstrip()
            last.text += " "
            last.columns.append((len(last.text), number, len(raw) - len(stripped) + 1))
            last.text += stripped.rstrip()
        else:
            out.append(_Line(number, raw.rstrip()))
    return out


def _participants(value: str) -> dict[str, str]:
    """Speaker code -> the name a coder sees."""
    entries = []
    for item in value.split(","):
        words = item.split()
        if not words:
            continue
        code = words[0]
        if len(words) >= 3:
            label = " ".join(words[1:-1]).replace("_", " ")
        elif len(words) == 2:
            label = words[1].replace("_", " ")
        else:
            label = code
        entries.append((code, label))
    counts = Counter(label for _, label in entries)
    return {
        code: label if counts[label] == 1 or label == code else f"{label} ({code})"
        for code, label in entries
    }


def _times(
    line: _Line, body: str, offset: int, path: Path
) -> tuple[str, float | None, float | None]:
    """The words without their time bullets, and the bullets' first start and last end."""
    matches = list(_BULLET.finditer(body))
    inside = {i for m in matches for i in range(m.start(), m.end())}
    stray = [i for i, c in enumerate(body) if c == "\x15" and i not in inside]
    if stray:
        number, column = line.place(offset + stray[0])
        raise error(
            "this time bullet cannot be read: write it as start_end in milliseconds "
            "between two bullet characters (\\x15), as CLAN does, or remove it",
            path,
            number,
            column,
        )
    starts = [int(m.group(1)) / 1000 for m in matches]
    ends = [int(m.group(2)) / 1000 for m in matches]
    words = _BULLET.sub(" ", body)
    if not starts:
        return words, None, None
    return words, starts[0], ends[-1]


def read_chat(text: str, path: Path, options: ReadOptions, encoding: str) -> list[Transcript]:
    lines = _logical_lines(text, path)
    header: list[str] = []
    names: dict[str, str] = {}
    media: str | None = None
    media_kind: str | None = None
    date: str | None = None
    turns: list[Turn] = []
    codes: list[str] = []  # the speaker code of each turn
    notes: list[tuple[int, str]] = []
    owner: int | None = None  # the turn the next dependent tiers belong to
    undeclared: Counter[str] = Counter()
    seen_main = False
    for line in lines:
        first = line.text[0]
        if first == "@":
            m = _HEADER.fullmatch(line.text)
            if m is None:
                raise error(f"this header line cannot be read; {_LINE_HELP}", path, line.number)
            name, value = m.group(1).strip(), (m.group(2) or "").strip()
            if name == "Participants":
                names = _participants(value)
            elif name == "Media":
                parts = [p.strip() for p in value.split(",")]
                media, media_kind = parts[0] or None, (parts[1] if len(parts) > 1 else None)
            elif name == "Date" and value:
                date = value
            if name in ("UTF8", "Begin", "End", "Font", "Window", "ColorWords"):
                continue
            shown = f"@{name}: {value}" if value else f"@{name}"
            if not seen_main:
                header.append(shown)
            elif turns and name in ("Comment", "G", "Situation", "Activities"):
                notes.append((len(turns) - 1, shown))
        elif first == "*":
            m = _MAIN.fullmatch(line.text)
            if m is None:
                raise error(
                    "this speaker line cannot be read: write the speaker's code, a colon "
                    "and a tab before the words (such as '*MOT:<tab>look !')",
                    path,
                    line.number,
                )
            seen_main = True
            code, body = m.group(1), m.group(2) or ""
            words, start, end = _times(line, body, m.start(2) if m.group(2) else 0, path)
            if names and code not in names:
                undeclared[code] += 1
            words = clean(" ".join(words.split()))
            owner = None
            if not words:
                continue
            owner = len(turns)
            turns.append(Turn(names.get(code, code), words, start, end))
            codes.append(code)
        elif first == "%":
            m = _DEPENDENT.fullmatch(line.text)
            if m is None:
                raise error(
                    "this dependent tier cannot be read: write '%', its name, a colon and a "
                    "tab before its text (such as '%com:<tab>laughs')",
                    path,
                    line.number,
                )
            if not seen_main:
                raise error(
                    f"the dependent tier %{m.group(1)} comes before any speaker line; "
                    "a dependent tier belongs to the speaker line above it",
                    path,
                    line.number,
                )
            body = _BULLET.sub(" ", m.group(2) or "")
            if owner is not None and body.strip() and m.group(1).lower() not in _ANALYSES:
                notes.append((owner, f"%{m.group(1)}: {' '.join(body.split())}"))
        else:
            raise error(f"{line.text[:40]!r} is not a CHAT line: {_LINE_HELP}", path, line.number)
    if not turns:
        raise error("no speaker lines found ('*MOT:' and a tab, then the words)", path)
    chosen = choose_tiers(
        list(dict.fromkeys([*names, *codes])),
        options.tiers,
        (),
        path,
        kind="speaker code",
    )
    warnings = []
    if chosen:
        keep = [i for i, c in enumerate(codes) if c in chosen]
        renumber = {old: new for new, old in enumerate(keep)}
        turns = [turns[i] for i in keep]
        notes = [(renumber[i], n) for i, n in notes if i in renumber]
        if not turns:
            raise error(f"the speaker(s) {', '.join(chosen)} say nothing in this file", path)
    if not names:
        warnings.append("the file has no @Participants header: speakers are named by their codes")
    for code, n in undeclared.items():
        warnings.append(f"the speaker code {code!r} ({n} line(s)) is not in @Participants")
    metadata: dict[str, str] = {}
    if names:
        metadata["participants"] = ", ".join(f"{c}={n}" for c, n in names.items())
    if media:
        found, missing = find_media(path, _media_files(path, media))
        metadata["media"] = found or media
        if media_kind:
            metadata["media_type"] = media_kind
        if missing:
            warnings.append(missing)
    if notes:
        metadata["notes"] = notes_text(notes)
    return [
        make_transcript(
            title=options.title or path.stem,
            turns=turns,
            path=path,
            fmt="chat",
            header=header,
            warnings=warnings,
            metadata=metadata,
            encoding=encoding,
            date=date,
        )
    ]


def _media_files(path: Path, name: str) -> list[str]:
    """``@Media`` names a recording without its extension: the files it may be."""
    if Path(name).suffix.lower() in MEDIA_EXTENSIONS:
        return [name]
    return [*media_named(path, name), name]
