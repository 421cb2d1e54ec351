"""Course Markdown shown safely and cheaply: one widget per passage, raw HTML and links inert.

Textual's Markdown widget builds a widget for every paragraph, list item and heading; a
long lesson then costs seconds to mount. A lesson passage is read, not edited, so it is
rendered once per width with Rich's Markdown (parsed with the course dialect, raw HTML
off) into lines that the widget hands out with Textual's line API: a long passage costs
one render, and each frame draws only the lines on screen. Links are shown as text, never
as terminal hyperlinks, so a course pack can never make a click open a local file.
"""

from __future__ import annotations

from rich.console import Console
from rich.markdown import Markdown as RichMarkdown
from rich.segment import Segment
from textual.geometry import Size
from textual.strip import Strip
from textual.widget import Widget

from canvas_tutor.course.lessons import markdown_parser

_PARSER = markdown_parser().enable("strikethrough")


class SafeMarkdown(RichMarkdown):
    """Rich's Markdown, re-parsed with the course's dialect and without hyperlinks."""

    def __init__(self, markup: str) -> None:
        super().__init__(markup, hyperlinks=False, code_theme="ansi_dark")
        self.parsed = _PARSER.parse(markup)


def render_markdown(console: Console, text: str, width: int) -> list[Strip]:
    """Lines of a passage at a width, trailing blank lines dropped."""
    options = console.options.update(width=max(width, 1), height=None)
    rendered = console.render_lines(SafeMarkdown(text), options, pad=True, new_lines=False)
    lines = [Strip(Segment.adjust_line_length(line, width), width) for line in rendered]
    while lines and not lines[-1].text.strip():
        lines.pop()
    return lines


class CourseMarkdown(Widget):
    """A passage of course Markdown (prose, a case panel, trainer notes)."""

    def __init__(self, markdown: str, *, classes: str | None = None) -> None:
        super().__init__(classes=classes)
        self.source = markdown
        self._lines: list[Strip] = []
        self._width = -1

    def _render_at(self, width: int) -> list[Strip]:
        """The passage's lines at this width (rendered once per width, then cached)."""
        if width != self._width:
            self._lines = render_markdown(self.app.console, self.source, width)
            self._width = width
        return self._lines

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._render_at(width))

    def render_line(self, y: int) -> Strip:
        lines = self._render_at(self.content_region.width or self.size.width)
        style = self.rich_style
        if 0 <= y < len(lines):
            return lines[y].apply_style(style)
        return Strip.blank(self.size.width, style)

    def on_resize(self) -> None:
        self.refresh(layout=True)
