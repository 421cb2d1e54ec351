"""`reflect`: a free-text answer about the learner's own venture, kept under its block."""

from __future__ import annotations

from canvas_tutor.course.exercises.base import Kind, Work, no_fields
from canvas_tutor.course.model import Exercise


def attempted(exercise: Exercise, work: Work) -> bool:
    return bool(work.answer(exercise.saves_to, exercise.id).strip())


KIND = Kind("reflect", frozenset({"saves_to"}), frozenset({"hint", "compare"}), no_fields,
            attempted, keeps="answers")
