"""The tidy coding table: one row per segment per coder.

``fpmcoder export`` writes it, ``fpmcoder apply`` reads it back, and the figure commands
accept it in place of a project. The columns and their order are a stable interface.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["DILEMMA_SEPARATOR", "TIDY_COLUMNS", "TidyRow"]

TIDY_COLUMNS: tuple[str, ...] = (
    "transcript",
    "case",
    "setting",
    "segment",
    "start_char",
    "end_char",
    "start_time",
    "end_time",
    "speaker",
    "text",
    "coder",
    "activity",
    "activity_name",
    "dilemmas",
    "memo",
    "suggested",
    "suggested_probability",
    "blind_proposal",
    "blind_probability",
)

DILEMMA_SEPARATOR = ";"


@dataclass(frozen=True, slots=True)
class TidyRow:
    transcript: str
    case: str | None
    setting: str | None
    segment: int  # 1-based position
    start_char: int
    end_char: int
    start_time: float | None
    end_time: float | None
    speaker: str
    text: str
    coder: str | None
    activity: str | None
    activity_name: str | None
    dilemmas: tuple[str, ...]
    memo: str
    suggested: str | None = None  # the model version, when the activity is an accepted suggestion
    suggested_probability: float | None = None
    blind_proposal: str | None = None  # blind mode: the model's hidden proposal
    blind_probability: float | None = None

    def as_record(self) -> dict[str, object]:
        return {
            "transcript": self.transcript,
            "case": self.case or "",
            "setting": self.setting or "",
            "segment": self.segment,
            "start_char": self.start_char,
            "end_char": self.end_char,
            "start_time": self.start_time,
            "end_time": self.end_time,
            "speaker": self.speaker,
            "text": self.text,
            "coder": self.coder or "",
            "activity": self.activity or "",
            "activity_name": self.activity_name or "",
            "dilemmas": DILEMMA_SEPARATOR.join(self.dilemmas),
            "memo": self.memo,
            "suggested": self.suggested or "",
            "suggested_probability": self.suggested_probability,
            "blind_proposal": self.blind_proposal or "",
            "blind_probability": self.blind_probability,
        }
