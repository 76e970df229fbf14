"""A preview of a matplotlib figure that fills its space (object name ``figurePreview``).

The figure is rendered to PNG through the export path (what you see is what a file will
hold) at the resolution that makes it fit the widget, and rendered again, after a short
pause, when the widget is resized. A message (what is wrong with the options) takes the
place of the picture.
"""

from __future__ import annotations

import math
from typing import Any

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QPixmap, QResizeEvent, QShowEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

__all__ = ["FigurePreview"]

MAX_DPI = 160.0  # a small figure is enlarged at most to this (screen pixels per inch)
MIN_DPI = 20.0
MARGIN = 16  # pixels kept free around the picture


class FigurePreview(QLabel):
    def __init__(self, parent: QWidget | None = None, *, max_dpi: float = MAX_DPI) -> None:
        super().__init__(parent)
        self.setObjectName("figurePreview")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(True)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.setMargin(12)
        self.max_dpi = max_dpi
        self.figure: Any = None
        self.dpi = 0.0  # the resolution of the picture shown
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(120)
        self._timer.timeout.connect(self.render)

    def minimumSizeHint(self) -> QSize:
        return QSize(320, 240)

    def show_figure(self, figure: Any) -> None:
        """Show ``figure`` (a matplotlib Figure) as large as fits."""
        self.figure = figure
        self.render()

    def show_message(self, text: str) -> None:
        """Show ``text`` instead of a figure."""
        self.figure = None
        self._timer.stop()
        self.setPixmap(QPixmap())
        self.setText(text)
        self.setToolTip("")

    def fitting_dpi(self) -> float:
        """The resolution at which the figure fills the widget (within the limits)."""
        w_in, h_in = self.figure.get_size_inches()
        room_w = max(self.width() - 2 * MARGIN, 50)
        room_h = max(self.height() - 2 * MARGIN, 50)
        return float(min(max(min(room_w / w_in, room_h / h_in), MIN_DPI), self.max_dpi))

    def size_at(self, dpi: float) -> QSize:
        """The size at which the figure shows at ``dpi`` (what :meth:`fitting_dpi` undoes);
        without a figure, the smallest useful size."""
        if self.figure is None:
            return self.minimumSizeHint()
        w_in, h_in = self.figure.get_size_inches()
        return QSize(math.ceil(w_in * dpi) + 2 * MARGIN, math.ceil(h_in * dpi) + 2 * MARGIN)

    def render(self) -> None:
        if self.figure is None:
            return
        from fpmcoder.plot.export import render_bytes

        self.dpi = self.fitting_dpi()
        ratio = self.devicePixelRatioF()
        png = render_bytes(self.figure, "png", dpi=self.dpi * ratio)
        pix = QPixmap()
        pix.loadFromData(png, "PNG")
        pix.setDevicePixelRatio(ratio)
        self.setText("")
        self.setPixmap(pix)
        w_in, h_in = self.figure.get_size_inches()
        self.setToolTip(f"{w_in * 25.4:.0f} × {h_in * 25.4:.0f} mm as exported")

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.figure is not None:
            self._timer.start()

    def showEvent(self, event: QShowEvent) -> None:
        # a figure given before the dialog was laid out was fitted to a size it no longer has
        super().showEvent(event)
        if self.figure is not None:
            self._timer.start()
