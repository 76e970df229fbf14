"""Preferences: the coder name, the columns of the live grid, the text size."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from fpmcoder.qt.settings import Settings

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
        form.addRow("Coder name", self.coder)
        form.addRow("Grid columns", self.columns)
        form.addRow("Text size", self.font_size)
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
        self._settings.sync()
        super().accept()
