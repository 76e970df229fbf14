"""How fast the desktop window is. Prints figures; run with the project's virtualenv:

    .venv/bin/python benchmarks/bench_gui.py            # offscreen
    QT_QPA_PLATFORM=xcb .venv/bin/python benchmarks/bench_gui.py   # on a display

1. start: a fresh Python process to the window shown with the sample project, and to the
   grid drawn (the grid is built after the window is shown);
2. open: a 10,000-segment transcript to the segment list shown, and its grid drawn;
3. code: a coding key press to the repainted row and grid square (key press, project
   write and commit, dataChanged, grid recolour, processEvents), median over 60 presses,
   near the start and at segment 9,000 of 10,000.

Settings and the sample project live in a temporary folder; nothing of the user's is read.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

CHILD = r"""
import sys, time
t0 = float(sys.argv[1])
from PySide6.QtCore import QSettings
import fpmcoder.main  # what `fpmcoder` imports first
from fpmcoder.cli import COMMANDS  # noqa: F401  (main imports it before the window)
from PySide6.QtWidgets import QApplication
from pathlib import Path
QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, sys.argv[3])
app = QApplication([])
from fpmcoder.qt.app import create_main_window
w = create_main_window(Path(sys.argv[2]))
w.show()
while not w._painted:  # the first paint of the window
    app.processEvents()
shown = time.time()
while w.grid.handle is None:
    app.processEvents()
w.grid.canvas.draw()
app.processEvents()
drawn = time.time()
print(f"{shown - t0:.3f} {drawn - t0:.3f}")
w.close()
"""


def bench_start(folder: Path, sample: Path, runs: int = 5) -> tuple[float, float]:
    shown, drawn = [], []
    for _ in range(runs):
        t0 = time.time()
        out = subprocess.run(
            [sys.executable, "-c", CHILD, repr(t0), str(sample), str(folder / "settings")],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        shown.append(float(out[0]))
        drawn.append(float(out[1]))
    return statistics.median(shown), statistics.median(drawn)


def report(label: str, ms: float, extra: str = "") -> None:
    print(f"{label:<62s}{ms:8.1f} ms{extra}")


def big_transcript(n: int):
    from fpmcoder.core.transcript import Transcript, Turn

    words = [
        "so",
        "how",
        "was",
        "the",
        "night",
        "and",
        "what",
        "helped",
        "him",
        "settle",
        "when",
        "he",
        "woke",
        "up",
        "again",
    ]
    turns = tuple(
        Turn(
            "Nurse" if i % 2 == 0 else "Mother",
            " ".join(words[(i + k) % len(words)] for k in range(8 + i % 30)).capitalize() + ".",
            i * 6.0,
            i * 6.0 + 5.0,
        )
        for i in range(n)
    )
    return Transcript(f"long visit ({n} turns)", turns, setting="bench")


def main() -> None:
    from PySide6.QtCore import QSettings
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from fpmcoder.io.samples import build_sample_bundle
    from fpmcoder.store import Project

    folder = Path(tempfile.mkdtemp(prefix="fpmcoder-bench-"))
    QSettings.setPath(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder / "settings")
    )
    sample = folder / "sample.fpmc"
    with Project.create(sample) as project:
        project.add_bundle(build_sample_bundle())
        project.add_transcripts([big_transcript(10_000)])

    shown, drawn = bench_start(folder, sample)
    report("start to window shown (sample project, median of 5 runs)", shown * 1000)
    report("start to grid drawn", drawn * 1000)

    app = QApplication.instance() or QApplication([])
    from fpmcoder.qt.app import create_main_window

    window = create_main_window(sample)
    window.show()
    while window.grid.handle is None:
        app.processEvents()
    tid = window.doc.project.transcripts()[-1].id

    t = time.perf_counter()
    window.show_transcript(tid)
    window.view.repaint()  # the list painted (the grid follows from the event loop)
    listed = time.perf_counter() - t
    while window.grid.handle is None or len(window.grid.handle.activities) != 10_000:
        app.processEvents()
    window.grid.canvas.draw()
    app.processEvents()
    gridded = time.perf_counter() - t
    report("open a 10,000-segment transcript: list shown", listed * 1000)
    report("  ... and its grid drawn", gridded * 1000)

    view, canvas = window.view, window.grid.canvas

    def press_many(start_row: int, n: int = 60) -> tuple[float, float, float, float]:
        window.controller.go_to_source_row(start_row)
        app.processEvents()
        wall, cpu, writes = [], [], []
        for i in range(n):
            key = "1234"[i % 4]
            t0, c0 = time.perf_counter(), time.process_time()
            QTest.keyClick(view, key)  # -> command -> project write and commit -> dataChanged
            t1 = time.perf_counter()
            app.processEvents()  # -> the row repainted, the square blitted
            app.processEvents()
            wall.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
            writes.append(t1 - t0)
        assert window.model.coding_at(start_row + n - 1).activity is not None
        return (
            statistics.median(wall),
            max(wall),
            statistics.median(cpu),
            statistics.median(writes),
        )

    for label, row in (("near the start", 10), ("at segment 9,000 of 10,000", 9000)):
        med, worst, cpu, write = press_many(row)
        report(
            f"key press to repainted row and square, {label}",
            med * 1000,
            f" median (max {worst * 1000:.0f} ms; CPU {cpu * 1000:.1f} ms; "
            f"key to committed write {write * 1000:.1f} ms)",
        )
    t = time.perf_counter()
    for _ in range(10):
        canvas.draw()
    report(
        "for scale: one full Agg draw of the 10,000-square grid", (time.perf_counter() - t) * 100
    )
    window.close()
    window.deleteLater()
    app.processEvents()


if __name__ == "__main__":
    main()
