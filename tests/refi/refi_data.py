"""Hand-built data for the REFI-QDA tests (imported by the test modules)."""

from __future__ import annotations

import itertools

from fpmcoder.core.bundle import CodedTranscript, ImportBundle
from fpmcoder.core.segmentation import Coding
from fpmcoder.core.transcript import Transcript, Turn


def tricky_transcript() -> Transcript:
    return Transcript(
        title="Visit ☕ “one”",
        turns=(
            Turn("Nurse", "Hello “Mum” 👋🏽, café? Ça va…", 0.0, 3.5),
            Turn("Mother", "Line one\nline two — with ‘quotes’", 3.5, 9.25),
            Turn("", "[baby cries] 😢😢", None, None),
            Turn("Nurse", "Note: this line looks like a label", 10, 12),
            Turn("Dad: Jr", "  leading and trailing blanks  ", None, None),
            Turn("Mother", "", None, None),
            Turn("Nurse", "Ünïcödé ñ 𝒳 — done.\n\nAfter a blank line", 20.0, None),
        ),
        header=("Recorded 2026-03-04", "Unit 2 (fictional)"),
        source="visit-1.docx",
        setting="home visit",
        date="2026-03-04",
        case="Family A",
        metadata={"interviewer": "N1", "région": "Île-de-France"},
    )


def tricky_bundle() -> ImportBundle:
    t = tricky_transcript()
    starts = list(t.turn_starts)
    # Split the first turn inside, merge turns 3 and 4, the rest one per turn.
    cuts = [0, 6, starts[1], starts[2], starts[4], starts[5], starts[6], len(t.text)]
    spans = tuple(itertools.pairwise(cuts))
    alex = {
        0: Coding("locating", frozenset({"readiness"})),
        1: Coding("meaning", frozenset(), "first line\nsecond “memo” 😀"),
        3: Coding(None, frozenset({"fixed", "frozen"})),
        4: Coding(None, frozenset(), "memo only"),
        5: Coding(),  # empty: exported as nothing
    }
    sam = {
        0: Coding("meaning"),
        2: Coding("live_action", frozenset({"focus"})),
        6: Coding("planning"),
    }
    second = Transcript(
        title="Second",
        turns=(Turn("A", "one"), Turn("B", "two"), Turn("A", "three")),
        case="Family A",
    )
    return ImportBundle(
        transcripts=(
            CodedTranscript(t, spans, {"alex": alex, "sam": sam}),
            CodedTranscript(second),
        ),
        cases={"Family A": {"child_age": "5 months", "région": "Île-de-France"}, "Family B": {}},
    )
