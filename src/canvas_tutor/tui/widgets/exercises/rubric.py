"""A rubric exercise: the learner scores their own work, one level per criterion.

Each criterion is a title and a column of radio buttons, one per level with its
description, so the whole rubric is on screen; the chosen level posts Rated at once
(kept like a rating) and is saved like any other change.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import RadioSet, Static

from canvas_tutor.canvas.model import Canvas
from canvas_tutor.course.model import Course, Exercise
from canvas_tutor.i18n import _
from canvas_tutor.tui.widgets.parts import RatedRows, WrapRadioButton, hint_button, hint_text


class RubricExercise(RatedRows):
    """Posts Rated for every level chosen; never saves anything itself."""

    def __init__(self, exercise: Exercise, levels: dict[str, int]) -> None:
        super().__init__(exercise, levels, "rubric")
        self.border_title = Text(_("Rubric"))

    def compose(self) -> ComposeResult:
        ex = self.exercise
        yield Static(ex.prompt, classes="prompt", markup=False)
        yield Static(_("Choose one level for each criterion: 1 is the lowest."),
                     classes="muted", markup=False)
        for number, criterion in enumerate(ex.criteria, 1):
            yield Static(f"{number}. {criterion.title}", classes="rubric-criterion",
                         markup=False)
            chosen = self._chosen.get(criterion.id)
            with RadioSet(name=criterion.id, classes="levels"):
                for level, text in enumerate(criterion.levels, 1):
                    # a level's description wraps, each line under the first
                    yield WrapRadioButton(Content(f"{level}. {text}"), level == chosen,
                                          name=str(level))
        with Horizontal(classes="buttons"):
            yield from hint_button(ex)
        yield hint_text(ex)


def build(exercise: Exercise, canvas: Canvas, course: Course) -> RubricExercise:
    """The widget with the levels the learner has chosen so far."""
    return RubricExercise(exercise, canvas.ratings_of(exercise.id))
