"""Snapshots at 80x24 of every dialog, the coach screen, the trainer panel, the presenter view.

Paths are relative (the test runs in tmp_path), so no machine's folder is in a picture.
Update with `pytest --snapshot-update`, then look at them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from canvas_tutor.canvas.store import CanvasStore
from canvas_tutor.course.loader import load_course
from canvas_tutor.errors import CanvasError
from canvas_tutor.tui.app import CanvasTutorApp

SIZE = (80, 24)
SCREENS = ["export", "notes-editor", "help", "broken", "coach", "trainer", "presenter",
           "glossary", "palette", "open-elsewhere", "help-trainer"]
HELD: list[CanvasStore] = []  # the other window of "open-elsewhere", closed after the test


def _app(screen: str) -> tuple[CanvasTutorApp, object]:
    app = CanvasTutorApp(load_course(), data_dir=Path("data"),
                         trainer=screen in ("trainer", "presenter", "help-trainer"))

    async def run_before(pilot: Pilot[None]) -> None:
        await pilot.pause()
        if screen == "open-elsewhere":
            from canvas_tutor.canvas.model import Canvas

            for stem, name, venture in (("ann", "Ann", "Bike repair van"),
                                        ("ben", "Ben", "Tea bar on wheels")):
                store = CanvasStore(Path(f"data/{stem}.canvas.toml"))
                store.create(Canvas(course=app.course.id, name=name, venture=venture))
                store.close()
            HELD.append(CanvasStore(Path("data/ann.canvas.toml")))
            HELD[-1].open()
            app.open_canvas(Path("data/ann.canvas.toml"))
            await pilot.pause()
            await pilot.pause()
            return
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
        elif screen == "help-trainer":  # its Trainer keys section, in view
            app.open_lesson("customer-relationships")
            await pilot.pause()
            await pilot.press("f1")
            await pilot.pause()
            from textual.containers import VerticalScroll

            box = app.screen.query_one("#help", VerticalScroll)
            text = app.screen.help_text().plain  # type: ignore[attr-defined]
            box.scroll_to(y=text[:text.index("Trainer keys")].count("\n") - 2, animate=False)
        elif screen == "palette":
            await pilot.press("ctrl+p")
            await pilot.pause()
            await pilot.press(*"export")
            await pilot.pause(0.5)
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
    try:
        assert snap_compare(app, terminal_size=SIZE, run_before=run_before)
    finally:
        while HELD:
            HELD.pop().close()
