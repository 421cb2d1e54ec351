"""The learner's return code in a served class: shown when a canvas starts, and on leaving.

A browser session has no file a learner can find again, so the code is the only way back
to their canvas: it is shown big, with what to do with it, and leaving asks first.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from canvas_tutor.i18n import N_, _


class CodeDialog(ModalScreen[bool]):
    """Shows a return code. With `leaving`, dismisses True to leave, False to stay."""

    CSS_PATH = "dialogs.tcss"  # loaded with the first dialog, not before the first frame
    BINDINGS = [Binding("escape", "stay", N_("Back"))]

    def __init__(self, code: str, *, leaving: bool = False) -> None:
        super().__init__()
        self.code = code
        self.leaving = leaving

    def compose(self) -> ComposeResult:
        with Vertical(id="code-box") as box:
            box.border_title = Text(_("Leave the class?") if self.leaving
                                    else _("Your return code"))
            if self.leaving:
                yield Static(_("Your canvas is saved. To open it again, type your return "
                               "code on the welcome page:"), markup=False)
            else:
                yield Static(_("Write this code down. You need it to open your canvas "
                               "again, after a reload or on another computer:"), markup=False)
            yield Static(Text(self.code, style="bold"), id="the-code")
            yield Static(_("It is also on My canvas and in your exports."), classes="muted",
                         markup=False)
            with Horizontal(id="code-buttons"):
                if self.leaving:
                    yield Button(_("Leave"), id="leave", variant="error", compact=True)
                    yield Button(_("Stay"), id="stay", variant="primary", compact=True)
                else:
                    yield Button(_("I have written it down"), id="ok", variant="primary",
                                 compact=True)

    def on_mount(self) -> None:
        self.query_one("#stay" if self.leaving else "#ok", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "leave")

    def action_stay(self) -> None:
        self.dismiss(False)
