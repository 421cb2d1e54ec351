"""`rubric`: the learner scores their own work on four to six criteria, one level each.

Used for the final task: each criterion has two to five levels, level 1 first, each a
short description, so the whole rubric is on screen (and on paper) while the learner
chooses. The chosen levels are kept like a self-check's ratings, in
[progress.ratings.<exercise>] (criterion id -> level); a rubric is never a self-check.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from canvas_tutor.course.exercises.base import Context, Kind, Work, unique
from canvas_tutor.course.faults import Source
from canvas_tutor.course.model import Criterion, Exercise
from canvas_tutor.i18n import _

CRITERIA = (4, 6)  # how many criteria a rubric has, at least and at most
LEVELS = (2, 5)  # how many levels a criterion has, at least and at most


def _criterion(src: Source, raw: dict[str, Any], dotted: str) -> Criterion:
    src.keys(raw, dotted, {"id", "title", "levels"}, set(), _("criterion"))
    levels = src.strings(raw, "levels", f"{dotted}.levels") if "levels" in raw else []
    low, high = LEVELS
    if "levels" in raw and not low <= len(levels) <= high:
        src.fault(f"{dotted}.levels", _("a rubric criterion needs {low} to {high} levels, "
                                        "not {count}").format(low=low, high=high,
                                                              count=len(levels)))
    if any(not level.strip() for level in levels):
        src.fault(f"{dotted}.levels", _("a level of a rubric criterion is empty"))
    return Criterion(id=src.ident(raw, "id", f"{dotted}.id"),
                     title=src.string(raw, "title", f"{dotted}.title"),
                     levels=tuple(levels[:high]))


def parse(src: Source, data: dict[str, Any], context: Context) -> Mapping[str, Any]:
    raw = src.tables(data, "criteria", "criteria")
    low, high = CRITERIA
    if isinstance(data.get("criteria"), list) and not low <= len(raw) <= high:
        src.fault("criteria", _("a rubric needs {low} to {high} criteria ([[criteria]]), "
                                "not {count}").format(low=low, high=high, count=len(raw)))
    criteria = [_criterion(src, item, f"criteria.{i}") for i, item in enumerate(raw)]
    unique(src, [(c.id, f"criteria.{i}.id") for i, c in enumerate(criteria)], _("criterion"))
    return {"criteria": tuple(c for c in criteria if c.id and c.levels)}


def attempted(exercise: Exercise, work: Work) -> bool:
    return bool(work.ratings_of(exercise.id))


KIND = Kind("rubric", frozenset({"criteria"}), frozenset({"hint"}), parse, attempted,
            keeps="ratings")
