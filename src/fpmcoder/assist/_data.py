"""What the learner reads: a coded sequence beside its transcript text, flattened to rows.

A :class:`CodedText` is one transcript as one coder coded it (the
:class:`~fpmcoder.core.sequence.CodedSequence`) together with the transcript's text, so
that each segment's words can be read from its character span. :func:`rows_of` turns a
list of them into the parallel lists the feature builder and the sequence pass need.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from fpmcoder.core.sequence import CodedSequence, SegmentInfo

__all__ = ["CodedText", "Packed", "Rows", "pack", "rows_of", "unpack"]


@dataclass(frozen=True)
class CodedText:
    """One transcript as one coder coded it, with the transcript's text."""

    sequence: CodedSequence
    text: str

    @property
    def title(self) -> str:
        return self.sequence.transcript

    def segment_text(self, index: int) -> str:
        """The words of the segment at 0-based ``index`` (empty without character spans)."""
        seg = self.sequence.segments[index]
        return self.text[seg.start_char : seg.end_char].strip()

    @property
    def n_coded(self) -> int:
        return sum(1 for s in self.sequence.segments if s.activity is not None)


@dataclass(frozen=True)
class Rows:
    """Every segment of some transcripts, in order, one entry per segment."""

    doc: list[int]  # index of the CodedText the segment belongs to
    number: list[int]  # 1-based segment number
    text: list[str]
    prev_text: list[str]
    next_text: list[str]
    speaker: list[str]
    prev_speaker: list[str]
    first_speaker: list[bool]
    position: list[float]  # 0 at the first segment, 1 at the last
    words: list[int]
    label: list[str | None]  # the coder's activity, None when uncoded

    def __len__(self) -> int:
        return len(self.doc)

    def take(self, index: Sequence[int]) -> Rows:
        """The rows at these positions (neighbours' words stay those of the transcript)."""
        return Rows(*([getattr(self, f)[i] for i in index] for f in _FIELDS))


_FIELDS = (
    "doc",
    "number",
    "text",
    "prev_text",
    "next_text",
    "speaker",
    "prev_speaker",
    "first_speaker",
    "position",
    "words",
    "label",
)


def _speaker(name: str) -> str:
    return " ".join(name.split()).casefold()


def rows_of(docs: Sequence[CodedText]) -> Rows:
    r = Rows([], [], [], [], [], [], [], [], [], [], [])
    for d, doc in enumerate(docs):
        segs = doc.sequence.segments
        n = len(segs)
        texts = [doc.segment_text(i) for i in range(n)]
        speakers = [_speaker(s.speaker) for s in segs]
        first = speakers[0] if speakers else ""
        for i, seg in enumerate(segs):
            r.doc.append(d)
            r.number.append(seg.number)
            r.text.append(texts[i])
            r.prev_text.append(texts[i - 1] if i > 0 else "")
            r.next_text.append(texts[i + 1] if i + 1 < n else "")
            r.speaker.append(speakers[i])
            r.prev_speaker.append(speakers[i - 1] if i > 0 else "")
            r.first_speaker.append(speakers[i] == first)
            r.position.append(i / (n - 1) if n > 1 else 0.0)
            r.words.append(seg.words or len(texts[i].split()))
            r.label.append(seg.activity)
    return r


# (title, coder, text, segments as (number, activity, speaker, words, start, end)): plain
# tuples, cheap to send to another process (pickling dataclasses costs ten times more)
Packed = list[tuple[str, str | None, str, list[tuple[int, str | None, str, int, int, int]]]]


def pack(docs: Sequence[CodedText]) -> Packed:
    """What the learner reads of ``docs``, as plain tuples (see :func:`unpack`)."""
    return [
        (
            d.sequence.transcript,
            d.sequence.coder,
            d.text,
            [
                (s.number, s.activity, s.speaker, s.words, s.start_char, s.end_char)
                for s in d.sequence.segments
            ],
        )
        for d in docs
    ]


def unpack(packed: Packed) -> list[CodedText]:
    return [
        CodedText(
            CodedSequence(
                title,
                coder,
                tuple(
                    SegmentInfo(n, a, speaker=sp, words=w, start_char=s0, end_char=s1)
                    for n, a, sp, w, s0, s1 in segs
                ),
            ),
            text,
        )
        for title, coder, text, segs in packed
    ]
