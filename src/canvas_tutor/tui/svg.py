"""`export --format svg`: the my-canvas screen as the app draws it, rendered off-screen."""

from __future__ import annotations

import asyncio

from textual.app import App

from canvas_tutor.canvas.model import Canvas
from canvas_tutor.course.model import Course
from canvas_tutor.tui.screens.my_canvas import MyCanvasScreen
from canvas_tutor.tui.styles import STYLESHEETS

SIZE = (160, 48)


class _Snapshot(App[None]):
    """A bare app that shows only a read-only my-canvas screen."""

    CSS_PATH = STYLESHEETS

    def __init__(self, canvas: Canvas, course: Course) -> None:
        super().__init__()
        self._canvas = canvas
        self._course = course
        self.title = "canvas-tutor"
        self.sub_title = course.title

    def on_mount(self) -> None:
        self.push_screen(MyCanvasScreen(self._canvas, self._course, editable=False))


def canvas_to_svg(canvas: Canvas, course: Course) -> str:
    """Draw the canvas headless and return the SVG text."""

    async def draw() -> str:
        app = _Snapshot(canvas, course)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            return app.export_screenshot(title=f"{canvas.name} · {canvas.venture}")

    return asyncio.run(draw())
