"""Presenter view for trainers: the lesson text large and spaced, exercises as room prompts."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from canvas_tutor.course.model import Lesson
from canvas_tutor.i18n import N_, _
from canvas_tutor.tui.screens.base import TutorScreen
from canvas_tutor.tui.widgets.course_markdown import CourseMarkdown
from canvas_tutor.tui.widgets.key_bar import KeyBar


class PresenterScreen(TutorScreen[str]):
    """For a projector: no input boxes, wide margins, every exercise as a question to the room.

    n and p change the lesson here; on leaving it returns the lesson shown, so the
    lesson screen underneath follows the trainer.
    """

    # The lesson's prose and case panels, then the presenter's own larger type.
    CSS_PATH = ["lesson.tcss", "dialogs.tcss"]
    BINDINGS = [
        Binding("escape,v", "back", N_("Back to the lesson")),
        Binding("n,ctrl+right", "step(1)", N_("Next lesson")),
        Binding("p,ctrl+left", "step(-1)", N_("Previous lesson")),
    ]

    lesson: Lesson

    def action_back(self) -> None:
        self.dismiss(self.lesson.id)

    async def action_step(self, step: int) -> None:
        course = self.tutor.course
        index = course.position(self.lesson.id) + step
        if 0 <= index < len(course.lessons):
            self.lesson = course.lessons[index]
            self.title = self.lesson.title
            await self.recompose()

    def __init__(self, lesson: Lesson, case_name: str) -> None:
        super().__init__()
        self.lesson = lesson
        self.case_name = case_name

    def on_mount(self) -> None:
        self.title = self.lesson.title

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(self.lesson.title.upper(), classes="big", markup=False)
            for segment in self.lesson.segments:
                if segment.kind == "prose":
                    yield CourseMarkdown(segment.text)
                elif segment.kind == "case":
                    panel = CourseMarkdown(segment.text, classes="case")
                    panel.border_title = Text(self.case_name)
                    yield panel
                elif segment.exercise is not None:
                    ex = segment.exercise
                    lines = [_("Ask the room:"), "", ex.prompt]
                    lines += [f"  • {o.text}" for o in ex.options]
                    lines += [f"  • {i.text}" for i in ex.items]
                    yield Static("\n".join(lines), classes="room", markup=False)
        yield KeyBar()
