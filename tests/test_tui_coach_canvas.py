"""My canvas: the coach as a list a person reads, arrows between the tiles, exports named."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import OptionList

from canvas_tutor.canvas.store import read_canvas
from canvas_tutor.course.model import Course
from canvas_tutor.tui.app import CanvasTutorApp
from canvas_tutor.tui.screens.coach_screen import CoachScreen
from canvas_tutor.tui.screens.lesson import LessonScreen
from canvas_tutor.tui.screens.my_canvas import MyCanvasScreen
from canvas_tutor.tui.widgets.board_tile import BoardTile
from tui_helpers import screen_rows

SIZE = (80, 24)
BLOCK_IDS = ("key_partners", "key_activities", "key_resources", "value_propositions",
             "customer_relationships", "channels", "customer_segments", "cost_structure",
             "revenue_streams")


async def _my_canvas(app: CanvasTutorApp, pilot, path: Path) -> None:  # type: ignore[no-untyped-def]
    assert app.create_canvas(path, "Ann", "Bike repair")
    app.canvas.set_notes("customer_segments", ["Students who commute by bike"])
    app.canvas.set_notes("value_propositions", ["Repairs while you are in class"])
    app.changed()
    await pilot.pause()
    app.open_my_canvas()
    await pilot.pause()
    assert isinstance(app.screen, MyCanvasScreen)


async def test_coach_findings_are_a_readable_list_with_titles_not_ids(
        builtin_course: Course, tmp_path: Path) -> None:
    app = CanvasTutorApp(builtin_course, data_dir=tmp_path / "data")
    async with app.run_test(size=SIZE) as pilot:
        path = tmp_path / "data" / "ann.canvas.toml"
        await _my_canvas(app, pilot, path)
        await pilot.press("k")
        await pilot.pause()
        assert isinstance(app.screen, CoachScreen)
        rows = screen_rows(app.screen)
        shown = "\n".join(rows)
        assert "Revenue streams" in shown and "Why:" in shown and "Try:" in shown
        assert any(glyph in shown for glyph in ("✗ ", "! ", "i "))
        assert not any(block_id in shown for block_id in BLOCK_IDS if "_" in block_id)
        assert "[" not in shown.split("\n", 1)[1]  # no "[finding-id]" re-wrapped text
        assert rows[0].strip().startswith("Coach")  # the title bar stays visible
        assert isinstance(app.screen.focused, OptionList)  # focus is visible at once
        # Enter on the first finding opens the lesson of its block
        finding = app.screen.findings[0]
        block = app.screen.block_of(finding)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)
        assert app.screen.lesson.block == block
    assert read_canvas(path).progress.current == app.course.lesson_for_block(block).id


async def test_the_tiles_keep_their_width_and_arrows_move_between_them(
        builtin_course: Course, tmp_path: Path) -> None:
    app = CanvasTutorApp(builtin_course, data_dir=tmp_path / "data")
    async with app.run_test(size=SIZE) as pilot:
        await _my_canvas(app, pilot, tmp_path / "data" / "ann.canvas.toml")
        widths = {t.view.id: t.size.width for t in app.screen.query(BoardTile)}
        await pilot.press("k", "escape")
        await pilot.pause()
        assert {t.view.id: t.size.width for t in app.screen.query(BoardTile)} == widths
        focused = app.screen.focused
        assert isinstance(focused, BoardTile) and focused.view.id == "key_partners"
        await pilot.press("right")
        assert app.screen.focused.view.id == "key_activities"  # type: ignore[union-attr]
        await pilot.press("down")
        assert app.screen.focused.view.id == "key_resources"  # type: ignore[union-attr]
        await pilot.press("right", "right", "right")
        assert app.screen.focused.view.id == "customer_segments"  # type: ignore[union-attr]
        await pilot.press("down")
        assert app.screen.focused.view.id == "revenue_streams"  # type: ignore[union-attr]
        await pilot.press("left")
        assert app.screen.focused.view.id == "cost_structure"  # type: ignore[union-attr]


async def test_export_while_the_case_is_shown_says_it_is_your_own_canvas(
        builtin_course: Course, tmp_path: Path) -> None:
    app = CanvasTutorApp(builtin_course, data_dir=tmp_path / "data")
    async with app.run_test(size=SIZE) as pilot:
        await _my_canvas(app, pilot, tmp_path / "data" / "ann.canvas.toml")
        await pilot.press("t", "x")
        await pilot.pause()
        await pilot.pause(0.2)
        assert "your own canvas" in " ".join(" ".join(screen_rows(app.screen)).split())
        await pilot.press("down", "enter")  # Markdown
        await pilot.pause()
    text = (tmp_path / "data" / "exports" / "ann.md").read_text(encoding="utf-8")
    assert "Students who commute by bike" in text and "Naima" not in text.split("\n")[0]
