"""Course Markdown shown safely and cheaply: one widget per passage, raw HTML and links inert.

Textual's Markdown widget builds a widget for every paragraph, list item and heading; a
long lesson then costs seconds to mount. A lesson passage is read, not edited, so it is
drawn as one Static holding a Rich Markdown renderable, parsed with the course dialect
(raw HTML off). Links are shown as text, never as terminal hyperlinks, so a course pack
can never make a click open a local file.
"""

from __future__ import annotations

from rich.markdown import Markdown as RichMarkdown
from textual.widgets import Static

from canvas_tutor.course.lessons import markdown_parser

_PARSER = markdown_parser().enable("strikethrough")


class SafeMarkdown(RichMarkdown):
    """Rich's Markdown, re-parsed with the course's dialect and without hyperlinks."""

    def __init__(self, markup: str) -> None:
        super().__init__(markup, hyperlinks=False, code_theme="ansi_dark")
        self.parsed = _PARSER.parse(markup)


class CourseMarkdown(Static):
    """A passage of course Markdown (prose, a case panel, trainer notes)."""

    DEFAULT_CSS = "CourseMarkdown { height: auto; margin: 0 0 1 0; }"

    def __init__(self, markdown: str, *, classes: str | None = None) -> None:
        super().__init__(SafeMarkdown(markdown), classes=classes)
        self.source = markdown
