"""Preferences: the coder name, the columns of the live grid, the text size, suggested codes."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from fpmcoder.qt.settings import Settings
from fpmcoder.qt.suggestions import MODES

__all__ = ["PreferencesDialog"]


class PreferencesDialog(QDialog):
    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("preferencesDialog")
        self.setWindowTitle("Preferences")
        self._settings = settings
        form = QFormLayout(self)
        self.coder = QLineEdit(settings.coder, objectName="coderName")
        self.coder.setToolTip("Your codings are stored under this name")
        self.columns = QSpinBox(objectName="gridColumns")
        self.columns.setRange(0, 200)
        self.columns.setSpecialValueText("automatic")
        self.columns.setValue(settings.grid_columns)
        self.font_size = QSpinBox(objectName="fontSize")
        self.font_size.setRange(0, 32)
        self.font_size.setSpecialValueText("system size")
        self.font_size.setSuffix(" pt")
        self.font_size.setValue(settings.font_size)
        self.suggest_mode = QComboBox(objectName="suggestMode")
        for mode, text in MODES.items():
            self.suggest_mode.addItem(text, mode)
        self.suggest_mode.setCurrentIndex(max(0, self.suggest_mode.findData(settings.suggest_mode)))
        self.suggest_mode.setToolTip(
            "Codes proposed for uncoded segments, learned from your own codings in this "
            "project on this computer; Tab accepts one. Blind hides them until you have "
            "coded the segment, then says whether the model agreed."
        )
        self.threshold = QDoubleSpinBox(objectName="suggestThreshold")
        self.threshold.setRange(0.0, 0.99)
        self.threshold.setSingleStep(0.05)
        self.threshold.setDecimals(2)
        self.threshold.setValue(settings.suggest_threshold)
        self.threshold.setToolTip(
            "Show a suggestion only when the model gives it at least this probability "
            "('fpmcoder suggest --evaluate' shows how accurate each threshold is on your codings)"
        )
        form.addRow("Coder name", self.coder)
        form.addRow("Grid columns", self.columns)
        form.addRow("Text size", self.font_size)
        form.addRow("Suggested codes", self.suggest_mode)
        form.addRow("Suggest from probability", self.threshold)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.finished.connect(self.deleteLater)

    def accept(self) -> None:
        if self.coder.text().strip():
            self._settings.coder = self.coder.text()
        self._settings.grid_columns = self.columns.value()
        self._settings.font_size = self.font_size.value()
        self._settings.suggest_mode = str(self.suggest_mode.currentData())
        self._settings.suggest_threshold = self.threshold.value()
        self._settings.sync()
        super().accept()
