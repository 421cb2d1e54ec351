"""`choice` in plain mode: options by number, feedback for each, another try until right."""

from __future__ import annotations

from typing import TYPE_CHECKING

from canvas_tutor.course.model import Exercise
from canvas_tutor.i18n import _
from canvas_tutor.plain.exercises import numbered, read_numbers

if TYPE_CHECKING:
    from canvas_tutor.plain.tutor import PlainTutor


def ask(tutor: PlainTutor, ex: Exercise) -> None:
    """One answer or several, by number; feedback for each; try again until right."""
    out = tutor.console
    out.say(_("Question: {prompt}").format(prompt=ex.prompt))
    for line in numbered([o.text for o in ex.options]):
        out.say(line)
    result = tutor.canvas.progress.quiz.get(ex.id)
    if result is not None and result.attempts:
        chosen = [str(i) for i, o in enumerate(ex.options, 1) if o.id in result.answer]
        out.say(_("Last time you chose {answer}: {verdict}").format(
            answer=", ".join(chosen) or "-",
            verdict=_("right.") if result.correct else _("not right yet.")))
    ask = (_("Your choices, numbers separated by spaces: ") if ex.multiple else
           _("Your choice, a number: "))
    while True:
        line = tutor.prompt(ask)
        if not line.strip():
            return
        numbers = read_numbers(line, len(ex.options))
        if numbers is None or (not ex.multiple and len(numbers) != 1):
            out.say(_("Type one number from 1 to {n}.").format(n=len(ex.options))
                    if not ex.multiple else
                    _("Type numbers from 1 to {n}, separated by spaces.").format(
                        n=len(ex.options)))
            continue
        answer = [o.id for i, o in enumerate(ex.options, 1) if i in numbers]
        correct = frozenset(answer) == ex.correct_ids
        attempt = tutor.record_quiz(ex, answer, correct)
        _choice_feedback(tutor, ex, answer, correct)
        summary = _("Attempt {n}.").format(n=attempt)
        if correct:
            out.say(summary + " " + _("Well done."))
            return
        out.say(summary + " " + _("Type another answer to try again, or press Enter to "
                                  "go on."))


def _choice_feedback(tutor: PlainTutor, ex: Exercise, answer: list[str], correct: bool) -> None:
    out = tutor.console
    if not ex.multiple:
        option = next(o for o in ex.options if o.id == answer[0])
        word = _("Right.") if correct else _("Not quite.")
        out.say(f"{word} {option.feedback}".strip())
        return
    for number, option in enumerate(ex.options, 1):
        picked = option.id in answer
        right = picked == option.correct
        what = _("you chose it") if picked else _("you left it out")
        verdict = _("right") if right else _("not right")
        line = _("{n}. {text}: {what}, {verdict}.").format(n=number, text=option.text,
                                                           what=what, verdict=verdict)
        out.say(f"{line} {option.feedback}".strip())
