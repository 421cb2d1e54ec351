"""Build the widget for an exercise of any kind, filled with the learner's saved work."""

from __future__ import annotations

from textual.widget import Widget

from canvas_tutor.canvas.model import Canvas
from canvas_tutor.course.model import Course, Exercise


def exercise_widget(exercise: Exercise, canvas: Canvas, course: Course) -> Widget:
    """The widget for `exercise`; imports are local so a lesson only loads what it uses."""
    if exercise.kind == "reflect":
        from canvas_tutor.tui.widgets.reflect import ReflectExercise

        case_answer = course.case.block(exercise.saves_to).answers.get(exercise.id, "")
        return ReflectExercise(exercise, canvas.answer(exercise.saves_to, exercise.id),
                               course.case.name, case_answer)
    if exercise.kind == "notes":
        from canvas_tutor.tui.widgets.notes import NotesExercise

        work = canvas.blocks.get(exercise.saves_to)
        return NotesExercise(exercise, list(work.notes) if work else [])
    if exercise.kind == "choice":
        from canvas_tutor.tui.widgets.choice import ChoiceExercise

        return ChoiceExercise(exercise, canvas.progress.quiz.get(exercise.id))
    if exercise.kind == "classify":
        from canvas_tutor.tui.widgets.classify import ClassifyExercise

        return ClassifyExercise(exercise, canvas.progress.quiz.get(exercise.id))
    from canvas_tutor.tui.widgets.pick import PickExercise

    work = canvas.blocks.get(exercise.saves_to)
    return PickExercise(exercise, list(work.types) if work else [])
