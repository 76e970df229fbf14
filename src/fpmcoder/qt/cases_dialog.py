"""Cases: every transcript as one row of the index plot, sortable; a double-click opens one.

Each transcript is shown as the current coder coded it (or, where that coder did not code
it, as the coder with the most codings did). With three or more transcripts they are
clustered as ``fpmcoder typology`` does by default (optimal matching, Ward, the number of
clusters with the best average silhouette). Rows sort by cluster (medoid first), by
similarity to a chosen transcript (its optimal-matching distance), by setting or by
length; the figure follows the table's order. All numbers come from
:mod:`fpmcoder.analysis`; this module only shows them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fpmcoder.errors import FpmcoderError
from fpmcoder.qt.document import ProjectDocument
from fpmcoder.qt.figure_preview import MIN_DPI, FigurePreview

if TYPE_CHECKING:
    import pandas as pd

    from fpmcoder.analysis.typology import Typology
    from fpmcoder.core.sequence import CodedSequence

__all__ = ["SORTS", "CasesDialog"]

SORTS = ("cluster", "similarity", "setting", "length")
_SORT_LABELS = {
    "cluster": "cluster (medoid first)",
    "similarity": "similarity to…",
    "setting": "setting",
    "length": "length (segments)",
}
_COMFORTABLE_DPI = 120.0  # the figure's resolution when the screen has room for it
_LEAST_DPI = 72.0  # on a narrow screen the table gives up width until the figure has this
_SCREEN_SHARE = 0.9  # the dialog takes at most this share of the screen's width and height
_HEADERS = ["Transcript", "Coder", "Setting", "Case", "Segments", "Cluster", "Distance"]


def _number(value: float | int | None, digits: int = 0) -> QTableWidgetItem:
    item = QTableWidgetItem("" if value is None else f"{value:.{digits}f}")
    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


class CasesDialog(QDialog):
    transcriptChosen = Signal(int)

    def __init__(self, doc: ProjectDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("casesDialog")
        self.setWindowTitle("Cases")
        self._doc = doc
        self.ids: list[int] = []
        self.sequences: list[CodedSequence] = []
        self.typology: Typology | None = None
        self.distances: pd.DataFrame | None = None
        self.order: list[int] = []
        self._load()

        self.sort = QComboBox(objectName="casesSort")
        for key in SORTS:
            self.sort.addItem(_SORT_LABELS[key], key)
        self.reference = QComboBox(objectName="casesReference")
        for s in self.sequences:
            self.reference.addItem(s.transcript)
        self._top = top = QHBoxLayout()
        top.addWidget(QLabel("Sort by"))
        top.addWidget(self.sort)
        top.addWidget(self.reference)
        top.addStretch(1)
        self.note = QLabel(objectName="casesNote")
        self.note.setWordWrap(True)

        self.table = QTableWidget(objectName="casesTable")
        self.table.setColumnCount(len(_HEADERS))
        self.table.setHorizontalHeaderLabels(_HEADERS)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setToolTip("Double-click a transcript (or press Enter) to open it")
        self.preview = FigurePreview(max_dpi=160)
        self.preview.setObjectName("casesPreview")
        self.preview.setFrameShape(QLabel.Shape.StyledPanel)
        self.body = body = QSplitter(Qt.Orientation.Horizontal)
        body.addWidget(self.table)
        body.addWidget(self.preview)
        body.setStretchFactor(1, 1)

        self._buttons = buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.open_button = buttons.addButton(
            "Open transcript", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.open_button.clicked.connect(self.open_current)
        buttons.rejected.connect(self.reject)
        outer = QVBoxLayout(self)
        outer.addLayout(top)
        outer.addWidget(self.note)
        outer.addWidget(body, 1)
        outer.addWidget(buttons)

        self.sort.currentIndexChanged.connect(self.refresh)
        self.reference.currentIndexChanged.connect(self.refresh)
        self.table.cellDoubleClicked.connect(lambda row, _col: self.open_row(row))
        self.table.itemActivated.connect(lambda item: self.open_row(item.row()))
        self.finished.connect(self.deleteLater)
        self.refresh()
        self._fit_to_content()

    def _fit_to_content(self) -> None:
        """Size the dialog to what it shows, within the screen: the table as wide as its
        columns and as tall as its rows, the figure at a comfortable resolution (lower when
        the screen has no room for it). A handful of cases makes a small dialog, many a
        large one whose table scrolls."""
        table, layout = self.table, self.layout()
        margins = layout.contentsMargins()
        spacing = max(layout.spacing(), 0)
        handle = self.body.handleWidth()
        least = self.preview.minimumSizeHint()
        screen = self.screen().availableGeometry()
        room_w = int(screen.width() * _SCREEN_SHARE) - margins.left() - margins.right()
        room_h = int(screen.height() * _SCREEN_SHARE) - margins.top() - margins.bottom()

        def chrome(width: int) -> int:  # the sort row, the note and the buttons
            note = self.note.heightForWidth(width) if self.note.text() else 0
            rows = [self._top.sizeHint().height(), note, self._buttons.sizeHint().height()]
            return sum(rows) + spacing * len(rows)

        frame = 2 * table.frameWidth()
        bar = table.verticalScrollBar().sizeHint().width()
        table_w = table.horizontalHeader().length() + frame + bar
        table_h = table.horizontalHeader().sizeHint().height() + table.verticalHeader().length()
        table_h += frame
        # on a narrow screen the table scrolls sideways, leaving the figure room to be read
        figure_least = min(self.preview.size_at(_LEAST_DPI).width(), room_w // 2)
        figure_least = max(figure_least, least.width())
        if table_w > room_w - handle - figure_least:
            table_w = max(room_w - handle - figure_least, least.width())
            table_h += table.horizontalScrollBar().sizeHint().height()
        dpi = _COMFORTABLE_DPI
        if self.preview.figure is not None:
            w_in, h_in = self.preview.figure.get_size_inches()
            pad = self.preview.size_at(0.0)
            fig_room_w = room_w - table_w - handle - pad.width()
            fig_room_h = room_h - chrome(room_w) - pad.height()
            dpi = max(min(dpi, fig_room_w / w_in, fig_room_h / h_in), MIN_DPI)
        figure = self.preview.size_at(dpi).expandedTo(least)
        width = max(table_w + handle + figure.width(), self._top.sizeHint().width())
        width = min(width, room_w)
        height = min(chrome(width) + max(table_h, figure.height()), room_h)
        self.resize(
            width + margins.left() + margins.right(), height + margins.top() + margins.bottom()
        )
        self.body.setSizes([table_w, width - table_w - handle])

    def _load(self) -> None:
        from fpmcoder.analysis.typology import typology

        project = self._doc.project
        me = self._doc.coder
        for info in project.transcripts():
            ranked = [name for name, _n in project.coders_of(info.id)]
            coder = me if me in ranked else (ranked[0] if ranked else None)
            self.ids.append(info.id)
            self.sequences.append(project.sequence(info.id, coder))
        if len(self.sequences) >= 3:
            # the first typology of a session compiles the distance kernels (a few seconds)
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                self.typology = typology(self.sequences, project.codebook)
            except (FpmcoderError, ValueError):
                self.typology = None
            else:
                self.distances = self.typology.distances
            finally:
                QApplication.restoreOverrideCursor()

    def sort_key(self) -> str:
        return str(self.sort.currentData())

    def _ordered(self) -> list[int]:
        n = len(self.sequences)
        key = self.sort_key()
        if key == "cluster" and self.typology is not None:
            return list(self.typology.order)
        if key == "similarity" and self.distances is not None:
            ref = max(self.reference.currentIndex(), 0)
            d = self.distances.to_numpy()[ref]
            return sorted(range(n), key=lambda i: (d[i], i))
        if key == "setting":
            return sorted(range(n), key=lambda i: (self.sequences[i].setting or "~", i))
        if key == "length":
            return sorted(range(n), key=lambda i: (-len(self.sequences[i]), i))
        return list(range(n))

    def refresh(self) -> None:
        key = self.sort_key()
        self.reference.setEnabled(key == "similarity")
        if self.typology is None and key in ("cluster", "similarity"):
            self.note.setText(
                "Clusters and similarities need at least three transcripts with codings; "
                "the transcripts are shown in project order."
            )
        elif self.typology is not None:
            self.note.setText(
                f"{self.typology.k} clusters (optimal matching, Ward; the number with the "
                "best average silhouette). Distances: optimal matching, substitution 2, "
                "indel 1, uncoded segments left out."
            )
        self.order = self._ordered()
        self._fill_table()
        self._draw()

    def _fill_table(self) -> None:
        self.table.setRowCount(len(self.order))
        clusters = self.typology.clusters if self.typology is not None else None
        ref = max(self.reference.currentIndex(), 0)
        if self.sequences:
            label = f"Distance to\n{self.sequences[ref].transcript}"
            self.table.setHorizontalHeaderItem(len(_HEADERS) - 1, QTableWidgetItem(label))
        for row, i in enumerate(self.order):
            s = self.sequences[i]
            cells: list[QTableWidgetItem] = [
                QTableWidgetItem(s.transcript),
                QTableWidgetItem(s.coder or ""),
                QTableWidgetItem(s.setting or ""),
                QTableWidgetItem(s.case or ""),
                _number(len(s)),
                _number(int(clusters["cluster"].iloc[i]) if clusters is not None else None),
                _number(
                    float(self.distances.iloc[ref, i]) if self.distances is not None else None,
                    1,
                ),
            ]
            cells[0].setData(Qt.ItemDataRole.UserRole, self.ids[i])
            if clusters is not None and bool(clusters["is_medoid"].iloc[i]):
                font = cells[0].font()
                font.setBold(True)
                cells[0].setFont(font)
                cells[0].setToolTip("the medoid: the most typical transcript of its cluster")
            for col, item in enumerate(cells):
                self.table.setItem(row, col, item)
        self.table.resizeColumnsToContents()

    def _draw(self) -> None:
        from matplotlib.figure import Figure

        from fpmcoder.plot.index import draw_index_plot

        if not self.sequences:
            self.preview.show_message("The project has no transcripts yet.")
            return
        codebook = self._doc.project.codebook
        fig = Figure()
        try:
            if self.sort_key() == "cluster" and self.typology is not None:
                draw_index_plot(fig, self.sequences, codebook, self.typology)
            else:
                ordered = [self.sequences[i] for i in self.order]
                draw_index_plot(fig, ordered, codebook, title="")
        except (FpmcoderError, ValueError) as exc:
            self.preview.show_message(f"Cannot draw the cases:\n\n{exc}")
            return
        self.preview.show_figure(fig)

    def open_row(self, row: int) -> None:
        item = self.table.item(row, 0)
        if item is None:
            return
        self.transcriptChosen.emit(int(item.data(Qt.ItemDataRole.UserRole)))
        self.accept()

    def open_current(self) -> None:
        self.open_row(self.table.currentRow())
