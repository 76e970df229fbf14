"""Suggested codes in the window: shown on the current uncoded segment, nothing stored until
Tab accepts it (with its provenance), the usual keys override it, blind mode, threshold,
the gate, and that training never runs in the key's thread."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from fpmcoder.qt.segment_model import Column, ShownSuggestion, SuggestionRole
from fpmcoder.qt.settings import Settings
from fpmcoder.store import Project

pytest.importorskip("sklearn")

ROW = 11  # segment 12 of home_visit: alex's codings stop before it


@pytest.fixture
def half_coded(sample_path: Path) -> Path:
    """The sample with alex's codings of home_visit removed from segment 12 on; the
    window opens as alex (who has coded day_stay and ongoing_relationship whole)."""
    with Project.open(sample_path) as p:
        for seg in p.segments("home_visit")[ROW:]:
            p.assign_activity(seg.id, "alex", None)
    s = Settings()
    s.coder = "alex"
    s.sync()
    return sample_path


def _on_home_visit(window: Any, qtbot: Any, row: int = ROW) -> None:
    tid = window.doc.project.transcript_id("home_visit")
    window.bar.transcripts.setCurrentIndex(window.bar.transcripts.findData(tid))
    window.show_transcript(tid)
    qtbot.waitUntil(lambda: window.suggestions.model is not None, timeout=30000)
    window.controller.go_to_source_row(row)


def _shown(window: Any, qtbot: Any) -> ShownSuggestion:
    qtbot.waitUntil(lambda: window.model.suggestion is not None, timeout=5000)
    shown = window.model.suggestion
    assert isinstance(shown, ShownSuggestion)
    return shown


def test_tab_accepts_the_suggestion_shown_and_undo_takes_it_back(
    open_window: Any, half_coded: Path, qtbot: Any
) -> None:
    window = open_window(half_coded)
    _on_home_visit(window, qtbot)
    shown = _shown(window, qtbot)
    seg = window.model.segment_at(ROW)
    assert shown.segment_id == seg.id
    assert shown.activity in window.doc.project.codebook.activity_ids
    assert 0 < shown.probability <= 1 and shown.model == window.suggestions.model.version
    # shown in the Activity column, but not a coding: nothing stored, no chip text, no count
    cell = window.model.index(ROW, Column.ACTIVITY)
    assert cell.data(SuggestionRole) == shown
    assert cell.data(Qt.ItemDataRole.DisplayRole) == ""
    assert "not stored" in cell.data(Qt.ItemDataRole.ToolTipRole)
    assert "alex" not in window.doc.project.codings_of(seg.id)
    assert window.grid.handle.activities[ROW] is None

    qtbot.keyClick(window.view, Qt.Key.Key_Tab)
    stored = window.doc.project.codings_of(seg.id)["alex"]
    assert stored.activity == shown.activity
    assert stored.suggested is not None
    assert (stored.suggested.model, stored.suggested.probability) == (
        shown.model,
        shown.probability,
    )
    assert stored.suggested.runner_up == shown.runner_up
    assert stored.suggested.threshold == window.suggestions.threshold
    assert window.controller.current_source_row() == ROW + 1  # and moved on
    assert window.view.hasFocus()  # Tab did not move the focus away
    assert window.undo_action.text() == "Undo Accept suggestion"

    window.undo_action.trigger()
    assert "alex" not in window.doc.project.codings_of(seg.id)
    window.redo_action.trigger()
    assert window.doc.project.codings_of(seg.id)["alex"] == stored
    window.close()
    with Project.open(half_coded) as p:  # what was shown is what the file holds
        assert p.codings_of(seg.id)["alex"] == stored


def test_the_activity_keys_override_a_suggestion(
    open_window: Any, half_coded: Path, qtbot: Any
) -> None:
    window = open_window(half_coded)
    _on_home_visit(window, qtbot)
    shown = _shown(window, qtbot)
    ids = {"1": "locating", "2": "meaning", "3": "live_action", "4": "planning"}
    key = next(k for k, a in ids.items() if a != shown.activity)
    qtbot.keyClick(window.view, key)
    coding = window.doc.project.codings_of(shown.segment_id)["alex"]
    assert coding.activity == ids[key] and coding.suggested is None
    # the next segment gets its own proposal; a coded segment never shows one
    qtbot.waitUntil(lambda: window.model.suggestion is not None, timeout=5000)
    assert window.model.suggestion.segment_id == window.model.segment_at(ROW + 1).id
    window.controller.go_to_source_row(ROW)
    qtbot.wait(100)
    assert window.model.suggestion is None
    assert window.model.index(ROW, Column.ACTIVITY).data(SuggestionRole) is None


def test_the_threshold_silences_less_certain_proposals(
    open_window: Any, half_coded: Path, qtbot: Any
) -> None:
    window = open_window(half_coded)
    _on_home_visit(window, qtbot)
    svc = window.suggestions
    svc.set_threshold(0.0)
    # an uncoded segment where the model is unsure (they grow unsure away from codings)
    proposals = [(r, svc.proposal_for(r)) for r in range(ROW, window.model.rowCount())]
    row, shown = next((r, p) for r, p in proposals if p is not None and p.probability < 0.95)
    window.controller.go_to_source_row(row)
    assert _shown(window, qtbot) == shown
    svc.set_threshold(shown.probability + 0.01)
    assert window.model.suggestion is None
    qtbot.keyClick(window.view, Qt.Key.Key_Tab)
    assert "alex" not in window.doc.project.codings_of(shown.segment_id)
    assert "less sure than the threshold" in window.statusBar().currentMessage()
    svc.set_threshold(shown.probability - 0.01)
    again = window.model.suggestion
    assert again is not None and again.threshold == svc.threshold
    assert (again.segment_id, again.activity, again.probability) == (
        shown.segment_id,
        shown.activity,
        shown.probability,
    )


def test_blind_mode_hides_proposals_and_tells_afterwards(
    open_window: Any, half_coded: Path, qtbot: Any
) -> None:
    s = Settings()
    s.suggest_mode = "blind"
    s.sync()
    window = open_window(half_coded)
    _on_home_visit(window, qtbot)
    qtbot.wait(100)
    assert window.model.suggestion is None
    assert window.suggest_actions["blind"].isChecked()
    seg = window.model.segment_at(ROW)
    qtbot.keyClick(window.view, "1")
    message = window.statusBar().currentMessage()
    assert message.startswith("Segment 12: the model")
    assert window.suggestions.tally[1] == 1
    assert "model agreed on" in window.suggest_label.text()
    # the hidden proposal is kept with the coding (one undo step takes both back)
    stored = window.doc.project.codings_of(seg.id)["alex"]
    assert stored.activity == "locating" and stored.suggested is None
    assert stored.blind is not None and stored.blind.model == window.suggestions.model.version
    agreed = stored.blind.activity == "locating"
    assert ("agreed" in message) == agreed
    window.undo_action.trigger()
    assert "alex" not in window.doc.project.codings_of(seg.id)
    window.redo_action.trigger()
    assert window.doc.project.codings_of(seg.id)["alex"] == stored
    window.controller.go_to_source_row(ROW + 1)
    qtbot.keyClick(window.view, Qt.Key.Key_Tab)  # no proposal to accept in blind mode
    assert window.model.coding_at(ROW + 1).activity is None


def test_turning_suggestions_off_from_the_menu(
    open_window: Any, half_coded: Path, qtbot: Any
) -> None:
    window = open_window(half_coded)
    _on_home_visit(window, qtbot)
    _shown(window, qtbot)
    window.suggest_actions["off"].trigger()
    assert window.model.suggestion is None
    assert window.suggestions.model is None
    assert Settings().suggest_mode == "off"
    assert window.suggest_label.text() == "Suggestions off"


def test_silent_until_the_coder_has_coded_enough(
    open_window: Any, sample_path: Path, qtbot: Any
) -> None:
    window = open_window(sample_path)  # coder "tester", who has coded nothing
    qtbot.wait(200)
    assert window.suggestions.model is None and window.model.suggestion is None
    assert window.suggest_label.text() == ""  # the status bar's room stays for messages
    assert "at least 20 segments" in window.suggestions.status[1]
    qtbot.keyClick(window.view, Qt.Key.Key_Tab)
    assert window.model.coding_at(0).activity is None
    assert "20 segments" in window.statusBar().currentMessage()


def test_training_runs_in_a_worker_process_on_the_coders_own_judgements(
    open_window: Any, half_coded: Path, qtbot: Any
) -> None:
    window = open_window(half_coded)
    _on_home_visit(window, qtbot)
    svc = window.suggestions
    assert svc.last_process not in (0, os.getpid())  # trained in another process
    assert svc.worker_running
    svc._idle.start(50)  # an idle worker is stopped (two minutes in use); the model stays
    qtbot.waitUntil(lambda: not svc.worker_running, timeout=5000)
    assert svc.model is not None
    # accepted suggestions are never learned from: after twelve of them the model in use
    # is still the one trained on the coder's own codings
    trained = svc.model.trained_on
    version = svc.model.version
    for _ in range(12):
        _shown(window, qtbot)
        qtbot.keyClick(window.view, Qt.Key.Key_Tab)
    assert window.model.counts()[None] < window.model.rowCount() - ROW
    for _ in range(2):
        svc.wait()
        svc.look_at_training()
    svc.wait()
    assert (svc.model.trained_on, svc.model.version) == (trained, version)
    # the coder's own codings do make it retrain
    for _ in range(10):
        qtbot.keyClick(window.view, "1")
    qtbot.waitUntil(lambda: svc.model.trained_on == trained + 10, timeout=30000)
    assert svc.model.version != version


def test_without_a_worker_process_a_thread_trains(
    open_window: Any, half_coded: Path, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import concurrent.futures

    def refuse(*_args: Any, **_kw: Any) -> Any:
        raise OSError("no processes here")

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", refuse)
    window = open_window(half_coded)
    _on_home_visit(window, qtbot)
    assert window.suggestions.last_process == os.getpid()
    _shown(window, qtbot)


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc (Linux)")
def test_the_worker_process_ends_when_the_window_is_killed(tmp_path: Path) -> None:
    """A window killed outright (no clean-up runs) leaves no training process behind."""
    import subprocess
    import sys
    import textwrap
    import time

    script = tmp_path / "window.py"
    script.write_text(
        textwrap.dedent(
            """
            import concurrent.futures, multiprocessing, os, time
            from fpmcoder.qt import _trainer
            if __name__ == "__main__":
                ex = concurrent.futures.ProcessPoolExecutor(
                    1, mp_context=multiprocessing.get_context("spawn"),
                    initializer=_trainer.end_with_parent)
                print(ex.submit(os.getpid).result(), flush=True)
                time.sleep(120)
            """
        )
    )
    proc = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    worker = int(proc.stdout.readline())

    def alive() -> bool:
        try:
            state = Path(f"/proc/{worker}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (OSError, IndexError):
            return False
        return state != "Z"

    assert alive()
    proc.kill()
    proc.wait()
    proc.stdout.close()
    deadline = time.monotonic() + 15
    while alive() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not alive()


def test_how_reliable_measures_the_coders_own_codings_and_sets_a_threshold(
    open_window: Any, half_coded: Path, qtbot: Any
) -> None:
    from fpmcoder.assist import Options
    from fpmcoder.assist.evaluate import evaluate
    from fpmcoder.qt._trainer import coder_texts
    from fpmcoder.qt.suggest_report_dialog import SuggestReportDialog

    window = open_window(half_coded)
    window.suggest_report()
    dialog = window.findChild(SuggestReportDialog, "suggestReportDialog")
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.evaluation is not None, timeout=60000)
    project = window.doc.project
    expected = evaluate(
        coder_texts(project, "alex"), project.codebook.activity_ids, options=Options()
    )
    kappa = expected.summary.set_index("method").loc["model, earlier segments coded", "kappa"]
    assert dialog.summary.rowCount() == 4
    assert dialog.summary.item(0, 1).text() == f"{kappa:.2f}"
    assert f"kappa {kappa:.2f}" in dialog.verdict.text()
    assert dialog.thresholds.rowCount() == len(expected.thresholds_in_order)
    assert dialog.thresholds.item(1, 0).font().bold()  # 0.50, the threshold in use
    assert dialog.activities.rowCount() == len(project.codebook.activity_ids)
    dialog.thresholds.selectRow(3)  # 0.70
    dialog.use_threshold.click()
    assert window.suggestions.threshold == pytest.approx(0.7)
    assert Settings().suggest_threshold == pytest.approx(0.7)
    assert dialog.thresholds.item(3, 0).font().bold()


def test_the_cached_text_follows_codings_without_reading_the_transcript_again(
    open_window: Any, half_coded: Path, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After each key the proposal's text is patched, not read again (0.1 s for 10,000
    segments), and is exactly what reading it again would give."""
    from fpmcoder.assist import CodedText

    window = open_window(half_coded)
    _on_home_visit(window, qtbot)
    svc, project = window.suggestions, window.doc.project
    tid = window.model.transcript_id
    _shown(window, qtbot)
    reads: list[object] = []
    sequence = type(project).sequence
    monkeypatch.setattr(
        type(project), "sequence", lambda self, *a, **k: reads.append(a) or sequence(self, *a, **k)
    )
    qtbot.keyClick(window.view, Qt.Key.Key_Tab)  # accept
    qtbot.keyClick(window.view, "2")  # code
    qtbot.keyClick(window.view, "d")  # a dilemma
    _shown(window, qtbot)
    assert reads == []
    fresh = CodedText(sequence(project, tid, "alex"), project.transcript(tid).text)
    assert svc._texts[tid] == fresh
