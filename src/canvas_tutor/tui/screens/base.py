"""The base of canvas-tutor's full screens: shown once styled, not styled twice.

Textual restyles every node of a screen each time the screen resumes, including the
first time, a moment after each widget was styled as it mounted. On a lesson that second
pass cost more than the lesson's own first paint. The first showing skips it; later
resumes restyle as usual, since the theme or the stylesheet may have changed meanwhile.
"""

from __future__ import annotations

from typing import TypeVar

from textual.events import ScreenResume
from textual.screen import Screen

ResultT = TypeVar("ResultT")


class TutorScreen(Screen[ResultT]):
    """A full screen of the app."""

    _first_resume_done = False

    def _on_screen_resume(self, event: ScreenResume) -> None:
        if not self._first_resume_done:
            self._first_resume_done = True
            event.refresh_styles = False  # read by Screen's own handler, which runs next
