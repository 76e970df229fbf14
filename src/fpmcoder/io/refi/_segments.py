"""Map REFI-QDA selections (any spans, overlapping or not) onto a segment partition.

Rules (documented in docs/refi-qda.md):

1. Boundaries are the union of every selection's start and end, every turn start, and the
   two ends of the text (all in transcript offsets).
2. A piece between two boundaries with no letter or digit in it (a newline, a space, a
   full stop left between two selections) is not a segment of its own: it joins the piece
   before it (the first piece joins the one after).
3. A selection *covers* a segment when their overlap contains a letter or digit (by
   rule 1 it then covers all of the segment's letters and digits). For each coder and
   segment the activity is that of the shortest covering selection coded with an activity
   (the most specific one; ties: the earlier activity in the codebook); a segment where a
   coder's selections give two or more activities counts as an overlap resolved. Every
   dilemma code covering the segment is kept. A selection's memo goes to the first segment
   it covers. Segments no selection covers stay uncoded (gaps).

When fpmcoder wrote the file itself its segment spans are given and only rule 3 applies.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise

from fpmcoder.core.segmentation import Coding, merge_memo

__all__ = ["Mapped", "Selection", "map_selections"]


@dataclass
class Selection:
    """A selection moved into transcript offsets, with what each coder attached to it."""

    start: int
    end: int
    codes: list[tuple[str, str, str]] = field(default_factory=list)  # (coder, kind, id)
    memos: list[tuple[str, str]] = field(default_factory=list)  # (coder, memo)


@dataclass(frozen=True)
class Mapped:
    spans: tuple[tuple[int, int], ...]
    codings: dict[str, dict[int, Coding]]
    overlaps_resolved: int
    uncoded: int
    empty_selections: int


def _alnum_prefix(text: str) -> list[int]:
    """``out[i]``: letters and digits in ``text[:i]``."""
    out = [0]
    n = 0
    for ch in text:
        n += ch.isalnum()
        out.append(n)
    return out


def _partition(
    length: int, cuts: Iterable[int], count: Sequence[int]
) -> tuple[tuple[int, int], ...]:
    points = sorted({0, length, *(min(max(c, 0), length) for c in cuts)})
    spans: list[list[int]] = []
    pending = False
    for a, b in pairwise(points):
        if count[b] - count[a] > 0:
            spans.append([0 if pending and not spans else a, b])
            pending = False
        elif spans:
            spans[-1][1] = b
        else:
            pending = True
    if not spans:
        return ((0, length),) if length else ()
    spans[-1][1] = length
    return tuple((a, b) for a, b in spans)


def map_selections(
    text: str,
    turn_starts: Sequence[int],
    selections: Sequence[Selection],
    activity_order: Sequence[str],
    fixed_spans: Sequence[tuple[int, int]] | None = None,
) -> Mapped:
    # fpmcoder's own spans are exact: there every character counts, not only letters.
    count = _alnum_prefix(text) if fixed_spans is None else list(range(len(text) + 1))
    usable = [s for s in selections if s.end > s.start and count[s.end] - count[s.start] > 0]
    if fixed_spans is not None:
        spans = tuple(fixed_spans)
    else:
        cuts = [*turn_starts, *(s.start for s in usable), *(s.end for s in usable)]
        spans = _partition(len(text), cuts, count)
    starts = [a for a, _ in spans]
    rank = {a: i for i, a in enumerate(activity_order)}
    acts: dict[tuple[str, int], dict[str, int]] = {}
    dils: dict[tuple[str, int], set[str]] = {}
    memos: dict[tuple[str, int], str] = {}
    for sel in usable:
        first = max(0, bisect_right(starts, sel.start) - 1)
        last = bisect_left(starts, sel.end)
        covered = [
            i
            for i in range(first, last)
            if count[min(spans[i][1], sel.end)] - count[max(spans[i][0], sel.start)] > 0
        ]
        size = sel.end - sel.start
        for i in covered:
            for coder, kind, code in sel.codes:
                if kind == "activity":
                    bucket = acts.setdefault((coder, i), {})
                    bucket[code] = min(bucket.get(code, size), size)
                else:
                    dils.setdefault((coder, i), set()).add(code)
        if covered:
            i = covered[0]
            for coder, memo in sel.memos:
                old = memos.get((coder, i), "")
                if memo and memo != old and memo not in old.split("\n\n"):
                    memos[(coder, i)] = merge_memo(old, memo)
    codings: dict[str, dict[int, Coding]] = {}
    overlaps = 0
    for key in sorted({*acts, *dils, *memos}):
        coder, i = key
        sizes = acts.get(key, {})
        activity = None
        if sizes:
            activity = min(sizes, key=lambda c: (sizes[c], rank.get(c, len(rank)), c))
            overlaps += len(sizes) > 1
        codings.setdefault(coder, {})[i] = Coding(
            activity, frozenset(dils.get(key, ())), memos.get(key, "")
        )
    coded = {i for per in codings.values() for i in per}
    return Mapped(
        spans=spans,
        codings=codings,
        overlaps_resolved=overlaps,
        uncoded=len(spans) - len(coded),
        empty_selections=len(selections) - len(usable),
    )
