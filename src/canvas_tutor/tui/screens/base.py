"""The base of canvas-tutor's full screens: typed access to the app they belong to."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar, cast

from textual.screen import Screen

if TYPE_CHECKING:
    from canvas_tutor.tui.app import CanvasTutorApp

ResultT = TypeVar("ResultT")


class TutorScreen(Screen[ResultT]):
    """A full screen of the app."""

    @property
    def tutor(self) -> CanvasTutorApp:
        """The app, with the course, the canvas and the saving that screens use."""
        return cast("CanvasTutorApp", self.app)
