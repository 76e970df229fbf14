"""The open project as the window sees it: the project, the coder, and the undo stack.

:class:`ProjectDocument` turns the project's plain change events (fired after each
commit) into Qt signals, and runs every edit as a core command on a ``QUndoStack``.
It holds no copy of the data: widgets read through the project.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from fpmcoder.core.commands import Command
from fpmcoder.errors import FpmcoderError
from fpmcoder.qt.undo import CoreUndoCommand
from fpmcoder.store import Project

__all__ = ["ProjectDocument"]


class ProjectDocument(QObject):
    codingsChanged = Signal(int, list)  # transcript id, segment ids
    segmentsChanged = Signal(int)  # transcript id
    transcriptsChanged = Signal()
    codebookChanged = Signal()
    coderChanged = Signal(str)
    replayed = Signal(int)  # segment id an undo or redo changed (to show it)

    def __init__(self, project: Project, coder: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self._coder = coder
        self.undo_stack = QUndoStack(self)
        self._refused: list[FpmcoderError] = []
        ev = project.events
        ev.codings_changed.connect(self._on_codings)
        ev.segments_changed.connect(self._on_segments)
        ev.transcripts_changed.connect(self._on_transcripts)
        ev.codebook_changed.connect(self._on_codebook)

    def _on_codings(self, transcript_id: int, segment_ids: list[int]) -> None:
        self.codingsChanged.emit(transcript_id, segment_ids)

    def _on_segments(self, transcript_id: int) -> None:
        self.segmentsChanged.emit(transcript_id)

    def _on_transcripts(self) -> None:
        self.transcriptsChanged.emit()

    def _on_replayed(self, command: Command) -> None:
        segment_id = getattr(command, "segment_id", None)
        if isinstance(segment_id, int):
            self.replayed.emit(segment_id)

    def _on_codebook(self) -> None:
        self.codebookChanged.emit()

    @property
    def coder(self) -> str:
        return self._coder

    def set_coder(self, name: str) -> None:
        name = name.strip()
        if name and name != self._coder:
            self._coder = name
            self.coderChanged.emit(name)

    def perform(self, command: Command) -> None:
        """Run ``command`` as an undoable edit; raise the project's error if it is refused."""
        self._refused.clear()
        self.undo_stack.push(
            CoreUndoCommand(self.project.perform, command, self._refused.append, self._on_replayed)
        )
        if self._refused:
            raise self._refused.pop()

    def close(self) -> None:
        ev = self.project.events
        ev.codings_changed.disconnect(self._on_codings)
        ev.segments_changed.disconnect(self._on_segments)
        ev.transcripts_changed.disconnect(self._on_transcripts)
        ev.codebook_changed.disconnect(self._on_codebook)
        self.undo_stack.clear()
        self.project.close()
