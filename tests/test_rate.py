"""The `rate` kind: a self-check on the course outcomes, kept in the canvas, shown in the app."""

from __future__ import annotations

from pathlib import Path

import pytest

from canvas_tutor.canvas.codec import canvas_from_text, canvas_to_text
from canvas_tutor.canvas.model import Canvas
from canvas_tutor.canvas.rules import attempted
from canvas_tutor.course.loader import load_course
from canvas_tutor.course.model import Course
from canvas_tutor.errors import CanvasError
from canvas_tutor.tui.app import CanvasTutorApp
from canvas_tutor.tui.widgets.exercises.rate import RateExercise
from tui_helpers import in_lesson


@pytest.fixture(scope="module")
def course() -> Course:
    return load_course()


def test_rate_items_are_the_course_outcomes(course: Course) -> None:
    before = course.exercise("self-check-before")
    assert before is not None and before.kind == "rate"
    assert [o.id for o in before.options] == [o.id for o in course.outcomes]
    assert before.options[0].text == course.outcomes[0].text


def test_ratings_round_trip_and_count_as_attempted(course: Course) -> None:
    canvas = Canvas(course=course.id)
    before = course.exercise("self-check-before")
    assert before is not None and not attempted(canvas, before)
    canvas.rate("self-check-before", "segments", 2)
    assert attempted(canvas, before)
    again = canvas_from_text(Path("x.canvas.toml"), canvas_to_text(canvas))
    assert again.ratings_of("self-check-before") == {"segments": 2}
    with pytest.raises(ValueError):
        canvas.rate("self-check-before", "segments", 6)


def test_a_rating_out_of_range_in_a_file_is_a_clear_error(course: Course) -> None:
    text = canvas_to_text(Canvas(course=course.id)) + \
        '\n[progress.ratings.self-check-before]\nsegments = 9\n'
    with pytest.raises(CanvasError, match="must be a whole number from 1 to 5") as info:
        canvas_from_text(Path("x.canvas.toml"), text)
    assert info.value.line == len(text.splitlines())


async def test_rating_in_the_app_is_saved(course: Course, tmp_path: Path) -> None:
    app = CanvasTutorApp(course, data_dir=tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        path = await in_lesson(app, pilot, "welcome", tmp_path / "r.canvas.toml")
        widget = app.screen.query_one(RateExercise)
        widget.scroll_visible(animate=False)
        await pilot.pause()
        sets = list(widget.query("RadioSet"))
        assert len(sets) == len(course.outcomes)
        buttons = list(sets[1].query("RadioButton"))
        buttons[3].scroll_visible(animate=False)
        await pilot.pause()
        await pilot.click(buttons[3])  # "4" for the second outcome
        await pilot.pause()
        assert app.canvas.ratings_of("self-check-before") == {course.outcomes[1].id: 4}
        app.save_now()
    saved = canvas_from_text(path, path.read_text(encoding="utf-8"))
    assert saved.ratings_of("self-check-before") == {course.outcomes[1].id: 4}


def test_the_class_report_shows_the_change_per_outcome(course: Course, tmp_path: Path) -> None:
    from canvas_tutor.canvas.store import CanvasStore
    from canvas_tutor.export.report import collect, report_html, report_json

    first = course.outcomes[0].id
    for name, before, after in (("Ana", 1, 4), ("Ben", 2, 3), ("Cy", 3, None)):
        canvas = Canvas(course=course.id, name=name)
        canvas.rate("self-check-before", first, before)
        if after is not None:
            canvas.rate("self-check-after", first, after)
        with CanvasStore(tmp_path / f"{name}.canvas.toml") as store:
            store.create(canvas)
    report = collect([tmp_path], course)
    stat = report.outcomes[0]
    assert (stat.before, stat.after, stat.rated_before, stat.rated_after) == (2.0, 3.5, 3, 2)
    assert stat.change == 1.5
    assert '"change": 1.5' in report_json(report)
    page = report_html(report)
    assert "Self-check: confidence per outcome" in page and "+1.5" in page
