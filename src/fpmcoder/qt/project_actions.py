"""What the File, Coding and Codebook menus do: each asks, then calls one project operation.

Every action catches :class:`~fpmcoder.errors.FpmcoderError` and shows its message in a
dialog; nothing here writes to the project except through named ``Project`` methods.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QStandardPaths, Qt
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox, QProgressDialog

from fpmcoder.errors import FpmcoderError, ProjectError
from fpmcoder.qt.document import ProjectDocument
from fpmcoder.qt.import_worker import ImportWorker
from fpmcoder.store import Project, is_server_location

if TYPE_CHECKING:
    from fpmcoder.qt.main_window import MainWindow

__all__ = ["ProjectActions", "open_document", "sample_project_path"]

PROJECT_FILTER = "fpmcoder projects (*.fpmc);;All files (*)"


def sample_project_path() -> Path:
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(folder or Path.home() / ".fpmcoder") / "sample.fpmc"


def open_document(
    path: Path | str, coder: str, *, create: bool = True
) -> tuple[ProjectDocument, str]:
    """Open ``path`` (creating it with the default codebook when missing); also a message.

    A server URL opens the project on the server; the coder is then the login itself.
    """
    if is_server_location(path):
        project = Project.open(path)
        ident = project.identity()
        blind = "; blind coding is on" if ident.blind else ""
        return (
            ProjectDocument(project, ident.name or coder),
            f"Connected to {project.location} as {ident.name} ({ident.role}){blind}",
        )
    path = Path(path)
    if path.exists():
        return ProjectDocument(Project.open(path), coder), f"Opened {path}"
    if not create:
        raise ProjectError(f"{path}: the project file is not there any more (moved or deleted?)")
    path.parent.mkdir(parents=True, exist_ok=True)
    project = Project.create(path)
    return (
        ProjectDocument(project, coder),
        f"Created the new project {path} with the Family Partnership Model codebook",
    )


def open_sample(path: Path, coder: str) -> tuple[ProjectDocument, str, str | None]:
    """The sample project, built from the bundled transcripts the first time; also a
    message, and the coder to show beside the researcher's codings.

    On the very first start the researcher has coded nothing, so the sample's first coder
    is shown beside them (the grid stays grey until they code).
    """
    if path.exists():
        return (*open_document(path, coder), None)
    from fpmcoder.io.samples import build_sample_bundle

    bundle = build_sample_bundle()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".building")
    tmp.unlink(missing_ok=True)
    with Project.create(tmp) as project:
        project.add_bundle(bundle)
    tmp.replace(path)
    doc, _ = open_document(path, coder)
    beside = next((c for c in doc.project.coders() if c != coder), None)
    shown = f" {beside}'s codings are shown beside yours." if beside is not None else ""
    # short enough for the status bar of a laptop-sized window (the path is in File >
    # Open recent and the window title)
    return (
        doc,
        f"Welcome to the sample project. You code as {coder!r} (Coding > Switch coder)."
        f"{shown} Press 1-4 to code the current segment, F1 for all keys.",
        beside,
    )


class ProjectActions(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.worker: ImportWorker | None = None
        self.progress: QProgressDialog | None = None

    def _error(self, title: str, exc: BaseException | str) -> None:
        QMessageBox.warning(self.window, title, str(exc))

    @property
    def project(self) -> Project | None:
        return self.window.doc.project if self.window.doc is not None else None

    def _start_dir(self) -> str:
        p = self.project
        if p is None or p.is_server:
            return str(Path.home())
        return str(p.path.parent)

    # -- projects ---------------------------------------------------------------------------

    def open_path(self, path: Path | str, *, create: bool = False) -> bool:
        try:
            doc, message = open_document(path, self.window.settings.coder, create=create)
        except FpmcoderError as exc:
            self._error("Cannot open the project", exc)
            return False
        self.window.set_document(doc, message)
        return True

    def new_project(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self.window, "New project", self._start_dir(), PROJECT_FILTER
        )
        if not name:
            return
        path = Path(name)
        if path.suffix == "":
            path = path.with_suffix(".fpmc")
        if path.exists():
            self._error("New project", f"{path} already exists; open it with File > Open.")
            return
        self.open_path(path, create=True)

    def open_project(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self.window, "Open project", self._start_dir(), PROJECT_FILTER
        )
        if name:
            self.open_path(Path(name))

    # -- importing ----------------------------------------------------------------------------

    def import_transcripts(self) -> None:
        from fpmcoder.io.transcripts import SUPPORTED_EXTENSIONS

        patterns = " ".join(f"*{e}" for e in sorted(SUPPORTED_EXTENSIONS))
        names, _ = QFileDialog.getOpenFileNames(
            self.window,
            "Import transcripts",
            self._start_dir(),
            f"Transcripts ({patterns});;All files (*)",
        )
        if names:
            self.import_files([Path(n) for n in names])

    def import_files(self, paths: Sequence[Path]) -> None:
        """Read ``paths`` in a worker thread, then store them all in one transaction."""
        if self.project is None or self.worker is not None:
            return
        worker = ImportWorker(paths)
        progress = QProgressDialog("Reading transcripts…", "Cancel", 0, len(paths), self.window)
        progress.setObjectName("importProgress")
        progress.setWindowTitle("Import transcripts")
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(300)
        progress.canceled.connect(worker.cancel)
        worker.fileStarted.connect(self._on_file_started)
        worker.succeeded.connect(self._store_transcripts)
        worker.failed.connect(lambda msg: self._error("Cannot import", msg))
        worker.finished.connect(self._import_done)
        self.worker, self.progress = worker, progress
        worker.start()

    def _on_file_started(self, index: int, name: str) -> None:
        if self.progress is not None:
            self.progress.setValue(index)
            self.progress.setLabelText(f"Reading {name}…")

    def _store_transcripts(self, transcripts: list[object]) -> None:
        project = self.project
        if project is None or (self.worker is not None and self.worker.cancelled):
            return
        try:
            ids = project.add_transcripts(transcripts)  # type: ignore[arg-type]
        except FpmcoderError as exc:
            self._error("Cannot import", exc)
            return
        self.window.statusBar().showMessage(f"Imported {len(ids)} transcript(s)", 8000)
        if ids:
            self.window.bar.set_transcripts(project.transcripts(), ids[0])
            self.window.show_transcript(ids[0])

    def _import_done(self) -> None:
        if self.progress is not None:
            self.progress.reset()
            self.progress.deleteLater()
        if self.worker is not None:
            self.worker.wait()
            self.worker.deleteLater()
        self.worker, self.progress = None, None

    def import_refi(self) -> None:
        project = self.project
        if project is None:
            return
        name, _ = QFileDialog.getOpenFileName(
            self.window,
            "Import a REFI-QDA project",
            self._start_dir(),
            "REFI-QDA projects (*.qdpx);;All files (*)",
        )
        if not name:
            return
        try:
            from fpmcoder.io.refi import read_qdpx

            bundle = read_qdpx(Path(name))
            ids = project.add_bundle(bundle)
        except FpmcoderError as exc:
            self._error("Cannot import the REFI-QDA project", exc)
            return
        report = "\n".join(bundle.report)
        QMessageBox.information(
            self.window, "Imported", f"Imported {len(ids)} transcript(s).\n\n{report}".strip()
        )

    # -- exporting ----------------------------------------------------------------------------

    def export_figure(self) -> None:
        from fpmcoder.qt.figure_dialog import FigureDialog

        w = self.window
        if w.doc is None or w.model is None or w.model.transcript_id is None:
            return
        project, coder = w.doc.project, w.doc.coder
        coder_or_none = coder if coder in project.coders() else None
        sequence = project.sequence(w.model.transcript_id, coder_or_none)
        dialog = FigureDialog.for_grid(sequence, project.codebook, w)
        dialog.open()

    def export_table(self) -> None:
        project = self.project
        if project is None:
            return
        name, chosen = QFileDialog.getSaveFileName(
            self.window,
            "Export the coding table",
            self._start_dir(),
            "CSV (*.csv);;Excel workbook (*.xlsx)",
        )
        if not name:
            return
        path = Path(name)
        if path.suffix.lower() not in (".csv", ".xlsx"):
            path = path.with_suffix(".xlsx" if "xlsx" in chosen else ".csv")
        try:
            from fpmcoder.io.table import write_table

            n = write_table(project.tidy_rows(), path)
        except (FpmcoderError, OSError) as exc:
            self._error("Cannot export the table", exc)
            return
        self.window.statusBar().showMessage(f"Wrote {n} rows to {path}", 8000)

    # -- coding ----------------------------------------------------------------------------

    def switch_coder(self) -> None:
        doc = self.window.doc
        if doc is None:
            return
        ident = doc.project.identity()
        if not ident.may_edit_project:
            QMessageBox.information(
                self.window,
                "Switch coder",
                f"On this server you code as your login, {ident.name} ({ident.role}); the server "
                "lets nobody else's codings be changed from it. To code as somebody else, "
                "open the project with their login.",
            )
            return
        coders = doc.project.coders()
        if doc.coder not in coders:
            coders = [doc.coder, *coders]
        name, ok = QInputDialog.getItem(
            self.window,
            "Switch coder",
            "Code as (pick a name or type a new one; each coder's codings are kept apart):",
            coders,
            coders.index(doc.coder),
            True,
        )
        if ok and name.strip():
            doc.set_coder(name.strip())
            self.window.settings.coder = name.strip()

    def compare(self) -> None:
        from fpmcoder.qt.compare_dialog import CompareDialog

        if self.window.doc is None:
            return
        CompareDialog(self.window.doc, self.window).open()

    def cases(self) -> None:
        from fpmcoder.qt.cases_dialog import CasesDialog

        if self.window.doc is None:
            return
        dialog = CasesDialog(self.window.doc, self.window)
        dialog.transcriptChosen.connect(self.window.show_transcript)
        dialog.open()

    def preferences(self) -> None:
        from fpmcoder.qt.preferences_dialog import PreferencesDialog

        dialog = PreferencesDialog(self.window.settings, self.window)
        dialog.accepted.connect(self._apply_preferences)
        dialog.open()

    def _apply_preferences(self) -> None:
        s, w = self.window.settings, self.window
        if w.doc is not None:
            w.doc.set_coder(s.coder)
        w.view.apply_font_size(s.font_size)
        w.grid.columns = s.grid_columns
        w.redraw_grid()
        w.apply_suggestion_preferences()

    # -- codebook ----------------------------------------------------------------------------

    def view_codebook(self) -> None:
        from fpmcoder.qt.codebook_dialog import CodebookDialog

        if self.project is not None:
            CodebookDialog(self.project.codebook, self.window).open()

    def load_codebook(self) -> None:
        project = self.project
        if project is None:
            return
        name, _ = QFileDialog.getOpenFileName(
            self.window, "Load a codebook", self._start_dir(), "YAML codebooks (*.yaml *.yml)"
        )
        if not name:
            return
        from fpmcoder.io.codebook_yaml import load_codebook

        try:
            codebook = load_codebook(Path(name))
            project.replace_codebook(codebook)
        except FpmcoderError as exc:
            self._error("Cannot use this codebook", exc)
            return
        self.window.statusBar().showMessage(f"Now using the codebook {codebook.name!r}", 8000)
