"""Help: every key, on one screen, whatever screen the learner came from."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from canvas_tutor.i18n import _


def help_text() -> str:
    """The key list (translated), shared with the welcome lesson's promise."""
    rows = [
        (_("Anywhere"), ""),
        ("F1, ?", _("this help")),
        ("Ctrl+P", _("command palette: jump to any lesson or block")),
        ("Ctrl+T", _("light or dark theme")),
        ("Ctrl+Q", _("save and quit")),
        ("Tab, Shift+Tab", _("move between fields and buttons")),
        ("", ""),
        (_("Your canvas (home)"), ""),
        (_("Arrows, Enter"), _("choose a block, open its lesson")),
        ("n", _("continue where you left off")),
        ("c", _("my canvas: see and edit everything")),
        ("q", _("quit")),
        ("", ""),
        (_("In a lesson"), ""),
        ("n, Ctrl+→", _("next lesson")),
        ("p, Ctrl+←", _("previous lesson")),
        ("Escape", _("leave a text box; again: back to your canvas")),
        ("", ""),
        (_("In exercises"), ""),
        (_("Enter on a note"), _("edit it; Delete removes it")),
        ("Ctrl+↑, Ctrl+↓", _("move a note up or down")),
        ("Space", _("choose an option")),
        ("", ""),
        (_("My canvas"), ""),
        ("t", _("toggle between your canvas and the case")),
        ("e", _("edit the notes of the chosen block")),
        ("x", _("export (HTML, Markdown, JSON, SVG)")),
        ("k", _("coach: where the blocks do not fit yet")),
    ]
    lines = []
    for key, what in rows:
        if key and not what:
            lines.append(f"\n{key}")
        elif key or what:
            lines.append(f"  {key:<18} {what}")
    return "\n".join(lines).strip("\n")


class HelpScreen(ModalScreen[None]):
    """A modal list of keys; any of Escape, F1, ? or q closes it."""

    BINDINGS = [Binding("escape,f1,question_mark,q", "dismiss", _("Close"))]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help") as box:
            box.border_title = Text(_("Keys"))
            yield Static(help_text(), markup=False)
