"""Each exercise kind as a short conversation: the question, the answer as lines, feedback.

One module per kind, found by the kind's name (as the TUI finds its widgets), so the
course's KINDS stays the only list. Every kind saves exactly what its TUI widget saves,
through the same canvas model calls, and saves after every line, so an answer cut off
by Ctrl+D or a closed terminal is kept.
"""

from __future__ import annotations

import importlib
import re
from typing import TYPE_CHECKING

from canvas_tutor.course.exercises import KINDS
from canvas_tutor.course.model import Exercise
from canvas_tutor.i18n import _
from canvas_tutor.plain.prose import full_stop

if TYPE_CHECKING:
    from canvas_tutor.plain.tutor import PlainTutor

_NUMBERS = re.compile(r"[\s,;]+")


def numbered(texts: list[str]) -> list[str]:
    """Lines "  1. text.", "  2. text." for a list read out: each ends as a sentence, so
    speech pauses between them (prose.full_stop)."""
    return [f"  {i}. {full_stop(text)}" for i, text in enumerate(texts, 1)]


def read_numbers(line: str, count: int) -> list[int] | None:
    """1-based numbers typed as "1 3", "1,3" or "1, 3"; None if any is not an option."""
    words = [w for w in _NUMBERS.split(line.strip()) if w]
    if not words or not all(w.isdigit() for w in words):
        return None
    numbers = [int(w) for w in words]
    if not all(1 <= n <= count for n in numbers):
        return None
    return list(dict.fromkeys(numbers))


def rate_one(tutor: PlainTutor, exercise: Exercise, item_id: str, ask: str,
             again: str, count: int) -> None:
    """Read one number from 1 to `count` for an item and save it at once (rate, rubric);
    an empty line keeps what was there, anything else is asked again with `again`."""
    while True:
        line = tutor.prompt(ask).strip()
        if not line:
            return
        if line.isdigit() and 1 <= int(line) <= count:
            tutor.rate(exercise, item_id, int(line))
            return
        tutor.console.say(again)


def ask_exercise(tutor: PlainTutor, exercise: Exercise) -> None:
    """Run one exercise of any kind; a kind with no plain module yet says so and goes on."""
    module = None
    if exercise.kind in KINDS:
        name = f"{__name__}.{exercise.kind}"
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
    if module is None:
        tutor.console.say(_("This kind of exercise ({kind}) cannot be answered in plain "
                            "mode yet; open the course without --plain for it.").format(
            kind=exercise.kind))
        return
    module.ask(tutor, exercise)
