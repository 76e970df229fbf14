"""Synthetic coded transcripts whose words tell the activity (with noise), for fast tests."""

from __future__ import annotations

import random

from fpmcoder.assist import CodedText
from fpmcoder.core.bundle import CodedTranscript, ImportBundle
from fpmcoder.core.segmentation import Coding
from fpmcoder.core.sequence import CodedSequence, SegmentInfo
from fpmcoder.core.transcript import Transcript, Turn

ACTIVITIES = ("locating", "meaning", "live_action", "planning")
WORDS = {
    "locating": "tell me what happens at home when he cries",
    "meaning": "maybe there is another way to see why she does that",
    "live_action": "look he is reaching now hold him close like this",
    "planning": "next week what will help you keep doing this plan",
}
FILLER = ["yes", "right", "okay", "well", "so", "um", "and", "the"]


def utterances(seed: int, n: int) -> tuple[list[str], list[str], list[str]]:
    """(speakers, texts, activities) of one interaction: activities run in blocks."""
    rng = random.Random(seed)
    speakers, texts, acts = [], [], []
    act = rng.choice(ACTIVITIES)
    for i in range(n):
        if rng.random() < 0.25:
            act = rng.choice(ACTIVITIES)
        words = WORDS[act].split()
        picked = rng.sample(words, 4) + rng.sample(FILLER, 2)
        rng.shuffle(picked)
        speakers.append("Helper" if i % 2 == 0 else "Parent")
        texts.append(" ".join(picked))
        acts.append(act)
    return speakers, texts, acts


def transcript(title: str, seed: int, n: int = 30) -> tuple[Transcript, list[str]]:
    speakers, texts, acts = utterances(seed, n)
    turns = tuple(Turn(s, t) for s, t in zip(speakers, texts, strict=True))
    return Transcript(title, turns), acts


def coded_text(title: str, seed: int, n: int = 30, coded: int | None = None) -> CodedText:
    """One transcript coded by 'ann' (the first ``coded`` segments; all by default)."""
    t, acts = transcript(title, seed, n)
    segs = []
    for i, ((start, end), turn) in enumerate(zip(t.turn_spans(), t.turns, strict=True)):
        act = acts[i] if coded is None or i < coded else None
        segs.append(
            SegmentInfo(
                i + 1,
                act,
                speaker=turn.speaker,
                words=len(turn.text.split()),
                start_char=start,
                end_char=end,
            )
        )
    return CodedText(CodedSequence(title, "ann", tuple(segs)), t.text)


def bundle(n_transcripts: int, n: int = 30, coder: str = "ann") -> ImportBundle:
    items = []
    for k in range(n_transcripts):
        t, acts = transcript(f"t{k}", k, n)
        items.append(CodedTranscript(t, None, {coder: {i: Coding(a) for i, a in enumerate(acts)}}))
    return ImportBundle(tuple(items))
