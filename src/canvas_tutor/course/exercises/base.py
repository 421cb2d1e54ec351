"""What every exercise kind declares: its keys, how its fence is parsed, what counts as tried.

A kind is one module in this package with one `KIND` value; `KINDS` in `__init__` is the
only list of them. The loader, `check`, the progress rules, the report and every front end
read that registry, so a new kind is one core module and one widget per front end.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from canvas_tutor.course.faults import Source
from canvas_tutor.course.model import Exercise, Option
from canvas_tutor.i18n import _


class Work(Protocol):
    """What a learner has done, as the canvas model answers it (the core never imports it)."""

    def answer(self, block_id: str, exercise_id: str) -> str: ...

    def notes_of(self, block_id: str) -> list[str]: ...

    def types_of(self, block_id: str) -> list[str]: ...

    def has_result(self, exercise_id: str) -> bool: ...

    def ratings_of(self, exercise_id: str) -> dict[str, int]: ...


@dataclass(frozen=True)
class Context:
    """What a fence may refer to: the canvas's block ids and the pack's vocabularies.

    None for either means "not known" (a canvas.toml too broken to read): references are
    then not checked, so one fault is not reported as many.
    """

    block_ids: Collection[str] | None = None
    vocabularies: Mapping[str, tuple[Option, ...]] | None = None
    outcomes: tuple[Option, ...] = ()  # the course's learning outcomes, for `rate`


Parser = Callable[[Source, dict[str, Any], Context], Mapping[str, Any]]


def no_fields(src: Source, data: dict[str, Any], context: Context) -> Mapping[str, Any]:
    """For kinds whose fence has only the common keys."""
    return {}


def letter(index: int) -> str:
    """Default option ids: a, b, ... z, then a2, b2 ..."""
    char = "abcdefghijklmnopqrstuvwxyz"[index % 26]
    return char if index < 26 else f"{char}{index // 26 + 1}"


def unique(src: Source, ids: list[tuple[str, str]], what: str) -> None:
    """Report each id that appears a second time, at its own line."""
    seen: set[str] = set()
    for value, dotted in ids:
        if value and value in seen:
            src.fault(dotted, _("duplicate {what} id '{value}'").format(
                                  what=what, value=value))
        seen.add(value)


@dataclass(frozen=True)
class Kind:
    """One exercise kind.

    `required` and `optional` are the fence keys besides id, kind and prompt; `parse`
    turns the kind's own keys into Exercise fields (recording faults on `src`);
    `attempted` says whether the learner has given it a real try; `graded` kinds have a
    right answer and are counted as quiz questions in the class report; `keeps` names
    what the learner's work is stored as (answers, notes, types or a quiz result).
    """

    name: str
    required: frozenset[str]
    optional: frozenset[str]
    parse: Parser
    attempted: Callable[[Exercise, Work], bool]
    graded: bool = False
    keeps: str = "quiz"
