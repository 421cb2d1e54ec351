"""`rate` in plain mode: one line per outcome, a number from 1 to 5 (Enter keeps it)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from canvas_tutor.course.exercises.rate import SCALE
from canvas_tutor.course.model import Exercise
from canvas_tutor.i18n import _
from canvas_tutor.plain.exercises import rate_one

if TYPE_CHECKING:
    from canvas_tutor.plain.tutor import PlainTutor


def ask(tutor: PlainTutor, ex: Exercise) -> None:
    """Ask for each item in turn; every rating is saved as soon as it is typed."""
    out = tutor.console
    out.say(_("Question: {prompt}").format(prompt=ex.prompt))
    out.say(_("For each point, type a number from 1 (not at all sure) to 5 (very sure); "
              "Enter keeps the rating you gave before, or skips the point."))
    kept = tutor.canvas.ratings_of(ex.id)
    total = len(ex.options)
    for number, item in enumerate(ex.options, 1):
        out.say(_("Point {n} of {total}: {text}").format(n=number, total=total, text=item.text))
        if item.id in kept:
            out.say(_("Your rating so far: {value}.").format(value=kept[item.id]))
        rate_one(tutor, ex, item.id, _("Your rating, 1 to 5: "),
                 _("Type one number from 1 to 5."), len(SCALE))
