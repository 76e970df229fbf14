"""Split a segment: its text in a small editor; the caret is the split point, Enter splits."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QTextCursor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

__all__ = ["SplitDialog", "suggest_split"]

_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’)]*\s+")


def suggest_split(text: str) -> int:
    """A first guess at the split point: the sentence end nearest the middle, else a space."""
    middle = len(text) // 2
    ends = [m.end() for m in _SENTENCE_END.finditer(text) if 0 < m.end() < len(text.rstrip())]
    if ends:
        return min(ends, key=lambda e: abs(e - middle))
    spaces = [i + 1 for i, ch in enumerate(text) if ch == " " and 0 < i + 1 < len(text)]
    if spaces:
        return min(spaces, key=lambda e: abs(e - middle))
    return max(1, min(middle, len(text) - 1))


class _SplitEditor(QPlainTextEdit):
    """Read-only text with a caret; Enter accepts, the arrows and the mouse move the caret."""

    def __init__(self, dialog: QDialog) -> None:
        super().__init__(dialog)
        self._dialog = dialog
        self.setReadOnly(True)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByKeyboard
            | Qt.TextInteractionFlag.TextSelectableByMouse
        )

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._dialog.accept()
            return
        super().keyPressEvent(event)


class SplitDialog(QDialog):
    """Shown with ``open()``; read :attr:`split_offset` (relative to the text) when accepted."""

    def __init__(self, text: str, number: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("splitDialog")
        self.setWindowTitle(f"Split segment {number}")
        self._text = text
        layout = QVBoxLayout(self)
        hint = QLabel(
            "Put the caret where the second segment should begin (arrow keys or click), "
            "then press Enter. Esc cancels."
        )
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.editor = _SplitEditor(self)
        self.editor.setPlainText(text)
        layout.addWidget(self.editor)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Split here")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.set_caret(suggest_split(text))
        self.resize(560, 320)
        self.editor.setFocus()

    def set_caret(self, position: int) -> None:
        cursor = self.editor.textCursor()
        cursor.setPosition(max(0, min(position, len(self._text))), QTextCursor.MoveMode.MoveAnchor)
        self.editor.setTextCursor(cursor)

    @property
    def split_offset(self) -> int:
        return self.editor.textCursor().position()
