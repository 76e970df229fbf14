"""Edit the memo of a segment. Ctrl+Enter (or OK) saves, Esc cancels."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

__all__ = ["MemoDialog"]


class MemoDialog(QDialog):
    def __init__(self, memo: str, number: int, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("memoDialog")
        self.setWindowTitle(f"Memo for segment {number}")
        layout = QVBoxLayout(self)
        quote = QLabel(text if len(text) < 400 else text[:400] + "…")
        quote.setWordWrap(True)
        quote.setEnabled(False)
        layout.addWidget(quote)
        self.editor = QPlainTextEdit(memo, self)
        self.editor.setPlaceholderText("Your note on this segment")
        layout.addWidget(self.editor)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        QShortcut(QKeySequence("Ctrl+Return"), self, activated=self.accept)
        self.resize(520, 280)
        self.editor.setFocus()

    @property
    def memo(self) -> str:
        return self.editor.toPlainText().strip()
