"""`notes`: the learner's sticky notes for a block, the canvas items themselves."""

from __future__ import annotations

from canvas_tutor.course.exercises.base import Kind, Work, no_fields
from canvas_tutor.course.model import Exercise


def attempted(exercise: Exercise, work: Work) -> bool:
    return bool(work.notes_of(exercise.saves_to))


KIND = Kind("notes", frozenset({"saves_to"}), frozenset({"hint"}), no_fields, attempted,
            keeps="notes")
