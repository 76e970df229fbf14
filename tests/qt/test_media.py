"""The player panel: a linked WAV plays, its waveform is drawn, the segments follow the
playhead, clicks seek, Ctrl+T stamps (undoably), and a missing recording never stops coding.

The recordings are made here (a WAV from numpy and ``wave``); Qt Multimedia plays them
with no sound card (the playhead advances). Tests that play need PySide6-Addons (the
``media`` extra, which CI installs) and skip only without it.
"""

from __future__ import annotations

import sys
import time
import wave
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PySide6.QtCore import Qt

from fpmcoder.core.transcript import Transcript, Turn
from fpmcoder.qt.keymap import PLAYBACK_SHORTCUTS
from fpmcoder.qt.media_support import INSTALL_HINT, multimedia
from fpmcoder.store import Project

needs_multimedia = pytest.mark.skipif(
    multimedia() is None,
    reason=(
        'Qt Multimedia cannot be imported: pip install -e ".[media]" adds PySide6-Addons '
        "(on Debian it also needs libpulse0; .ci/run installs both)"
    ),
)


@pytest.fixture(autouse=True)
def waveform_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Waveforms cached in tmp_path; no waveform still read in the background afterwards."""
    from PySide6.QtCore import QThreadPool

    folder = tmp_path / "waveforms"
    monkeypatch.setattr("fpmcoder.qt.waveform_loader.waveform_cache_dir", lambda: folder)
    yield folder
    QThreadPool.globalInstance().waitForDone(10000)


def write_wav(path: Path, seconds: float = 12.0, rate: int = 8000) -> Path:
    t = np.arange(int(seconds * rate)) / rate
    loudness = 0.2 + 0.7 * (np.sin(t) ** 2)
    samples = (np.sin(2 * np.pi * 220 * t) * loudness * 32767).astype("<i2")
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(samples.tobytes())
    return path


def make_project(folder: Path, *, timed: bool) -> Path:
    turns = tuple(
        Turn(
            "Parent" if i % 2 else "Practitioner",
            f"Turn {i + 1} of the conversation.",
            float(i * 2) if timed else None,
            float(i * 2 + 2) if timed else None,
        )
        for i in range(6)
    )
    path = folder / "media.fpmc"
    with Project.create(path) as project:
        project.add_transcripts([Transcript("Visit", turns)])
        project.link_media("Visit", write_wav(folder / "visit.wav"))
    return path


def test_playback_keys_never_clash_with_coding_keys() -> None:
    from fpmcoder.qt.keymap import FIXED_KEYS

    keys = [key for key, _what in PLAYBACK_SHORTCUTS.values()]
    assert len(keys) == len(set(keys)) == 7
    for key in keys:
        assert key.startswith("Ctrl+")  # the codebook's keys are plain digits and letters
    fixed = {k.strip() for shown, _ in FIXED_KEYS for k in shown.split(" or ")}
    assert not fixed & set(keys)


def test_without_qt_multimedia_the_window_works_and_says_how_to_add_it(
    open_window: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qtbot: Any
) -> None:
    monkeypatch.setattr("fpmcoder.qt.media_panel.multimedia", lambda: None)
    window = open_window(make_project(tmp_path, timed=True))
    panel = window.findChild(type(window.media), "mediaPanel")
    assert panel is window.media and panel.player is None
    assert panel.notice.text() == INSTALL_HINT and 'pip install -e ".[media]"' in INSTALL_HINT
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    sid = window.model.segment_at(0).id
    assert window.doc.project.codings("Visit", "tester")[sid].activity is not None
    window.playback.stamp()  # nothing to time against: no error, no stamp
    assert window.doc.project.stamps("Visit") == {}


@needs_multimedia
def test_linked_wav_plays_follows_and_seeks(open_window: Any, tmp_path: Path, qtbot: Any) -> None:
    window = open_window(make_project(tmp_path, timed=True))
    panel = window.media
    assert panel.player_row.isVisibleTo(window) and not panel.notice_row.isVisibleTo(window)
    qtbot.waitUntil(lambda: panel.waveform.envelope is not None, timeout=10000)
    assert panel.waveform.duration == pytest.approx(12.0, abs=0.01)
    assert panel.waveform.envelope.maxs.max() > 0.5

    # a click on segment 3 plays from its start (4 s)
    index = window.proxy.index(2, 1)
    qtbot.mouseClick(
        window.view.viewport(),
        Qt.MouseButton.LeftButton,
        pos=window.view.visualRect(index).center(),
    )
    assert panel.position() == pytest.approx(4.0, abs=0.1)
    window.grid.squareClicked.emit(4)  # so does a click on a grid square (segment 5: 8 s)
    assert panel.position() == pytest.approx(8.0, abs=0.1)
    assert window.controller.current_source_row() == 4
    # the segment follows the playhead: it plays into segment 4 (from 6 s)
    window.playback._hand_moved = -1e9  # the click was a move by hand; do not wait for it
    panel.seek(5.6)
    panel.toggle_play()
    qtbot.waitUntil(lambda: window.controller.current_source_row() == 3, timeout=5000)
    assert panel.is_playing()
    # coding keys keep working while it plays
    qtbot.keyClick(window.view, Qt.Key.Key_2)
    sid = window.model.segment_at(3).id
    assert window.doc.project.codings("Visit", "tester")[sid].activity is not None
    panel.toggle_play()
    assert not panel.is_playing()


@needs_multimedia
def test_follow_waits_after_a_move_by_hand(open_window: Any, tmp_path: Path) -> None:
    window = open_window(make_project(tmp_path, timed=True))
    playback, ctl = window.playback, window.controller
    ctl.go_to_source_row(0)  # by hand: just now
    playback.on_position(8.5)  # segment 5 is playing
    assert ctl.current_source_row() == 0
    playback._hand_moved = time.monotonic() - 2
    playback.on_position(10.5)  # segment 6: a change, and the hand is long gone
    assert ctl.current_source_row() == 5
    playback.on_position(10.9)  # same segment: the coder's place is left alone
    ctl.go_to_source_row(1)
    playback._hand_moved = time.monotonic() - 2
    playback.on_position(11.0)
    assert ctl.current_source_row() == 1


@needs_multimedia
def test_stamping_an_untimed_transcript_is_undoable(
    open_window: Any, tmp_path: Path, qtbot: Any
) -> None:
    window = open_window(make_project(tmp_path, timed=False))
    panel, project = window.media, window.doc.project
    qtbot.waitUntil(lambda: panel.player.duration() > 0, timeout=10000)
    window.controller.go_to_source_row(0)
    window.view.setFocus()
    panel.seek(1.5)
    qtbot.keyClick(window.view, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    first = window.model.segment_at(0).id
    assert project.stamps("Visit") == {first: pytest.approx(1.5, abs=0.01)}
    assert window.controller.current_source_row() == 1  # moved on to the next segment
    assert project.sequence("Visit", None).segments[0].start_time == pytest.approx(1.5, abs=0.01)

    window.controller.go_to_source_row(0)
    qtbot.keyClick(
        window.view,
        Qt.Key.Key_Right,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert project.stamps("Visit")[first] == pytest.approx(1.75, abs=0.01)
    assert panel.position() == pytest.approx(1.75, abs=0.05)

    window.undo_action.trigger()  # the nudge
    assert project.stamps("Visit")[first] == pytest.approx(1.5, abs=0.01)
    window.undo_action.trigger()  # the stamp
    assert project.stamps("Visit") == {}


@needs_multimedia
def test_missing_recording_is_asked_for_and_never_stops_coding(
    open_window: Any, tmp_path: Path, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = make_project(tmp_path, timed=True)
    moved = tmp_path / "moved"
    moved.mkdir()
    (tmp_path / "visit.wav").rename(moved / "visit.wav")
    window = open_window(path)
    panel = window.media
    assert not panel.has_media
    assert str(tmp_path / "visit.wav") in panel.notice.text()
    assert panel.link_button.isVisibleTo(window) and "Find" in panel.link_button.text()
    qtbot.keyClick(window.view, Qt.Key.Key_3)  # coding goes on
    assert window.doc.project.codings("Visit", "tester")

    monkeypatch.setattr(
        "fpmcoder.qt.playback.QFileDialog.getOpenFileName",
        lambda *a, **k: (str(moved / "visit.wav"), ""),
    )
    panel.link_button.click()
    assert window.doc.project.media_path("Visit") == (moved / "visit.wav").resolve()
    assert panel.has_media and panel.player_row.isVisibleTo(window)
    qtbot.waitUntil(lambda: panel.waveform.envelope is not None, timeout=10000)


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal from Python 3.12 on")
def test_none_outlives_pyside_dropping_its_references(open_window: Any, tmp_path: Path) -> None:
    # PySide6 6.12.0 on Python 3.11 drops a reference to None on each call of a method that
    # returns nothing; a playing recording makes such calls several times a tick
    window = open_window(make_project(tmp_path, timed=True))
    before = sys.getrefcount(None)
    for _ in range(1000):
        window.media.waveform.update()
    assert sys.getrefcount(None) > 1 << 40 and before - sys.getrefcount(None) < 2000


def write_float_wav(path: Path, seconds: float = 3.0, rate: int = 8000) -> Path:
    """A 32-bit float WAV (format 3), which the standard library's wave cannot read: its
    waveform comes from Qt Multimedia's decoder."""
    import struct

    n = int(seconds * rate)
    data = (np.sin(np.arange(n) / 5.0) * np.linspace(0, 0.9, n)).astype("<f4").tobytes()
    fmt = struct.pack("<HHIIHH", 3, 1, rate, rate * 4, 4, 32)
    body = b"WAVE" + b"fmt " + struct.pack("<I", len(fmt)) + fmt
    body += b"data" + struct.pack("<I", len(data)) + data
    path.write_bytes(b"RIFF" + struct.pack("<I", len(body)) + body)
    return path


@needs_multimedia
def test_waveform_of_a_file_wave_cannot_read_comes_from_the_decoder_and_is_cached(
    qtbot: Any, tmp_path: Path, waveform_cache: Path
) -> None:
    from fpmcoder.qt.media_panel import MediaPanel

    media = write_float_wav(tmp_path / "float.wav")
    panel = MediaPanel()
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.loader.ready, timeout=10000):
        panel.show_media(media)
    env = panel.waveform.envelope
    assert env is not None and env.duration == pytest.approx(3.0, abs=0.1)
    assert env.maxs[: len(env) // 4].max() < env.maxs[-len(env) // 4 :].max()  # it grows
    assert list(waveform_cache.glob("*.npz"))  # decoded once, kept
    panel.close_media()


@needs_multimedia
def test_playback_keys_work_from_the_segment_list(
    open_window: Any, tmp_path: Path, qtbot: Any
) -> None:
    window = open_window(make_project(tmp_path, timed=True))
    panel, view = window.media, window.view
    window.playback.set_following(False)  # only the keys move things here
    ctrl = Qt.KeyboardModifier.ControlModifier
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Space, ctrl)
    qtbot.waitUntil(panel.is_playing, timeout=5000)
    qtbot.keyClick(view, Qt.Key.Key_Space, ctrl)
    assert not panel.is_playing()
    qtbot.keyClick(view, Qt.Key.Key_BracketRight, ctrl)
    assert panel.rate() == 1.25 and panel.player.playbackRate() == 1.25
    for _ in range(6):
        qtbot.keyClick(view, Qt.Key.Key_BracketLeft, ctrl)
    assert panel.rate() == 0.5
    panel.seek(7.0)
    qtbot.keyClick(view, Qt.Key.Key_Left, ctrl)
    assert panel.position() == pytest.approx(2.0, abs=0.1)
    assert window.controller.current_source_row() == 0  # the list did not move with Ctrl+Left
    assert "Ctrl+Space" in [key for key, _ in window.view.keymap.rows()]
    names = [a.text() for a in window.playback_menu.actions()]
    assert any("Play" in n for n in names) and any("Link recording" in n for n in names)


def write_mp4(path: Path, seconds: float = 2.0, fps: int = 10, rate: int = 16000) -> Path:
    """A tiny MP4 with a video stream (grey frames) and an AAC sound stream (a tone)."""
    av = pytest.importorskip("av", reason="PyAV (in the test extra) makes the MP4")
    from fractions import Fraction

    with av.open(str(path), "w") as out:
        video = out.add_stream("mpeg4", rate=fps)
        video.width, video.height, video.pix_fmt = 64, 48, "yuv420p"
        sound = out.add_stream("aac", rate=rate)
        sound.layout = "mono"
        for i in range(int(seconds * fps)):
            img = np.full((48, 64, 3), (i * 12) % 255, np.uint8)
            for packet in video.encode(av.VideoFrame.from_ndarray(img, format="rgb24")):
                out.mux(packet)
        for packet in video.encode():
            out.mux(packet)
        t = np.arange(int(seconds * rate)) / rate
        samples = (np.sin(2 * np.pi * 440 * t) * np.linspace(0.1, 0.8, len(t))).astype(np.float32)
        step = 1024
        for k in range(0, len(samples), step):
            chunk = np.pad(samples[k : k + step], (0, max(0, k + step - len(samples))))
            frame = av.AudioFrame.from_ndarray(chunk.reshape(1, -1), format="fltp", layout="mono")
            frame.sample_rate, frame.pts, frame.time_base = rate, k, Fraction(1, rate)
            for packet in sound.encode(frame):
                out.mux(packet)
        for packet in sound.encode():
            out.mux(packet)
    return path


@needs_multimedia
def test_a_video_recording_shows_its_video_and_the_waveform_of_its_sound(
    qtbot: Any, tmp_path: Path
) -> None:
    from fpmcoder.qt.media_panel import MediaPanel

    media = write_mp4(tmp_path / "visit.mp4")
    panel = MediaPanel()
    qtbot.addWidget(panel)
    panel.show()
    with qtbot.waitSignal(panel.loader.ready, timeout=10000):
        panel.show_media(media)
    qtbot.waitUntil(lambda: panel.video is not None and panel.video.isVisible(), timeout=10000)
    assert panel.player.hasVideo()
    env = panel.waveform.envelope
    assert env is not None and env.duration == pytest.approx(2.0, abs=0.2)
    panel.seek(1.0)
    assert panel.position() == pytest.approx(1.0, abs=0.1)
    panel.close_media()
    assert not panel.video.isVisible()


def test_a_missing_system_library_is_named_rather_than_the_extra(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from fpmcoder.qt import media_support

    monkeypatch.setattr(
        media_support,
        "_problem",
        ["libpulse.so.0: cannot open shared object file: No such file or directory"],
    )
    assert "apt install libpulse0" in media_support.install_hint()
    monkeypatch.setattr(media_support, "_problem", ["No module named 'PySide6.QtMultimedia'"])
    assert media_support.install_hint() == INSTALL_HINT
