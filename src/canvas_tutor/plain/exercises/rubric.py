"""`rubric` in plain mode: each criterion with its levels read out, one number each.

Enter keeps the level chosen before (or skips the criterion); every level is saved as
soon as it is typed, through the same canvas call as the TUI's rubric widget.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from canvas_tutor.course.model import Exercise
from canvas_tutor.i18n import _
from canvas_tutor.plain.exercises import numbered, rate_one

if TYPE_CHECKING:
    from canvas_tutor.plain.tutor import PlainTutor


def ask(tutor: PlainTutor, ex: Exercise) -> None:
    """Ask for each criterion in turn: its levels, then the learner's number."""
    out = tutor.console
    out.say(_("Question: {prompt}").format(prompt=ex.prompt))
    out.say(_("For each criterion, type the number of the level that fits, 1 is the "
              "lowest; Enter keeps the level you chose before, or skips the criterion."))
    kept = tutor.canvas.ratings_of(ex.id)
    total = len(ex.criteria)
    for number, criterion in enumerate(ex.criteria, 1):
        out.say(_("Criterion {n} of {total}: {title}").format(
            n=number, total=total, title=criterion.title))
        for line in numbered(list(criterion.levels)):
            out.say(line)
        if criterion.id in kept:
            out.say(_("Your level so far: {level}.").format(level=kept[criterion.id]))
        count = len(criterion.levels)
        rate_one(tutor, ex, criterion.id,
                 _("Your level, 1 to {count}: ").format(count=count),
                 _("Type one number from 1 to {count}.").format(count=count), count)
