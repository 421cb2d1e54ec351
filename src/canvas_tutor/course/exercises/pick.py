"""`pick`: choose items of a vocabulary to keep in the canvas (the relationship types used).

The items come from a vocabulary that canvas.toml declares (`vocabulary = "..."`), so the
pack says once what the choices are; a pick may also list its own `options`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from canvas_tutor.course.exercises.base import Context, Kind, Work, unique
from canvas_tutor.course.faults import Source
from canvas_tutor.course.model import Exercise, Option
from canvas_tutor.i18n import _


def parse(src: Source, data: dict[str, Any], context: Context) -> Mapping[str, Any]:
    if "vocabulary" in data:
        if "options" in data:
            src.fault("options", _("a pick takes either 'vocabulary' or 'options', not both"))
        name = src.ident(data, "vocabulary", "vocabulary")
        known = context.vocabularies
        if known is None:
            return {"vocabulary": name}
        if name and name not in known:
            src.fault("vocabulary", _("vocabulary '{name}' is not declared in canvas.toml "
                                      "(declared: {list})").format(
                name=name, list=", ".join(known)) if known else _(
                "vocabulary '{name}' is not declared in canvas.toml").format(name=name))
            return {"vocabulary": name}
        return {"vocabulary": name, "options": known.get(name, ())}
    raw = src.tables(data, "options", "options")
    if not raw:
        src.fault("options", _("a pick needs a 'vocabulary' or at least one option"))
    options = []
    for i, opt in enumerate(raw):
        dotted = f"options.{i}"
        src.keys(opt, dotted, {"id", "text"}, {"feedback"}, _("option"))
        options.append(Option(
            id=src.ident(opt, "id", f"{dotted}.id"),
            text=src.string(opt, "text", f"{dotted}.text"),
            feedback=src.string(opt, "feedback", f"{dotted}.feedback", required=False),
        ))
    unique(src, [(o.id, f"options.{i}.id") for i, o in enumerate(options)], "option")
    return {"options": tuple(options)}


def attempted(exercise: Exercise, work: Work) -> bool:
    return bool(work.types_of(exercise.saves_to)) or work.has_result(exercise.id)


KIND = Kind("pick", frozenset({"saves_to"}), frozenset({"hint", "options", "vocabulary"}),
            parse, attempted, keeps="types")
