"""`fpmcoder apply` of a 10,000-row table: one long transcript, and many short ones.

Run: .venv/bin/python benchmarks/bench_apply.py
Issue 13 found the long case quadratic (96 s: the transcript's segments were read again
for every row); it must take about as long as the many-short case.
"""

from __future__ import annotations

import contextlib
import io
import tempfile
import time
from pathlib import Path

from fpmcoder.cli import main as cli
from fpmcoder.core import Transcript, Turn
from fpmcoder.store import Project

ACTS = ["locating", "meaning", "live_action", "planning"]


def project_with(path: Path, shape: list[int]) -> None:
    with Project.create(path) as p:
        p.add_transcripts(
            [
                Transcript(f"t{k}", tuple(Turn("Nurse", f"turn {i} of t{k}") for i in range(n)))
                for k, n in enumerate(shape)
            ]
        )


def table(path: Path, shape: list[int]) -> None:
    lines = ["transcript,segment,coder,activity"]
    for k, n in enumerate(shape):
        lines += [f"t{k},{i + 1},sam,{ACTS[i % 4]}" for i in range(n)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def run(label: str, shape: list[int]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        proj, tab = Path(tmp) / "p.fpmc", Path(tmp) / "codings.csv"
        project_with(proj, shape)
        table(tab, shape)
        start = time.perf_counter()
        with contextlib.redirect_stderr(io.StringIO()):
            status = cli(["apply", str(proj), str(tab)])
        took = time.perf_counter() - start
        with Project.open(proj) as p:
            n = sum(p.coded_counts().values())
        print(
            f"{label}: {sum(shape)} rows applied in {took:.2f} s (exit {status}, {n} codings stored)"
        )


def main() -> None:
    run("one transcript of 10,000 segments", [10_000])
    run("100 transcripts of 100 segments", [100] * 100)


if __name__ == "__main__":
    main()
