"""The pseudo-locale test: no English reaches a person without passing the catalogue.

At test time every message of the source is turned into a marked look-alike
("Save" -> "⟦Šáṽé⟧", `{placeholders}` kept), written as the catalogue of Greek, and
the app is run on a course pack whose every text is Greek (tests/fixtures/greek-pack).
Then no run of three or more plain ASCII letters may appear on any screen, in any
export, in the coach or in the class report: such a run is English that bypassed the
catalogue. Key names (Esc, F1, ctrl) and file names are the only words allowed.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import write_po
from textual.pilot import Pilot
from textual.widgets import Button, Checkbox, Input, RadioButton, Select, TextArea

from canvas_tutor import i18n
from canvas_tutor.cli import main
from canvas_tutor.course.loader import load_course
from canvas_tutor.tui.app import CanvasTutorApp
from tui_helpers import screen_rows

FIXTURES = Path(__file__).parent / "fixtures"
GREEK = FIXTURES / "greek-pack"
ROOT = Path(__file__).resolve().parents[1]  # the source tree, even with the package installed
SIZE = (150, 70)

_LOOK_ALIKE = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "áƀçďéƒğĥíĵķĺṁńóṕʠŕšťúṽŵẋýžÁƁÇĎÉƑĞĤÍĴĶĹṀŃÓṔɊŔŠŤÚṼŴẊÝŽ",
)
_PLACEHOLDER = re.compile(r"(\{[^{}]*\})")


def pseudo(message: str) -> str:
    """A marked look-alike of a message; `{placeholders}` are left exactly as they are."""
    parts = _PLACEHOLDER.split(message)
    return "⟦" + "".join(p if _PLACEHOLDER.fullmatch(p) else p.translate(_LOOK_ALIKE)
                         for p in parts) + "⟧"


# Words a screen may show in ASCII: the program's name and the pack's id (key names go
# through the catalogue too: esc, tab, space, del, shift).
ALLOWED = {"canvas", "tutor",  # the program's name
           "greek", "mini",  # the pack's id (`greek-mini`): data, like a file name
           "utc"}  # the time zone, as the language's own date format names it
_PATH = re.compile(r"(?:/[\w.\-]+)+/?|[\w\-]+(?:\.canvas\.toml|\.html|\.md|\.json|\.svg)\b")
_ASCII_WORD = re.compile(r"[A-Za-z]{3,}")


def english(text: str) -> list[str]:
    """Runs of 3+ ASCII letters that are neither key names nor file names."""
    text = _PATH.sub(" ", text)
    return sorted({w for w in _ASCII_WORD.findall(text) if w.lower() not in ALLOWED})


def test_pseudo_keeps_placeholders_and_the_checker_sees_english() -> None:
    assert pseudo("Lesson {n} of {total}") == "⟦Ĺéššóń {n} óƒ {total}⟧"
    assert english(pseudo("Save and quit")) == []
    assert english("⟦Šáṽé⟧ Quit F1 ^p /tmp/x/ann.canvas.toml") == ["Quit"]
    assert english("esc Home") == ["Home", "esc"]  # key names are translated too


@pytest.fixture(scope="session")
def pseudo_catalogue(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every message of the source, extracted now, in pseudo form, as Greek's catalogue."""
    catalog = Catalog(locale="el", domain=i18n.DOMAIN, fuzzy=False)
    for _file, _line, message, _comments, context in extract_from_dir(
            str(ROOT), [("src/canvas_tutor/**.py", "canvas_tutor.i18n_extract:extract")],
            keywords={"_": None, "N_": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2)}):
        if isinstance(message, str):
            catalog.add(message, pseudo(message), context=context)
        else:
            singular, plural = message[0], message[1]
            catalog.add((singular, plural), (pseudo(singular), pseudo(plural)))
    folder = tmp_path_factory.mktemp("pseudo-locale")
    path = folder / "el" / "LC_MESSAGES" / f"{i18n.DOMAIN}.po"
    path.parent.mkdir(parents=True)
    with path.open("wb") as handle:
        write_po(handle, catalog)
    return folder


@pytest.fixture
def greek(pseudo_catalogue: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv(i18n.LOCALE_DIR_ENV, str(pseudo_catalogue))
    i18n.reset()
    i18n.set_language("el")
    yield


class Leaks:
    """English seen so far, by the place it was seen."""

    def __init__(self) -> None:
        self.found: dict[str, list[str]] = {}
        self.places = 0

    def check(self, where: str, text: str) -> None:
        self.places += 1
        # The coach's finding ids ([empty-block]) are stable names trainers refer to, in
        # every language, like key names.
        words = english(re.sub(r"\[[a-z]+(?:-[a-z]+)+\]", " ", text))
        if words:
            self.found[where] = words

    async def screen(self, pilot: Pilot[None], where: str) -> None:
        await pilot.pause()
        await pilot.pause()
        # Toasts are drawn over the screen, not in its rows: their text is read directly.
        toasts = [f"{n.title or ''} {n.message}" for n in pilot.app._notifications]
        self.check(where, "\n".join([*screen_rows(pilot.app.screen), *toasts]))

    def assert_none(self) -> None:
        assert self.found == {}, "English that bypassed the catalogue: " + "; ".join(
            f"{where}: {', '.join(words)}" for where, words in self.found.items())


async def _scroll_through(pilot: Pilot[None], leaks: Leaks, where: str) -> None:
    """Look at a whole lesson, a screenful at a time."""
    await pilot.pause(0.2)  # the lesson mounts its later widgets after the first frame
    body = pilot.app.screen.query_one("#body")
    for step in range(8):
        body.scroll_to(y=step * (SIZE[1] - 8), animate=False)
        await leaks.screen(pilot, f"{where} (part {step + 1})")
        if body.scroll_y >= body.max_scroll_y:
            break


@pytest.fixture
def data_dir() -> Iterator[Path]:
    """A short data folder: its path, shown on screen, fits on one line (paths are allowed,
    but one cut in two at the edge of a box would look like words)."""
    folder = Path(tempfile.mkdtemp(prefix="ct-", dir="/tmp"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


async def test_every_screen_shows_only_translated_text(greek: None, data_dir: Path) -> None:
    course = load_course(GREEK, "el")
    leaks = Leaks()
    data = data_dir
    app = CanvasTutorApp(course, data_dir=data, trainer=True,
                         notice="Ειδοποίηση για τη γλώσσα")
    async with app.run_test(size=SIZE) as pilot:
        await leaks.screen(pilot, "welcome")
        await pilot.click("#start")  # no name yet: a warning
        await leaks.screen(pilot, "welcome, no name")
        app.screen.query_one("#name", Input).value = "Άννα"
        app.screen.query_one("#venture", Input).value = "Καφενείο"
        await pilot.click("#start")
        await leaks.screen(pilot, "home")
        await pilot.press("f1")
        await leaks.screen(pilot, "help on home")
        await pilot.press("escape")
        await pilot.press("ctrl+p")
        await leaks.screen(pilot, "palette")
        await pilot.press(*"Σχ")
        await pilot.pause(0.5)
        await leaks.screen(pilot, "palette, searching")
        await pilot.press("escape")
        await pilot.press("ctrl+g")
        await leaks.screen(pilot, "glossary")
        assert type(app.screen).__name__ == "GlossaryScreen"
        await pilot.press(*"ομάδα")
        await leaks.screen(pilot, "glossary, filtered")
        await pilot.press(*"ξξξ")
        await leaks.screen(pilot, "glossary, nothing found")
        await pilot.press("escape")

        app.open_lesson("intro")
        await _scroll_through(pilot, leaks, "lesson with choices and a rating")
        assert app.screen.query("#ex-self-check")  # the rate exercise is on it
        lesson = app.screen
        for exercise_id in ("mi-quiz", "mi-multi"):
            box = lesson.query_one(f"#ex-{exercise_id}")
            box.scroll_visible(animate=False, top=True)
            await pilot.pause()
            box.query_one("#check", Button).press()  # nothing chosen: a warning
            await leaks.screen(pilot, f"{exercise_id}, nothing chosen")
            box.query_one("#hint", Button).press()
            toggles = box.query(RadioButton) if exercise_id == "mi-quiz" else box.query(Checkbox)
            toggles.last().value = True  # a wrong answer: the feedback says why
            await pilot.pause()
            box.query_one("#check", Button).press()
            await leaks.screen(pilot, f"{exercise_id}, checked")
        await pilot.press("f1")
        await leaks.screen(pilot, "help in a lesson")
        await pilot.press("escape")
        await pilot.press("v")
        await leaks.screen(pilot, "presenter")
        await pilot.press("escape")
        await pilot.press("s")
        await leaks.screen(pilot, "trainer panel, timer running")

        app.open_lesson("relations")
        await _scroll_through(pilot, leaks, "lesson with reflect, notes, classify, pick")
        lesson = app.screen
        reflect = lesson.query_one("#ex-mi-expect")
        reflect.scroll_visible(animate=False, top=True)
        await pilot.pause()
        reflect.query_one("#compare", Button).press()  # no answer yet: a warning
        await leaks.screen(pilot, "reflect, compare before answering")
        reflect.query_one(TextArea).text = "Μια κοινότητα."
        await pilot.pause()
        reflect.query_one("#compare", Button).press()
        reflect.query_one("#hint", Button).press()
        await leaks.screen(pilot, "reflect, compared")
        notes = lesson.query_one("#ex-mi-notes")
        notes.scroll_visible(animate=False, top=True)
        notes_input = notes.query_one("#note-input", Input)
        notes_input.focus()
        await pilot.press(*"Εκδηλώσεις", "enter")
        await leaks.screen(pilot, "notes, one added")
        sort = lesson.query_one("#ex-mi-sort")
        sort.scroll_visible(animate=False, top=True)
        await pilot.pause()
        sort.query_one("#check", Button).press()  # not sorted: a warning
        await leaks.screen(pilot, "classify, unsorted")
        for select in sort.query(Select):
            select.value = "transactional"
        await pilot.pause()
        sort.query_one("#check", Button).press()
        await leaks.screen(pilot, "classify, checked")
        pick = lesson.query_one("#ex-mi-pick")
        pick.scroll_visible(animate=False, top=True)
        pick.query_one("#types").focus()
        await pilot.press("space")
        await leaks.screen(pilot, "pick, one kept")
        await pilot.press("f1")
        await leaks.screen(pilot, "help with exercises")
        await pilot.press("escape")

        await pilot.press("escape", "c")  # leave the text, then My canvas
        app.open_my_canvas()
        await leaks.screen(pilot, "my canvas")
        await pilot.press("k")
        await leaks.screen(pilot, "my canvas with the coach")
        await pilot.press("t")
        await leaks.screen(pilot, "the case's canvas")
        await pilot.press("e")
        await leaks.screen(pilot, "editing the case: a notice")
        await pilot.press("t", "e")
        await leaks.screen(pilot, "notes editor")
        await pilot.press("escape")
        await pilot.press("x")
        await leaks.screen(pilot, "export dialog")
        await pilot.press("escape")
        await pilot.press("f1")
        await leaks.screen(pilot, "help on my canvas")
        await pilot.press("escape")
    leaks.assert_none()
    assert leaks.places >= 25


async def test_resume_list_and_a_broken_canvas(greek: None, tmp_path: Path) -> None:
    course = load_course(GREEK, "el")
    data = tmp_path / "data"
    data.mkdir()
    leaks = Leaks()
    app = CanvasTutorApp(course, data_dir=data)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.create_canvas(data / "anna.canvas.toml", "Άννα", "Καφενείο")
        await pilot.pause()
    (data / "broken.canvas.toml").write_text("this = [", "utf-8")
    app = CanvasTutorApp(course, data_dir=data)
    async with app.run_test(size=SIZE) as pilot:
        await leaks.screen(pilot, "welcome with canvases to resume")
        app.open_canvas(data / "broken.canvas.toml")
        await leaks.screen(pilot, "broken canvas dialog")
    leaks.assert_none()


def _html_text(page: str) -> str:
    """What a browser shows of a page: no style, no tags, entities decoded."""
    page = re.sub(r"<(style|script).*?</\1>", " ", page, flags=re.S)  # not shown: CSS, JSON-LD
    page = re.sub(r"https?://\S+", " ", page)  # addresses (a licence's), like file names
    page = re.sub(r"<[^>]+>", " ", page)
    return html.unescape(page)


def _canvas(tmp_path: Path) -> Path:
    path = tmp_path / "anna.canvas.toml"
    path.write_text(
        'format = "canvas-tutor/canvas"\nformat_version = 1\ncourse = "greek-mini"\n'
        'language = "el"\ncreated = 2026-11-22T09:30:00Z\nupdated = 2026-11-24T16:05:12Z\n\n'
        '[learner]\nname = "Άννα"\nventure = "Καφενείο"\n\n'
        '[progress]\ncurrent = "relations"\ncompleted = ["intro"]\n\n'
        '[progress.quiz.mi-quiz]\nanswer = ["1"]\ncorrect = true\nattempts = 1\n\n'
        '[blocks.customer_segments]\nnotes = ["Φοιτητές"]\n\n'
        '[blocks.customer_relationships]\nnotes = ["Εκδηλώσεις"]\n'
        'types = ["communities", "άλλο_είδος"]\n\n'
        '[blocks.customer_relationships.answers]\nmi-expect = "Μια κοινότητα."\n', "utf-8")
    return path


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[str, str]:
    assert main([*args, "--course", str(GREEK), "--language", "el"]) == 0
    captured = capsys.readouterr()
    return captured.out, captured.err


def test_every_export_coach_and_report_is_translated(
        greek: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    canvas = _canvas(tmp_path)
    leaks = Leaks()
    out, err = _run(["export", str(canvas), "--format", "html"], capsys)
    leaks.check("html export", _html_text(out) + err)
    out, err = _run(["export", str(canvas), "--format", "md"], capsys)
    body = out.split("---", 2)[2]  # the front matter's keys are data, not text to read
    leaks.check("markdown export", body + err)
    out, err = _run(["export", str(canvas), "--format", "json"], capsys)
    data = json.loads(out)
    leaks.check("json export titles", json.dumps([b["title"] for b in data["blocks"]],
                                                 ensure_ascii=False) + err)
    svg = tmp_path / "anna.svg"
    out, err = _run(["export", str(canvas), "--format", "svg", "-o", str(svg)], capsys)
    leaks.check("svg export", _html_text(svg.read_text("utf-8")) + out + err)
    out, err = _run(["coach", str(canvas)], capsys)
    leaks.check("coach, text", out + err)
    out, err = _run(["coach", str(canvas), "--format", "json"], capsys)
    leaks.check("coach, json titles", " ".join(
        f"{f['title']} {f['why']} {f['try']}" for f in json.loads(out)["findings"]) + err)
    folder = tmp_path / "class"
    folder.mkdir()
    (folder / "anna.canvas.toml").write_bytes(canvas.read_bytes())
    (folder / "again.canvas.toml").write_bytes(canvas.read_bytes())
    (folder / "broken.canvas.toml").write_text("nope = [", "utf-8")
    out, err = _run(["report", str(folder)], capsys)
    leaks.check("report, html", _html_text(out) + err)
    out, err = _run(["report", str(folder), "--format", "json"], capsys)
    report = json.loads(out)
    leaks.check("report, json labels", " ".join(
        [t["label"] for t in report["types"]["items"]]
        + [s["reason"] for s in report["skipped"]]) + err)
    out, err = _run(["report", str(folder), "--format", "csv"], capsys)
    rows = out.splitlines()[1:]  # the header row names columns for tools
    leaks.check("report, csv", "\n".join(rows) + err)
    done = tmp_path / "done.canvas.toml"
    done.write_text(canvas.read_text("utf-8").replace('completed = ["intro"]',
                                                      'completed = ["intro", "relations"]'),
                    "utf-8")
    page = tmp_path / "certificate.html"
    out, err = _run(["certificate", str(done), "-o", str(page)], capsys)
    leaks.check("certificate", _html_text(page.read_text("utf-8")) + out + err)
    assert main(["certificate", str(canvas), "--course", str(GREEK), "--language", "el"]) == 1
    leaks.check("certificate refused", capsys.readouterr().err)
    for fmt in ("html", "md"):
        book = tmp_path / f"handbook.{fmt}"
        assert main(["course", "export", str(GREEK), "--format", fmt, "--trainer",
                     "--language", "el", "-o", str(book)]) == 0
        text = book.read_text("utf-8")
        if fmt == "md":  # its front matter's keys are data, as in the canvas's Markdown
            text = re.sub(r"https?://\S+", " ", text.split("---", 2)[2])
        leaks.check(f"handbook, {fmt}", (_html_text(text) if fmt == "html" else text)
                    + capsys.readouterr().err)
    leaks.assert_none()
    assert leaks.places == 13


def test_command_line_help_and_errors_are_translated(
        greek: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    leaks = Leaks()
    for command in ("export", "coach", "report", "serve", "check", "course"):
        with pytest.raises(SystemExit):
            main(["--course", str(GREEK), "--language", "el", command, "--help"])
        text = capsys.readouterr().out
        # argparse's own words (usage, options, show this help...) are argparse's
        text = re.sub(r"usage:.*?\n\n", "\n", text, flags=re.S)
        text = re.sub(r"(?m)^ {4}[a-z]+(?= )", " ", text)  # subcommand names, like key names
        text = re.sub(r"(?m)^\S.*:$", " ", text)  # its section headings
        text = re.sub(r"-h, --help\s+show this help message and exit", " ", text)
        text = re.sub(r"--?[\w-]+(?: [A-Z]+)?|\{[\w,]+\}|[A-Z]{3,}", " ", text)
        leaks.check(f"{command} --help", text)
    assert main(["export", str(tmp_path / "missing.canvas.toml"), "--format", "md",
                 "--course", str(GREEK), "--language", "el"]) == 1
    leaks.check("export of a missing file", capsys.readouterr().err)
    leaks.assert_none()


def test_check_speaks_the_language_too(greek: None, tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    pack = tmp_path / "πακέτο"
    shutil.copytree(GREEK, pack)
    lesson = pack / "lessons" / "el" / "01-intro.md"
    text = lesson.read_text("utf-8").replace('kind = "choice"\nprompt', 'kind = "choice"\n'
                                             'σκουπίδι = 1\nprompt', 1)
    lesson.write_text(text.replace("correct = true\n", "", 1), "utf-8")
    leaks = Leaks()
    assert main(["check", str(pack), "--language", "el"]) == 1
    out = capsys.readouterr()
    # `file:line:` and the key a fault names are the author's own words
    leaks.check("check of a faulty pack", re.sub(r"(?m)^\S+:\d+:", " ", out.out) + out.err)
    assert main(["check", str(GREEK), "--language", "el"]) == 0
    leaks.check("check of a good pack", capsys.readouterr().out)
    leaks.assert_none()


def test_plain_mode_speaks_the_language_too(greek: None, pseudo_catalogue: Path,
                                            tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    from canvas_tutor.plain.commands import COMMANDS

    lines = ["Άννα", "Καφενείο", "help", "lessons", "", "hint", "Μια απάντηση", "", "1",
             "canvas", "coach", "export", "go 9", "q"]
    env = {**os.environ, i18n.LOCALE_DIR_ENV: str(pseudo_catalogue),
           "CANVAS_TUTOR_DATA_DIR": str(tmp_path / "data")}
    done = subprocess.run(
        [sys.executable, "-m", "canvas_tutor", "--plain", "--course", str(GREEK),
         "--language", "el", "--canvas", str(tmp_path / "anna.canvas.toml")],
        input="".join(line + "\n" for line in lines).encode("utf-8"), capture_output=True,
        env=env, timeout=120)
    assert done.returncode == 0, done.stderr.decode()
    text = done.stdout.decode("utf-8") + done.stderr.decode("utf-8")
    # plain mode's command words are English in every language, like key names, and
    # so are the format ids they take (export md)
    words = {c.name for c in COMMANDS} | {"FORMAT", "html", "md", "json"}
    text = re.sub(r"\b(" + "|".join(sorted(words)) + r")\b", " ", _PATH.sub(" ", text))
    leaks = Leaks()
    leaks.check("plain mode", text)
    leaks.assert_none()
    assert "⟦" in text and "Άννα" in text
