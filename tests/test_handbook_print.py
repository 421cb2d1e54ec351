"""The handbook printed by real Chromium on A4 and Letter: each lesson starts a page,
no worksheet is split over two pages, nothing is wider than the paper; in every language
of the built-in course (a longer French lesson must not push a worksheet across a page)."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from browser import browser, missing_browser
from canvas_tutor.course.loader import load_course
from canvas_tutor.course.model import Course
from canvas_tutor.export.handbook import build_handbook
from canvas_tutor.export.handbook_html import handbook_to_html
from canvas_tutor.i18n import _, set_language

MISSING = missing_browser() or ("" if shutil.which("pdftotext") else
                                "pdftotext not found (apt-get install poppler-utils)")
pytestmark = pytest.mark.skipif(bool(MISSING), reason=MISSING)
# Printable width of each paper, in CSS pixels (96 per inch), less the 15 mm side margins.
PAPER = {"A4": (210 - 30) / 25.4 * 96, "Letter": (215.9 - 30) / 25.4 * 96}
LANGUAGES = load_course().languages


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    with browser() as b:
        yield b


def page_texts(pdf: Path) -> list[str]:
    """The text of each page, whitespace folded."""
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], check=True,
                         capture_output=True, text=True).stdout
    return [" ".join(page.split()) for page in out.split("\f")][:-1] or [""]


def print_pdf(chromium: Any, html: str, folder: Path, paper: str) -> Path:
    source = folder / f"handbook-{paper}.html"
    source.write_text(html, "utf-8")
    pdf = folder / f"handbook-{paper}.pdf"
    page = chromium.new_page()
    page.goto(source.as_uri())
    page.pdf(path=str(pdf), format=paper, print_background=True)
    page.close()
    return pdf


def first_words(text: str, n: int = 4) -> str:
    return " ".join(text.split()[:n])


@pytest.mark.parametrize("paper", list(PAPER))
@pytest.mark.parametrize("trainer", [False, True], ids=["learner", "trainer"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_each_lesson_starts_a_page_and_no_worksheet_is_cut(
        chromium: Any, tmp_path: Path, language: str, paper: str, trainer: bool) -> None:
    course = load_course(None, language)
    set_language(language)  # the labels in the handbook's language, as the command does
    html = handbook_to_html(build_handbook(course, trainer=trainer))
    pages = page_texts(print_pdf(chromium, html, tmp_path, paper))
    starts = []
    for n, lesson in enumerate(course.lessons, 1):
        label = _("Lesson {n}").format(n=n).upper()  # the print style sets it in capitals
        found = [i for i, text in enumerate(pages)
                 if text.startswith(f"{label} {first_words(lesson.title, 2)}")]
        assert found, f"lesson {n} does not start a page on {paper} ({language})"
        starts.append(found[0])
    assert starts == sorted(starts)
    after = next((i for i, text in enumerate(pages) if i > starts[-1]
                  and text.startswith((_("Glossary"), _("Answer key")))), len(pages))
    assert after < len(pages)  # the glossary follows the last lesson on its own page
    for n, lesson in enumerate(course.lessons, 1):
        last = starts[n] if n < len(starts) else after
        for m, ex in enumerate(lesson.exercises, 1):
            head = _("Worksheet {number}").format(number=f"{n}.{m}") + ":"
            where = [i for i in range(starts[n - 1], last) if head in pages[i]]
            assert len(where) == 1, f"{head} on pages {where} ({paper}, {language})"
            entries = ex.options or ex.items  # its last option or situation: same page
            if entries:
                tail = first_words(entries[-1].text)
                assert tail in pages[where[0]][pages[where[0]].index(head):], (
                    head, paper, language)


# Printable height of each paper, in CSS pixels, less the page's top and bottom margins.
HEIGHT = {"A4": (297 - 34) / 25.4 * 96, "Letter": (279.4 - 34) / 25.4 * 96}
# The boxes the print style keeps whole (break-inside: avoid): each must fit on a page,
# or the browser has to cut it after all.
BOXES = ".worksheet, .case, .facilitator, .objectives, table, pre, .glossary dl div, .key li"


@pytest.mark.parametrize("paper", list(PAPER))
@pytest.mark.parametrize("language", LANGUAGES)
def test_nothing_is_wider_than_the_paper_and_every_box_fits_a_page(
        chromium: Any, tmp_path: Path, paper: str, language: str) -> None:
    course = load_course(None, language)
    set_language(language)
    source = tmp_path / "handbook.html"
    source.write_text(handbook_to_html(build_handbook(course, trainer=True)), "utf-8")
    width = int(PAPER[paper])
    page = chromium.new_page(viewport={"width": width, "height": 1000})
    page.emulate_media(media="print")
    page.goto(source.as_uri())
    overflow = page.evaluate(
        """() => [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
            .map(e => e.tagName + '.' + e.className)""")
    too_tall = page.evaluate(
        """([boxes, height]) => [...document.querySelectorAll(boxes)]
            .filter(e => e.getBoundingClientRect().height > height)
            .map(e => `${e.className || e.tagName} in #${e.closest('[id]')?.id}: `
                      + `${Math.round(e.getBoundingClientRect().height)} px`)""",
        [BOXES, HEIGHT[paper]])
    page.close()
    assert overflow == []
    assert too_tall == [], f"taller than a {paper} page ({HEIGHT[paper]:.0f} px)"


def test_print_css_asks_for_page_breaks(builtin_course: Course) -> None:
    html = handbook_to_html(build_handbook(builtin_course))
    css = html[html.index("<style>"):html.index("</style>")]
    assert re.search(r"\.lesson[^{]*\{[^}]*break-before: page", css)
