"""The pseudo-locale test run for the real editions: `--language es` and `--language fr`
show no English on any screen of the whole course.

A word on a screen is English when it is a word of the English course or of the
interface's messages (the template) and no word of the edition itself: not of its
lessons, its translation file, its glossary entries or its catalogue's translations.
That finds a message that bypassed the catalogue, an untranslated one, and a text of
the pack left in English. Key names are checked too: a French screen says Entrée and
Échap, never Enter or Escape (test_the_editions_write_key_names_their_way).
"""

from __future__ import annotations

import re
import shutil
import tempfile
import tomllib
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from textual.pilot import Pilot
from textual.widgets import Button, Checkbox, Input, RadioButton, Select, TextArea

from canvas_tutor import i18n
from canvas_tutor.course.loader import load_course
from canvas_tutor.course.model import Course, Exercise
from canvas_tutor.tui.app import CanvasTutorApp
from test_i18n_pseudo import Leaks as PseudoLeaks

ROOT = Path(__file__).resolve().parents[1]
LOCALE = ROOT / "src" / "canvas_tutor" / "locale"
SIZE = (100, 50)
_WORD = re.compile(r"[^\W\d_]{3,}")
_PATH = re.compile(r"(?:/[\w.\-]+)+/?|[\w\-]+(?:\.canvas\.toml|\.html|\.md|\.json|\.svg)\b")
# Names and borrowed words that are the same in every edition.
SHARED = {"naima", "canvas", "tutor", "business", "model", "strategyzer", "instagram",
          "wornagainatwork", "essential", "executive", "wardrobe", "work", "toml",
          "markdown", "json", "svg", "html", "utc", "plain", "palette",
          "english", "español", "français"}  # each language named in its own words
CREDIT = ("The Business Model Canvas, designed by Strategyzer AG (strategyzer.com), CC",
          "BY-SA 3.0")
ANSWER = {"es": "Una respuesta", "fr": "Une réponse"}  # what the learner types
# Key names as English keyboards write them: an edition writes its own.
ENGLISH_KEYS = {"fr": {"enter", "escape", "esc", "delete", "space", "shift", "backspace"},
                "es": {"escape", "delete", "space", "shift", "backspace"}}


def _words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text)}


def _text_words(text: str, toml: bool = False) -> set[str]:
    """The words of a pack file's texts: not its comments, keys or ids."""
    if toml:
        text = re.sub(r"(?m)^\s*#.*$", " ", text)
    text = re.sub(r"(?m)^\s*(?:[\w.\-]+\s*=|\[.*\]\s*$)", " ", text)
    return _words(re.sub(r"\"\w+(?:[\-_]\w+)+\"", " ", text))


def _po_words(path: Path, side: str) -> set[str]:
    with path.open("rb") as handle:
        catalog = read_po(handle)
    found: set[str] = set()
    for message in catalog:
        if not message.id:
            continue
        texts = message.id if side == "id" else message.string
        for text in texts if isinstance(texts, tuple | list) else [texts]:
            found |= _words(text or "")
    return found


def _glossary_words(language: str) -> set[str]:
    data = tomllib.loads((ROOT / "course" / "glossary.toml").read_text("utf-8"))
    return _words(" ".join(f"{entry[language]['term']} {entry[language]['definition']}"
                           for entry in data["terms"].values() if language in entry))


@cache
def english_only(language: str) -> frozenset[str]:
    """Words of the English course and interface that the edition never uses."""
    english = _po_words(LOCALE / "canvas_tutor.pot", "id") | _glossary_words("en")
    for path in [*(ROOT / "lessons" / "en").glob("*.md"), *(ROOT / "course").glob("*.toml")]:
        english |= _words(path.read_text("utf-8"))
    edition = _po_words(LOCALE / language / "LC_MESSAGES" / "canvas_tutor.po", "string")
    edition |= _glossary_words(language)
    for path in [*(ROOT / "lessons" / language).glob("*.md"),
                 ROOT / "course" / "translations" / f"{language}.toml"]:
        edition |= _text_words(path.read_text("utf-8"), toml=path.suffix == ".toml")
    return frozenset((english - edition - SHARED) | ENGLISH_KEYS[language])


class Leaks(PseudoLeaks):
    """English seen so far on the screens of an edition, by the place it was seen
    (screens are read and reported as in the pseudo-locale test)."""

    def __init__(self, language: str) -> None:
        super().__init__()
        self.language = language

    def check(self, where: str, text: str) -> None:
        self.places += 1
        text = re.sub(r"\[[a-z]+(?:-[a-z]+)+\]", " ", _PATH.sub(" ", text))  # finding ids
        for line in CREDIT:  # the licence's credit, in English by design (as drawn on a
            text = text.replace(line, " ")  # screen: cut in two), and the authors' name
        text = re.sub(r"\s+", " ", text).replace(" ".join(CREDIT), " ").replace(
            "The canvas-tutor team", " ")
        words = sorted(w for w in _words(text) if w in english_only(self.language))
        if words:
            self.found[where] = words


@pytest.fixture
def data_dir() -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix="ct-", dir="/tmp"))  # short: one line on screen
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def edition(request: pytest.FixtureRequest) -> Iterator[Course]:
    language = request.param
    i18n.reset()
    i18n.set_language(language)
    yield load_course(None, language)
    i18n.set_language(None)


def test_the_detector_sees_english() -> None:
    leaks = Leaks("fr")
    leaks.check("a", "Appuyez sur Entrée. Save it with your canvas.")
    leaks.check("b", "Appuyez sur Enter pour l'ajouter")
    assert leaks.found == {"a": ["save", "with", "your"], "b": ["enter"]}


async def _exercise(pilot: Pilot[None], leaks: Leaks, box: object, exercise: Exercise,
                    where: str) -> None:
    """Use one exercise the way a learner does, looking at each answer it gives."""
    from textual.widget import Widget

    assert isinstance(box, Widget)
    kind = exercise.kind
    box.scroll_visible(animate=False, top=True)
    await pilot.pause()
    buttons = {b.id: b for b in box.query(Button)}
    if "hint" in buttons:
        buttons["hint"].press()
    if kind == "choice":
        buttons["check"].press()  # nothing chosen: a warning
        await leaks.screen(pilot, f"{where}, nothing chosen")
        toggles = box.query(RadioButton) or box.query(Checkbox)
        toggles.last().value = True  # often a wrong answer: its feedback
        await pilot.pause()
        buttons["check"].press()
    elif kind == "classify":
        buttons["check"].press()  # not sorted: a warning
        await leaks.screen(pilot, f"{where}, unsorted")
        for select in box.query(Select):
            select.value = exercise.categories[0].id
        await pilot.pause()
        buttons["check"].press()
    elif kind == "reflect":
        if "compare" in buttons:
            buttons["compare"].press()  # no answer yet: a warning
            await leaks.screen(pilot, f"{where}, compared before answering")
        box.query_one(TextArea).text = ANSWER[leaks.language]
        await pilot.pause()
        if "compare" in buttons:
            buttons["compare"].press()
    elif kind == "notes":
        entry = box.query_one("#note-input", Input)
        entry.focus()
        await pilot.press(*ANSWER[leaks.language], "enter")
    elif kind == "pick":
        box.query_one("#types").focus()
        await pilot.press("space")
    await leaks.screen(pilot, f"{where}, answered")


@pytest.mark.parametrize("edition", ["es", "fr"], indirect=True)
async def test_the_whole_course_shows_no_english(edition: Course, data_dir: Path) -> None:
    leaks = Leaks(edition.language)
    app = CanvasTutorApp(edition, data_dir=data_dir, trainer=True)
    async with app.run_test(size=SIZE) as pilot:
        await leaks.screen(pilot, "welcome")
        await pilot.click("#start")  # no name yet: a warning
        await leaks.screen(pilot, "welcome, no name")
        app.screen.query_one("#language", Button).press()
        await leaks.screen(pilot, "the languages")
        await pilot.press("escape")
        app.screen.query_one("#name", Input).value = "Ana"
        app.screen.query_one("#venture", Input).value = ANSWER[edition.language]
        await pilot.click("#start")
        await leaks.screen(pilot, "home")
        for key, where in (("f1", "help on home"), ("ctrl+p", "palette"),
                           ("ctrl+g", "glossary")):
            await pilot.press(key)
            await leaks.screen(pilot, where)
            await pilot.press("escape")
        for lesson in edition.lessons:
            app.open_lesson(lesson.id)
            await pilot.pause(0.3)  # the later widgets are mounted after the first frame
            body = app.screen.query_one("#body")
            for step in range(40):
                body.scroll_to(y=step * (SIZE[1] - 8), animate=False)
                await leaks.screen(pilot, f"{lesson.id} (part {step + 1})")
                if body.scroll_y >= body.max_scroll_y:
                    break
            for exercise in lesson.exercises:
                box = app.screen.query_one(f"#ex-{exercise.id}")
                await _exercise(pilot, leaks, box, exercise, exercise.id)
            await pilot.press("escape")  # out of a text box
        await pilot.press("f1")
        await leaks.screen(pilot, "help in a lesson")
        await pilot.press("escape")
        await pilot.press("v")
        await leaks.screen(pilot, "presenter")
        await pilot.press("escape")
        app.open_my_canvas()
        await leaks.screen(pilot, "my canvas")
        for keys, where in ((("k",), "the coach"), (("escape", "t"), "the case's canvas"),
                            (("e",), "editing the case: a notice"),
                            (("t", "e"), "notes editor"), (("escape", "x"), "export dialog"),
                            (("escape", "f1"), "help on my canvas")):
            await pilot.press(*keys)
            await leaks.screen(pilot, where)
        await pilot.press("escape")
    leaks.assert_none()
    assert leaks.places >= 100


def _html_text(page: str) -> str:
    """What a browser shows of a page: no style, no tags, entities decoded."""
    import html

    page = re.sub(r"<(style|script).*?</\1>", " ", page, flags=re.S)
    page = re.sub(r"https?://\S+", " ", page)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def _edition_canvas(path: Path, language: str) -> Path:
    from canvas_tutor.canvas.model import Canvas
    from canvas_tutor.canvas.store import CanvasStore

    course = load_course(None, language)
    canvas = Canvas(course=course.id, name="Ana", venture=ANSWER[language], language=language)
    for lesson in course.lessons:
        canvas.progress.complete(lesson.id)
    canvas.set_notes("customer_segments", [ANSWER[language]])
    canvas.set_answer("customer_relationships", "cr-expect", ANSWER[language])
    canvas.set_types("customer_relationships", ["communities"])
    canvas.rate("self-check-before", "segments", 2)
    path.parent.mkdir(parents=True, exist_ok=True)
    with CanvasStore(path) as store:
        store.create(canvas)
    return path


@pytest.mark.parametrize("language", ["es", "fr"])
def test_exports_coach_certificate_and_report_show_no_english(
        language: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Each speaks the canvas's own language (no --language given), the report the
    trainer's; a class of both editions is one report."""
    import json

    from canvas_tutor.cli import main

    monkeypatch.delenv("CANVAS_TUTOR_LANG", raising=False)
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    canvas = _edition_canvas(tmp_path / "class" / "ana.canvas.toml", language)
    other = "fr" if language == "es" else "es"
    _edition_canvas(tmp_path / "class" / "bea.canvas.toml", other)
    leaks = Leaks(language)

    def run(*args: str) -> str:
        assert main(list(args)) == 0
        captured = capsys.readouterr()
        return captured.out + captured.err

    leaks.check("html export", _html_text(run("export", str(canvas), "--format", "html")))
    leaks.check("markdown export", run("export", str(canvas), "--format", "md").split("---", 2)[2])
    data = json.loads(run("export", str(canvas), "--format", "json"))
    leaks.check("json export", " ".join(b["title"] for b in data["blocks"]))
    svg = tmp_path / "ana.svg"
    run("export", str(canvas), "--format", "svg", "-o", str(svg))
    leaks.check("svg export", _html_text(svg.read_text("utf-8")))
    coach = run("coach", str(canvas))
    leaks.check("coach", coach)
    why = {"es": "Por qué: ", "fr": "Pourquoi\u00a0: "}[language]
    assert why in coach, coach  # labels written the language's way
    page = tmp_path / "certificate.html"
    run("certificate", str(canvas), "-o", str(page))
    leaks.check("certificate", _html_text(page.read_text("utf-8")))
    report = tmp_path / "report.html"
    run("report", str(tmp_path / "class"), "--language", language, "-o", str(report))
    text = report.read_text("utf-8")
    assert f'<html lang="{language}"' in text and ANSWER[other] in text
    leaks.check("report", _html_text(text).replace(ANSWER[other], " "))
    leaks.check("report, csv", run("report", str(tmp_path / "class"), "--language", language,
                                   "--format", "csv").split("\n", 1)[1]
                .replace(ANSWER[other], " "))
    book = tmp_path / "handbook.md"
    run("course", "export", "--format", "md", "--trainer", "--language", language,
        "-o", str(book))
    leaks.check("handbook", re.sub(r"https?://\S+", " ",
                                   book.read_text("utf-8").split("---", 2)[2]))
    leaks.assert_none()


@pytest.mark.parametrize("language", ["es", "fr"])
def test_plain_mode_runs_the_whole_course_without_english(language: str,
                                                          tmp_path: Path) -> None:
    """Every lesson and exercise of the edition in plain mode (each exercise skipped, the
    canvas read out, the coach, an export): English only in the command words, which
    are the same in every language (as in the pseudo-locale test)."""
    import os
    import subprocess
    import sys

    from canvas_tutor.plain.commands import COMMANDS

    lines = ["Ana", ANSWER[language], "help", "lessons", *(["skip", ""] * 400),
             "canvas", "coach", "export", "2", "q"]
    env = {k: v for k, v in os.environ.items()
           if k not in ("CANVAS_TUTOR_LANG", "LANG", "LC_ALL", "LC_MESSAGES")}
    env |= {"CANVAS_TUTOR_DATA_DIR": str(tmp_path / "data"),
            "CANVAS_TUTOR_CONFIG_DIR": str(tmp_path / "config")}
    done = subprocess.run([sys.executable, "-m", "canvas_tutor", "--plain", "--language",
                           language], input="".join(f"{x}\n" for x in lines).encode("utf-8"),
                          capture_output=True, env=env, timeout=240)
    assert done.returncode == 0, done.stderr.decode()
    out = done.stdout.decode("utf-8")
    course = load_course(None, language)
    assert all(lesson.title in out for lesson in course.lessons)  # all the way through
    commands = "|".join(sorted({c.name for c in COMMANDS} | {"edit", "delete"}))  # notes
    leaks = Leaks(language)
    leaks.check("plain mode", re.sub(rf"\b({commands})\b", " ", out))
    leaks.assert_none()
