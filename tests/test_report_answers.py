"""The report shows the class's work: every answer of every exercise, and started lessons.

The case from the classroom: thirteen learners each wrote one reflect answer and finished
nothing; the report said 0 % and showed thirteen empty canvases.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from canvas_tutor.canvas.codec import canvas_to_text
from canvas_tutor.canvas.codes import set_code
from canvas_tutor.canvas.model import Canvas
from canvas_tutor.course.model import Course, Exercise
from canvas_tutor.export.answers import answers_by_lesson, started_lessons
from canvas_tutor.export.report import collect, report_csv, report_html, report_json
from canvas_tutor.export.report_watch import render_report


def first(course: Course, kind: str) -> tuple[str, Exercise]:
    return next((lesson.id, ex) for lesson in course.lessons for ex in lesson.exercises
                if ex.kind == kind)


def write_class(folder: Path, course: Course, count: int = 13) -> tuple[str, Exercise]:
    lesson_id, ex = first(course, "reflect")
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        canvas = Canvas(course=course.id, name=f"Learner {i:02d}", venture="Bikes")
        canvas.set_answer(ex.saves_to, ex.id, f"My own answer number {i:02d} <b>bold</b>")
        set_code(canvas, f"sun-tree-{i}")
        (folder / f"learner-{i:02d}.canvas.toml").write_text(canvas_to_text(canvas), "utf-8")
    return lesson_id, ex


def test_thirteen_reflect_answers_are_all_in_every_format(builtin_course: Course,
                                                         tmp_path: Path) -> None:
    lesson_id, ex = write_class(tmp_path / "class", builtin_course)
    report = collect([tmp_path / "class"], builtin_course)
    lesson = next(s for s in report.lessons if s.id == lesson_id)
    assert (lesson.started, lesson.started_percent, lesson.done) == (13, 100.0, 0)
    page = report_html(report)
    for i in range(13):
        assert f"My own answer number {i:02d} &lt;b&gt;bold&lt;/b&gt;" in page
    assert "<b>bold</b>" not in page
    assert 'http-equiv="refresh"' not in page  # only a watched report reloads itself
    data = json.loads(report_json(report))
    assert all(x["answers"][ex.id].startswith("My own answer") for x in data["learners"])
    column = next(e for e in data["exercises"] if e["id"] == ex.id)
    assert column["answered"] == 13 and len(column["answers"]) == 13
    assert next(s for s in data["lessons"] if s["id"] == lesson_id)["started"] == 13
    rows = list(csv.reader(io.StringIO(report_csv(report))))
    at = rows[0].index(f"answer:{ex.id}")
    assert all(r[at].startswith("My own answer") for r in rows[1:])
    assert all(r[rows[0].index("started_lessons")] == "1" for r in rows[1:])


def test_answers_of_every_kind_are_written_out(mini_course: Course) -> None:
    canvas = Canvas(course=mini_course.id, name="Ada")
    quiz = next(ex for lesson in mini_course.lessons for ex in lesson.exercises
                if ex.kind == "choice")
    right = next(o for o in quiz.options if o.correct)
    canvas.record_quiz(quiz.id, [right.id], True)
    sort = next(ex for lesson in mini_course.lessons for ex in lesson.exercises
                if ex.kind == "classify")
    canvas.record_quiz(sort.id, [i.answer for i in sort.items], True)
    pick = next(ex for lesson in mini_course.lessons for ex in lesson.exercises
                if ex.kind == "pick")
    canvas.set_types(pick.saves_to, [pick.options[0].id])
    canvas.set_notes(pick.saves_to, ["A meet-up every month"])
    canvas.block("gone_block").answers["old-exercise"] = "kept from an older pack"
    groups = {g.title: {a.id: a for a in g.answers} for g in answers_by_lesson(canvas,
                                                                                mini_course)}
    flat = {i: a for g in groups.values() for i, a in g.items()}
    assert flat[quiz.id].text == right.text and flat[quiz.id].correct is True
    assert sort.items[0].text in flat[sort.id].text
    assert flat[pick.id].text == pick.options[0].text
    assert "- A meet-up every month" in next(a.text for a in flat.values() if a.kind == "notes")
    assert flat["old-exercise"].text == "kept from an older pack"  # nothing is dropped
    assert started_lessons(canvas, mini_course) == {x.id for x in mini_course.lessons}


def test_watched_report_reloads_itself(builtin_course: Course, tmp_path: Path) -> None:
    write_class(tmp_path / "class", builtin_course, count=2)
    page = render_report([tmp_path / "class"], "html", builtin_course)
    assert '<meta http-equiv="refresh" content="5">' in page


def test_self_check_ratings_are_answers_too(builtin_course: Course) -> None:
    from canvas_tutor.export.answers import answer_text

    rate = next((ex for lesson in builtin_course.lessons for ex in lesson.exercises
                 if ex.kind == "rate"), None)
    assert rate is not None, "the built-in course has a self-check"
    canvas = Canvas(course=builtin_course.id, name="Ada")
    first = rate.options[0]
    canvas.progress.ratings[rate.id] = {first.id: 4}
    text, _ = answer_text(canvas, rate)
    assert text == f"{first.text}: 4/5"
