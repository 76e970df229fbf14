"""Interaction-research formats: parsing ELAN, CHAT and TextGrid files, and the ELAN export.

Run: .venv/bin/python benchmarks/bench_formats.py
Each file holds 10,000 turns of two speakers (about 8 hours), with a dependent tier on
every tenth turn; the export writes those turns and one coder's 10,000 coded segments.
Every figure is the median of 5 runs (wall and CPU). Aims: parsing < 500 ms each, the
export < 500 ms.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from fpmcoder.core.sequence import CodedSequence, SegmentInfo
from fpmcoder.core.transcript import Transcript, Turn
from fpmcoder.io.elan import write_eaf
from fpmcoder.io.transcripts import read_transcripts

N = 10_000
RUNS = 5
TEXT = "and then we tried the settling again, didn't we?"


def report(label: str, work: Callable[[], object], aim: str) -> None:
    wall, cpu = [], []
    for _ in range(RUNS):
        start, start_cpu = time.perf_counter(), time.process_time()
        work()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    print(
        f"{label}: median {statistics.median(wall) * 1000:.0f} ms wall, "
        f"{statistics.median(cpu) * 1000:.0f} ms CPU ({aim})"
    )


def turns() -> list[Turn]:
    return [
        Turn("Mother" if i % 2 else "Nurse", f"Turn {i}: {TEXT}", 3.0 * i, 3.0 * i + 2.5)
        for i in range(N)
    ]


def write_chat(path: Path) -> None:
    lines = ["@UTF8", "@Begin", "@Participants:\tMOT Mother, NUR Nurse"]
    for i, t in enumerate(turns()):
        code = "MOT" if t.speaker == "Mother" else "NUR"
        ms = f"\x15{round(1000 * (t.start or 0))}_{round(1000 * (t.end or 0))}\x15"
        lines.append(f"*{code}:\t{t.text} {ms}")
        if i % 10 == 0:
            lines.append("%com:\tbaby cries")
    lines.append("@End")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_textgrid(path: Path) -> None:
    tiers = {"Mother": [], "Nurse": []}  # type: dict[str, list[Turn]]
    for t in turns():
        tiers[t.speaker].append(t)
    end = 3.0 * N
    out = ['File type = "ooTextFile"', 'Object class = "TextGrid"', "", "xmin = 0"]
    out += [f"xmax = {end}", "tiers? <exists>", "size = 2", "item []:"]
    for k, (name, items) in enumerate(tiers.items(), start=1):
        out += [f"    item [{k}]:", '        class = "IntervalTier"', f'        name = "{name}"']
        out += [
            "        xmin = 0",
            f"        xmax = {end}",
            f"        intervals: size = {len(items)}",
        ]
        for j, t in enumerate(items, start=1):
            out += [f"        intervals [{j}]:", f"            xmin = {t.start}"]
            out += [f"            xmax = {t.end}", f'            text = "{t.text}"']
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


def main() -> None:
    transcript = Transcript("big", tuple(turns()))
    coded = CodedSequence(
        "big",
        "alex",
        tuple(
            SegmentInfo(i + 1, "meaning", start_time=t.start, end_time=t.end)
            for i, t in enumerate(transcript.turns)
        ),
    )
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        eaf, cha, grid = folder / "big.eaf", folder / "big.cha", folder / "big.TextGrid"
        write_eaf(eaf, transcript, [coded])
        write_chat(cha)
        write_textgrid(grid)
        for path in (eaf, cha, grid):
            [t] = read_transcripts(path)
            assert len(t.turns) == N, (path, len(t.turns))
        report("parse a 10,000-turn ELAN file", lambda: read_transcripts(eaf), "aim < 500 ms")
        report("parse a 10,000-turn CHAT file", lambda: read_transcripts(cha), "aim < 500 ms")
        report("parse a 10,000-turn TextGrid", lambda: read_transcripts(grid), "aim < 500 ms")
        report(
            "export 10,000 turns and segments to ELAN",
            lambda: write_eaf(folder / "out.eaf", transcript, [coded]),
            "aim < 500 ms",
        )


if __name__ == "__main__":
    main()
