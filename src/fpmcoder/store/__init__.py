"""The SQLite project file. The only package that runs SQL."""

from fpmcoder.store.project import Project, ProjectEvents, TranscriptInfo
from fpmcoder.store.schema import SCHEMA_VERSION

__all__ = ["SCHEMA_VERSION", "Project", "ProjectEvents", "TranscriptInfo"]
