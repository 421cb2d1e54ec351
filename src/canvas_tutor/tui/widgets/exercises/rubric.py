"""A rubric exercise: the learner scores their own work, one level per criterion.

Each criterion is a title and a column of radio buttons, one per level with its
description, so the whole rubric is on screen; the chosen level posts Rated at once
(kept like a rating) and is saved like any other change.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.geometry import Size
from textual.widgets import Button, RadioButton, RadioSet, Static

from canvas_tutor.canvas.model import Canvas
from canvas_tutor.course.model import Course, Exercise
from canvas_tutor.i18n import _
from canvas_tutor.tui.messages import Rated
from canvas_tutor.tui.widgets.parts import hint_button, hint_text, toggle_hint


class LevelButton(RadioButton):
    """A level and its description: wraps onto more lines (a RadioButton keeps to one)."""

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return max(1, len(self.render().wrap(max(1, width))))


class RubricExercise(Vertical):
    """Posts Rated for every level chosen; never saves anything itself."""

    def __init__(self, exercise: Exercise, levels: dict[str, int]) -> None:
        super().__init__(classes="exercise rubric", id=f"ex-{exercise.id}")
        self.exercise = exercise
        self._levels = dict(levels)
        self.border_title = Text(_("Rubric"))

    def compose(self) -> ComposeResult:
        ex = self.exercise
        yield Static(ex.prompt, classes="prompt", markup=False)
        yield Static(_("Choose one level for each criterion: 1 is the lowest."),
                     classes="muted", markup=False)
        for number, criterion in enumerate(ex.criteria, 1):
            yield Static(f"{number}. {criterion.title}", classes="rubric-criterion",
                         markup=False)
            chosen = self._levels.get(criterion.id)
            with RadioSet(name=criterion.id, classes="levels"):
                for level, text in enumerate(criterion.levels, 1):
                    yield LevelButton(Content(f"{level}. {text}"), level == chosen,
                                      name=str(level))
        with Horizontal(classes="buttons"):
            yield from hint_button(ex)
        yield hint_text(ex)

    def on_mount(self) -> None:
        self.query_one(".buttons").display = bool(self.exercise.hint)

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        event.stop()
        criterion_id = event.radio_set.name or ""
        level = event.index + 1
        if criterion_id and self._levels.get(criterion_id) != level:
            self._levels[criterion_id] = level
            self.post_message(Rated(self.exercise.id, criterion_id, level))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "hint":
            toggle_hint(self)


def build(exercise: Exercise, canvas: Canvas, course: Course) -> RubricExercise:
    """The widget with the levels the learner has chosen so far."""
    return RubricExercise(exercise, canvas.ratings_of(exercise.id))
