"""`classify`: sort scenarios into the categories they belong in, each with feedback."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from canvas_tutor.course.exercises.base import Context, Kind, Work, unique
from canvas_tutor.course.faults import Source
from canvas_tutor.course.model import Category, Exercise, Item
from canvas_tutor.i18n import _


def parse(src: Source, data: dict[str, Any], context: Context) -> Mapping[str, Any]:
    raw_cats = src.tables(data, "categories", "categories")
    if len(raw_cats) < 2:
        src.fault("categories", _("a classify exercise needs at least two categories"))
    cats = []
    for i, cat in enumerate(raw_cats):
        dotted = f"categories.{i}"
        src.keys(cat, dotted, {"id", "text"}, set(), _("category"))
        cats.append(Category(id=src.ident(cat, "id", f"{dotted}.id"),
                             text=src.string(cat, "text", f"{dotted}.text")))
    unique(src, [(c.id, f"categories.{i}.id") for i, c in enumerate(cats)], "category")
    known = {c.id for c in cats}
    raw_items = src.tables(data, "items", "items")
    if not raw_items:
        src.fault("items", _("a classify exercise needs at least one item"))
    items = []
    for i, item in enumerate(raw_items):
        dotted = f"items.{i}"
        src.keys(item, dotted, {"text", "answer", "feedback"}, set(), _("item"))
        answer = src.string(item, "answer", f"{dotted}.answer")
        if answer and answer not in known:
            src.fault(f"{dotted}.answer", _("answer '{answer}' is not one of the "
                                            "categories").format(answer=answer))
        items.append(Item(text=src.string(item, "text", f"{dotted}.text"), answer=answer,
                          feedback=src.string(item, "feedback", f"{dotted}.feedback")))
    return {"categories": tuple(cats), "items": tuple(items)}


def attempted(exercise: Exercise, work: Work) -> bool:
    return work.has_result(exercise.id)


KIND = Kind("classify", frozenset({"categories", "items"}), frozenset({"hint"}), parse,
            attempted, graded=True)
