"""The base of canvas-tutor's full screens: shown once styled, not styled twice.

Textual restyles every node of a screen each time the screen resumes, including the
first time, a moment after each widget was styled as it mounted. On a lesson that second
pass cost more than the lesson's own first paint. The first showing skips it; later
resumes restyle as usual, since the theme or the stylesheet may have changed meanwhile.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar, cast

from textual.events import ScreenResume
from textual.screen import Screen

if TYPE_CHECKING:
    from canvas_tutor.tui.app import CanvasTutorApp

ResultT = TypeVar("ResultT")


class TutorScreen(Screen[ResultT]):
    """A full screen of the app."""

    _first_resume_done = False

    @property
    def tutor(self) -> CanvasTutorApp:
        """The app, with the course, the canvas and the saving that screens use."""
        return cast("CanvasTutorApp", self.app)

    def _on_screen_resume(self, event: ScreenResume) -> None:
        if not self._first_resume_done:
            self._first_resume_done = True
            event.refresh_styles = False  # read by Screen's own handler, which runs next
