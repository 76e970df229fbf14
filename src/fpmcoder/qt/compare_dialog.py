"""Compare transcripts or coders side by side, as in the comparison figure, with numbers.

Tick transcripts and coders; each transcript is shown once per ticked coder who coded
it. Under the figure, a table gives each panel's segments, share per activity and
number of switches (changes of activity between adjacent coded segments, as defined in
``fpmcoder.analysis``).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fpmcoder.core.sequence import CodedSequence
from fpmcoder.errors import FpmcoderError
from fpmcoder.qt.document import ProjectDocument
from fpmcoder.qt.figure_preview import FigurePreview

__all__ = ["CompareDialog"]


def _two_lines(text: str) -> str:
    """Break a long header at the space nearest its middle."""
    if len(text) < 14 or " " not in text:
        return text
    middle = len(text) // 2
    cut = min((i for i, ch in enumerate(text) if ch == " "), key=lambda i: abs(i - middle))
    return text[:cut] + "\n" + text[cut + 1 :]


def _checkable(widget: QListWidget, label: str, data: object, checked: bool) -> None:
    item = QListWidgetItem(label)
    item.setToolTip(label)
    item.setData(Qt.ItemDataRole.UserRole, data)
    item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
    item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
    widget.addItem(item)


def _checked(widget: QListWidget) -> list[object]:
    return [
        widget.item(i).data(Qt.ItemDataRole.UserRole)
        for i in range(widget.count())
        if widget.item(i).checkState() == Qt.CheckState.Checked
    ]


class CompareDialog(QDialog):
    def __init__(self, doc: ProjectDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("compareDialog")
        self.setWindowTitle("Compare")
        self._doc = doc
        project = doc.project
        self.sequences: list[CodedSequence] = []

        self.transcripts = QListWidget(objectName="compareTranscripts")
        for info in project.transcripts():
            label = info.title + (f" ({info.setting})" if info.setting else "")
            _checkable(self.transcripts, label, info.id, True)
        self.coders = QListWidget(objectName="compareCoders")
        for lst in (self.transcripts, self.coders):
            lst.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            lst.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        coders = project.coders()
        mine = doc.coder if doc.coder in coders else (coders[0] if coders else None)
        for c in coders:
            _checkable(self.coders, c, c, c == mine)
        left = QVBoxLayout()
        left.addWidget(QLabel("Transcripts"))
        left.addWidget(self.transcripts, 2)
        left.addWidget(QLabel("Coders"))
        left.addWidget(self.coders, 1)
        side = QWidget()
        side.setLayout(left)

        self.preview = FigurePreview(max_dpi=160)
        self.preview.setObjectName("comparePreview")
        self.preview.setFrameShape(QLabel.Shape.StyledPanel)
        self.table = QTableWidget(objectName="compareSummary")
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self.preview)
        right.addWidget(self.table)
        right.setStretchFactor(0, 1)
        right.setSizes([500, 150])
        body = QSplitter(Qt.Orientation.Horizontal)
        body.addWidget(side)
        body.addWidget(right)
        body.setStretchFactor(1, 1)
        body.setSizes([220, 880])

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.export_button = buttons.addButton(
            "Export figure…", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.export_button.clicked.connect(self.export)
        buttons.rejected.connect(self.reject)
        outer = QVBoxLayout(self)
        outer.addWidget(body, 1)
        row = QHBoxLayout()
        row.addWidget(buttons)
        outer.addLayout(row)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(100)
        self._timer.timeout.connect(self.refresh)
        self.transcripts.itemChanged.connect(self._timer.start)
        self.coders.itemChanged.connect(self._timer.start)
        self.resize(1100, 720)
        self.finished.connect(self.deleteLater)
        self.refresh()

    def _selected_sequences(self) -> list[CodedSequence]:
        project = self._doc.project
        coders = [str(c) for c in _checked(self.coders)]
        out = []
        for tid in _checked(self.transcripts):
            coded = {name for name, _n in project.coders_of(int(str(tid)))}
            for coder in coders:
                if coder in coded:
                    out.append(project.sequence(int(str(tid)), coder))
        return out

    def refresh(self) -> None:
        from matplotlib.figure import Figure

        from fpmcoder.plot import CompareOptions, draw_comparison

        self.sequences = self._selected_sequences()
        self.export_button.setEnabled(bool(self.sequences))
        if not self.sequences:
            self.preview.show_message("Tick at least one transcript and a coder who coded it.")
            self.table.setRowCount(0)
            return
        codebook = self._doc.project.codebook
        try:
            fig = Figure()
            draw_comparison(fig, self.sequences, codebook, CompareOptions(summary=True))
            self.preview.show_figure(fig)
        except (FpmcoderError, ValueError) as exc:
            self.preview.show_message(f"Cannot draw the comparison:\n\n{exc}")
            return
        self._fill_table()

    def _fill_table(self) -> None:
        from fpmcoder.analysis import sequence_stats

        codebook = self._doc.project.codebook
        acts = codebook.activities
        headers = ["Transcript", "Coder", "Segments", *(_two_lines(a.name) for a in acts)]
        headers.append("not\ncoded")
        headers.append("Switches")
        self.table.setColumnCount(len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setRowCount(len(self.sequences))
        for r, seq in enumerate(self.sequences):
            stats = sequence_stats([seq], codebook, by="transcript", pooled=False).iloc[0]
            cells = [seq.transcript, seq.coder or "", str(len(seq))]
            cells += [f"{100 * float(stats[f'share_{a.id}']):.0f}%" for a in acts]
            cells.append(f"{100 * float(stats['share_uncoded']):.0f}%")
            cells.append(str(int(stats["n_transitions"])))
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c >= 2:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()

    def export(self) -> None:
        from fpmcoder.qt.figure_dialog import FigureDialog

        if self.sequences:
            FigureDialog.for_comparison(self.sequences, self._doc.project.codebook, self).open()
