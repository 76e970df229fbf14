"""Project-file speed: one coding written and committed, 10,000-turn import, reading back.

Run: .venv/bin/python benchmarks/bench_store.py
Targets (issue 2): one coding written (transaction committed) under 2 ms median; a
10,000-turn transcript imported into a new project under 0.5 s.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from fpmcoder.core import Transcript, Turn
from fpmcoder.store import Project


def big_transcript(n: int) -> Transcript:
    turns = tuple(
        Turn(
            "Nurse" if i % 2 else "Mother",
            f"Turn {i}: and then we tried the settling again.",
            i * 5.0,
            i * 5.0 + 4,
        )
        for i in range(n)
    )
    return Transcript("big", turns)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        t = big_transcript(10_000)
        times = []
        for i in range(5):
            path = Path(tmp) / f"import{i}.fpmc"
            start = time.perf_counter()
            with Project.create(path) as p:
                p.add_transcripts([t])
            times.append(time.perf_counter() - start)
        print(
            f"10,000-turn transcript into a new project: median {statistics.median(times) * 1000:.0f} ms (target < 500 ms)"
        )

        with Project.open(Path(tmp) / "import0.fpmc") as p:
            segs = p.segments("big")
            acts = p.codebook.activity_ids
            writes = []
            for i, seg in enumerate(segs[:2000]):
                start = time.perf_counter()
                p.assign_activity(seg.id, "alex", acts[i % 4])
                writes.append(time.perf_counter() - start)
            q = statistics.quantiles(writes, n=100)
            print(
                f"one coding written and committed (2,000 writes, synchronous=FULL): median "
                f"{statistics.median(writes) * 1000:.2f} ms, p95 {q[94] * 1000:.2f} ms "
                "(target < 2 ms median)"
            )
            start = time.perf_counter()
            seq = p.sequence("big", "alex")
            print(
                f"reading a 10,000-segment coded sequence: {(time.perf_counter() - start) * 1000:.0f} ms ({len(seq)} segments)"
            )
            start = time.perf_counter()
            rows = p.tidy_rows()
            ms = (time.perf_counter() - start) * 1000
            print(f"tidy rows for 10,000 segments: {ms:.0f} ms ({len(rows)} rows)")


if __name__ == "__main__":
    main()
