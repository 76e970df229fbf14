"""The player panel above the segments (object name ``mediaPanel``).

It owns the window's ``QMediaPlayer`` (with a ``QAudioOutput``, and a ``QVideoWidget`` once
the recording turns out to have video) and shows the whole recording as a waveform, with
transport controls: play/pause, back 5 s, speed 0.5x to 2x. What the keys do and how the
playhead moves the segments is :mod:`fpmcoder.qt.playback`'s business; this panel only
plays.

Without Qt Multimedia (the ``media`` extra) it says how to add it, and nothing else
changes. A recording that is not where the project says is shown as such, with a button
to find it; coding goes on regardless.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from fpmcoder.io.waveform import Envelope
from fpmcoder.qt.media_support import (
    call_released,
    install_hint,
    multimedia,
    multimedia_widgets,
)
from fpmcoder.qt.waveform_loader import WaveformLoader
from fpmcoder.qt.waveform_view import WaveformView

__all__ = ["SPEEDS", "MediaPanel", "clock"]

SPEEDS = (0.5, 0.75, 1.0, 1.25, 1.5, 2.0)
BACK_SECONDS = 5.0
NO_RECORDING = "No recording linked to this transcript."


def clock(seconds: float) -> str:
    """``m:ss.s`` (``h:mm:ss.s`` past an hour)."""
    seconds = max(0.0, seconds)
    m, s = divmod(seconds, 60)
    h, m = divmod(int(m), 60)
    return f"{h}:{m:02d}:{s:04.1f}" if h else f"{m}:{s:04.1f}"


class MediaPanel(QFrame):
    positionChanged = Signal(float)  # seconds, on every playhead tick
    linkRequested = Signal()  # "Link a recording…" / "Find the recording…"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mediaPanel")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.path: Path | None = None
        self.player: Any = None  # QMediaPlayer when Qt Multimedia is installed
        self.audio: Any = None
        self.video: Any = None
        self._qm = multimedia()

        outer = QVBoxLayout(self)
        outer.setContentsMargins(6, 4, 6, 4)
        outer.setSpacing(4)
        self.notice_row = QWidget()
        notice = QHBoxLayout(self.notice_row)
        notice.setContentsMargins(0, 0, 0, 0)
        self.notice = QLabel()
        self.notice.setObjectName("mediaNotice")
        self.notice.setWordWrap(True)
        self.notice.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.link_button = QPushButton("Link a recording…")
        self.link_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.link_button.clicked.connect(self.linkRequested)
        notice.addWidget(self.notice, 1)
        notice.addWidget(self.link_button)
        outer.addWidget(self.notice_row)

        self.player_row = QWidget()
        row = QHBoxLayout(self.player_row)
        row.setContentsMargins(0, 0, 0, 0)
        self.video_box = QVBoxLayout()
        row.addLayout(self.video_box)
        right = QVBoxLayout()
        right.setSpacing(2)
        self.waveform = WaveformView()
        right.addWidget(self.waveform, 1)
        right.addLayout(self._controls())
        row.addLayout(right, 1)
        outer.addWidget(self.player_row)

        self.loader = WaveformLoader(self)
        self.loader.ready.connect(self._on_envelope)
        self.loader.failed.connect(self.waveform.set_message)
        self.waveform.seekRequested.connect(self.seek)
        if self._qm is None:
            self._show_notice(install_hint(), button=False)
        else:
            self._make_player()
            self.show_no_media()

    def _controls(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        bar.setSpacing(4)
        style = self.style()
        self._icons = {
            False: style.standardIcon(QStyle.StandardPixmap.SP_MediaPlay),
            True: style.standardIcon(QStyle.StandardPixmap.SP_MediaPause),
        }
        self.play_button = QToolButton()
        self.play_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.play_button.setIcon(self._icons[False])
        self.play_button.setText("Play")
        self.play_button.setToolTip("Play / pause (Ctrl+Space)")
        self.play_button.clicked.connect(self.toggle_play)
        self.back_button = QToolButton()
        self.back_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.back_button.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_MediaSeekBackward))
        self.back_button.setText("5 s")
        self.back_button.setToolTip("Back 5 seconds (Ctrl+Left)")
        self.back_button.clicked.connect(self.back)
        self.time_label = QLabel(clock(0))
        self.time_label.setObjectName("mediaTime")
        self.time_label.setMinimumWidth(
            self.time_label.fontMetrics().horizontalAdvance("0:00:00.0 / 0:00:00.0") + 8
        )
        self.speed = QComboBox()
        self.speed.setToolTip("Playback speed (Ctrl+[ slower, Ctrl+] faster)")
        for s in SPEEDS:
            self.speed.addItem(f"{s:g}×", s)
        self.speed.setCurrentIndex(SPEEDS.index(1.0))
        self.speed.currentIndexChanged.connect(self._on_speed)
        self.file_label = QLabel()
        self.file_label.setObjectName("mediaFile")
        self.file_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        for w in (self.play_button, self.back_button, self.speed):
            w.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # coding keys stay with the segments
        bar.addWidget(self.play_button)
        bar.addWidget(self.back_button)
        bar.addWidget(self.time_label)
        bar.addWidget(self.speed)
        bar.addWidget(self.file_label, 1)
        return bar

    def _make_player(self) -> None:
        qm = self._qm
        assert qm is not None
        self.player = qm.QMediaPlayer(self)
        self.audio = qm.QAudioOutput(self)
        self.player.setAudioOutput(self.audio)
        self.player.positionChanged.connect(self._on_position)
        self.player.durationChanged.connect(self._on_duration)
        self.player.playbackStateChanged.connect(self._on_state)
        self.player.hasVideoChanged.connect(self._on_video)
        self.player.errorOccurred.connect(self._on_error)

    @property
    def available(self) -> bool:
        """Whether Qt Multimedia is installed (the player exists)."""
        return self.player is not None

    @property
    def has_media(self) -> bool:
        return self.player is not None and self.path is not None

    # -- which recording ---------------------------------------------------------------------

    def _show_notice(
        self, text: str, *, button: bool, label: str = "Link a recording…", quiet: bool = False
    ) -> None:
        """A line instead of the player; ``quiet`` (no recording linked, which is normal)
        in the muted colour of placeholder text."""
        self.notice.setText(text)
        role = QPalette.ColorRole.PlaceholderText if quiet else QPalette.ColorRole.WindowText
        pal = self.notice.palette()
        pal.setColor(QPalette.ColorRole.WindowText, self.palette().color(role))
        self.notice.setPalette(pal)
        self.link_button.setText(label)
        self.link_button.setVisible(button)
        self.notice_row.show()
        self.player_row.hide()

    def _unload(self) -> None:
        self.loader.cancel()
        self.path = None
        if self.player is not None:
            call_released(self.player, "stop")
            call_released(self.player, "setSource", (QUrl, QUrl()))
        self.waveform.set_envelope(None)
        self.waveform.set_position(0)
        if self.video is not None:
            self.video.hide()

    def show_no_media(self) -> None:
        """No recording linked (or no transcript)."""
        self._unload()
        if self.player is None:
            self._show_notice(install_hint(), button=False)
        else:
            self._show_notice(
                f"{NO_RECORDING} Link one (Playback ▸ Link recording…) to listen while coding.",
                button=True,
                quiet=True,
            )

    def show_missing(self, where: str) -> None:
        """The linked recording is not at ``where``: say so, offer to find it."""
        self._unload()
        self._show_notice(
            f"The recording of this transcript was not found at {where}. "
            "Coding works without it; find the file to listen again.",
            button=self.player is not None,
            label="Find the recording…",
        )

    def show_media(self, path: Path) -> None:
        """Load ``path`` (paused at the start) and its waveform (in the background)."""
        if self.player is None:
            self._show_notice(install_hint(), button=False)
            return
        if self.path == path:
            return
        self._unload()
        self.path = path
        self.notice_row.hide()
        self.player_row.show()
        self.file_label.setText(path.name)
        self.file_label.setToolTip(str(path))
        self.waveform.set_message("Reading the waveform…")
        call_released(self.player, "setSource", (QUrl, QUrl.fromLocalFile(str(path))))
        call_released(self.player, "setPlaybackRate", (float, self.rate()))
        self.loader.load(path)

    def close_media(self) -> None:
        self._unload()

    # -- playing -----------------------------------------------------------------------------

    def position(self) -> float:
        """The playhead, in seconds."""
        return 0.0 if self.player is None else self.player.position() / 1000.0

    def is_playing(self) -> bool:
        qm = self._qm
        return (
            qm is not None
            and self.player is not None
            and self.player.playbackState() == qm.QMediaPlayer.PlaybackState.PlayingState
        )

    def toggle_play(self) -> None:
        if not self.has_media:
            return
        if self.is_playing():
            call_released(self.player, "pause")
        else:
            call_released(self.player, "play")

    def back(self) -> None:
        if self.has_media:
            self.seek(self.position() - BACK_SECONDS)

    def seek(self, seconds: float) -> None:
        if self.has_media:
            ms = max(0, round(seconds * 1000))
            call_released(self.player, "setPosition", ("qint64", ms))
            self._on_position(ms)  # the waveform and followers see it at once

    def change_speed(self, steps: int) -> None:
        i = min(max(self.speed.currentIndex() + steps, 0), len(SPEEDS) - 1)
        self.speed.setCurrentIndex(i)

    def rate(self) -> float:
        return float(self.speed.currentData())

    def _on_speed(self, _index: int) -> None:
        if self.player is not None:
            call_released(self.player, "setPlaybackRate", (float, self.rate()))

    def _on_position(self, ms: int) -> None:
        seconds = ms / 1000.0
        self.waveform.set_position(seconds)
        self.time_label.setText(f"{clock(seconds)} / {clock(self.waveform.duration)}")
        self.positionChanged.emit(seconds)

    def _on_duration(self, ms: int) -> None:
        self.waveform.set_duration(ms / 1000.0)
        self.time_label.setText(f"{clock(self.position())} / {clock(ms / 1000.0)}")

    def _on_state(self, *_args: object) -> None:
        playing = self.is_playing()
        self.play_button.setText("Pause" if playing else "Play")
        self.play_button.setIcon(self._icons[playing])

    def _on_envelope(self, envelope: Envelope) -> None:
        self.waveform.set_envelope(envelope)
        self._on_duration(round(self.waveform.duration * 1000))

    def _on_error(self, _error: object, message: str) -> None:
        if message:
            self.waveform.set_message(f"Cannot play this recording: {message}")

    def _on_video(self, has_video: bool) -> None:
        qmw = multimedia_widgets()
        if qmw is None or self.player is None:
            return
        if has_video and self.video is None:
            self.video = qmw.QVideoWidget()
            self.video.setFixedSize(240, 135)
            self.video_box.addWidget(self.video)
            self.player.setVideoOutput(self.video)
        if self.video is not None:
            self.video.setVisible(has_video)
