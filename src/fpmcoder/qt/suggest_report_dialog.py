"""How reliable are the suggested codes? The window's face of ``fpmcoder suggest --evaluate``.

The coder's coded transcripts are dealt into folds; each is proposed by a model trained on
the others only (grouped cross-validation, in the worker process, while the window stays
usable). The dialog shows the model beside two baselines, the accuracy and coverage at
each confidence threshold for a coder working in order (what the window shows), with the
current threshold marked, and kappa per activity. A threshold row can be made the
preference.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from fpmcoder.qt.suggestions import SuggestionService

if TYPE_CHECKING:
    import pandas as pd

    from fpmcoder.assist.evaluate import Evaluation

__all__ = ["SuggestReportDialog"]

_SUMMARY = {
    "model, earlier segments coded": "the model, as the window proposes (earlier segments coded)",
    "model": "the model, whole transcripts uncoded (as --write-coder)",
    "baseline: same as previous segment": "baseline: the same activity as the segment before",
    "baseline: most frequent activity": "baseline: always your most frequent activity",
}


def _cell(value: Any, digits: int = 2, percent: bool = False) -> QTableWidgetItem:
    if isinstance(value, float) and math.isnan(value):
        text = "–"
    elif percent:
        text = f"{100 * float(value):.0f}%"
    elif isinstance(value, float):
        text = f"{value:.{digits}f}"
    else:
        text = str(value)
    item = QTableWidgetItem(text)
    if not isinstance(value, str):
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


def _table(name: str, headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers), objectName=name)
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().hide()
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)  # the names take the rest
    return table


class SuggestReportDialog(QDialog):
    """Measures the model on the coder's codings and shows the result (see module doc)."""

    thresholdChosen = Signal(float)

    def __init__(self, service: SuggestionService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("suggestReportDialog")
        self.service = service
        coder = service.doc.coder
        self.setWindowTitle(f"How reliable are the suggested codes? ({coder})")
        self.evaluation: Evaluation | None = None
        lay = QVBoxLayout(self)
        intro = QLabel(
            f"Each transcript {coder} has coded is proposed by a model trained on {coder}'s "
            "other transcripts only (grouped cross-validation by transcript, 5 folds), and "
            "the proposals are compared with the codings. Accepted suggestions are left out."
        )
        intro.setWordWrap(True)
        lay.addWidget(intro)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setFormat("Measuring in the background…")
        self.progress.setTextVisible(True)
        lay.addWidget(self.progress)
        self.verdict = QLabel(objectName="suggestVerdict")
        self.verdict.setWordWrap(True)
        lay.addWidget(self.verdict)
        self.tabs = QTabWidget()
        self.summary = _table("suggestSummary", ["method", "kappa", "accuracy", "macro-F1"])
        self.thresholds = _table(
            "suggestThresholds", ["threshold", "speaks on", "segments", "right", "kappa"]
        )
        self.activities = _table(
            "suggestActivities",
            ["activity", "coded", "proposed", "kappa", "precision", "recall"],
        )
        self.tabs.addTab(self.summary, "Overall")
        self.tabs.addTab(self.thresholds, "By threshold")
        self.tabs.addTab(self.activities, "By activity")
        self.tabs.setEnabled(False)
        lay.addWidget(self.tabs, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.use_threshold = QPushButton("Use the selected threshold")
        self.use_threshold.setEnabled(False)
        self.use_threshold.setToolTip(
            "Show suggestions from this probability on (Edit > Preferences keeps it)"
        )
        buttons.addButton(self.use_threshold, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.use_threshold.clicked.connect(self._use_threshold)
        self.thresholds.itemSelectionChanged.connect(self._on_selection)
        lay.addWidget(buttons)
        self.resize(720, 420)
        service.measured.connect(self._on_measured)
        self.finished.connect(lambda _r: service.measured.disconnect(self._on_measured))
        if not service.measure():
            self._failed("suggested codes need scikit-learn, and a coder (a viewer codes nothing)")

    def _failed(self, message: str) -> None:
        self.progress.hide()
        self.verdict.setText(f"Nothing to measure: {message}")

    def _on_measured(self, outcome: object) -> None:
        if isinstance(outcome, str):
            self._failed(outcome)
            return
        self.evaluation = outcome  # type: ignore[assignment]
        assert self.evaluation is not None
        self.progress.hide()
        self.tabs.setEnabled(True)
        self._fill_summary(self.evaluation.summary)
        blind = self.evaluation.blind
        if len(blind):
            b = blind.iloc[0]
            self._summary_text += (
                f" Coded blind: on {int(b['segments'])} segments, the model's hidden proposals "
                f"agreed with yours at kappa {float(b['kappa']):.2f} "
                f"({100 * float(b['accuracy']):.0f}% right)."
            )
        self._fill_thresholds(self.evaluation.thresholds_in_order)
        self._fill_activities(self.evaluation.per_activity)

    def _fill_summary(self, df: pd.DataFrame) -> None:
        rows = df.set_index("method")
        self.summary.setRowCount(0)
        for method, label in _SUMMARY.items():
            if method not in rows.index:
                continue
            r = rows.loc[method]
            row = self.summary.rowCount()
            self.summary.insertRow(row)
            cells = [QTableWidgetItem(label), _cell(r["kappa"]), _cell(r["accuracy"], percent=True)]
            cells.append(_cell(r["macro_f1"]))
            for col, item in enumerate(cells):
                self.summary.setItem(row, col, item)
        n = int(df["segments"].iloc[0])
        model = rows.loc["model, earlier segments coded"]
        same = rows.loc["baseline: same as previous segment"]
        better = "better than" if model["kappa"] > same["kappa"] else "not better than"
        self._summary_text = (
            f"On {n} coded segments, the proposals agree with the codings at Cohen's kappa "
            f"{model['kappa']:.2f} ({100 * model['accuracy']:.0f}% right), {better} simply "
            f"repeating the activity before (kappa {same['kappa']:.2f})."
        )

    def _fill_thresholds(self, df: pd.DataFrame) -> None:
        current = self.service.threshold
        self.thresholds.setRowCount(0)
        marked = None
        for _, r in df.iterrows():
            row = self.thresholds.rowCount()
            self.thresholds.insertRow(row)
            cells = [
                _cell(float(r["threshold"])),
                _cell(float(r["coverage"]), percent=True),
                _cell(int(r["segments"])),
                _cell(float(r["accuracy"]), percent=True),
                _cell(float(r["kappa"])),
            ]
            for col, item in enumerate(cells):
                item.setData(Qt.ItemDataRole.UserRole, float(r["threshold"]))
                self.thresholds.setItem(row, col, item)
            if float(r["threshold"]) <= current + 1e-9:
                marked = (row, r)
        text = getattr(self, "_summary_text", "")
        if marked is not None:
            row, r = marked
            bold = QFont(self.thresholds.font())
            bold.setBold(True)
            for col in range(self.thresholds.columnCount()):
                self.thresholds.item(row, col).setFont(bold)
            text += (
                f" At your threshold ({current:.2f}) the model would speak on "
                f"{100 * float(r['coverage']):.0f}% of segments and be right on "
                f"{100 * float(r['accuracy']):.0f}% of those (in bold under By threshold)."
            )
        self.verdict.setText(text)

    def _fill_activities(self, df: pd.DataFrame) -> None:
        cb = self.service.doc.project.codebook
        self.activities.setRowCount(0)
        for _, r in df.iterrows():
            row = self.activities.rowCount()
            self.activities.insertRow(row)
            name = cb.activity(r["activity"]).name if cb.has_activity(r["activity"]) else ""
            cells = [
                QTableWidgetItem(name or str(r["activity"])),
                _cell(int(r["coded"])),
                _cell(int(r["proposed"])),
                _cell(float(r["kappa"])),
                _cell(float(r["precision"]), percent=True),
                _cell(float(r["recall"]), percent=True),
            ]
            for col, item in enumerate(cells):
                self.activities.setItem(row, col, item)

    def _on_selection(self) -> None:
        self.use_threshold.setEnabled(bool(self.thresholds.selectedItems()))

    def _use_threshold(self) -> None:
        items = self.thresholds.selectedItems()
        if items:
            value = float(items[0].data(Qt.ItemDataRole.UserRole))
            self.thresholdChosen.emit(value)
            if self.evaluation is not None:
                self._fill_thresholds(self.evaluation.thresholds_in_order)
