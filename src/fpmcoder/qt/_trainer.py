"""Training and measuring the model of suggested codes away from the window's thread. No
Qt here: a worker process imports this module (and the store and the learner), never
PySide6.

A task's *source* is a project file's path, which the worker opens and reads itself (so
the window spends no time reading the codings), or the codings already read and packed
(:func:`fpmcoder.assist._data.pack`: a project on a server, whose connection the worker
does not have).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fpmcoder.assist import CodedText, Options
    from fpmcoder.assist._data import Packed
    from fpmcoder.assist.evaluate import Evaluation
    from fpmcoder.assist.session import Signature, Trained
    from fpmcoder.store import Project

__all__ = ["coder_texts", "end_with_parent", "evaluate_task", "train_task"]

Source = str | list  # a project file's path, or Packed codings


def end_with_parent() -> None:
    """In the worker process: end it as soon as the window's process has gone, however it
    went (a crash, a kill), so that no orphan lingers holding a model in memory."""
    import multiprocessing
    import os
    import threading
    from multiprocessing.connection import wait

    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        wait([parent.sentinel])
        os._exit(0)

    threading.Thread(target=watch, name="fpmcoder-parent-watch", daemon=True).start()


def coder_texts(project: Project, coder: str) -> list[CodedText]:
    """The transcripts ``coder`` has coded, as the coder coded them, with accepted
    suggestions left out: a model learns from (and is measured against) the coder's own
    judgements only."""
    from fpmcoder.assist import CodedText

    tids = sorted(t for (t, c), n in project.coded_counts().items() if c == coder and n)
    return [CodedText(project.sequence(t, coder).own(), project.transcript(t).text) for t in tids]


def _docs(source: str | Packed, coder: str) -> list[CodedText]:
    if isinstance(source, str):
        from fpmcoder.store import Project

        with Project.open(Path(source)) as project:
            return coder_texts(project, coder)
    from fpmcoder.assist._data import unpack

    return unpack(source)


def train_task(
    source: str | Packed,
    coder: str,
    activities: Sequence[str],
    seed: int,
    options: Options,
    trained_on: Signature | None,
) -> Trained:
    """A new model when the coder has coded enough and the one in use is stale."""
    from fpmcoder.assist.session import train_if_stale

    return train_if_stale(
        _docs(source, coder), activities, trained_on=trained_on, seed=seed, options=options
    )


def evaluate_task(
    source: str | Packed,
    coder: str,
    activities: Sequence[str],
    seed: int,
    options: Options,
    folds: int,
) -> Evaluation:
    """Grouped cross-validation of the model on the coder's own codings."""
    from fpmcoder.assist.evaluate import evaluate

    return evaluate(_docs(source, coder), activities, folds=folds, seed=seed, options=options)
