"""Snapshots at 80x24 of every dialog, the coach screen, the trainer panel, the presenter view.

Paths are relative (the test runs in tmp_path), so no machine's folder is in a picture.
Update with `pytest --snapshot-update`, then look at them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from canvas_tutor.course.loader import load_course
from canvas_tutor.errors import CanvasError
from canvas_tutor.tui.app import CanvasTutorApp

SIZE = (80, 24)
SCREENS = ["export", "notes-editor", "help", "broken", "coach", "trainer", "presenter",
           "glossary"]


def _app(screen: str) -> tuple[CanvasTutorApp, object]:
    app = CanvasTutorApp(load_course(), data_dir=Path("data"),
                         trainer=screen in ("trainer", "presenter"))

    async def run_before(pilot: Pilot[None]) -> None:
        await pilot.pause()
        if screen == "broken":
            from canvas_tutor.tui.screens.broken import BrokenCanvasScreen

            path = Path("data/ann.canvas.toml")
            app.push_screen(BrokenCanvasScreen(path, CanvasError(
                path, "line 3: expected '=' after a key")))
            await pilot.pause()
            return
        assert app.create_canvas(Path("data/ann.canvas.toml"), "Ann", "Bike repair van")
        app.canvas.set_notes("customer_segments", ["Students who commute by bike"])
        app.canvas.set_notes("value_propositions", ["Repairs while you are in class"])
        await pilot.pause()
        if screen in ("export", "notes-editor", "coach"):
            app.open_my_canvas()
            await pilot.pause()
            await pilot.press({"export": "x", "notes-editor": "e", "coach": "k"}[screen])
        elif screen == "help":
            await pilot.press("f1")
        elif screen == "glossary":
            await pilot.press("ctrl+g")
        elif screen in ("trainer", "presenter"):
            app.open_lesson("customer-relationships")
            await pilot.pause()
            if screen == "presenter":
                await pilot.press("v")
        await pilot.pause()
        await pilot.pause()

    return app, run_before


@pytest.mark.parametrize("screen", SCREENS)
def test_dialog_snapshot(snap_compare, tmp_path: Path, screen: str,  # type: ignore[no-untyped-def]
                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    app, run_before = _app(screen)
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)
