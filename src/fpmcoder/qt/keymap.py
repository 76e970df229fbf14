"""Key events to codebook operations. The shortcuts belong to the codebook.

:class:`Keymap` is built from ``codebook.key_bindings()`` (activity keys assign and move
on, dilemma keys toggle) plus a fixed set of navigation and editing keys. The segment
view asks it what a key press means and carries out the answer; nothing here edits.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent

from fpmcoder.core.codebook import Codebook

__all__ = ["FIXED_KEYS", "PLAYBACK_SHORTCUTS", "KeyAction", "Keymap", "keyboard_map_markdown"]

ActionKind = Literal["activity", "dilemma", "clear", "memo", "next_uncoded", "accept"]


@dataclass(frozen=True, slots=True)
class KeyAction:
    kind: ActionKind
    code: str | None = None  # the activity or dilemma id


_MODIFIERS = (
    Qt.KeyboardModifier.ControlModifier
    | Qt.KeyboardModifier.AltModifier
    | Qt.KeyboardModifier.MetaModifier
)

#: Fixed keys (in addition to the codebook's): (shortcut, what it does). Shown in the
#: keyboard map of the window and of the user guide.
FIXED_KEYS: tuple[tuple[str, str], ...] = (
    ("Down / Up", "next / previous segment"),
    ("Page Down / Page Up", "a screen of segments down / up"),
    ("Home / End", "first / last segment"),
    ("Space", "next segment that is not coded yet"),
    ("Tab", "accept the suggested code (the dashed chip), then go to the next segment"),
    ("Delete or Backspace", "clear the activity of the segment"),
    ("Enter", "edit the memo of the segment"),
    ("Ctrl+K", "split the segment (choose the point in its text, then Enter)"),
    ("Ctrl+J", "merge the segment with the next one"),
    ("Ctrl+Z", "undo"),
    ("Ctrl+Shift+Z or Ctrl+Y", "redo"),
    ("Ctrl+F", "search the text"),
    ("Ctrl+I", "import transcripts"),
    ("Ctrl+E", "export the grid as a figure"),
    ("Ctrl+Shift+M", "compare transcripts or coders"),
    ("Ctrl+Shift+A", "cases: every transcript by cluster, similarity, setting or length"),
    ("Ctrl+Shift+C", "switch coder"),
    ("F1", "the codebook and this keyboard map"),
)

#: Playing the linked recording (the Playback menu): name to (shortcut, what it does). All
#: take Ctrl, so they never clash with a codebook's keys (digits and letters alone).
PLAYBACK_SHORTCUTS: dict[str, tuple[str, str]] = {
    "play": ("Ctrl+Space", "play / pause the recording"),
    "back": ("Ctrl+Left", "recording: back 5 seconds"),
    "slower": ("Ctrl+[", "recording: slower (down to 0.5×)"),
    "faster": ("Ctrl+]", "recording: faster (up to 2×)"),
    "stamp": ("Ctrl+T", "time stamp: the segment starts now, then go to the next one"),
    "earlier": ("Ctrl+Shift+Left", "time stamp: the segment starts 0.25 s earlier"),
    "later": ("Ctrl+Shift+Right", "time stamp: the segment starts 0.25 s later"),
}

SPLIT_SHORTCUT = "Ctrl+K"
MERGE_SHORTCUT = "Ctrl+J"


class Keymap:
    """What a key press means for the current segment."""

    def __init__(self, codebook: Codebook) -> None:
        self.codebook = codebook
        self._bindings = codebook.key_bindings()
        self._folded = {k.casefold(): v for k, v in self._bindings.items()}

    def action_for(self, event: QKeyEvent) -> KeyAction | None:
        mods = event.modifiers()
        key = event.key()
        if mods & _MODIFIERS:
            return None  # Ctrl+K, Ctrl+J and the rest are actions of the window
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            return KeyAction("memo")
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            return KeyAction("clear")
        if key == Qt.Key.Key_Space:
            return KeyAction("next_uncoded")
        if key == Qt.Key.Key_Tab and not mods & Qt.KeyboardModifier.ShiftModifier:
            return KeyAction("accept")
        text = event.text()
        if len(text) == 1 and not text.isspace():
            found = self._bindings.get(text) or self._folded.get(text.casefold())
            if found is not None:
                kind, code = found
                return KeyAction("activity" if kind == "activity" else "dilemma", code)
        return None

    def rows(self) -> list[tuple[str, str]]:
        """The whole keyboard map as (key, what it does): the codebook's keys first."""
        out = [
            (a.key, f"code as {a.name}, then go to the next segment")
            for a in self.codebook.activities
            if a.key
        ]
        out += [(d.key, f"toggle dilemma: {d.name}") for d in self.codebook.dilemmas if d.key]
        return [*out, *FIXED_KEYS, *PLAYBACK_SHORTCUTS.values()]


def keyboard_map_markdown(codebook: Codebook) -> str:
    """The keyboard map as a Markdown table (the user guide embeds the default codebook's)."""
    lines = ["| Key | What it does |", "|---|---|"]
    for key, what in Keymap(codebook).rows():
        lines.append(f"| `{key}` | {what} |")
    return "\n".join(lines)


if __name__ == "__main__":  # python -m fpmcoder.qt.keymap [CODEBOOK.yaml]
    import sys

    from fpmcoder.io.codebook_yaml import default_codebook, load_codebook

    book = load_codebook(sys.argv[1]) if len(sys.argv) > 1 else default_codebook()
    print(keyboard_map_markdown(book))
