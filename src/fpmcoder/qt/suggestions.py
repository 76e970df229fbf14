"""Suggested codes in the window: the model of the current coder, kept fresh in the
background, and the proposal for the current segment.

:class:`SuggestionService` keeps a :class:`~fpmcoder.assist.Suggester` for the current
coder, trained on the coder's own codings in the background (so a key press never waits
for training), and retrains when enough codings changed or a new activity was coded. For the
current segment, when it is not coded yet, it asks the model for a proposal and hands it
to the :class:`~fpmcoder.qt.segment_model.SegmentModel`, which shows it (a dashed chip
with its probability and the runner-up); nothing is stored until the coder accepts it
(Tab), and then the coding keeps where it came from (:class:`~fpmcoder.core.Suggested`).

Three modes (a preference): ``on`` shows proposals; ``blind`` shows none, but after the
coder codes a segment says whether the model would have agreed (and keeps a tally);
``off``. Proposals below the confidence threshold (a preference) stay silent, and so does
the model until the coder has coded enough (see :func:`fpmcoder.assist.readiness`).

Training runs in a worker *process* (one per window, started with the first training):
in a thread it held Python's lock long enough to delay key presses by up to 0.2 s. For a
project file the worker reads the codings itself; for a server project they are read
here and sent. If no process can be started, a worker thread trains instead.
scikit-learn is imported in the worker; the window imports it only to propose.
"""

from __future__ import annotations

import concurrent.futures
import importlib.util
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, QTimer, Signal

from fpmcoder.core.segmentation import BlindProposal, Suggested
from fpmcoder.errors import FpmcoderError
from fpmcoder.qt import _trainer
from fpmcoder.qt.document import ProjectDocument
from fpmcoder.qt.segment_model import SegmentModel, ShownSuggestion

if TYPE_CHECKING:
    from fpmcoder.assist import CodedText, Suggester, SuggestionModel
    from fpmcoder.assist.session import Trained

__all__ = ["MODES", "SuggestionService"]

MODES: dict[str, str] = {
    "on": "Show suggested codes",
    "blind": "Blind: after I code a segment, say whether the model agreed",
    "off": "Off",
}
RETRAIN_DELAY_MS = 800  # after the last coding change, before looking at retraining
IDLE_WORKER_MS = 120_000  # a worker process idle this long is stopped (it holds ~300 MB)
FOLLOW_DELAY_MS = 25  # after the current segment changed, before proposing for it
MIN_SEGMENTS, MIN_TRANSCRIPTS = 20, 2  # the gate's cheap part (see assist.readiness)


def available() -> bool:
    """Whether scikit-learn is installed (it is a dependency; a broken install may lack it)."""
    return importlib.util.find_spec("sklearn") is not None


class _Relay(QObject):
    done = Signal(int, object)  # generation, Trained | str (an error)
    measured = Signal(int, object)  # generation, Evaluation | str (an error)


def _outcome(future: concurrent.futures.Future[Any]) -> Any:
    try:
        return future.result()
    except concurrent.futures.CancelledError:
        return "cancelled"
    except FpmcoderError as exc:  # e.g. too few codings to measure
        return str(exc)
    except Exception as exc:  # reported in the status bar; never kills the window
        return f"{type(exc).__name__}: {exc}"


class _ThreadJob(QRunnable):
    """The fallback when no worker process can be started."""

    def __init__(self, work: Callable[[], Any], deliver: Callable[[Any], None]) -> None:
        super().__init__()
        self.work, self.deliver = work, deliver

    def run(self) -> None:
        future: concurrent.futures.Future[Any] = concurrent.futures.Future()
        try:
            future.set_result(self.work())
        except Exception as exc:
            future.set_exception(exc)
        self.deliver(_outcome(future))


class SuggestionService(QObject):
    """Suggested codes for the document's current coder (see the module doc)."""

    statusChanged = Signal(str, str)  # short text for the status bar, longer tooltip
    notice = Signal(str)  # a passing message: the model is ready; blind mode's verdicts
    modelInstalled = Signal()
    measured = Signal(object)  # an Evaluation, or a message why there is none

    def __init__(
        self,
        document: ProjectDocument,
        model: SegmentModel,
        *,
        mode: str = "on",
        threshold: float = 0.5,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.doc, self.segments = document, model
        self._mode = mode if mode in MODES else "on"
        self._threshold = threshold
        self._suggester: Suggester | None = None
        self._generation = 0
        self._training = False
        self._again = False  # codings changed while training: look again afterwards
        self._relay = _Relay()  # no parent: a job still running keeps it alive
        self._relay.done.connect(self._on_trained)
        self._relay.measured.connect(self._on_measured)
        self.pool = QThreadPool(self)  # the fallback
        self.pool.setMaxThreadCount(1)
        self._processes: concurrent.futures.ProcessPoolExecutor | None = None
        self._future: concurrent.futures.Future[Trained] | None = None
        self.last_process = 0  # the process that trained the model in use
        self._texts: dict[int, CodedText] = {}  # transcript id -> the coder's CodedText
        self._row: int | None = None
        self.tally = [0, 0]  # blind mode: (model agreed, segments judged) in this session
        self.status = ("", "")
        self._retrain = QTimer(self)
        self._retrain.setSingleShot(True)
        self._retrain.setInterval(RETRAIN_DELAY_MS)
        self._retrain.timeout.connect(self.look_at_training)
        self._follow = QTimer(self)
        self._follow.setSingleShot(True)
        self._follow.setInterval(FOLLOW_DELAY_MS)
        self._follow.timeout.connect(self.update_proposal)
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.setInterval(IDLE_WORKER_MS)
        self._idle.timeout.connect(self._stop_worker)
        document.codingsChanged.connect(self._on_codings)
        document.segmentsChanged.connect(self._forget_text)
        document.coderChanged.connect(self.restart)
        document.codebookChanged.connect(self.restart)
        document.reloaded.connect(self.restart)
        document.closed.connect(self.shutdown)

    # -- preferences -------------------------------------------------------------------------

    @property
    def mode(self) -> str:
        return self._mode

    @property
    def threshold(self) -> float:
        return self._threshold

    def set_mode(self, mode: str) -> None:
        if mode not in MODES or mode == self._mode:
            return
        self._mode = mode
        self.tally = [0, 0]
        if mode == "off":
            self.shutdown()
            self._suggester = None
            self.segments.set_suggestion(None)
            self._say("Suggestions off", "Turn them on in Coding > Suggested codes")
            return
        self.restart()

    def set_threshold(self, threshold: float) -> None:
        self._threshold = min(max(threshold, 0.0), 1.0)
        if self._suggester is not None:
            self._suggester.threshold = self._threshold
        self.update_proposal()

    # -- training ----------------------------------------------------------------------------

    @property
    def model(self) -> SuggestionModel | None:
        return self._suggester.model if self._suggester is not None else None

    @property
    def training(self) -> bool:
        return self._training

    def restart(self, *_args: object) -> None:
        """A new coder, codebook or view of the project: start from no model."""
        self._generation += 1
        self._training = False
        self._again = False
        self._future = None
        self._suggester = None
        self._texts.clear()
        self.segments.set_suggestion(None)
        if self._mode == "off":
            self._say("Suggestions off", "Turn them on in Coding > Suggested codes")
            return
        if not available():
            self._say(
                "Suggestions unavailable",
                "Suggested codes need scikit-learn: pip install scikit-learn",
            )
            return
        if self.doc.project.identity().role == "viewer":
            self._say("", "")
            return
        from fpmcoder.assist import Suggester

        self._suggester = Suggester(
            self.doc.project.codebook.activity_ids, threshold=self._threshold
        )
        self.look_at_training()

    def look_at_training(self) -> None:
        """Train in the background when the coder has coded enough and the model is stale."""
        suggester = self._suggester
        if suggester is None or self._mode == "off":
            return
        if self._training:
            self._again = True
            return
        project, coder = self.doc.project, self.doc.coder
        try:
            coded = project.coded_counts()
        except FpmcoderError as exc:  # the server unreachable, the project closed: later
            self._say("Suggestions: paused", str(exc))
            return
        counts = {t: n for (t, c), n in coded.items() if c == coder and n}
        n = sum(counts.values())
        if n < MIN_SEGMENTS or len(counts) < MIN_TRANSCRIPTS:
            self._say(  # no text: the status bar's room is for messages until then
                "",
                f"Suggested codes start once you have coded at least {MIN_SEGMENTS} segments "
                f"of 2 activities in {MIN_TRANSCRIPTS} transcripts (so far: {n} segments in "
                f"{len(counts)} transcripts). They are learned from your own codings only.",
            )
            return
        trained = suggester.trained_on
        if trained is not None and abs(n - trained[0]) < suggester.retrain_every:
            # only a new activity (seen in the transcript on screen) can make it stale now
            here = {a for a, k in self.segments.counts().items() if a is not None and k}
            if here <= trained[1]:
                return
        self._training = True
        if suggester.model is None:
            self._say("Suggestions: learning…", f"Learning from your {n} coded segments")
        try:
            self._start(suggester, trained)
        except FpmcoderError as exc:
            self._training = False
            self._say("Suggestions: paused", str(exc))

    def _start(self, suggester: Suggester, trained: tuple[int, frozenset[str]] | None) -> None:
        generation = self._generation
        self._future = self._submit(
            _trainer.train_task,
            (suggester.activities, suggester.seed, suggester.options, trained),
            lambda outcome: self._relay.done.emit(generation, outcome),
        )

    def _source(self) -> str | list[Any]:
        """What a worker reads the coder's codings from: the project file, or (a server
        project, whose connection the worker does not have) the codings read here."""
        project = self.doc.project
        if not project.is_server:
            return str(project.path)
        from fpmcoder.assist._data import pack

        return pack(_trainer.coder_texts(project, self.doc.coder))

    def _submit(
        self,
        task: Callable[..., Any],
        args: tuple[Any, ...],
        deliver: Callable[[Any], None],
    ) -> concurrent.futures.Future[Any] | None:
        """Run ``task(source, coder, *args)`` in the worker process (a thread when no
        process can be started); ``deliver(outcome)`` is called from another thread."""
        self._idle.stop()
        work = (task, self._source(), self.doc.coder, *args)
        try:
            if self._processes is None:
                import multiprocessing  # not at start-up: 45 ms, needed with the first model

                self._processes = concurrent.futures.ProcessPoolExecutor(
                    max_workers=1,
                    mp_context=multiprocessing.get_context("spawn"),
                    initializer=_trainer.end_with_parent,
                )
            future = self._processes.submit(*work)
        except (OSError, RuntimeError, concurrent.futures.BrokenExecutor):
            self._processes = None  # no worker process here: a worker thread instead
            fn, *rest = work
            self.pool.start(_ThreadJob(lambda: fn(*rest), deliver))
            return None
        future.add_done_callback(lambda f: deliver(_outcome(f)))
        return future

    def measure(self, folds: int = 5) -> bool:
        """Start measuring how reliable the proposals are on the coder's own codings
        (grouped cross-validation, in the worker); the answer comes as :attr:`measured`.
        Whether it started (not for a viewer, or without scikit-learn)."""
        if not available() or self.doc.project.identity().role == "viewer":
            return False
        from fpmcoder.assist import Options

        activities = self.doc.project.codebook.activity_ids
        suggester = self._suggester
        seed, options = (suggester.seed, suggester.options) if suggester else (0, Options())
        generation = self._generation
        try:
            self._submit(
                _trainer.evaluate_task,
                (activities, seed, options, folds),
                lambda outcome: self._relay.measured.emit(generation, outcome),
            )
        except FpmcoderError as exc:
            self.measured.emit(str(exc))
        return True

    def _on_measured(self, generation: int, outcome: Any) -> None:
        self._idle.start()
        if generation != self._generation:
            outcome = "the coder, the codebook or the project changed meanwhile; measure again"
        self.measured.emit(outcome)

    def _on_trained(self, generation: int, outcome: Trained | str) -> None:
        if generation != self._generation or self._suggester is None:
            return
        self._training = False
        self._future = None
        self._idle.start()
        if isinstance(outcome, str):
            if self._processes is not None and "Broken" in outcome:
                self._processes = None  # the worker died: start another next time
            self._say("Suggestions: training failed", outcome)
        elif outcome.model is not None and outcome.signature is not None:
            first = self._suggester.model is None
            self._suggester.install(outcome.model, outcome.signature)
            if first and self._mode == "on":
                self.notice.emit(
                    "Suggested codes are ready: an uncoded segment shows one (dashed) when "
                    "the model is sure enough; Tab accepts it"
                )
            self.last_process = outcome.process
            self._say_ready()
            self.modelInstalled.emit()
            self.update_proposal()
        elif outcome.reason != "unchanged" and self._suggester.model is None:
            self._say("Suggestions: not yet", outcome.reason)
        if self._again:
            self._again = False
            self._retrain.start()

    def shutdown(self) -> None:
        """Drop any training under way and stop the worker process (closing, off)."""
        self._retrain.stop()
        self._follow.stop()
        self._generation += 1
        self._training = False
        self._again = False
        self._stop_worker()

    def _stop_worker(self) -> None:
        """Stop the worker process (the model in use stays); the next training starts one."""
        self._idle.stop()
        if self._training:
            return
        processes, self._processes, self._future = self._processes, None, None
        if processes is not None:
            processes.shutdown(wait=False, cancel_futures=True)

    @property
    def worker_running(self) -> bool:
        return self._processes is not None

    def wait(self, msecs: int = 60000) -> bool:
        """Wait for a training under way and take its model in (tests, benchmarks);
        whether it finished."""
        future = self._future
        if future is not None:
            concurrent.futures.wait([future], timeout=msecs / 1000)
        done = self.pool.waitForDone(msecs) and (future is None or future.done())
        QCoreApplication.processEvents()  # the result arrives as a queued signal
        return done

    # -- the current segment -----------------------------------------------------------------

    def follow(self, row: int) -> None:
        """The current segment changed (source row, -1 for none): propose for it soon."""
        self._row = row if row >= 0 else None
        self.segments.set_suggestion(None)
        self._follow.start()

    def update_proposal(self) -> None:
        """Show the model's proposal for the current segment, or nothing."""
        self._follow.stop()
        self.segments.set_suggestion(self.proposal_for(self._row))

    def proposal_for(self, row: int | None) -> ShownSuggestion | None:
        suggester, tid = self._suggester, self.segments.transcript_id
        if (
            self._mode != "on"
            or suggester is None
            or suggester.model is None
            or row is None
            or tid is None
            or not 0 <= row < self.segments.rowCount()
            or self.segments.coding_at(row).activity is not None
        ):
            return None
        try:
            p = suggester.proposal(self._text(tid), row + 1)
        except FpmcoderError:
            return None
        if p is None:
            return None
        cb = self.doc.project.codebook
        if not cb.has_activity(p.activity):
            return None
        runner = p.runner_up if p.runner_up and cb.has_activity(p.runner_up) else None
        assert suggester.model is not None
        return ShownSuggestion(
            segment_id=self.segments.segment_at(row).id,
            activity=p.activity,
            name=cb.activity(p.activity).name,
            colour=cb.activity(p.activity).color,
            probability=p.probability,
            runner_up=runner,
            runner_up_name=cb.activity(runner).name if runner else "",
            runner_up_probability=p.runner_up_probability if runner else 0.0,
            model=suggester.model.version,
            threshold=suggester.threshold,
        )

    def to_accept(self, segment_id: int) -> tuple[str, Suggested] | None:
        """The activity and provenance to store when the coder accepts the proposal shown
        for this segment (``None`` when none is shown)."""
        shown = self.segments.suggestion
        if shown is None or shown.segment_id != segment_id:
            return None
        when = datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
        return shown.activity, Suggested(
            model=shown.model,
            probability=shown.probability,
            runner_up=shown.runner_up,
            runner_up_probability=shown.runner_up_probability,
            threshold=shown.threshold,
            accepted=when,
        )

    def why_silent(self) -> str:
        """Why no proposal is shown for the current segment (for the status bar)."""
        if self._mode == "off":
            return "Suggested codes are off (Coding > Suggested codes)"
        if self._mode == "blind":
            return "Blind mode: the model's proposals are hidden until you have coded"
        row = self._row
        if (
            row is not None
            and 0 <= row < self.segments.rowCount()
            and self.segments.coding_at(row).activity is not None
        ):
            return "This segment is coded already; Tab accepts only a suggested code"
        if self._suggester is None or self._suggester.model is None:
            return self.status[1] or self.status[0]
        return (
            f"No suggestion: the model is less sure than the threshold "
            f"({self._threshold:.2f}, in Preferences)"
        )

    def blind_proposal(self, segment_id: int) -> BlindProposal | None:
        """Blind mode, before the coder's first coding of this segment is stored: what the
        model would propose (kept with the coding, never shown before it)."""
        suggester, tid = self._suggester, self.segments.transcript_id
        row = self.segments.row_of(segment_id)
        if (
            self._mode != "blind"
            or suggester is None
            or suggester.model is None
            or tid is None
            or row is None
            or self.segments.coding_at(row).activity is not None
        ):
            return None
        try:
            p = suggester.model.propose_one(self._text(tid), row + 1, threshold=0.0)
        except FpmcoderError:
            return None
        if p is None:
            return None
        when = datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
        return BlindProposal(suggester.model.version, p.activity, p.probability, when)

    def judge(self, segment_id: int, coded: str, proposal: BlindProposal) -> None:
        """Blind mode: the coder has just coded this segment; say what the model thought."""
        row = self.segments.row_of(segment_id)
        cb = self.doc.project.codebook
        where = f"Segment {row + 1}" if row is not None else "The segment"
        self.tally[1] += 1
        if proposal.activity == coded:
            self.tally[0] += 1
            text = f"{where}: the model agreed ({proposal.probability:.0%})"
        else:
            name = (
                cb.activity(proposal.activity).name
                if cb.has_activity(proposal.activity)
                else proposal.activity
            )
            text = f"{where}: the model would have proposed {name} ({proposal.probability:.0%})"
        self._say_ready()
        self.notice.emit(text)

    # -- project events -----------------------------------------------------------------------

    def _text(self, tid: int) -> CodedText:
        from fpmcoder.assist import CodedText

        if tid not in self._texts:
            project = self.doc.project
            self._texts[tid] = CodedText(
                project.sequence(tid, self.doc.coder), project.transcript(tid).text
            )
        return self._texts[tid]

    def _forget_text(self, tid: int) -> None:
        self._texts.pop(tid, None)

    UPDATE_AT_MOST = 50  # changed segments patched into the cached text; more: read again

    def _update_text(self, tid: int, segment_ids: list[int]) -> None:
        """Take a few changed codings into the cached text of the transcript on screen (a
        10,000-segment transcript takes 0.1 s to read again: too long after every key)."""
        doc = self._texts.get(tid)
        if doc is None:
            return
        rows = [self.segments.row_of(sid) for sid in segment_ids]
        if tid != self.segments.transcript_id or len(rows) > self.UPDATE_AT_MOST or None in rows:
            self._texts.pop(tid, None)
            return
        from dataclasses import replace

        from fpmcoder.assist import CodedText

        coder, project = self.doc.coder, self.doc.project
        segs = list(doc.sequence.segments)
        for sid, row in zip(segment_ids, rows, strict=True):
            assert row is not None
            c = project.codings_of(sid).get(coder)
            segs[row] = replace(
                segs[row],
                activity=c.activity if c else None,
                dilemmas=c.dilemmas if c else frozenset(),
                suggested=c is not None and c.suggested is not None,
                blind=c.blind.activity if c is not None and c.blind is not None else None,
            )
        self._texts[tid] = CodedText(replace(doc.sequence, segments=tuple(segs)), doc.text)

    def _on_codings(self, tid: int, segment_ids: list[int]) -> None:
        self._update_text(tid, segment_ids)
        if self._suggester is not None:
            self._retrain.start()
        if tid == self.segments.transcript_id:
            self._follow.start()

    def _say_ready(self) -> None:
        model = self.model
        if model is None:
            return
        about = (
            f"Learned from your {model.trained_on} coded segments in "
            f"{len(model.transcripts)} transcripts, on this computer (model {model.version}). "
            f"Threshold {self._threshold:.2f}."
        )
        if self._mode == "blind":
            agreed, judged = self.tally
            share = f": model agreed on {agreed} of {judged}" if judged else ""
            self._say(f"Suggestions: blind{share}", about)
        else:
            self._say(f"Suggestions on ({model.trained_on} codings)", about + " Tab accepts.")

    def _say(self, text: str, tooltip: str) -> None:
        self.status = (text, tooltip)
        self.statusChanged.emit(text, tooltip)
