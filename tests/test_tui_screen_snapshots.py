"""Snapshots of the welcome, home (the canvas as the map) and my-canvas screens.

Data folders are under tmp_path and nothing time-dependent is on screen, so the pictures
are stable. Update with `pytest --snapshot-update`, then look at them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from canvas_tutor.course.loader import load_course
from canvas_tutor.tui.app import CanvasTutorApp

MINI = Path(__file__).parent / "fixtures" / "mini-pack"
SIZES = [(80, 24), (120, 40)]


def app_with_canvas(tmp_path: Path, screen: str) -> tuple[CanvasTutorApp, object]:
    app = CanvasTutorApp(load_course(MINI), data_dir=tmp_path / "data")

    async def run_before(pilot: Pilot[None]) -> None:
        await pilot.pause()
        if screen == "welcome":
            return
        assert app.create_canvas(tmp_path / "data" / "sam.canvas.toml", "Sam",
                                 "Bike repair van")
        canvas = app.canvas
        canvas.set_notes("customer_segments", ["Commuters who cycle daily",
                                               "Delivery riders"])
        canvas.set_notes("value_propositions", ["We fix your bike at work"])
        canvas.set_notes("customer_relationships", ["[bold]Named[/bold] mechanic"])
        canvas.set_types("customer_relationships", ["communities"])
        canvas.set_answer("customer_relationships", "mi-expect", "A friendly regular visit.")
        canvas.progress.complete("intro")
        await pilot.pause()
        if screen == "my-canvas":
            app.open_my_canvas()
        elif screen == "my-canvas-case":
            app.open_my_canvas()
            await pilot.pause()
            await pilot.press("t")
        await pilot.pause()

    return app, run_before


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("screen", ["welcome", "home", "my-canvas", "my-canvas-case"])
def test_screen_snapshot(snap_compare, tmp_path: Path, screen: str,  # type: ignore[no-untyped-def]
                         size: tuple[int, int]) -> None:
    app, run_before = app_with_canvas(tmp_path, screen)
    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("screen", ["my-canvas", "my-canvas-case"])
def test_narrow_screen_snapshot(snap_compare, tmp_path: Path,  # type: ignore[no-untyped-def]
                                screen: str) -> None:
    """My canvas at 60x20: whole words or "…", the name cut with "…", x and k in the bar."""
    app, run_before = app_with_canvas(tmp_path, screen)
    assert snap_compare(app, terminal_size=(60, 20), run_before=run_before)
