"""The waveform of the whole recording, with segment boundaries, the current segment and
the playhead (object name ``waveform``). Clicking or dragging asks to seek there.

It draws an :class:`~fpmcoder.io.waveform.Envelope` (decoded elsewhere, in the
background): one vertical line per pixel column from the lowest to the highest sample,
recomputed only when the width or the envelope changes. Boundaries are thinned to one per
pixel, so a 10,000-segment transcript draws as fast as a short one.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QLineF, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from fpmcoder.io.waveform import Envelope

__all__ = ["WaveformView"]

WAVE = QColor("#4a6fa5")
BOUNDARY = QColor(0, 0, 0, 35)  # a faint line through the waveform
TICK = QColor(0, 0, 0, 150)  # and a clear tick above and below it
TICK_LENGTH = 7
CURRENT = QColor(255, 196, 0, 110)
CURRENT_BAR = QColor("#e6a100")
PLAYHEAD = QColor("#c62828")


class WaveformView(QWidget):
    seekRequested = Signal(float)  # seconds

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("waveform")
        self.setMinimumHeight(56)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip("The recording: click to play from there")
        self.envelope: Envelope | None = None
        self.duration = 0.0
        self.message = ""
        self._starts = np.zeros(0)
        self._current: tuple[float, float] | None = None
        self._position = 0.0
        self._columns: tuple[int, np.ndarray, np.ndarray] | None = None

    def sizeHint(self) -> QSize:
        return QSize(600, 72)

    # -- what to draw ------------------------------------------------------------------------

    def set_envelope(self, envelope: Envelope | None) -> None:
        self.envelope = envelope
        self._columns = None
        if envelope is not None and envelope.duration > 0:
            self.duration = envelope.duration
        self.message = ""
        self.update()

    def set_message(self, text: str) -> None:
        """A line shown instead of the waveform (while it is read, or why it cannot be)."""
        self.message = text
        self.update()

    def set_duration(self, seconds: float) -> None:
        if seconds > 0 and abs(seconds - self.duration) > 1e-3:
            self.duration = seconds
            self.update()

    def set_boundaries(self, starts: list[float]) -> None:
        self._starts = np.asarray(sorted(starts), dtype=float)
        self.update()

    def set_current(self, span: tuple[float, float] | None) -> None:
        if span != self._current:
            self._current = span
            self.update()

    def set_position(self, seconds: float) -> None:
        if self.duration <= 0:
            self._position = seconds
            return
        old, self._position = self._x(self._position), seconds
        new = self._x(seconds)
        if int(old) != int(new):  # repaint the two columns only
            h = self.height()
            self.update(int(old) - 2, 0, 5, h)
            self.update(int(new) - 2, 0, 5, h)

    # -- drawing -----------------------------------------------------------------------------

    def _x(self, seconds: float) -> float:
        return 0.0 if self.duration <= 0 else seconds / self.duration * self.width()

    def _column_extremes(self, width: int) -> tuple[np.ndarray, np.ndarray]:
        env = self.envelope
        assert env is not None
        if self._columns is None or self._columns[0] != width:
            n = len(env)
            cols = min(width, n)
            edges = np.linspace(0, n, cols + 1).astype(np.int64)[:-1]
            lo = np.minimum.reduceat(env.mins, edges)
            hi = np.maximum.reduceat(env.maxs, edges)
            self._columns = (width, lo, hi)
        return self._columns[1], self._columns[2]

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        w, h = self.width(), self.height()
        p.fillRect(self.rect(), self.palette().color(QPalette.ColorRole.Base))
        band = None
        if self._current is not None and self.duration > 0:
            x0, x1 = self._x(self._current[0]), self._x(self._current[1])
            band = QRectF(x0, 0, max(3.0, x1 - x0), h)
            p.fillRect(band, CURRENT)
        env = self.envelope
        if env is not None and len(env):
            lo, hi = self._column_extremes(w)
            mid, half = h / 2, h / 2 - TICK_LENGTH - 2
            step = w / len(lo)
            p.setPen(QPen(WAVE, max(1.0, step)))
            p.drawLines(
                [
                    QLineF(i * step, mid - b * half, i * step, mid - a * half + 0.5)
                    for i, (a, b) in enumerate(zip(lo.tolist(), hi.tolist(), strict=True))
                ]
            )
        elif self.message:
            p.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.message)
        if self.duration > 0 and len(self._starts):
            xs = np.unique((self._starts / self.duration * w).astype(np.int64))
            p.setPen(QPen(BOUNDARY, 1))
            p.drawLines([QLineF(x + 0.5, 0, x + 0.5, h) for x in xs.tolist()])
            p.setPen(QPen(TICK, 1))
            p.drawLines(
                [QLineF(x + 0.5, 0, x + 0.5, TICK_LENGTH) for x in xs.tolist()]
                + [QLineF(x + 0.5, h - TICK_LENGTH, x + 0.5, h) for x in xs.tolist()]
            )
        if band is not None:  # the current segment: a bar above and below, over the ticks
            p.fillRect(QRectF(band.x(), 0, band.width(), TICK_LENGTH - 2), CURRENT_BAR)
            p.fillRect(
                QRectF(band.x(), h - TICK_LENGTH + 2, band.width(), TICK_LENGTH), CURRENT_BAR
            )
        if self.duration > 0:
            p.setPen(QPen(PLAYHEAD, 2))
            x = self._x(self._position)
            p.drawLine(QPointF(x, 0), QPointF(x, h))
        p.end()

    # -- seeking -----------------------------------------------------------------------------

    def _seek_to(self, event: QMouseEvent) -> None:
        if self.duration > 0 and self.width() > 0:
            x = min(max(event.position().x(), 0.0), float(self.width()))
            self.seekRequested.emit(x / self.width() * self.duration)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._seek_to(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if event.buttons() & Qt.MouseButton.LeftButton:
            self._seek_to(event)
