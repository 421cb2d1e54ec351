"""The running case, styled apart from the lesson so learners see it is Naima's story."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical

from canvas_tutor.tui.widgets.course_markdown import CourseMarkdown


class CasePanel(Vertical):
    """A bordered panel with the case's name in its title."""

    def __init__(self, markdown: str, title: str) -> None:
        super().__init__(classes="case")
        self._markdown = markdown
        self.border_title = Text(title)

    def compose(self) -> ComposeResult:
        yield CourseMarkdown(self._markdown)
