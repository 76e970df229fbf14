"""Benchmark following the playhead: ``.venv/bin/python benchmarks/bench_playhead.py``.

Prints, for a 10,000-segment transcript (about 8 hours of turns of 1-5 s, with 10%
overlapping speech, 10% gaps and 1% untimed segments):

* building the :class:`fpmcoder.core.playhead.Timeline` (once per segmentation change);
* the cost of one playhead tick (``Timeline.current``), the median over 100,000 ticks
  at random times and over a sequential sweep like playback (target < 1 ms per tick).
"""

from __future__ import annotations

import random
import statistics
import time

from fpmcoder.core.playhead import Timeline

N = 10_000
TICKS = 100_000


def make_spans(n: int, seed: int = 1) -> list[tuple[float | None, float | None]]:
    rng = random.Random(seed)
    spans: list[tuple[float | None, float | None]] = []
    t = 0.0
    for _ in range(n):
        length = rng.uniform(1, 5)
        if rng.random() < 0.01:
            spans.append((None, None))
            continue
        start = t - rng.uniform(0, length / 2) if rng.random() < 0.1 else t
        if rng.random() < 0.1:
            start += rng.uniform(0.5, 3)  # a gap before this turn
        spans.append((start, start + length))
        t = start + length
    return spans


def per_tick(timeline: Timeline, times: list[float]) -> float:
    current = timeline.current
    t0 = time.perf_counter()
    for t in times:
        current(t)
    return (time.perf_counter() - t0) / len(times)


def main() -> None:
    spans = make_spans(N)
    builds = []
    for _ in range(5):
        t0 = time.perf_counter()
        timeline = Timeline(spans)
        builds.append(time.perf_counter() - t0)
    end = max(e for _, e in spans if e is not None)
    rng = random.Random(2)
    random_times = [rng.uniform(-1, end + 1) for _ in range(TICKS)]
    sweep = [end * i / TICKS for i in range(TICKS)]
    random_tick = statistics.median(per_tick(timeline, random_times) for _ in range(5))
    sweep_tick = statistics.median(per_tick(timeline, sweep) for _ in range(5))
    print(f"playhead follow, {N:,} segments ({end / 3600:.1f} h), median of 5 runs:")
    print(f"  build the timeline            {1000 * statistics.median(builds):8.2f} ms")
    print(f"  one tick, random times        {1e6 * random_tick:8.2f} µs  (target < 1,000 µs)")
    print(f"  one tick, playback sweep      {1e6 * sweep_tick:8.2f} µs  (target < 1,000 µs)")


if __name__ == "__main__":
    main()
