"""The Spanish and French editions: no English message or course text on any screen.

The pseudo-locale test proves every message goes through the catalogue; this one runs the
real built-in course in es and fr and looks for English that a translation left out:
every English message of the interface of three words or more, and every English block
title, lesson title and exercise prompt, must be absent from what the screens show.
Words kept in English on purpose (names of people and businesses, the licence credit)
are not messages and not checked.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from textual.widgets import Input

from canvas_tutor import i18n
from canvas_tutor.course.loader import load_course
from canvas_tutor.tui.app import CanvasTutorApp
from tui_helpers import screen_rows

TEMPLATE = Path(__file__).resolve().parents[1] / "src" / "canvas_tutor" / "locale" / \
    "canvas_tutor.pot"


def english_phrases() -> list[str]:
    """Interface messages and course texts as they read in English, long enough to be
    unmistakable (three words or more), placeholders cut out."""
    with TEMPLATE.open("rb") as handle:
        messages = [m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id]
    course = load_course()
    texts = [b.title for b in course.canvas.blocks] + [x.title for x in course.lessons]
    texts += [e.prompt for x in course.lessons for e in x.exercises]
    phrases = []
    for text in messages + texts:
        for piece in re.split(r"\{[^{}]*\}|[\n:;.()]", text):
            words = piece.split()
            if len(words) >= 3 and not any(w.startswith(("--", "canvas-tutor")) for w in words):
                phrases.append(" ".join(words))
    return sorted(set(phrases), key=len, reverse=True)


def leaks(screen_text: str, phrases: list[str]) -> list[str]:
    flat = " ".join(screen_text.split())
    return [p for p in phrases if p in flat]


@pytest.mark.parametrize("language", ["es", "fr"])
async def test_no_english_on_the_screens_of_an_edition(language: str, tmp_path: Path) -> None:
    phrases = english_phrases()
    i18n.set_language(language)
    try:
        course = load_course(None, language)
        app = CanvasTutorApp(course, data_dir=tmp_path, trainer=True)
        seen: dict[str, list[str]] = {}

        async def look(where: str) -> None:
            await pilot.pause()
            await pilot.pause()
            found = leaks("\n".join(screen_rows(app.screen)), phrases)
            if found:
                seen[where] = found

        async with app.run_test(size=(120, 50)) as pilot:
            await look("welcome")
            app.screen.query_one("#name", Input).value = "Ana"
            app.screen.query_one("#venture", Input).value = "Bicis"
            await pilot.click("#start")
            await look("home")
            await pilot.press("f1")
            await look("help")
            await pilot.press("escape")
            for lesson in course.lessons:
                app.open_lesson(lesson.id)
                await pilot.pause()
                body = app.screen.query_one("#body")
                for _ in range(60):  # read it to its end, a page at a time
                    await look(f"lesson {lesson.id}")
                    if body.scroll_y >= body.max_scroll_y:
                        break
                    body.scroll_page_down(animate=False)
            app.open_my_canvas()
            await look("my canvas")
        assert seen == {}, seen
    finally:
        i18n.set_language("en")
