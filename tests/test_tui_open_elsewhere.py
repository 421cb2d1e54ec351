"""A canvas open in another window: the app says whose it is and offers the others.

Two stores as two windows: the test holds one canvas with a CanvasStore of its own (the
first window), then the app tries to open it (the second window).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.widgets import Input, OptionList

from canvas_tutor.canvas.model import Canvas
from canvas_tutor.canvas.store import CanvasStore
from canvas_tutor.course.model import Course
from canvas_tutor.tui.app import CanvasTutorApp
from canvas_tutor.tui.screens.home import HomeScreen
from canvas_tutor.tui.screens.open_elsewhere import OpenElsewhereDialog
from canvas_tutor.tui.screens.welcome import WelcomeScreen
from tui_helpers import screen_rows

SIZE = (80, 24)


@pytest.fixture
def holder(tmp_path: Path, mini_course: Course) -> Iterator[CanvasStore]:
    """Three learners' canvases; Ann's is open in another window: this store holds it."""
    data = tmp_path / "data"
    for stem, name, venture in (("ann", "Ann", "Bike repair van"), ("ben", "Ben", "Tea bar"),
                                ("eve", "[bold]Eve[/bold]\x1b[2J", "")):
        store = CanvasStore(data / f"{stem}.canvas.toml")
        store.create(Canvas(course=mini_course.id, name=name, venture=venture))
        store.close()
    first_window = CanvasStore(data / "ann.canvas.toml")
    first_window.open()
    yield first_window
    first_window.close()


@pytest.fixture
def folder(holder: CanvasStore) -> Path:
    return holder.path.parent


def _shown(app: CanvasTutorApp) -> str:
    return "\n".join(screen_rows(app.screen))


def _highlighted(app: CanvasTutorApp) -> str:
    choices = app.screen.query_one(OptionList)
    assert choices.has_focus and choices.highlighted is not None
    return str(choices.get_option_at_index(choices.highlighted).prompt)


async def test_the_dialog_names_the_canvas_and_offers_the_others(
        mini_course: Course, folder: Path) -> None:
    app = CanvasTutorApp(mini_course, data_dir=folder, canvas_path=folder / "ann.canvas.toml")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, OpenElsewhereDialog)
        shown = _shown(app)
        assert "Canvas already open" in shown
        assert "Ann · Bike repair van (ann.canvas.toml) is open in another" in shown
        assert "Try again" in shown and "Start a new canvas" in shown
        assert "Ben · Tea bar" in shown and "ben.canvas.toml" in shown
        assert "[bold]Eve[/bold][2J" in shown  # another name: as text, controls gone
        assert "\x1b" not in shown
        assert "esc closes" in shown
        assert "Try again" in _highlighted(app)  # not on somebody else's canvas
        await pilot.press("enter")  # still open there: said again, nothing opened
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, OpenElsewhereDialog) and app.session is None
        names = [str(o.prompt) for o in app.screen.query_one(OptionList).options]
        ben = next(i for i, n in enumerate(names) if "Ben" in n)
        await pilot.press(*["down"] * (ben - 1))  # the heading cannot be highlighted
        assert "Ben" in _highlighted(app)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.session is not None and app.canvas.name == "Ben"


async def test_try_again_opens_it_once_it_is_closed_there(
        mini_course: Course, holder: CanvasStore, folder: Path) -> None:
    app = CanvasTutorApp(mini_course, data_dir=folder, canvas_path=folder / "ann.canvas.toml")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, OpenElsewhereDialog)
        holder.close()  # the learner closes the first window
        await pilot.press("enter")  # Try again
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.canvas.name == "Ann" and "Ann · Bike repair van" in _shown(app)


async def test_start_a_new_canvas_or_go_back(mini_course: Course, folder: Path) -> None:
    app = CanvasTutorApp(mini_course, data_dir=folder)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        listed = app.screen.query_one("#canvases", OptionList)
        index = next(i for i, o in enumerate(listed.options) if "Ann" in str(o.prompt))
        listed.focus()
        listed.highlighted = index
        await pilot.press("enter")  # Ann's, which is open elsewhere
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, OpenElsewhereDialog)
        await pilot.press("escape")  # back: the welcome, still on Ann's canvas
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        assert "Ann" in str(listed.get_option_at_index(listed.highlighted or 0).prompt)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        await pilot.press("down", "enter")  # "Start a new canvas"
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        assert isinstance(app.focused, Input) and app.focused.id == "name"
        assert app.session is None


async def test_a_served_class_names_nobody(mini_course: Course, folder: Path) -> None:
    app = CanvasTutorApp(mini_course, data_dir=folder, fixed_folder=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert not app.open_canvas(folder / "ann.canvas.toml")
        await pilot.pause()
        assert not isinstance(app.screen, OpenElsewhereDialog)
        messages = [str(n.message) + str(n.title) for n in app._notifications]
        assert any("open in another browser tab" in m for m in messages)
        for secret in ("Ann", "Ben", "Eve", str(folder), "ann.canvas.toml"):
            assert not any(secret in m for m in messages), secret


async def test_a_reloaded_page_waits_for_its_old_session_and_says_so(
        mini_course: Course, holder: CanvasStore, folder: Path) -> None:
    """A served learner reloads: their old page's session still holds the canvas while it
    saves. The new page says the canvas is coming, and opens it once the old one lets go
    (here after a second and a half), instead of calling it open elsewhere."""
    import asyncio

    app = CanvasTutorApp(mini_course, data_dir=folder, fixed_folder=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert not app.open_canvas(holder.path, wait=10.0)
        await pilot.pause()
        messages = " ".join(str(n.message) for n in app._notifications)
        assert "still being saved by the page you left" in messages
        await asyncio.sleep(1.5)
        assert app.session is None  # still waiting, and not given up
        holder.close()  # the old page's session ends
        for _ in range(40):
            await pilot.pause(0.05)
            if app.session is not None:
                break
        assert app.session is not None and app.canvas.name == "Ann"
        assert "another browser tab" not in " ".join(str(n.message)
                                                     for n in app._notifications)
