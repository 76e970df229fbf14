"""How fast the figures are. Prints figures; run with the project's virtualenv:

    .venv/bin/python benchmarks/bench_grid.py

1. a 10,000-segment grid, drawn and written as SVG and as PDF (target < 0.5 s each) and as
   a 300-dpi PNG (target < 1 s), against a naive drawing with one ``Rectangle`` patch per
   square, measured in the same run (the ratio is printed);
2. a 20-transcript comparison (60-240 segments each) drawn and written as PDF (< 1 s).

Times are the median of 5 runs (the naive drawing: one run), each from a fresh ``Figure``
(drawing included), after one warm-up run that loads fonts. Files are written to a temporary folder.
"""

from __future__ import annotations

import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from fpmcoder.core.codebook import Codebook
from fpmcoder.core.sequence import CodedSequence
from fpmcoder.io.codebook_yaml import default_codebook
from fpmcoder.plot import CompareOptions, GridOptions, draw_comparison, draw_grid, palette_for
from fpmcoder.plot.options import default_columns

RUNS = 5


def _sequence(n: int, name: str, rng: random.Random, codebook: Codebook) -> CodedSequence:
    ids = codebook.activity_ids
    acts: list[str | None] = []
    current = ids[0]
    while len(acts) < n:
        acts.extend([current] * rng.randint(1, 12))
        current = rng.choice([a for a in ids if a != current])
        if rng.random() < 0.03:
            acts.append(None)
    return CodedSequence.from_activities(name, acts[:n], coder="alex", setting="home visit")


def _median(fn: Callable[[], object], runs: int = RUNS) -> float:
    fn()  # warm-up: fonts, caches
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def _naive(fig: Figure, seq: CodedSequence, codebook: Codebook) -> None:
    """One Rectangle per square: what the grid must not do."""
    pal = palette_for(codebook)
    cols = default_columns(len(seq))
    rows = -(-len(seq) // cols)
    fig.set_size_inches(170 / 25.4, 170 / 25.4 * rows / cols)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_axis_off()
    ax.set_xlim(0, cols)
    ax.set_ylim(rows, 0)
    for i, a in enumerate(seq.activities):
        r, c = divmod(i, cols)
        ax.add_patch(Rectangle((c, r), 0.87, 0.87, facecolor=pal.swatch(a).face, linewidth=0))


def main() -> None:
    from fpmcoder.plot import save_figure

    codebook = default_codebook()
    rng = random.Random(7)
    big = _sequence(10_000, "10,000 segments", rng, codebook)
    many = [
        _sequence(rng.randint(60, 240), f"Transcript {k + 1}", rng, codebook) for k in range(20)
    ]
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)

        def grid(fmt: str, dpi: float | None = None) -> Callable[[], object]:
            def run() -> object:
                fig = Figure()
                draw_grid(fig, big, codebook, GridOptions())
                return save_figure(fig, out / f"grid.{fmt}", dpi=dpi)

            return run

        def naive(fmt: str, dpi: float | None = None) -> Callable[[], object]:
            def run() -> object:
                fig = Figure()
                _naive(fig, big, codebook)
                return fig.savefig(out / f"naive.{fmt}", dpi=dpi or 100)

            return run

        def compare() -> object:
            fig = Figure()
            draw_comparison(fig, many, codebook, CompareOptions(summary=True, panels_per_row=5))
            return save_figure(fig, out / "compare.pdf")

        print(f"fpmcoder grid benchmark (median of {RUNS} runs, drawing included; naive: 1 run)\n")
        print(
            f"{'10,000-segment grid':28} {'fpmcoder':>10} {'naive':>10} {'ratio':>8} {'target':>8}"
        )
        for fmt, dpi, target in (("svg", None, 0.5), ("pdf", None, 0.5), ("png", 300, 1.0)):
            ours = _median(grid(fmt, dpi))
            theirs = _median(naive(fmt, dpi), runs=1)  # several seconds: once is enough
            size = (out / f"grid.{fmt}").stat().st_size / 1024
            label = f"{fmt.upper()}{f' {dpi} dpi' if dpi else ''} ({size:,.0f} KiB)"
            ok = "ok" if ours < target else "SLOW"
            print(
                f"{label:28} {ours:9.3f}s {theirs:9.3f}s {theirs / ours:7.1f}x "
                f"{'<' + str(target) + 's':>6} {ok}"
            )
        t = _median(compare)
        n = sum(len(s) for s in many)
        print(
            f"\n20-transcript comparison ({n:,} segments, PDF): {t:.3f}s (target < 1 s) "
            f"{'ok' if t < 1 else 'SLOW'}"
        )


if __name__ == "__main__":
    main()
