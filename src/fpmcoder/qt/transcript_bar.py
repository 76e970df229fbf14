"""Above the segments: which transcript, search, filters, and whose codings to show beside."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QGridLayout, QLabel, QLineEdit, QWidget

from fpmcoder.core.codebook import Codebook
from fpmcoder.qt.segment_filter import UNCODED
from fpmcoder.store import TranscriptInfo

__all__ = ["TranscriptBar"]


class TranscriptBar(QWidget):
    transcriptChosen = Signal(int)
    filtersChanged = Signal(str, str, str)  # text, speaker ("" all), activity ("" all)
    otherCoderChosen = Signal(str)  # "" for none

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QGridLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setVerticalSpacing(4)
        self.transcripts = QComboBox(objectName="transcriptSelector")
        self.transcripts.setMinimumContentsLength(18)
        self.transcripts.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.transcripts.setToolTip("The transcript you are coding")
        self.search = QLineEdit(objectName="searchField")
        self.search.setPlaceholderText("segments containing… (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(
            self.search.fontMetrics().horizontalAdvance("segments containing… (Ctrl+F)") + 30
        )
        self.speaker = QComboBox(objectName="speakerFilter")
        self.speaker.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.speaker.setMinimumContentsLength(11)
        self.speaker.setToolTip("Show only the segments of one speaker")
        self.activity = QComboBox(objectName="activityFilter")
        self.activity.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.activity.setMinimumContentsLength(13)
        self.activity.setToolTip("Show only segments with one activity, or those not coded yet")
        self.other = QComboBox(objectName="otherCoder")
        self.other.setToolTip("Show another coder's activities beside yours (read-only)")
        label = QLabel("Transcript:")
        label.setBuddy(self.transcripts)
        layout.addWidget(label, 0, 0)
        layout.addWidget(self.transcripts, 0, 1)
        layout.addWidget(QLabel("Beside:"), 0, 2)
        layout.addWidget(self.other, 0, 3)
        find = QLabel("Show:")
        find.setBuddy(self.search)
        layout.addWidget(find, 1, 0)
        layout.addWidget(self.search, 1, 1)
        layout.addWidget(self.speaker, 1, 2)
        layout.addWidget(self.activity, 1, 3)
        layout.setColumnStretch(1, 1)
        self.transcripts.activated.connect(self._on_transcript)
        self.search.textChanged.connect(self._emit_filters)
        self.speaker.activated.connect(self._emit_filters)
        self.activity.activated.connect(self._emit_filters)
        self.other.activated.connect(
            lambda _i: self.otherCoderChosen.emit(self.other.currentData() or "")
        )

    def set_transcripts(self, items: list[TranscriptInfo], current: int | None) -> None:
        self.transcripts.blockSignals(True)
        self.transcripts.clear()
        for info in items:
            label = info.title + (f"  ({info.setting})" if info.setting else "")
            self.transcripts.addItem(label, info.id)
        if current is not None:
            self.transcripts.setCurrentIndex(max(0, self.transcripts.findData(current)))
        self.transcripts.blockSignals(False)

    def set_speakers(self, speakers: list[str]) -> None:
        self.speaker.clear()
        self.speaker.addItem("All speakers", "")
        for s in speakers:
            self.speaker.addItem(s, s)

    def set_codebook(self, codebook: Codebook) -> None:
        self.activity.clear()
        self.activity.addItem("All activities", "")
        for a in codebook.activities:
            self.activity.addItem(a.name, a.id)
        self.activity.addItem("Not coded yet", UNCODED)

    def set_coders(self, coders: list[str], me: str, shown: str | None) -> None:
        self.other.clear()
        self.other.addItem("nobody", "")
        for c in coders:
            if c != me:
                self.other.addItem(c, c)
        self.other.setCurrentIndex(max(0, self.other.findData(shown or "")))
        self.other.setEnabled(self.other.count() > 1)

    def reset_filters(self) -> None:
        for w in (self.search, self.speaker, self.activity):
            w.blockSignals(True)
        self.search.clear()
        self.speaker.setCurrentIndex(0)
        self.activity.setCurrentIndex(0)
        for w in (self.search, self.speaker, self.activity):
            w.blockSignals(False)

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _on_transcript(self, index: int) -> None:
        tid = self.transcripts.itemData(index)
        if tid is not None:
            self.transcriptChosen.emit(int(tid))

    def _emit_filters(self, *_args: object) -> None:
        self.filtersChanged.emit(
            self.search.text(),
            self.speaker.currentData() or "",
            self.activity.currentData() or "",
        )
