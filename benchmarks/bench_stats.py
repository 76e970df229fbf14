"""Benchmark the statistics: ``.venv/bin/python benchmarks/bench_stats.py``.

Prints wall-clock times (best of three) for

* all sequence statistics (per-transcript and pooled table, per-activity table,
  transitions) for 1,000 transcripts of 1,000 segments (target < 2 s);
* distance matrices (optimal matching, all pairs) for reference;
* Krippendorff's alpha, 5 coders x 100,000 segments (target < 1 s), with the
  ``krippendorff`` package's time on the same data for reference (when installed).

Sequences are sticky Markov chains (stay with probability 0.7) over the four FPM
activities with 2% uncoded segments and a dilemma on 5% of segments, like real coded interactions.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np

from fpmcoder.analysis import (
    activity_stats,
    dilemma_activity_table,
    dilemma_frequencies,
    distance_matrix,
    krippendorff_alpha,
    sequence_stats,
    transition_table,
)
from fpmcoder.core.codebook import Codebook
from fpmcoder.core.sequence import CodedSequence, SegmentInfo
from fpmcoder.io.codebook_yaml import default_codebook


def best_of(fn: Callable[[], object], repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def report(label: str, seconds: float, extra: str = "") -> None:
    print(f"  {label:<30} {seconds:7.3f} s  {extra}".rstrip())


def make_sequences(n_seq: int, length: int, seed: int = 1) -> list[CodedSequence]:
    rng = np.random.default_rng(seed)
    acts = list(default_codebook().activity_ids)
    stay = rng.random((n_seq, length)) < 0.7
    jump = rng.integers(0, len(acts), (n_seq, length))
    codes = np.empty((n_seq, length), dtype=np.int64)
    codes[:, 0] = jump[:, 0]
    for j in range(1, length):
        codes[:, j] = np.where(stay[:, j], codes[:, j - 1], jump[:, j])
    names: list[str | None] = [*acts, None]
    codes[rng.random((n_seq, length)) < 0.02] = len(acts)
    dilemmas = list(default_codebook().dilemma_ids)
    has = rng.random((n_seq, length)) < 0.05
    which = rng.integers(0, len(dilemmas), (n_seq, length))
    none: frozenset[str] = frozenset()
    out = []
    for i, (row, h, w) in enumerate(zip(codes.tolist(), has.tolist(), which.tolist(), strict=True)):
        segs = tuple(
            SegmentInfo(j + 1, names[c], frozenset({dilemmas[d]}) if hh else none)
            for j, (c, hh, d) in enumerate(zip(row, h, w, strict=True))
        )
        out.append(CodedSequence(f"t{i}", None, segs, setting=f"s{i % 3}"))
    return out


def dilemma_tables(seqs: list[CodedSequence], cb: Codebook) -> None:
    dilemma_frequencies(seqs, cb)
    dilemma_activity_table(seqs, cb)


def main() -> None:
    cb = default_codebook()
    seqs = make_sequences(1000, 1000)

    def all_sequence_statistics() -> None:
        sequence_stats(seqs, cb)
        activity_stats(seqs, cb)
        transition_table(seqs, cb)
        dilemma_frequencies(seqs, cb)
        dilemma_activity_table(seqs, cb)

    print("sequence statistics, 1,000 transcripts x 1,000 segments")
    report("sequence_stats", best_of(lambda: sequence_stats(seqs, cb)))
    report("activity_stats", best_of(lambda: activity_stats(seqs, cb)))
    report("transition_table (+ pooled)", best_of(lambda: transition_table(seqs, cb)))
    report("dilemma counts + cross table", best_of(lambda: dilemma_tables(seqs, cb)))
    report("all of the above", best_of(all_sequence_statistics), "(target < 2 s)")

    print("distance matrices (all pairs)")
    hundred = seqs[:100]
    report("OM 2/1 (= LCS), 100 x 1,000", best_of(lambda: distance_matrix(hundred, cb), 1))
    twenty = make_sequences(20, 500, seed=3)
    report(
        "OM sub 1 indel 1, 20 x 500",
        best_of(lambda: distance_matrix(twenty, cb, sub=1.0), 1),
    )

    rng = np.random.default_rng(2)
    truth = rng.integers(0, 4, 100_000)
    codes = np.where(
        rng.random((100_000, 5)) < 0.8, truth[:, None], rng.integers(0, 4, (100_000, 5))
    )
    codes[rng.random(codes.shape) < 0.05] = -1
    print("Krippendorff's alpha (nominal), 5 coders x 100,000 segments, 5% missing")
    value = krippendorff_alpha(codes)
    t_alpha = best_of(lambda: krippendorff_alpha(codes))
    report("fpmcoder", t_alpha, f"alpha = {value:.6f}  (target < 1 s)")
    try:
        import krippendorff
    except ImportError:
        print("  krippendorff package not installed: no reference time")
        return
    data = np.where(codes < 0, np.nan, codes.astype(float)).T
    ref = krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
    t_ref = best_of(
        lambda: krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
    )
    report("krippendorff package", t_ref, f"alpha = {ref:.6f}  (reference)")


if __name__ == "__main__":
    main()
