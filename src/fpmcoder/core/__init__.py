"""Pure-Python domain model: codebook, transcripts, segments, codings, edit commands.

Nothing here imports Qt, SQL, matplotlib or pandas.
"""

from fpmcoder.core.bundle import CodedTranscript, ImportBundle
from fpmcoder.core.codebook import Activity, Codebook, Dilemma
from fpmcoder.core.commands import (
    AcceptSuggestion,
    AssignActivity,
    Batch,
    Command,
    EditTarget,
    History,
    MergeSegments,
    SetCoding,
    SetMemo,
    SplitSegment,
    StampTime,
    ToggleDilemma,
    run,
)
from fpmcoder.core.events import Signal
from fpmcoder.core.memory import MemoryTarget
from fpmcoder.core.segmentation import BlindProposal, Coding, Segment, Suggested
from fpmcoder.core.transcript import Transcript, Turn

__all__ = [
    "AcceptSuggestion",
    "Activity",
    "AssignActivity",
    "Batch",
    "BlindProposal",
    "Codebook",
    "CodedTranscript",
    "Coding",
    "Command",
    "Dilemma",
    "EditTarget",
    "History",
    "ImportBundle",
    "MemoryTarget",
    "MergeSegments",
    "Segment",
    "SetCoding",
    "SetMemo",
    "Signal",
    "SplitSegment",
    "StampTime",
    "Suggested",
    "ToggleDilemma",
    "Transcript",
    "Turn",
    "run",
]
