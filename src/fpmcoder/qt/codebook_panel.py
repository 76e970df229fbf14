"""The codebook beside the segments: activities (colour, name, key, count) and dilemmas.

Clicking an activity codes the current segment with it; a dilemma checkbox shows and
toggles the dilemma on the current segment. The panel only announces clicks; the
coding controller turns them into commands.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QGroupBox,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from fpmcoder.core.codebook import Codebook
from fpmcoder.core.segmentation import Coding

__all__ = ["CodebookPanel", "ElidedButton", "ElidedCheckBox", "swatch_icon"]


def _elide_into(widget: QPushButton | QCheckBox, full: str) -> None:
    """Show ``full``, or as much of it as fits the widget's width followed by "…"."""
    fm = widget.fontMetrics()
    chrome = widget.sizeHint().width() - fm.horizontalAdvance(widget.text())  # icon, margins
    room = widget.width() - chrome
    shown = fm.elidedText(full, Qt.TextElideMode.ElideRight, max(room, 0))
    if shown != widget.text():
        widget.setText(shown)


class ElidedButton(QPushButton):
    """A push button whose label ends in "…" when it does not fit (full name: ``full_text``)."""

    def __init__(self, icon: QIcon, text: str, parent: QWidget | None = None) -> None:
        super().__init__(icon, text, parent)
        self.full_text = text

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        _elide_into(self, self.full_text)


class ElidedCheckBox(QCheckBox):
    """A checkbox whose label ends in "…" when it does not fit (full label: ``full_text``)."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.full_text = text

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        _elide_into(self, self.full_text)


def swatch_icon(colour: str, size: int = 18) -> QIcon:
    """A rounded square of ``colour`` with a thin darker edge (visible on any background)."""
    ratio = 2
    pix = QPixmap(size * ratio, size * ratio)
    pix.setDevicePixelRatio(ratio)
    pix.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pix)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    fill = QColor(colour)
    painter.setPen(fill.darker(140))
    painter.setBrush(fill)
    painter.drawRoundedRect(1, 1, size - 2, size - 2, 3, 3)
    painter.end()
    return QIcon(pix)


class CodebookPanel(QScrollArea):
    activityClicked = Signal(str)
    dilemmaToggled = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("codebookPanel")
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._counts: dict[str, QLabel] = {}
        self._buttons: dict[str, QPushButton] = {}
        self._checks: dict[str, QCheckBox] = {}
        self._body = QWidget()
        self.setWidget(self._body)
        self._layout = QVBoxLayout(self._body)
        self._title = QLabel()
        self._title.setWordWrap(True)
        font = self._title.font()
        font.setBold(True)
        self._title.setFont(font)

    def sizeHint(self) -> QSize:
        return QSize(300, 500)

    def minimumSizeHint(self) -> QSize:
        return QSize(240, 200)

    def set_codebook(self, codebook: Codebook) -> None:
        """Build the buttons and checkboxes for ``codebook`` (again, after it changes)."""
        self._body = QWidget()
        self._layout = QVBoxLayout(self._body)
        self._counts.clear()
        self._buttons.clear()
        self._checks.clear()
        self._title = QLabel(codebook.name)
        self._title.setWordWrap(True)
        font = self._title.font()
        font.setBold(True)
        self._title.setFont(font)
        self._layout.addWidget(self._title)

        box = QGroupBox("Activities")
        grid = QGridLayout(box)
        grid.setColumnStretch(1, 1)
        grid.setHorizontalSpacing(4)
        for i, a in enumerate(codebook.activities):
            button = ElidedButton(swatch_icon(a.color), a.name)
            button.setIconSize(QSize(16, 16))
            button.setObjectName(f"activity_{a.id}")
            button.setToolTip(
                "\n\n".join(
                    p
                    for p in (
                        f"{a.key} · {a.name}" if a.key else a.name,
                        a.short,
                        a.description,
                        "Click, or press the key, to code the current segment.",
                    )
                    if p
                )
            )
            button.setStyleSheet("text-align: left; padding: 4px 4px;")
            button.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _=False, code=a.id: self.activityClicked.emit(code))
            key = QLabel(a.key or "")
            key.setToolTip("keyboard key")
            key.setAlignment(Qt.AlignmentFlag.AlignCenter)
            key.setMinimumWidth(22)
            key.setFrameShape(QLabel.Shape.StyledPanel)
            count = QLabel("0")
            count.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            count.setMinimumWidth(count.fontMetrics().horizontalAdvance("000"))
            count.setToolTip("segments coded with this activity")
            grid.addWidget(key, i, 0)
            grid.addWidget(button, i, 1)
            grid.addWidget(count, i, 2)
            self._buttons[a.id] = button
            self._counts[a.id] = count
        self._uncoded = QLabel()
        self._uncoded.setEnabled(False)
        grid.addWidget(self._uncoded, len(codebook.activities), 0, 1, 3)
        self._layout.addWidget(box)

        for group, items in codebook.dilemma_groups():
            gbox = QGroupBox(f"Dilemmas: {group}" if group else "Dilemmas")
            glay = QVBoxLayout(gbox)
            glay.setSpacing(2)
            for d in items:
                check = ElidedCheckBox(f"{d.name}  ({d.key})" if d.key else d.name)
                check.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
                check.setObjectName(f"dilemma_{d.id}")
                check.setToolTip(
                    "\n\n".join(
                        p
                        for p in (d.name + (f"  (key {d.key})" if d.key else ""), d.description)
                        if p
                    )
                )
                check.setFocusPolicy(Qt.FocusPolicy.NoFocus)
                check.clicked.connect(lambda _=False, code=d.id: self.dilemmaToggled.emit(code))
                glay.addWidget(check)
                self._checks[d.id] = check
            self._layout.addWidget(gbox)
        self._layout.addStretch(1)
        self.setWidget(self._body)

    def set_counts(self, counts: dict[str | None, int]) -> None:
        for code, label in self._counts.items():
            label.setText(str(counts.get(code, 0)))
        total = sum(counts.values())
        uncoded = counts.get(None, 0)
        if not total:
            text = "no segments yet"
        elif uncoded:
            text = f"{uncoded} of {total} segments not coded yet"
        else:
            text = f"all {total} segments coded"
        self._uncoded.setText(text)

    def set_current(self, coding: Coding | None, enabled: bool = True) -> None:
        """Show the dilemmas of the current segment (``None``: no segment)."""
        for code, check in self._checks.items():
            check.blockSignals(True)
            check.setChecked(coding is not None and code in coding.dilemmas)
            check.setEnabled(enabled and coding is not None)
            check.blockSignals(False)
        for button in self._buttons.values():
            button.setEnabled(enabled and coding is not None)
