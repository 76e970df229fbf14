"""Core commands as ``QUndoCommand``: the project applies them, Qt only keeps the stack.

``redo()`` runs the command through :meth:`Project.perform` and keeps the inverse it
returns; ``undo()`` executes that inverse and keeps *its* inverse for the next redo. The
commands themselves (and their inverses) live in :mod:`fpmcoder.core.commands`.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from fpmcoder.core.commands import Command
from fpmcoder.errors import FpmcoderError

__all__ = ["CoreUndoCommand"]

Executor = Callable[[Command], Command]


class CoreUndoCommand(QUndoCommand):
    """One edit on the undo stack. ``perform`` is ``project.perform``."""

    def __init__(
        self,
        perform: Executor,
        command: Command,
        on_refused: Callable[[FpmcoderError], object] | None = None,
        on_replayed: Callable[[Command], object] | None = None,
    ) -> None:
        super().__init__(command.label)
        self._perform = perform
        self._forward: Command = command
        self._inverse: Command | None = None
        self._on_refused = on_refused
        self._on_replayed = on_replayed
        self._done_once = False

    def redo(self) -> None:
        try:
            self._inverse = self._perform(self._forward)
            if self._done_once and self._on_replayed is not None:
                self._on_replayed(self._forward)
            self._done_once = True
        except FpmcoderError as exc:
            # A refused edit changes nothing; mark the command obsolete so the stack drops it.
            self._inverse = None
            self.setObsolete(True)
            if self._on_refused is not None:
                self._on_refused(exc)

    def undo(self) -> None:
        if self._inverse is None:
            return
        inverse, self._inverse = self._inverse, None
        self._forward = self._perform(inverse)
        if self._on_replayed is not None:
            self._on_replayed(inverse)
