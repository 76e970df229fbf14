"""The live activity-sequence grid of the current transcript (object name ``sequenceGrid``).

matplotlib is imported only when the grid is first drawn (after the window is shown).
The grid is drawn once per transcript (and when the panel is resized); after that a
coding recolours one square through the plot handle and asks for ``draw_idle()``,
nothing is laid out again. Clicking a square announces its segment index.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QPalette, QResizeEvent
from PySide6.QtWidgets import QLabel, QScrollArea, QSizePolicy, QVBoxLayout, QWidget

from fpmcoder.core.codebook import Codebook
from fpmcoder.core.sequence import CodedSequence
from fpmcoder.errors import FpmcoderError

if TYPE_CHECKING:
    from matplotlib.backend_bases import MouseEvent
    from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg

    from fpmcoder.plot.handle import GridHandle

__all__ = ["GridPanel"]

MM_PER_INCH = 25.4
LOGICAL_DPI = 96  # figure inches to widget pixels (Qt scales for high-DPI screens)


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
        self._background: Any = None
        self._capturing = False
        self._dirty: set[int] = set()
        self._update_timer = QTimer(self)
        self._update_timer.setSingleShot(True)
        self._update_timer.setInterval(0)
        self._update_timer.timeout.connect(self._flush_updates)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.caption = QLabel("Activity-sequence grid")
        self.caption.setWordWrap(True)
        self.caption.setContentsMargins(6, 4, 6, 2)
        layout.addWidget(self.caption)
        self._scroll = QScrollArea(self)
        self._scroll.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self._scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self._scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self._scroll.setBackgroundRole(QPalette.ColorRole.Base)
        self._placeholder = QLabel("The grid of the transcript appears here.")
        self._placeholder.setWordWrap(True)
        self._placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._scroll.setWidget(self._placeholder)
        self._scroll.setWidgetResizable(True)
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

            fig = Figure(dpi=LOGICAL_DPI)
            canvas = FigureCanvasQTAgg(fig)
            canvas.setObjectName("sequenceGridCanvas")
            canvas.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            canvas.mpl_connect("button_press_event", self._on_click)
            canvas.mpl_connect("draw_event", self._on_draw_event)
            canvas.mpl_connect("motion_notify_event", self._on_hover)
            self._scroll.takeWidget()
            self._placeholder.deleteLater()
            self._scroll.setWidgetResizable(False)
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
        from fpmcoder.plot.options import default_columns

        canvas = self._ensure_canvas()
        fig = canvas.figure
        self._drawn_width = self._scroll.viewport().width()
        width_px = max(self._drawn_width - 40, 160)  # the figure's margins and a scroll bar
        bg = self.palette().color(QPalette.ColorRole.Base)
        fg = self.palette().color(QPalette.ColorRole.Text)
        current = self.handle.current if self.handle is not None else None
        n = len(self._sequence)
        columns = min(self.columns or default_columns(n), n)
        # squares fill the panel's width (gap 0.15 of a square), between 0.3 and 9 mm
        square_px = width_px / (columns * 1.15)
        square_mm = min(max(square_px / LOGICAL_DPI * MM_PER_INCH, 0.3), 9.0)
        options = GridOptions(
            columns=columns, square_mm=square_mm, title="", font_size=9.0, key_position="below"
        )
        self._background = None
        self._dirty.clear()
        try:
            self.handle = draw_grid(fig, self._sequence, self._codebook, options)
        except FpmcoderError as exc:
            self.handle = None
            self.caption.setText(f"Cannot draw the grid: {exc}")
            return
        fig.set_facecolor(bg.name())
        _recolour_text(fig, fg.name())
        self.handle.current_outline_color = fg.name()  # shows on a light or dark theme
        w, h = canvas.get_width_height()
        canvas.setFixedSize(w, h)
        if current is not None and current < len(self._sequence):
            self.handle.set_current(current)
        seq = self._sequence
        who = f" · coded by {seq.coder}" if seq.coder else ""
        self.caption.setText(f"<b>{seq.transcript}</b> · {len(seq)} segments{who}")
        canvas.draw_idle()
        self.drawn.emit()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self.handle is not None:
            self.redraw()  # light/dark theme switched: background, key text, outline

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
        self._schedule_update([index])

    def set_current(self, index: int | None) -> None:
        if self.handle is None or self.canvas is None:
            return
        if index is not None and not 0 <= index < len(self.handle.activities):
            index = None
        old = self.handle.current
        if old == index:
            return
        self.handle.set_current(index)
        self._schedule_update([i for i in (old, index) if i is not None])
        if index is not None and self.handle.layout is not None:
            _, y = self.handle.layout.square_centres[self.handle.units_of(index)[0]]
            self._scroll.ensureVisible(0, int(y * LOGICAL_DPI), 0, 40)

    # -- partial repaints ----------------------------------------------------------------------
    #
    # A full Agg draw of a big grid with its key takes tens of milliseconds, most of it the
    # key's text. After each full draw we keep the picture without the grid's axes; an
    # update then restores that background under the changed squares only, lets the plot
    # handle draw into that rectangle (GridHandle.region_of / draw_region), and blits it.

    def _on_draw_event(self, _event: object) -> None:
        if self._capturing or self.handle is None or self.canvas is None:
            return
        canvas, ax = self.canvas, self.handle.ax
        self._capturing = True
        try:
            whole = canvas.copy_from_bbox(canvas.figure.bbox)
            ax.set_visible(False)
            canvas.draw()
            self._background = canvas.copy_from_bbox(canvas.figure.bbox)
        finally:
            ax.set_visible(True)
            self._capturing = False
        canvas.restore_region(whole)

    def _schedule_update(self, indices: list[int]) -> None:
        """Collect the squares to repaint; they are repainted together once control returns."""
        self._dirty.update(indices)
        self._update_timer.start()

    def _flush_updates(self) -> None:
        """Repaint only the collected squares (a full draw if there is no background yet)."""
        indices, self._dirty = self._dirty, set()
        canvas, handle = self.canvas, self.handle
        if canvas is None or handle is None or not indices:
            return
        if self._background is None or canvas._draw_pending or not handle.partial_redraw_exact:
            canvas.draw_idle()
            return
        box = handle.region_of(indices)
        if box is None:
            return
        # restore_region takes buffer coordinates (y down) relative to the saved region, and
        # includes its last row and column, which the clip box (below) leaves out
        height = canvas.figure.bbox.height
        canvas.restore_region(
            self._background,
            bbox=(box.x0, height - box.y1, box.x1 - 1, height - box.y0 - 1),
            xy=(0, 0),
        )
        handle.draw_region(canvas.get_renderer(), box)
        canvas.blit(box)

    def _on_click(self, event: MouseEvent) -> None:
        if self.handle is None or event.inaxes is not self.handle.ax:
            return
        if event.xdata is None or event.ydata is None:
            return
        index = self.handle.index_at(event.xdata, event.ydata)
        if index is not None:
            self.squareClicked.emit(index)

    def _on_hover(self, event: MouseEvent) -> None:
        """A tooltip naming the segment under the mouse and its activity."""
        h, canvas = self.handle, self.canvas
        if h is None or canvas is None or self._codebook is None:
            return
        index = None
        if event.inaxes is h.ax and event.xdata is not None and event.ydata is not None:
            index = h.index_at(event.xdata, event.ydata)
        if index is None:
            canvas.setToolTip("")
            return
        activity = h.activities[index]
        name = self._codebook.activity(activity).name if activity else "not coded"
        canvas.setToolTip(f"Segment {index + 1}: {name}\n(click to go there)")

    def square_position(self, index: int) -> tuple[int, int]:
        """Where segment ``index``'s square is on the canvas, in widget pixels (for tests)."""
        assert self.handle is not None and self.handle.layout is not None
        assert self.canvas is not None
        x, y = self.handle.layout.square_centres[self.handle.units_of(index)[0]]
        return int(x * LOGICAL_DPI), int(y * LOGICAL_DPI)


def _recolour_text(fig: Any, colour: str) -> None:
    """Key labels in the theme's text colour (the squares keep theirs)."""
    for text in fig.findobj(lambda a: a.__class__.__name__ == "Text"):
        if text.get_text():
            text.set_color(colour)
