"""One canvas, several languages: answers carry over, exports and the coach speak the
canvas's language, a language the pack lacks falls back with a notice."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from canvas_tutor.canvas.model import Canvas
from canvas_tutor.canvas.store import CanvasStore
from canvas_tutor.course.loader import load_course
from canvas_tutor.tui.app import CanvasTutorApp

ENV = {k: v for k, v in os.environ.items()
       if k not in ("CANVAS_TUTOR_LANG", "LANG", "LC_ALL", "LC_MESSAGES")}


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "canvas_tutor", *args], capture_output=True,
                          text=True, timeout=120, env=ENV)


def english_canvas(path: Path, language: str = "en") -> Path:
    course = load_course()
    canvas = Canvas(course=course.id, name="Ada", venture="Tea bikes", language=language)
    for lesson in course.lessons:
        canvas.progress.complete(lesson.id)
    canvas.set_notes("customer_segments", ["Night-shift nurses"])
    canvas.set_answer("customer_relationships", "cr-expect", "They expect a quick reply.")
    canvas.set_types("customer_relationships", ["communities"])
    canvas.rate("self-check-before", "segments", 2)
    with CanvasStore(path) as store:
        store.create(canvas)
    return path


def test_every_language_has_the_same_exercises() -> None:
    english = load_course()
    for language in english.languages[1:]:
        other = load_course(None, language)
        assert [(e.id, e.kind, e.saves_to) for x in other.lessons for e in x.exercises] == \
            [(e.id, e.kind, e.saves_to) for x in english.lessons for e in x.exercises]


async def test_a_canvas_begun_in_english_continues_in_spanish(tmp_path: Path) -> None:
    path = english_canvas(tmp_path / "ada.canvas.toml")
    before = tomllib.loads(path.read_text(encoding="utf-8"))
    spanish = load_course(None, "es")
    app = CanvasTutorApp(spanish, canvas_path=path, data_dir=tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.canvas.language == "es"
        app.open_lesson("customer-relationships")
        await pilot.pause()
        assert app.screen.title == spanish.lesson("customer-relationships").title  # type: ignore[union-attr]
        assert app.canvas.answer("customer_relationships", "cr-expect") == \
            "They expect a quick reply."
        app.save_now()
    after = tomllib.loads(path.read_text(encoding="utf-8"))
    assert after["language"] == "es"
    assert after["blocks"] == before["blocks"]
    for key in ("completed", "quiz", "ratings"):
        assert after["progress"].get(key) == before["progress"].get(key)


@pytest.mark.parametrize(("language", "title"), [("es", "Segmentos de clientes"),
                                                 ("fr", "Segments de clientèle"),
                                                 ("en", "Customer segments")])
def test_export_speaks_the_canvas_language(tmp_path: Path, language: str, title: str) -> None:
    path = english_canvas(tmp_path / "ada.canvas.toml", language)
    result = run("export", str(path), "--format", "md")
    assert result.returncode == 0, result.stderr
    assert f"## {title}" in result.stdout.replace("\\", "")
    assert "Night-shift nurses" in result.stdout.replace("\\", "")


def test_coach_and_certificate_speak_the_canvas_language(tmp_path: Path) -> None:
    path = english_canvas(tmp_path / "ada.canvas.toml", "fr")
    coach = run("coach", str(path))
    assert coach.returncode == 0 and re.match(r"Coach\s:", coach.stdout), coach.stdout
    out = tmp_path / "cert.html"
    cert = run("certificate", str(path), "-o", str(out))
    assert cert.returncode == 0, cert.stderr
    assert "Certificat de fin de cours" in out.read_text(encoding="utf-8")
    english = run("coach", str(path), "--language", "en")  # asked for: the option wins
    assert english.stdout.startswith("Coach: ")


def test_a_canvas_in_a_language_the_pack_lacks(tmp_path: Path) -> None:
    path = english_canvas(tmp_path / "ada.canvas.toml", "de")
    result = run("export", str(path), "--format", "md")
    assert result.returncode == 0 and "## Customer segments" in result.stdout


async def test_the_app_says_so_for_a_language_the_pack_lacks(tmp_path: Path) -> None:
    path = english_canvas(tmp_path / "ada.canvas.toml", "de")
    app = CanvasTutorApp(load_course(), canvas_path=path, data_dir=tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        shown = [n.message for n in app._notifications]
        assert any("(de)" in m and "every answer is kept" in m for m in shown), shown
        assert app.canvas.language == "en"


def test_a_class_of_mixed_languages_in_the_trainer_language(tmp_path: Path) -> None:
    english_canvas(tmp_path / "class" / "ada.canvas.toml", "es")
    other = Canvas(course="business-model-canvas", name="Bea", language="fr")
    other.set_answer("customer_relationships", "cr-expect", "Une réponse rapide.")
    with CanvasStore(tmp_path / "class" / "bea.canvas.toml") as store:
        store.create(other)
    out = tmp_path / "report.html"
    result = run("report", str(tmp_path / "class"), "--language", "fr", "-o", str(out))
    assert result.returncode == 0, result.stderr
    page = out.read_text(encoding="utf-8")
    assert '<html lang="fr"' in page
    assert "Ada" in page and "Bea" in page and "Une réponse rapide." in page
    assert "They expect a quick reply." in page


@pytest.mark.parametrize("language", ["es", "fr"])
def test_the_interface_catalogue_is_complete(language: str) -> None:
    """Every message of the template is translated, none fuzzy, placeholders and plural
    forms as the English has them (an empty entry would show English on screen)."""
    import string

    from babel.messages.pofile import read_po

    locale = Path(__file__).resolve().parents[1] / "src" / "canvas_tutor" / "locale"
    with (locale / "canvas_tutor.pot").open("rb") as handle:
        template = {m.id for m in read_po(handle) if m.id}
    with (locale / language / "LC_MESSAGES" / "canvas_tutor.po").open("rb") as handle:
        catalog = read_po(handle)

    def names(text: str) -> set[str]:
        return {n for _l, n, _s, _c in string.Formatter().parse(text) if n is not None}

    problems = []
    seen = set()
    for message in catalog:
        if not message.id:
            continue
        seen.add(message.id)
        ids = list(message.id) if isinstance(message.id, tuple | list) else [message.id]
        forms = list(message.string) if isinstance(message.string, tuple | list) \
            else [message.string]
        allowed = set().union(*(names(i) for i in ids))
        if message.fuzzy or not all(forms) or any(not names(f) <= allowed for f in forms):
            problems.append(ids[0])
    missing = [m for m in template if m not in seen]
    assert problems == [] and missing == [], (problems[:5], missing[:5])


@pytest.mark.parametrize(("language", "forms", "day", "number"), [
    ("es", ["0 lecciones", "1 lección", "2 lecciones"], "22 nov 2026", "1.234,5"),
    ("fr", ["0 leçon", "1 leçon", "2 leçons"], "22 nov. 2026", "1\u202f234,5"),
])
def test_plurals_dates_and_numbers_of_the_editions(language: str, forms: list[str], day: str,
                                                   number: str) -> None:
    """French counts 0 as one (plural=(n > 1)), Spanish does not; Babel writes the rest."""
    from datetime import date

    from canvas_tutor import i18n

    i18n.reset()
    try:
        i18n.set_language(language)
        assert [i18n.ngettext("{n} lesson", "{n} lessons", n).format(n=n)
                for n in (0, 1, 2)] == forms
        assert i18n.format_date(date(2026, 11, 22)) == day
        assert i18n.format_number(1234.5) == number
    finally:
        i18n.set_language(None)
