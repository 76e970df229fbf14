"""Turning stored segments and codings into the shapes figures, statistics and tables use."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from fpmcoder.core.codebook import Codebook
from fpmcoder.core.segmentation import Coding, Segment
from fpmcoder.core.sequence import CodedSequence, SegmentInfo
from fpmcoder.core.table import TidyRow
from fpmcoder.core.transcript import Transcript, Turn
from fpmcoder.store._transcripts import TranscriptInfo

__all__ = ["segment_facts", "sequence_of", "tidy_rows_of"]

_EMPTY = Coding()


def _interpolate(turn_start_char: int, turn: Turn, offset: int) -> float | None:
    if turn.start is None:
        return None
    if turn.end is None or not turn.text or turn.end < turn.start:
        return turn.start
    into = min(max(offset - turn_start_char, 0), len(turn.text))
    return turn.start + (turn.end - turn.start) * into / len(turn.text)


def segment_facts(
    transcript: Transcript,
    segments: Sequence[Segment],
    stamps: Mapping[int, float] | None = None,
) -> list[tuple[str, float | None, float | None, str]]:
    """Speaker (of the turn it starts in), start and end time, and text of each segment.

    Times are interpolated inside a turn that has a start and an end; a segment that runs
    to the end of its last turn ends at that turn's end time. One linear walk over the
    (sorted) segments and turns. A stamped segment (``stamps``: id to seconds, from timing
    while listening) starts at its stamp, and the segment before it ends there; a segment
    with no end of its own ends where the next one starts.
    """
    facts = _turn_facts(transcript, segments)
    if not stamps:
        return facts
    starts = [stamps.get(s.id, f[1]) for s, f in zip(segments, facts, strict=True)]
    out = []
    for i, (speaker, _t0, t1, text) in enumerate(facts):
        nxt = segments[i + 1] if i + 1 < len(segments) else None
        start = starts[i]
        if nxt is not None and (
            nxt.id in stamps or t1 is None or (start is not None and t1 < start)
        ):
            t1 = starts[i + 1]
        out.append((speaker, start, t1, text))
    return out


def _turn_facts(
    transcript: Transcript, segments: Sequence[Segment]
) -> list[tuple[str, float | None, float | None, str]]:
    text, turns, starts = transcript.text, transcript.turns, transcript.turn_starts
    if not turns:
        return [("", None, None, text[s.start : s.end]) for s in segments]
    n = len(turns)
    out = []
    first = 0
    for seg in segments:
        while first + 1 < n and starts[first + 1] <= seg.start:
            first += 1
        last = first
        while last + 1 < n and starts[last + 1] <= seg.end - 1:
            last += 1
        turn = turns[last]
        turn_end = starts[last] + len(turn.text)
        at_turn_end = seg.end >= turn_end
        end_time = turn.end if at_turn_end else _interpolate(starts[last], turn, seg.end)
        start_time = _interpolate(starts[first], turns[first], seg.start)
        out.append((turns[first].speaker, start_time, end_time, text[seg.start : seg.end]))
    return out


def sequence_of(
    info: TranscriptInfo,
    transcript: Transcript,
    segments: Sequence[Segment],
    codings: Mapping[int, Coding],
    coder: str | None,
    stamps: Mapping[int, float] | None = None,
) -> CodedSequence:
    items = []
    facts = segment_facts(transcript, segments, stamps)
    for number, (seg, (speaker, t0, t1, text)) in enumerate(
        zip(segments, facts, strict=True), start=1
    ):
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
                suggested=c.suggested is not None,
                blind=c.blind.activity if c.blind is not None else None,
            )
        )
    return CodedSequence(info.title, coder, tuple(items), info.setting, info.case)


def tidy_rows_of(
    info: TranscriptInfo,
    transcript: Transcript,
    segments: Sequence[Segment],
    per_coder: Mapping[str, Mapping[int, Coding]],
    codebook: Codebook,
    stamps: Mapping[int, float] | None = None,
) -> list[TidyRow]:
    coders: list[str | None] = list(per_coder) or [None]
    facts = segment_facts(transcript, segments, stamps)
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
                    suggested=c.suggested.model if c.suggested else None,
                    suggested_probability=c.suggested.probability if c.suggested else None,
                    blind_proposal=c.blind.activity if c.blind else None,
                    blind_probability=c.blind.probability if c.blind else None,
                )
            )
    return rows
