"""My canvas on small terminals (60x20, 80x24): whole words, visible cuts, every key.

Block titles break between words, and a word too long for its tile ends in "…" instead
of being split ("relationsh" / "ips"); a long name and venture end in "…" on one line,
with the return code whole beside them; the key bar keeps `x Export` and `k Coach`; the
trainer panel and the coach leave the title bar alone. Everything is read from the screen
as drawn.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from canvas_tutor.course.loader import load_course
from canvas_tutor.i18n import set_language
from canvas_tutor.tui.app import CanvasTutorApp
from canvas_tutor.tui.screens.my_canvas import MyCanvasScreen
from canvas_tutor.tui.widgets.board_tile import BoardTile
from canvas_tutor.tui.widgets.key_bar import KeyBar
from tui_helpers import screen_rows

SIZES = [(60, 20), (80, 24)]
NAME = "Inès Łukasz-Wojciechowska"
VENTURE = "Electric cargo bikes that deliver for the small shops of the old town"


async def _my_canvas(app: CanvasTutorApp, pilot: Pilot[None], data: Path,
                     code: str = "") -> None:
    data.mkdir(parents=True, exist_ok=True)
    await pilot.pause()
    assert app.create_canvas(data / "ines.canvas.toml", NAME, VENTURE, code=code)
    await pilot.pause()
    if code:
        await pilot.press("enter")  # "I have written it down"
        await pilot.pause()
    app.canvas.set_notes("customer_relationships", ["Community of riders"])
    app.canvas.set_notes("customer_segments", ["Shop owners in the old town"])
    app.open_my_canvas()
    await pilot.pause()
    await pilot.pause()
    assert isinstance(app.screen, MyCanvasScreen)


def _tile_head_lines(app: CanvasTutorApp, tile: BoardTile) -> list[str]:
    """The lines of a tile's title as the terminal shows them."""
    rows = screen_rows(app.screen)
    head = tile.query_one(".tile-head")
    region = head.content_region
    title: list[str] = []
    for y in range(region.y, region.bottom):  # the title's lines (its question follows)
        if sum(len(line.split()) for line in title) >= len(tile.view.title.split()):
            break
        title.append(rows[y][region.x:region.right].strip())
    return title


def _reads_whole(title: str, lines: list[str]) -> bool:
    """Each shown word is a word of the title, or its start ending in "…" (a cut that
    shows); in order; and nothing else (no piece of a split word)."""
    words = title.split()
    shown = [token for line in lines for token in line.split()]
    at = 0
    for token in shown:
        if at >= len(words):
            return False
        word = words[at]
        if token != word and not (token.endswith("…") and word.startswith(token[:-1])
                                  and len(token) > 1):
            return False
        at += 1
    return at > 0


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_block_titles_break_between_words(tmp_path: Path,
                                                size: tuple[int, int]) -> None:
    app = CanvasTutorApp(load_course(), data_dir=tmp_path / "data")
    async with app.run_test(size=size) as pilot:
        await _my_canvas(app, pilot, tmp_path / "data")
        for tile in app.screen.query(BoardTile):
            lines = _tile_head_lines(app, tile)
            assert _reads_whole(tile.view.title, lines), (tile.view.title, lines)
        rows = "\n".join(screen_rows(app.screen))
        assert "relationsh\n" not in rows and "Relationship\n" not in rows


def test_the_word_check_can_fail() -> None:
    assert not _reads_whole("Customer relationships", ["Customer", "relationsh", "ips"])
    assert not _reads_whole("Customer relationships", ["Customer relationship", "s"])
    assert _reads_whole("Customer relationships", ["Customer", "relatio…"])
    assert _reads_whole("Customer relationships", ["Customer relationships"])


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_a_long_venture_ends_in_an_ellipsis_and_the_code_stays_whole(
        tmp_path: Path, size: tuple[int, int]) -> None:
    app = CanvasTutorApp(load_course(), data_dir=tmp_path / "data", fixed_folder=True)
    async with app.run_test(size=size) as pilot:
        await _my_canvas(app, pilot, tmp_path / "data", code="sun-tree-seven")
        row = screen_rows(app.screen)[1]
        assert row.strip().startswith(NAME + " · E")
        assert "…" in row and VENTURE not in row  # cut, and it shows
        assert row.rstrip().endswith("return code: sun-tree-seven")
        assert app.screen.query_one("#heading").tooltip == f"{NAME} · {VENTURE}"


@pytest.mark.parametrize("language", ["en", "es", "fr"])
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_the_key_bar_keeps_export_and_coach(tmp_path: Path, size: tuple[int, int],
                                                  language: str) -> None:
    set_language(language)
    app = CanvasTutorApp(load_course(language=language), data_dir=tmp_path / "data")
    async with app.run_test(size=size) as pilot:
        await _my_canvas(app, pilot, tmp_path / "data")
        bar = screen_rows(app.screen)[-1]
        labels = {"en": ("x Export", "k Coach"), "es": ("x Exportar", "k Coach"),
                  "fr": ("x Exporter", "k Coach")}[language]
        for label in labels:
            assert label in bar, bar
        assert len(bar.rstrip()) <= size[0]
        # what the bar shows is what a click does: a click on "x" opens the export
        await pilot.click(KeyBar, offset=(bar.index(labels[0]) + 1, 0))
        await pilot.pause()
        assert type(app.screen).__name__ == "ExportDialog"


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_trainer_panel_and_coach_leave_the_title_bar_alone(
        tmp_path: Path, size: tuple[int, int]) -> None:
    app = CanvasTutorApp(load_course(), data_dir=tmp_path / "data", trainer=True)
    async with app.run_test(size=size) as pilot:
        await _my_canvas(app, pilot, tmp_path / "data")
        await pilot.press("k")
        await pilot.pause()
        top = screen_rows(app.screen)[0]
        assert top.strip().startswith("Coach — The Business Model Canvas")
        await pilot.press("escape")
        await pilot.pause()
        app.open_lesson("customer-relationships")
        await pilot.pause()
        await pilot.pause()
        rows = screen_rows(app.screen)
        assert rows[0].strip().startswith("Customer relationships — ")
        assert "For the trainer" not in rows[0] and "For the trainer" in rows[1]
        if size[0] == 60:  # the title does not fit: it ends in "…", never mid-word cut
            assert rows[0].rstrip().endswith("…")
