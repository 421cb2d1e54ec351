"""The same tests of saving, hostile text and bad files, run against both front ends.

Each scenario is written once; `front` runs it in the full screen (Pilot) or in plain mode
(the subprocess a learner starts), and the checks are on the canvas file and on what the
learner is shown.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Static, TextArea

from canvas_tutor.canvas.model import Canvas
from canvas_tutor.canvas.store import CanvasStore, read_canvas
from canvas_tutor.course.model import Course
from canvas_tutor.tui.app import CanvasTutorApp
from canvas_tutor.tui.screens.broken import BrokenCanvasScreen
from conftest import MINI_PACK
from plain_helpers import run_script

BLOCK, QUESTION, LESSON = "customer_relationships", "mi-expect", "relations"
FRONTS = ["tui", "plain"]
HOSTILE = "[bold]x[/bold] [@click=app.quit]y\x1b[2J\x1b]0;title\x07 \u009b5m z"


async def _answer_in_tui(course: Course, path: Path, text: str) -> str:
    """Open the canvas in the full screen, type `text` at the end of the answer, quit;
    returns what the answer box showed before typing."""
    app = CanvasTutorApp(course, canvas_path=path, data_dir=path.parent)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.open_lesson(LESSON)
        await pilot.pause()
        area = app.screen.query_one(TextArea)
        shown = area.text
        area.focus()
        area.move_cursor(area.document.end)
        area.insert(text)
        await pilot.pause()  # the change reaches the screen, as after a key
        await pilot.press("ctrl+q")
    return shown


def _answer_in_plain(path: Path, text: str) -> str:
    """The same in plain mode: the answer so far is read out, a new one replaces it."""
    before = read_canvas(path).answer(BLOCK, QUESTION)
    done = run_script(["skip", *(before + text).split("\n"), "", "q"], "--plain", "--course",
                      str(MINI_PACK), "--canvas", str(path))
    assert done.returncode == 0, done.stdout.decode()[-2000:]
    assert b"\x1b" not in done.stdout and b"\xc2\x9b" not in done.stdout
    out = done.stdout.decode()
    start = out.index("Your answer so far:\n") + len("Your answer so far:\n") if before else 0
    return out[start:out.index("\nType a new answer", start)] if before else ""


def _new_canvas(path: Path, course: Course, answer: str = "") -> Canvas:
    canvas = Canvas(course=course.id, name="Kit", venture="Tea")
    canvas.progress.current = LESSON
    if answer:
        canvas.set_answer(BLOCK, QUESTION, answer)
    with CanvasStore(path) as store:
        store.create(canvas)
    return canvas


@pytest.mark.parametrize("front", FRONTS)
async def test_a_long_answer_is_saved_exactly(front: str, mini_course: Course,
                                              tmp_path: Path) -> None:
    path = tmp_path / "long.canvas.toml"
    _new_canvas(path, mini_course)
    unit = "Ünïcode \"quotes\" 'single' \\backslash\\ tab\there; "
    text = (unit * (100_000 // len(unit) + 1))[:100_000]
    if front == "tui":
        await _answer_in_tui(mini_course, path, text)
    else:
        _answer_in_plain(path, text)
    assert read_canvas(path).answer(BLOCK, QUESTION) == text


@pytest.mark.parametrize("front", FRONTS)
async def test_hostile_learner_text_is_shown_as_text(front: str, mini_course: Course,
                                                     tmp_path: Path) -> None:
    path = tmp_path / "hostile.canvas.toml"
    canvas = _new_canvas(path, mini_course, HOSTILE)
    stored = canvas.answer(BLOCK, QUESTION)
    assert "\x1b" not in stored and "[bold]x[/bold]" in stored  # cleaned when it came in
    shown = (await _answer_in_tui(mini_course, path, "!") if front == "tui"
             else _answer_in_plain(path, "!"))
    assert shown == stored  # brackets and all, never read as markup or obeyed
    assert read_canvas(path).answer(BLOCK, QUESTION) == stored + "!"


@pytest.mark.parametrize("front", FRONTS)
async def test_a_broken_canvas_is_never_overwritten(front: str, mini_course: Course,
                                                    tmp_path: Path) -> None:
    path = tmp_path / "broken.canvas.toml"
    broken = b'format = "canvas-tutor/canvas"\nformat_version = 1\ncourse = [\n'
    path.write_bytes(broken)
    if front == "tui":
        app = CanvasTutorApp(mini_course, canvas_path=path, data_dir=tmp_path)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, BrokenCanvasScreen)
            told = " ".join(str(s.render()) for s in app.screen.query(Static))
            await pilot.press("ctrl+q")
    else:
        done = run_script([""], "--plain", "--course", str(MINI_PACK), "--canvas", str(path))
        assert done.returncode == 1
        told = done.stdout.decode()
    assert path.read_bytes() == broken
    assert "broken.canvas.toml:3" in told


@pytest.mark.parametrize("front", FRONTS)
async def test_a_newer_canvas_format_is_refused_untouched(front: str, mini_course: Course,
                                                          tmp_path: Path) -> None:
    path = tmp_path / "future.canvas.toml"
    _new_canvas(path, mini_course, "kept")
    future = path.read_text(encoding="utf-8").replace("format_version = 1",
                                                      "format_version = 99")
    path.write_text(future, encoding="utf-8")
    if front == "tui":
        app = CanvasTutorApp(mini_course, canvas_path=path, data_dir=tmp_path)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, BrokenCanvasScreen)
            await pilot.press("ctrl+q")
    else:
        done = run_script(["", ""], "--plain", "--course", str(MINI_PACK), "--canvas",
                          str(path))
        assert done.returncode == 1
        assert b"cannot be read" in done.stdout
    assert path.read_text(encoding="utf-8") == future
