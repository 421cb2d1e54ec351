"""A classify exercise: put each scenario in a category, then Check for feedback per item.

Each check is one attempt; the answer is one category id per item, in item order.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Select, Static

from canvas_tutor.canvas.model import Canvas, QuizResult
from canvas_tutor.course.model import Course, Exercise, Item
from canvas_tutor.i18n import _
from canvas_tutor.tui.messages import QuizAnswered
from canvas_tutor.tui.widgets.parts import (
    QuizExercise,
    hint_button,
    hint_text,
    label,
    verdict_text,
)


class ClassifyExercise(QuizExercise):
    """Posts QuizAnswered on each check; never saves anything itself."""

    def __init__(self, exercise: Exercise, result: QuizResult | None) -> None:
        super().__init__(classes="exercise classify", id=f"ex-{exercise.id}")
        self.exercise = exercise
        self.attempts = result.attempts if result else 0
        known = {c.id for c in exercise.categories}
        saved = list(result.answer) if result else []
        self._initial = [a if a in known else "" for a in saved]
        self._initial += [""] * (len(exercise.items) - len(self._initial))
        self._restored = result is not None and result.attempts > 0 and all(self._initial)
        self._checked: list[str] = list(self._initial) if self._restored else []
        self.border_title = Text(_("Sort"))

    def compose(self) -> ComposeResult:
        ex = self.exercise
        yield Static(ex.prompt, classes="prompt", markup=False)
        choices = [(label(c.text), c.id) for c in ex.categories]
        for index, item in enumerate(ex.items):
            with Vertical(classes="item", id=f"item-{index}"):
                with Horizontal(classes="row"):
                    yield Static(f"{index + 1}. {item.text}", classes="item-text",
                                 markup=False)
                    initial = self._initial[index]
                    yield Select(choices, prompt=_("Choose…"), compact=True,
                                 value=initial if initial else Select.NULL,
                                 id=f"pick-{index}")
                yield Static("", classes="item-feedback", markup=False)
        with Horizontal(classes="buttons"):
            yield Button(_("Check"), id="check", variant="primary", compact=True)
            yield from hint_button(ex)
        yield hint_text(ex)
        yield Static("", id="attempt", classes="muted", markup=False)

    def on_mount(self) -> None:
        for feedback in self.query(".item-feedback"):
            feedback.display = False
        self.query_one("#attempt").display = False
        if self._restored:
            self._show(self._initial, self._all_right(self._initial))

    def chosen(self) -> list[str]:
        """The category id chosen for each item, in item order ("" when not sorted yet)."""
        answer = []
        for index in range(len(self.exercise.items)):
            value = self.query_one(f"#pick-{index}", Select).value
            answer.append(value if isinstance(value, str) else "")
        return answer

    def _all_right(self, answer: list[str]) -> bool:
        return all(a == item.answer for a, item in zip(answer, self.exercise.items, strict=True))

    def on_select_changed(self, event: Select.Changed) -> None:
        """A changed choice makes its old feedback stale: hide it."""
        event.stop()
        index = int((event.select.id or "pick-0").removeprefix("pick-"))
        if self._checked and event.value != self._checked[index]:
            self.query_one(f"#item-{index}").query_one(".item-feedback").display = False

    def check(self) -> None:
        """One attempt: feedback per item, and tell the screen."""
        answer = self.chosen()
        missing = [i for i, a in enumerate(answer) if not a]
        if missing:
            self.notify(_("Sort every item first: {n} left.").format(n=len(missing)),
                        severity="warning")
            self.query_one(f"#pick-{missing[0]}", Select).focus()
            return
        correct = self._all_right(answer)
        self.attempts += 1
        self._checked = answer
        self._show(answer, correct)
        self.post_message(QuizAnswered(self.exercise.id, answer, correct))
        self.call_after_refresh(self.query_one("#attempt").scroll_visible)

    def _feedback(self, item: Item, chosen: str, right: bool) -> str:
        """What a sorted item's feedback says: a wrong one first names the learner's
        choice, so the ✗ never seems to mark the category the feedback starts with."""
        if right:
            return item.feedback or _("Right.")
        category = self.exercise.category(chosen)
        picked = category.text if category else chosen
        lead = _("Not {category}.").format(category=picked)
        return f"{lead} {item.feedback}".strip()

    def _show(self, answer: list[str], correct: bool) -> None:
        for index, (chosen, item) in enumerate(zip(answer, self.exercise.items, strict=True)):
            feedback = self.query_one(f"#item-{index}").query_one(".item-feedback", Static)
            right = chosen == item.answer
            feedback.update(verdict_text(right, self._feedback(item, chosen, right)))
            feedback.set_classes("item-feedback " + ("right" if right else "wrong"))
            feedback.display = True
        right_count = sum(a == i.answer for a, i in zip(answer, self.exercise.items, strict=True))
        summary = _("Attempt {n}: {right} of {total} right.").format(
            n=self.attempts, right=right_count, total=len(answer))
        if not correct:
            summary += " " + _("Change the ones marked ✗ and press Check again.")
        attempt = self.query_one("#attempt", Static)
        attempt.update(summary)
        attempt.display = True


def build(exercise: Exercise, canvas: Canvas, course: Course) -> ClassifyExercise:
    """The widget with the learner's last sorting, if any."""
    return ClassifyExercise(exercise, canvas.progress.quiz.get(exercise.id))
