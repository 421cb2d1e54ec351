"""The app against a hostile pack, a failing disk and keys that come all at once (issue 12).

Faults 1 and 5 to 7 as a learner meets them, driven with Pilot; the same faults with the
real app under a pseudo-terminal are in test_security_pty.py.
"""

from __future__ import annotations

import errno
from pathlib import Path

import pytest
from textual import events
from textual.widgets import Input, Static, TextArea

import canvas_tutor.canvas.store as store_module
from canvas_tutor.canvas.store import read_canvas
from canvas_tutor.course.loader import load_course
from canvas_tutor.course.model import Course
from canvas_tutor.tui.app import CanvasTutorApp
from hostile_pack import control_characters, hostile_pack
from tui_helpers import in_lesson, screen_rows

SIZE = (100, 40)
BLOCK, REFLECT = "customer_relationships", "mi-expect"


def _drawn(app: CanvasTutorApp) -> str:
    """Everything the terminal would be sent for the current screen, as text."""
    return "\n".join(screen_rows(app.screen))


# Fault 1 in the app (and the test that could not fail: ESC only in learner text) ----


@pytest.mark.parametrize("trainer", [False, True])
async def test_a_hostile_pack_draws_no_control_character(tmp_path: Path, trainer: bool) -> None:
    course = load_course(hostile_pack(tmp_path))
    app = CanvasTutorApp(course, data_dir=tmp_path / "data", trainer=trainer)
    async with app.run_test(size=SIZE) as pilot:
        seen = [_drawn(app)]  # the welcome screen, with the course's title
        await in_lesson(app, pilot, "intro", tmp_path / "data" / "a.canvas.toml")
        for _ in range(5):
            await pilot.pause()
        seen.append(_drawn(app))
        for widget in app.screen.query("#body > *"):  # every segment, scrolled into view
            widget.scroll_visible(animate=False)
            await pilot.pause()
            seen.append(_drawn(app))
        app.open_lesson("relations")
        for _ in range(5):
            await pilot.pause()
        seen.append(_drawn(app))
        app.open_my_canvas()
        await pilot.pause()
        seen.append(_drawn(app))
    text = "\n".join(seen)
    assert "PWNED" in text  # the hostile text was on screen ...
    assert control_characters(text) == []  # ... as plain text only


# Fault 6: a failed final save keeps the app open ------------------------------------


def _dialog() -> type:
    """The save-failed dialog (imported late: the test must fail, not error, without it)."""
    from canvas_tutor.tui.screens.save_failed import SaveFailedScreen

    return SaveFailedScreen


def _full_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(store_module, "replace_atomically", full)


async def _type_answer(app: CanvasTutorApp, pilot, path: Path, text: str) -> None:  # type: ignore[no-untyped-def]
    await in_lesson(app, pilot, "relations", path)
    app.screen.query_one(TextArea).focus()
    await pilot.press(*text)


async def test_quit_on_a_full_disk_keeps_the_app_open_then_retry_saves(
        mini_course: Course, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "a.canvas.toml"
    app = CanvasTutorApp(mini_course, data_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await _type_answer(app, pilot, path, "abc")
        _full_disk(monkeypatch)
        await pilot.press("ctrl+q")  # well within the autosave delay
        await pilot.pause()
        assert app.is_running
        assert isinstance(app.screen, _dialog())
        assert "disk is full" in str(app.screen.query_one("#reason", Static).render())
        await pilot.press("ctrl+q")  # again: one more try, still failing, still open
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, _dialog())
        monkeypatch.undo()  # space freed
        await pilot.click("#retry")
        await pilot.pause()
    assert app.return_code == 0
    assert read_canvas(path).answer(BLOCK, REFLECT) == "abc"


async def test_a_failed_final_save_can_be_saved_elsewhere(
        mini_course: Course, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "a.canvas.toml"
    rescue = tmp_path / "usb" / "rescued"
    app = CanvasTutorApp(mini_course, data_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await _type_answer(app, pilot, path, "xyz")
        original = store_module.replace_atomically

        def full_here(target: Path, *args: object, **kwargs: object) -> None:
            if target.parent == tmp_path:
                raise OSError(errno.ENOSPC, "No space left on device")
            original(target, *args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(store_module, "replace_atomically", full_here)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, _dialog())
        field = app.screen.query_one("#elsewhere", Input)
        field.value = str(rescue)
        await pilot.click("#copy")
        await pilot.pause()
    saved = rescue.with_name("rescued.canvas.toml")
    assert read_canvas(saved).answer(BLOCK, REFLECT) == "xyz"
    assert read_canvas(path).answer(BLOCK, REFLECT) == ""  # the old file, untouched


async def test_back_to_the_course_keeps_the_work_in_the_app(
        mini_course: Course, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "a.canvas.toml"
    app = CanvasTutorApp(mini_course, data_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await _type_answer(app, pilot, path, "keep")
        _full_disk(monkeypatch)
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.is_running and not isinstance(app.screen, _dialog())
        assert app.canvas.answer(BLOCK, REFLECT) == "keep"
        monkeypatch.undo()
        await pilot.press("ctrl+q")
    assert read_canvas(path).answer(BLOCK, REFLECT) == "keep"


# Fault 7: keys that arrive in the same read as Ctrl+Q --------------------------------


def _one_read(app: CanvasTutorApp, keys: str) -> None:
    """What the terminal driver does with one read: every key posted at once, in order."""
    for ch in keys:
        app.post_message(events.Key(ch, ch))
    app.post_message(events.Key("ctrl+q", None))


async def test_keys_in_the_same_read_as_ctrl_q_are_saved(mini_course: Course,
                                                         tmp_path: Path) -> None:
    path = tmp_path / "a.canvas.toml"
    app = CanvasTutorApp(mini_course, data_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await _type_answer(app, pilot, path, "draft ")
        _one_read(app, "ZQ4")
        for _ in range(20):
            if not app.is_running:
                break
            await pilot.pause(0.05)
    assert read_canvas(path).answer(BLOCK, REFLECT) == "draft ZQ4"


async def test_a_note_typed_in_the_same_read_as_ctrl_q_is_saved(mini_course: Course,
                                                                tmp_path: Path) -> None:
    path = tmp_path / "a.canvas.toml"
    app = CanvasTutorApp(mini_course, data_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await in_lesson(app, pilot, "relations", path)
        while app.screen.query("#note-input").first() is None:
            await pilot.pause()
        app.screen.query_one("#note-input").focus()
        _one_read(app, "note1")
        for _ in range(20):
            if not app.is_running:
                break
            await pilot.pause(0.05)
    assert read_canvas(path).blocks[BLOCK].notes == ["note1"]


# Fault 5 at the widget: a paste is saved as pasted, less control characters --------


async def test_a_paste_with_escapes_is_saved_as_pasted_in_every_text_field(
        mini_course: Course, tmp_path: Path) -> None:
    path = tmp_path / "a.canvas.toml"
    app = CanvasTutorApp(mini_course, data_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await in_lesson(app, pilot, "relations", path)
        while app.screen.query("#note-input").first() is None:
            await pilot.pause()
        app.screen.query_one(TextArea).focus()
        app.post_message(events.Paste("abc\x1bdef\x1b[31mred\x07\r\nnext"))
        await pilot.pause()
        app.screen.query_one("#note-input").focus()
        app.post_message(events.Paste("note\x1b]0;x\x07 one"))
        await pilot.pause()
        await pilot.press("enter")
        await pilot.press("ctrl+q")
    saved = read_canvas(path)
    assert saved.answer(BLOCK, REFLECT) == "abcdef[31mred\nnext"
    assert saved.blocks[BLOCK].notes == ["note]0;x one"]


async def test_the_save_failed_dialog_fits_80_columns_and_saves_into_a_folder(
        mini_course: Course, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "a.canvas.toml"
    stick = tmp_path / "stick"
    stick.mkdir()
    app = CanvasTutorApp(mini_course, data_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await _type_answer(app, pilot, path, "folder")
        original = store_module.replace_atomically

        def full_here(target: Path, *args: object, **kwargs: object) -> None:
            if target.parent == tmp_path:
                raise OSError(errno.ENOSPC, "No space left on device")
            original(target, *args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(store_module, "replace_atomically", full_here)
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.pause()
        drawn = _drawn(app)
        for label in ("Try again", "Save the copy, quit", "Back", "Quit without saving",
                      "the disk is"):
            assert label in drawn, label  # every way out is on screen, none cut off
        reason = str(app.screen.query_one("#reason", Static).render())
        assert reason.startswith(str(path)) and "the disk is full" in reason
        app.screen.query_one("#elsewhere", Input).value = str(stick)
        app.screen.query_one("#elsewhere", Input).focus()
        await pilot.press("enter")
        await pilot.pause()
    saved = stick / "ann.canvas.toml"  # named for the learner, in the folder given
    assert read_canvas(saved).answer(BLOCK, REFLECT) == "folder"
    assert stat_mode(saved) == 0o600


def stat_mode(path: Path) -> int:
    import stat

    return stat.S_IMODE(path.stat().st_mode)


async def test_hostile_file_names_in_the_canvas_folder_are_shown_visibly(
        mini_course: Course, tmp_path: Path) -> None:
    from canvas_tutor.canvas.codec import canvas_to_text
    from canvas_tutor.canvas.model import Canvas

    bad = "\x1b]0;PWNED\x07\x1b[2J"
    (tmp_path / f"ok{bad}.canvas.toml").write_text(
        canvas_to_text(Canvas(course=mini_course.id)), "utf-8")  # no name: the file's shown
    (tmp_path / f"broken{bad}.canvas.toml").write_text("nope [", "utf-8")
    app = CanvasTutorApp(mini_course, data_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.pause()
        text = _drawn(app)
    assert control_characters(text) == []
    assert "broken\\x1b]0;PWNED\\x07\\x1b[2J.canvas.toml" in text
    assert "ok\\x1b]0;PWNED\\x07\\x1b[2J" in text
