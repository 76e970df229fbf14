"""The open project as the window sees it: the project, the coder, and the undo stack.

:class:`ProjectDocument` turns the project's plain change events (fired after each
commit) into Qt signals, and runs every edit as a core command on a ``QUndoStack``.
It holds no copy of the data: widgets read through the project.

For a project on a server it also watches the server's notifications (a
``QSocketNotifier`` on the listening connection: no polling), so that what other coders
do shows within a second, and says when the connection is lost or back. While it is lost
it tries again every few seconds; nothing is shown as saved that the server did not
commit (an edit that fails is refused, and its error shown).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QSocketNotifier, QTimer, Signal
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
    connectionChanged = Signal(bool)  # a server project: online or not
    reloaded = Signal()  # what this login may read changed (blind mode, reconnection)
    closed = Signal()  # the project is about to be closed: stop using it

    RETRY_MS = 3000

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
        ev.settings_changed.connect(self._on_settings)
        ev.connection_changed.connect(self._on_connection)
        self._notifier: QSocketNotifier | None = None
        self.online = True
        self._retry = QTimer(self)
        self._retry.setInterval(self.RETRY_MS)
        self._retry.timeout.connect(self._try_again)
        self._watch()

    # -- a server's notifications --------------------------------------------------------

    def _watch(self) -> None:
        if self._notifier is not None:
            self._notifier.setEnabled(False)
            self._notifier.deleteLater()
            self._notifier = None
        fd = self.project.changes_fileno()
        if fd is not None:
            self._notifier = QSocketNotifier(fd, QSocketNotifier.Type.Read, self)
            self._notifier.activated.connect(self._on_notified)

    def _on_notified(self, *_args: object) -> None:
        self.project.sync()
        if self.project.changes_fileno() is None and self._notifier is not None:
            self._watch()  # the listening connection was lost

    def _on_connection(self, online: bool) -> None:
        if online == self.online:
            return
        self.online = online
        if online:
            self._retry.stop()
            self._watch()
            self.project.sync()  # reload what may have changed while away
        else:
            self._retry.start()
        self.connectionChanged.emit(online)

    def _try_again(self) -> None:
        if self.project.reconnect():
            self._on_connection(True)

    def _on_settings(self) -> None:
        # blind coding switched, people added, or back from a lost connection: what this
        # login may read has changed, so every view reads again
        self.reloaded.emit()

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
        self.closed.emit()
        ev = self.project.events
        ev.codings_changed.disconnect(self._on_codings)
        ev.segments_changed.disconnect(self._on_segments)
        ev.transcripts_changed.disconnect(self._on_transcripts)
        ev.codebook_changed.disconnect(self._on_codebook)
        ev.settings_changed.disconnect(self._on_settings)
        ev.connection_changed.disconnect(self._on_connection)
        self._retry.stop()
        if self._notifier is not None:
            self._notifier.setEnabled(False)
        self.undo_stack.clear()
        self.project.close()
