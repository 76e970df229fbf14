"""What coding keys and buttons do: each one a core command run on the undo stack.

:class:`CodingController` knows the current segment (from the view) and turns a key
action into ``AssignActivity``, ``ToggleDilemma``, ``SetMemo``, ``SplitSegment`` or
``MergeSegments``; the project stores it and announces the change, the model repaints.
Refused edits (merging the last segment, ...) are shown to the researcher as a dialog.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from fpmcoder.core.commands import (
    AcceptSuggestion,
    AssignActivity,
    Command,
    MergeSegments,
    SetMemo,
    SplitSegment,
    ToggleDilemma,
)
from fpmcoder.errors import FpmcoderError
from fpmcoder.qt.document import ProjectDocument
from fpmcoder.qt.keymap import KeyAction
from fpmcoder.qt.memo_dialog import MemoDialog
from fpmcoder.qt.segment_model import SegmentModel
from fpmcoder.qt.segment_view import SegmentView
from fpmcoder.qt.split_dialog import SplitDialog

if TYPE_CHECKING:
    from fpmcoder.qt.suggestions import SuggestionService

__all__ = ["CodingController"]


class CodingController(QObject):
    currentSegmentChanged = Signal(int)  # source row, -1 for none
    message = Signal(str)  # a passing remark for the status bar

    def __init__(
        self,
        document: ProjectDocument,
        model: SegmentModel,
        proxy: QSortFilterProxyModel,
        view: SegmentView,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.doc, self.model, self.proxy, self.view = document, model, proxy, view
        self.suggestions: SuggestionService | None = None
        view.keyAction.connect(self.on_key)
        view.selectionModel().currentRowChanged.connect(self._on_current_changed)
        model.modelReset.connect(self._on_current_changed)

    # -- where we are -----------------------------------------------------------------------

    def current_source_row(self) -> int | None:
        index = self.view.currentIndex()
        if not index.isValid():
            return None
        return self.proxy.mapToSource(index).row()

    def current_segment_id(self) -> int | None:
        row = self.current_source_row()
        return None if row is None else self.model.segment_at(row).id

    def go_to_source_row(self, row: int) -> None:
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not index.isValid():  # filtered out: show everything again
            if isinstance(self.proxy, QSortFilterProxyModel) and hasattr(self.proxy, "set_filters"):
                self.proxy.set_filters()
            index = self.proxy.mapFromSource(self.model.index(row, 0))
        if index.isValid():
            self.view.go_to_row(index.row())

    def go_to_segment(self, segment_id: int) -> None:
        row = self.model.row_of(segment_id)
        if row is not None:
            self.go_to_source_row(row)

    def _on_current_changed(self, *_args: object) -> None:
        row = self.current_source_row()
        self.currentSegmentChanged.emit(-1 if row is None else row)

    def _next_visible_segment(self) -> int | None:
        index = self.view.currentIndex()
        below = self.proxy.index(index.row() + 1, 0) if index.isValid() else None
        if below is None or not below.isValid():
            return None
        return self.model.segment_at(self.proxy.mapToSource(below).row()).id

    # -- edits ------------------------------------------------------------------------------

    def _run(self, command: Command) -> bool:
        try:
            self.doc.perform(command)
        except FpmcoderError as exc:
            QMessageBox.warning(self._window(), "Cannot do that", str(exc))
            return False
        return True

    def _window(self) -> QWidget:
        return self.view.window()

    def on_key(self, action: KeyAction) -> None:
        handlers: dict[str, Callable[[], None]] = {
            "activity": lambda: self.assign(action.code),
            "dilemma": lambda: self.toggle(action.code or ""),
            "clear": lambda: self.assign(None, advance=False),
            "memo": self.edit_memo,
            "next_uncoded": self.next_uncoded,
            "accept": self.accept_suggestion,
        }
        handlers[action.kind]()

    def assign(self, activity: str | None, *, advance: bool = True) -> None:
        sid = self.current_segment_id()
        if sid is None:
            return
        target = self._next_visible_segment() if advance else sid
        svc = self.suggestions
        # blind mode: the model's hidden proposal, kept with this first coding
        hidden = svc.blind_proposal(sid) if svc is not None and activity is not None else None
        if self._run(AssignActivity(sid, self.doc.coder, activity, blind=hidden)):
            if svc is not None and hidden is not None and activity is not None:
                svc.judge(sid, activity, hidden)  # did the model agree?
            self.go_to_segment(target if target is not None else sid)

    def accept_suggestion(self) -> None:
        """Code the segment with the suggested code shown, then go to the next segment."""
        sid = self.current_segment_id()
        if sid is None:
            return
        svc = self.suggestions
        found = svc.to_accept(sid) if svc is not None else None
        if found is None:
            self.message.emit(
                svc.why_silent() if svc is not None else "Suggested codes are not available"
            )
            return
        activity, suggested = found
        target = self._next_visible_segment()
        if self._run(AcceptSuggestion(sid, self.doc.coder, activity, suggested)):
            self.go_to_segment(target if target is not None else sid)

    def toggle(self, dilemma: str) -> None:
        sid = self.current_segment_id()
        if sid is not None:
            self._run(ToggleDilemma(sid, self.doc.coder, dilemma))

    def next_uncoded(self) -> None:
        row = self.current_source_row()
        found = self.model.first_uncoded_row(0 if row is None else row + 1)
        if found is None and row is not None:
            found = self.model.first_uncoded_row(0)
        if found is not None:
            self.go_to_source_row(found)

    def edit_memo(self) -> None:
        row = self.current_source_row()
        if row is None:
            return
        sid = self.model.segment_at(row).id
        dialog = MemoDialog(
            self.model.coding_at(row).memo, row + 1, self.model.segment_text(row), self._window()
        )

        def save() -> None:
            if dialog.memo != self.model.coding_at(row).memo:
                self._run(SetMemo(sid, self.doc.coder, dialog.memo))
                self.go_to_segment(sid)

        dialog.accepted.connect(save)
        dialog.finished.connect(self._refocus)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def split(self) -> None:
        row = self.current_source_row()
        if row is None:
            return
        seg = self.model.segment_at(row)
        dialog = SplitDialog(self.model.segment_text(row), row + 1, self._window())

        def do_split() -> None:
            offset = dialog.split_offset
            if self._run(SplitSegment(seg.id, seg.start + offset)):
                self.go_to_segment(seg.id)

        dialog.accepted.connect(do_split)
        dialog.finished.connect(self._refocus)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def _refocus(self, *_args: object) -> None:
        self.view.window().activateWindow()
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def merge(self) -> None:
        sid = self.current_segment_id()
        if sid is not None and self._run(MergeSegments(sid)):
            self.go_to_segment(sid)
