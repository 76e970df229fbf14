"""Turning stored segments and codings into the shapes figures, statistics and tables use."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from fpmcoder.core.codebook import Codebook
from fpmcoder.core.segmentation import Coding, Segment
from fpmcoder.core.sequence import CodedSequence, SegmentInfo
from fpmcoder.core.table import TidyRow
from fpmcoder.core.transcript import Transcript
from fpmcoder.store._transcripts import TranscriptInfo

__all__ = ["sequence_of", "tidy_rows_of"]

_EMPTY = Coding()


def _segment_facts(
    transcript: Transcript, seg: Segment
) -> tuple[str, float | None, float | None, str]:
    """Speaker (of the turn it starts in), start and end time, and text of a segment."""
    text = transcript.text[seg.start : seg.end]
    if not transcript.turns:
        return "", None, None, text
    speaker = transcript.turns[transcript.turn_at(seg.start)].speaker
    last = transcript.turn_at(max(seg.start, seg.end - 1))
    turn = transcript.turns[last]
    turn_end = transcript.turn_starts[last] + len(turn.text)
    end_time = turn.end if seg.end >= turn_end else transcript.time_at(seg.end)
    return speaker, transcript.time_at(seg.start), end_time, text


def sequence_of(
    info: TranscriptInfo,
    transcript: Transcript,
    segments: Sequence[Segment],
    codings: Mapping[int, Coding],
    coder: str | None,
) -> CodedSequence:
    items = []
    for number, seg in enumerate(segments, start=1):
        speaker, t0, t1, text = _segment_facts(transcript, seg)
        c = codings.get(seg.id, _EMPTY)
        items.append(
            SegmentInfo(
                number=number,
                activity=c.activity,
                dilemmas=c.dilemmas,
                speaker=speaker,
                start_time=t0,
                end_time=t1,
                words=len(text.split()),
                start_char=seg.start,
                end_char=seg.end,
            )
        )
    return CodedSequence(info.title, coder, tuple(items), info.setting, info.case)


def tidy_rows_of(
    info: TranscriptInfo,
    transcript: Transcript,
    segments: Sequence[Segment],
    per_coder: Mapping[str, Mapping[int, Coding]],
    codebook: Codebook,
) -> list[TidyRow]:
    coders: list[str | None] = list(per_coder) or [None]
    facts = [_segment_facts(transcript, seg) for seg in segments]
    rows = []
    for coder in coders:
        codings = per_coder.get(coder, {}) if coder is not None else {}
        for number, (seg, (speaker, t0, t1, text)) in enumerate(
            zip(segments, facts, strict=True), start=1
        ):
            c = codings.get(seg.id, _EMPTY)
            name = codebook.activity(c.activity).name if c.activity else None
            rows.append(
                TidyRow(
                    transcript=info.title,
                    case=info.case,
                    setting=info.setting,
                    segment=number,
                    start_char=seg.start,
                    end_char=seg.end,
                    start_time=t0,
                    end_time=t1,
                    speaker=speaker,
                    text=text.strip(),
                    coder=coder,
                    activity=c.activity,
                    activity_name=name,
                    dilemmas=tuple(sorted(c.dilemmas)),
                    memo=c.memo,
                )
            )
    return rows
