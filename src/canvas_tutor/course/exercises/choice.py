"""`choice`: single or multiple choice; every option carries its own feedback."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from canvas_tutor.course.exercises.base import Context, Kind, Work, letter, unique
from canvas_tutor.course.faults import Source
from canvas_tutor.course.model import Exercise, Option
from canvas_tutor.i18n import _


def parse(src: Source, data: dict[str, Any], context: Context) -> Mapping[str, Any]:
    multiple = src.boolean(data, "multiple", "multiple")
    raw = src.tables(data, "options", "options")
    if len(raw) < 2:
        src.fault("options", _("a choice needs at least two options"))
    options = []
    for i, opt in enumerate(raw):
        dotted = f"options.{i}"
        src.keys(opt, dotted, {"text", "feedback"}, {"id", "correct"}, _("option"))
        opt_id = src.ident(opt, "id", f"{dotted}.id") if "id" in opt else letter(i)
        options.append(Option(
            id=opt_id,
            text=src.string(opt, "text", f"{dotted}.text"),
            correct=src.boolean(opt, "correct", f"{dotted}.correct"),
            feedback=src.string(opt, "feedback", f"{dotted}.feedback"),
        ))
    unique(src, [(o.id, f"options.{i}.id") for i, o in enumerate(options)], "option")
    right = sum(o.correct for o in options)
    if options and right == 0:
        src.fault("options", _("a choice with no correct option: mark one with correct = "
                               "true"))
    elif right > 1 and not multiple:
        src.fault("options", _("{right} options are correct but 'multiple' is not true").format(
                                 right=right))
    return {"multiple": multiple, "options": tuple(options)}


def attempted(exercise: Exercise, work: Work) -> bool:
    return work.has_result(exercise.id)


KIND = Kind("choice", frozenset({"options"}), frozenset({"hint", "multiple"}), parse,
            attempted, graded=True)
