"""The same work either way: a canvas begun in the TUI goes on in plain mode and back.

The TUI part is driven with Pilot, plain mode as the subprocess a learner runs; the file
between them keeps everything, including a key only a person editing it by hand added.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from textual.widgets import OptionList, TextArea

from canvas_tutor.canvas.store import read_canvas
from canvas_tutor.course.model import Course
from canvas_tutor.tui.app import CanvasTutorApp
from canvas_tutor.tui.widgets.exercises.notes import NotesExercise
from conftest import MINI_PACK
from plain_helpers import PlainSession, last_line
from tui_helpers import in_lesson

SIZE = (80, 24)
BLOCK = "customer_relationships"


async def _type(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.press(*[("space" if ch == " " else ch) for ch in text])


async def test_tui_then_plain_then_tui(mini_course: Course, tmp_path: Path) -> None:
    path = tmp_path / "ann.canvas.toml"
    app = CanvasTutorApp(mini_course, data_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await in_lesson(app, pilot, "relations", path, "Ann", "Bike shop")
        app.screen.query_one(TextArea).focus()
        await _type(pilot, "Typed in the TUI")
        while not app.screen.query("#note-input"):
            await pilot.pause()
        app.screen.query_one("#note-input").focus()
        await _type(pilot, "TUI note")
        await pilot.press("enter")
        await pilot.press("ctrl+q")
    # A trainer added a key of their own by hand: it must survive both front ends.
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("[learner]\n", '[learner]\ngroup = "B2"\n'), encoding="utf-8")
    begun = read_canvas(path)
    assert begun.answer(BLOCK, "mi-expect") == "Typed in the TUI"

    plain = PlainSession("--plain", "--course", str(MINI_PACK), "--canvas", str(path))
    try:
        since = plain.prompt()
        assert "Lesson 2 of 2: Relationships" in since  # where the TUI left off
        # ... and at the exercise the TUI was in (the notes), as the TUI itself resumes
        assert "You left off at an exercise" in since
        assert "Your notes so far:\n  1. TUI note" in since and last_line(since) == "Note 2: "
        plain.send("Plain note")
        assert last_line(plain.prompt()) == "Note 3: "
        plain.send("")
        assert last_line(plain.prompt()) == "Category, a number: "
        plain.send("1")
        assert last_line(plain.prompt()) == "Category, a number: "
        plain.send("2")
        since = plain.prompt()
        assert "Attempt 1: 2 of 2 right." in since
        assert last_line(since).startswith("Numbers of the ones you keep")
        plain.send("2")
        since = plain.prompt()
        assert "You keep: Communities." in since
        plain.send("q")
        assert plain.finish() == 0
    finally:
        plain.kill()

    after = read_canvas(path)
    assert after.answer(BLOCK, "mi-expect") == "Typed in the TUI"
    assert after.blocks[BLOCK].notes == ["TUI note", "Plain note"]
    assert after.blocks[BLOCK].types == ["communities"]
    assert after.progress.quiz["mi-sort"].answer == ["transactional", "communities"]
    assert "relations" in after.progress.completed  # every exercise was tried
    assert (after.name, after.venture, after.created) == ("Ann", "Bike shop", begun.created)
    with path.open("rb") as handle:
        assert tomllib.load(handle)["learner"]["group"] == "B2"

    again = CanvasTutorApp(mini_course, canvas_path=path, data_dir=tmp_path)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        again.open_lesson("relations")
        while not again.screen.query(NotesExercise):
            await pilot.pause()
        await pilot.pause()
        assert again.screen.query_one(TextArea).text == "Typed in the TUI"
        notes = again.screen.query_one(NotesExercise)
        assert notes.notes == ["TUI note", "Plain note"]
        assert notes.query_one(OptionList).option_count == 2
        area = again.screen.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)
        await _type(pilot, " and back")
        await pilot.press("ctrl+q")
    final = read_canvas(path)
    assert final.answer(BLOCK, "mi-expect") == "Typed in the TUI and back"
    assert final.blocks[BLOCK].notes == ["TUI note", "Plain note"]
    assert final.progress.quiz["mi-sort"].attempts == 1
