"""WCAG 2.1 AA for every page canvas-tutor writes, checked by axe-core in real Chromium.

The five kinds of page: the canvas HTML export (empty and full), the class report, the
certificate, and the course handbook in its learner and its trainer edition; each in every
language of the built-in course.
Zero violations, best practices included (one h1, ordered headings, landmarks).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from browser import axe_violations, browser, describe, missing_axe, missing_browser
from canvas_tutor.canvas.model import Canvas
from canvas_tutor.canvas.store import read_canvas
from canvas_tutor.course.loader import load_course
from canvas_tutor.export.formats import FORMATS
from canvas_tutor.export.handbook import build_handbook
from canvas_tutor.export.handbook_html import handbook_to_html
from canvas_tutor.export.html import canvas_to_html
from canvas_tutor.export.report import collect, report_html
from canvas_tutor.export.xapi import canvas_statements
from canvas_tutor.export.xapi_send import Outbox
from canvas_tutor.i18n import set_language
from xapi_class import write_class

FIXTURES = Path(__file__).parent / "fixtures"
LANGUAGES = load_course().languages

pytestmark = pytest.mark.skipif(bool(missing_browser() or missing_axe()),
                                reason=missing_browser() or missing_axe())


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    with browser() as b:
        yield b


def pages(folder: Path, language: str) -> dict[str, Path]:
    """Every kind of page, written as a user's command would write it."""
    course = load_course(None, language)
    set_language(language)  # labels in the page's language, as the commands show them
    folder.mkdir(parents=True, exist_ok=True)
    out: dict[str, str] = {}
    full = read_canvas(FIXTURES / "export-full.canvas.toml")
    full.language = language
    out["canvas-full"] = canvas_to_html(full, course)
    out["canvas-empty"] = canvas_to_html(Canvas(course=course.id, language=language), course)
    class_dir = folder / "class"
    write_class(class_dir, course, size=6)
    (class_dir / "broken.canvas.toml").write_text("not [[ toml", "utf-8")
    outbox = Outbox.of(class_dir)  # records waiting, one refused: the report says so
    outbox.queue(canvas_statements(full, course, home_page="https://school.example/4b"))
    first = next(outbox.pending.glob("*.json"))
    refused = outbox.rejected / first.name
    first.rename(refused)
    refused.with_suffix(".reason.txt").write_text("HTTP 422: invalid actor", "utf-8")
    out["report"] = report_html(collect([class_dir], course))
    out["handbook"] = handbook_to_html(build_handbook(course))
    out["handbook-trainer"] = handbook_to_html(build_handbook(course, trainer=True))
    if language == LANGUAGES[0]:  # another canvas pack: the pages do not lean on the BMC
        lean = load_course(FIXTURES / "lean-pack")
        out["handbook-lean-pack"] = handbook_to_html(build_handbook(lean, trainer=True))
    certificate = next(f for f in FORMATS if f.subject == "certificate" and f.id == "html")
    done = read_canvas(FIXTURES / "export-full.canvas.toml")  # a finished canvas
    done.language = language
    done.progress.completed = [x.id for x in course.lessons]
    out["certificate"] = certificate.render()(done, course)
    paths = {}
    for name, html in out.items():
        paths[name] = folder / f"{name}.html"
        paths[name].write_text(html, "utf-8")
    return paths


KINDS = {"canvas-full", "canvas-empty", "report", "certificate", "handbook", "handbook-trainer"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_has_no_axe_violations(chromium: Any, tmp_path: Path, language: str) -> None:
    found = {}
    written = pages(tmp_path / language, language)
    assert written.keys() >= KINDS  # every kind, in every language: none left out quietly
    assert {"en", "es", "fr"} <= set(LANGUAGES)
    for name, path in written.items():
        violations = axe_violations(chromium, path)
        if violations:
            found[name] = describe(violations)
    assert not found, "\n\n".join(f"{k}:\n{v}" for k, v in found.items())


def test_canvas_grid_reads_in_a_logical_order(chromium: Any, tmp_path: Path) -> None:
    """A screen reader reads the blocks as the course's layout lists them, not by pixels."""
    course = load_course()
    page_file = tmp_path / "canvas.html"
    page_file.write_text(canvas_to_html(read_canvas(FIXTURES / "export-full.canvas.toml"),
                                        course), "utf-8")
    context = chromium.new_context()
    page = context.new_page()
    page.goto(page_file.as_uri())
    tree = page.locator(".canvas").aria_snapshot()  # what a screen reader is given, in order
    context.close()
    headings = re.findall(r'- heading "([^"]*)" \[level=2\]', tree)
    assert headings == [b.title for b in course.canvas.blocks], tree


def test_a_translated_pack_is_clean_in_its_second_language(chromium: Any,
                                                            tmp_path: Path) -> None:
    from test_handbook import french_pack

    course = load_course(french_pack(tmp_path), "fr")
    set_language("fr")
    found = {}
    for name, html in (("handbook-fr", handbook_to_html(build_handbook(course, trainer=True))),
                       ("canvas-fr", canvas_to_html(Canvas(course=course.id, language="fr"),
                                                    course))):
        path = tmp_path / f"{name}.html"
        path.write_text(html, "utf-8")
        if violations := axe_violations(chromium, path):
            found[name] = describe(violations)
    set_language("en")
    assert not found, found
