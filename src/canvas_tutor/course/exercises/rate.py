"""`rate`: the learner rates their confidence on each course outcome, from 1 to 5.

Used as a self-check at the start and the end of a course; the class report compares the
first rate exercise with the last, outcome by outcome. The items are the outcomes of
course.toml, all of them or those the fence names in `outcomes`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from canvas_tutor.course.exercises.base import Context, Kind, Work
from canvas_tutor.course.faults import Source
from canvas_tutor.course.model import Exercise
from canvas_tutor.i18n import _

SCALE = (1, 2, 3, 4, 5)


def parse(src: Source, data: dict[str, Any], context: Context) -> Mapping[str, Any]:
    known = {o.id: o for o in context.outcomes}
    if "outcomes" not in data:
        if not known:
            src.fault("kind", _("a rate exercise rates the course's outcomes, but "
                                "course.toml declares none ([[outcomes]])"))
        return {"options": context.outcomes}
    wanted = src.strings(data, "outcomes", "outcomes")
    for outcome_id in wanted:
        if outcome_id not in known:
            src.fault("outcomes", _("outcome '{outcome_id}' is not declared in course.toml").format(
                                      outcome_id=outcome_id))
    return {"options": tuple(known[o] for o in wanted if o in known)}


def attempted(exercise: Exercise, work: Work) -> bool:
    return bool(work.ratings_of(exercise.id))


KIND = Kind("rate", frozenset(), frozenset({"hint", "outcomes"}), parse, attempted,
            keeps="ratings")
