"""Suggested codes in the window: ``.venv/bin/python benchmarks/bench_suggest_window.py``.

On a project built from AnnoMI (``../shared/realdata/annomi``, read in place; coder
``annomi`` has coded 126 sessions, 9,271 utterances, and none of the 7 others), in the real
main window (offscreen), as coder ``annomi``:

1. the first model: window shown to the model installed, trained in the worker thread,
   and how long the window's own thread spent reading the codings for it;
2. one proposal: the current segment moved to an uncoded one, to its proposal shown
   (median, 95th percentile and worst over every segment of the 7 sessions);
3. Tab: accepting the proposal shown (stored, committed) and the next one shown;
4. a key press while a model is being retrained in the background, against the same
   key presses with no training under way (the issue: "never block a key press"):
   median and worst time from the press to the row repainted;
5. on a 10,000-segment transcript (the project's turns repeated, uncoded), a coding key
   to the next segment's proposal shown.

Without AnnoMI it uses the bundled sample project (alex's 187 codings) and says so.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from PySide6.QtCore import QEvent, QSettings, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication


def _ms(values: list[float]) -> str:
    v = sorted(values)
    p95 = v[min(len(v) - 1, int(0.95 * len(v)))]
    return (
        f"median {statistics.median(v):.1f} ms, p95 {p95:.1f} ms, worst {v[-1]:.1f} ms (n={len(v)})"
    )


def _press(app: QApplication, view: object, key: Qt.Key, text: str) -> float:
    t0 = time.perf_counter()
    QApplication.sendEvent(
        view, QKeyEvent(QEvent.Type.KeyPress, key, Qt.KeyboardModifier.NoModifier, text)
    )
    app.processEvents()
    return (time.perf_counter() - t0) * 1000


LONG, LONG_SEGMENTS = "long", 10_000


def _add_long(path: Path, n: int) -> None:
    """An uncoded transcript of ``n`` turns: the project's turns, repeated."""
    from fpmcoder.core.transcript import Transcript
    from fpmcoder.store import Project

    with Project.open(path) as p:
        turns = [turn for t in p.transcripts() for turn in p.transcript(t.id).turns]
        long = [turns[i % len(turns)] for i in range(n)]
        p.add_transcripts([Transcript(LONG, tuple(long))])


def main() -> int:
    tmp = Path(tempfile.mkdtemp())
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp))
    from assist_annomi import ANNOMI, build_project

    from fpmcoder.qt.settings import Settings
    from fpmcoder.store import Project

    path = tmp / "p.fpmc"
    if (ANNOMI / "AnnoMI-full.csv").exists():
        _single, targets = build_project(path)
        coder, what = "annomi", "AnnoMI: 126 sessions coded by annomi, proposals on the other 7"
    else:
        from fpmcoder.cli import main as cli

        cli(["demo", str(path)])
        with Project.open(path) as p:
            for seg in p.segments("home_visit")[10:]:
                p.assign_activity(seg.id, "alex", None)
        coder, targets, what = "alex", ["home_visit"], "the bundled sample (no AnnoMI here)"
    _add_long(path, LONG_SEGMENTS)
    s = Settings()
    s.coder, s.suggest_mode, s.suggest_threshold = coder, "on", 0.0
    s.sync()
    app = QApplication([])
    from fpmcoder.qt.app import create_main_window

    print(f"project: {what}")
    t0 = time.perf_counter()
    w = create_main_window(path)
    w.show()
    app.processEvents()
    svc = w.suggestions
    assert svc is not None and w.controller is not None and w.model is not None
    while svc.model is None:
        app.processEvents()
        time.sleep(0.005)
        if time.perf_counter() - t0 > 120:
            raise SystemExit("no model after 120 s")
    print(f"1. first model installed {time.perf_counter() - t0:.2f} s after the window was made")
    print(f"   trained on {svc.model.trained_on} coded segments (model {svc.model.version})")
    t = time.perf_counter()
    svc.restart()  # reads the codings again in this thread, then trains in the worker
    read_ms = (time.perf_counter() - t) * 1000
    svc.wait()
    app.processEvents()
    print(f"   reading the codings for training, in the window's thread: {read_ms:.0f} ms")
    status = Path(f"/proc/{svc.last_process}/status")
    if status.exists():
        rss = next(ln for ln in status.read_text().splitlines() if ln.startswith("VmRSS"))
        print(f"   the worker process's memory: {int(rss.split()[1]) / 1024:.0f} MB resident")

    # 2. one proposal per uncoded segment of the target transcripts
    project = w.doc.project
    proposal_ms: list[float] = []
    for title in targets:
        tid = project.transcript_id(title)
        w.bar.transcripts.setCurrentIndex(w.bar.transcripts.findData(tid))
        w.show_transcript(tid)
        for row in range(w.model.rowCount()):
            if w.model.coding_at(row).activity is not None:
                continue
            t = time.perf_counter()
            w.controller.go_to_source_row(row)
            svc.update_proposal()  # what the follow timer runs, 25 ms after the move
            app.processEvents()
            proposal_ms.append((time.perf_counter() - t) * 1000)
            assert w.model.suggestion is not None
    print(f"2. one proposal (segment moved to it shown): {_ms(proposal_ms)}")

    # 3. Tab on the first target transcript
    tid = project.transcript_id(targets[0])
    w.bar.transcripts.setCurrentIndex(w.bar.transcripts.findData(tid))
    w.show_transcript(tid)
    first = w.model.first_uncoded_row() or 0
    w.controller.go_to_source_row(first)
    svc.update_proposal()
    tab_ms: list[float] = []
    for _ in range(min(30, w.model.rowCount() - first - 1)):
        if w.model.suggestion is None:
            svc.update_proposal()
        t = time.perf_counter()
        _press(app, w.view, Qt.Key.Key_Tab, "\t")
        svc.update_proposal()
        app.processEvents()
        tab_ms.append((time.perf_counter() - t) * 1000)
    print(f"3. Tab: stored, committed and the next proposal shown: {_ms(tab_ms)}")

    # 4. key presses with and without a training under way
    def presses(n: int) -> list[float]:
        out = []
        for _ in range(n):
            row = w.controller.current_source_row() or 0
            if row >= w.model.rowCount() - 2:
                w.controller.go_to_source_row(first)
            out.append(_press(app, w.view, Qt.Key.Key_1, "1"))
        return out

    quiet = presses(30)
    during: list[float] = []
    rounds = 0
    while len(during) < 30 and rounds < 20:
        rounds += 1
        svc.restart()
        while svc.training and len(during) < 30:
            during.extend(presses(1))
        svc.wait()
        app.processEvents()
    print(f"4. a coding key, no training under way: {_ms(quiet)}")
    print(f"   the same while a model is retrained in the background: {_ms(during)}")

    # 5. a long transcript: the key press to the next proposal shown
    tid = project.transcript_id(LONG)
    w.bar.transcripts.setCurrentIndex(w.bar.transcripts.findData(tid))
    w.show_transcript(tid)
    w.controller.go_to_source_row(w.model.rowCount() // 2)
    svc.update_proposal()
    long_ms = []
    for _ in range(30):
        t = time.perf_counter()
        _press(app, w.view, Qt.Key.Key_1, "1")
        svc.update_proposal()  # what the follow timer runs, 25 ms after the move
        app.processEvents()
        long_ms.append((time.perf_counter() - t) * 1000)
        assert w.model.suggestion is not None
    n = w.model.rowCount()
    print(f"5. {n:,}-segment transcript: a coding key to the next proposal shown: {_ms(long_ms)}")
    w.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
