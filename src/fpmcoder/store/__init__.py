"""The project, on a file (SQLite) or a server (PostgreSQL). The only package that runs SQL."""

from fpmcoder.store._backend import Change, Identity
from fpmcoder.store.project import Project, ProjectEvents, TranscriptInfo, is_server_location
from fpmcoder.store.schema import SCHEMA_VERSION

__all__ = [
    "SCHEMA_VERSION",
    "Change",
    "Identity",
    "Project",
    "ProjectEvents",
    "TranscriptInfo",
    "is_server_location",
]
