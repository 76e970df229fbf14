"""The recording and the segments together: follow, seek, time stamps, and the Playback menu.

- **Follow.** For a timed transcript the current segment follows the playhead: each tick
  asks a :class:`fpmcoder.core.playhead.Timeline` (built once per segmentation) which
  segment is playing, and moves only when that answer changes, and not within
  :data:`HAND_PAUSE` seconds of the coder moving by hand.
- **Seek.** Clicking a segment or a grid square plays from its start.
- **Timing.** ``Ctrl+T`` stamps "this segment starts now" on the current segment and moves
  on; ``Ctrl+Shift+Left/Right`` nudge its start by a quarter second. Both are
  ``StampTime`` commands on the undo stack.
- **Linking.** A transcript's recording is linked (or found again when it moved) with a
  file dialog; a missing recording never stops coding.

The window hands over what it has (:meth:`Playback.set_context`); nothing here imports it.
"""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMenu, QMenuBar, QMessageBox, QWidget

from fpmcoder.core.commands import StampTime
from fpmcoder.core.playhead import Timeline
from fpmcoder.errors import FpmcoderError
from fpmcoder.qt.coding import CodingController
from fpmcoder.qt.document import ProjectDocument
from fpmcoder.qt.keymap import PLAYBACK_SHORTCUTS
from fpmcoder.qt.media_panel import MediaPanel
from fpmcoder.qt.segment_model import Column, SegmentModel

__all__ = ["HAND_PAUSE", "NUDGE_SECONDS", "Playback", "build_playback_menu"]

HAND_PAUSE = 1.0  # seconds after a move by hand during which following waits
NUDGE_SECONDS = 0.25
MEDIA_FILTER = (
    "Recordings (*.wav *.mp3 *.m4a *.aac *.flac *.ogg *.opus *.mp4 *.mov *.m4v *.mkv *.avi "
    "*.webm *.mpg *.mpeg *.wma *.wmv);;All files (*)"
)


class Playback(QObject):
    def __init__(self, panel: MediaPanel, window: QWidget) -> None:
        super().__init__(window)
        self.panel, self.window = panel, window
        self.doc: ProjectDocument | None = None
        self.model: SegmentModel | None = None
        self.controller: CodingController | None = None
        self.transcript_id: int | None = None
        self.timeline = Timeline([])
        self.spans: list[tuple[float, float]] = []  # per row; (nan, nan) untimed
        self.following = True
        self._last: int | None = None  # the segment the playhead was last in
        self._moving = False
        self._hand_moved = -1e9
        self._asked: set[int] = set()  # transcripts whose missing recording was asked for
        panel.positionChanged.connect(self.on_position)
        panel.linkRequested.connect(self.link_recording)

    # -- what the window has -----------------------------------------------------------------

    def set_context(
        self, doc: ProjectDocument, model: SegmentModel, controller: CodingController
    ) -> None:
        self.doc, self.model, self.controller = doc, model, controller
        self._asked.clear()
        doc.segmentsChanged.connect(self._on_segments_changed)
        controller.currentSegmentChanged.connect(self._on_current_segment)

    def show_transcript(self, transcript_id: int | None) -> None:
        """The window shows another transcript: its recording and its times."""
        self.transcript_id = transcript_id
        self._rebuild()
        self._load_media()

    def _load_media(self) -> None:
        doc, tid = self.doc, self.transcript_id
        self.panel.setVisible(tid is not None)  # no transcript: nothing to listen to
        if doc is None or tid is None:
            self.panel.show_no_media()
            return
        try:
            path = doc.project.media_path(tid)
        except FpmcoderError:
            path = None
        if path is None:
            self.panel.show_no_media()
        elif path.is_file():
            self.panel.show_media(path)
        else:
            self.panel.show_missing(str(path))
            if tid not in self._asked:  # asked once: the status bar points at the panel
                self._asked.add(tid)
                self._status(f"The recording of this transcript is missing: {path}")

    def _on_segments_changed(self, transcript_id: int) -> None:
        if transcript_id == self.transcript_id:
            self._rebuild()

    def _rebuild(self) -> None:
        """Times from the project (stamps applied): once per segmentation, not per tick."""
        doc, tid = self.doc, self.transcript_id
        self.spans = []
        if doc is not None and tid is not None:
            try:
                seq = doc.project.sequence(tid, None)
            except FpmcoderError:
                seq = None
            if seq is not None:
                self.timeline = Timeline.from_sequence(seq)
                nan = float("nan")
                starts = [s.start_time for s in seq.segments]
                for i, seg in enumerate(seq.segments):
                    start = seg.start_time
                    end = seg.end_time
                    if end is None or start is None or end < start:
                        later = [t for t in starts[i + 1 : i + 50] if t is not None]
                        end = later[0] if later else (start + 1.0 if start is not None else None)
                    self.spans.append((nan, nan) if start is None else (start, end or start))
        if not self.spans:
            self.timeline = Timeline([])
        self.panel.waveform.set_boundaries([s for s, _ in self.spans if s == s])
        # the playhead's segment now is not news: following moves on the next change only
        self._last = self.timeline.current(self.panel.position())
        self._on_current_segment(self._current_row())

    # -- follow ------------------------------------------------------------------------------

    def on_position(self, seconds: float) -> None:
        """A playhead tick: move the current segment when the playing one changed."""
        if not self.following or not self.timeline.timed:
            return
        index = self.timeline.current(seconds)
        if index == self._last:
            return
        self._last = index
        if index is None or self.controller is None or self.model is None:
            return
        if time.monotonic() - self._hand_moved < HAND_PAUSE:
            return
        if self._current_row() == index:
            return
        source = self.model.index(index, 0)
        if not self.controller.proxy.mapFromSource(source).isValid():
            return  # filtered out: a search is not undone by the recording
        self._moving = True
        try:
            self.controller.go_to_source_row(index)
        finally:
            self._moving = False

    def _on_current_segment(self, row: int) -> None:
        if not self._moving:
            self._hand_moved = time.monotonic()
        span = self.spans[row] if 0 <= row < len(self.spans) else None
        self.panel.waveform.set_current(span if span is not None and span[0] == span[0] else None)

    def _current_row(self) -> int:
        row = self.controller.current_source_row() if self.controller is not None else None
        return -1 if row is None else row

    def set_following(self, on: bool) -> None:
        self.following = on
        self._last = None if on else self._last

    # -- seek --------------------------------------------------------------------------------

    def seek_to_row(self, row: int) -> None:
        """Play from the start of segment ``row`` (a click on it or on its grid square)."""
        if not self.panel.has_media or not 0 <= row < len(self.timeline):
            return
        start = self.timeline.start_of(row)
        if start is not None:
            self._last = self.timeline.current(start)  # already there: no follow jump
            self.panel.seek(start)

    def seek_to_index(self, index: QModelIndex | QPersistentModelIndex) -> None:
        if self.controller is not None and index.isValid():
            self.seek_to_row(self.controller.proxy.mapToSource(index).row())

    # -- timing ------------------------------------------------------------------------------

    def stamp(self) -> None:
        """The current segment starts now; go to the next one."""
        ctl, model = self.controller, self.model
        if ctl is None or model is None or not self._ready_to_time():
            return
        row = ctl.current_source_row()
        if row is None:
            return
        sid = model.segment_at(row).id
        nxt = model.segment_at(row + 1).id if row + 1 < model.rowCount() else sid
        if self._perform(StampTime(sid, round(self.panel.position(), 3))):
            if row == 0 or ctl.view.isColumnHidden(Column.TIME):
                ctl.view.layout_columns()  # the first stamp shows the Time column
            self._moving = True  # moving on is part of stamping, not a move by hand
            try:
                ctl.go_to_segment(nxt)
            finally:
                self._moving = False

    def nudge(self, delta: float) -> None:
        """Move the current segment's start by ``delta`` seconds (and play from there)."""
        ctl, model = self.controller, self.model
        if ctl is None or model is None or self.doc is None:
            return
        row = ctl.current_source_row()
        if row is None:
            return
        sid = model.segment_at(row).id
        start = self.doc.project.stamp_of(sid)
        if start is None:
            start = self.timeline.start_of(row)
        if start is None:
            self._status("This segment has no time yet: stamp it first (Ctrl+T while playing)")
            return
        new = round(max(0.0, start + delta), 3)
        label = "Nudge time earlier" if delta < 0 else "Nudge time later"
        if self._perform(StampTime(sid, new, label)):
            ctl.go_to_segment(sid)
            self.panel.seek(new)

    def _ready_to_time(self) -> bool:
        if self.panel.has_media:
            return True
        self._status("Link a recording to this transcript first (Playback ▸ Link recording…)")
        return False

    def _perform(self, command: StampTime) -> bool:
        if self.doc is None:
            return False
        try:
            self.doc.perform(command)
        except FpmcoderError as exc:
            QMessageBox.warning(self.window, "Cannot do that", str(exc))
            return False
        return True

    # -- linking -----------------------------------------------------------------------------

    def link_recording(self) -> None:
        doc, tid = self.doc, self.transcript_id
        if doc is None or tid is None:
            return
        old = doc.project.media_path(tid)
        start = str(old.parent if old is not None and old.parent.is_dir() else Path.home())
        name, _ = QFileDialog.getOpenFileName(
            self.window, "Link a recording to this transcript", start, MEDIA_FILTER
        )
        if not name:
            return
        try:
            doc.project.link_media(tid, Path(name))
        except FpmcoderError as exc:
            QMessageBox.warning(self.window, "Cannot link the recording", str(exc))
            return
        self._load_media()
        self._status(f"Recording linked: {name}")

    def _status(self, text: str) -> None:
        bar = getattr(self.window, "statusBar", None)
        if callable(bar):
            bar().showMessage(text, 10000)


def build_playback_menu(bar: QMenuBar, before: QAction | None, playback: Playback) -> QMenu:
    """The Playback menu (its keys work wherever the focus is in the window)."""
    menu = QMenu("&Playback", bar)
    panel = playback.panel
    slots = {
        "play": panel.toggle_play,
        "back": panel.back,
        "slower": lambda: panel.change_speed(-1),
        "faster": lambda: panel.change_speed(+1),
        "stamp": playback.stamp,
        "earlier": lambda: playback.nudge(-NUDGE_SECONDS),
        "later": lambda: playback.nudge(+NUDGE_SECONDS),
    }
    for name, (key, text) in PLAYBACK_SHORTCUTS.items():
        if name == "stamp":
            menu.addSeparator()
        action = menu.addAction(text[0].upper() + text[1:])
        action.setObjectName(f"playback_{name}")
        action.setShortcut(QKeySequence(key))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(slots[name])
    follow = menu.addAction("Current segment &follows the recording")
    follow.setObjectName("playback_follow")
    follow.setCheckable(True)
    follow.setChecked(True)
    follow.toggled.connect(playback.set_following)
    menu.addSeparator()
    link = menu.addAction("&Link recording…")
    link.setObjectName("playback_link")
    link.triggered.connect(playback.link_recording)
    if before is not None:
        bar.insertMenu(before, menu)
    else:
        bar.addMenu(menu)
    return menu
