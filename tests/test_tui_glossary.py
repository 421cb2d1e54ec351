"""The glossary screen: every term of the course, filtered as the learner types."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

from canvas_tutor.course.loader import load_course
from canvas_tutor.tui.app import CanvasTutorApp
from canvas_tutor.tui.screens.glossary import GlossaryScreen


async def test_ctrl_g_opens_the_glossary_and_search_filters_it(tmp_path: Path) -> None:
    course = load_course()
    assert len(course.glossary) >= 20
    app = CanvasTutorApp(course, data_dir=tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert isinstance(app.screen, GlossaryScreen)
        terms = list(app.screen.query(".term").results(Static))
        assert len(terms) == len(course.glossary)
        await pilot.press(*"margin")
        await pilot.pause()
        shown = [t.name for t in terms if t.display]
        assert "margin" in shown and len(shown) < len(terms)
        await pilot.press(*" zzzz")
        await pilot.pause()
        assert not any(t.display for t in terms)
        assert app.screen.query_one("#none").display
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, GlossaryScreen)
