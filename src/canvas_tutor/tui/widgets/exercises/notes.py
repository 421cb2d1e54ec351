"""A notes exercise: the sticky notes of one block, added, edited, reordered and deleted.

Every change posts NotesChanged with the whole list, so the screen never has to merge.
"""

from __future__ import annotations

from rich.text import Text
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, Input, OptionList, Static

from canvas_tutor.canvas.model import Canvas
from canvas_tutor.course.model import Course, Exercise
from canvas_tutor.i18n import N_, _
from canvas_tutor.text import one_line
from canvas_tutor.tui.messages import NotesChanged
from canvas_tutor.tui.widgets.parts import hint_button, hint_text, label, toggle_hint

MAX_NOTE = 300


class NotesList(OptionList):
    """The list of notes; its keys ask the exercise to edit, delete or move a note."""

    HELP_TITLE = N_("Sticky notes")  # its keys' heading in help

    BINDINGS = [
        Binding("e", "command('edit')", N_("Edit")),
        Binding("delete,backspace", "command('delete')", N_("Delete")),
        Binding("ctrl+up", "command('up')", N_("Move up")),
        Binding("ctrl+down", "command('down')", N_("Move down")),
    ]

    class Command(Message):
        """The learner asked for `command` on the highlighted note."""

        def __init__(self, command: str) -> None:
            super().__init__()
            self.command = command

    def action_command(self, command: str) -> None:
        if self.highlighted is not None:
            self.post_message(self.Command(command))


class NotesExercise(Vertical):
    """Posts NotesChanged on every change; never saves anything itself."""

    HELP_TITLE = N_("Sticky notes")  # its keys' heading in help

    BINDINGS = [Binding("escape", "cancel_edit", N_("Cancel edit"), show=False)]

    def __init__(self, exercise: Exercise, notes: list[str]) -> None:
        super().__init__(classes="exercise notes", id=f"ex-{exercise.id}")
        self.exercise = exercise
        self.notes = [n for n in (one_line(x) for x in notes) if n]
        self.editing: int | None = None  # index of the note being edited, if any
        self.border_title = Text(_("Sticky notes"))

    def compose(self) -> ComposeResult:
        ex = self.exercise
        yield Static(ex.prompt, classes="prompt", markup=False)
        yield NotesList(id="notes")
        yield Static(_("No notes yet: type one below and press Enter."),
                     id="empty", classes="muted", markup=False)
        yield Input(id="note-input", max_length=MAX_NOTE, compact=True,
                    placeholder=_("Type a note, press Enter to add it"))
        yield Static("", id="notes-help", classes="muted", markup=False)
        with Horizontal(classes="buttons"):
            yield from hint_button(ex)
            yield Button(_("Edit"), id="edit", compact=True)
            yield Button(_("Move up"), id="up", compact=True)
            yield Button(_("Move down"), id="down", compact=True)
            yield Button(_("Delete"), id="delete", compact=True)
        yield hint_text(ex)

    def on_mount(self) -> None:
        self._refresh_list()
        self._show_status()

    # Showing ---------------------------------------------------------------------------

    @property
    def _list(self) -> NotesList:
        return self.query_one(NotesList)

    @property
    def _input(self) -> Input:
        return self.query_one("#note-input", Input)

    def _refresh_list(self, highlight: int | None = None) -> None:
        notes = self._list
        keep = notes.highlighted if highlight is None else highlight
        notes.set_options(label(f"{i}. {note}") for i, note in enumerate(self.notes, 1))
        if self.notes:
            notes.highlighted = min(keep or 0, len(self.notes) - 1)
        notes.display = bool(self.notes)
        self.query_one("#empty").display = not self.notes
        for button in ("#edit", "#up", "#down", "#delete"):
            self.query_one(button, Button).display = bool(self.notes)
        if not self.notes and notes.has_focus:
            self._input.focus()

    def _show_status(self) -> None:
        status = self.query_one("#notes-help", Static)
        if self.editing is not None:
            status.update(_("Editing note {n}: Enter saves it, Escape cancels.").format(
                n=self.editing + 1))
        elif self.notes:
            status.update(_("In the list: Enter edits · Delete removes · Ctrl+↑ Ctrl+↓ "
                            "move"))
        else:
            status.update("")
        status.display = self.editing is not None or bool(self.notes)

    def _changed(self, highlight: int | None = None) -> None:
        self._refresh_list(highlight)
        self._show_status()
        self.post_message(NotesChanged(self.exercise.saves_to, list(self.notes)))

    def with_pending(self) -> list[str] | None:
        """The notes including text typed but not yet added, or None if nothing is pending.

        The lesson screen asks on leaving, so a note typed without Enter is not lost.
        """
        text = one_line(self._input.value)[:MAX_NOTE]
        if not text:
            return None
        notes = list(self.notes)
        if self.editing is not None and self.editing < len(notes):
            notes[self.editing] = text
        else:
            notes.append(text)
        return notes

    # Learner actions -------------------------------------------------------------------

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = one_line(event.value)[:MAX_NOTE]
        if not text:
            return
        if self.editing is not None and self.editing < len(self.notes):
            index = self.editing
            self.notes[index] = text
        else:
            self.notes.append(text)
            index = len(self.notes) - 1
        self.editing = None
        self._input.value = ""
        self._changed(index)
        self.call_after_refresh(self._input.scroll_visible)  # the list grew above it

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._edit(event.option_index)

    def on_notes_list_command(self, event: NotesList.Command) -> None:
        event.stop()
        self._do(event.command)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "hint":
            toggle_hint(self)
        elif event.button.id:
            self._do(event.button.id)

    def _do(self, command: str) -> None:
        index = self._list.highlighted
        if index is None or not self.notes:
            return
        if command == "edit":
            self._edit(index)
        elif command == "delete":
            self._delete(index)
        elif command in ("up", "down"):
            self._move(index, -1 if command == "up" else 1)

    def _edit(self, index: int) -> None:
        self.editing = index
        field = self._input
        field.value = self.notes[index]
        field.cursor_position = len(field.value)
        field.focus()
        self._show_status()

    def _delete(self, index: int) -> None:
        del self.notes[index]
        if self.editing == index:
            self.editing = None
            self._input.value = ""
        elif self.editing is not None and self.editing > index:
            self.editing -= 1
        self._changed(max(0, index - 1) if index >= len(self.notes) else index)

    def _move(self, index: int, step: int) -> None:
        target = index + step
        if not 0 <= target < len(self.notes):
            return
        self.notes[index], self.notes[target] = self.notes[target], self.notes[index]
        if self.editing == index:
            self.editing = target
        elif self.editing == target:
            self.editing = index
        self._changed(target)

    def action_cancel_edit(self) -> None:
        if self.editing is None:
            raise SkipAction()  # not editing: Escape does what the screen says
        self.editing = None
        self._input.value = ""
        self._show_status()


def build(exercise: Exercise, canvas: Canvas, course: Course) -> NotesExercise:
    """The widget with the block's notes so far."""
    return NotesExercise(exercise, canvas.notes_of(exercise.saves_to))
