"""A class of learners at different points of the built-in course, for the xAPI tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from canvas_tutor.canvas.codec import canvas_to_text
from canvas_tutor.canvas.model import Canvas
from canvas_tutor.course.model import Course, Exercise

# Exact text a learner may type: accents, scripts, quotes, markup, a tab, line breaks.
ODD = 'Çağrı\'s "tea" <script>alert(1)</script> & [x](javascript:y)\n\tsecond line — 茶'


def work_on(canvas: Canvas, course: Course, ex: Exercise, learner: int) -> None:
    """The learner answers one exercise (right for even learners, wrong for odd ones)."""
    if ex.kind == "reflect" and ex.saves_to:
        text = ODD if learner % 5 == 0 else f"Answer of learner {learner} to {ex.id}."
        canvas.set_answer(ex.saves_to, ex.id, text)
    elif ex.kind == "notes" and ex.saves_to:
        canvas.set_notes(ex.saves_to, [f"Note {learner}.1", f"Note {learner}.2 <b>&</b>"])
    elif ex.kind == "choice":
        right = [o.id for o in ex.options if o.correct]
        wrong = [o.id for o in ex.options if not o.correct][:1]
        answer = right if learner % 2 == 0 or not wrong else wrong
        canvas.record_quiz(ex.id, answer, answer == right)
    elif ex.kind == "classify":
        answer = [item.answer for item in ex.items]
        canvas.record_quiz(ex.id, answer, True)
    elif ex.kind == "pick" and ex.saves_to:
        canvas.set_types(ex.saves_to, [o.id for o in ex.options][: 1 + learner % 3])
    elif ex.kind == "rate":
        for i, item in enumerate(ex.options):
            canvas.rate(ex.id, item.id, 1 + (learner + i) % 5)
    elif ex.kind == "rubric":
        for i, criterion in enumerate(ex.criteria):
            canvas.rate(ex.id, criterion.id, 1 + (learner + i) % len(criterion.levels))


def learner_canvas(course: Course, learner: int) -> Canvas:
    created = datetime(2026, 11, 30, 9, 0, tzinfo=UTC) + timedelta(minutes=learner)
    return Canvas(course=course.id, name=f"Learner {learner:02d}",
                  venture=f"Venture {learner}", created=created, updated=created)


def steps(course: Course) -> list[tuple[str, Exercise | None]]:
    """The course as a learner walks it: each exercise, then 'lesson done'."""
    out: list[tuple[str, Exercise | None]] = []
    for lesson in course.lessons:
        out += [(lesson.id, ex) for ex in lesson.exercises]
        out.append((lesson.id, None))
    return out


def advance(canvas: Canvas, course: Course, learner: int, step: tuple[str, Exercise | None]
            ) -> None:
    lesson_id, ex = step
    canvas.progress.current = lesson_id
    if ex is None:
        canvas.progress.complete(lesson_id)
    else:
        work_on(canvas, course, ex, learner)
    canvas.touch()


def write_class(folder: Path, course: Course, size: int = 30) -> list[Path]:
    """`size` canvas files; learner n has walked n * (steps / size) steps (the last: all)."""
    folder.mkdir(parents=True, exist_ok=True)
    walk = steps(course)
    paths = []
    for n in range(1, size + 1):
        canvas = learner_canvas(course, n)
        for step in walk[: round(len(walk) * n / size)]:
            advance(canvas, course, n, step)
        path = folder / f"learner-{n:02d}.canvas.toml"
        path.write_text(canvas_to_text(canvas), "utf-8")
        paths.append(path)
    return paths
