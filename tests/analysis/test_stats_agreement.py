"""Agreement between coders: alignment, character units, per-activity kappa, dilemmas."""

from __future__ import annotations

import itertools

import krippendorff
import numpy as np
import pytest
from _seqhelp import LETTERS, codebook, seq
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from sklearn.metrics import cohen_kappa_score

from fpmcoder.analysis import agreement, align
from fpmcoder.core.sequence import CodedSequence, SegmentInfo
from fpmcoder.errors import InputError

CB = codebook()


def measure(result, name, transcript="(all)"):
    s = result.summary
    return s[(s.measure == name) & (s.transcript == transcript)].iloc[0]


def spans(name, coder, parts):
    """Segments from (length, letter) pairs laid end to end over the text."""
    segs, pos = [], 0
    for i, (length, letter) in enumerate(parts):
        segs.append(SegmentInfo(i + 1, LETTERS[letter], start_char=pos, end_char=pos + length))
        pos += length
    return CodedSequence(name, coder, tuple(segs))


def test_two_coders_same_segments_against_sklearn():
    a, b = "LLMMAAPPLM", "LMMMAPPPLL"
    r = agreement([seq(a, coder="x"), seq(b, coder="y")], CB)
    assert r.unit == "segment" and r.notes == []
    la = [LETTERS[c] for c in a]
    lb = [LETTERS[c] for c in b]
    assert measure(r, "cohen_kappa").value == pytest.approx(cohen_kappa_score(la, lb))
    assert measure(r, "percent_agreement").value == pytest.approx(7 / 10)  # 3 differ
    want = krippendorff.alpha(
        reliability_data=[[CB.activity_ids.index(x) for x in s] for s in (la, lb)],
        level_of_measurement="nominal",
    )
    assert measure(r, "krippendorff_alpha").value == pytest.approx(want)
    # kappa per activity: one against the rest
    for act in CB.activity_ids:
        row = r.per_activity.set_index("activity").loc[act]
        want = cohen_kappa_score([x == act for x in la], [x == act for x in lb])
        assert row.kappa == pytest.approx(want)


def test_uncoded_segments_are_missing_codings():
    r = agreement([seq("LLM-", coder="x"), seq("LMMM", coder="y")], CB)
    assert measure(r, "percent_agreement").n_units == 3
    assert measure(r, "krippendorff_alpha").n_units == 3
    assert measure(r, "percent_agreement").n_units_total == 4
    d = r.disagreements
    assert list(d.segment) == [2, 4]
    assert list(d.x) == ["locating", "(uncoded)"]
    assert list(d.y) == ["meaning", "meaning"]
    conf = r.confusion.set_index(["code_a", "code_b"])["count"]
    assert conf[("(uncoded)", "meaning")] == 1
    assert conf[("locating", "locating")] == 1
    assert conf.sum() == 4


def test_three_coders_fleiss_and_alpha():
    seqs = [seq("LLMMP", coder="a"), seq("LLMAP", coder="b"), seq("LMMA-", coder="c")]
    r = agreement(seqs, CB)
    assert "cohen_kappa" not in set(r.summary.measure)
    codes = np.array(
        [
            [CB.activity_ids.index(LETTERS[c]) if c != "-" else -1 for c in s]
            for s in ("LLMMP", "LLMAP", "LMMA-")
        ]
    )
    want = krippendorff.alpha(
        reliability_data=np.where(codes < 0, np.nan, codes), level_of_measurement="nominal"
    )
    assert measure(r, "krippendorff_alpha").value == pytest.approx(want)
    assert measure(r, "fleiss_kappa").n_units == 4  # the last unit lacks coder c
    assert set(r.confusion[["coder_a", "coder_b"]].itertuples(index=False)) == {
        ("a", "b"),
        ("a", "c"),
        ("b", "c"),
    }
    assert r.per_activity.kappa_method.eq("fleiss").all()


def test_different_segmentations_use_characters():
    # coder x: 10 chars L, 20 chars M; coder y: 15 chars L, 15 chars M
    # characters 10-14 disagree: 25 of 30 characters agree
    x = spans("t", "x", [(10, "L"), (20, "M")])
    y = spans("t", "y", [(15, "L"), (15, "M")])
    r = agreement([x, y], CB)
    assert r.unit == "character"
    assert "characters" in r.notes[0]
    assert measure(r, "percent_agreement").value == pytest.approx(25 / 30)
    la = ["L"] * 10 + ["M"] * 20
    lb = ["L"] * 15 + ["M"] * 15
    assert measure(r, "cohen_kappa").value == pytest.approx(cohen_kappa_score(la, lb))
    d = r.disagreements.iloc[0]
    assert (d.start_char, d.end_char, d.x, d.y) == (10, 15, "meaning", "locating")


def test_different_segmentations_without_offsets_cannot_be_aligned():
    with pytest.raises(InputError, match="segmented it differently"):
        agreement([seq("LLM", coder="x"), seq("LM", coder="y")], CB)


def test_no_segments_in_common_is_an_error():
    with pytest.raises(InputError, match="no transcript in common"):
        agreement([seq("LLM", "a", coder="x"), seq("LM", "b", coder="y")], CB)
    with pytest.raises(InputError, match="at least two coders"):
        agreement([seq("LLM", coder="x")], CB)
    with pytest.raises(InputError, match="in common"):
        agreement([seq("LL--", coder="x"), seq("--MM", coder="y")], CB)


def test_transcripts_coded_by_one_coder_are_left_out_and_named():
    seqs = [
        seq("LLMM", "shared", coder="x"),
        seq("LLMA", "shared", coder="y"),
        seq("PPPP", "solo", coder="x"),
        seq("----", "solo", coder="y"),
    ]
    r = agreement(seqs, CB)
    assert "solo" in r.notes[0]
    assert measure(r, "percent_agreement").n_units_total == 4


def test_per_transcript_rows():
    seqs = [
        seq("LLMM", "t1", coder="x"),
        seq("LLMM", "t1", coder="y"),
        seq("LMAP", "t2", coder="x"),
        seq("LMAA", "t2", coder="y"),
    ]
    r = agreement(seqs, CB)
    assert measure(r, "percent_agreement", "t1").value == 1.0
    assert measure(r, "percent_agreement", "t2").value == pytest.approx(0.75)
    assert measure(r, "percent_agreement").value == pytest.approx(7 / 8)


def test_dilemma_agreement_by_alpha():
    def with_dilemmas(coder, sets):
        segs = tuple(SegmentInfo(i + 1, "locating", frozenset(d)) for i, d in enumerate(sets))
        return CodedSequence("t", coder, segs)

    x = with_dilemmas("x", [{"focus"}, set(), {"focus", "readiness"}, set(), {"focus"}])
    y = with_dilemmas("y", [{"focus"}, {"focus"}, {"readiness"}, set(), set()])
    r = agreement([x, y], CB)
    d = r.dilemmas.set_index("dilemma")
    focus_x, focus_y = [1, 0, 1, 0, 1], [1, 1, 0, 0, 0]
    want = krippendorff.alpha(reliability_data=[focus_x, focus_y], level_of_measurement="nominal")
    assert d.loc["focus", "krippendorff_alpha"] == pytest.approx(want)
    assert d.loc["focus", "percent_agreement"] == pytest.approx(2 / 5)
    assert (d.loc["focus", "n_x"], d.loc["focus", "n_y"]) == (3, 2)
    assert d.loc["readiness", "percent_agreement"] == 1.0


def test_align_shapes():
    a = align([seq("LM", coder="x"), seq("L-", coder="y")], CB)
    assert a.codes.tolist() == [[0, 0], [1, -1]]
    assert a.dilemmas.tolist() == [[0, 0], [0, -1]]
    assert list(a.units.columns[:2]) == ["transcript", "segment"]


def cuts(draw_from, length):
    return sorted(set(draw_from) | {0, length})


@settings(deadline=None, max_examples=60)
@given(
    st.integers(5, 40).flatmap(
        lambda n: st.tuples(
            st.just(n),
            st.lists(st.integers(1, n - 1), max_size=6),
            st.lists(st.integers(1, n - 1), max_size=6),
            st.lists(st.sampled_from("LMAP-"), min_size=7, max_size=7),
            st.lists(st.sampled_from("LMAP-"), min_size=7, max_size=7),
        )
    )
)
def test_character_agreement_equals_per_character_oracles(case):
    n, cx, cy, lx, ly = case
    bx, by = cuts(cx, n), cuts(cy, n)
    assume(bx != by)
    x = spans("t", "x", [(b - a, lx[i]) for i, (a, b) in enumerate(itertools.pairwise(bx))])
    y = spans("t", "y", [(b - a, ly[i]) for i, (a, b) in enumerate(itertools.pairwise(by))])
    per_char = []
    for s in (x, y):
        row = []
        for g in s.segments:
            code = -1 if g.activity is None else CB.activity_ids.index(g.activity)
            row += [code] * (g.end_char - g.start_char)
        per_char.append(row)
    both = [(a, b) for a, b in zip(*per_char, strict=True) if a >= 0 and b >= 0]
    pairable = bool(both)
    values = {v for pair in both for v in pair}
    try:
        r = agreement([x, y], CB)
    except InputError:
        assert not pairable
        return
    assert r.unit == "character"
    if len(values) > 1:
        want = krippendorff.alpha(
            reliability_data=np.where(np.array(per_char) < 0, np.nan, per_char),
            level_of_measurement="nominal",
        )
        assert measure(r, "krippendorff_alpha").value == pytest.approx(want)
        a, b = zip(*both, strict=True)
        want_k = cohen_kappa_score(a, b)
        got_k = measure(r, "cohen_kappa").value
        assert (np.isnan(want_k) and np.isnan(got_k)) or got_k == pytest.approx(want_k)
    assert measure(r, "percent_agreement").value == pytest.approx(
        sum(a == b for a, b in both) / len(both)
    )
