"""One widget module per exercise kind, found by the kind's name: no second list of kinds.

Each module `<kind>.py` has `build(exercise, canvas, course)`, which returns the widget
filled with the learner's saved work. Modules load when a lesson first uses their kind.
"""

from __future__ import annotations

import importlib

from textual.widget import Widget
from textual.widgets import Static

from canvas_tutor.canvas.model import Canvas
from canvas_tutor.course.exercises import KINDS
from canvas_tutor.course.model import Course, Exercise
from canvas_tutor.i18n import _


def exercise_widget(exercise: Exercise, canvas: Canvas, course: Course) -> Widget:
    """The widget for `exercise`, from the module named after its kind."""
    if exercise.kind not in KINDS:  # the loader refuses these; never crash on one
        return Static(_("This exercise cannot be shown here."), markup=False)
    module = importlib.import_module(f"{__name__}.{exercise.kind}")
    widget: Widget = module.build(exercise, canvas, course)
    return widget
