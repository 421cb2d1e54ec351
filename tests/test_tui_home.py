"""Home at the sizes learners use: every lesson button whole on screen."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.text import Text
from textual.widgets import Button

from canvas_tutor.course.model import Course
from canvas_tutor.tui.app import CanvasTutorApp


@pytest.mark.parametrize("size", [(80, 24), (50, 24), (200, 60)])
async def test_every_lesson_button_is_whole_on_screen(
        builtin_course: Course, tmp_path: Path, size: tuple[int, int]) -> None:
    app = CanvasTutorApp(builtin_course, data_dir=tmp_path)
    async with app.run_test(size=size) as pilot:
        app.create_canvas(tmp_path / "h.canvas.toml", "Hal", "Hostel")
        await pilot.pause()
        buttons = list(app.screen.query("#lessons Button").results(Button))
        assert len(buttons) == 4  # welcome, the canvas, relationship types, your canvas
        for button in buttons:
            region = button.region
            assert region.width >= len(str(button.label)) + 2, button.label
            assert region.x >= 0 and region.right <= size[0], button.label
        rows = {button.region.y for button in buttons}
        assert (len(rows) == 1) == (size[0] >= 80)  # one row from 80 columns, wrapped below
        assert all(button.region.y < size[1] for button in buttons)


async def test_arrow_keys_move_between_tiles_by_their_place(mini_course, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from canvas_tutor.tui.app import CanvasTutorApp
    from canvas_tutor.tui.widgets.block_tile import BlockTile

    app = CanvasTutorApp(mini_course, data_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        assert app.create_canvas(tmp_path / "a.canvas.toml", "Ann", "Cafe")
        await pilot.pause()
        tiles = {t.block.id: t for t in app.screen.query(BlockTile)}
        tiles["key_partners"].focus()
        await pilot.pause()
        seen = []
        for key in ("right", "down", "right", "down", "left"):
            await pilot.press(key)
            focused = app.focused
            assert isinstance(focused, BlockTile)
            seen.append(focused.block.id)
        assert seen == ["key_activities", "key_resources", "value_propositions",
                        "cost_structure", "cost_structure"]


async def test_a_long_name_and_venture_end_in_an_ellipsis_before_the_legend(
        builtin_course: Course, tmp_path: Path) -> None:
    from tui_helpers import screen_rows

    name, venture = "Inès Łukasz", "Electric cargo bikes for the old town's shops"
    app = CanvasTutorApp(builtin_course, data_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        app.create_canvas(tmp_path / "h.canvas.toml", name, venture)
        await pilot.pause()
        row = screen_rows(app.screen)[1]
        assert row.strip().startswith(name + " · E")
        assert "…  ○ to do  ◐ started  ● done" in row  # cut visibly, a gap, the legend whole
        assert app.screen.query_one("#who").tooltip == f"{name} · {venture}"


async def test_a_tile_cut_short_ends_in_an_ellipsis(builtin_course: Course,
                                                    tmp_path: Path) -> None:
    """At 80x24 the small tiles cannot hold their whole question: the last line that fits
    ends in "…" instead of stopping mid-sentence ("What must we do well,")."""
    from canvas_tutor.tui.widgets.block_tile import BlockTile

    app = CanvasTutorApp(builtin_course, data_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.create_canvas(tmp_path / "a.canvas.toml", "Ann", "Cafe")
        await pilot.pause()
        await pilot.pause()
        cut = 0
        for tile in app.screen.query(BlockTile):
            width, height = tile.content_region.size
            full = f"{tile.block.title} {tile.block.question}"
            shown = tile.render()
            assert isinstance(shown, Text)
            lines = [line.plain for line in shown.wrap(app.console, width)]  # as drawn
            assert len(lines) <= height, (tile.id, lines)
            if len(" ".join(lines).replace("…", "").split()) < len(full.split()) + 1:
                assert lines[-1].endswith("…"), (tile.id, lines)
                assert all(len(line) <= width for line in lines)
                cut += 1
        assert cut >= 1  # the measure is real: at 80x24 some question is cut
