"""Open the window in a given state for a screenshot (used by ``docs/screenshots.sh``).

    python docs/screenshots.py STATE WORKDIR

STATE: main, coding, dark, split, empty, compare, export, codebook or media (a recording
made here, linked to the day stay, playing). Settings and the sample
project live in WORKDIR, so the user's own configuration is never touched.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication


def link_recording(project: object, wav: Path) -> None:
    """Time the day stay as if stamped while listening, and make its recording."""
    import wave

    import numpy as np

    rng = np.random.default_rng(1)
    t = 1.0
    for seg in project.segments("day_stay"):  # type: ignore[attr-defined]
        project.stamp_time(seg.id, round(t, 2))  # type: ignore[attr-defined]
        t += rng.uniform(3, 9)
    rate = 8000
    x = np.zeros(int((t + 2) * rate), np.float32)
    for seg in project.sequence("day_stay", None).segments:  # type: ignore[attr-defined]
        a, b = int(seg.start_time * rate), int(((seg.end_time or t) - 0.4) * rate)
        n = max(0, b - a)
        env = np.abs(np.sin(np.arange(n) / rate * 2.3)) * rng.uniform(0.3, 0.9)
        x[a : a + n] = (rng.standard_normal(n) * 0.35 * env).clip(-1, 1)
    with wave.open(str(wav), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes((x * 32767).astype("<i2").tobytes())
    project.link_media("day_stay", wav)  # type: ignore[attr-defined]


def main(state: str, workdir: Path) -> int:
    from fpmcoder.io.samples import build_sample_bundle
    from fpmcoder.store import Project

    workdir.mkdir(parents=True, exist_ok=True)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(workdir / "cfg"))
    shutil.rmtree(workdir / "cfg", ignore_errors=True)
    path = workdir / ("empty.fpmc" if state == "empty" else "sample.fpmc")
    path.unlink(missing_ok=True)
    if state != "empty":
        with Project.create(path) as project:
            project.add_bundle(build_sample_bundle())
            if state == "media":
                link_recording(project, workdir / "day_stay.wav")
    app = QApplication(sys.argv[:1])
    if state == "dark":  # what a dark system theme hands the application
        from PySide6.QtGui import QColor, QPalette

        app.setStyle("Fusion")
        pal = QPalette()
        for role, colour in (
            (QPalette.ColorRole.Window, "#2B2B2B"),
            (QPalette.ColorRole.WindowText, "#E6E6E6"),
            (QPalette.ColorRole.Base, "#1E1E1E"),
            (QPalette.ColorRole.AlternateBase, "#262626"),
            (QPalette.ColorRole.Text, "#E6E6E6"),
            (QPalette.ColorRole.Button, "#353535"),
            (QPalette.ColorRole.ButtonText, "#E6E6E6"),
            (QPalette.ColorRole.Highlight, "#3D6FA8"),
            (QPalette.ColorRole.HighlightedText, "#FFFFFF"),
            (QPalette.ColorRole.PlaceholderText, "#8A8A8A"),
        ):
            pal.setColor(role, QColor(colour))
        app.setPalette(pal)
    from fpmcoder.qt.app import create_main_window, install_excepthook
    from fpmcoder.qt.settings import Settings

    install_excepthook()
    Settings().coder = "robin" if state in ("coding", "dark", "split", "media") else "alex"
    window = create_main_window(path)
    window.resize(1400, 860)
    window.move(20, 20)
    window.show()

    def stage() -> None:
        doc = window.doc
        assert doc is not None and window.controller is not None
        infos = doc.project.transcripts()
        if state == "main":
            home = infos[1].id
            window.bar.transcripts.setCurrentIndex(window.bar.transcripts.findData(home))
            window.show_transcript(home)
            combo = window.bar.other
            combo.setCurrentIndex(combo.findData("sam"))
            combo.activated.emit(combo.currentIndex())
            window.controller.go_to_source_row(4)  # a segment with a dilemma and a memo
        elif state in ("coding", "dark", "split"):
            for key in "1111112222223" + "3r33" + "41":
                QTest.keyClick(window.view, key)
            if state == "split":
                window.split_action.trigger()
        elif state == "compare":
            window.actions_.compare()
        elif state == "export":
            window.actions_.export_figure()
        elif state == "codebook":
            window.actions_.view_codebook()
        elif state == "media":
            for key in "1111112223":
                QTest.keyClick(window.view, key)
            window.controller.go_to_source_row(10)
            window.playback.seek_to_row(10)
            window.media.toggle_play()
        if state not in ("split",):
            window.view.setFocus(Qt.FocusReason.OtherFocusReason)

    QTimer.singleShot(600, stage)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], Path(sys.argv[2])))
