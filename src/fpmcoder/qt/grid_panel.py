"""The live activity-sequence grid of the current transcript (object name ``sequenceGrid``).

matplotlib is imported only when the grid is first drawn (after the window is shown).
The grid is drawn once per transcript (and when the panel is resized); after that a
coding recolours one square through the plot handle and asks for ``draw_idle()``,
nothing is laid out again. Clicking a square announces its segment index.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QPalette, QResizeEvent
from PySide6.QtWidgets import QLabel, QScrollArea, QSizePolicy, QVBoxLayout, QWidget

from fpmcoder.core.codebook import Codebook
from fpmcoder.core.sequence import CodedSequence

if TYPE_CHECKING:
    from matplotlib.backend_bases import MouseEvent
    from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg

    from fpmcoder.plot.handle import GridHandle

__all__ = ["GridPanel"]

MM_PER_INCH = 25.4


class GridPanel(QWidget):
    squareClicked = Signal(int)  # 0-based segment index
    drawn = Signal()  # after a full drawing (tests and the benchmark wait for it)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sequenceGrid")
        self.columns = 0  # 0: automatic
        self.handle: GridHandle | None = None
        self.canvas: FigureCanvasQTAgg | None = None
        self._sequence: CodedSequence | None = None
        self._codebook: Codebook | None = None
        self._drawn_width = 0
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.caption = QLabel("Activity-sequence grid")
        self.caption.setWordWrap(True)
        self.caption.setContentsMargins(6, 4, 6, 2)
        layout.addWidget(self.caption)
        self._scroll = QScrollArea(self)
        self._scroll.setWidgetResizable(False)
        self._scroll.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self._scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._scroll.setBackgroundRole(QPalette.ColorRole.Base)
        self._placeholder = QLabel(
            "Import transcripts with File > Import transcripts (Ctrl+I),\n"
            "or drop transcript files on the window."
        )
        self._placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._scroll.setWidget(self._placeholder)
        layout.addWidget(self._scroll, 1)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        self._resize_timer = QTimer(self)
        self._resize_timer.setSingleShot(True)
        self._resize_timer.setInterval(150)
        self._resize_timer.timeout.connect(self._redraw_if_width_changed)

    def sizeHint(self) -> QSize:
        return QSize(420, 500)

    # -- drawing -----------------------------------------------------------------------------

    def _ensure_canvas(self) -> FigureCanvasQTAgg:
        if self.canvas is None:
            from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
            from matplotlib.figure import Figure

            fig = Figure(dpi=96)
            canvas = FigureCanvasQTAgg(fig)
            canvas.setObjectName("sequenceGridCanvas")
            canvas.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            canvas.mpl_connect("button_press_event", self._on_click)
            self._scroll.takeWidget()
            self._placeholder.deleteLater()
            self._scroll.setWidget(canvas)
            self.canvas = canvas
        return self.canvas

    def show_sequence(self, sequence: CodedSequence | None, codebook: Codebook) -> None:
        """Draw ``sequence`` from scratch (a new transcript, coder, codebook or split)."""
        self._sequence, self._codebook = sequence, codebook
        self.redraw()

    def redraw(self) -> None:
        if self._sequence is None or self._codebook is None or not len(self._sequence):
            self.handle = None
            self.caption.setText("No transcript yet")
            if self.canvas is not None:
                self.canvas.figure.clear()
                self.canvas.draw_idle()
            self.drawn.emit()
            return
        from fpmcoder.plot import GridOptions, draw_grid

        canvas = self._ensure_canvas()
        fig = canvas.figure
        width = max(self._scroll.viewport().width() - 8, 160)
        self._drawn_width = self._scroll.viewport().width()
        bg = self.palette().color(QPalette.ColorRole.Base)
        fg = self.palette().color(QPalette.ColorRole.Text)
        current = self.handle.current if self.handle is not None else None
        options = GridOptions(
            columns=self.columns or None,
            size=f"{width / fig.dpi * MM_PER_INCH:.1f}mm",
            title="",
            font_size=9.0,
        )
        self.handle = draw_grid(fig, self._sequence, self._codebook, options)
        fig.set_facecolor(bg.name())
        _recolour_text(fig, fg.name())
        w, h = canvas.get_width_height()
        canvas.setFixedSize(w, h)
        if current is not None and current < len(self._sequence):
            self.handle.set_current(current)
        seq = self._sequence
        who = f" · coded by {seq.coder}" if seq.coder else ""
        self.caption.setText(f"<b>{seq.transcript}</b> · {len(seq)} segments{who}")
        canvas.draw_idle()
        self.drawn.emit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.handle is not None:
            self._resize_timer.start()

    def _redraw_if_width_changed(self) -> None:
        if abs(self._scroll.viewport().width() - self._drawn_width) > 4:
            self.redraw()

    # -- live updates ------------------------------------------------------------------------

    def set_activity(self, index: int, activity: str | None) -> None:
        if self.handle is None or self.canvas is None:
            return
        self.handle.set_activity(index, activity)
        self.canvas.draw_idle()

    def set_current(self, index: int | None) -> None:
        if self.handle is None or self.canvas is None:
            return
        if index is not None and not 0 <= index < len(self.handle.activities):
            index = None
        self.handle.set_current(index)
        self.canvas.draw_idle()
        if index is not None and self.handle.layout is not None:
            _, y = self.handle.layout.square_centres[self.handle.units_of(index)[0]]
            self._scroll.ensureVisible(0, int(y * self.canvas.figure.dpi), 0, 40)

    def _on_click(self, event: MouseEvent) -> None:
        if self.handle is None or event.inaxes is not self.handle.ax:
            return
        if event.xdata is None or event.ydata is None:
            return
        index = self.handle.index_at(event.xdata, event.ydata)
        if index is not None:
            self.squareClicked.emit(index)

    def square_position(self, index: int) -> tuple[int, int]:
        """Where segment ``index``'s square is on the canvas, in widget pixels (for tests)."""
        assert self.handle is not None and self.handle.layout is not None
        assert self.canvas is not None
        x, y = self.handle.layout.square_centres[self.handle.units_of(index)[0]]
        dpi = self.canvas.figure.dpi / self.canvas.device_pixel_ratio
        return int(x * dpi), int(y * dpi)


def _recolour_text(fig: Any, colour: str) -> None:
    """Key labels in the theme's text colour (the squares keep theirs)."""
    for text in fig.findobj(lambda a: a.__class__.__name__ == "Text"):
        if text.get_text():
            text.set_color(colour)
