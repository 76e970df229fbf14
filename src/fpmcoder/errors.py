"""Every error fpmcoder raises on purpose, in one tree.

Messages are written for a researcher: they say what was wrong, where (file, line,
column, field, transcript, segment) and, where it helps, what to do about it. The
command line prints ``str(error)`` after ``fpmcoder: error:``; the desktop window
shows it in a dialog. Anything that is *not* an :class:`FpmcoderError` is a bug.

::

    FpmcoderError
     ├── InputError                 a file the researcher gave us is wrong
     │    ├── CodebookError         YAML codebook: syntax, fields, duplicates
     │    ├── TranscriptFormatError a transcript file we cannot read
     │    ├── TableError            a tidy coding table (CSV/XLSX) we cannot apply
     │    ├── FigureError           a figure option or input a figure cannot draw
     │    └── RefiError             a REFI-QDA .qdc/.qdpx file we cannot read or refuse
     ├── ProjectError               the project file itself
     │    ├── NotAProjectError      not an fpmcoder project (left untouched)
     │    ├── NewerProjectError     written by a newer fpmcoder (left untouched)
     │    ├── CodebookConflictError a new codebook would orphan codings in use
     │    ├── ProjectBusyError      another program holds the project (try again)
     │    └── ServerError           a project on a PostgreSQL server
     │         ├── ServerUnavailableError  cannot reach it, or the connection dropped
     │         └── PermissionDeniedError   the server refused: your role may not do this
     ├── NotFoundError              no such transcript, coder, segment or case
     ├── ExportError                what a file format cannot carry (an untimed transcript to ELAN)
     ├── EditError                  an edit that cannot be made (bad split offset, unknown code)
     └── MissingExtraError          an optional part of fpmcoder that is not installed
"""

from __future__ import annotations

from pathlib import Path

__all__ = [
    "CodebookConflictError",
    "CodebookError",
    "EditError",
    "ExportError",
    "FigureError",
    "FpmcoderError",
    "InputError",
    "MissingExtraError",
    "NewerProjectError",
    "NotAProjectError",
    "NotFoundError",
    "PermissionDeniedError",
    "ProjectBusyError",
    "ProjectError",
    "RefiError",
    "ServerError",
    "ServerUnavailableError",
    "TableError",
    "TranscriptFormatError",
]


class FpmcoderError(Exception):
    """Base of every error fpmcoder raises deliberately."""


class InputError(FpmcoderError):
    """A file the researcher gave us is wrong.

    ``str()`` reads ``file:line:column: field: message`` with the parts that are known,
    the way compilers and linters report, so editors can jump to the place.
    """

    def __init__(
        self,
        message: str,
        *,
        path: str | Path | None = None,
        line: int | None = None,
        column: int | None = None,
        field: str | None = None,
    ) -> None:
        self.message = message
        self.path = Path(path) if path is not None else None
        self.line = line
        self.column = column
        self.field = field
        super().__init__(self._render())

    def _render(self) -> str:
        where = ""
        if self.path is not None:
            where = str(self.path)
            if self.line is not None:
                where += f":{self.line}"
                if self.column is not None:
                    where += f":{self.column}"
        parts = [p for p in (where, self.field) if p]
        return ": ".join([*parts, self.message])


class ExportError(FpmcoderError):
    """The project holds something the chosen export format cannot carry."""


class CodebookError(InputError):
    """A codebook that cannot be used: bad YAML, unknown or missing fields, duplicates."""


class TranscriptFormatError(InputError):
    """A transcript file that cannot be read: empty, not a transcript, broken mid-way."""


class TableError(InputError):
    """A tidy coding table that cannot be read or applied."""


class FigureError(InputError):
    """A figure option that cannot be used, or input (codes, speakers, times) it cannot draw."""


class RefiError(InputError):
    """A REFI-QDA codebook or project that cannot be read, or is refused as unsafe."""


class ProjectError(FpmcoderError):
    """Something is wrong with the project file itself."""


class NotAProjectError(ProjectError):
    """The file is not an fpmcoder project. It is left untouched."""


class NewerProjectError(ProjectError):
    """The project was written by a newer fpmcoder. It is left untouched."""


class CodebookConflictError(ProjectError):
    """Replacing the codebook would leave codings pointing at codes that no longer exist."""


class ProjectBusyError(ProjectError):
    """Another program is writing to the project and did not finish in time; nothing was
    changed. Trying again later works."""


class ServerError(ProjectError):
    """A project on a PostgreSQL server: connecting, roles, schema."""


class ServerUnavailableError(ServerError):
    """The server cannot be reached, or the connection dropped mid-way.

    Whatever the call was doing was *not* saved (the transaction was rolled back by the
    server); the next call tries to connect again.
    """


class PermissionDeniedError(ServerError):
    """The server refused the change: the login's role in this project does not allow it."""


class NotFoundError(FpmcoderError):
    """No transcript, coder, segment or case by that name or number."""


class EditError(FpmcoderError):
    """An edit that cannot be made: a split outside the segment, an activity not in the codebook."""


class MissingExtraError(FpmcoderError):
    """An optional part of fpmcoder is not installed (the message says what to install)."""
