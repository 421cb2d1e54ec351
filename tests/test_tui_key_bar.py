"""The key bar at the foot of every screen: drawn at once, whole keys only, clickable."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.command import CommandPalette

from canvas_tutor.course.model import Course
from canvas_tutor.tui.app import CanvasTutorApp
from canvas_tutor.tui.screens.lesson import LessonScreen
from canvas_tutor.tui.widgets.key_bar import KeyBar
from tui_helpers import in_lesson, screen_rows


def _shown(app: CanvasTutorApp) -> str:
    return app.screen.query_one(KeyBar).render().plain


async def test_the_first_frame_of_a_lesson_already_shows_its_keys(
        mini_course: Course, tmp_path: Path) -> None:
    app = CanvasTutorApp(mini_course, data_dir=tmp_path)
    bottom_rows: list[str] = []
    display = app._display

    def watch(screen, update):  # type: ignore[no-untyped-def]
        if isinstance(screen, LessonScreen) and update is not None:
            bottom_rows.append(screen_rows(screen)[-1])
        display(screen, update)

    app._display = watch  # type: ignore[method-assign]
    async with app.run_test(size=(100, 30)) as pilot:
        await in_lesson(app, pilot, "intro", tmp_path / "k.canvas.toml")
    first = bottom_rows[0]  # Textual's own footer was still empty in this frame
    for label in ("esc Home", "Next", "Previous", "c My canvas", "f1 Help", "^p palette"):
        assert label in first


@pytest.mark.parametrize("label", ["Next", "palette"])
async def test_clicking_a_key_does_what_pressing_it_does(
        mini_course: Course, tmp_path: Path, label: str) -> None:
    app = CanvasTutorApp(mini_course, data_dir=tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await in_lesson(app, pilot, "intro", tmp_path / "k.canvas.toml")
        await pilot.click(KeyBar, offset=(_shown(app).index(label), 0))
        await pilot.pause()
        if label == "Next":
            assert isinstance(app.screen, LessonScreen)
            assert app.screen.lesson.id == mini_course.lessons[1].id
        else:
            assert isinstance(app.screen, CommandPalette)


async def test_hovering_a_key_highlights_it_and_clicking_a_gap_does_nothing(
        mini_course: Course, tmp_path: Path) -> None:
    app = CanvasTutorApp(mini_course, data_dir=tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await in_lesson(app, pilot, "intro", tmp_path / "k.canvas.toml")
        bar = app.screen.query_one(KeyBar)
        await pilot.hover(KeyBar, offset=(_shown(app).index("My canvas"), 0))
        assert bar.hovered == "c"
        gap = len(_shown(app).rstrip().rsplit("▏", 1)[0].rstrip()) + 2  # between the sides
        lesson = app.screen
        await pilot.click(KeyBar, offset=(gap, 0))
        await pilot.pause()
        assert app.screen is lesson


async def test_a_narrow_terminal_shows_whole_keys_only(
        mini_course: Course, tmp_path: Path) -> None:
    app = CanvasTutorApp(mini_course, data_dir=tmp_path)
    async with app.run_test(size=(40, 20)) as pilot:
        await in_lesson(app, pilot, "intro", tmp_path / "k.canvas.toml")
        shown = _shown(app)
        assert len(shown) <= 40
        assert "esc Home" in shown
        # Every key that starts on the bar ends on it with its whole description.
        for label in ("esc Home", "^→ Next", "^← Previous", "c My canvas", "f1 Help"):
            head = label.split(" ", 1)[0]
            if f" {head} " in f" {shown}":
                assert label in shown
