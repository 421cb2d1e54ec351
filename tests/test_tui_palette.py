"""The command palette holds every command a learner needs, where it makes sense.

Lesson 1 says so: "Command palette: find any command or lesson by typing". Each test
types into the palette as a learner would and checks the screen that opens (and the
file, for an export).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.command import CommandPalette
from textual.pilot import Pilot

from canvas_tutor.course.loader import load_course
from canvas_tutor.course.model import Course
from canvas_tutor.tui.app import CanvasTutorApp
from canvas_tutor.tui.screens.coach_screen import CoachScreen
from canvas_tutor.tui.screens.export_dialog import ExportDialog
from canvas_tutor.tui.screens.glossary import GlossaryScreen
from canvas_tutor.tui.screens.help import HelpScreen
from canvas_tutor.tui.screens.home import HomeScreen
from canvas_tutor.tui.screens.lesson import LessonScreen
from canvas_tutor.tui.screens.my_canvas import MyCanvasScreen
from tui_helpers import screen_rows

SIZE = (100, 32)


async def _palette(pilot: Pilot[None], query: str) -> str:
    """Open the palette, type `query`; returns what the palette shows."""
    await pilot.press("ctrl+p")
    await pilot.pause()
    assert CommandPalette.is_open(pilot.app)
    await pilot.press(*[("space" if ch == " " else ch) for ch in query])
    await pilot.pause(0.4)  # the palette searches in the background
    await pilot.pause()
    return "\n".join(screen_rows(pilot.app.screen))


async def _run(pilot: Pilot[None], query: str) -> None:
    await _palette(pilot, query)
    await pilot.press("enter")
    for _ in range(10):
        await pilot.pause()
        if not CommandPalette.is_open(pilot.app):
            break
    await pilot.pause()


async def _learner(app: CanvasTutorApp, pilot: Pilot[None], data: Path) -> Path:
    path = data / "ann.canvas.toml"
    data.mkdir(parents=True, exist_ok=True)
    await pilot.pause()
    assert app.create_canvas(path, "Ann", "Bike repair van")
    app.canvas.set_notes("customer_segments", ["Students who commute by bike"])
    await pilot.pause()
    return path


async def test_export_from_the_palette_opens_the_export_dialog(
        mini_course: Course, tmp_path: Path) -> None:
    data = tmp_path / "data"
    app = CanvasTutorApp(mini_course, data_dir=data)
    async with app.run_test(size=SIZE) as pilot:
        await _learner(app, pilot, data)
        assert isinstance(app.screen, HomeScreen)
        shown = await _palette(pilot, "export")
        assert "Export my canvas" in shown
        await pilot.press("enter")
        for _ in range(10):
            await pilot.pause()
        assert isinstance(app.screen, ExportDialog)
        assert "Export your canvas" in "\n".join(screen_rows(app.screen))
        assert isinstance(app.screen_stack[-2], MyCanvasScreen)  # over the learner's canvas
        await pilot.press("enter")  # the first format: the printable page
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, MyCanvasScreen)
    page = (data / "exports" / "ann.html").read_text("utf-8")
    assert "Students who commute by bike" in page


async def test_coach_from_a_lesson_and_home_again(mini_course: Course, tmp_path: Path) -> None:
    data = tmp_path / "data"
    app = CanvasTutorApp(mini_course, data_dir=data)
    async with app.run_test(size=SIZE) as pilot:
        await _learner(app, pilot, data)
        app.open_lesson("relations")
        await pilot.pause()
        await _run(pilot, "coach")
        assert isinstance(app.screen, CoachScreen)
        assert "Students who" not in "\n".join(screen_rows(app.screen))  # findings, not tiles
        assert "✗" in "\n".join(screen_rows(app.screen))
        await _run(pilot, "home")
        assert isinstance(app.screen, HomeScreen)
        assert [type(s).__name__ for s in app.screen_stack][-1] == "HomeScreen"
        assert app.canvas.progress.current == "relations"  # the lesson was left as with Esc


async def test_next_and_previous_lesson_only_on_a_lesson(
        mini_course: Course, tmp_path: Path) -> None:
    data = tmp_path / "data"
    app = CanvasTutorApp(mini_course, data_dir=data)
    async with app.run_test(size=SIZE) as pilot:
        await _learner(app, pilot, data)
        shown = await _palette(pilot, "lesson")
        assert "Next lesson" not in shown  # on home there is no "next" to a lesson
        await pilot.press("escape")
        first, second = mini_course.lessons[0].id, mini_course.lessons[1].id
        app.open_lesson(first)
        await pilot.pause()
        shown = await _palette(pilot, "next lesson")
        assert "Next lesson" in shown and mini_course.lessons[1].title in shown
        await pilot.press("enter")
        for _ in range(5):
            await pilot.pause()
        assert isinstance(app.screen, LessonScreen) and app.screen.lesson.id == second
        await _run(pilot, "previous lesson")
        assert isinstance(app.screen, LessonScreen) and app.screen.lesson.id == first
        shown = await _palette(pilot, "previous lesson")
        assert "Previous lesson" not in shown  # the first lesson has none
        await pilot.press("escape")
        await _run(pilot, "my canvas")
        assert isinstance(app.screen, MyCanvasScreen)
        shown = await _palette(pilot, "my canvas")
        assert "See and edit your whole canvas" not in shown  # already there


async def test_the_palette_on_the_welcome_has_no_canvas_commands(tmp_path: Path) -> None:
    app = CanvasTutorApp(load_course(), data_dir=tmp_path / "data")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause(0.4)
        shown = "\n".join(screen_rows(app.screen))
        for there in ("Help", "Glossary", "Light or dark theme", "Save and quit"):
            assert there in shown, there
        for absent in ("Export my canvas", "Coach", "My canvas", "Home"):
            assert absent not in shown, absent
        await pilot.press(*"glossary")
        await pilot.pause(0.4)
        await pilot.press("enter")
        for _ in range(5):
            await pilot.pause()
        assert isinstance(app.screen, GlossaryScreen)
        await pilot.press("escape")
        await _run(pilot, "help")
        assert isinstance(app.screen, HelpScreen)


@pytest.mark.parametrize(("language", "query", "title"),
                         [("es", "exportar", "Exportar mi lienzo"),
                          ("fr", "exporter", "Exporter mon canevas")])
async def test_the_commands_speak_the_interface_language(
        tmp_path: Path, language: str, query: str, title: str) -> None:
    from canvas_tutor.i18n import set_language

    set_language(language)
    data = tmp_path / "data"
    app = CanvasTutorApp(load_course(language=language), data_dir=data)
    async with app.run_test(size=SIZE) as pilot:
        await _learner(app, pilot, data)
        shown = await _palette(pilot, query)
        assert title in shown
        await pilot.press("enter")
        for _ in range(10):
            await pilot.pause()
        assert isinstance(app.screen, ExportDialog)


async def test_my_canvas_shows_what_a_lesson_opened_over_it_changed(
        mini_course: Course, tmp_path: Path) -> None:
    data = tmp_path / "data"
    app = CanvasTutorApp(mini_course, data_dir=data)
    async with app.run_test(size=(120, 40)) as pilot:
        await _learner(app, pilot, data)
        await _run(pilot, "my canvas")
        await _run(pilot, "relationships")  # a lesson, opened over the board
        assert isinstance(app.screen, LessonScreen)
        app.canvas.set_notes("customer_relationships", ["A monthly meet-up"])
        await pilot.press("escape")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, MyCanvasScreen)
        assert "A monthly meet-up" in "\n".join(screen_rows(app.screen))
