"""Trainer mode: the presenter view changes lessons; the timer goes on and says paused."""

from __future__ import annotations

from pathlib import Path

from canvas_tutor.canvas.store import read_canvas
from canvas_tutor.course.model import Course
from canvas_tutor.tui.app import CanvasTutorApp
from canvas_tutor.tui.screens.lesson import LessonScreen
from canvas_tutor.tui.screens.presenter import PresenterScreen
from tui_helpers import in_lesson, screen_rows


async def test_presenter_next_key_and_the_timer_across_lessons(
        builtin_course: Course, tmp_path: Path) -> None:
    app = CanvasTutorApp(builtin_course, data_dir=tmp_path / "data", trainer=True)
    async with app.run_test(size=(80, 24)) as pilot:
        path = await in_lesson(app, pilot, "channels", tmp_path / "data" / "t.canvas.toml")
        shown = "\n".join(screen_rows(app.screen))
        assert "paused" in shown  # in words, at 80 columns
        assert screen_rows(app.screen)[0].strip().startswith("Channels")  # title not covered
        await pilot.press("s")  # start the timer
        await pilot.pause(1.1)
        await pilot.press("v")
        await pilot.pause()
        assert isinstance(app.screen, PresenterScreen)
        await pilot.press("n")
        await pilot.pause()
        assert "CUSTOMER RELATIONSHIPS" in "\n".join(screen_rows(app.screen))
        await pilot.press("escape")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LessonScreen) and screen.lesson.id == "customer-relationships"
        await pilot.pause(0.6)
        timer = "\n".join(screen_rows(screen))
        assert "running" in timer and "⏱ 00:00" not in timer  # it did not start again
    assert read_canvas(path).progress.current == "customer-relationships"
