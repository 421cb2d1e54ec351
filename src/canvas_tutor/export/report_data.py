"""Gather a class's canvas files into one ClassReport: learners, skipped files, statistics.

Headless and renderer-neutral, so the HTML, JSON and CSV outputs agree on every figure.
Per-file work is kept to parsing and a few dictionary look-ups: a trainer's folder of a
thousand canvases must be reported on in well under two seconds, start-up included.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from canvas_tutor.canvas.codec import CanvasError
from canvas_tutor.canvas.model import Canvas, now_utc
from canvas_tutor.canvas.store import read_canvas
from canvas_tutor.course.model import CanvasLayout, Course, Exercise
from canvas_tutor.export.report_files import display_path, find_canvases, regular_file_problem
from canvas_tutor.text import one_line

MAX_BYTES = 1024 * 1024
RELATIONSHIP_BLOCK = "customer_relationships"
OTHER_TYPE = "(other)"
STRATEGYZER_CREDIT = (
    "The Business Model Canvas, designed by Strategyzer AG (strategyzer.com), CC BY-SA 3.0"
)

Progress = Callable[[int, int], None]


@dataclass
class Skipped:
    """A file the report could not use, and why (shown to the trainer, never fatal)."""

    file: str
    reason: str


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
    updated: datetime
    other_types: bool = False
    duplicate_of: list[str] = field(default_factory=list)

    @property
    def key(self) -> str:
        """The name as a person would compare it: case and spacing do not matter."""
        return " ".join(self.name.split()).casefold()


@dataclass
class LessonStat:
    """How many learners finished a lesson."""

    id: str
    title: str
    done: int
    percent: float


@dataclass
class QuizStat:
    """Attempts and first-try successes for one choice or classify exercise."""

    id: str
    kind: str
    lesson: str
    prompt: str
    attempted: int
    first_try: int
    percent: float


@dataclass
class TypeStat:
    """How many learners kept one relationship type in their canvas.

    `known` is False for the single bar that counts learners with type ids the course
    does not offer (files edited by hand).
    """

    id: str
    label: str
    count: int
    known: bool = True


@dataclass
class Question:
    """One evaluation question whose answers the report shows side by side."""

    id: str
    prompt: str


@dataclass
class ClassReport:
    """Everything a renderer needs; course text and learner text are still raw (unescaped)."""

    course_id: str
    course_title: str
    layout: CanvasLayout
    credit: str
    generated: datetime
    learners: list[Learner]
    skipped: list[Skipped]
    lessons: list[LessonStat]
    quizzes: list[QuizStat]
    types: list[TypeStat]
    questions: list[Question]
    type_labels: dict[str, str]

    @property
    def duplicate_groups(self) -> list[list[Learner]]:
        """Learners that appear in more than one file, grouped, in file order."""
        groups: dict[str, list[Learner]] = {}
        for learner in self.learners:
            if learner.duplicate_of:
                groups.setdefault(learner.key, []).append(learner)
        return list(groups.values())


def _reason(exc: CanvasError) -> str:
    where = f"line {exc.line}: " if exc.line else ""
    return where + one_line(exc.message)


def _learner(file: str, canvas: Canvas, blocks: tuple[str, ...], questions: list[str],
             lesson_ids: set[str], labels: dict[str, str]) -> Learner:
    """Copy out only what the report shows: a few look-ups, no text processing."""
    notes: dict[str, list[str]] = {}
    for block_id in blocks:
        work = canvas.blocks.get(block_id)
        if work is not None and work.notes:
            notes[block_id] = work.notes
    rel = canvas.blocks.get(RELATIONSHIP_BLOCK)
    answers = rel.answers if rel is not None else {}
    return Learner(
        file=file,
        name=canvas.name,
        venture=canvas.venture,
        completed=[x for x in dict.fromkeys(canvas.progress.completed) if x in lesson_ids],
        types=[t for t in dict.fromkeys(rel.types) if t in labels] if rel is not None else [],
        other_types=rel is not None and any(t not in labels for t in rel.types),
        answers={q: answers[q] for q in questions if answers.get(q)},
        notes=notes,
        updated=canvas.updated,
    )


def _questions(course: Course) -> list[Question]:
    """The reflect exercises of the relationships lesson: the four evaluation questions."""
    lesson = course.lesson_for_block(RELATIONSHIP_BLOCK)
    if lesson is None:
        return []
    return [Question(e.id, e.prompt) for e in lesson.exercises
            if e.kind == "reflect" and e.saves_to == RELATIONSHIP_BLOCK]


def _type_labels(course: Course) -> dict[str, str]:
    """Relationship type ids to the labels of the course's pick exercise, in its order."""
    labels: dict[str, str] = {}
    for lesson in course.lessons:
        for ex in lesson.exercises:
            if ex.kind == "pick" and ex.saves_to == RELATIONSHIP_BLOCK:
                for opt in ex.options:
                    labels.setdefault(opt.id, opt.text)
    return labels


def _quizzes(course: Course) -> list[tuple[str, Exercise]]:
    return [(lesson.title, ex) for lesson in course.lessons for ex in lesson.exercises
            if ex.kind in ("choice", "classify")]


def _percent(part: int, whole: int) -> float:
    return round(100.0 * part / whole, 1) if whole else 0.0


def _flag_duplicates(learners: list[Learner]) -> None:
    by_key: dict[str, list[Learner]] = {}
    for learner in learners:
        if learner.key:  # nameless files are unknown, not one person
            by_key.setdefault(learner.key, []).append(learner)
    for group in by_key.values():
        if len(group) > 1:
            for learner in group:
                learner.duplicate_of = [o.file for o in group if o is not learner]


def collect(paths: list[Path], course: Course, progress: Progress | None = None,
            *, now: datetime | None = None) -> ClassReport:
    """Read every canvas under `paths` and compute the class statistics.

    Unreadable files become `Skipped` entries with a reason; nothing here raises for a
    bad file. `progress(done, total)` is called once before reading and after every file.
    """
    files, missing = find_canvases(paths)
    skipped = [Skipped(display_path(p), reason) for p, reason in missing]
    blocks = course.canvas.block_ids
    questions = _questions(course)
    question_ids = [q.id for q in questions]
    lesson_ids = {x.id for x in course.lessons}
    quizzes = _quizzes(course)
    labels = _type_labels(course)
    attempted: Counter[str] = Counter()
    right: Counter[str] = Counter()
    learners: list[Learner] = []
    seen: set[tuple[int, int]] = set()
    total = len(files)
    if progress is not None:
        progress(0, total)
    for done, path in enumerate(files, 1):
        file = display_path(path)
        problem = regular_file_problem(path, seen)
        canvas = None
        if problem is None:
            try:
                canvas = read_canvas(path, max_bytes=MAX_BYTES)
            except CanvasError as exc:
                problem = _reason(exc)
            except (RecursionError, MemoryError, ValueError) as exc:
                problem = f"cannot be read ({type(exc).__name__})"
        if canvas is not None and canvas.course != course.id:
            problem = (f"a canvas for another course ('{one_line(canvas.course)[:80]}'; "
                       f"this report is for '{course.id}')")
        if problem is not None or canvas is None:
            skipped.append(Skipped(file, problem or "cannot be read"))
        else:
            learners.append(_learner(file, canvas, blocks, question_ids, lesson_ids, labels))
            for qid, result in canvas.progress.quiz.items():
                if result.attempts > 0 or result.first_try is not None:
                    attempted[qid] += 1
                    first = result.first_try
                    if first if first is not None else (result.attempts == 1 and result.correct):
                        right[qid] += 1
        if progress is not None:
            progress(done, total)
    _flag_duplicates(learners)
    return _report(course, learners, skipped, questions, quizzes, labels, attempted, right,
                   now or now_utc())


def _report(course: Course, learners: list[Learner], skipped: list[Skipped],
            questions: list[Question], quizzes: list[tuple[str, Exercise]],
            labels: dict[str, str], attempted: Counter[str], right: Counter[str],
            now: datetime) -> ClassReport:
    """Turn the counters into the figures the renderers show."""
    n = len(learners)
    done: Counter[str] = Counter(x for learner in learners for x in learner.completed)
    chosen: Counter[str] = Counter(t for learner in learners for t in learner.types)
    types = [TypeStat(tid, label, chosen[tid]) for tid, label in labels.items()]
    others = sum(1 for learner in learners if learner.other_types)
    if others:  # hand-edited ids: one bar, so a hostile file cannot flood the chart
        types.append(TypeStat(OTHER_TYPE, "Other (not in this course)", others, known=False))
    return ClassReport(
        course_id=course.id,
        course_title=course.title,
        layout=course.canvas,
        credit=course.canvas.credit or course.credit or STRATEGYZER_CREDIT,
        generated=now,
        learners=learners,
        skipped=skipped,
        lessons=[LessonStat(x.id, x.title, done[x.id], _percent(done[x.id], n))
                 for x in course.lessons],
        quizzes=[QuizStat(ex.id, ex.kind, title, ex.prompt, attempted[ex.id], right[ex.id],
                          _percent(right[ex.id], attempted[ex.id])) for title, ex in quizzes],
        types=types,
        questions=questions,
        type_labels=labels,
    )
