"""Read many canvas files into small Learner records, one after another, in file order.

Each file is reduced at once to the few values the report shows, so a class of
thousands stays small in memory.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from canvas_tutor.canvas.codes import code_of
from canvas_tutor.canvas.model import Canvas
from canvas_tutor.canvas.store import read_canvas
from canvas_tutor.course.model import Exercise
from canvas_tutor.errors import CanvasError
from canvas_tutor.export.answers import answer_text
from canvas_tutor.i18n import _
from canvas_tutor.text import one_line

MAX_BYTES = 1024 * 1024


@dataclass
class Learner:
    """What the report needs from one canvas file, already reduced to plain values."""

    file: str
    name: str
    venture: str
    completed: list[str]
    types: list[str]
    answers: dict[str, str]  # the evaluation questions
    notes: dict[str, list[str]]
    quiz: dict[str, bool]
    updated: datetime
    other_types: bool = False
    ratings: dict[str, dict[str, int]] = field(default_factory=dict)  # self-checks, rubrics
    duplicate_of: list[str] = field(default_factory=list)  # a few of the other files
    duplicate_count: int = 0  # how many other files have this learner's name
    work: dict[str, str] = field(default_factory=dict)  # every exercise's answer, as text
    started: list[str] = field(default_factory=list)  # lessons begun, finished ones too
    code: str = ""

    @property
    def key(self) -> str:
        """The name as a person would compare it: case and spacing do not matter."""
        return " ".join(self.name.split()).casefold()


@dataclass(frozen=True)
class Wanted:
    """What to copy out of each canvas: sent once to every worker, not once per file."""

    course_id: str
    blocks: tuple[str, ...]
    questions: tuple[str, ...]
    lessons: frozenset[str]
    quizzes: frozenset[str]
    labels: dict[str, str]
    types_block: str = ""  # the block whose chosen types the report charts (relationships)
    rated: tuple[str, ...] = ()  # the rate exercises whose ratings the report compares
    scored: tuple[str, ...] = ()  # the rubric exercises whose levels the report shows
    exercises: tuple[tuple[str, Exercise], ...] = ()  # (lesson id, exercise), course order


def first_try_right(attempts: int, correct: bool, first_try: bool | None) -> bool:
    """Older files lack `first_try`: then one attempt that was right counts as first try."""
    return first_try if first_try is not None else (attempts == 1 and correct)


def to_learner(file: str, canvas: Canvas, want: Wanted) -> Learner:
    """Copy out only what the report shows: a few look-ups, no text processing."""
    notes = {b: canvas.blocks[b].notes for b in want.blocks
             if b in canvas.blocks and canvas.blocks[b].notes}
    rel = canvas.blocks.get(want.types_block) if want.types_block else None
    answers = rel.answers if rel is not None else {}
    types = list(dict.fromkeys(rel.types)) if rel is not None else []
    work: dict[str, str] = {}
    started = dict.fromkeys(x for x in canvas.progress.completed if x in want.lessons)
    if canvas.progress.current in want.lessons:
        started[canvas.progress.current] = None
    for lesson_id, ex in want.exercises:
        text, _ = answer_text(canvas, ex)
        if text:
            work[ex.id] = text
            started[lesson_id] = None
    return Learner(
        work=work,
        started=list(started),
        code=code_of(canvas),
        file=file,
        name=canvas.name,
        venture=canvas.venture,
        completed=[x for x in dict.fromkeys(canvas.progress.completed) if x in want.lessons],
        types=[t for t in types if t in want.labels],
        answers={q: answers[q] for q in want.questions if answers.get(q)},
        notes=notes,
        quiz={qid: first_try_right(r.attempts, r.correct, r.first_try)
              for qid, r in canvas.progress.quiz.items()
              if qid in want.quizzes and (r.attempts > 0 or r.first_try is not None)},
        updated=canvas.updated,
        other_types=any(t not in want.labels for t in types),
        ratings={rid: dict(canvas.progress.ratings[rid]) for rid in want.rated + want.scored
                 if canvas.progress.ratings.get(rid)},
    )


def read_one(file: str, path: Path, want: Wanted) -> Learner | str:
    """One file as a Learner, or the reason it cannot be used; never raises."""
    try:
        canvas = read_canvas(path, max_bytes=MAX_BYTES)
    except CanvasError as exc:
        where = _("line {n}: ").format(n=exc.line) if exc.line else ""
        return where + one_line(exc.message)
    except (RecursionError, MemoryError, ValueError, OSError) as exc:
        return _("cannot be read ({error})").format(error=type(exc).__name__)
    if canvas.course != want.course_id:
        return _("a canvas for another course ('{canvas}'; this report is for "
                 "'{course}')").format(canvas=one_line(canvas.course)[:80],
                                       course=want.course_id)
    return to_learner(file, canvas, want)


def read_files(jobs: list[tuple[str, Path]], want: Wanted,
               tick: Callable[[], None] | None = None) -> Iterator[Learner | str]:
    """Read every (display name, path) job in order; `tick()` after each file."""
    for file, path in jobs:
        yield read_one(file, path, want)
        if tick is not None:
            tick()
