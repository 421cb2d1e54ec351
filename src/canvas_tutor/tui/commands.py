"""Command palette entries: jump to any lesson or block, or to my canvas."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.markup import escape

from canvas_tutor.i18n import _

if TYPE_CHECKING:
    from canvas_tutor.tui.app import CanvasTutorApp


class CourseCommands(Provider):
    """Lessons and blocks of the open course, by title."""

    def _entries(self) -> list[tuple[str, str, str]]:
        app = cast("CanvasTutorApp", self.app)
        if app.session is None:
            return []
        entries = []
        for number, lesson in enumerate(app.course.lessons, 1):
            entries.append((_("Lesson {n}: {title}").format(n=number, title=lesson.title),
                            lesson.id, _("Open this lesson")))
        for block in app.course.canvas.blocks:
            teaching = app.course.lesson_for_block(block.id)
            if teaching is not None:
                entries.append((_("Block: {title}").format(title=block.title), teaching.id,
                                block.question))
        return entries

    def _open(self, lesson_id: str) -> None:
        cast("CanvasTutorApp", self.app).open_lesson(lesson_id)

    async def discover(self) -> Hits:
        for title, lesson_id, help_text in self._entries():
            yield DiscoveryHit(Content(title), partial(self._open, lesson_id),
                               help=escape(help_text), text=title)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        app = cast("CanvasTutorApp", self.app)
        for title, lesson_id, help_text in self._entries():
            score = matcher.match(title)
            if score > 0:
                # highlight() reads markup: escape course text so it stays text
                yield Hit(score, matcher.highlight(escape(title)), partial(self._open, lesson_id),
                          help=escape(help_text), text=title)
        if app.session is not None:
            label = _("My canvas")
            score = matcher.match(label)
            if score > 0:
                yield Hit(score, matcher.highlight(label), app.open_my_canvas,
                          help=_("See and edit your whole canvas"))
