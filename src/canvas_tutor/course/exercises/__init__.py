"""The exercise kinds, and the parsing of one ```exercise fence into an Exercise.

`KINDS` is the only list of kinds: each is one module of this package. Cross-references
that need the whole course (is the id unique?) are checked by the loader.
"""

from __future__ import annotations

from dataclasses import fields

from canvas_tutor.course.exercises import choice, classify, notes, pick, rate, reflect, rubric
from canvas_tutor.course.exercises.base import Context, Kind, Work
from canvas_tutor.course.faults import Source
from canvas_tutor.course.model import Exercise
from canvas_tutor.i18n import _

KINDS: dict[str, Kind] = {m.KIND.name: m.KIND for m in (reflect, notes, choice, classify, pick,
                                                           rate, rubric)}

__all__ = ["KINDS", "Context", "Kind", "Work", "attempted", "parse_exercise"]

_COMMON = {"id", "kind", "prompt"}
_FIELDS = {f.name for f in fields(Exercise)}


def attempted(exercise: Exercise, work: Work) -> bool:
    """True once the learner has given this exercise a real try (False for an unknown kind)."""
    kind = KINDS.get(exercise.kind)
    return kind is not None and kind.attempted(exercise, work)


def parse_exercise(src: Source, context: Context | None = None) -> Exercise | None:
    """Build an Exercise from a fence's TOML; None when it is too broken to use.

    With the context's block ids, a `saves_to` naming no block is reported on its own
    line, where the author has to fix it.
    """
    context = context or Context()
    data = src.parse()
    if data is None:
        return None
    name = data.get("kind")
    kind = KINDS.get(name) if isinstance(name, str) else None
    if kind is None:
        src.fault("kind", _("unknown exercise kind {kind!r} (one of: {list})").format(
            kind=name, list=", ".join(KINDS)) if name is not None
            else _("exercise: missing key 'kind'"))
        return None
    src.keys(data, "", _COMMON | kind.required, set(kind.optional), _("{kind} exercise").format(
        kind=kind.name))
    ex_id = src.ident(data, "id", "id")
    prompt = src.string(data, "prompt", "prompt")
    hint = src.string(data, "hint", "hint", required="hint" in data)
    saves_to = src.string(data, "saves_to", "saves_to") if "saves_to" in data else ""
    if saves_to and context.block_ids is not None and saves_to not in context.block_ids:
        src.fault("saves_to", _("exercise '{id}': saves_to '{saves_to}' is not a block "
                                "of canvas.toml").format(id=data.get("id"), saves_to=saves_to))
    compare = src.string(data, "compare", "compare") if "compare" in data else ""
    if compare and compare != "case":
        src.fault("compare", _('\'compare\' can only be "case", not {compare!r}').format(
                                 compare=compare))
        compare = ""
    extra = {k: v for k, v in kind.parse(src, data, context).items() if k in _FIELDS}
    if not ex_id:
        return None
    return Exercise(id=ex_id, kind=kind.name, prompt=prompt, hint=hint, saves_to=saves_to,
                    compare=compare, line=src.offset, **extra)
