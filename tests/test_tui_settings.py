"""The theme is kept across restarts, in a settings file that is validated when read."""

from __future__ import annotations

from pathlib import Path

from canvas_tutor.canvas.settings import Settings, load_settings, settings_path
from canvas_tutor.course.model import Course
from canvas_tutor.tui.app import CanvasTutorApp


async def test_the_theme_chosen_is_there_after_a_restart(mini_course: Course,
                                                         tmp_path: Path) -> None:
    app = CanvasTutorApp(mini_course, data_dir=tmp_path / "data")
    async with app.run_test(size=(80, 24)) as pilot:
        first = app.theme
        await pilot.press("ctrl+t")
        await pilot.pause()
        chosen = app.theme
        assert chosen != first
    assert load_settings() == Settings(theme=chosen)
    assert f'theme = "{chosen}"' in settings_path().read_text(encoding="utf-8")
    again = CanvasTutorApp(mini_course, data_dir=tmp_path / "data")
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert again.theme == chosen


async def test_a_broken_or_hostile_settings_file_falls_back_to_the_default(
        mini_course: Course, tmp_path: Path) -> None:
    path = settings_path()
    path.parent.mkdir(parents=True)
    default = CanvasTutorApp(mini_course, data_dir=tmp_path / "data").theme
    for bad in ('theme = [1, 2]', 'theme = "no-such-theme"', "not toml at all [",
                'theme = "' + "x" * 500 + '"', "\x1b[31m"):
        path.write_text(bad, encoding="utf-8")
        app = CanvasTutorApp(mini_course, data_dir=tmp_path / "data")
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert app.theme == default
