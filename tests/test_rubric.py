"""The `rubric` kind: the final task's self-assessment, one level per criterion.

Parsed with its faults at file:line, chosen by keyboard in the app, answered in plain
mode, kept in the canvas file, shown in every export, the class report and xAPI, and
never taken for the self-check. Hostile criterion text stays text everywhere.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from canvas_tutor.canvas.codec import canvas_from_text, canvas_to_text
from canvas_tutor.canvas.model import Canvas
from canvas_tutor.canvas.rules import attempted
from canvas_tutor.canvas.store import CanvasStore
from canvas_tutor.course.faults import Fault
from canvas_tutor.course.loader import inspect_pack, load_course
from canvas_tutor.course.model import Course
from canvas_tutor.export.html import canvas_to_html
from canvas_tutor.export.json_export import canvas_to_json
from canvas_tutor.export.markdown import canvas_to_markdown
from canvas_tutor.export.report import collect, report_html, report_json
from canvas_tutor.export.xapi import canvas_statements
from canvas_tutor.tui.app import CanvasTutorApp
from canvas_tutor.tui.widgets.exercises.rubric import RubricExercise
from tui_helpers import in_lesson

MINI = Path(__file__).parent / "fixtures" / "mini-pack"
INTRO = "lessons/en/01-intro.md"
LEVELS = '["Not yet.", "Partly.", "Clearly."]'


def fence(criteria: list[tuple[str, str]], *, ex_id: str = "mi-rubric",
          title: str = "Clear") -> str:
    """A rubric fence; each criterion is (id, levels as a TOML list)."""
    lines = ["```exercise", f'id = "{ex_id}"', 'kind = "rubric"',
             'prompt = "Score your talk."', 'hint = "Be honest."']
    for cid, levels in criteria:
        lines += ["", "[[criteria]]", f'id = "{cid}"', f'title = "{title}"',
                  f"levels = {levels}"]
    return "\n".join([*lines, "```", ""])


FOUR = [("customer", LEVELS), ("value", LEVELS), ("money", LEVELS), ("risk", LEVELS)]


def pack_with(tmp_path: Path, text: str) -> tuple[Path, int]:
    """The mini pack with `text` added to its first lesson; the fence's first line."""
    root = tmp_path / "pack"
    shutil.copytree(MINI, root)
    lesson = root / INTRO
    before = lesson.read_text(encoding="utf-8")
    lesson.write_text(before + "\n" + text, encoding="utf-8")
    return root, len(before.splitlines()) + 3  # the line after "```exercise"


def faults_of(root: Path) -> list[Fault]:
    course, faults = inspect_pack(root)
    assert faults and course is None
    return faults


def only(faults: list[Fault], fragment: str) -> Fault:
    shown = "\n".join(map(str, faults))
    found = [f for f in faults if fragment in f.message]
    assert len(found) == 1 and len(faults) == 1, shown
    return found[0]


@pytest.fixture(scope="module")
def course() -> Course:
    return load_course()


# The fence and its faults -------------------------------------------------------------


def test_a_rubric_parses_into_criteria_with_their_levels(tmp_path: Path) -> None:
    root, first = pack_with(tmp_path, fence(FOUR))
    course, faults = inspect_pack(root)
    assert faults == [] and course is not None
    ex = course.exercise("mi-rubric")
    assert ex is not None and ex.kind == "rubric" and ex.line == first - 1
    assert [c.id for c in ex.criteria] == ["customer", "value", "money", "risk"]
    assert ex.criteria[0].levels == ("Not yet.", "Partly.", "Clearly.")


@pytest.mark.parametrize("criteria", [FOUR[:3], FOUR + [("fit", LEVELS), ("time", LEVELS),
                                                        ("talk", LEVELS)]])
def test_too_few_or_too_many_criteria_is_a_fault_at_the_criteria(
        tmp_path: Path, criteria: list[tuple[str, str]]) -> None:
    root, first = pack_with(tmp_path, fence(criteria))
    fault = only(faults_of(root), f"4 to 6 criteria ([[criteria]]), not {len(criteria)}")
    assert fault.path == root / INTRO
    assert fault.line == first + 5  # the first [[criteria]]
    assert str(fault).startswith(f"{root / INTRO}:{first + 5}: a rubric needs")


def test_a_rubric_without_criteria_says_so_at_its_line(tmp_path: Path) -> None:
    root, first = pack_with(tmp_path, fence([]))
    fault = only(faults_of(root), "missing key 'criteria'")
    assert fault.line == first


@pytest.mark.parametrize("levels", ['["Only one."]', '["1", "2", "3", "4", "5", "6"]'])
def test_a_level_list_too_short_or_too_long_is_a_fault_at_its_line(
        tmp_path: Path, levels: str) -> None:
    criteria = [FOUR[0], ("value", levels), *FOUR[2:]]
    root, first = pack_with(tmp_path, fence(criteria))
    fault = only(faults_of(root), "needs 2 to 5 levels")
    assert fault.line == first + 5 + 5 + 3  # the second criterion's levels


def test_an_empty_level_is_a_fault(tmp_path: Path) -> None:
    root, first = pack_with(tmp_path, fence([FOUR[0], ("value", '["Not yet.", " "]'),
                                             *FOUR[2:]]))
    assert only(faults_of(root), "level of a rubric criterion is empty").line == first + 13


def test_a_duplicate_criterion_id_is_a_fault_at_the_second(tmp_path: Path) -> None:
    root, first = pack_with(tmp_path, fence([*FOUR[:3], ("customer", LEVELS)]))
    fault = only(faults_of(root), "duplicate criterion id 'customer'")
    assert fault.line == first + 5 + 3 * 5 + 1  # the fourth criterion's id


def test_unknown_keys_of_a_criterion_are_faults(tmp_path: Path) -> None:
    text = fence(FOUR).replace('id = "risk"', 'id = "risk"\nweight = 2')
    root, first = pack_with(tmp_path, text)
    assert only(faults_of(root), "unknown key 'weight'").line == first + 5 + 3 * 5 + 2


def test_check_lists_every_rubric_fault_as_file_line_message(tmp_path: Path) -> None:
    root, first = pack_with(tmp_path, fence([FOUR[0], ("customer", '["One."]')]))
    result = subprocess.run([sys.executable, "-m", "canvas_tutor", "check", str(root)],
                            capture_output=True, text=True, timeout=60,
                            env={**os.environ, "CANVAS_TUTOR_LANG": "en"})
    assert result.returncode != 0
    out = result.stdout + result.stderr
    assert f"{INTRO}:{first + 5}: a rubric needs 4 to 6 criteria" in out
    assert f"{INTRO}:{first + 13}: a rubric criterion needs 2 to 5 levels, not 1" in out
    assert f"{INTRO}:{first + 11}: duplicate criterion id 'customer'" in out


def test_a_translation_must_keep_the_criteria_and_their_levels(course: Course) -> None:
    from canvas_tutor.course.translation import compare_lessons

    for language in ("es", "fr"):
        other = load_course(None, language)
        ex = other.exercise("yc-rubric")
        assert ex is not None and ex.kind == "rubric"
        assert [(c.id, len(c.levels)) for c in ex.criteria] == [
            (c.id, len(c.levels)) for c in course.exercise("yc-rubric").criteria]  # type: ignore[union-attr]
        assert compare_lessons(course.lessons[-1], other.lessons[-1]) == []


# The built-in course -------------------------------------------------------------------


def test_lesson_13_scores_its_final_task_on_a_rubric(course: Course) -> None:
    ex = course.exercise("yc-rubric")
    assert ex is not None and ex.kind == "rubric"
    assert len(ex.criteria) == 6 and all(len(c.levels) == 3 for c in ex.criteria)
    weakest = course.exercise("yc-weakest")
    assert weakest is not None and weakest.kind == "reflect"


def test_levels_are_kept_in_the_canvas_file_and_count_as_tried(course: Course) -> None:
    ex = course.exercise("yc-rubric")
    assert ex is not None
    canvas = Canvas(course=course.id)
    assert not attempted(canvas, ex)
    canvas.rate("yc-rubric", "money", 2)
    assert attempted(canvas, ex)
    text = canvas_to_text(canvas)
    assert tomllib.loads(text)["progress"]["ratings"]["yc-rubric"] == {"money": 2}
    assert canvas_from_text(Path("x.canvas.toml"), text).ratings_of("yc-rubric") == {
        "money": 2}


def test_a_rubric_is_never_the_self_check(course: Course, tmp_path: Path) -> None:
    canvas = Canvas(course=course.id, name="Ana")
    canvas.rate("yc-rubric", "customer", 3)
    with CanvasStore(tmp_path / "ana.canvas.toml") as store:
        store.create(canvas)
    report = collect([tmp_path], course)
    assert report.outcomes == []  # no self-check rated: the rubric does not count
    html = canvas_to_html(canvas, course)
    assert "3/5" not in html  # the outcome table shows no rating from the rubric


# The app ------------------------------------------------------------------------------


async def test_levels_chosen_by_keyboard_land_in_the_canvas_file(
        course: Course, tmp_path: Path) -> None:
    app = CanvasTutorApp(course, data_dir=tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        path = await in_lesson(app, pilot, "your-canvas", tmp_path / "r.canvas.toml")
        widget = app.screen.query_one(RubricExercise)
        sets = list(widget.query("RadioSet"))
        assert len(sets) == 6
        labels = [str(b.label) for b in sets[0].query("RadioButton")]
        assert labels[0] == '1. "Everyone", or no size.'
        sets[0].focus()
        await pilot.pause()
        await pilot.press("down", "down", "enter")  # customer: level 3
        await pilot.press("tab")  # on to the next criterion
        await pilot.pause()
        assert app.focused is sets[1]
        await pilot.press("down", "enter")  # value: level 2
        await pilot.pause()
        assert app.canvas.ratings_of("yc-rubric") == {"customer": 3, "value": 2}
        app.save_now()
    saved = tomllib.loads(path.read_text(encoding="utf-8"))
    assert saved["progress"]["ratings"]["yc-rubric"] == {"customer": 3, "value": 2}


async def test_a_long_level_wraps_instead_of_being_cut(course: Course, tmp_path: Path) -> None:
    app = CanvasTutorApp(course, data_dir=tmp_path)
    async with app.run_test(size=(60, 40)) as pilot:
        await in_lesson(app, pilot, "your-canvas", tmp_path / "w.canvas.toml")
        widget = app.screen.query_one(RubricExercise)
        button = list(widget.query("RadioButton"))[2]
        assert button.size.height >= 2


# Plain mode ---------------------------------------------------------------------------


def test_plain_mode_scores_a_rubric_and_asks_again_off_the_scale(tmp_path: Path) -> None:
    root, _first = pack_with(tmp_path, fence(FOUR))
    folder = tmp_path / "data"
    # how many Enters come before the rubric (reading, the quiz): read off a first run
    dry = subprocess.run(
        [sys.executable, "-m", "canvas_tutor", "--plain", "--course", str(root),
         "--data-dir", str(tmp_path / "dry")], input="Ada\nTea bikes\n" + "\n" * 30,
        capture_output=True, text=True, timeout=60,
        env={**os.environ, "CANVAS_TUTOR_LANG": "en"}).stdout
    before = dry[:dry.index("Criterion 1 of 4:")]
    skips = before.count("Enter for more") + before.count("Your choice")
    result = subprocess.run(
        [sys.executable, "-m", "canvas_tutor", "--plain", "--course", str(root),
         "--data-dir", str(folder)],
        input="Ada\nTea bikes\n" + "\n" * skips + "3\n7\n2\n\n1\nquit\n",
        capture_output=True, text=True, timeout=60,
        env={**os.environ, "CANVAS_TUTOR_LANG": "en"})
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Criterion 1 of 4: Clear" in out and "  3. Clearly." in out
    assert "Type one number from 1 to 3." in out
    data = tomllib.loads((folder / "ada.canvas.toml").read_text(encoding="utf-8"))
    assert data["progress"]["ratings"]["mi-rubric"] == {"customer": 3, "value": 2,
                                                         "risk": 1}


# Exports, the report, xAPI --------------------------------------------------------------


def scored(course: Course, name: str = "Ana", levels: tuple[int, ...] = (3, 2, 1, 2, 3, 3)
           ) -> Canvas:
    canvas = Canvas(course=course.id, name=name, venture="Tea bikes")
    ex = course.exercise("yc-rubric")
    assert ex is not None
    for criterion, level in zip(ex.criteria, levels, strict=False):
        canvas.rate("yc-rubric", criterion.id, level)
    return canvas


def test_html_markdown_and_json_exports_show_the_levels(course: Course) -> None:
    canvas = scored(course)
    html = canvas_to_html(canvas, course)
    assert '<section class="rubric"><h2>Rubric: Your canvas</h2>' in html
    assert ("<td>Customer: one main segment, with two or three traits and a size.</td>"
            "<td><b>3/3</b> A segment you can picture, with a size and where the number "
            "comes from.</td>") in html
    assert "<b>1/3</b> The blocks read as separate lists." in html
    md = canvas_to_markdown(canvas, course)
    assert "## Rubric: Your canvas" in md
    assert "| Money: one month in numbers. | **2/3** Revenue or costs, not both. |" in md
    data = json.loads(canvas_to_json(canvas, course))
    assert data["progress"]["ratings"]["yc-rubric"] == {
        "customer": 3, "value": 2, "fit": 1, "money": 2, "risk": 3, "delivery": 3}


def test_a_level_a_criterion_lacks_is_shown_as_not_scored(course: Course) -> None:
    canvas = scored(course, levels=(2,))
    canvas.progress.ratings["yc-rubric"]["value"] = 5  # a hand edit: value has 3 levels
    html = canvas_to_html(canvas, course)
    assert "5/3" not in html and "<b>\u2014</b>" in html
    from canvas_tutor.export.answers import answer_text

    ex = course.exercise("yc-rubric")
    assert ex is not None
    assert answer_text(canvas, ex)[0] == (
        "2/3 Customer: one main segment, with two or three traits and a size.")


def test_an_unscored_rubric_is_not_in_the_exports(course: Course) -> None:
    canvas = Canvas(course=course.id, name="Ana")
    assert 'class="rubric"' not in canvas_to_html(canvas, course)
    assert "Rubric:" not in canvas_to_markdown(canvas, course)


def test_the_report_shows_each_criterion_and_the_learners_side_by_side(
        course: Course, tmp_path: Path) -> None:
    for name, levels in (("Ana", (3, 2, 1)), ("Ben", (1, 2, 3)), ("Cy", (3,))):
        with CanvasStore(tmp_path / f"{name}.canvas.toml") as store:
            store.create(scored(course, name, levels))
    report = collect([tmp_path], course)
    (rubric,) = report.rubrics
    customer, value, fit = rubric.criteria[:3]
    assert (customer.counts, customer.mean, customer.scored) == ([1, 0, 2], 2.3, 3)
    assert (value.counts, value.mean) == ([0, 2, 0], 2.0)
    assert (fit.counts, fit.mean) == ([1, 0, 1], 2.0)
    assert rubric.criteria[5].mean is None and rubric.criteria[5].scored == 0
    html = report_html(report)
    assert '<h2 id="rubric-yc-rubric">Rubric: Your canvas</h2>' in html
    assert "1: 1 · 2: 0 · 3: 2" in html
    row = html.split("<tr><td>Ben</td>", 1)[1].split("</tr>", 1)[0]
    assert row.startswith('<td class="n">1/3</td><td class="n">2/3</td><td class="n">3/3</td>')
    assert "<td>&mdash;</td>" in row
    data = json.loads(report_json(report))
    (entry,) = data["rubrics"]
    assert entry["criteria"][0] == {"id": "customer", "title": customer.title, "scored": 3,
                                    "mean": 2.3, "per_level": [1, 0, 2]}
    assert {"file": "Cy.canvas.toml", "name": "Cy", "levels": {"customer": 3}} in [
        {**s, "file": Path(s["file"]).name} for s in entry["scores"]]
    work = {a["name"]: a["answer"] for c in data["exercises"] if c["id"] == "yc-rubric"
            for a in c["answers"]}
    assert work["Cy"] == "3/3 Customer: one main segment, with two or three traits and a size."
    assert data["self_check"] == [] or all(o["before"] is None for o in data["self_check"])


def test_xapi_states_the_levels_chosen(course: Course) -> None:
    canvas = scored(course)
    out = canvas_statements(canvas, course, home_page="https://school.example/c")
    (statement,) = [s for s in out if s["object"]["id"].endswith("/exercise/yc-rubric")]
    assert statement["result"]["response"] == (
        "customer[.]3[,]value[.]2[,]fit[.]1[,]money[.]2[,]risk[.]3[,]delivery[.]3")
    assert statement["result"]["completion"] is True
    assert statement["result"]["score"] == {"raw": 14, "min": 6, "max": 18,
                                            "scaled": round(8 / 12, 4)}
    assert statement["object"]["definition"]["interactionType"] == "other"
    part = canvas_statements(scored(course, levels=(2,)), course,
                             home_page="https://school.example/c")
    (half,) = [s for s in part if s["object"]["id"].endswith("/exercise/yc-rubric")]
    assert half["result"] == {"response": "customer[.]2", "completion": False}


# Hostile text --------------------------------------------------------------------------


HOSTILE = '<script>alert(1)</script> [bold red]x[/] **b** | `c` \\u001b]0;PWNED\\u0007'


def test_hostile_criterion_text_stays_text(tmp_path: Path) -> None:
    criteria = [("customer", f'["{HOSTILE}", "Partly."]'), *FOUR[1:]]
    root, _first = pack_with(tmp_path, fence(criteria, title=HOSTILE))
    course = load_course(root)
    ex = course.exercise("mi-rubric")
    assert ex is not None
    shown = ex.criteria[0].title
    assert "\x1b" not in shown and "\x07" not in shown  # cleaned when read
    canvas = Canvas(course=course.id, name="Ana")
    canvas.rate("mi-rubric", "customer", 1)
    html = canvas_to_html(canvas, course)
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    md = canvas_to_markdown(canvas, course)
    assert "<script>" not in md and "\\[bold red\\]" in md and "\\*\\*b\\*\\*" in md
    assert "\\|" in md
    from canvas_tutor.export.handbook import build_handbook
    from canvas_tutor.export.handbook_html import handbook_to_html

    assert "<script>alert" not in handbook_to_html(build_handbook(course))


async def test_hostile_criterion_text_is_shown_literally_in_the_app(tmp_path: Path) -> None:
    criteria = [("customer", f'["{HOSTILE}", "Partly."]'), *FOUR[1:]]
    root, _first = pack_with(tmp_path, fence(criteria, title=HOSTILE))
    course = load_course(root)
    app = CanvasTutorApp(course, data_dir=tmp_path / "data")
    async with app.run_test(size=(100, 40)) as pilot:
        await in_lesson(app, pilot, "intro", tmp_path / "h.canvas.toml")
        widget = app.screen.query_one(RubricExercise)
        title = widget.query(".rubric-criterion").first()
        assert "[bold red]x[/]" in str(title.render())
        button = widget.query("RadioButton").first()
        assert "[bold red]x[/]" in str(button.label)
