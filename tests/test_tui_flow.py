"""The learner's main flows, driven as a person would, asserting on the saved file."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Button, Static, TextArea

from canvas_tutor.canvas.store import CanvasStore, read_canvas
from canvas_tutor.course.model import Course
from canvas_tutor.tui.app import CanvasTutorApp
from canvas_tutor.tui.screens.broken import BrokenCanvasScreen
from canvas_tutor.tui.screens.home import HomeScreen
from canvas_tutor.tui.screens.lesson import LessonScreen
from canvas_tutor.tui.screens.welcome import WelcomeScreen
from tui_helpers import in_lesson, screen_rows

SIZE = (80, 24)


async def _type(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.press(*[("space" if ch == " " else ch) for ch in text])


async def test_new_learner_answers_and_finds_answer_after_restart(
        mini_course: Course, tmp_path: Path) -> None:
    data = tmp_path / "canvases"
    app = CanvasTutorApp(mini_course, data_dir=data)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, WelcomeScreen)
        await _type(pilot, "Ada")
        await pilot.press("enter")
        await _type(pilot, "Tea shop")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        # The customer relationships tile is selected with the arrows, Enter opens it.
        app.screen.query_one("#tile-customer_relationships").focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)
        app.screen.query_one(TextArea).focus()
        await _type(pilot, "They expect a community")
        await pilot.press("ctrl+q")
    path = data / "ada.canvas.toml"
    canvas = read_canvas(path)
    assert canvas.name == "Ada" and canvas.venture == "Tea shop"
    assert canvas.answer("customer_relationships", "mi-expect") == "They expect a community"
    assert canvas.progress.current == "relations"

    again = CanvasTutorApp(mini_course, data_dir=data)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        again.screen.query_one("#canvases").focus()
        await pilot.press("enter")  # continue: straight back into the lesson I left
        await pilot.pause()
        assert isinstance(again.screen, LessonScreen)
        await pilot.press("escape", "escape")  # out of the text box, then home
        await pilot.pause()
        assert isinstance(again.screen, HomeScreen)
        await pilot.press("n")  # continue where I left off
        await pilot.pause()
        assert isinstance(again.screen, LessonScreen)
        assert again.screen.query_one(TextArea).text == "They expect a community"


async def test_typing_autosaves_without_leaving(mini_course: Course, tmp_path: Path) -> None:
    path = tmp_path / "me.canvas.toml"
    app = CanvasTutorApp(mini_course, data_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await in_lesson(app, pilot, "relations", path, "Me", "Idea")
        app.screen.query_one(TextArea).focus()
        await _type(pilot, "draft")
        await pilot.pause(1.5)  # the autosave debounce, then the background write
        assert read_canvas(path).answer("customer_relationships", "mi-expect") == "draft"


async def test_hostile_learner_text_shows_literally(mini_course: Course, tmp_path: Path) -> None:
    # Markup only: the model strips ESC from learner text before any widget sees it, so
    # the "\x1b" check here cannot fail. Escapes in course text, which can, are tested in
    # test_security_tui.py::test_a_hostile_pack_draws_no_control_character.
    path = tmp_path / "x.canvas.toml"
    hostile = "[bold]Eve[/bold] [@click=app.quit]x \x1b[31mred"
    app = CanvasTutorApp(mini_course, data_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        app.create_canvas(path, hostile, "[red]venture")
        await pilot.pause()
        who = app.screen.query_one("#who", Static)
        shown = str(who.render())
        assert "[bold]Eve[/bold] [@click=app.quit]x" in shown
        assert "\x1b" not in shown
        await pilot.click("#who")
        await pilot.pause()
        assert app.is_running  # the fake [@click] action did nothing
    assert read_canvas(path).name == "[bold]Eve[/bold] [@click=app.quit]x [31mred"


async def test_canvas_open_elsewhere_is_refused(mini_course: Course, tmp_path: Path) -> None:
    path = tmp_path / "busy.canvas.toml"
    holder = CanvasStore(path)
    from canvas_tutor.canvas.model import Canvas

    holder.create(Canvas(course=mini_course.id, name="Busy"))
    try:
        app = CanvasTutorApp(mini_course, canvas_path=path, data_dir=tmp_path)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            from canvas_tutor.tui.screens.open_elsewhere import OpenElsewhereDialog

            assert isinstance(app.screen, OpenElsewhereDialog)  # says so, over the welcome
            assert isinstance(app.screen_stack[-2], WelcomeScreen)
            assert app.session is None
    finally:
        holder.close()


async def test_broken_canvas_offers_backup_and_never_overwrites(
        mini_course: Course, tmp_path: Path) -> None:
    from canvas_tutor.canvas.model import Canvas

    path = tmp_path / "ada.canvas.toml"
    store = CanvasStore(path)
    good = Canvas(course=mini_course.id, name="Ada")
    store.create(good)
    good.set_answer("customer_relationships", "mi-expect", "kept in the backup")
    store.save(good)
    good.set_answer("customer_relationships", "mi-expect", "latest")
    store.save(good)
    store.close()
    broken = b'format = "canvas-tutor/canvas"\nformat_version = 1\ncourse = "x\n'
    path.write_bytes(broken)
    app = CanvasTutorApp(mini_course, canvas_path=path, data_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, BrokenCanvasScreen)
        text = " ".join(str(s.render()) for s in app.screen.query(Static))
        assert "ada.canvas.toml:3" in text
        await pilot.click("#backup")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.canvas.answer("customer_relationships", "mi-expect") == "kept in the backup"
    assert path.read_bytes() == broken
    assert (tmp_path / "ada-recovered.canvas.toml").is_file()


async def test_trainer_mode_shows_facilitator_notes_and_timer(
        mini_course: Course, tmp_path: Path) -> None:
    app = CanvasTutorApp(mini_course, data_dir=tmp_path, trainer=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await in_lesson(app, pilot, "intro", tmp_path / "t.canvas.toml", "Trainer", "")
        panel = app.screen.query_one("#trainer")
        assert panel.display
        from canvas_tutor.tui.widgets.lesson_timer import LessonTimer

        timer = app.screen.query_one(LessonTimer)
        assert not timer.running
        await pilot.press("s")
        assert timer.running
        await pilot.press("r")
        assert not timer.running and timer.elapsed == 0
        await pilot.press("v")
        await pilot.pause()
        from canvas_tutor.tui.screens.presenter import PresenterScreen

        assert isinstance(app.screen, PresenterScreen)


async def test_facilitator_notes_hidden_for_learners(mini_course: Course, tmp_path: Path) -> None:
    app = CanvasTutorApp(mini_course, data_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await in_lesson(app, pilot, "intro", tmp_path / "l.canvas.toml", "Learner", "")
        assert not app.screen.query("#trainer")
        await pilot.press("v")
        assert isinstance(app.screen, LessonScreen)


async def test_canvas_option_opens_an_existing_canvas_at_start(
        mini_course: Course, tmp_path: Path) -> None:
    from canvas_tutor.canvas.model import Canvas

    path = tmp_path / "given.canvas.toml"
    with CanvasStore(path) as store:
        store.create(Canvas(course=mini_course.id, name="Given", venture="By --canvas"))
    app = CanvasTutorApp(mini_course, canvas_path=path, data_dir=tmp_path / "elsewhere")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.canvas.name == "Given"


async def test_canvas_option_names_a_new_file(mini_course: Course, tmp_path: Path) -> None:
    path = tmp_path / "new-one.canvas.toml"
    app = CanvasTutorApp(mini_course, canvas_path=path, data_dir=tmp_path / "elsewhere")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await _type(pilot, "Neo")
        await pilot.press("enter", "enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    assert read_canvas(path).name == "Neo"


async def test_note_typed_without_enter_is_kept_on_quit(
        mini_course: Course, tmp_path: Path) -> None:
    path = tmp_path / "n.canvas.toml"
    app = CanvasTutorApp(mini_course, data_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await in_lesson(app, pilot, "relations", path, "Nia", "")
        while app.screen.query("#note-input").first() is None:  # mounted after first paint
            await pilot.pause()
        app.screen.query_one("#note-input").focus()
        await _type(pilot, "unfinished note")
        await pilot.press("ctrl+q")
    assert read_canvas(path).blocks["customer_relationships"].notes == ["unfinished note"]


async def test_100_kb_hostile_answer_shows_literally_and_round_trips(
        mini_course: Course, tmp_path: Path) -> None:
    from canvas_tutor.canvas.model import Canvas

    chunk = "[bold]x[/bold] [@click=app.quit]y\x1b[2J\x1b]0;title\x07 "
    hostile = (chunk * (100_000 // len(chunk) + 1))[:100_000]
    path = tmp_path / "big.canvas.toml"
    canvas = Canvas(course=mini_course.id, name="Big")
    canvas.set_answer("customer_relationships", "mi-expect", hostile)
    with CanvasStore(path) as store:
        store.create(canvas)
    expected = canvas.answer("customer_relationships", "mi-expect")
    assert "\x1b" not in expected and "[bold]x[/bold]" in expected
    app = CanvasTutorApp(mini_course, canvas_path=path, data_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.open_lesson("relations")
        await pilot.pause()
        area = app.screen.query_one(TextArea)
        assert area.text == expected
        area.focus()
        area.move_cursor(area.document.end)
        await pilot.press("!")
        await pilot.press("ctrl+q")
    assert read_canvas(path).answer("customer_relationships", "mi-expect") == expected + "!"


async def test_command_palette_jumps_to_a_lesson_and_keeps_titles_literal(
        mini_course: Course, tmp_path: Path) -> None:
    app = CanvasTutorApp(mini_course, data_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        app.create_canvas(tmp_path / "p.canvas.toml", "Pia", "")
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        await _type(pilot, "Relationships")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)
        assert app.screen.lesson.id == "relations"


async def test_my_canvas_exports_html_and_shows_the_coach(
        mini_course: Course, tmp_path: Path) -> None:
    from canvas_tutor.tui.screens.my_canvas import MyCanvasScreen

    data = tmp_path / "data"
    app = CanvasTutorApp(mini_course, data_dir=data)
    async with app.run_test(size=(120, 40)) as pilot:
        app.create_canvas(data / "eve.canvas.toml", "<script>alert(1)</script>", "Tea")
        app.canvas.set_notes("customer_segments", ["Office workers"])
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, MyCanvasScreen)
        await pilot.press("k")
        await pilot.pause()
        coach = "\n".join(screen_rows(app.screen))
        assert "empty" in coach.lower() or "channel" in coach.lower()
        await pilot.press("escape")  # the coach replaced the board; back to it
        await pilot.pause()
        assert isinstance(app.screen, MyCanvasScreen)
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("enter")  # the first format: HTML
        await pilot.pause()
    page = (data / "exports" / "eve.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>" not in page
    assert "Strategyzer AG" in page


async def test_course_id_from_a_canvas_file_is_never_read_as_markup(
        mini_course: Course, tmp_path: Path) -> None:
    from canvas_tutor.canvas.model import Canvas

    path = tmp_path / "odd.canvas.toml"
    with CanvasStore(path) as store:
        store.create(Canvas(course="[@click=app.quit]other[/]", name="Odd"))
    app = CanvasTutorApp(mini_course, canvas_path=path, data_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        warning = next(n for n in app._notifications if "another course" in n.message)
        assert "[@click=app.quit]other[/]" in warning.message
        assert warning.markup is False
        assert app.is_running


async def test_hostile_course_text_in_titles_shows_literally(
        mini_course: Course, tmp_path: Path) -> None:
    """A pack's case name becomes a panel's border title: brackets are text, not markup."""
    import dataclasses

    from canvas_tutor.tui.widgets.case_panel import CasePanel

    hostile = "[b]Eve[/b] [@click=app.quit]"
    course = dataclasses.replace(mini_course,
                                 case=dataclasses.replace(mini_course.case, name=hostile))
    app = CanvasTutorApp(course, data_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await in_lesson(app, pilot, course.lessons[0].id, tmp_path / "t.canvas.toml", "Tess", "Tea")
        panel = app.screen.query_one(CasePanel)
        panel.scroll_visible()
        await pilot.pause()
        assert any(f"{hostile}'s story" in row for row in screen_rows(app.screen))
        await pilot.click(CasePanel, offset=(4, 0))  # on the title
        await pilot.pause()
        assert app.is_running
        app.open_lesson("relations")
        await pilot.pause()
        compare = app.screen.query_one("#compare", Button)  # "Compare with <case name>"
        assert hostile in str(compare.label)
