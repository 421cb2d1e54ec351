"""A reflect exercise: a multi-line answer, a hint on request, the case's answer beside it."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static, TextArea

from canvas_tutor.canvas.model import Canvas
from canvas_tutor.course.model import Course, Exercise
from canvas_tutor.i18n import _
from canvas_tutor.tui.messages import AnswerChanged


class ReflectExercise(Vertical):
    """Posts AnswerChanged as the learner types; never saves anything itself."""

    def __init__(self, exercise: Exercise, answer: str, case_name: str = "",
                 case_answer: str = "") -> None:
        super().__init__(classes="exercise reflect", id=f"ex-{exercise.id}")
        self.exercise = exercise
        self._answer = answer
        self._case_name = case_name
        self._case_answer = case_answer
        self.border_title = Text(_("Reflect"))

    def compose(self) -> ComposeResult:
        ex = self.exercise
        yield Static(ex.prompt, classes="prompt", markup=False)
        yield TextArea(self._answer, id="answer", soft_wrap=True,
                       placeholder=_("Type your answer here. It saves as you type."))
        with Horizontal(classes="buttons"):
            if ex.hint:
                yield Button(_("Hint"), id="hint", compact=True)
            if ex.compare and self._case_answer:
                yield Button(Text(_("Compare with {name}").format(name=self._case_name)),
                             id="compare", compact=True)  # the name is course data
        yield Static(ex.hint, classes="hint", markup=False)
        with Horizontal(classes="compare"):
            with Vertical(classes="mine"):
                yield Static(_("Your answer"), classes="panel-title", markup=False)
                yield Static(self._answer, id="mine", markup=False)
            with Vertical(classes="theirs"):
                yield Static(_("{name}'s answer").format(name=self._case_name),
                             classes="panel-title", markup=False)
                yield Static(self._case_answer, markup=False)

    def on_mount(self) -> None:
        self.query_one(".hint").display = False
        # Already answered: the comparison is part of what the learner has earned.
        self.query_one(".compare").display = bool(self._answer.strip() and self._case_answer
                                                  and self.exercise.compare)

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        text = event.text_area.text
        if text != self._answer:
            self._answer = text
            self.query_one("#mine", Static).update(text)
            self.post_message(AnswerChanged(self.exercise.saves_to, self.exercise.id, text))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "hint":
            hint = self.query_one(".hint")
            hint.display = not hint.display
        elif event.button.id == "compare":
            if not self._answer.strip():
                self.notify(_("Give your own answer first, then compare."), severity="warning")
                self.query_one(TextArea).focus()
                return
            panel = self.query_one(".compare")
            panel.display = True
            panel.scroll_visible()


def build(exercise: Exercise, canvas: Canvas, course: Course) -> ReflectExercise:
    """The widget with the learner's answer and the case's answer to compare."""
    case_answer = course.case.block(exercise.saves_to).answers.get(exercise.id, "")
    return ReflectExercise(exercise, canvas.answer(exercise.saves_to, exercise.id),
                           course.case.name, case_answer)
