"""Export a figure: the grid (or a comparison) with its options, a preview, and Save.

The preview is the exported drawing itself, rendered to PNG and scaled to the space it
has, so what you see is what the file will hold. Bad options (a size too small for the
grid, weighting by time without times) are explained in place of the preview, and Save
waits until they are fixed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import fields
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from fpmcoder.core.codebook import Codebook
from fpmcoder.core.sequence import CodedSequence
from fpmcoder.errors import FpmcoderError
from fpmcoder.qt.figure_preview import FigurePreview

__all__ = ["FigureDialog"]

FORMATS = ("pdf", "svg", "png", "tiff", "eps")
UNITS = {"time": (15.0, " s", "seconds per square"), "words": (10.0, " words", "words per square")}

Draw = Callable[[Any, Any], object]  # (Figure, options) -> handle


class FigureDialog(QDialog):
    def __init__(
        self,
        draw: Draw,
        *,
        compare: bool,
        default_name: str,
        has_times: bool = False,
        has_words: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("figureDialog")
        self.setWindowTitle("Export comparison figure" if compare else "Export grid figure")
        self._draw = draw
        self._compare = compare
        self._default_name = default_name
        self.saved_path: Path | None = None
        self._figure: Any = None
        self._options: Any = None

        form = QFormLayout()
        self.format = QComboBox(objectName="format")
        self.format.addItems(FORMATS)
        self.width_mm = QDoubleSpinBox(objectName="widthMm")
        self.width_mm.setRange(0, 1000)
        self.width_mm.setSpecialValueText("automatic")
        self.width_mm.setSuffix(" mm")
        self.width_mm.setValue(0)
        self.height_mm = QDoubleSpinBox(objectName="heightMm")
        self.height_mm.setRange(0, 1000)
        self.height_mm.setSpecialValueText("automatic")
        self.height_mm.setSuffix(" mm")
        self.dpi = QSpinBox(objectName="dpi")
        self.dpi.setRange(72, 1200)
        self.dpi.setValue(300)
        self.dpi.setToolTip("Resolution of PNG and TIFF files (PDF, SVG and EPS are vector)")
        self.columns = QSpinBox(objectName="columns")
        self.columns.setRange(0, 500)
        self.columns.setSpecialValueText("automatic")
        self.palette_box = QComboBox(objectName="palette")
        self.palette_box.addItem("Codebook colours", "codebook")
        self.palette_box.addItem("Colour-blind safe", "colorblind")
        self.palette_box.addItem("Greys with hatching (print)", "grey")
        self.key = QCheckBox("Show the key", objectName="key")
        self.key.setChecked(True)
        self.key_position = QComboBox(objectName="keyPosition")
        self.key_position.addItem("below the grid", "below")
        self.key_position.addItem("right of the grid", "right")
        self.title = QLineEdit(objectName="title")
        self.title.setPlaceholderText("automatic (transcript, setting, coder)")
        self.numbers = QCheckBox("Number the squares", objectName="numbers")
        self.dilemmas = QCheckBox("Mark segments with dilemmas", objectName="dilemmas")
        self.weight = QComboBox(objectName="weight")
        self.weight.addItem("one per segment", "segments")
        if has_times:
            self.weight.addItem("one per … seconds", "time")
        if has_words:
            self.weight.addItem("one per … words", "words")
        self.weight.setToolTip(
            "What a square stands for: a segment, a stretch of the recording (coloured by the "
            "activity filling most of it), or a number of words"
            + ("" if has_times else " (time needs a transcript with times)")
        )
        self.weight_unit = QDoubleSpinBox(objectName="weightUnit")
        self.weight_unit.setRange(0.5, 3600)
        self.weight_unit.setDecimals(1)
        self.font_size = QDoubleSpinBox(objectName="fontSize")
        self.font_size.setRange(4, 36)
        self.font_size.setDecimals(1)
        self.font_size.setSingleStep(0.5)
        self.font_size.setValue(8)
        self.font_size.setSuffix(" pt")
        form.addRow("Format", self.format)
        size_row = QHBoxLayout()
        size_row.addWidget(self.width_mm)
        size_row.addWidget(QLabel("×"))
        size_row.addWidget(self.height_mm)
        form.addRow("Size", size_row)
        form.addRow("Resolution (dpi)", self.dpi)
        form.addRow("Columns", self.columns)
        weight_row = QHBoxLayout()
        weight_row.addWidget(self.weight, 1)
        weight_row.addWidget(self.weight_unit)
        form.addRow("Squares", weight_row)
        form.addRow("Palette", self.palette_box)
        form.addRow("", self.key)
        form.addRow("Key position", self.key_position)
        form.addRow("Title", self.title)
        form.addRow("Font size", self.font_size)
        form.addRow("", self.numbers)
        form.addRow("", self.dilemmas)
        self.layout_box = QComboBox(objectName="layout")
        self.summary = QCheckBox("Summary bar and switches under each panel", objectName="summary")
        if compare:
            self.layout_box.addItem("side by side", "columns")
            self.layout_box.addItem("one above the other", "rows")
            form.addRow("Panels", self.layout_box)
            form.addRow("", self.summary)
            self.summary.setChecked(True)

        self.preview = FigurePreview()
        self.preview.setObjectName("preview")
        self.preview.setFrameShape(QLabel.Shape.StyledPanel)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.save_button = self.buttons.addButton("Save…", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

        left = QVBoxLayout()
        left.addLayout(form)
        left.addStretch(1)
        body = QHBoxLayout()
        body.addLayout(left)
        body.addWidget(self.preview, 1)
        outer = QVBoxLayout(self)
        outer.addLayout(body, 1)
        outer.addWidget(self.buttons)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self.refresh)
        for w in (self.width_mm, self.height_mm, self.columns, self.weight_unit, self.font_size):
            w.valueChanged.connect(self._timer.start)
        for c in (self.palette_box, self.key_position, self.layout_box, self.weight):
            c.currentIndexChanged.connect(self._timer.start)
        self.weight.currentIndexChanged.connect(self._on_weight)
        self._on_weight()
        for b in (self.key, self.numbers, self.dilemmas, self.summary):
            b.toggled.connect(self._timer.start)
        self.title.textChanged.connect(self._timer.start)
        self.format.currentIndexChanged.connect(self._on_format)
        self._on_format()
        self.resize(1040, 640)
        self.finished.connect(self.deleteLater)
        self.refresh()

    # -- factories -------------------------------------------------------------------------------

    @classmethod
    def for_grid(
        cls, sequence: CodedSequence, codebook: Codebook, parent: QWidget | None = None
    ) -> FigureDialog:
        from fpmcoder.plot import draw_grid

        return cls(
            lambda fig, opts: draw_grid(fig, sequence, codebook, opts),
            compare=False,
            default_name=f"{sequence.transcript}-grid",
            has_times=_has_times([sequence]),
            has_words=_has_words([sequence]),
            parent=parent,
        )

    @classmethod
    def for_comparison(
        cls,
        sequences: Sequence[CodedSequence],
        codebook: Codebook,
        parent: QWidget | None = None,
    ) -> FigureDialog:
        from fpmcoder.plot import draw_comparison

        return cls(
            lambda fig, opts: draw_comparison(fig, list(sequences), codebook, opts),
            compare=True,
            default_name="comparison",
            has_times=_has_times(sequences),
            has_words=_has_words(sequences),
            parent=parent,
        )

    # -- options, preview, saving ---------------------------------------------------------------

    def _on_format(self, *_args: object) -> None:
        self.dpi.setEnabled(self.format.currentText() in ("png", "tiff"))

    def _on_weight(self, *_args: object) -> None:
        kind = self.weight.currentData()
        self.weight_unit.setVisible(kind in UNITS)
        if kind in UNITS:
            value, suffix, tip = UNITS[kind]
            self.weight_unit.blockSignals(True)
            self.weight_unit.setSuffix(suffix)
            self.weight_unit.setValue(value)
            self.weight_unit.setToolTip(tip)
            self.weight_unit.blockSignals(False)

    def weighting(self) -> str:
        """The weighting as the figure options spell it (``segments``, ``time:15``...)."""
        kind = str(self.weight.currentData())
        return f"{kind}:{self.weight_unit.value():g}" if kind in UNITS else kind

    def options(self) -> Any:
        from fpmcoder.plot import CompareOptions, GridOptions

        w, h = self.width_mm.value(), self.height_mm.value()
        size = None
        if w > 0:
            size = f"{w:g}x{h:g}mm" if h > 0 else f"{w:g}mm"
        title = self.title.text().strip() or None
        values: dict[str, Any] = {
            "columns": self.columns.value() or None,
            "palette": self.palette_box.currentData(),
            "key": self.key.isChecked(),
            "key_position": self.key_position.currentData(),
            "title": title,
            "show_numbers": self.numbers.isChecked(),
            "mark_dilemmas": self.dilemmas.isChecked(),
            "size": size,
            "weight": self.weighting(),
            "font_size": self.font_size.value(),
        }
        if self._compare:
            values |= {"layout": self.layout_box.currentData(), "summary": self.summary.isChecked()}
            return CompareOptions(**values)
        names = {f.name for f in fields(GridOptions)}
        return GridOptions(**{k: v for k, v in values.items() if k in names})

    def refresh(self) -> bool:
        """Draw the figure with the current options; show it, or what is wrong with them."""
        from matplotlib.figure import Figure

        try:
            options = self.options()
            fig = Figure()
            self._draw(fig, options)
            self.preview.show_figure(fig)
        except (FpmcoderError, ValueError) as exc:  # bad options, or what matplotlib refuses
            self._figure = None
            self.preview.show_message(f"Cannot draw the figure with these options:\n\n{exc}")
            self.save_button.setEnabled(False)
            return False
        self._figure, self._options = fig, options
        self.save_button.setEnabled(True)
        return True

    def save(self) -> None:
        if self._timer.isActive():
            self._timer.stop()
            self.refresh()
        if self._figure is None:
            return
        fmt = self.format.currentText()
        name, _ = QFileDialog.getSaveFileName(
            self, "Save figure", f"{self._default_name}.{fmt}", f"{fmt.upper()} (*.{fmt})"
        )
        if not name:
            return
        path = Path(name)
        if path.suffix.lower().lstrip(".") not in (*FORMATS, "tif"):
            path = path.with_name(f"{path.name}.{fmt}")
        from fpmcoder.plot import save_figure

        try:
            self.saved_path = save_figure(self._figure, path, dpi=self.dpi.value())
        except (FpmcoderError, OSError) as exc:
            QMessageBox.warning(self, "Cannot save the figure", str(exc))
            return
        self.accept()


def _has_times(sequences: Sequence[CodedSequence]) -> bool:
    """Some segment has a start time (weighting by time needs them all: a gap is explained
    in place of the preview)."""
    return any(s.start_time is not None for seq in sequences for s in seq.segments)


def _has_words(sequences: Sequence[CodedSequence]) -> bool:
    return bool(sequences) and all(any(s.words for s in seq.segments) for seq in sequences)
