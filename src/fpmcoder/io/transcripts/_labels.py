"""Speaker labels in running text, told apart from sentences that happen to hold a colon.

A line can open a turn in four ways::

    Name: text            Name (00:01:05): text      [00:01:05] Name: text
    **Name:** text        [Name] text
    Name                  Speaker 1  0:03            (a label alone; the text follows)

Whether a candidate really is a label is decided over the whole file: it must be short
(at most four words, 40 characters), carry no sentence punctuation, not be a common
non-speaker word (``Note``, ``Date``, ``Okay``...), and either recur in the file or look
like a name (every word capitalised or a number, e.g. ``Unknown Speaker``, ``P2``).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from fpmcoder.io.transcripts._times import TIME_PATTERN, parse_time

__all__ = ["Candidate", "find_candidate", "is_label", "label_key"]

_T = TIME_PATTERN
_LABEL = r"[^\W\d_][\w'’.\-&/ ]{0,39}?"
_ROLE = r"(?P<role>\s*\([^()\d:]{1,20}\))?"  # "Mother (M)", "Health Visitor (HV)"
_INLINE = re.compile(
    rf"(?:[\[(]?(?P<t1>{_T})[\])]?\s*[-–]?\s*)?(?P<label>{_LABEL}){_ROLE}\s*"
    rf"(?:[\[(](?P<t2>{_T})[\])])?\s*:(?![/\d])\s*(?P<rest>.*)"
)
_BRACKET = re.compile(rf"\[(?P<label>{_LABEL})\]\s*(?P<rest>.*)")
_ALONE = re.compile(
    rf"(?:[\[(]?(?P<t1>{_T})[\])]?\s*)?(?P<label>{_LABEL}){_ROLE}\s*(?P<colon>:)?\s*"
    rf"(?:[\[(]?(?P<t2>{_T})[\])]?)?\s*(?P<colon2>:)?"
)
_EMPHASIS = re.compile(r"(\*\*|__|\*|_)(?P<inner>[^*_]{1,60}?)\1(?P<after>.*)")
_SENTENCE = re.compile(r"[?!;,\"“”…]|\.$|\.\s+[a-z]")
_TIME_ONLY = re.compile(rf"[\[(]?{_T}[\])]?")

_NOT_SPEAKER_WORDS = (
    "note|notes|nb|n.b|ps|p.s|example|e.g|i.e|eg|ie|date|time|location|place|duration|"
    "subject|re|title|setting|case|site|participants|participant list|attendees|project|"
    "file|recorded|recording|transcriber|transcribed|transcript|interview date|"
    "translation|summary|comment|comments|edit|update|warning|caution|tip|"
    "question number|source|url|link|http|https|email|tel|phone|address|answer key|"
    "chapter|section|part|okay|ok|yes|no|yeah|yep|nope|right|so|well|thanks|thank you|"
    "hello|hi|bye|um|uh|erm|hmm|mm|mhm|alright|sure|good|great|perfect|fine|and|but|then|"
    "also|because|laughs|laughter|laughing|inaudible|unclear|crosstalk|pause|silence|"
    "music|applause|noise|overlapping|overlap|sighs|coughs|background|for example|"
    "in other words|that is|as follows|the answer"
)
_NOT_SPEAKERS = frozenset(_NOT_SPEAKER_WORDS.split("|"))
_PARTICLE_WORDS = "de|da|di|del|della|van|von|der|den|la|le|du|of|bin|al"
_PARTICLES = frozenset(_PARTICLE_WORDS.split("|"))


class Candidate(NamedTuple):
    """A line that may open a turn."""

    label: str
    rest: str
    time: float | None
    alone: bool  # the label stands alone on its line; the text follows below
    strong: bool  # a colon or a time makes a lone label more certain
    bracket: bool = False  # written ``[Name] text``

    @property
    def key(self) -> str:
        return label_key(self.label)


@lru_cache(maxsize=4096)
def label_key(label: str) -> str:
    """Case- and spacing-insensitive identity of a label, for counting recurrences."""
    return " ".join(label.split()).casefold()


def _time(first: str | None, second: str | None = None) -> float | None:
    value = first or second
    if not value:
        return None
    try:
        return parse_time(value)
    except ValueError:
        return None


def _unemphasise(line: str) -> str:
    """``**Name:** text`` and ``**Name**: text`` to ``Name: text``; ``**Name**`` to ``Name``."""
    m = _EMPHASIS.fullmatch(line)
    if m is None:
        return line
    inner = m.group("inner").strip()
    after = m.group("after").lstrip()
    if inner.endswith(":"):
        return f"{inner[:-1].rstrip()}: {after}"
    if after.startswith(":"):
        return f"{inner}: {after[1:].lstrip()}"
    return inner if not after else line


def _label(m: re.Match[str]) -> str:
    role = m.group("role")
    label = m.group("label").strip()
    return f"{label} {role.strip()}" if role else label


def find_candidate(line: str) -> Candidate | None:
    """The label this (stripped, non-empty) line would open a turn with, if any."""
    if ":" not in line and line[0] not in "[*_" and len(line) > 60:
        return None  # plain text: neither a label with a colon nor a short lone label
    if line[0] in "*_":
        line = _unemphasise(line)
    m = _INLINE.fullmatch(line) if ":" in line else None  # (it needs the colon)
    if m:
        label, role, t1, t2, rest = m.group("label", "role", "t1", "t2", "rest")
        label = label.strip()
        if role:
            label = f"{label} {role.strip()}"
        t = _time(t1, t2) if t1 or t2 else None
        return Candidate(label, rest, t, not rest, True)
    m = _BRACKET.fullmatch(line) if line[0] == "[" else None
    if m:
        rest = m.group("rest")
        if not rest or _TIME_ONLY.fullmatch(rest):
            return Candidate(m.group("label").strip(), "", _time(rest), alone=True, strong=True)
        return Candidate(m.group("label").strip(), rest, None, False, False, bracket=True)
    m = _ALONE.fullmatch(line)
    if m:
        t = _time(m.group("t1"), m.group("t2"))
        strong = bool(m.group("colon") or m.group("colon2") or m.group("t1") or m.group("t2"))
        return Candidate(_label(m), "", t, alone=True, strong=strong)
    return None


def _name_like(label: str) -> bool:
    for word in label.split():
        w = word.lstrip("(")
        if not w or not (w[0].isupper() or w[0].isdigit() or w in _PARTICLES):
            return False
    return True


def is_label(label: str, occurrences: int) -> bool:
    """Whether a candidate is accepted as a speaker label (see the module docstring)."""
    words = label.split()
    if not words or len(words) > 4 or len(label) > 40:
        return False
    if _SENTENCE.search(label) or label_key(label) in _NOT_SPEAKERS:
        return False
    if occurrences >= 2:
        return _name_like(label) or len(words) <= 2
    return _name_like(label)
