"""A choice exercise: one answer (radio buttons) or several (checkboxes), then Check.

Each check is one attempt: the widget shows the feedback and posts QuizAnswered; the
screen records it. A saved result is shown again on mount, so a learner who comes back
sees where they were.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Checkbox, RadioSet, Static

from canvas_tutor.canvas.model import Canvas, QuizResult
from canvas_tutor.course.model import Course, Exercise
from canvas_tutor.i18n import _
from canvas_tutor.text import one_line
from canvas_tutor.tui.messages import QuizAnswered
from canvas_tutor.tui.widgets.parts import (
    QuizExercise,
    WrapCheckbox,
    WrapRadioButton,
    hint_button,
    hint_text,
    label,
    verdict,
    with_verdict_word,
)


class CheckboxGroup(Vertical):
    """The checkboxes of a multiple choice; up and down move between them."""

    BINDINGS = [
        Binding("up", "step(-1)", show=False),
        Binding("down", "step(1)", show=False),
    ]

    def action_step(self, step: int) -> None:
        boxes = list(self.query(Checkbox))
        focused = self.screen.focused
        if focused in boxes:
            index = boxes.index(focused) + step
            if 0 <= index < len(boxes):
                boxes[index].focus()


class ChoiceExercise(QuizExercise):
    """Posts QuizAnswered on each check; never saves anything itself."""

    def __init__(self, exercise: Exercise, result: QuizResult | None) -> None:
        super().__init__(classes="exercise choice", id=f"ex-{exercise.id}")
        self.exercise = exercise
        self.attempts = result.attempts if result else 0
        self._restored = result
        known = {o.id for o in exercise.options}
        self._initial = [a for a in result.answer if a in known] if result else []
        self.border_title = Text(_("Choose several") if exercise.multiple else _("Choose one"))

    def compose(self) -> ComposeResult:
        ex = self.exercise
        yield Static(ex.prompt, classes="prompt", markup=False)
        if ex.multiple:
            with CheckboxGroup(id="options"):
                for opt in ex.options:
                    yield WrapCheckbox(label(opt.text), opt.id in self._initial,
                                       name=opt.id)
        else:
            with RadioSet(id="options"):
                for opt in ex.options:
                    yield WrapRadioButton(label(opt.text), opt.id in self._initial[:1],
                                          name=opt.id)
        with Horizontal(classes="buttons"):
            yield Button(_("Check"), id="check", variant="primary", compact=True)
            yield from hint_button(ex)
        yield hint_text(ex)
        yield Vertical(id="feedback")

    def on_mount(self) -> None:
        self.query_one("#feedback").display = False
        result = self._restored
        if result is not None and result.attempts and self._initial:
            self._show(self._initial, result.correct)

    def chosen(self) -> list[str]:
        """The ids of the options the learner has chosen, in the course's order."""
        if self.exercise.multiple:
            on = {box.name for box in self.query(Checkbox) if box.value}
        else:
            pressed = self.query_one(RadioSet).pressed_button
            on = {pressed.name} if pressed is not None else set()
        return [o.id for o in self.exercise.options if o.id in on]

    def check(self) -> None:
        """One attempt: show the feedback and tell the screen."""
        answer = self.chosen()
        if not answer:
            self.notify(_("Choose an answer first."), severity="warning")
            first = self.query_one(Checkbox) if self.exercise.multiple else self.query_one(RadioSet)
            first.focus()
            return
        correct = frozenset(answer) == self.exercise.correct_ids
        self.attempts += 1
        self._show(answer, correct, scroll=True)
        self.post_message(QuizAnswered(self.exercise.id, answer, correct))

    def _show(self, answer: list[str], correct: bool, scroll: bool = False) -> None:
        ex = self.exercise
        lines: list[Static] = []
        if ex.multiple:
            for opt in ex.options:
                ticked = opt.id in answer
                if not ticked and not opt.correct:
                    continue  # rightly left out: no mark, nothing to read
                text = f"{opt.text}: {opt.feedback}" if opt.feedback else opt.text
                if ticked:
                    lines.append(verdict(opt.correct, text))
                else:  # a good option the learner missed
                    lines.append(verdict(False, _("Also fits, not ticked: {option}").format(
                        option=one_line(text))))
        else:
            opt = next(o for o in ex.options if o.id == answer[0])
            lines.append(verdict(correct, with_verdict_word(correct, opt.feedback)))
        summary = _("Attempt {n}.").format(n=self.attempts)
        if correct:
            summary += " " + _("Well done.")
        else:
            summary += " " + _("Change your answer and press Check to try again.")
        lines.append(Static(summary, classes="muted attempt", markup=False))
        box = self.query_one("#feedback", Vertical)
        box.remove_children()
        box.mount_all(lines)
        box.display = True
        if scroll:
            self.call_after_refresh(box.scroll_visible)


def build(exercise: Exercise, canvas: Canvas, course: Course) -> ChoiceExercise:
    """The widget with the learner's last answer, if any."""
    return ChoiceExercise(exercise, canvas.progress.quiz.get(exercise.id))
