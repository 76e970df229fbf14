"""The Cases dialog: rows sorted as asked, the figure follows, a double-click opens a transcript."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def test_cases_sorts_and_opens_a_transcript(
    open_window: Any, sample_path: Path, qtbot: Any
) -> None:
    from fpmcoder.qt.cases_dialog import CasesDialog

    window = open_window(sample_path)
    window.doc.set_coder("alex")
    window.actions_.cases()
    dialog = window.findChild(CasesDialog)
    qtbot.waitExposed(dialog)
    titles = lambda: [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())]  # noqa: E731
    assert sorted(titles()) == ["day_stay", "home_visit", "ongoing_relationship"]
    assert dialog.typology is not None
    # the medoid of each cluster comes first in its cluster, and only medoids are bold
    clusters = dialog.typology.clusters
    medoids = {
        dialog.sequences[i].transcript
        for i in range(len(dialog.sequences))
        if bool(clusters["is_medoid"].iloc[i])
    }
    rows = range(dialog.table.rowCount())
    bold = {dialog.table.item(r, 0).text() for r in rows if dialog.table.item(r, 0).font().bold()}
    assert bold == medoids and len(medoids) == dialog.typology.k
    cluster_col = [dialog.table.item(r, 5).text() for r in rows]
    firsts = {titles()[r] for r in rows if r == 0 or cluster_col[r] != cluster_col[r - 1]}
    assert firsts == medoids
    # by length: the home visit has the most segments (69)
    dialog.sort.setCurrentIndex(dialog.sort.findData("length"))
    assert titles()[0] == "home_visit"
    # by similarity to the day stay: the day stay itself first (distance 0)
    dialog.sort.setCurrentIndex(dialog.sort.findData("similarity"))
    dialog.reference.setCurrentIndex(dialog.reference.findText("day_stay"))
    assert titles()[0] == "day_stay"
    assert dialog.table.item(0, 6).text() == "0.0"
    distances = [float(dialog.table.item(r, 6).text()) for r in range(3)]
    assert distances == sorted(distances)
    assert not dialog.preview.pixmap().isNull()
    # a double-click opens the transcript in the window and closes the dialog
    row = titles().index("ongoing_relationship")
    with qtbot.waitSignal(dialog.transcriptChosen) as blocker:
        dialog.table.cellDoubleClicked.emit(row, 0)
    target = window.doc.project.transcript_id("ongoing_relationship")
    assert blocker.args == [target]
    assert window.model.transcript_id == target  # shown in the window
    assert dialog.result() == 1 or not dialog.isVisible()


def test_cases_dialog_sizes_itself_to_its_cases(
    open_window: Any, sample_path: Path, tmp_path: Path, qtbot: Any
) -> None:
    """A handful of cases: a small dialog with every row in view; many: as large as the
    screen allows, the table scrolls. Either way the dialog stays on the screen."""
    from fpmcoder.io.samples import build_sample_bundle
    from fpmcoder.qt.cases_dialog import CasesDialog
    from fpmcoder.store import Project

    many_path = tmp_path / "many.fpmc"
    with Project.create(many_path) as project:
        for _ in range(10):
            project.add_bundle(build_sample_bundle())

    def cases(path: Path) -> Any:
        window = open_window(path)
        window.doc.set_coder("alex")
        window.actions_.cases()
        dialog = window.findChild(CasesDialog)
        qtbot.waitExposed(dialog)
        room = dialog.screen().availableGeometry()
        assert dialog.width() <= room.width() and dialog.height() <= room.height()
        assert dialog.preview.figure is not None
        return dialog

    few = cases(sample_path)
    assert few.table.rowCount() == 3
    assert few.table.verticalScrollBar().maximum() == 0  # every row in view
    many = cases(many_path)
    assert many.table.rowCount() == 30
    assert many.table.verticalScrollBar().maximum() > 0
    assert few.height() < many.height()
