"""`pick` in plain mode: keep the items that fit, by number; there is no right answer."""

from __future__ import annotations

from typing import TYPE_CHECKING

from canvas_tutor.course.model import Exercise
from canvas_tutor.i18n import _
from canvas_tutor.plain.exercises import read_numbers
from canvas_tutor.plain.prose import full_stop

if TYPE_CHECKING:
    from canvas_tutor.plain.tutor import PlainTutor


def ask(tutor: PlainTutor, ex: Exercise) -> None:
    """Keep the options that fit, by number; no right answer, so no check."""
    out, canvas = tutor.console, tutor.canvas
    out.say(_("Question: {prompt}").format(prompt=ex.prompt))
    out.say(_("There is no right answer: keep what fits your business."))
    for number, option in enumerate(ex.options, 1):
        about = f": {option.feedback}" if option.feedback else ""
        out.say(full_stop(f"  {number}. {option.text}{about}"))
    work = canvas.blocks.get(ex.saves_to)
    kept = [o.id for o in ex.options if work and o.id in work.types]
    out.say(_kept_line(ex, kept))
    while True:
        line = tutor.prompt(_("Numbers of the ones you keep, separated by spaces (Enter "
                              "keeps your choice, 0 keeps none): "))
        if not line.strip():
            return
        if line.strip() == "0":
            chosen: list[str] = []
        else:
            numbers = read_numbers(line, len(ex.options))
            if numbers is None:
                out.say(_("Type numbers from 1 to {n}, separated by spaces.").format(
                    n=len(ex.options)))
                continue
            chosen = [o.id for i, o in enumerate(ex.options, 1) if i in numbers]
        tutor.set_types(ex, chosen)
        out.say(_kept_line(ex, chosen))
        return


def _kept_line(ex: Exercise, kept: list[str]) -> str:
    names = [o.text for o in ex.options if o.id in kept]
    if not names:
        return _("You keep none of them yet.")
    return _("You keep: {names}.").format(names=", ".join(names))
