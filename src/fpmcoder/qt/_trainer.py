"""Training the model of suggested codes away from the window's thread. No Qt here: a
worker process imports this module (and the store and the learner), never PySide6.

:func:`from_file` reads the coder's codings from the project file itself, so the window
spends no time reading them; :func:`from_packed` takes them already read (a project on a
server, whose connection the worker does not have). Both return a
:class:`~fpmcoder.assist.session.Trained`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fpmcoder.assist import CodedText, Options
    from fpmcoder.assist._data import Packed
    from fpmcoder.assist.session import Signature, Trained
    from fpmcoder.store import Project

__all__ = ["coder_texts", "end_with_parent", "from_file", "from_packed"]


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
    suggestions left out: a model learns from the coder's own judgements only."""
    from fpmcoder.assist import CodedText

    tids = sorted(t for (t, c), n in project.coded_counts().items() if c == coder and n)
    return [CodedText(project.sequence(t, coder).own(), project.transcript(t).text) for t in tids]


def from_file(
    path: str,
    coder: str,
    activities: Sequence[str],
    trained_on: Signature | None,
    seed: int,
    options: Options,
) -> Trained:
    from fpmcoder.assist.session import train_if_stale
    from fpmcoder.store import Project

    with Project.open(Path(path)) as project:
        docs = coder_texts(project, coder)
    return train_if_stale(docs, activities, trained_on=trained_on, seed=seed, options=options)


def from_packed(
    packed: Packed,
    activities: Sequence[str],
    trained_on: Signature | None,
    seed: int,
    options: Options,
) -> Trained:
    from fpmcoder.assist._data import unpack
    from fpmcoder.assist.session import train_if_stale

    return train_if_stale(
        unpack(packed), activities, trained_on=trained_on, seed=seed, options=options
    )
