"""Read transcript files away from the window's thread; nothing is stored until all are read.

The window stores the result with one ``project.add_transcripts`` (one transaction), so a
cancelled or failed import leaves the project exactly as it was.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QThread, Signal

from fpmcoder.errors import FpmcoderError

__all__ = ["ImportWorker"]


class ImportWorker(QThread):
    fileStarted = Signal(int, str)  # index, file name
    succeeded = Signal(list)  # list[Transcript]
    failed = Signal(str)  # a message for the researcher

    def __init__(self, paths: Sequence[Path]) -> None:
        super().__init__()
        self.paths = [Path(p) for p in paths]
        self._cancelled = False

    def cancel(self) -> None:
        self._cancelled = True

    @property
    def cancelled(self) -> bool:
        return self._cancelled

    def run(self) -> None:
        from fpmcoder.io.transcripts import ReadOptions, read_transcripts

        out = []
        try:
            for i, path in enumerate(self.paths):
                if self._cancelled:
                    return
                self.fileStarted.emit(i, path.name)
                out.extend(read_transcripts(path, ReadOptions()))
        except FpmcoderError as exc:
            self.failed.emit(str(exc))
            return
        except Exception as exc:
            self.failed.emit(f"{type(exc).__name__}: {exc}")
            return
        if not self._cancelled:
            self.succeeded.emit(out)
