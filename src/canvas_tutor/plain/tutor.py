"""The course as one conversation: lessons in order, passage by passage, answers as lines.

This is the plain front end's equivalent of the TUI's app and screens. It changes the
canvas through the same model calls and saves through the same CanvasSession (at once,
after every change), so a canvas moves between the two front ends with nothing lost.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from canvas_tutor.canvas.model import Canvas
from canvas_tutor.canvas.progress import Position, finish_lesson, keep_position, resume_position
from canvas_tutor.canvas.session import CanvasSession
from canvas_tutor.course.model import Course, Exercise, Lesson, Segment
from canvas_tutor.errors import CanvasError
from canvas_tutor.i18n import _, ngettext
from canvas_tutor.plain import commands
from canvas_tutor.plain.actions import Navigate, Quit, SkipReading, run
from canvas_tutor.plain.console import Console
from canvas_tutor.plain.exercises import ask_exercise, numbered
from canvas_tutor.plain.prose import full_stop, passages


class PlainTutor:
    """One learner, one canvas, the whole course in the terminal's scrollback."""

    def __init__(self, console: Console, course: Course, session: CanvasSession, *,
                 data_dir: Path, trainer: bool = False) -> None:
        self.console = console
        self.data_dir = data_dir
        self.course = course
        self.session = session
        self.trainer = trainer
        self.index = 0
        self.resume_at = ""  # the exercise to go on from, once, when the course resumes
        self.exercise: Exercise | None = None  # the one `hint` and `compare` are about
        self.answered: Exercise | None = None  # the last answer that can be compared
        self.again: Callable[[], None] | None = None  # what `repeat` shows again
        self.in_lesson = False  # reading a lesson's segments: `skip` has somewhere to go
        self.save_failed = False

    @property
    def canvas(self) -> Canvas:
        return self.session.canvas

    @property
    def case_name(self) -> str:
        return self.course.case.name or _("the case")

    # Saving -------------------------------------------------------------------------

    def save(self) -> bool:
        """Write the canvas now; a failure is said once and retried on the next change."""
        self.session.changed()
        try:
            self.session.flush()
        except CanvasError as exc:
            self.console.say(_("Could not save: {error}. Your work is still here; it is "
                               "saved again with your next change.").format(
                error=exc.message))
            self.save_failed = True
            return False
        if self.save_failed:
            self.save_failed = False
            self.console.say(_("Saved again: your work is safe."))
        return True

    def set_answer(self, ex: Exercise, text: str) -> None:
        self.canvas.set_answer(ex.saves_to, ex.id, text)
        if self.case_answer(ex):
            self.answered = ex
        self.save()

    def set_notes(self, ex: Exercise, notes: list[str]) -> None:
        self.canvas.set_notes(ex.saves_to, notes)
        self.save()

    def set_types(self, ex: Exercise, types: list[str]) -> None:
        self.canvas.set_types(ex.saves_to, types)
        self.save()

    def rate(self, ex: Exercise, item_id: str, value: int) -> None:
        self.canvas.rate(ex.id, item_id, value)
        self.save()

    def record_quiz(self, ex: Exercise, answer: list[str], correct: bool) -> int:
        """Record one attempt; returns its number."""
        result = self.canvas.record_quiz(ex.id, answer, correct)
        self.save()
        return result.attempts

    def case_answer(self, ex: Exercise) -> str:
        """The case's answer to compare with, if the exercise offers one."""
        if ex.kind != "reflect" or ex.compare != "case":
            return ""
        return self.course.case.block(ex.saves_to).answers.get(ex.id, "")

    # Prompts and commands -----------------------------------------------------------

    def prompt(self, text: str) -> str:
        """Ask; a line that is a command runs it and asks again, anything else returns."""
        while True:
            line = self.console.ask(text)
            found = commands.parse(line)
            if found is None:
                return line
            run(self, *found)

    def pause(self, text: str | None = None) -> None:
        """Wait for Enter (or a command) before going on."""
        while True:
            line = self.prompt(text or _("Enter for more: "))
            if not line.strip():
                return
            self.console.say(_("{what} is not a command. Press Enter to go on, or type help "
                               "for the commands.").format(what=line.strip()[:80]))

    # The course ---------------------------------------------------------------------

    def start_index(self) -> int:
        """Where to go on, as the TUI's "n" decides (canvas.progress): the lesson left
        unfinished, else the next one not done after it, else the first one not done (the
        end of the course when all are done)."""
        place = resume_position(self.canvas, self.course)
        if place is None:
            return len(self.course.lessons)
        self.resume_at = place.exercise
        return self.course.position(place.lesson)

    def run_course(self) -> None:
        """Lessons one after another until the learner quits (Quit or EndOfInput)."""
        self.index = self.start_index()
        while True:
            try:
                if self.index >= len(self.course.lessons):
                    self._end_of_course()
                else:
                    self._lesson(self.course.lessons[self.index])
                    self.index += 1
            except Navigate as jump:
                self.index = jump.index

    def _end_of_course(self) -> None:
        out = self.console
        done = len({x.id for x in self.course.lessons} & set(self.canvas.progress.completed))
        out.blank()
        out.say(_("This is the end of the course: {done} of {total} lessons done.").format(
            done=done, total=len(self.course.lessons)))
        out.say(_("Your canvas is saved in {path}.").format(path=self.session.path))
        out.say(_("Type canvas to hear it, export to save a copy, lessons to go back to a "
                  "lesson, or press Enter to quit."))
        self.exercise = None
        self.again = None
        self.pause(_("Enter to quit, or a command: "))
        raise Quit

    def _lesson(self, lesson: Lesson) -> None:
        """One lesson from its top; marks it done on the way out when every exercise was
        tried, as the TUI does."""
        progress = self.canvas.progress
        if progress.current != lesson.id:
            progress.current = lesson.id
            self.save()
        self.exercise = self.answered = None
        read = False
        try:
            self._heading(lesson)
            self._segments(lesson)
            self.console.blank()
            self.console.say(_("End of the lesson: {title}.").format(title=lesson.title))
            read = True
        finally:
            self._finish(lesson, read_to_end=read)
        self.again = None
        last = self.course.position(lesson.id) + 1 >= len(self.course.lessons)
        self.pause(_("Enter for the end of the course: ") if last else
                   _("Enter for the next lesson: "))

    def _heading(self, lesson: Lesson) -> None:
        out = self.console
        number = self.course.position(lesson.id) + 1
        out.blank()
        out.say(_("Lesson {n} of {total}: {title}").format(
            n=number, total=len(self.course.lessons), title=lesson.title))
        out.say(ngettext("About {m} minute.", "About {m} minutes.", lesson.minutes).format(
            m=lesson.minutes))
        if lesson.objectives:
            out.say(_("In this lesson you will:"))
            for goal in lesson.objectives:
                out.say(f"  • {full_stop(goal)}")
        count = len(lesson.exercises)
        if count:
            out.say(ngettext("It has {n} exercise.", "It has {n} exercises.", count).format(
                n=count))

    def _segments(self, lesson: Lesson) -> None:
        self.in_lesson = True
        try:
            self._each_segment(lesson, len(lesson.exercises))
        finally:
            self.in_lesson = False

    def _each_segment(self, lesson: Lesson, total: int) -> None:
        number = 0
        skipping = False
        heading = ""  # a heading the last passage ended with: said with what follows
        resume, self.resume_at = self.resume_at, ""
        if resume and not any(ex.id == resume for ex in lesson.exercises):
            resume = ""
        if resume:  # back where the learner left off, as the TUI does
            self.console.say(_("You left off at an exercise: going on from there. To read "
                               "this lesson from its top, type go {n}.").format(
                                   n=self.course.position(lesson.id) + 1))
        for segment in lesson.segments:
            if resume:
                if segment.exercise is not None:
                    number += 1
                if segment.exercise is None or segment.exercise.id != resume:
                    continue
                resume = ""
                number -= 1
            if segment.kind == "facilitator" and not self.trainer:
                continue
            try:
                if segment.exercise is not None:
                    number += 1
                    skipping = False
                    if heading:
                        self.console.blank()
                        self.console.say(heading)
                        heading = ""
                    self._exercise(segment.exercise, number, total)
                elif not skipping:
                    heading = self._read(segment, heading)
            except SkipReading:
                skipping, heading = True, ""
        if heading and not skipping:
            self._read_parts([heading], "", "")

    def _read(self, segment: Segment, heading: str = "") -> str:
        """A passage of prose, a case panel or trainer notes, paragraph by paragraph,
        after `heading` (left over from the passage before); returns a heading this one
        ends with, to be said with what comes next."""
        parts, left = passages(segment.text)
        if segment.kind == "case":
            label = _("{name}'s story:").format(name=self.course.case.name or _("The case"))
            end = _("End of {name}'s story.").format(name=self.course.case.name or
                                                     _("the case"))
        elif segment.kind == "facilitator":
            label, end = _("For the trainer:"), _("End of the trainer's notes.")
        else:
            label = end = ""
        if not parts:  # only a heading: it waits for what comes next
            return "\n\n".join(h for h in (heading, left) if h)
        if heading and label:
            label = f"{heading}\n\n{label}"
        elif heading:
            parts[0] = f"{heading}\n\n{parts[0]}"
        self._read_parts(parts, label, end)
        return left

    def _read_parts(self, parts: list[str], label: str, end: str) -> None:
        out = self.console
        for index, text in enumerate(parts):
            first, last = index == 0, index == len(parts) - 1

            def show(text: str = text, first: bool = first, last: bool = last) -> None:
                out.blank()
                if label and first:
                    out.say(label)
                out.say(text)
                if end and last:
                    out.say(end)

            show()
            self.again = show
            self.pause()

    def _exercise(self, ex: Exercise, number: int, total: int) -> None:
        kinds = {
            "reflect": _("reflect, in your own words"),
            "notes": _("sticky notes for your canvas"),
            "choice": _("choose several") if ex.multiple else _("choose one"),
            "classify": _("sort"),
            "pick": _("pick"),
            "rate": _("rate how sure you are"),
            "rubric": _("score your work on a rubric"),
        }

        def show() -> None:
            self.console.blank()
            label = _("Exercise {n} of {total}: {kind}.").format(
                n=number, total=total, kind=kinds.get(ex.kind, ex.kind))
            if ex.hint:
                label += " " + _("Type hint for a hint.")
            self.console.say(label)

        def again() -> None:  # `repeat`: the question and what there is to choose from
            show()
            self.console.say(_("Question: {prompt}").format(prompt=ex.prompt))
            if ex.categories:
                self.console.say(_("The categories:"))
            choices = ([c.text for c in ex.categories] or [o.text for o in ex.options]
                       or [c.title for c in ex.criteria])
            for line in numbered(choices):
                self.console.say(line)

        self.exercise = ex
        if keep_position(self.canvas, Position(self.canvas.progress.current, ex.id)):
            self.save()
        show()
        self.again = again
        ask_exercise(self, ex)

    def _finish(self, lesson: Lesson, *, read_to_end: bool = False) -> None:
        if finish_lesson(self.canvas, lesson, read_to_end=read_to_end):
            self.save()
            self.console.say(_("Lesson done: {title}.").format(title=lesson.title))
