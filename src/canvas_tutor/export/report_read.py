"""Read many canvas files into small Learner records, on every CPU when there are many.

Parsing TOML is nearly all the cost of a class report (tomllib reads strings a character
at a time, about 2 ms for a finished learner's canvas), so a large class is read by a pool
of worker processes, each returning only the few values the report shows. Results come
back in file order, so the report is the same however many workers read it. If a pool
cannot be started, or breaks, the rest is read in this process.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from canvas_tutor.canvas.model import Canvas
from canvas_tutor.canvas.store import read_canvas
from canvas_tutor.course.model import RELATIONSHIPS
from canvas_tutor.errors import CanvasError
from canvas_tutor.text import one_line

MAX_BYTES = 1024 * 1024

PARALLEL_MIN = 200  # below this, starting workers costs more than it saves


@dataclass
class Learner:
    """What the report needs from one canvas file, already reduced to plain values."""

    file: str
    name: str
    venture: str
    completed: list[str]
    types: list[str]
    answers: dict[str, str]
    notes: dict[str, list[str]]
    quiz: dict[str, bool]
    updated: datetime
    other_types: bool = False
    duplicate_of: list[str] = field(default_factory=list)  # a few of the other files
    duplicate_count: int = 0  # how many other files have this learner's name

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


def first_try_right(attempts: int, correct: bool, first_try: bool | None) -> bool:
    """Older files lack `first_try`: then one attempt that was right counts as first try."""
    return first_try if first_try is not None else (attempts == 1 and correct)


def to_learner(file: str, canvas: Canvas, want: Wanted) -> Learner:
    """Copy out only what the report shows: a few look-ups, no text processing."""
    notes = {b: canvas.blocks[b].notes for b in want.blocks
             if b in canvas.blocks and canvas.blocks[b].notes}
    rel = canvas.blocks.get(RELATIONSHIPS)
    answers = rel.answers if rel is not None else {}
    types = list(dict.fromkeys(rel.types)) if rel is not None else []
    return Learner(
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
    )


def read_one(file: str, path: Path, want: Wanted) -> Learner | str:
    """One file as a Learner, or the reason it cannot be used; never raises."""
    try:
        canvas = read_canvas(path, max_bytes=MAX_BYTES)
    except CanvasError as exc:
        return (f"line {exc.line}: " if exc.line else "") + one_line(exc.message)
    except (RecursionError, MemoryError, ValueError, OSError) as exc:
        return f"cannot be read ({type(exc).__name__})"
    if canvas.course != want.course_id:
        return (f"a canvas for another course ('{one_line(canvas.course)[:80]}'; "
                f"this report is for '{want.course_id}')")
    return to_learner(file, canvas, want)


_WANT: Wanted | None = None


def _init_worker(want: Wanted) -> None:
    global _WANT
    _WANT = want


def _read_in_worker(job: tuple[str, str]) -> Learner | str:
    assert _WANT is not None
    return read_one(job[0], Path(job[1]), _WANT)


def cpu_count() -> int:
    """CPUs this process may use (respects affinity and container limits where known)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _context() -> multiprocessing.context.BaseContext:
    """Fork where it is safe (Linux, no other threads): workers start in milliseconds."""
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and os.name == "posix" and threading.active_count() == 1 \
            and multiprocessing.get_start_method(allow_none=True) in (None, "fork"):
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


def read_files(jobs: list[tuple[str, Path]], want: Wanted, workers: int | None = None,
               tick: Callable[[], None] | None = None) -> Iterator[Learner | str]:
    """Read every (display name, path) job in order; `tick()` after each file."""
    count = workers if workers is not None else min(cpu_count(), 8)
    done = 0
    if count > 1 and len(jobs) >= PARALLEL_MIN:
        chunk = max(1, min(64, len(jobs) // (count * 4)))
        try:
            with ProcessPoolExecutor(count, mp_context=_context(), initializer=_init_worker,
                                     initargs=(want,)) as pool:
                for result in pool.map(_read_in_worker, [(f, str(p)) for f, p in jobs],
                                       chunksize=chunk):
                    done += 1
                    if tick is not None:
                        tick()
                    yield result
        except (OSError, ImportError, NotImplementedError, BrokenProcessPool):
            pass  # no pool here (a sandbox, a killed worker): read the rest in-process
    for file, path in jobs[done:]:
        yield read_one(file, path, want)
        if tick is not None:
            tick()
