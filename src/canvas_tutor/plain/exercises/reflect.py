"""`reflect` in plain mode: a free answer of any number of lines, saved line by line."""

from __future__ import annotations

from typing import TYPE_CHECKING

from canvas_tutor.course.model import Exercise
from canvas_tutor.i18n import _, ngettext

if TYPE_CHECKING:
    from canvas_tutor.plain.tutor import PlainTutor


def ask(tutor: PlainTutor, ex: Exercise) -> None:
    """A free answer of any number of lines, ended by an empty line."""
    out, canvas = tutor.console, tutor.canvas
    out.say(_("Question: {prompt}").format(prompt=ex.prompt))
    before = canvas.answer(ex.saves_to, ex.id)
    if before.strip():
        out.say(_("Your answer so far:"))
        out.say(before)
        out.say(_("Type a new answer to replace it, or press Enter to keep it."))
    else:
        out.say(_("Write as many lines as you like. An empty line ends your answer."))
    first = tutor.prompt(_("Answer: "))
    if not first.strip():
        out.say(_("You kept your answer.") if before.strip() else
                _("No answer for now. You can come back to it later."))
        return
    lines = [first]
    tutor.set_answer(ex, first)
    while True:
        line = out.ask(_("Answer, next line (an empty line ends): "))
        if not line.strip():
            break
        lines.append(line)
        tutor.set_answer(ex, "\n".join(lines))
    out.say(ngettext("Saved your answer ({n} line).", "Saved your answer ({n} lines).",
                     len(lines)).format(n=len(lines)))
    if tutor.case_answer(ex):
        out.say(_("Type compare to read {name}'s answer beside yours.").format(
            name=tutor.case_name))
