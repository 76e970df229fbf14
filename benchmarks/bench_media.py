"""How fast the player panel is. Prints figures; run with the project's virtualenv and the
media extra (``pip install -e ".[media]"``):

    .venv/bin/python benchmarks/bench_media.py          # offscreen

1. open: the window on a transcript linked to a 60-minute WAV (44.1 kHz, stereo, 16-bit,
   about 635 MB, written to a temporary folder first): to the window shown and usable (the
   waveform is read in the background), and to the waveform drawn, with a cold cache and
   with the cache of a previous opening (target: waveform < 3 s);
2. the envelope alone (``fpmcoder.io.waveform.wav_envelope``) on that file;
3. follow: what one playhead tick costs (``Playback.on_position``: the timeline, and moving
   the current segment when the playing one changed) on a 10,000-segment transcript, over
   a sweep like playback (a tick every 50 ms), and on the ticks that move the segment
   (target: < 1 ms per tick).

Settings, the project, the recording and the waveform cache live in a temporary folder.
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
import time
import wave
from pathlib import Path

import numpy as np

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia.*=false")

MINUTES = 60
RATE = 44_100


def write_long_wav(path: Path, minutes: int = MINUTES) -> None:
    """Speech-like bursts of noise, written a minute at a time."""
    rng = np.random.default_rng(7)
    with wave.open(str(path), "wb") as w:
        w.setnchannels(2)
        w.setsampwidth(2)
        w.setframerate(RATE)
        t = np.arange(RATE * 60) / RATE
        for _ in range(minutes):
            env = np.abs(np.sin(t * rng.uniform(0.5, 3))) * rng.uniform(0.2, 0.9)
            mono = (rng.standard_normal(len(t)) * 0.3 * env).clip(-1, 1)
            frames = np.repeat((mono * 32767).astype("<i2"), 2)
            w.writeframes(frames.tobytes())


def report(label: str, ms: float, extra: str = "") -> None:
    print(f"{label:<66s}{ms:9.3f} ms{extra}")


def main() -> None:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from fpmcoder.core.transcript import Transcript, Turn
    from fpmcoder.io.waveform import wav_envelope
    from fpmcoder.qt.media_support import multimedia
    from fpmcoder.store import Project

    if multimedia() is None:
        sys.exit('Qt Multimedia is not installed: pip install -e ".[media]"')
    folder = Path(tempfile.mkdtemp(prefix="fpmcoder-bench-media-"))
    try:
        QSettings.setPath(
            QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder / "settings")
        )
        cache = folder / "cache"
        import fpmcoder.qt.waveform_loader as loader

        loader.waveform_cache_dir = lambda: cache  # type: ignore[assignment]

        recording = folder / "visit.wav"
        t = time.perf_counter()
        write_long_wav(recording)
        print(
            f"(wrote a {MINUTES}-minute WAV, {recording.stat().st_size / 1e6:.0f} MB, "
            f"in {time.perf_counter() - t:.1f} s)"
        )
        n = 10_000
        turns = tuple(
            Turn("Nurse" if i % 2 else "Mother", f"Turn {i}.", i * 0.36, i * 0.36 + 0.3)
            for i in range(n)
        )
        path = folder / "bench.fpmc"
        with Project.create(path) as project:
            project.add_transcripts([Transcript("long visit", turns)])
            project.link_media("long visit", recording)

        app = QApplication.instance() or QApplication([])
        from fpmcoder.qt.app import create_main_window

        for label in ("cold cache", "warm cache"):
            t = time.perf_counter()
            window = create_main_window(path)
            window.show()
            while not window._painted:
                app.processEvents()
            shown = time.perf_counter() - t
            while window.media.waveform.envelope is None:
                app.processEvents()
                time.sleep(0.002)
            window.media.waveform.repaint()
            ready = time.perf_counter() - t
            while window.grid.handle is None:
                app.processEvents()
            grid = time.perf_counter() - t
            report(f"open, {label}: window shown and usable", shown * 1000)
            report(f"open, {label}: waveform drawn", ready * 1000, "  (target < 3000 ms)")
            report(f"open, {label}: grid drawn (for comparison)", grid * 1000)
            if label == "warm cache":
                break
            window.close()
            window.deleteLater()
            app.processEvents()

        t = time.perf_counter()
        wav_envelope(recording)
        report(
            "envelope of the 60-minute WAV alone (io.waveform)", (time.perf_counter() - t) * 1000
        )

        playback = window.playback
        playback._hand_moved = -1e9
        window.controller.go_to_source_row(0)
        ticks = [k * 0.05 for k in range(int(n * 0.36 / 0.05))]
        costs = []
        for s in ticks:
            t0 = time.perf_counter()
            playback.on_position(s)
            costs.append(time.perf_counter() - t0)
            playback._hand_moved = -1e9
        moved = [
            c
            for c, s0, s1 in zip(costs[1:], ticks, ticks[1:], strict=False)
            if int(s1 / 0.36) != int(s0 / 0.36)
        ]
        report(
            f"follow, one playhead tick ({n:,} segments, median of {len(costs):,})",
            statistics.median(costs) * 1000,
            "  (target < 1 ms)",
        )
        report("follow, mean per tick", statistics.fmean(costs) * 1000)
        report(
            f"follow, a tick that moves the segment (median of {len(moved):,})",
            statistics.median(moved) * 1000,
        )
        window.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
