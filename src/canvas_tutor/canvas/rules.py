"""How far a learner is: which exercises count as attempted and each lesson's state.

Headless so that the home screen, the report and the tests agree on one definition.
"""

from __future__ import annotations

from typing import Literal

from canvas_tutor.canvas.model import Canvas
from canvas_tutor.course import exercises as kinds
from canvas_tutor.course.model import Exercise, Lesson

LessonState = Literal["not started", "in progress", "done"]


def attempted(canvas: Canvas, exercise: Exercise) -> bool:
    """True once the learner has given this exercise a real try (as its kind defines)."""
    return kinds.attempted(exercise, canvas)


def all_attempted(canvas: Canvas, lesson: Lesson) -> bool:
    """Every exercise of the lesson attempted (a lesson with none counts once it is opened)."""
    return all(attempted(canvas, ex) for ex in lesson.exercises)


def lesson_state(canvas: Canvas, lesson: Lesson) -> LessonState:
    """Done if completed; in progress if opened or anything was attempted; else not started."""
    if lesson.id in canvas.progress.completed:
        return "done"
    if canvas.progress.current == lesson.id or any(attempted(canvas, ex)
                                                   for ex in lesson.exercises):
        return "in progress"
    return "not started"
