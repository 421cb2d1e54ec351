"""The course's learning outcomes are on the welcome screen, under the new-canvas card."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

from canvas_tutor.course.loader import load_course
from canvas_tutor.tui.app import CanvasTutorApp


async def test_welcome_lists_every_outcome(tmp_path: Path) -> None:
    course = load_course()
    app = CanvasTutorApp(course, data_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        card = app.screen.query_one("#outcomes")
        text = "\n".join(str(s.render()) for s in card.query(Static))
        assert "By the end you will be able to" in text
        assert all(o.text in text for o in course.outcomes)
