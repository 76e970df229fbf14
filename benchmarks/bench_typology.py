"""Benchmark typologies and lagged transitions: ``.venv/bin/python benchmarks/bench_typology.py``.

Prints wall-clock times (one run each, after a warm-up that compiles the numba kernels) for

* optimal-matching distances, 1,000 sequences x 100 segments (target < 5 s), constant
  costs (2/1) and TRATE costs, side by side with sequenzo (TraMineR's ``seqdist`` in
  Python) on the same data in the same run, with the ratio and a check that the numbers
  agree; sequenzo is skipped when it is not installed;
* the whole typology (distances, Ward, quality for k = 2..10, the index plot) for 1,000
  cases (target < 10 s);
* 1,000 permutations of a 100-transcript lag-1 transition table (target < 3 s).

Sequences are sticky Markov chains (stay with probability 0.7) over the four FPM
activities, as in ``bench_stats.py``. The machine's load matters: the figures are for
comparing, not promises.
"""

from __future__ import annotations

import contextlib
import io
import time
from collections.abc import Callable

import numpy as np
import numpy.typing as npt
from bench_stats import make_sequences

from fpmcoder.analysis.distance import pairwise_distances
from fpmcoder.analysis.typology import typology
from fpmcoder.io.codebook_yaml import default_codebook

CPU: list[float] = [0.0]


def timed(fn: Callable[[], object]) -> tuple[float, object]:
    """Wall-clock seconds (and CPU seconds of this process in ``CPU[0]``: on a shared,
    loaded machine the CPU time says what the code costs, the wall time what it took)."""
    t0, c0 = time.perf_counter(), time.process_time()
    out = fn()
    CPU[0] = time.process_time() - c0
    return time.perf_counter() - t0, out


def sticky(n: int, length: int, seed: int = 1) -> npt.NDArray[np.int64]:
    rng = np.random.default_rng(seed)
    stay = rng.random((n, length)) < 0.7
    jump = rng.integers(0, 4, (n, length))
    codes = np.empty((n, length), dtype=np.int64)
    codes[:, 0] = jump[:, 0]
    for j in range(1, length):
        codes[:, j] = np.where(stay[:, j], codes[:, j - 1], jump[:, j])
    return codes


def sequenzo_om(
    codes: npt.NDArray[np.int64], sm: str
) -> tuple[float, npt.NDArray[np.float64]] | None:
    try:
        import pandas as pd
        from sequenzo import SequenceData, get_distance_matrix
    except ImportError:
        return None
    states = ["L", "M", "A", "P"]
    cols = [f"t{i}" for i in range(codes.shape[1])]
    df = pd.DataFrame(np.array(states)[codes], columns=cols)
    df.insert(0, "id", range(len(codes)))
    with contextlib.redirect_stdout(io.StringIO()):
        data = SequenceData(df, time=cols, id_col="id", states=states)
        indel: object = 1 if sm == "CONSTANT" else "auto"
        t, d = timed(lambda: get_distance_matrix(data, method="OM", sm=sm, indel=indel))
    return t, np.asarray(d, dtype=np.float64)


def bench_om() -> None:
    codes = sticky(1000, 100)
    parts = list(codes)
    pairwise_distances(parts[:5], 4)  # compile (or load) the kernels
    pairwise_distances(parts[:5], 4, costs="trate")
    print("optimal matching, 1,000 sequences x 100 segments (target < 5 s)")
    for costs, sm in (("constant", "CONSTANT"), ("trate", "TRATE")):
        t, (d, _, _) = timed(lambda c=costs: pairwise_distances(parts, 4, costs=c))
        line = f"  {costs:<9} fpmcoder {t:6.2f} s (cpu {CPU[0]:5.2f} s)"
        ref = sequenzo_om(codes, sm)
        if ref is None:
            line += "   (sequenzo not installed)"
        else:
            t_ref, d_ref = ref
            same = np.allclose(d, d_ref, rtol=1e-9, atol=1e-9)
            line += f"   sequenzo {t_ref:6.2f} s (cpu {CPU[0]:5.2f} s)"
            line += f"   ratio {t_ref / t:4.1f}x   same: {same}"
        print(line)


def bench_typology() -> None:
    from matplotlib.figure import Figure

    cb = default_codebook()
    seqs = make_sequences(1000, 100, seed=4)
    try:
        from fpmcoder.plot.index import draw_index_plot
    except ImportError:  # pragma: no cover - before the figures exist
        draw_index_plot = None

    def whole() -> None:
        t = typology(seqs, cb)
        if draw_index_plot is not None:
            draw_index_plot(Figure(), seqs, cb, t)

    t, _ = timed(whole)
    print(
        f"whole typology, 1,000 cases x 100 segments (target < 10 s): {t:.2f} s (cpu {CPU[0]:.2f} s)"
    )


def bench_permutations() -> None:
    from fpmcoder.analysis.transitions import transition_table

    cb = default_codebook()
    seqs = make_sequences(100, 100, seed=5)
    t, _ = timed(lambda: transition_table(seqs, cb, by="all", permutations=1000, seed=1))
    print(
        f"1,000 permutations, 100 transcripts, lag 1 (target < 3 s): {t:.2f} s (cpu {CPU[0]:.2f} s)"
    )


def main() -> None:
    import os

    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    bench_om()
    bench_typology()
    bench_permutations()


if __name__ == "__main__":
    main()
