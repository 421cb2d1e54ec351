"""A pick exercise: keep the categories that fit (they are saved in the block's `types`).

There is no right answer, so no check: every change posts TypesPicked at once.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, SelectionList, Static
from textual.widgets.selection_list import Selection

from canvas_tutor.canvas.model import Canvas
from canvas_tutor.course.model import Course, Exercise
from canvas_tutor.i18n import _
from canvas_tutor.tui.messages import TypesPicked
from canvas_tutor.tui.widgets.parts import hint_button, hint_text, label, toggle_hint


class PickExercise(Vertical):
    """Posts TypesPicked on every change; never saves anything itself."""

    def __init__(self, exercise: Exercise, types: list[str]) -> None:
        super().__init__(classes="exercise pick", id=f"ex-{exercise.id}")
        self.exercise = exercise
        self._picked = [o.id for o in exercise.options if o.id in types]
        self.border_title = Text(_("Pick"))

    def compose(self) -> ComposeResult:
        ex = self.exercise
        yield Static(ex.prompt, classes="prompt", markup=False)
        yield SelectionList[str](
            *(Selection(label(o.text), o.id, o.id in self._picked) for o in ex.options),
            id="types", compact=True)
        yield Static("", id="about", classes="option-feedback", markup=False)
        yield Static(_("Space or Enter keeps or drops the highlighted one."),
                     classes="muted", markup=False)
        with Horizontal(classes="buttons"):
            yield from hint_button(ex)
        yield hint_text(ex)

    def on_mount(self) -> None:
        self.query_one("#about").display = False
        self.query_one(".buttons").display = bool(self.exercise.hint)

    def on_selection_list_selected_changed(
            self, event: SelectionList.SelectedChanged[str]) -> None:
        event.stop()
        chosen = set(event.selection_list.selected)
        picked = [o.id for o in self.exercise.options if o.id in chosen]
        if picked != self._picked:
            self._picked = picked
            self.post_message(TypesPicked(self.exercise.saves_to, self.exercise.id, picked))

    def on_selection_list_selection_highlighted(
            self, event: SelectionList.SelectionHighlighted[str]) -> None:
        event.stop()
        about = self.query_one("#about", Static)
        option = self.exercise.options[event.selection_index]
        about.update(option.feedback)
        about.display = bool(option.feedback)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "hint":
            toggle_hint(self)


def build(exercise: Exercise, canvas: Canvas, course: Course) -> PickExercise:
    """The widget with the items already kept in the block."""
    return PickExercise(exercise, canvas.types_of(exercise.saves_to))
