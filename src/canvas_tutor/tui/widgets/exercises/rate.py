"""A rate exercise: how sure the learner feels about each course outcome, from 1 to 5.

One row of five radio buttons per outcome; there is no right answer, so every choice
posts Rated at once and is saved like any other change.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import RadioButton, RadioSet, Static

from canvas_tutor.canvas.model import Canvas
from canvas_tutor.course.exercises.rate import SCALE
from canvas_tutor.course.model import Course, Exercise
from canvas_tutor.i18n import _
from canvas_tutor.tui.widgets.parts import RatedRows, hint_button, hint_text


class RateExercise(RatedRows):
    """Posts Rated for every choice; never saves anything itself."""

    def __init__(self, exercise: Exercise, ratings: dict[str, int]) -> None:
        super().__init__(exercise, ratings, "rate")
        self.border_title = Text(_("Rate"))

    def compose(self) -> ComposeResult:
        ex = self.exercise
        yield Static(ex.prompt, classes="prompt", markup=False)
        yield Static(_("1 = not at all sure · 5 = very sure"), classes="muted", markup=False)
        for number, item in enumerate(ex.options, 1):
            yield Static(f"{number}. {item.text}", classes="rate-item", markup=False)
            chosen = self._chosen.get(item.id)
            with RadioSet(name=item.id, classes="scale"):
                for value in SCALE:
                    yield RadioButton(str(value), value == chosen, name=str(value))
        with Horizontal(classes="buttons"):
            yield from hint_button(ex)
        yield hint_text(ex)


def build(exercise: Exercise, canvas: Canvas, course: Course) -> RateExercise:
    """The widget with the learner's ratings so far."""
    return RateExercise(exercise, canvas.ratings_of(exercise.id))
