"""The main window: wiring only. Segments in the middle, the codebook on the left, the grid
on the right; menus for files, editing, coding and the codebook.

What the pieces do lives elsewhere: :mod:`coding` (keys to commands), :mod:`segment_model`
(the segments as a table), :mod:`grid_panel` (the live grid), :mod:`project_actions`
(new, open, import, export, codebook). Every change is committed by the project before it
is shown, so there is no Save.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QEvent, QModelIndex, QSize, Qt, QTimer
from PySide6.QtGui import (
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QPaintEvent,
    QUndoGroup,
)
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from fpmcoder.errors import FpmcoderError
from fpmcoder.qt.codebook_panel import CodebookPanel
from fpmcoder.qt.coding import CodingController
from fpmcoder.qt.document import ProjectDocument
from fpmcoder.qt.grid_panel import GridPanel
from fpmcoder.qt.keymap import Keymap
from fpmcoder.qt.media_panel import MediaPanel
from fpmcoder.qt.menus import build_menus
from fpmcoder.qt.playback import Playback, build_playback_menu
from fpmcoder.qt.project_actions import ProjectActions
from fpmcoder.qt.segment_filter import SegmentFilter
from fpmcoder.qt.segment_model import SegmentModel
from fpmcoder.qt.segment_view import SegmentView
from fpmcoder.qt.settings import Settings
from fpmcoder.qt.suggestions import SuggestionService
from fpmcoder.qt.transcript_bar import TranscriptBar

__all__ = ["MainWindow"]

SAVED = "All changes saved"
SAVED_ON_SERVER = "All changes saved on the server"
OFFLINE = "Server unreachable: changes are NOT being saved"
OFFLINE_DETAIL = (
    "The connection to the server is lost. Codings you make now are refused, not kept; "
    "fpmcoder tries again every few seconds and carries on when the server is back."
)


class MainWindow(QMainWindow):
    def __init__(self, settings: Settings | None = None) -> None:
        super().__init__()
        self.setObjectName("MainWindow")
        self.settings = settings or Settings()
        self.doc: ProjectDocument | None = None
        self.model: SegmentModel | None = None
        self.proxy: SegmentFilter | None = None
        self.controller: CodingController | None = None
        self.suggestions: SuggestionService | None = None
        self.undo_group = QUndoGroup(self)
        self.setAcceptDrops(True)
        self._painted = False
        self._grid_timer = QTimer(self)
        self._grid_timer.setSingleShot(True)
        self._grid_timer.setInterval(0)
        self._grid_timer.timeout.connect(self.redraw_grid)

        self.bar = TranscriptBar()
        self.view = SegmentView()
        self.view.apply_font_size(self.settings.font_size)
        self.codebook_panel = CodebookPanel()
        self.grid = GridPanel()
        self.grid.columns = self.settings.grid_columns
        self.media = MediaPanel()
        self.playback = Playback(self.media, self)
        centre = QWidget()
        lay = QVBoxLayout(centre)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        lay.addWidget(self.bar)
        lay.addWidget(self.media)
        lay.addWidget(self.view, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.codebook_panel)
        self.splitter.addWidget(centre)
        self.splitter.addWidget(self.grid)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([270, 830, 320])
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)

        self.coder_label = QLabel()
        self.coder_label.setObjectName("coderLabel")
        self.position_label = QLabel()
        self.saved_label = QLabel(SAVED)
        self.saved_label.setObjectName("savedLabel")
        self.suggest_label = QLabel()
        self.suggest_label.setObjectName("suggestLabel")
        status = self.statusBar()
        status.addPermanentWidget(self.suggest_label)
        status.addPermanentWidget(self.position_label)
        status.addPermanentWidget(self.coder_label)
        status.addPermanentWidget(self.saved_label)

        self.actions_ = ProjectActions(self)
        menus = build_menus(self)
        self.import_action, self.export_figure_action = menus.import_, menus.export_figure
        self.undo_action, self.redo_action = menus.undo, menus.redo
        self.split_action, self.merge_action = menus.split, menus.merge
        self.suggest_actions = menus.suggest_modes
        codebook_menu = self.menuBar().actions()[-1]
        self.playback_menu = build_playback_menu(self.menuBar(), codebook_menu, self.playback)

        self.bar.transcriptChosen.connect(self.show_transcript)
        self.bar.filtersChanged.connect(self._on_filters)
        self.bar.otherCoderChosen.connect(self._on_other_coder)
        self.grid.squareClicked.connect(self._on_square_clicked)
        self.grid.squareClicked.connect(self.playback.seek_to_row)
        self.view.clicked.connect(self.playback.seek_to_index)
        self.codebook_panel.activityClicked.connect(self._on_activity_clicked)
        self.codebook_panel.dilemmaToggled.connect(self._on_dilemma_clicked)
        self.resize(1360, 820)
        geometry, _state = self.settings.window_state()
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)

    # -- the project -------------------------------------------------------------------------

    def set_document(
        self, doc: ProjectDocument, message: str = "", beside: str | None = None
    ) -> None:
        """Show ``doc`` (the previous project, if any, is closed), with coder ``beside``'s
        activities in the Beside column when given."""
        old = self.doc
        self.doc = doc
        self.undo_group.addStack(doc.undo_stack)
        self.undo_group.setActiveStack(doc.undo_stack)
        stale = (self.model, self.proxy, self.controller, self.suggestions)
        self.model = SegmentModel(doc, self)
        if beside is not None and beside in doc.project.coders():
            self.model.set_other_coder(beside)  # before anything follows the model
        self.proxy = SegmentFilter(self)
        self.proxy.setSourceModel(self.model)
        self.view.setModel(self.proxy)
        if self.suggestions is not None:
            self.suggestions.shutdown()
        for obj in stale:
            if obj is not None:
                obj.deleteLater()
        self.view.keymap = Keymap(doc.project.codebook)
        self.controller = CodingController(doc, self.model, self.proxy, self.view, self)
        self.controller.currentSegmentChanged.connect(self._on_current_segment)
        self.controller.message.connect(self._show_message)
        self.suggestions = SuggestionService(
            doc,
            self.model,
            mode=self.settings.suggest_mode,
            threshold=self.settings.suggest_threshold,
            parent=self,
        )
        self.controller.suggestions = self.suggestions
        self.controller.currentSegmentChanged.connect(self.suggestions.follow)
        self.suggestions.statusChanged.connect(self._on_suggest_status)
        self.suggestions.notice.connect(self._show_message)
        self.playback.set_context(doc, self.model, self.controller)
        self.model.dataChanged.connect(self._on_rows_changed)
        self.model.modelReset.connect(self._on_model_reset)
        doc.transcriptsChanged.connect(self._on_transcripts_changed)
        doc.codebookChanged.connect(self._on_codebook_changed)
        doc.coderChanged.connect(self._on_coder_changed)
        doc.undo_stack.indexChanged.connect(self._on_saved)
        doc.replayed.connect(self._show_segment)
        if old is not None:
            self.undo_group.removeStack(old.undo_stack)
            old.close()
            old.deleteLater()
        project = doc.project  # a server by its URL without password (libpq finds that)
        self.settings.add_recent(project.location if project.is_server else project.path)
        doc.connectionChanged.connect(self._on_connection)
        doc.reloaded.connect(self._on_reloaded)
        self._on_codebook_changed()
        self._on_coder_changed(doc.coder)
        self._check_suggest_mode(self.suggestions.mode)
        self.suggestions.restart()
        infos = doc.project.transcripts()
        first = infos[0].id if infos else None
        self.bar.set_transcripts(infos, first)
        self.show_transcript(first)
        self._on_saved()
        if message:
            self.statusBar().showMessage(message, 10000)

    def show_transcript(self, transcript_id: int | None) -> None:
        if self.model is None or self.proxy is None:
            return
        self.bar.reset_filters()
        self.proxy.set_filters()
        self.view.empty_text = self.view.NO_SEGMENTS
        self.model.set_transcript(transcript_id)
        self.playback.show_transcript(transcript_id)
        self.view.layout_columns()
        self.bar.set_speakers(self.model.speakers())
        row = self.model.first_uncoded_row()
        if self.model.rowCount() and self.controller is not None:
            self.controller.go_to_source_row(row if row is not None else 0)
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_transcripts_changed(self) -> None:
        if self.doc is None or self.model is None:
            return
        infos = self.doc.project.transcripts()
        current = self.model.transcript_id
        ids = [i.id for i in infos]
        if current not in ids:
            current = ids[0] if ids else None
            self.bar.set_transcripts(infos, current)
            self.show_transcript(current)
        else:
            self.bar.set_transcripts(infos, current)

    def _on_codebook_changed(self) -> None:
        if self.doc is None:
            return
        cb = self.doc.project.codebook
        self.view.keymap = Keymap(cb)
        self.codebook_panel.set_codebook(cb)
        self.bar.set_codebook(cb)
        self._refresh_panel()
        self._schedule_grid()

    def _on_coder_changed(self, name: str) -> None:
        if self.doc is None:
            return
        ident = self.doc.project.identity()
        if ident.role == "viewer":
            self.coder_label.setText(f"Viewing as <b>{ident.name}</b> (read-only)")
        elif self.doc.project.is_server:
            blind = ", blind" if ident.blind else ""
            self.coder_label.setText(f"Coder: <b>{name}</b> ({ident.role}{blind})")
        else:
            self.coder_label.setText(f"Coder: <b>{name}</b>")
        shown = self.model.other_coder if self.model is not None else None
        self.bar.set_coders(self.doc.project.coders(), name, shown)

    def _on_saved(self, *_args: object) -> None:
        if self.doc is None:
            return
        if not self.doc.online:
            return
        project = self.doc.project
        self.saved_label.setStyleSheet("")
        self.saved_label.setText(SAVED_ON_SERVER if project.is_server else SAVED)
        title = project.location if project.is_server else project.path.name
        self.setWindowTitle(f"{title} — fpmcoder — {SAVED.lower()}")

    def _on_reloaded(self) -> None:
        if self.doc is None or self.model is None:
            return
        self.model.reload()
        self._on_coder_changed(self.doc.coder)
        self._schedule_grid()

    def _on_connection(self, online: bool) -> None:
        if online:
            self.statusBar().showMessage("Connected to the server again; views reloaded", 10000)
            self._on_saved()
            return
        self.saved_label.setStyleSheet("color: #b00020; font-weight: bold")
        self.saved_label.setText(OFFLINE)
        self.statusBar().showMessage(OFFLINE_DETAIL, 0)

    # -- suggested codes ---------------------------------------------------------------------

    def _on_suggest_status(self, text: str, tooltip: str) -> None:
        self.suggest_label.setText(text)
        self.suggest_label.setToolTip(tooltip)
        self.suggest_label.setVisible(bool(text))

    def _show_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 8000)

    def set_suggest_mode(self, mode: str) -> None:
        """Suggested codes on, blind or off (Coding > Suggested codes; kept as a preference)."""
        self.settings.suggest_mode = mode
        self.settings.sync()
        self.apply_suggestion_preferences()

    def apply_suggestion_preferences(self) -> None:
        self._check_suggest_mode(self.settings.suggest_mode)
        if self.suggestions is not None:
            self.suggestions.set_threshold(self.settings.suggest_threshold)
            self.suggestions.set_mode(self.settings.suggest_mode)

    def _check_suggest_mode(self, mode: str) -> None:
        for name, action in self.suggest_actions.items():
            action.setChecked(name == mode)

    def suggest_report(self) -> None:
        """Measure how reliable suggestions are on the current coder's codings."""
        if self.suggestions is None:
            return
        from fpmcoder.qt.suggest_report_dialog import SuggestReportDialog

        dialog = SuggestReportDialog(self.suggestions, self)
        dialog.thresholdChosen.connect(self._use_threshold)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def _use_threshold(self, value: float) -> None:
        self.settings.suggest_threshold = value
        self.settings.sync()
        self.apply_suggestion_preferences()
        self._show_message(f"Suggested codes from probability {value:.2f} on")

    def accept_suggestion(self) -> None:
        if self.controller is not None:
            self.controller.accept_suggestion()
            self.view.setFocus()

    # -- following the model -----------------------------------------------------------------

    def _on_rows_changed(self, top: QModelIndex, bottom: QModelIndex, *_roles: object) -> None:
        assert self.model is not None
        if bottom.row() - top.row() > 200:
            self._schedule_grid()
        else:
            for row in range(top.row(), bottom.row() + 1):
                self.grid.set_activity(row, self.model.coding_at(row).activity)
        self._refresh_panel()

    def _on_model_reset(self) -> None:
        self._schedule_grid()
        self._refresh_panel()
        if self.doc is not None:
            self._on_coder_changed(self.doc.coder)

    def _schedule_grid(self) -> None:
        if not self._painted:
            return  # the first paint starts it: the window shows before matplotlib loads
        self._grid_timer.start()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            self._grid_timer.start()

    def redraw_grid(self) -> None:
        self._grid_timer.stop()
        if self.doc is None or self.model is None:
            return
        tid = self.model.transcript_id
        seq = None
        if tid is not None:
            coder = self.doc.coder if self.doc.coder in self.doc.project.coders() else None
            seq = self.doc.project.sequence(tid, coder)
        self.grid.show_sequence(seq, self.doc.project.codebook)
        row = self.controller.current_source_row() if self.controller is not None else None
        self.grid.set_current(row)

    def _refresh_panel(self) -> None:
        if self.model is None:
            return
        self.codebook_panel.set_counts(self.model.counts())
        row = self.controller.current_source_row() if self.controller is not None else None
        self.codebook_panel.set_current(self.model.coding_at(row) if row is not None else None)

    def _on_current_segment(self, row: int) -> None:
        assert self.model is not None
        index = None if row < 0 else row
        self.grid.set_current(index)
        coding = self.model.coding_at(row) if index is not None else None
        self.codebook_panel.set_current(coding)
        n = self.model.rowCount()
        self._fit_position_label(n)
        self.position_label.setText(f"Segment {row + 1} of {n}" if index is not None else "")

    def _fit_position_label(self, n: int) -> None:
        """A fixed size for "Segment i of n" (as wide as the widest i): a new position then
        repaints the label only, not the whole status bar laid out again."""
        fm = self.position_label.fontMetrics()
        widest = f"Segment {'8' * len(str(n))} of {n}"
        size = QSize(fm.horizontalAdvance(widest) + 8, self.position_label.sizeHint().height())
        if self.position_label.minimumSize() != size or self.position_label.maximumSize() != size:
            self.position_label.setFixedSize(size)

    # -- user actions ----------------------------------------------------------------------

    def _on_filters(self, text: str, speaker: str, activity: str) -> None:
        if self.proxy is not None:
            sid = self.controller.current_segment_id() if self.controller else None
            self.proxy.set_filters(text, speaker, activity)
            active = self.proxy.active
            self.view.empty_text = self.view.NO_MATCH if active else self.view.NO_SEGMENTS
            if sid is not None and self.controller is not None and self.model is not None:
                row = self.model.row_of(sid)
                index = self.proxy.mapFromSource(self.model.index(row or 0, 0))
                if index.isValid():
                    self.view.go_to_row(index.row())
                elif self.proxy.rowCount():
                    self.view.go_to_row(0)

    def _on_other_coder(self, coder: str) -> None:
        if self.model is not None:
            sid = self.controller.current_segment_id() if self.controller else None
            self.model.set_other_coder(coder or None)
            self.view.layout_columns()
            if sid is not None and self.controller is not None:
                self.controller.go_to_segment(sid)

    def _show_segment(self, segment_id: int) -> None:
        """Go to a segment an undo or redo changed, in whichever transcript it is."""
        if self.doc is None or self.model is None or self.controller is None:
            return
        if self.model.row_of(segment_id) is None:
            try:
                tid = self.doc.project.transcript_of_segment(segment_id)
            except FpmcoderError:
                return
            self.bar.transcripts.setCurrentIndex(self.bar.transcripts.findData(tid))
            self.show_transcript(tid)
        self.controller.go_to_segment(segment_id)

    def _on_square_clicked(self, index: int) -> None:
        if self.controller is not None:
            self.controller.go_to_source_row(index)
            self.view.setFocus(Qt.FocusReason.MouseFocusReason)

    def _on_activity_clicked(self, activity: str) -> None:
        if self.controller is not None:
            self.controller.assign(activity)
            self.view.setFocus()

    def _on_dilemma_clicked(self, dilemma: str) -> None:
        if self.controller is not None:
            self.controller.toggle(dilemma)
            self.view.setFocus()

    def split(self) -> None:
        if self.controller is not None:
            self.controller.split()

    def merge(self) -> None:
        if self.controller is not None:
            self.controller.merge()

    def edit_memo(self) -> None:
        if self.controller is not None:
            self.controller.edit_memo()

    def next_uncoded(self) -> None:
        if self.controller is not None:
            self.controller.next_uncoded()

    # -- drag and drop, closing ----------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.actions_.import_files(paths)

    def changeEvent(self, event: QEvent) -> None:
        # coming back to the window: take in what other programs changed meanwhile (another
        # process's `fpmcoder codebook set` on a file; a server's are announced live)
        if (
            event.type() == QEvent.Type.ActivationChange
            and self.isActiveWindow()
            and self.doc is not None
        ):
            self.doc.project.sync()
        super().changeEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        worker = self.actions_.worker
        if worker is not None:  # an import still reading: stop it, store nothing
            worker.cancel()
            worker.wait()
        self.media.close_media()
        if self.suggestions is not None:  # a model being trained is dropped
            self.suggestions.shutdown()
        self.settings.save_window_state(self.saveGeometry(), self.saveState())
        self.settings.sync()
        if self.doc is not None:
            self.undo_group.removeStack(self.doc.undo_stack)
            self.doc.close()
            self.doc = None
        super().closeEvent(event)
