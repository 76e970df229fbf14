"""Transcript import speed: parsing files, and the full import into a new project.

Run: .venv/bin/python benchmarks/bench_import.py
Targets (issue): AnnoMI-simple imported into a new project under 1 s; a 10,000-turn
transcript imported under 0.5 s. Parsing alone should stay well under those
(aims: < 0.3 s and < 0.15 s). Every figure is the median of 5 runs.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from fpmcoder.core.transcript import Transcript
from fpmcoder.io.transcripts import read_transcripts

ROOT = Path(__file__).resolve().parent.parent
ANNOMI = ROOT.parent / "shared" / "realdata" / "annomi" / "AnnoMI-simple.csv"
RUNS = 5


def _median(work: Callable[[], object]) -> tuple[float, float]:
    wall, cpu = [], []
    for _ in range(RUNS):
        start, start_cpu = time.perf_counter(), time.process_time()
        work()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return statistics.median(wall), statistics.median(cpu)


def report(label: str, work: Callable[[], object], target: str) -> None:
    """Print wall and CPU medians: CPU time is steadier on a busy machine."""
    wall, cpu = _median(work)
    print(f"{label}: median {wall * 1000:.0f} ms wall, {cpu * 1000:.0f} ms CPU ({target})")


def write_big_text(path: Path, turns: int) -> None:
    lines = [f"Interview {turns} turns", "Date: 1 May 2024", ""]
    for i in range(turns):
        speaker = "Nurse" if i % 2 else "Mother"
        lines.append(f"{speaker}: Turn {i}: and then we tried the settling again, didn't we?")
        if i % 10 == 0:
            lines.append("She was crying for a while, so we waited.")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def import_into_project(folder: Path, name: str, transcripts: list[Transcript]) -> None:
    from fpmcoder.store import Project

    with Project.open_or_create(folder / name) as project:
        project.add_transcripts(transcripts)


def full_import(folder: Path, source: Path, label: str, target: float) -> None:
    try:
        import fpmcoder.store  # noqa: F401
    except ImportError:
        print(f"{label}: skipped (fpmcoder.store is not available yet)")
        return
    counter = iter(range(1000))

    def run() -> None:
        import_into_project(folder, f"b{next(counter)}.fpmc", read_transcripts(source))

    report(label, run, f"target < {target * 1000:.0f} ms")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        big = folder / "big.txt"
        write_big_text(big, 10_000)
        [t] = read_transcripts(big)
        assert len(t.turns) == 10_000, len(t.turns)
        report(
            "parse a 10,000-turn plain-text transcript",
            lambda: read_transcripts(big),
            "aim < 150 ms",
        )
        if ANNOMI.is_file():
            ts = read_transcripts(ANNOMI)
            print(
                f"AnnoMI-simple.csv: {len(ts)} transcripts, {sum(len(x.turns) for x in ts)} turns"
            )
            report("parse AnnoMI-simple.csv", lambda: read_transcripts(ANNOMI), "aim < 300 ms")
        else:
            print(f"parse AnnoMI-simple.csv: skipped ({ANNOMI} is absent)")
        full_import(folder, big, "10,000-turn transcript into a new project", 0.5)
        if ANNOMI.is_file():
            full_import(folder, ANNOMI, "AnnoMI-simple into a new project", 1.0)


if __name__ == "__main__":
    main()
