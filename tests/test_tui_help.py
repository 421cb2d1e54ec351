"""Help is drawn from the bindings of the screen it was opened on, in the active language."""

from __future__ import annotations

from pathlib import Path

from textual.binding import Binding

from canvas_tutor.course.model import Course
from canvas_tutor.tui.app import CanvasTutorApp
from canvas_tutor.tui.screens.help import HelpScreen
from canvas_tutor.tui.screens.lesson import LessonScreen
from tui_helpers import in_lesson, screen_rows


def _help(app: CanvasTutorApp) -> str:
    screen = app.screen
    assert isinstance(screen, HelpScreen)
    return screen.help_text().plain


async def test_help_lists_the_keys_of_the_screen_below_and_the_app(
        mini_course: Course, tmp_path: Path) -> None:
    app = CanvasTutorApp(mini_course, data_dir=tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await in_lesson(app, pilot, "relations", tmp_path / "h.canvas.toml")
        await pilot.press("f1")
        await pilot.pause()
        text = _help(app)
        for line in ("Anywhere", "Help", "Save and quit", "Command palette",
                     "Move to the next field or button", "On this screen", "Home", "Next",
                     "Previous", "My canvas"):
            assert line in text
        assert "Sticky notes" in text  # the notes exercise's own keys, under its name
        assert "Move up" in text
        assert "Timer" not in text and "Presenter" not in text  # trainer keys: trainer mode
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)


async def test_trainer_keys_are_in_help_in_trainer_mode(
        mini_course: Course, tmp_path: Path) -> None:
    app = CanvasTutorApp(mini_course, data_dir=tmp_path, trainer=True)
    async with app.run_test(size=(100, 40)) as pilot:
        await in_lesson(app, pilot, "intro", tmp_path / "h.canvas.toml")
        await pilot.press("f1")
        await pilot.pause()
        text = _help(app)
        section = text.split("Trainer keys\n", 1)[1].split("\n\n", 1)[0]
        rows = [line.split() for line in section.splitlines()]
        assert {row[0]: " ".join(row[1:]) for row in rows} == {
            "s": "Start or pause the timer", "r": "Reset the timer",
            "v": "Presenter view: the lesson for a projector",
            "f": "Show or hide the facilitator notes"}
        assert text.index("On this screen") < text.index("Trainer keys")
        await pilot.press("escape", "f")  # and f does what help says
        await pilot.pause()
        assert not app.screen.query_one("#trainer").display


async def test_learners_see_no_trainer_keys(mini_course: Course, tmp_path: Path) -> None:
    app = CanvasTutorApp(mini_course, data_dir=tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await in_lesson(app, pilot, "intro", tmp_path / "h.canvas.toml")
        await pilot.press("f1")
        await pilot.pause()
        assert "Trainer keys" not in _help(app)


async def test_help_says_on_screen_how_to_close_it(mini_course: Course, tmp_path: Path) -> None:
    app = CanvasTutorApp(mini_course, data_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await in_lesson(app, pilot, "intro", tmp_path / "h.canvas.toml")
        await pilot.press("f1")
        await pilot.pause()
        rows = screen_rows(app.screen)
        frame = next(row for row in rows if "╰" in row)  # the box's lower edge
        assert "esc closes" in frame
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)


async def test_a_new_trainer_key_is_in_the_trainer_section(
        mini_course: Course, tmp_path: Path, monkeypatch: object) -> None:
    import pytest

    from canvas_tutor.tui.screens.lesson import TRAINER_KEYS

    assert isinstance(monkeypatch, pytest.MonkeyPatch)
    bindings = [*LessonScreen.BINDINGS,
                Binding("z", "presenter", "Zoom for the back row", group=TRAINER_KEYS)]
    monkeypatch.setattr(LessonScreen, "BINDINGS", bindings)
    app = CanvasTutorApp(mini_course, data_dir=tmp_path, trainer=True)
    async with app.run_test(size=(100, 40)) as pilot:
        await in_lesson(app, pilot, "intro", tmp_path / "h.canvas.toml")
        await pilot.press("f1")
        await pilot.pause()
        text = _help(app)
        assert "Zoom for the back row" in text.split("Trainer keys\n", 1)[1]
        assert "Zoom for the back row" not in text.split("Trainer keys\n", 1)[0]


async def test_a_new_binding_is_in_help_without_touching_help(
        mini_course: Course, tmp_path: Path, monkeypatch: object) -> None:
    import pytest

    assert isinstance(monkeypatch, pytest.MonkeyPatch)
    bindings = [*LessonScreen.BINDINGS, Binding("z", "next", "Zoom to the next lesson")]
    monkeypatch.setattr(LessonScreen, "BINDINGS", bindings)
    app = CanvasTutorApp(mini_course, data_dir=tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await in_lesson(app, pilot, "intro", tmp_path / "h.canvas.toml")
        await pilot.press("f1")
        await pilot.pause()
        assert "Zoom to the next lesson" in _help(app)
