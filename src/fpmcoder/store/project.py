"""The project: the codebook, transcripts, segments, coders and codings, in one place.

That place is a file (SQLite, ``.fpmc``) or a database on a PostgreSQL server
(``postgresql://user@host/db``); :class:`Project` is the same over both and is the only way
the rest of fpmcoder reads or writes a project. Every public method that writes runs in
one transaction, committed before it returns. It is
also an :class:`~fpmcoder.core.commands.EditTarget`: edits are core commands run through
:meth:`Project.execute` (or the named operations), each returning its inverse for undo.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

from fpmcoder.core.bundle import CodedTranscript, ImportBundle
from fpmcoder.core.codebook import Codebook
from fpmcoder.core.commands import (
    AcceptSuggestion,
    AssignActivity,
    Batch,
    Command,
    MergeSegments,
    SetMemo,
    SplitSegment,
    StampTime,
    ToggleDilemma,
    check_codes,
    run,
)
from fpmcoder.core.events import Signal
from fpmcoder.core.segmentation import Coding, Segment, Suggested
from fpmcoder.core.sequence import CodedSequence
from fpmcoder.core.table import TidyRow
from fpmcoder.core.transcript import Transcript
from fpmcoder.errors import (
    CodebookConflictError,
    EditError,
    PermissionDeniedError,
    ProjectError,
)
from fpmcoder.io.codebook_yaml import default_codebook
from fpmcoder.store import _codings, _transcripts
from fpmcoder.store._backend import Backend, Change, Con, Identity
from fpmcoder.store._copy import copy_content
from fpmcoder.store._rows import sequence_of, tidy_rows_of
from fpmcoder.store._sqlite import SqliteBackend
from fpmcoder.store._transcripts import TranscriptInfo

__all__ = ["Project", "ProjectEvents", "TranscriptInfo", "copy_project", "is_server_location"]

TranscriptRef = int | str


@dataclass
class ProjectEvents:
    """Announced after the transaction that made the change has committed."""

    codings_changed: Signal[int, list[int]] = field(default_factory=Signal)
    """(transcript id, segment ids whose codings changed)"""
    segments_changed: Signal[int] = field(default_factory=Signal)
    """(transcript id): segments were split or merged"""
    transcripts_changed: Signal[()] = field(default_factory=Signal)
    """transcripts were added, removed or renamed"""
    codebook_changed: Signal[()] = field(default_factory=Signal)
    settings_changed: Signal[()] = field(default_factory=Signal)
    """project settings such as blind coding changed (on a server)"""
    connection_changed: Signal[bool] = field(default_factory=Signal)
    """(online): the server connection was lost (False) or is back (True)"""


def is_server_location(location: str | Path) -> bool:
    """Whether a project location names a server (``postgresql://...``) rather than a file."""
    return isinstance(location, str) and location.startswith(("postgresql://", "postgres://"))


class Project:
    def __init__(self, db: Backend) -> None:
        self._db = db
        self.events = ProjectEvents()
        db.on_reconnect = self._reconnected
        self._codebook: Codebook | None = None
        self._loaded: dict[int, Transcript] = {}  # text and turns never change once stored
        self._pending_codings: dict[int, set[int]] = {}
        self._pending_segments: set[int] = set()
        self._pending_transcripts = False
        self._pending_codebook = False
        self._external = False  # another program changed the project (seen at a BEGIN)
        # read-through caches for the per-keystroke write path (fewer statements per coding):
        # coder ids (coders are never deleted; forgotten on a rollback) and the transcript of
        # each segment looked up in the current transaction (forgotten when it ends, and on
        # every split or merge)
        self._coder_ids: dict[str, int] = {}
        self._segment_rows: dict[int, tuple[int, Segment]] = {}

    # -- opening and closing --------------------------------------------------------------

    @classmethod
    def open(cls, location: str | Path, *, wait: float | None = None) -> Project:
        """Open an existing project, a file or a server URL; refuse (untouched) anything else.

        ``wait``: seconds a write waits for another program's transaction on the same file
        before it is refused with :class:`~fpmcoder.errors.ProjectBusyError` (the window
        waits 10 s; the command line longer). A server waits for its locks 15 s.
        """
        if is_server_location(location):
            from fpmcoder.store._postgres import PostgresBackend

            return cls(PostgresBackend.open(str(location)))
        if wait is None:
            return cls(SqliteBackend.open(Path(location)))
        return cls(SqliteBackend.open(Path(location), wait=wait))

    @classmethod
    def create(cls, path: str | Path, codebook: Codebook | None = None) -> Project:
        """A new project file (a server project is made by ``fpmcoder server init``)."""
        if is_server_location(path):
            raise ProjectError(
                "a project on a server is created with 'fpmcoder server init URL', "
                "which also sets up its roles"
            )
        project = cls(SqliteBackend.create(Path(path)))
        with project.transaction():
            project.initialise(codebook)
        return project

    @classmethod
    def create_filled(
        cls, path: str | Path, codebook: Codebook | None, fill: Callable[[Project], object]
    ) -> None:
        """A new project file that appears only once ``fill`` has filled it.

        It is built under a hidden temporary name beside ``path`` and renamed into place
        when complete, so a failure, an interruption or a kill never leaves a half-made or
        empty project at ``path``.
        """
        path = Path(path)
        if path.exists():
            raise ProjectError(f"{path}: already exists; open it instead of creating it")
        tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.partial")
        try:
            with cls.create(tmp, codebook) as project:
                fill(project)
            if path.exists():
                raise ProjectError(f"{path}: appeared while it was being made; nothing replaced")
            os.replace(tmp, path)
        finally:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{tmp}{suffix}").unlink(missing_ok=True)

    def initialise(self, codebook: Codebook | None) -> None:
        """Write the first codebook and the marks of a new project (inside a transaction)."""
        initialise(self._con, codebook)

    @classmethod
    def open_or_create(cls, path: str | Path, codebook: Codebook | None = None) -> Project:
        if is_server_location(path):
            return cls.open(path)
        return cls.open(path) if Path(path).exists() else cls.create(path, codebook)

    @property
    def is_server(self) -> bool:
        return self._db.kind == "server"

    @property
    def location(self) -> str:
        """Where the project is: a file path, or the server URL without any password."""
        return self._db.location

    @property
    def name(self) -> str:
        """A short name: the file's stem or the database's name."""
        return self._db.name

    @property
    def path(self) -> Path:
        """The project file (file projects only; see :attr:`location`)."""
        if not isinstance(self._db, SqliteBackend):
            raise ProjectError(f"{self.location} is a project on a server, not a file")
        return self._db.path

    def identity(self) -> Identity:
        """Who is connected and what they may do (a file: everything)."""
        return self._db.identity()

    # -- changes made by other programs (server projects) ---------------------------------

    def changes_fileno(self) -> int | None:
        """A socket that is readable when other programs changed the project (else None).

        Watch it (a ``QSocketNotifier``, ``select``) and call :meth:`sync` when it is.
        """
        return self._db.changes_fileno()

    def sync(self) -> list[Change]:
        """Take what other programs changed, forget stale caches, announce it as events."""
        if self._db.in_transaction:
            return []  # taken after this transaction (taking them now would lose them)
        changes = self._db.take_changes()
        for ch in changes:
            if ch.kind == "codings" and ch.transcript is not None and ch.segment is not None:
                self._pending_codings.setdefault(ch.transcript, set()).add(ch.segment)
            elif ch.kind == "segments" and ch.transcript is not None:
                self._pending_segments.add(ch.transcript)
            elif ch.kind == "resync":
                self._forget_everything()
            elif ch.kind == "transcripts":
                self._loaded.clear()
                self._pending_transcripts = True
            if ch.kind == "codebook":
                self._codebook = None
                self._pending_codebook = True
            if ch.kind in ("settings", "transcripts"):
                self._coder_ids.clear()
        self._announce_external()
        self._announce()
        if any(ch.kind in ("settings", "resync") for ch in changes):
            self.events.settings_changed.emit()
        return changes

    def reconnect(self) -> bool:
        """A server project: try the connection, connecting again if it was lost."""
        return self._db.reachable()

    def _reconnected(self, online: bool) -> None:
        self._coder_ids.clear()
        self._segment_rows.clear()
        self.events.connection_changed.emit(online)

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Project:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @property
    def _con(self) -> Con:
        return self._db.con

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """A write transaction; nested uses join the outer one. Events fire after commit."""
        try:
            with self._db.transaction() as outer:
                if outer:
                    self._segment_rows.clear()
                    if self._db.changed_elsewhere():
                        self._forget_everything()
                yield
        except BaseException:
            if not self._db.in_transaction:
                self._discard_pending()
                self._coder_ids.clear()
                self._segment_rows.clear()
                self._announce_external()
            raise
        if outer:
            self._segment_rows.clear()
            self._announce_external()
            self._announce()

    def _forget_everything(self) -> None:
        """Another program changed the project: read the codebook and transcripts again,
        and tell the views (after this transaction commits)."""
        self._codebook = None
        self._coder_ids.clear()
        self._loaded.clear()
        self._external = True

    def _announce_external(self) -> None:
        """Tell the views what another program changed (whether our own edit went through
        or not: those changes are committed already)."""
        if self._external:
            self._external = False
            self.events.codebook_changed.emit()
            self.events.transcripts_changed.emit()

    def _discard_pending(self) -> None:
        self._pending_codings.clear()
        self._pending_segments.clear()
        self._pending_transcripts = False
        if self._pending_codebook:
            self._codebook = None
        self._pending_codebook = False

    def _announce(self) -> None:
        codings, segments = dict(self._pending_codings), set(self._pending_segments)
        transcripts, codebook = self._pending_transcripts, self._pending_codebook
        self._discard_pending()
        if codebook:
            self.events.codebook_changed.emit()
        if transcripts:
            self.events.transcripts_changed.emit()
        for tid in sorted(segments):
            self.events.segments_changed.emit(tid)
        for tid, ids in codings.items():
            if tid not in segments:
                self.events.codings_changed.emit(tid, sorted(ids))

    # -- codebook -------------------------------------------------------------------------

    @property
    def codebook(self) -> Codebook:
        if self._codebook is None:
            row = self._con.execute("SELECT json FROM codebook WHERE id = 1").fetchone()
            if row is None:
                raise ProjectError(f"{self.path}: the project has no codebook")
            self._codebook = Codebook.model_validate_json(row[0])
        return self._codebook

    def replace_codebook(self, codebook: Codebook) -> None:
        """Use another codebook; refused if codes still in use would disappear."""
        with self.transaction():
            bad = _codings.conflicts(self._con, codebook.activity_ids, codebook.dilemma_ids)
            if bad:
                lines = "; ".join(f"{code!r} is used in {', '.join(w)}" for code, w in bad.items())
                raise CodebookConflictError(
                    f"the new codebook {codebook.name!r} lacks codes that are still in use: "
                    f"{lines}. Recode or clear those segments first, or add the codes back."
                )
            self._con.execute(
                "INSERT INTO codebook (id, json) VALUES (1, ?) ON CONFLICT (id)"
                " DO UPDATE SET json = excluded.json",
                (codebook.model_dump_json(),),
            )
            _codings.set_codes(self._con, codebook.activity_ids, codebook.dilemma_ids)
            self._codebook = codebook
            self._pending_codebook = True

    # -- transcripts ----------------------------------------------------------------------

    def transcripts(self) -> list[TranscriptInfo]:
        return _transcripts.list_transcripts(self._con)

    def transcript_id(self, ref: TranscriptRef) -> int:
        return _transcripts.resolve(self._con, ref)

    def transcript_info(self, ref: TranscriptRef) -> TranscriptInfo:
        return _transcripts.info(self._con, self.transcript_id(ref))

    def transcript(self, ref: TranscriptRef) -> Transcript:
        return self._load(self.transcript_id(ref))

    def _load(self, tid: int) -> Transcript:
        """A transcript, kept after the first read (changing its details forgets it)."""
        found = self._loaded.get(tid)
        if found is None:
            found = self._loaded[tid] = _transcripts.load(self._con, tid)
        return found

    def add_transcripts(self, transcripts: Sequence[Transcript]) -> list[int]:
        """Add transcripts (one segment per turn) in one transaction; titles made unique."""
        return self.add_bundle(ImportBundle(tuple(CodedTranscript(t) for t in transcripts)))

    def add_bundle(self, bundle: ImportBundle, *, use_codebook: bool = False) -> list[int]:
        """Add transcripts with their segments and codings, all or nothing.

        With ``use_codebook`` the bundle's codebook replaces the project's (checked against
        the codings already stored); otherwise the bundle's codes must be in the project's
        codebook.
        """
        with self.transaction():
            if use_codebook and bundle.codebook is not None:
                self.replace_codebook(bundle.codebook)
            cb = self.codebook
            for name, attributes in bundle.cases.items():
                _transcripts.set_case(self._con, name, dict(attributes))
            ids: list[int] = []
            for item in bundle.transcripts:
                tid, seg_ids = _transcripts.insert(self._con, item.transcript, item.spans)
                media = item.transcript.metadata.get("media")
                if isinstance(media, str) and media and "://" not in media:
                    _transcripts.set_media(self._con, tid, self._media_link(media))
                for coder, per_segment in item.codings.items():
                    for index, coding in per_segment.items():
                        if not 0 <= index < len(seg_ids):
                            raise EditError(
                                f"{item.transcript.title}: a coding by {coder} names segment "
                                f"{index + 1}, but there are {len(seg_ids)} segments"
                            )
                        check_codes(cb, coding, f"{item.transcript.title} segment {index + 1}")
                        _codings.write(self._con, seg_ids[index], coder, coding)
                ids.append(tid)
            self._pending_transcripts = True
        return ids

    def remove_transcript(self, ref: TranscriptRef) -> None:
        with self.transaction():
            tid = self.transcript_id(ref)
            self._loaded.pop(tid, None)
            _transcripts.delete(self._con, tid)
            self._segment_rows.clear()
            self._pending_transcripts = True

    def set_transcript_details(
        self,
        ref: TranscriptRef,
        *,
        setting: str | None = None,
        date: str | None = None,
        case: str | None = None,
    ) -> None:
        with self.transaction():
            tid = self.transcript_id(ref)
            self._loaded.pop(tid, None)
            _transcripts.update_details(self._con, tid, setting=setting, date=date, case=case)
            self._pending_transcripts = True

    def cases(self) -> dict[str, dict[str, str]]:
        return _transcripts.cases(self._con)

    def set_case(self, name: str, attributes: dict[str, str]) -> None:
        with self.transaction():
            _transcripts.set_case(self._con, name, attributes)

    def export_bundle(self, titles: Sequence[TranscriptRef] | None = None) -> ImportBundle:
        """Everything needed to write the project elsewhere (REFI-QDA, tables)."""
        refs = titles if titles is not None else [t.id for t in self.transcripts()]
        items = []
        for ref in refs:
            tid = self.transcript_id(ref)
            segs = self.segments(tid)
            index = {s.id: i for i, s in enumerate(segs)}
            per_coder = _codings.all_for_transcript(self._con, tid)
            codings = {
                coder: {index[sid]: c for sid, c in per.items()} for coder, per in per_coder.items()
            }
            items.append(
                CodedTranscript(
                    self._load(tid),
                    tuple((s.start, s.end) for s in segs),
                    codings,
                )
            )
        return ImportBundle(tuple(items), self.codebook, self.cases())

    # -- segments and codings -------------------------------------------------------------

    def segments(self, ref: TranscriptRef) -> list[Segment]:
        return _transcripts.segments(self._con, self.transcript_id(ref))

    def segment(self, segment_id: int) -> Segment:
        return self._segment_row(segment_id)[1]

    def _segment_row(self, segment_id: int) -> tuple[int, Segment]:
        """(transcript id, segment); inside a write transaction read once per segment."""
        if not self._db.in_transaction:
            return _transcripts.segment_row(self._con, segment_id)
        row = self._segment_rows.get(segment_id)
        if row is None:
            row = self._segment_rows[segment_id] = _transcripts.segment_row(self._con, segment_id)
        return row

    def transcript_of_segment(self, segment_id: int) -> int:
        return _transcripts.segment_row(self._con, segment_id)[0]

    def next_segment(self, segment_id: int) -> Segment | None:
        tid, seg = _transcripts.segment_row(self._con, segment_id)
        return _transcripts.next_segment(self._con, tid, seg.end)

    def coders(self) -> list[str]:
        return _codings.coders(self._con)

    def add_coder(self, name: str) -> None:
        with self.transaction():
            _codings.coder_id(self._con, name, create=True)

    def coders_of(self, ref: TranscriptRef) -> list[tuple[str, int]]:
        """Coders who coded this transcript, with how many segments, most first."""
        return _codings.coders_by_volume(self._con, self.transcript_id(ref))

    def codings(self, ref: TranscriptRef, coder: str) -> dict[int, Coding]:
        return _codings.for_transcript(self._con, self.transcript_id(ref), coder)

    def codings_of(self, segment_id: int) -> dict[str, Coding]:
        return _codings.codings_of(self._con, segment_id)

    def suggested_counts(self) -> dict[str, int]:
        """Coder -> how many of their activities are accepted suggestions (when any)."""
        return _codings.suggested_counts(self._con)

    def coded_counts(self) -> dict[tuple[int, str], int]:
        """(transcript id, coder) -> segments with an activity."""
        return _codings.share_coded(self._con)

    def sequence(self, ref: TranscriptRef, coder: str | None) -> CodedSequence:
        """The transcript as ``coder`` coded it (``None``: no coder, every segment uncoded)."""
        tid = self.transcript_id(ref)
        info = _transcripts.info(self._con, tid)
        codings = _codings.for_transcript(self._con, tid, coder) if coder else {}
        segments, stamps = (
            _transcripts.segments(self._con, tid),
            _transcripts.stamps(self._con, tid),
        )
        return sequence_of(info, self._load(tid), segments, codings, coder, stamps)

    def tidy_rows(
        self, titles: Sequence[TranscriptRef] | None = None, coders: Sequence[str] | None = None
    ) -> list[TidyRow]:
        """One row per segment per coder who coded the transcript (see ``fpmcoder export``)."""
        refs = titles if titles is not None else [t.id for t in self.transcripts()]
        rows: list[TidyRow] = []
        for ref in refs:
            tid = self.transcript_id(ref)
            per_coder = _codings.all_for_transcript(self._con, tid)
            if coders is not None:
                for c in coders:
                    _codings.coder_id(self._con, c, create=False)
                per_coder = {c: per_coder.get(c, {}) for c in coders}
            rows.extend(
                tidy_rows_of(
                    _transcripts.info(self._con, tid),
                    self._load(tid),
                    _transcripts.segments(self._con, tid),
                    per_coder,
                    self.codebook,
                    _transcripts.stamps(self._con, tid),
                )
            )
        return rows

    def guid(self, kind: str, key: str) -> str:
        """A GUID for (kind, key), created on first request and kept in the project."""
        row = self._con.execute(
            "SELECT guid FROM guids WHERE kind = ? AND key = ?", (kind, key)
        ).fetchone()
        if row:
            return str(row[0])
        with self.transaction():  # two programs asking at once: the first one's stays
            self._con.execute(
                "INSERT INTO guids VALUES (?, ?, ?) ON CONFLICT (kind, key) DO NOTHING",
                (kind, key, str(uuid.uuid4())),
            )
        row = self._con.execute(
            "SELECT guid FROM guids WHERE kind = ? AND key = ?", (kind, key)
        ).fetchone()
        return str(row[0])

    def meta(self) -> dict[str, str]:
        return dict(self._con.execute("SELECT key, value FROM meta").fetchall())

    def set_meta(self, key: str, value: str) -> None:
        with self.transaction():
            self._con.execute(
                "INSERT INTO meta VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = ?",
                (key, value, value),
            )

    # -- time stamps and recordings --------------------------------------------------------

    def stamps(self, ref: TranscriptRef) -> dict[int, float]:
        """Segment id to its stamped start (seconds), for the stamped segments."""
        return _transcripts.stamps(self._con, self.transcript_id(ref))

    def stamp_of(self, segment_id: int) -> float | None:
        return _transcripts.stamp_of(self._con, segment_id)

    def write_stamp(self, segment_id: int, seconds: float | None) -> None:
        tid, _ = self._segment_row(segment_id)
        _transcripts.write_stamp(self._con, segment_id, seconds)
        self._pending_segments.add(tid)

    def stamp_time(self, segment_id: int, seconds: float | None) -> Command:
        """Stamp a segment's start (timing an untimed transcript while listening)."""
        return self.perform(StampTime(segment_id, seconds))

    def media_link(self, ref: TranscriptRef) -> str | None:
        """The recording linked to a transcript, as stored (relative to the project's
        folder when it was inside it), or None."""
        return _transcripts.media(self._con, self.transcript_id(ref))

    def media_path(self, ref: TranscriptRef) -> Path | None:
        """The linked recording as a path (resolved against the project's folder)."""
        link = self.media_link(ref)
        if link is None:
            return None
        path = Path(link).expanduser()
        if not path.is_absolute() and not self.is_server:
            path = self.path.resolve().parent / path
        return path

    def link_media(self, ref: TranscriptRef, media: str | Path | None) -> None:
        """Link a recording (never copied): stored relative to the project file's folder
        when it is inside it, so that a folder moved with its recordings keeps working."""
        with self.transaction():
            tid = self.transcript_id(ref)
            _transcripts.set_media(self._con, tid, self._media_link(media))
            self._pending_transcripts = True

    def _media_link(self, media: str | Path | None) -> str | None:
        if media is None:
            return None
        path = Path(media).expanduser().resolve()
        if not self.is_server:
            with contextlib.suppress(ValueError):
                return path.relative_to(self.path.resolve().parent).as_posix()
        return str(path)

    # -- EditTarget primitives (used by core commands, inside a transaction) --------------

    def write_coding(self, segment_id: int, coder: str, coding: Coding | None) -> None:
        tid, _ = self._segment_row(segment_id)
        if coding is not None:
            check_codes(self.codebook, coding, f"segment id {segment_id}")
        cid = self._coder_ids.get(coder)
        if cid is None:
            cid = _codings.coder_id(
                self._con, coder, create=coding is not None and not coding.is_empty
            )
            self._coder_ids[coder] = cid
        _codings.write(self._con, segment_id, coder, coding, cid)
        self._pending_codings.setdefault(tid, set()).add(segment_id)

    def cut_span(self, segment_id: int, offset: int, new_id: int | None) -> Segment:
        tid, seg = self._segment_row(segment_id)
        self._segment_rows.clear()
        if not seg.can_split_at(offset):
            raise EditError(f"offset {offset} is not inside segment {segment_id}")
        self._pending_segments.add(tid)
        return _transcripts.cut(self._con, tid, seg, offset, new_id)

    def join_span(self, segment_id: int) -> Segment:
        tid, seg = self._segment_row(segment_id)
        self._segment_rows.clear()
        nxt = _transcripts.next_segment(self._con, tid, seg.end)
        if nxt is None:
            raise EditError("the last segment has no next segment to merge with")
        self._pending_segments.add(tid)
        return _transcripts.join(self._con, seg, nxt)

    # -- named operations (what the window and the command line call) ---------------------

    def perform(self, command: Command) -> Command:
        """Apply a command in one transaction; return its inverse (for undo)."""
        with self.transaction():
            if _changes_segmentation(command):
                self._db.lock_segmentation()
            return run(command, self)

    def assign_activity(self, segment_id: int, coder: str, activity: str | None) -> Command:
        return self.perform(AssignActivity(segment_id, coder, activity))

    def accept_suggestion(
        self, segment_id: int, coder: str, activity: str, suggested: Suggested
    ) -> Command:
        """Code an uncoded segment with a suggested activity, keeping its provenance."""
        return self.perform(AcceptSuggestion(segment_id, coder, activity, suggested))

    def toggle_dilemma(self, segment_id: int, coder: str, dilemma: str) -> Command:
        return self.perform(ToggleDilemma(segment_id, coder, dilemma))

    def set_memo(self, segment_id: int, coder: str, memo: str) -> Command:
        return self.perform(SetMemo(segment_id, coder, memo))

    def split_segment(self, segment_id: int, offset: int) -> Command:
        return self.perform(SplitSegment(segment_id, offset))

    def merge_segments(self, segment_id: int) -> Command:
        return self.perform(MergeSegments(segment_id))


def initialise(con: Con, codebook: Codebook | None) -> None:
    """The first codebook (the default when None), its codes and the mark of a new
    project, on either backend (a file's creation, ``fpmcoder server init``)."""
    if codebook is None:
        codebook = default_codebook()
    con.execute("INSERT INTO codebook (id, json) VALUES (1, ?)", (codebook.model_dump_json(),))
    _codings.set_codes(con, codebook.activity_ids, codebook.dilemma_ids)
    con.execute("INSERT INTO meta (key, value) VALUES ('created_by', 'fpmcoder')")


def copy_project(source: str | Path, dest: str | Path) -> None:
    """A full and exact copy of a project: file to server, server to file, or file to file.

    A server destination must have been set up (``fpmcoder server init``) and be empty; a
    file destination must not exist yet. The copy is one transaction: all or nothing.
    """
    with Project.open(source) as src:
        ident = src.identity()
        if ident.role == "coder" and ident.blind:
            raise PermissionDeniedError(
                f"{src.location}: the project is blind and you are a coder, so you cannot read "
                "the other coders' codings; a lead or viewer makes the copy"
            )
        if is_server_location(dest):
            with Project.open(dest) as dst:
                if not dst.identity().may_edit_project:
                    raise PermissionDeniedError(f"{dst.location}: only a lead fills a project")
                with dst.transaction():
                    copy_content(
                        src._con, dst._con, keep_coder=dst.identity().name, where=dst.location
                    )
                    dst._pending_transcripts = dst._pending_codebook = True
            return

        def fill(dst: Project) -> None:
            with dst.transaction():
                copy_content(src._con, dst._con)

        # appears only once complete, as a new project made by import does
        Project.create_filled(Path(dest), None, fill)


def _changes_segmentation(command: Command) -> bool:
    if isinstance(command, SplitSegment | MergeSegments):
        return True
    return isinstance(command, Batch) and any(_changes_segmentation(c) for c in command.commands)
