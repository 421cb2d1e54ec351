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


class PresenterScreen(TutorScreen[None]):
    """For a projector: no input boxes, wide margins, every exercise as a question to the room."""

    BINDINGS = [Binding("escape,v", "dismiss", N_("Back to the lesson"))]

    def __init__(self, lesson: Lesson, case_name: str) -> None:
        super().__init__()
        self.lesson = lesson
        self.case_name = case_name

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
