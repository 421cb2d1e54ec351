"""Each exercise kind driven as a learner would (keys and clicks), checked in the saved file."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Checkbox, OptionList, RadioButton, Select, Static

from canvas_tutor.canvas.model import Canvas
from canvas_tutor.canvas.store import read_canvas
from canvas_tutor.course.loader import load_course
from canvas_tutor.tui.app import CanvasTutorApp
from tui_helpers import in_lesson, screen_rows

FIXTURES = Path(__file__).parent / "fixtures"
MINI = FIXTURES / "mini-pack"
ALL_KINDS = FIXTURES / "all-kinds-pack"
SIZE = (80, 24)
BLOCK = "customer_relationships"


def make_app(tmp_path: Path, pack: Path = MINI) -> CanvasTutorApp:
    return CanvasTutorApp(load_course(pack), data_dir=tmp_path / "data")


async def start(app: CanvasTutorApp, pilot: Pilot[None], lesson: str,
                tmp_path: Path) -> Path:
    """A new canvas for Ann, then the lesson; returns the canvas file."""
    return await in_lesson(app, pilot, lesson, tmp_path / "data" / "ann.canvas.toml")


async def reveal(pilot: Pilot[None], widget: Widget) -> None:
    """Scroll the lesson until `widget` is on screen, as a learner would."""
    widget.scroll_visible(animate=False, top=True)
    await pilot.pause()


async def click(pilot: Pilot[None], widget: Widget) -> None:
    await reveal(pilot, widget)
    assert await pilot.click(widget)
    await pilot.pause()


async def type_text(pilot: Pilot[None], text: str) -> None:
    await pilot.press(*text)


async def add_notes(pilot: Pilot[None], exercise: Widget, *notes: str) -> None:
    """Click the new-note box of a notes exercise and type each note, Enter after each."""
    await click(pilot, exercise.query_one("#note-input"))
    for note in notes:
        await type_text(pilot, note)
        await pilot.press("enter")


def line(widget: Widget, n: int) -> tuple[int, int]:
    """Where to click on the n-th line (0-based) of a list, inside its border."""
    return (6, widget.styles.gutter.top + n)


def saved(app: CanvasTutorApp, path: Path) -> Canvas:
    app.save_now()
    return read_canvas(path)


def screen_text(app: CanvasTutorApp) -> str:
    """What the terminal shows, as plain text."""
    return "\n".join(row.rstrip() for row in screen_rows(app.screen))


def widget_text(app: CanvasTutorApp, widget: Widget) -> str:
    """The text drawn inside one widget's region of the screen."""
    region = widget.region
    lines = screen_text(app).splitlines()
    return "\n".join(line[region.x:region.right]
                     for line in lines[region.y:region.bottom])


def shown_text(widget: Widget) -> str:
    """The text every visible Static inside `widget` renders (on screen or scrolled off)."""
    return "\n".join(str(s.render()) for s in widget.query(Static) if s.display)


# Notes ---------------------------------------------------------------------------------

async def test_notes_add_edit_reorder_delete_by_keyboard(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        path = await start(app, pilot, "relations", tmp_path)
        exercise = app.screen.query_one("#ex-mi-notes")
        await add_notes(pilot, exercise, "First idea", "Second", "Third")
        await pilot.press("enter")  # an empty note is ignored
        assert saved(app, path).blocks[BLOCK].notes == ["First idea", "Second", "Third"]

        await pilot.press("shift+tab")  # back to the list: the newest note is highlighted
        assert isinstance(app.focused, OptionList)
        await pilot.press("e")
        await pilot.press(*["backspace"] * len("Third"))
        await type_text(pilot, "Third idea")
        await pilot.press("enter")
        assert saved(app, path).blocks[BLOCK].notes == ["First idea", "Second", "Third idea"]

        await pilot.press("shift+tab", "ctrl+up")
        assert saved(app, path).blocks[BLOCK].notes == ["First idea", "Third idea", "Second"]
        await pilot.press("up", "enter")  # Enter edits too
        await pilot.press("end", "!", "enter")
        assert saved(app, path).blocks[BLOCK].notes == ["First idea!", "Third idea", "Second"]

        await pilot.press("shift+tab", "down", "delete")
        assert saved(app, path).blocks[BLOCK].notes == ["First idea!", "Second"]
        await pilot.press("ctrl+down")  # "Second" is highlighted and already last
        await pilot.press("up", "ctrl+down")
        assert saved(app, path).blocks[BLOCK].notes == ["Second", "First idea!"]
        await pilot.press("backspace", "backspace")
        assert saved(app, path).blocks.get(BLOCK) is None or \
            saved(app, path).blocks[BLOCK].notes == []


async def test_notes_by_mouse_and_escape_cancels_an_edit(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        path = await start(app, pilot, "relations", tmp_path)
        exercise = app.screen.query_one("#ex-mi-notes")
        await add_notes(pilot, exercise, "alpha", "beta")
        await click(pilot, exercise.query_one("#up"))  # beta (highlighted) moves up
        assert saved(app, path).blocks[BLOCK].notes == ["beta", "alpha"]

        notes = exercise.query_one(OptionList)
        await reveal(pilot, notes)
        assert await pilot.click(notes, offset=line(notes, 1))  # the second note: alpha
        await pilot.pause()
        assert exercise.query_one("#note-input").value == "alpha"  # type: ignore[attr-defined]
        await type_text(pilot, "bet")
        await pilot.press("escape")  # cancels the edit, the lesson stays open
        assert app.screen.query("#ex-mi-notes")
        assert saved(app, path).blocks[BLOCK].notes == ["beta", "alpha"]

        await click(pilot, exercise.query_one("#delete"))
        assert saved(app, path).blocks[BLOCK].notes == ["beta"]


async def test_hostile_notes_show_literally_and_never_act(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    hostile = ["[bold]x[/bold]", "[@click=app.quit]y", "\x1b[31mred"]
    async with app.run_test(size=SIZE) as pilot:
        path = tmp_path / "data" / "ann.canvas.toml"
        path.parent.mkdir()
        assert app.create_canvas(path, "Ann", "Cafe")
        app.canvas.block(BLOCK).notes = list(hostile)  # as if typed in an earlier session
        app.open_lesson("relations")
        await pilot.pause()
        exercise = app.screen.query_one("#ex-mi-notes")
        notes = exercise.query_one(OptionList)
        await reveal(pilot, notes)
        shown = widget_text(app, notes)
        assert "1. [bold]x[/bold]" in shown
        assert "2. [@click=app.quit]y" in shown
        assert "3. [31mred" in shown  # the escape character itself is dropped
        assert "\x1b" not in shown

        await add_notes(pilot, exercise, "[@click=app.quit]z")
        await reveal(pilot, notes)
        assert "4. [@click=app.quit]z" in widget_text(app, notes)
        assert await pilot.click(notes, offset=line(notes, 3))  # click on the would-be link
        await pilot.pause()
        assert app.is_running and app.return_code is None
        assert saved(app, path).blocks[BLOCK].notes == [
            "[bold]x[/bold]", "[@click=app.quit]y", "[31mred", "[@click=app.quit]z"]


# Choice --------------------------------------------------------------------------------

async def test_single_choice_wrong_then_right_by_keyboard(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        path = await start(app, pilot, "intro", tmp_path)
        exercise = app.screen.query_one("#ex-mi-quiz")
        await reveal(pilot, exercise)
        await pilot.press("tab")  # from the lesson text to the answers
        await pilot.press("down", "enter")  # the first answer is highlighted: "Nowhere"
        await pilot.press("tab", "enter")  # Check
        assert "✗ Not quite. No: answers are saved as you type." in shown_text(exercise)
        assert "Attempt 1." in shown_text(exercise)
        quiz = saved(app, path).progress.quiz["mi-quiz"]
        assert (quiz.answer, quiz.correct, quiz.attempts, quiz.first_try) == (
            ["b"], False, 1, False)

        await pilot.press("shift+tab", "up", "enter", "tab", "enter")
        await pilot.pause()
        assert "✓ Right. Yes: every answer is saved" in shown_text(exercise)
        quiz = saved(app, path).progress.quiz["mi-quiz"]
        assert (quiz.answer, quiz.correct, quiz.attempts, quiz.first_try) == (
            ["a"], True, 2, False)


async def test_choice_needs_an_answer_and_restores_the_last_one(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        path = await start(app, pilot, "intro", tmp_path)
        exercise = app.screen.query_one("#ex-mi-quiz")
        await click(pilot, exercise.query_one("#check"))
        assert "mi-quiz" not in saved(app, path).progress.quiz
        await click(pilot, exercise.query(RadioButton)[0])
        await click(pilot, exercise.query_one("#check"))
        assert saved(app, path).progress.quiz["mi-quiz"].first_try is True
    again = make_app(tmp_path)  # a new session: the learner resumes the canvas
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert again.open_canvas(path)
        await pilot.pause()
        again.open_lesson("intro")
        await pilot.pause()
        await pilot.pause()
        exercise = again.screen.query_one("#ex-mi-quiz")
        await reveal(pilot, exercise)
        assert [b.value for b in exercise.query(RadioButton)] == [True, False]
        shown = shown_text(exercise)
        assert "✓ Right." in shown and "Attempt 1." in shown


async def test_multiple_choice_feedback_for_every_option(tmp_path: Path) -> None:
    app = make_app(tmp_path, ALL_KINDS)
    async with app.run_test(size=SIZE) as pilot:
        path = await start(app, pilot, "intro", tmp_path)
        exercise = app.screen.query_one("#ex-mi-multi")
        segments, logo, channels = exercise.query(Checkbox)
        await click(pilot, segments)
        await pilot.press("down", "space")  # logo, by keyboard
        await click(pilot, exercise.query_one("#check"))
        shown = shown_text(exercise)
        assert "✓ Customer segments" in shown
        assert "✗ The [bold]logo[/bold] and colours: No: branding" in shown
        # a good option left unticked is named as missed, never as if it were wrong
        assert "✗ Also fits, not ticked: Channels: Yes: how you reach your customers." in shown
        quiz = saved(app, path).progress.quiz["mi-multi"]
        assert (quiz.answer, quiz.correct, quiz.attempts) == (["segments", "logo"], False, 1)

        await click(pilot, logo)
        await click(pilot, channels)
        await click(pilot, exercise.query_one("#check"))
        quiz = saved(app, path).progress.quiz["mi-multi"]
        assert (quiz.answer, quiz.correct, quiz.attempts, quiz.first_try) == (
            ["segments", "channels"], True, 2, False)
        assert "Attempt 2. Well done." in shown_text(exercise)
        # the bad option rightly left unticked gets no mark at all (no ✓ beside it)
        assert "logo" not in shown_text(exercise.query_one("#feedback"))


async def test_enter_on_a_checkbox_checks_the_answer_space_ticks(tmp_path: Path) -> None:
    app = make_app(tmp_path, ALL_KINDS)
    async with app.run_test(size=SIZE) as pilot:
        path = await start(app, pilot, "intro", tmp_path)
        exercise = app.screen.query_one("#ex-mi-multi")
        segments, logo, channels = exercise.query(Checkbox)
        segments.focus()
        await pilot.press("space", "down", "down", "space", "enter")
        assert [box.value for box in (segments, logo, channels)] == [True, False, True]
        quiz = saved(app, path).progress.quiz["mi-multi"]
        assert (quiz.answer, quiz.correct, quiz.attempts) == (["segments", "channels"], True, 1)
        assert "Attempt 1. Well done." in shown_text(exercise)


# Classify ------------------------------------------------------------------------------

async def choose(pilot: Pilot[None], select: Select[str], presses: int) -> None:
    """Open a Select with Enter and take the option `presses` steps below the current one."""
    await reveal(pilot, select)
    select.focus()
    await pilot.press("enter", *["down"] * presses, "enter")
    await pilot.pause()


async def test_classify_refuses_until_sorted_then_gives_feedback_per_item(
        tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        path = await start(app, pilot, "relations", tmp_path)
        exercise = app.screen.query_one("#ex-mi-sort")
        kiosk, forum = exercise.query(Select)
        await choose(pilot, kiosk, 1)  # Transactional, just below the blank
        await click(pilot, exercise.query_one("#check"))
        assert "mi-sort" not in saved(app, path).progress.quiz
        assert app.focused is forum  # sent to the item left unsorted

        await pilot.press("enter", "down", "enter")  # Transactional: wrong for the forum
        await click(pilot, exercise.query_one("#check"))
        shown = shown_text(exercise)
        assert "✓ One purchase, no relationship after it." in shown
        # the ✗ line names the learner's wrong choice first, then the author's feedback
        assert "✗ Not Transactional. Users help each other." in shown
        quiz = saved(app, path).progress.quiz["mi-sort"]
        assert (quiz.answer, quiz.correct) == (["transactional", "transactional"], False)

        await choose(pilot, forum, 1)  # Communities, just below Transactional
        await click(pilot, exercise.query_one("#check"))
        quiz = saved(app, path).progress.quiz["mi-sort"]
        assert (quiz.answer, quiz.correct, quiz.attempts, quiz.first_try) == (
            ["transactional", "communities"], True, 2, False)
        assert "Attempt 2: 2 of 2 right." in shown_text(exercise)


async def test_classify_restores_the_last_answer(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        path = await start(app, pilot, "relations", tmp_path)
        app.canvas.record_quiz("mi-sort", ["communities", "communities"], False)
        app.changed()
        app.open_lesson("relations")  # the lesson again, as after a restart
        await pilot.pause()
        exercise = app.screen.query_one("#ex-mi-sort")
        assert [s.value for s in exercise.query(Select)] == ["communities", "communities"]
        await reveal(pilot, exercise)
        shown = shown_text(exercise)
        assert "✗ Not Communities. One purchase" in shown and "✓ Users help each other." in shown
        assert "Attempt 1: 1 of 2 right." in shown
        assert saved(app, path).progress.quiz["mi-sort"].attempts == 1


# Pick ----------------------------------------------------------------------------------

async def test_pick_keeps_types_in_option_order(tmp_path: Path) -> None:
    app = make_app(tmp_path, ALL_KINDS)
    async with app.run_test(size=SIZE) as pilot:
        path = await start(app, pilot, "relations", tmp_path)
        exercise = app.screen.query_one("#ex-mi-pick")
        types = exercise.query_one(OptionList)
        await reveal(pilot, types)
        assert await pilot.click(types, offset=line(types, 1))  # Communities
        await pilot.pause()
        assert saved(app, path).blocks[BLOCK].types == ["communities"]
        assert "Customers help each other" in shown_text(exercise)
        await pilot.press("up")
        assert "One purchase at a time" in shown_text(exercise)
        await pilot.press("space")
        assert saved(app, path).blocks[BLOCK].types == ["transactional", "communities"]
        await pilot.press("down", "enter")
        assert saved(app, path).blocks[BLOCK].types == ["transactional"]


async def test_pick_starts_from_the_saved_types(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        path = await start(app, pilot, "relations", tmp_path)
        app.canvas.set_types(BLOCK, ["communities"])
        app.changed()
        app.open_lesson("relations")
        await pilot.pause()
        exercise = app.screen.query_one("#ex-mi-pick")
        types = exercise.query_one(OptionList)
        assert types.selected == ["communities"]  # type: ignore[attr-defined]
        await reveal(pilot, types)
        assert await pilot.click(types, offset=line(types, 0))  # Transactional
        await pilot.pause()
        assert saved(app, path).blocks[BLOCK].types == ["transactional", "communities"]


def test_the_verdict_word_is_not_doubled_when_the_author_opens_with_it() -> None:
    from canvas_tutor.tui.widgets.parts import with_verdict_word

    assert with_verdict_word(False, "Not quite. The message is for someone else.") == \
        "Not quite. The message is for someone else."
    assert with_verdict_word(True, "Right: she serves one group.") == \
        "Right: she serves one group."
    assert with_verdict_word(False, "The message is for someone else.") == \
        "Not quite. The message is for someone else."
    assert with_verdict_word(True, "") == "Right."
