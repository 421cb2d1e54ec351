"""Resume means exactly where I was; `n` means where I should go next; fast typing lands right.

Driven as a learner would, asserting on the screen and on the canvas file.
"""

from __future__ import annotations

from pathlib import Path

from textual import events
from textual.containers import VerticalScroll
from textual.pilot import Pilot
from textual.widgets import Button, Input, ProgressBar, TextArea

from canvas_tutor.canvas.model import Canvas
from canvas_tutor.canvas.progress import Position, keep_position, position_of, resume_position
from canvas_tutor.canvas.store import read_canvas
from canvas_tutor.course.model import Course
from canvas_tutor.tui.app import CanvasTutorApp
from canvas_tutor.tui.screens.home import HomeScreen
from canvas_tutor.tui.screens.lesson import LessonScreen
from tui_helpers import in_lesson, screen_rows

SIZE = (80, 24)


async def _ready(pilot: Pilot[None], screen: LessonScreen) -> None:
    """Wait until every part of the lesson is mounted (and its restore has run)."""
    for _ in range(100):
        if screen.ready_at:
            break
        await pilot.pause(0.02)
    await pilot.pause()
    await pilot.pause()


async def test_resume_returns_to_the_lesson_exercise_scroll_and_text_box(
        builtin_course: Course, tmp_path: Path) -> None:
    data = tmp_path / "data"
    app = CanvasTutorApp(builtin_course, data_dir=data)
    async with app.run_test(size=SIZE) as pilot:
        path = await in_lesson(app, pilot, "customer-relationships", data / "ann.canvas.toml")
        screen = app.screen
        assert isinstance(screen, LessonScreen)
        await _ready(pilot, screen)
        box = screen.query_one("#ex-cr-integration").query_one(TextArea)
        box.focus()
        await pilot.pause()
        await pilot.press("a", "b", "c")
        body = screen.query_one("#body", VerticalScroll)
        target = int(body.max_scroll_y * 0.7)
        body.scroll_to(y=target, animate=False, immediate=True)
        await pilot.pause()
        assert round(body.scroll_y) == target
        await pilot.press("ctrl+q")
    kept = read_canvas(path)
    assert kept.progress.current == "customer-relationships"
    assert kept.progress.extra["position"] == {
        "lesson": "customer-relationships", "exercise": "cr-integration", "scroll": target,
        "open": True}
    assert "customer-relationships" not in kept.progress.completed

    again = CanvasTutorApp(builtin_course, data_dir=data)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        again.screen.query_one("#canvases").focus()
        await pilot.press("enter")  # Continue: straight back into the lesson
        await pilot.pause()
        screen = again.screen
        assert isinstance(screen, LessonScreen)
        assert screen.lesson.id == "customer-relationships"
        await _ready(pilot, screen)
        focused = screen.focused
        assert isinstance(focused, TextArea) and focused.text == "abc"
        assert focused in screen.query_one("#ex-cr-integration").query(TextArea)
        assert round(screen.query_one("#body", VerticalScroll).scroll_y) == target
        await pilot.press("d")  # the cursor is at the end of what I typed
        await pilot.press("ctrl+q")
    assert read_canvas(path).answer("customer_relationships", "cr-integration") == "abcd"


async def test_a_done_lesson_i_quit_in_is_where_continue_goes_but_not_one_i_left(
        builtin_course: Course, tmp_path: Path) -> None:
    """Back in a finished lesson to change an answer, then quit: Continue returns there.
    Left for home before quitting: Continue goes where the learner should go next."""
    data = tmp_path / "data"
    path = data / "ann.canvas.toml"
    app = CanvasTutorApp(builtin_course, data_dir=data)
    async with app.run_test(size=SIZE) as pilot:
        await in_lesson(app, pilot, "customer-relationships", path)
        app.canvas.progress.complete("customer-relationships")  # read through before
        screen = app.screen
        assert isinstance(screen, LessonScreen)
        await _ready(pilot, screen)
        screen.query_one("#ex-cr-expect").query_one(TextArea).focus()
        await pilot.pause()
        await pilot.press("x", "y")
        await pilot.press("ctrl+q")
    assert "customer-relationships" in read_canvas(path).progress.completed

    for leave_first in (False, True):
        again = CanvasTutorApp(builtin_course, data_dir=data)
        async with again.run_test(size=SIZE) as pilot:
            await pilot.pause()
            again.screen.query_one("#canvases").focus()
            await pilot.press("enter")
            await pilot.pause()
            screen = again.screen
            if leave_first:  # the second start: the lesson was left for home, then quit
                assert isinstance(screen, HomeScreen)
                break
            assert isinstance(screen, LessonScreen)
            assert screen.lesson.id == "customer-relationships"
            await _ready(pilot, screen)
            focused = screen.focused
            assert isinstance(focused, TextArea) and focused.text == "xy"
            await pilot.press("escape", "escape")  # out of the box, out of the lesson
            await pilot.pause()
            assert isinstance(again.screen, HomeScreen)
            await pilot.press("ctrl+q")


async def test_a_new_learner_starts_on_the_welcome_and_n_goes_there(
        builtin_course: Course, tmp_path: Path) -> None:
    app = CanvasTutorApp(builtin_course, data_dir=tmp_path / "data")
    async with app.run_test(size=SIZE) as pilot:
        assert app.create_canvas(tmp_path / "data" / "new.canvas.toml", "Ann", "Cafe")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        focused = app.screen.focused
        assert isinstance(focused, Button) and focused.id == "lesson-welcome"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen) and app.screen.lesson.id == "welcome"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen) and app.screen.lesson.id == "welcome"
    assert read_canvas(tmp_path / "data" / "new.canvas.toml").progress.current == "welcome"


async def test_n_on_home_opens_the_lesson_i_was_in_not_the_first_not_done(
        builtin_course: Course, tmp_path: Path) -> None:
    app = CanvasTutorApp(builtin_course, data_dir=tmp_path / "data")
    async with app.run_test(size=SIZE) as pilot:
        path = tmp_path / "data" / "ann.canvas.toml"
        assert app.create_canvas(path, "Ann", "Cafe")
        await pilot.pause()
        progress = app.canvas.progress
        progress.completed = ["welcome", "the-canvas", "customer-segments",
                              "value-propositions"]  # channels (5) is not done
        keep_position(app.canvas, Position("customer-relationships", "cr-cost", 0))
        app.changed()
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)
        assert app.screen.lesson.id == "customer-relationships"
        assert "Customer relationships" in "\n".join(screen_rows(app.screen))


async def test_reading_a_lesson_to_its_end_counts_on_the_bar(
        builtin_course: Course, tmp_path: Path) -> None:
    app = CanvasTutorApp(builtin_course, data_dir=tmp_path / "data")
    async with app.run_test(size=SIZE) as pilot:
        path = await in_lesson(app, pilot, "channels", tmp_path / "data" / "ann.canvas.toml")
        screen = app.screen
        assert isinstance(screen, LessonScreen)
        await _ready(pilot, screen)
        await pilot.press("escape")  # read only the top: not done
        await pilot.pause()
        assert "channels" not in read_canvas(path).progress.completed
        app.open_lesson("channels")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LessonScreen)
        await _ready(pilot, screen)
        screen.query_one("#body", VerticalScroll).focus()
        await pilot.press("end")  # to the end of the lesson, as a reader scrolls
        await pilot.pause(0.3)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        bar = app.screen.query_one("#progress", ProgressBar)
        assert bar.progress == 1
    assert "channels" in read_canvas(path).progress.completed


async def test_keys_typed_in_one_burst_after_enter_land_in_the_venture(
        builtin_course: Course, tmp_path: Path) -> None:
    data = tmp_path / "data"
    app = CanvasTutorApp(builtin_course, data_dir=data)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.focused, Input) and app.focused.id == "name"
        # One burst, as a terminal delivers a fast typist's keys: every key is queued
        # before the app handles the first (Pilot.press would wait between keys).
        for key in [*"name", "enter", *"venture"]:
            app.post_message(events.Key(key, None if key == "enter" else key))
        await pilot.pause(0.2)
        assert app.screen.query_one("#name", Input).value == "name"
        assert app.screen.query_one("#venture", Input).value == "venture"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    canvas = read_canvas(data / "name.canvas.toml")
    assert (canvas.name, canvas.venture) == ("name", "venture")


def test_plain_mode_and_the_tui_agree_where_to_go_next(builtin_course: Course) -> None:
    from canvas_tutor.plain.tutor import PlainTutor

    canvas = Canvas(course=builtin_course.id)
    assert resume_position(canvas, builtin_course) == Position("welcome")
    canvas.progress.completed = ["welcome", "the-canvas"]
    keep_position(canvas, Position("channels", "ch-how", 40))
    place = resume_position(canvas, builtin_course)
    assert place is not None and place.lesson == "channels" and place.scroll == 40

    class Stub:  # what start_index reads of a PlainTutor
        def __init__(self) -> None:
            self.canvas, self.course, self.resume_at = canvas, builtin_course, ""

    stub = Stub()
    assert PlainTutor.start_index(stub) == builtin_course.position("channels")  # type: ignore[arg-type]
    canvas.progress.completed.append("channels")  # done: on to the next one not done
    place = resume_position(canvas, builtin_course)
    assert place == Position("customer-relationships")
    canvas.progress.completed = [lesson.id for lesson in builtin_course.lessons]
    assert resume_position(canvas, builtin_course) is None


def test_a_malformed_position_is_ignored_not_an_error(builtin_course: Course) -> None:
    canvas = Canvas(course=builtin_course.id)
    for bad in ("x", 3, {"lesson": 4}, {"lesson": ""}, ["a"]):
        canvas.progress.extra["position"] = bad
        assert position_of(canvas) is None
    canvas.progress.extra["position"] = {"lesson": "channels", "exercise": 5, "scroll": -3}
    assert position_of(canvas) == Position("channels", "", 0)


async def test_letter_keys_do_not_act_inside_an_exercise(
        mini_course: Course, tmp_path: Path) -> None:
    from textual.widgets import OptionList

    app = CanvasTutorApp(mini_course, data_dir=tmp_path / "data")
    async with app.run_test(size=SIZE) as pilot:
        path = await in_lesson(app, pilot, "relations", tmp_path / "data" / "a.canvas.toml")
        screen = app.screen
        assert isinstance(screen, LessonScreen)
        screen.query_one("#ex-mi-notes").query_one(OptionList).focus()
        await pilot.pause()
        await pilot.press("n", "p", "c", "q")
        await pilot.pause()
        assert app.screen is screen and app.is_running  # still here, nothing quit
        screen.query_one("#body").focus()
        await pilot.pause()
        await pilot.press("p")  # outside the exercise the letter works
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen) and app.screen.lesson.id == "intro"
    assert read_canvas(path).progress.current == "intro"


async def test_a_name_with_letters_nfkd_keeps_becomes_a_whole_file_name(
        builtin_course: Course, tmp_path: Path) -> None:
    from canvas_tutor.canvas.library import safe_stem

    assert safe_stem("Inès Łukasz") == "ines-lukasz"
    assert safe_stem("Søren Þór Straße Æsa Œdipe Đorđe") == "soren-thor-strasse-aesa-oedipe-dorde"
    data = tmp_path / "data"
    app = CanvasTutorApp(builtin_course, data_dir=data)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.screen.query_one("#name", Input).value = "Inès Łukasz"
        app.screen.query_one("#venture", Input).value = "Bikes"
        app.screen.query_one("#venture", Input).focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert "Inès Łukasz" in "\n".join(screen_rows(app.screen))
    assert read_canvas(data / "ines-lukasz.canvas.toml").name == "Inès Łukasz"
