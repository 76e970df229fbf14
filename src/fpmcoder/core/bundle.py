"""What an importer hands to a project: transcripts, optionally with segments and codings.

Plain transcript readers return bare :class:`Transcript` objects (one segment per turn);
richer sources (REFI-QDA projects, coded tables, the sample project) return an
:class:`ImportBundle`, which :meth:`fpmcoder.store.Project.add_bundle` stores in one
transaction.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from fpmcoder.core.codebook import Codebook
from fpmcoder.core.segmentation import Coding
from fpmcoder.core.transcript import Transcript

__all__ = ["CodedTranscript", "ImportBundle"]


@dataclass(frozen=True)
class CodedTranscript:
    """A transcript with its segmentation and codings.

    ``spans`` is an ordered partition of ``transcript.text`` (``None``: one segment per
    turn). ``codings`` maps coder name to 0-based segment index to coding.
    """

    transcript: Transcript
    spans: tuple[tuple[int, int], ...] | None = None
    codings: Mapping[str, Mapping[int, Coding]] = field(default_factory=dict)


@dataclass(frozen=True)
class ImportBundle:
    transcripts: tuple[CodedTranscript, ...]
    codebook: Codebook | None = None
    cases: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    report: tuple[str, ...] = ()
    """Lines telling the researcher what the importer did (mapped overlaps, skipped items)."""
