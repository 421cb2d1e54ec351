"""Course Markdown shown safely: raw HTML off, and only web or mail links ever open."""

from __future__ import annotations

from textual.widgets import Markdown

from canvas_tutor.course.lessons import SAFE_LINK, markdown_parser


class CourseMarkdown(Markdown):
    """A Markdown widget for text from a course pack (which may come from anyone)."""

    def __init__(self, markdown: str, *, classes: str | None = None) -> None:
        super().__init__(markdown, classes=classes, parser_factory=markdown_parser,
                         open_links=False)

    def on_markdown_link_clicked(self, event: Markdown.LinkClicked) -> None:
        event.stop()
        if SAFE_LINK.match(event.href):
            self.app.open_url(event.href)
        else:
            self.notify(f"Not opened: {event.href!r} is not a web link.", severity="warning",
                        markup=False)
