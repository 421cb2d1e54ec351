"""The canvas, the coach and an export as plain mode gives them: text read top to bottom.

The canvas is read block by block in the layout's order, each block saying what it is
and what is in it, so a learner who cannot see the grid still knows where they are.
"""

from __future__ import annotations

from pathlib import Path

from canvas_tutor.canvas.model import Canvas
from canvas_tutor.canvas.rules import lesson_state
from canvas_tutor.course.model import Course
from canvas_tutor.export.common import block_views, credit_of
from canvas_tutor.i18n import _, ngettext
from canvas_tutor.plain.console import Console
from canvas_tutor.plain.exercises import numbered
from canvas_tutor.plain.prose import full_stop


def exports() -> list[tuple[str, str]]:
    """What plain mode can export: every canvas format of the registry that the core
    renders (id, label); a picture drawn by the TUI (the SVG) is not among them."""
    from canvas_tutor.export.formats import formats

    return [(f.id, f.label()) for f in formats("canvas") if f.renderer]


def state_word(state: str) -> str:
    """A lesson's state in words (the TUI adds a glyph; a screen reader needs the word)."""
    return {"done": _("done"), "in progress": _("started")}.get(state, _("to do"))


def lessons_out(out: Console, canvas: Canvas, course: Course, here: int) -> None:
    """Every lesson with its number and state, the current one marked."""
    done = len({x.id for x in course.lessons} & set(canvas.progress.completed))
    out.say(_("Lessons ({done} of {total} done):").format(done=done, total=len(course.lessons)))
    for number, lesson in enumerate(course.lessons, 1):
        mark = " " + _("(you are here)") if number - 1 == here else ""
        out.say(full_stop(f"  {number}. {lesson.title}: "
                          f"{state_word(lesson_state(canvas, lesson))}{mark}"))
    out.say(_("Type go and a number to open a lesson, for example: go 3"))


def canvas_out(out: Console, canvas: Canvas, course: Course) -> None:
    """The canvas block by block: title, guiding question, notes, types kept, answers."""
    views = block_views(canvas, course)
    who = f"{canvas.name}, {canvas.venture}" if canvas.venture else canvas.name
    out.say(ngettext("Your canvas ({who}), {n} block:", "Your canvas ({who}), {n} blocks:",
                     len(views)).format(who=who, n=len(views)))
    for number, view in enumerate(views, 1):
        out.blank()
        out.say(_("Block {n} of {total}: {title}").format(n=number, total=len(views),
                                                          title=view.title))
        if view.question:
            out.say(_("Question: {question}").format(question=view.question))
        if view.empty:
            out.say(_("Nothing written here yet."))
            continue
        if view.notes:
            out.say(ngettext("{n} note:", "{n} notes:", len(view.notes)).format(
                n=len(view.notes)))
            for line in numbered(list(view.notes)):
                out.say(line)
        if view.types:
            out.say(_("Kept: {names}.").format(names=", ".join(label for _id, label in
                                                               view.types)))
        for answer in view.answers:
            out.say(_("Your answer to: {prompt}").format(prompt=answer.prompt))
            out.say(answer.text)
    out.blank()
    out.say(_("End of your canvas."))
    out.say(credit_of(course))


def coach_out(out: Console, canvas: Canvas, course: Course) -> None:
    """The coach's findings, each with its blocks by title, why, and what to try."""
    from canvas_tutor.canvas.coach import block_titles, coach, severity_word

    findings = coach(canvas, course)
    if not findings:
        out.say(_("The coach has nothing to point out: your blocks fit together as far as "
                  "it can tell."))
        return
    out.say(ngettext("The coach has {n} point:", "The coach has {n} points:",
                     len(findings)).format(n=len(findings)))
    for number, finding in enumerate(findings, 1):
        titles = block_titles(finding, course)
        out.blank()
        out.say(f"{number}. {severity_word(finding.severity)}: {finding.title}")
        if titles:
            out.say(_("Blocks: {titles}.").format(titles=titles))
        out.say(_("Why: {why}").format(why=finding.why))
        out.say(_("Try: {what}").format(what=finding.try_))


def export_to(folder: Path, stem: str, canvas: Canvas, course: Course, fmt: str) -> Path:
    """Write the export where the TUI writes it (the data folder's exports/)."""
    from canvas_tutor.export.command import render
    from canvas_tutor.export.output import default_suffix, write_export

    text = render(canvas, course, fmt)
    return write_export(folder / f"{stem}{default_suffix(fmt)}", text, fmt, make_folder=True)
