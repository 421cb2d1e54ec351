"""What the commands do: navigation (by exceptions the lesson loop catches), hint,
compare, the canvas read out, the coach and an export.

Kept apart from the lesson loop (tutor.py) so that each reads in one sitting.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from canvas_tutor.i18n import _
from canvas_tutor.plain import commands
from canvas_tutor.plain.prose import full_stop
from canvas_tutor.plain.readout import canvas_out, coach_out, export_to, exports, lessons_out

if TYPE_CHECKING:
    from canvas_tutor.plain.tutor import PlainTutor


class Navigate(Exception):  # noqa: N818 (a jump, not an error)
    """Leave the lesson for the lesson at `index` (len(lessons) is the end of the course)."""

    def __init__(self, index: int) -> None:
        super().__init__(index)
        self.index = index


class Quit(Exception):  # noqa: N818
    """The learner asked to quit."""


class SkipReading(Exception):  # noqa: N818
    """Stop reading: go on to the next exercise."""


def run(tutor: PlainTutor, command: commands.Command, argument: str) -> None:
    """Do one command; the navigation ones leave the current step by an exception."""
    out = tutor.console
    name = command.name
    total = len(tutor.course.lessons)
    if name == "help":
        for line in commands.help_lines():
            out.say(line)
    elif name == "quit":
        raise Quit
    elif name == "next":
        if tutor.index >= total:
            out.say(_("This is the end of the course."))
            return
        raise Navigate(tutor.index + 1)
    elif name == "back":
        if tutor.index <= 0:
            out.say(_("This is the first lesson."))
            return
        raise Navigate(tutor.index - 1)
    elif name == "go":
        if not argument:
            lessons_out(out, tutor.canvas, tutor.course, tutor.index)
            return
        number = int(argument)
        if not 1 <= number <= total:
            out.say(_("There is no lesson {n}: choose one from 1 to {total}.").format(
                n=number, total=total))
            return
        raise Navigate(number - 1)
    elif name == "lessons":
        lessons_out(out, tutor.canvas, tutor.course, tutor.index)
    elif name == "skip":
        if not tutor.in_lesson:
            out.say(_("There is no exercise left here: press Enter to go on."))
            return
        raise SkipReading
    elif name == "repeat":
        if tutor.again is not None:
            tutor.again()
    elif name == "hint":
        _hint(tutor)
    elif name == "compare":
        _compare(tutor)
    elif name == "canvas":
        canvas_out(out, tutor.canvas, tutor.course)
    elif name == "coach":
        coach_out(out, tutor.canvas, tutor.course)
    elif name == "export":
        _export(tutor, argument)


def _hint(tutor: PlainTutor) -> None:
    ex = tutor.exercise
    if ex is None:
        tutor.console.say(_("There is no exercise yet in this lesson: hints come with "
                           "the exercises."))
    elif not ex.hint:
        tutor.console.say(_("This exercise has no hint."))
    else:
        tutor.console.say(_("Hint: {hint}").format(hint=ex.hint))


def _compare(tutor: PlainTutor) -> None:
    """The current question's comparison, or (before it is answered) the last one's."""
    ex = tutor.exercise
    if ex is not None and tutor.case_answer(ex) and \
            not tutor.canvas.answer(ex.saves_to, ex.id).strip() and tutor.answered:
        ex = tutor.answered
    theirs = tutor.case_answer(ex) if ex is not None else ""
    if ex is None or not theirs:
        tutor.console.say(_("There is nothing to compare here: compare works after a "
                           "question that offers it."))
        return
    mine = tutor.canvas.answer(ex.saves_to, ex.id)
    if not mine.strip():
        tutor.console.say(_("Give your own answer first, then compare."))
        return
    tutor.console.say(_("Question: {prompt}").format(prompt=ex.prompt))
    tutor.console.say(_("Your answer:"))
    tutor.console.say(mine)
    tutor.console.say(_("{name}'s answer:").format(name=tutor.case_name))
    tutor.console.say(theirs)
    tutor.console.say(_("End of the comparison."))


def _export(tutor: PlainTutor, argument: str) -> None:
    from canvas_tutor.canvas import SUFFIX
    from canvas_tutor.errors import UserError
    from canvas_tutor.export.output import ExportError

    offered = exports()
    formats = [fmt for fmt, _label in offered]
    fmt = argument.strip().lower()
    if fmt not in formats:
        if fmt:
            tutor.console.say(_("There is no export format {name}.").format(name=fmt))
        tutor.console.say(_("Formats:"))
        for number, (key, label) in enumerate(offered, 1):
            tutor.console.say(full_stop(f"  {number}. {key}, {label}"))
        line = tutor.console.ask(_("Format, a number or a name (Enter cancels): "))
        choice = line.strip().lower()
        if choice.isdigit() and 1 <= int(choice) <= len(formats):
            fmt = formats[int(choice) - 1]
        elif choice in formats:
            fmt = choice
        else:
            tutor.console.say(_("No export."))
            return
    tutor.save()
    stem = tutor.session.path.name.removesuffix(SUFFIX)
    folder = tutor.data_dir / "exports"
    try:
        written = export_to(folder, stem, tutor.canvas, tutor.course, fmt)
    except (ExportError, UserError, OSError) as exc:
        tutor.console.say(_("Export failed: {error}").format(error=exc))
        return
    tutor.console.say(_("Exported to {path}").format(path=written))
