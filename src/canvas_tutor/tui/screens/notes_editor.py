"""Edit a block's notes in place: one note per line, saved when the learner confirms."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static, TextArea

from canvas_tutor.i18n import N_, _


class NotesEditor(ModalScreen[list[str] | None]):
    """Returns the new list of notes, or None when cancelled."""

    CSS_PATH = "dialogs.tcss"  # loaded with the first dialog, not before the first frame
    BINDINGS = [
        Binding("escape", "cancel", N_("Cancel")),
        Binding("ctrl+s", "save", N_("Save")),
    ]

    def __init__(self, title: str, question: str, notes: list[str]) -> None:
        super().__init__()
        self._title = title
        self._question = question
        self._notes = notes

    def compose(self) -> ComposeResult:
        with Vertical(id="editor") as box:
            box.border_title = Text(self._title)
            yield Static(self._question, classes="muted", markup=False)
            yield Static(_("One note per line. Ctrl+S saves, Escape cancels."),
                         classes="muted", markup=False)
            yield TextArea("\n".join(self._notes), soft_wrap=True)
            with Horizontal():
                yield Button(_("Save"), id="save", variant="primary", compact=True)
                yield Button(_("Cancel"), id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()

    def action_save(self) -> None:
        lines = self.query_one(TextArea).text.splitlines()
        self.dismiss([line.strip() for line in lines if line.strip()])

    def action_cancel(self) -> None:
        self.dismiss(None)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.action_save() if event.button.id == "save" else self.action_cancel()
