"""The figure dialogs: weighting, font size, errors shown in place, a preview that fills its space."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fpmcoder.core.sequence import CodedSequence, SegmentInfo


def _sequence(times: bool = True) -> CodedSequence:
    acts = ["locating", "meaning", "live_action", "planning", None] * 8
    segs = tuple(
        SegmentInfo(
            i + 1,
            a,
            start_time=(6.0 * i if times and i != 7 else None),  # segment 8 has no time
            end_time=(6.0 * i + 5 if times and i != 7 else None),
            words=5 + i % 20,
        )
        for i, a in enumerate(acts)
    )
    return CodedSequence("visit", "alex", segs)


def _dialog(qtbot: Any, sequence: CodedSequence) -> Any:
    from fpmcoder.io.codebook_yaml import default_codebook
    from fpmcoder.qt.figure_dialog import FigureDialog

    dialog = FigureDialog.for_grid(sequence, default_codebook())
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_time_weighting_without_all_times_is_explained_not_raised(qtbot: Any) -> None:
    dialog = _dialog(qtbot, _sequence())
    kinds = [dialog.weight.itemData(i) for i in range(dialog.weight.count())]
    assert kinds == ["segments", "time", "words"]
    dialog.weight.setCurrentIndex(kinds.index("time"))
    assert dialog.weight_unit.isVisibleTo(dialog)
    assert dialog.weighting() == "time:15"
    assert not dialog.refresh()
    assert "start times" in dialog.preview.text() and "8" in dialog.preview.text()
    assert not dialog.save_button.isEnabled()
    dialog.weight.setCurrentIndex(kinds.index("words"))
    dialog.weight_unit.setValue(4)
    assert dialog.refresh()
    assert dialog.options().weight == "words:4"
    assert dialog.save_button.isEnabled()
    dialog.weight.setCurrentIndex(0)
    assert not dialog.weight_unit.isVisibleTo(dialog)


def test_no_time_weighting_offered_without_times(qtbot: Any) -> None:
    dialog = _dialog(qtbot, _sequence(times=False))
    kinds = [dialog.weight.itemData(i) for i in range(dialog.weight.count())]
    assert "time" not in kinds


def test_font_size_numbers_and_dilemmas_reach_the_options(qtbot: Any) -> None:
    dialog = _dialog(qtbot, _sequence())
    dialog.font_size.setValue(11)
    dialog.numbers.setChecked(True)
    dialog.dilemmas.setChecked(True)
    assert dialog.refresh()
    options = dialog.options()
    assert options.font_size == 11 and options.show_numbers and options.mark_dilemmas


def test_compare_preview_fills_its_space(open_window: Any, sample_path: Path, qtbot: Any) -> None:
    from fpmcoder.qt.compare_dialog import CompareDialog

    window = open_window(sample_path)
    window.doc.set_coder("alex")
    window.actions_.compare()
    dialog = window.findChild(CompareDialog)
    qtbot.waitExposed(dialog)
    dialog.refresh()  # at the size the dialog has now
    preview = dialog.preview
    shown = preview.pixmap().deviceIndependentSize()
    assert (
        shown.width() >= 0.8 * (preview.width() - 40)
        or shown.height() >= 0.8 * (preview.height() - 40)
        or preview.dpi == preview.max_dpi
    )
