"""Command palette entries: jump to any lesson or block, and every command a learner needs.

`CourseCommands` finds lessons and blocks by title; `system_commands` is the app's own
list (help, theme, quit, glossary, and with a canvas open: home, my canvas, export, coach,
next and previous lesson), each offered only on the screens where it makes sense.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import TYPE_CHECKING, cast

from textual.app import SystemCommand
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.markup import escape
from textual.screen import Screen

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
        for title, lesson_id, help_text in self._entries():
            score = matcher.match(title)
            if score > 0:
                # highlight() reads markup: escape course text so it stays text
                yield Hit(score, matcher.highlight(escape(title)), partial(self._open, lesson_id),
                          help=escape(help_text), text=title)


def system_commands(app: CanvasTutorApp, screen: Screen[object]) -> Iterator[SystemCommand]:
    """The app's commands for the palette opened over `screen`, in the interface language.

    Going somewhere is offered from the course's own screens (not from a dialog), once a
    canvas is open, and never to the screen the learner is on already.
    """
    from canvas_tutor.tui.screens.base import TutorScreen
    from canvas_tutor.tui.screens.coach_screen import CoachScreen
    from canvas_tutor.tui.screens.home import HomeScreen
    from canvas_tutor.tui.screens.lesson import LessonScreen
    from canvas_tutor.tui.screens.my_canvas import MyCanvasScreen

    yield SystemCommand(_("Help"), _("Every key of this screen"), app.action_help)
    yield SystemCommand(_("Glossary"), _("Look up a word of the course"), app.action_glossary)
    yield SystemCommand(_("Light or dark theme"),
                        _("Switch between the light and the dark theme"),
                        app.action_toggle_theme)
    yield SystemCommand(_("Save and quit"), _("Save your canvas and close canvas-tutor"),
                        app.action_quit)
    if app.session is None or not isinstance(screen, TutorScreen):
        return
    if not isinstance(screen, HomeScreen):
        yield SystemCommand(_("Home"), _("The course's map: every block and lesson"),
                            app.go_home)
    if not isinstance(screen, MyCanvasScreen):
        yield SystemCommand(_("My canvas"), _("See and edit your whole canvas"),
                            app.show_my_canvas)
    yield SystemCommand(_("Export my canvas"),
                        _("A printable page, Markdown, JSON or a picture of your canvas"),
                        partial(app.show_my_canvas, then="export"))
    if not isinstance(screen, CoachScreen):
        yield SystemCommand(_("Coach"),
                            _("Advice on where your blocks do not fit together yet"),
                            partial(app.show_my_canvas, then="coach"))
    if isinstance(screen, LessonScreen):
        lessons = app.course.lessons
        index = app.course.position(screen.lesson.id)
        if index + 1 < len(lessons):
            yield SystemCommand(_("Next lesson"), lessons[index + 1].title, screen.action_next)
        if index > 0:
            yield SystemCommand(_("Previous lesson"), lessons[index - 1].title,
                                screen.action_previous)
        if app.trainer:
            yield SystemCommand(_("Presenter view"),
                                _("This lesson large and spaced, for a projector"),
                                screen.action_presenter)
