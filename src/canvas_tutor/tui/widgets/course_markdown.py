"""Course Markdown shown safely and cheaply: one widget per passage, raw HTML and links inert.

Textual's Markdown widget builds a widget for every paragraph, list item and heading; a
long lesson then costs seconds to mount. A lesson passage is read, not edited, so it is
rendered once per width with Rich's Markdown (parsed with the course dialect, raw HTML
off) into lines that the widget hands out with Textual's line API: a long passage costs
one render, and each frame draws only the lines on screen. Links are shown as text, never
as terminal hyperlinks, so a course pack can never make a click open a local file.

Rich draws Markdown in fixed terminal colours of its own (magenta headings, cyan code on
black) that know nothing of the app's theme: under 7:1 in the high-contrast theme and
black patches in the light one. The passage is drawn in the theme's own text colours
instead, and drawn again when the theme changes.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

from rich.color import Color, ColorParseError
from rich.console import Console
from rich.markdown import Markdown as RichMarkdown
from rich.segment import Segment
from rich.style import Style
from rich.theme import Theme
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


def _colour(value: str | None) -> str | None:
    """A theme variable that is one plain colour (not "auto 87%"), else None."""
    if not value:
        return None
    try:
        Color.parse(value)
    except ColorParseError:
        return None
    return value


@lru_cache(maxsize=8)
def _styles(text: str | None, heading: str | None, other: str | None) -> Theme:
    strong = Style(color=heading, bold=True)
    return Theme({
        "markdown.h1": Style(color=heading, bold=True, underline=True),
        "markdown.h1.border": Style(color=heading),
        "markdown.h2": strong,  # not underlined: blue and underlined reads as a link
        "markdown.h3": Style(color=heading, bold=True, italic=True),
        "markdown.h4": Style(color=text, bold=True, italic=True),
        "markdown.h5": Style(color=text, italic=True),
        "markdown.h6": Style(color=text, italic=True),
        "markdown.code": Style(color=other, bold=True),
        "markdown.code_block": Style(color=other),
        "markdown.block_quote": Style(color=text, italic=True),
        "markdown.list": strong,
        "markdown.item.bullet": strong,
        "markdown.item.number": strong,
        "markdown.hr": Style(color=other),
        "markdown.link": Style(color=heading, underline=True),
        "markdown.link_url": Style(color=heading, underline=True),
        "markdown.kbd": strong,
        "markdown.table.border": Style(color=other),
        "markdown.table.header": Style(color=text, bold=True),
    })


def theme_styles(variables: Mapping[str, str]) -> Theme:
    """Rich's Markdown styles in a Textual theme's text colours (`App.theme_variables`):
    headings, lists and links in its primary text colour, code and rules in its secondary
    one, the rest in its foreground; each also set apart by weight, slant or underline."""
    text = _colour(variables.get("foreground"))
    return _styles(text, _colour(variables.get("text-primary")) or text,
                   _colour(variables.get("text-secondary")) or text)


def render_markdown(console: Console, text: str, width: int,
                    styles: Theme | None = None) -> list[Strip]:
    """Lines of a passage at a width, trailing blank lines dropped."""
    options = console.options.update(width=max(width, 1), height=None)
    with console.use_theme(styles or Theme()):
        rendered = console.render_lines(SafeMarkdown(text), options, pad=True,
                                        new_lines=False)
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
        self._drawn_for: tuple[int, str] = (-1, "")

    def _render_at(self, width: int) -> list[Strip]:
        """The passage's lines at this width and theme (rendered once, then cached)."""
        app = self.app
        if (width, app.theme) != self._drawn_for:
            self._lines = render_markdown(app.console, self.source, width,
                                          theme_styles(app.theme_variables))
            self._drawn_for = (width, app.theme)
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
