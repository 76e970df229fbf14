"""Undo and redo of every edit, at the core level, without Qt or SQL."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fpmcoder.core import (
    AssignActivity,
    Coding,
    History,
    MemoryTarget,
    MergeSegments,
    SetMemo,
    SplitSegment,
    ToggleDilemma,
)
from fpmcoder.core.segmentation import check_partition
from fpmcoder.errors import EditError
from fpmcoder.io.codebook_yaml import default_codebook

CB = default_codebook()
TEXT = "Nurse: how did the night go?\nMother: he woke four times.\nNurse: four times."


def target() -> MemoryTarget:
    return MemoryTarget.from_spans(CB, TEXT, [(0, 29), (29, 57), (57, len(TEXT))])


def test_assign_toggle_memo_undo_redo() -> None:
    t = target()
    h = History(t)
    h.perform(AssignActivity(1, "alex", "locating"))
    h.perform(ToggleDilemma(1, "alex", "readiness"))
    h.perform(SetMemo(1, "alex", "opening question"))
    assert t.codings_of(1) == {
        "alex": Coding("locating", frozenset({"readiness"}), "opening question")
    }
    assert h.undo_label == "Edit memo"
    h.undo()
    h.undo()
    assert t.codings_of(1) == {"alex": Coding("locating")}
    assert h.redo_label == "Toggle readiness"
    h.redo()
    assert t.codings_of(1)["alex"].dilemmas == {"readiness"}
    h.undo()
    h.undo()
    assert t.codings_of(1) == {}
    with pytest.raises(EditError, match="nothing to undo"):
        h.undo()


def test_coders_are_independent() -> None:
    t = target()
    h = History(t)
    h.perform(AssignActivity(2, "alex", "locating"))
    h.perform(AssignActivity(2, "sam", "meaning"))
    assert {c: k.activity for c, k in t.codings_of(2).items()} == {
        "alex": "locating",
        "sam": "meaning",
    }
    h.undo()
    assert set(t.codings_of(2)) == {"alex"}


def test_unknown_codes_are_refused_and_nothing_changes() -> None:
    t = target()
    before = t.snapshot()
    with pytest.raises(EditError, match="not an activity"):
        History(t).perform(AssignActivity(1, "alex", "dancing"))
    with pytest.raises(EditError, match="not a dilemma"):
        History(t).perform(ToggleDilemma(1, "alex", "sleepy"))
    assert t.snapshot() == before


def test_split_copies_codings_and_merge_restores() -> None:
    t = target()
    h = History(t)
    h.perform(AssignActivity(2, "alex", "meaning"))
    h.perform(SetMemo(2, "alex", "night waking"))
    before = t.snapshot()
    h.perform(SplitSegment(2, 40))
    spans, codings = t.snapshot()
    assert spans == [(0, 29), (29, 40), (40, 57), (57, len(TEXT))]
    new_id = t.segments[2].id
    assert codings[2]["alex"] == Coding("meaning", frozenset(), "night waking")
    assert codings[new_id]["alex"] == Coding("meaning")  # memo stays with the first half
    h.perform(MergeSegments(2))
    assert t.snapshot() == before
    h.undo()  # un-merge gives back the very same segment ids
    assert t.segments[2].id == new_id
    h.undo()
    assert t.snapshot() == before


def test_merge_keeps_second_coders_and_joins_memos_and_undo_is_exact() -> None:
    t = target()
    h = History(t)
    h.perform(AssignActivity(1, "alex", "locating"))
    h.perform(SetMemo(1, "alex", "first"))
    h.perform(AssignActivity(2, "alex", "meaning"))
    h.perform(SetMemo(2, "alex", "second"))
    h.perform(AssignActivity(2, "sam", "planning"))
    before = t.snapshot()
    h.perform(MergeSegments(1))
    merged = t.codings_of(1)
    assert merged["alex"] == Coding("locating", frozenset(), "first\n\nsecond")
    assert merged["sam"] == Coding("planning")
    h.undo()
    assert t.snapshot() == before


def test_bad_split_and_merge_are_refused() -> None:
    t = target()
    with pytest.raises(EditError, match="choose a point inside it"):
        History(t).perform(SplitSegment(1, 0))
    with pytest.raises(EditError, match="no next segment"):
        History(t).perform(MergeSegments(3))


@st.composite
def edits(draw: st.DrawFn) -> tuple[str, list[tuple[str, int, int]]]:
    text = draw(st.text(alphabet="ab cé😀\n", min_size=2, max_size=60))
    ops = draw(
        st.lists(
            st.tuples(
                st.sampled_from(["split", "merge", "code"]),
                st.integers(0, 100),
                st.integers(0, 100),
            ),
            max_size=25,
        )
    )
    return text, ops


@settings(max_examples=150, deadline=None)
@given(edits())
def test_partition_stays_whole_and_undo_all_restores(
    case: tuple[str, list[tuple[str, int, int]]],
) -> None:
    text, ops = case
    t = MemoryTarget.from_spans(CB, text, [(0, len(text))])
    h = History(t)
    states = [t.snapshot()]
    for kind, a, b in ops:
        seg = t.segments[a % len(t.segments)]
        try:
            if kind == "split":
                if len(seg) < 2:
                    continue
                h.perform(SplitSegment(seg.id, seg.start + 1 + b % (len(seg) - 1)))
            elif kind == "merge":
                h.perform(MergeSegments(seg.id))
            else:
                h.perform(
                    AssignActivity(seg.id, "alex" if b % 2 else "sam", CB.activity_ids[b % 4])
                )
        except EditError:
            continue  # merging the last segment: refused, state unchanged
        states.append(t.snapshot())
        spans = states[-1][0]
        check_partition(spans, len(text))
        assert "".join(text[s:e] for s, e in spans) == text  # nothing lost or duplicated
    for expected in reversed(states[:-1]):
        h.undo()
        assert t.snapshot() == expected
    for expected in states[1:]:
        h.redo()
        assert t.snapshot() == expected


@settings(max_examples=100, deadline=None)
@given(st.text(min_size=2, max_size=40), st.integers(1, 1000), st.sampled_from(CB.activity_ids))
def test_split_then_merge_is_identity(text: str, cut: int, activity: str) -> None:
    t = MemoryTarget.from_spans(CB, text, [(0, len(text))])
    h = History(t)
    h.perform(AssignActivity(1, "alex", activity))
    h.perform(SetMemo(1, "alex", "m"))
    before = t.snapshot()
    h.perform(SplitSegment(1, 1 + cut % (len(text) - 1)))
    h.perform(MergeSegments(1))
    assert t.snapshot() == before


def test_an_accepted_suggestion_keeps_its_provenance_until_the_activity_changes() -> None:
    from fpmcoder.core import AcceptSuggestion, Suggested

    t = target()
    h = History(t)
    s = Suggested("assist-1+0123456789ab", 0.82, "planning", 0.11, 0.5, "2026-12-02T10:00:00Z")
    h.perform(AcceptSuggestion(2, "alex", "locating", s))
    assert t.codings_of(2) == {"alex": Coding("locating", suggested=s)}
    assert h.undo_label == "Accept suggestion"
    # dilemmas, a memo and the same activity again leave it an accepted suggestion
    h.perform(ToggleDilemma(2, "alex", "readiness"))
    h.perform(SetMemo(2, "alex", "short"))
    h.perform(AssignActivity(2, "alex", "locating"))
    assert t.codings_of(2)["alex"].suggested == s
    # another activity makes it the coder's own; undo brings the provenance back
    h.perform(AssignActivity(2, "alex", "planning"))
    assert t.codings_of(2)["alex"] == Coding("planning", frozenset({"readiness"}), "short")
    h.undo()
    assert t.codings_of(2)["alex"].suggested == s
    # clearing drops it too, and the whole chain undoes to nothing
    h.perform(AssignActivity(2, "alex", None))
    assert t.codings_of(2)["alex"].suggested is None
    for _ in range(5):
        h.undo()
    assert t.codings_of(2) == {}
    h.redo()
    assert t.codings_of(2)["alex"] == Coding("locating", suggested=s)


def test_a_suggestion_is_accepted_only_for_an_uncoded_segment_with_known_codes() -> None:
    from fpmcoder.core import AcceptSuggestion, Suggested

    t = target()
    h = History(t)
    s = Suggested("assist-1+0123456789ab", 0.7)
    h.perform(AssignActivity(1, "alex", "planning"))
    with pytest.raises(EditError, match="already coded"):
        h.perform(AcceptSuggestion(1, "alex", "locating", s))
    with pytest.raises(EditError, match="not an activity"):
        h.perform(AcceptSuggestion(2, "alex", "bogus", s))
    with pytest.raises(EditError, match="probability"):
        h.perform(AcceptSuggestion(2, "alex", "locating", Suggested("m", 1.5)))
    assert t.codings_of(1) == {"alex": Coding("planning")}
    assert t.codings_of(2) == {}
    # a split gives both halves the accepted activity and its provenance; merge undoes it
    h.perform(AcceptSuggestion(2, "sam", "locating", s))
    seg = t.segment(2)
    h.perform(SplitSegment(2, seg.start + 3))
    halves = [t.codings_of(g.id).get("sam") for g in t.segments[1:3]]
    assert halves == [Coding("locating", suggested=s)] * 2
    h.undo()
    assert [g.id for g in t.segments] == [1, 2, 3]
    assert t.codings_of(2)["sam"] == Coding("locating", suggested=s)


def test_a_blind_proposal_is_kept_with_the_first_coding_only() -> None:
    from fpmcoder.core import BlindProposal

    t = target()
    h = History(t)
    b = BlindProposal("assist-2+0123456789ab", "meaning", 0.6, "2026-12-02T10:00:00Z")
    h.perform(AssignActivity(1, "alex", "locating", blind=b))
    assert t.codings_of(1) == {"alex": Coding("locating", blind=b)}
    later = BlindProposal("assist-2+ffffffffffff", "planning", 0.9)
    h.perform(AssignActivity(1, "alex", "planning", blind=later))
    assert t.codings_of(1)["alex"] == Coding("planning", blind=b)  # the first judgement's
    h.undo()
    h.undo()
    assert t.codings_of(1) == {}
    h.perform(AssignActivity(2, "alex", None, blind=b))  # clearing records nothing
    assert t.codings_of(2) == {}
