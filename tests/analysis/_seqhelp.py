"""Helpers for the analysis tests (imported by name; not a conftest): sequences from short strings of activity letters."""

from __future__ import annotations

from fpmcoder.core.codebook import Codebook
from fpmcoder.core.sequence import CodedSequence
from fpmcoder.io.codebook_yaml import default_codebook

LETTERS = {"L": "locating", "M": "meaning", "A": "live_action", "P": "planning", "-": None}


def seq(
    letters: str,
    name: str = "t",
    *,
    coder: str | None = None,
    setting: str | None = None,
    case: str | None = None,
) -> CodedSequence:
    """``seq("LLM-P")``: L locating, M meaning, A live action, P planning, - uncoded."""
    return CodedSequence.from_activities(
        name, [LETTERS[c] for c in letters], coder=coder, setting=setting, case=case
    )


def codebook() -> Codebook:
    return default_codebook()
