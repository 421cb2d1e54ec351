"""Course Markdown shown safely and cheaply: one widget per passage, raw HTML and links inert.

Textual's Markdown widget builds a widget for every paragraph, list item and heading; a
long lesson then costs seconds to mount. A lesson passage is read, not edited, so it is
rendered once per width with Rich's Markdown (parsed with the course dialect, raw HTML
off) into lines that the widget hands out with Textual's line API: a long passage costs
one render, and each frame draws only the lines on screen. Links are shown as text, never
as terminal hyperlinks, so a course pack can never make a click open a local file.
"""

from __future__ import annotations

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


class CourseMarkdown(Widget):
    """A passage of course Markdown (prose, a case panel, trainer notes)."""

    DEFAULT_CSS = "CourseMarkdown { height: auto; margin: 0 0 1 0; }"

    def __init__(self, markdown: str, *, classes: str | None = None) -> None:
        super().__init__(classes=classes)
        self.source = markdown
        self._markdown = SafeMarkdown(markdown)
        self._lines: list[Strip] = []
        self._width = -1

    def _render_at(self, width: int) -> list[Strip]:
        """Render the whole passage once for this width (re-rendered only on resize)."""
        if width != self._width:
            console = self.app.console
            options = console.options.update(width=max(width, 1), height=None)
            rendered = console.render_lines(self._markdown, options, pad=True,
                                            new_lines=False)
            self._lines = [Strip(Segment.adjust_line_length(line, width), width)
                           for line in rendered]
            while self._lines and not self._lines[-1].text.strip():
                self._lines.pop()
            self._width = width
        return self._lines

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._render_at(width))

    def render_line(self, y: int) -> Strip:
        lines = self._render_at(self.content_region.width or self.size.width)
        if 0 <= y < len(lines):
            return lines[y].apply_style(self.rich_style)
        return Strip.blank(self.size.width, self.rich_style)

    def on_resize(self) -> None:
        self.refresh(layout=True)
