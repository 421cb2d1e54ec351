"""Steps many TUI tests share: a learner with a new canvas in a lesson; a screen as text."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.screen import Screen
from textual.strip import Strip

from canvas_tutor.tui.app import CanvasTutorApp


async def in_lesson(app: CanvasTutorApp, pilot: Pilot[None], lesson: str, path: Path,
                    name: str = "Ann", venture: str = "Cafe") -> Path:
    """A new canvas at `path` for `name`, then the lesson; returns the canvas file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    await pilot.pause()
    assert app.create_canvas(path, name, venture)
    await pilot.pause()
    app.open_lesson(lesson)
    await pilot.pause()
    return path


def screen_strips(screen: Screen[object]) -> list[Strip]:
    """What the terminal shows of a screen, a strip of styled segments per row."""
    return screen._compositor.render_strips()


def screen_rows(screen: Screen[object]) -> list[str]:
    """What the terminal shows of a screen, a string per row (as drawn last)."""
    return ["".join(segment.text for segment in strip) for strip in screen_strips(screen)]
