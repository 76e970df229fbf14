"""View the codebook: activities with colour, key and description; dilemmas; all keys."""

from __future__ import annotations

import html

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from fpmcoder.core.codebook import Codebook
from fpmcoder.qt.keymap import Keymap

__all__ = ["CodebookDialog", "codebook_html"]


def codebook_html(codebook: Codebook) -> str:
    e = html.escape
    out = [f"<h2>{e(codebook.name)}</h2>"]
    if codebook.description:
        out.append(f"<p>{e(codebook.description)}</p>")
    out.append("<h3>Activities (one per segment)</h3><table cellspacing=6>")
    for a in codebook.activities:
        out.append(
            f"<tr><td bgcolor='{a.color}' width=24>&nbsp;</td>"
            f"<td><b>{e(a.key or '')}</b></td><td><b>{e(a.name)}</b>"
            + (f" — <i>{e(a.short)}</i>" if a.short else "")
            + (f"<br>{e(a.description)}" if a.description else "")
            + "</td></tr>"
        )
    out.append("</table>")
    for group, items in codebook.dilemma_groups():
        out.append(f"<h3>Dilemmas{': ' + e(group) if group else ''} (any number)</h3><table>")
        for d in items:
            out.append(
                f"<tr><td><b>{e(d.key or '')}</b></td><td><b>{e(d.name)}</b>"
                + (f": {e(d.description)}" if d.description else "")
                + "</td></tr>"
            )
        out.append("</table>")
    out.append("<h3>Keyboard</h3><table cellspacing=4>")
    for key, what in Keymap(codebook).rows():
        out.append(f"<tr><td><b>{e(key)}</b></td><td>{e(what)}</td></tr>")
    out.append("</table>")
    return "".join(out)


class CodebookDialog(QDialog):
    def __init__(self, codebook: Codebook, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("codebookDialog")
        self.setWindowTitle("Codebook and keys")
        layout = QVBoxLayout(self)
        browser = QTextBrowser(self)
        browser.setHtml(codebook_html(codebook))
        layout.addWidget(browser)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(640, 640)
        self.finished.connect(self.deleteLater)
