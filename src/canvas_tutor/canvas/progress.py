"""Where the learner was and where they go next: one answer for every front end.

The place is kept in the canvas file's `[progress]` as `position = {lesson, exercise,
scroll}`. An older version keeps the key as an unknown one (and saves it back), so a
file stays safe in both directions. The value is untrusted: anything that is not the
expected shape is ignored, never an error, because a place to resume is only a comfort.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from canvas_tutor.canvas.model import Canvas
from canvas_tutor.canvas.rules import all_attempted
from canvas_tutor.course.model import Course, Lesson
from canvas_tutor.text import one_line

POSITION_KEY = "position"
MAX_SCROLL = 1_000_000


@dataclass(frozen=True)
class Position:
    """A place in the course: a lesson, the exercise last worked on, the scroll offset.

    `open` says the app ended with this lesson on screen (the learner quit or closed the
    window inside it), so "continue" goes back into it even when it is already done.
    """

    lesson: str
    exercise: str = ""
    scroll: int = 0
    open: bool = False


def position_of(canvas: Canvas) -> Position | None:
    """The place kept in the file, validated; None when there is none or it is malformed."""
    raw: Any = canvas.progress.extra.get(POSITION_KEY)
    if not isinstance(raw, dict):
        return None
    lesson, exercise, scroll = raw.get("lesson"), raw.get("exercise", ""), raw.get("scroll", 0)
    if not isinstance(lesson, str) or not one_line(lesson):
        return None
    if not isinstance(exercise, str):
        exercise = ""
    if not isinstance(scroll, int) or isinstance(scroll, bool) or not 0 <= scroll <= MAX_SCROLL:
        scroll = 0
    return Position(one_line(lesson), one_line(exercise), scroll, raw.get("open") is True)


def keep_position(canvas: Canvas, position: Position) -> bool:
    """Remember a place; True when it differs from the one kept (so the caller saves)."""
    value: dict[str, Any] = {"lesson": position.lesson, "exercise": position.exercise,
                             "scroll": max(0, min(position.scroll, MAX_SCROLL))}
    if position.open:
        value["open"] = True
    if canvas.progress.extra.get(POSITION_KEY) == value and \
            canvas.progress.current == position.lesson:
        return False
    canvas.progress.extra[POSITION_KEY] = value
    canvas.progress.current = position.lesson
    return True


def resume_position(canvas: Canvas, course: Course) -> Position | None:
    """Where "continue" goes: the lesson (and exercise, scroll) the learner left unfinished,
    else the next lesson not done after it, else the first not done; None at the end.
    A lesson the app ended in is returned to even when it is done: the learner may have
    gone back to it to change an answer.

    A brand-new learner starts on the first lesson (the welcome), not on a block.
    """
    lessons = course.lessons
    if not lessons:
        return None
    progress = canvas.progress
    done = set(progress.completed)
    kept = position_of(canvas)
    here = course.position(progress.current)
    if here >= 0 and (lessons[here].id not in done or (kept is not None and kept.open)):
        if kept is not None and kept.lesson == lessons[here].id:
            exercise = kept.exercise if _has_exercise(lessons[here], kept.exercise) else ""
            return Position(kept.lesson, exercise, kept.scroll)
        return Position(lessons[here].id)
    todo = [i for i, lesson in enumerate(lessons) if lesson.id not in done]
    if not todo:
        return None
    index = next((i for i in todo if i > here), todo[0])
    return Position(lessons[index].id)


def next_lesson(canvas: Canvas, course: Course) -> Lesson | None:
    """The lesson "n" on home opens: where the learner should go next."""
    place = resume_position(canvas, course)
    return course.lesson(place.lesson) if place else None


def finish_lesson(canvas: Canvas, lesson: Lesson, *, read_to_end: bool = False) -> bool:
    """Mark a lesson done when every exercise was tried or it was read to its end.

    Returns True when it became done now (the front end says so). Reading counts: a
    learner who read a lesson through has done it, even with a question left open.
    """
    if lesson.id in canvas.progress.completed:
        return False
    if not (read_to_end or all_attempted(canvas, lesson)):
        return False
    canvas.progress.complete(lesson.id)
    canvas.touch()
    return True


def _has_exercise(lesson: Lesson, exercise_id: str) -> bool:
    return bool(exercise_id) and any(ex.id == exercise_id for ex in lesson.exercises)
