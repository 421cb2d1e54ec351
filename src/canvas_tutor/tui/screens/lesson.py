"""A lesson: its Markdown, case panels and exercises in place, with next and previous.

The screen is where learner actions become model changes: widgets post messages, this
screen updates the canvas and asks the app to autosave.
"""

from __future__ import annotations

import time
from dataclasses import replace
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.events import DescendantFocus
from textual.widget import Widget
from textual.widgets import Input, Static, TextArea

from canvas_tutor.canvas.progress import Position, finish_lesson, keep_position, position_of
from canvas_tutor.course.model import Lesson, Segment
from canvas_tutor.i18n import N_, _
from canvas_tutor.tui.messages import (
    AnswerChanged,
    NotesChanged,
    QuizAnswered,
    Rated,
    TypesPicked,
)
from canvas_tutor.tui.screens.base import TutorScreen
from canvas_tutor.tui.widgets.case_panel import CasePanel
from canvas_tutor.tui.widgets.course_markdown import CourseMarkdown
from canvas_tutor.tui.widgets.exercises import exercise_widget
from canvas_tutor.tui.widgets.key_bar import KeyBar
from canvas_tutor.tui.widgets.lesson_timer import LessonTimer
from canvas_tutor.tui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    pass


FIRST_WIDGETS = 3  # reading matter before the first exercise, at most this many
LATER_BATCH = 3
TRAINER_KEYS = Binding.Group(N_("Trainer keys"))  # help lists them in a section of their own


class LessonScreen(TutorScreen[None]):
    """One lesson of the course."""

    CSS_PATH = ["lesson.tcss", "../widgets/exercises.tcss"]
    BINDINGS = [
        Binding("escape", "leave", N_("Home")),
        Binding("ctrl+right", "next", N_("Next"), show=False),
        Binding("ctrl+left", "previous", N_("Previous"), show=False),
        # The letter keys act only outside an exercise: in a notes list, a choice or a
        # sort, a stray letter must not change the lesson (Ctrl+arrows always work).
        Binding("n", "letter('next')", N_("Next")),
        Binding("p", "letter('previous')", N_("Previous")),
        Binding("c", "letter('my_canvas')", N_("My canvas")),
        Binding("s", "timer", N_("Start or pause the timer"), show=False, group=TRAINER_KEYS),
        Binding("r", "timer_reset", N_("Reset the timer"), show=False, group=TRAINER_KEYS),
        Binding("v", "presenter", N_("Presenter view: the lesson for a projector"),
                show=False, group=TRAINER_KEYS),
        Binding("f", "trainer_panel", N_("Show or hide the facilitator notes"), show=False,
                group=TRAINER_KEYS),
    ]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Trainer keys exist only in trainer mode."""
        if action in ("timer", "timer_reset", "presenter", "trainer_panel"):
            return self.tutor.trainer and not self._in_exercise()
        if action == "letter":
            return not self._in_exercise()
        return True

    def _in_exercise(self) -> bool:
        """Focus is inside an exercise widget (its text boxes, lists, options, buttons)."""
        focused = self.focused
        return focused is not None and any(node.has_class("exercise")
                                           for node in focused.ancestors_with_self)

    def action_letter(self, action: str) -> None:
        {"next": self.action_next, "previous": self.action_previous,
         "my_canvas": self.action_my_canvas}[action]()

    def __init__(self, lesson: Lesson) -> None:
        super().__init__()
        self.lesson = lesson
        self._later: list[Segment] = []
        self.ready_at = 0.0  # every exercise mounted (the benchmark waits for it)
        self.exercise_id = ""  # the exercise the learner last worked in (for resuming)
        self.read_to_end = False  # the end of the lesson has been on screen

    def compose(self) -> ComposeResult:
        app = self.tutor
        lesson, course = self.lesson, app.course
        place = _("Lesson {n} of {total}").format(n=course.position(lesson.id) + 1,
                                                  total=len(course.lessons))
        minutes = _("about {m} min").format(m=lesson.minutes)
        yield TitleBar()
        if app.trainer:
            yield self._trainer_panel()
        with VerticalScroll(id="body"):
            yield Static(self._heading(place, minutes), classes="lesson-head")
            segments = [s for s in self.lesson.segments if s.kind != "facilitator"]
            # Build and mount what fills the first screen now, the rest just after the
            # first paint: a long lesson appears at once and the learner never waits on it.
            first = next((i for i, seg in enumerate(segments) if seg.kind == "exercise"),
                         len(segments))
            first = min(first, FIRST_WIDGETS)
            self._later = segments[first:]
            yield from (self._widget(seg) for seg in segments[:first])
            yield Static(self._end_text(), classes="muted end", markup=False)
        yield KeyBar()

    def _end_text(self) -> str:
        course = self.tutor.course
        if course.position(self.lesson.id) + 1 >= len(course.lessons):
            return _("End of the lesson and of the course. Press n to see your whole "
                     "canvas, Escape for home.")
        return _("End of the lesson. Press n for the next one, Escape for home.")

    def _heading(self, place: str, minutes: str) -> Text:
        """Title, place in the course, time and objectives: one widget, so it paints fast."""
        text = Text(self.lesson.title, style="bold")
        text.append(f"\n{place} · {minutes}\n", style="dim")
        if self.lesson.objectives:
            text.append("\n" + _("In this lesson you will:"), style="dim")
            for goal in self.lesson.objectives:
                text.append(f"\n• {goal}", style="dim")
        return text

    def _widget(self, segment: Segment) -> Widget:
        """The widget for one segment of the lesson (prose, case panel or exercise)."""
        app = self.tutor
        if segment.kind == "case":
            title = _("{name}'s story").format(name=app.course.case.name or _("The case"))
            return CasePanel(segment.text, title)
        if segment.exercise is not None:
            return exercise_widget(segment.exercise, app.canvas, app.course)
        return CourseMarkdown(segment.text, classes="prose")

    def _trainer_panel(self) -> Widget:
        """Facilitator notes and the lesson timer, docked beside the lesson."""
        notes = self.lesson.facilitator or _("No facilitator notes for this lesson.")
        panel = VerticalScroll(LessonTimer(self.lesson.minutes, self.tutor.trainer_clock),
                               Static(_("s start/pause · r reset · v presenter view "
                                        "(n, p: lessons) · f hide · F1 every key"),
                                      classes="muted", markup=False),
                               CourseMarkdown(notes), id="trainer")
        panel.border_title = Text(_("For the trainer"))
        return panel

    def _mount_later(self) -> None:
        """Mount the rest of the lesson, a few widgets per frame."""
        if not self._later:
            self.ready_at = time.perf_counter()
            self._restore()
            return
        batch, self._later = self._later[:LATER_BATCH], self._later[LATER_BATCH:]
        widgets = [self._widget(segment) for segment in batch]
        self.query_one("#body").mount_all(widgets, before=self.query_one(".end"))
        self.call_after_refresh(self._mount_later)

    def on_mount(self) -> None:
        self.call_after_refresh(self._mount_later)  # the rest, once the first frame is out
        self.title = self.lesson.title
        progress = self.tutor.canvas.progress
        if progress.current != self.lesson.id:
            progress.current = self.lesson.id
            self.tutor.changed()
        body = self.query_one("#body", VerticalScroll)
        body.focus()
        self.watch(body, "scroll_y", self._check_read, init=False)

    # Resuming: the exercise and scroll position the learner left ---------------------

    def _restore(self, tries: int = 20) -> None:
        """Back to the exercise (cursor in its text box) and the scroll offset kept in the
        canvas, when the learner left this lesson unfinished or the app ended in it
        (canvas.progress decides)."""
        kept = position_of(self.tutor.canvas)
        if kept is None or kept.lesson != self.lesson.id or \
                (self.lesson.id in self.tutor.canvas.progress.completed and not kept.open):
            return
        body = self.query_one("#body", VerticalScroll)
        target = next((w for w in self.query(".exercise")
                       if getattr(getattr(w, "exercise", None), "id", None) == kept.exercise),
                      None)
        if target is not None:
            parts = [w for w in target.query("*") if w.can_focus and not w.disabled]
            entry = next((w for w in parts if isinstance(w, TextArea | Input)),
                         parts[0] if parts else None)
            if entry is None and tries:  # its parts are still being composed
                self.set_timer(0.05, lambda: self._restore(tries - 1))
                return
            if entry is not None:
                self.set_focus(entry, scroll_visible=False)
                if isinstance(entry, TextArea):
                    entry.move_cursor(entry.document.end)
                elif isinstance(entry, Input):
                    entry.cursor_position = len(entry.value)
            self.exercise_id = kept.exercise

        def scroll(tries: int = 20) -> None:
            if body.max_scroll_y < kept.scroll and tries:  # still being laid out
                self.set_timer(0.05, lambda: scroll(tries - 1))
                return
            body.scroll_to(y=kept.scroll, animate=False, immediate=True)

        self.call_after_refresh(scroll)  # once the whole lesson has its height

    def place(self) -> Position:
        """Where the learner is in this lesson now."""
        body = self.query_one("#body", VerticalScroll)
        return Position(self.lesson.id, self.exercise_id, round(body.scroll_y))

    def on_descendant_focus(self, event: DescendantFocus) -> None:
        for node in event.widget.ancestors_with_self:
            exercise = getattr(node, "exercise", None)
            if node.has_class("exercise") and exercise is not None:
                self.exercise_id = exercise.id
                return

    def _check_read(self) -> None:
        """The end of the lesson has been on screen: reading it through counts as done."""
        if self.read_to_end or self._later or not self.ready_at:
            return
        body, end = self.query_one("#body", VerticalScroll), self.query_one(".end")
        # the closing line laid out and inside the visible part of the lesson
        shown = end.region.height > 0 and body.region.contains_region(end.region)
        if shown and body.scroll_y >= body.max_scroll_y - 1:
            self.read_to_end = True

    # Learner actions become model changes --------------------------------------------

    def on_answer_changed(self, message: AnswerChanged) -> None:
        self.tutor.canvas.set_answer(message.block_id, message.exercise_id, message.text)
        self.tutor.changed()

    def on_notes_changed(self, message: NotesChanged) -> None:
        self.tutor.canvas.set_notes(message.block_id, message.notes)
        self.tutor.changed()

    def on_quiz_answered(self, message: QuizAnswered) -> None:
        self.tutor.canvas.record_quiz(message.exercise_id, message.answer, message.correct)
        self.tutor.changed()

    def on_types_picked(self, message: TypesPicked) -> None:
        self.tutor.canvas.set_types(message.block_id, message.types)
        self.tutor.changed()

    def on_rated(self, message: Rated) -> None:
        self.tutor.canvas.rate(message.exercise_id, message.item_id, message.value)
        self.tutor.changed()

    # Navigation -----------------------------------------------------------------------

    def finish(self, *, app_ends: bool = False) -> None:
        """On leaving: mark the lesson done when every exercise was tried, then save.

        `app_ends`: the app closes with this lesson on screen, so the next start comes
        back into it (leaving it for home or another lesson does not).
        """
        app = self.tutor
        from canvas_tutor.tui.widgets.exercises.notes import NotesExercise

        for widget in self.query(NotesExercise):
            pending = widget.with_pending()
            if pending is not None:
                app.canvas.set_notes(widget.exercise.saves_to, pending)
                app.changed()
        if keep_position(app.canvas, replace(self.place(), open=app_ends)):
            app.changed()
        self._check_read()  # a lesson whose end is on screen as the learner leaves
        if finish_lesson(app.canvas, self.lesson, read_to_end=self.read_to_end):
            app.changed()
            self.notify(_("Lesson done: {title}").format(title=self.lesson.title), timeout=3,
                        markup=False)
        app.save_now()

    def _go(self, step: int) -> None:
        course = self.tutor.course
        index = course.position(self.lesson.id) + step
        if 0 <= index < len(course.lessons):
            self.finish()
            self.tutor.open_lesson(course.lessons[index].id)
        elif step > 0:
            self.finish()
            self.tutor.open_my_canvas()

    def action_next(self) -> None:
        self._go(1)

    def action_previous(self) -> None:
        self._go(-1)

    def action_leave(self) -> None:
        if isinstance(self.focused, TextArea | Input):
            self.query_one("#body").focus()  # first Escape leaves the text box
            return
        self.finish()
        self.dismiss()

    def action_trainer_panel(self) -> None:
        """The facilitator notes and timer out of the way (a narrow screen, a projector)."""
        panel = self.query_one("#trainer")
        panel.display = not panel.display

    def action_timer(self) -> None:
        self.query_one(LessonTimer).toggle()

    def action_timer_reset(self) -> None:
        self.query_one(LessonTimer).reset()

    def action_presenter(self) -> None:
        from canvas_tutor.tui.screens.presenter import PresenterScreen

        def follow(lesson_id: str | None) -> None:  # the trainer moved on in the presenter
            if lesson_id and lesson_id != self.lesson.id:
                self.finish()
                self.tutor.open_lesson(lesson_id)

        self.app.push_screen(PresenterScreen(self.lesson, self.tutor.course.case.name), follow)

    def action_my_canvas(self) -> None:
        self.finish()
        self.tutor.open_my_canvas()
