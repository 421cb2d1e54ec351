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

from canvas_tutor.canvas.model import now_utc
from canvas_tutor.course import exercises as kinds
from canvas_tutor.course.model import CanvasLayout, Course, Exercise
from canvas_tutor.export.common import credit_of, type_labels, vocabulary_title
from canvas_tutor.export.report_files import display_path, find_canvases, regular_file_problem
from canvas_tutor.export.report_outbox import Records, records_of
from canvas_tutor.export.report_read import (
    Learner,
    Wanted,
    read_files,
)
from canvas_tutor.i18n import _

OTHER_TYPE = "(other)"
DUPLICATES_SHOWN = 5

Progress = Callable[[int, int], None]


@dataclass
class Skipped:
    """A file the report could not use, and why (shown to the trainer, never fatal)."""

    file: str
    reason: str


@dataclass
class LessonStat:
    """How many learners finished a lesson, and how many have begun it (finished or not)."""

    id: str
    title: str
    done: int
    percent: float
    started: int = 0
    started_percent: float = 0.0


@dataclass
class ExerciseColumn:
    """One exercise of the course: a column of the report's answers, learners side by side."""

    id: str
    kind: str
    prompt: str
    lesson_id: str
    lesson: str
    answered: int = 0


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
class OutcomeStat:
    """The class's confidence in one course outcome, at the first self-check and the last.

    Means over the learners who rated the outcome each time (None when nobody did).
    """

    id: str
    text: str
    before: float | None
    after: float | None
    rated_before: int
    rated_after: int

    @property
    def change(self) -> float | None:
        if self.before is None or self.after is None:
            return None
        return round(self.after - self.before, 1)


@dataclass
class CriterionStat:
    """The class's levels on one criterion of a rubric: the mean and learners per level."""

    id: str
    title: str
    counts: list[int]  # how many learners chose each level, level 1 first
    mean: float | None  # None when nobody scored it

    @property
    def scored(self) -> int:
        return sum(self.counts)


@dataclass
class RubricStat:
    """One rubric exercise: its criteria with the class's levels (learners' own are in
    each Learner's `ratings`, under the exercise id)."""

    id: str
    lesson: str
    prompt: str
    criteria: list[CriterionStat]


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
    outcomes: list[OutcomeStat] = field(default_factory=list)
    types_block: str = ""  # the block whose chosen items are charted (the relationships role)
    types_title: str = ""  # what those items are (the vocabulary's title)
    language: str = "en"  # the course's language: the page's lang
    records: tuple[Records, ...] = ()  # learning records waiting in a class's outbox
    exercises: list[ExerciseColumn] = field(default_factory=list)
    rubrics: list[RubricStat] = field(default_factory=list)

    @property
    def duplicate_groups(self) -> list[list[Learner]]:
        """Learners that appear in more than one file, grouped, in file order."""
        groups: dict[str, list[Learner]] = {}
        for learner in self.learners:
            if learner.duplicate_of:
                groups.setdefault(learner.key, []).append(learner)
        return list(groups.values())


def _questions(course: Course) -> list[Question]:
    """The reflect exercises of the relationships lesson: the four evaluation questions."""
    return [Question(e.id, e.prompt) for e in course.evaluation_questions()]


def _type_labels(course: Course) -> dict[str, str]:
    """Ids of the items kept in the relationships block to their labels, in pack order."""
    return type_labels(course, course.canvas.role_id("relationships"))


def _self_checks(course: Course) -> tuple[str, ...]:
    """The first and the last rate exercise of the course: before and after (one if one)."""
    rated = [ex.id for lesson in course.lessons for ex in lesson.exercises if ex.kind == "rate"]
    return tuple(dict.fromkeys(rated[:1] + rated[-1:]))


def _rubrics(course: Course) -> list[tuple[str, Exercise]]:
    """The rubric exercises, with their lesson's title (never counted as a self-check)."""
    return [(lesson.title, ex) for lesson in course.lessons for ex in lesson.exercises
            if ex.kind == "rubric"]


def _rubric_stats(course: Course, learners: list[Learner]) -> list[RubricStat]:
    """Per rubric and criterion, how many learners chose each level, and the mean."""
    stats = []
    for title, ex in _rubrics(course):
        criteria = []
        for criterion in ex.criteria:
            chosen = [level for x in learners
                      if 1 <= (level := x.ratings.get(ex.id, {}).get(criterion.id, 0))
                      <= len(criterion.levels)]
            counts = [chosen.count(n) for n in range(1, len(criterion.levels) + 1)]
            criteria.append(CriterionStat(criterion.id, criterion.title, counts,
                                          _mean(chosen)))
        stats.append(RubricStat(ex.id, title, ex.prompt, criteria))
    return stats


def _mean(values: list[int]) -> float | None:
    return round(sum(values) / len(values), 1) if values else None


def _outcomes(course: Course, learners: list[Learner]) -> list[OutcomeStat]:
    """Per outcome, the class's mean confidence before and after (empty without ratings)."""
    checks = _self_checks(course)
    if not checks or not any(x.ratings.get(c) for x in learners for c in checks):
        return []
    first, last = checks[0], checks[-1]
    stats = []
    for outcome in course.outcomes:
        before = [x.ratings[first][outcome.id] for x in learners
                  if outcome.id in x.ratings.get(first, {})]
        after = [x.ratings[last][outcome.id] for x in learners
                 if last != first and outcome.id in x.ratings.get(last, {})]
        stats.append(OutcomeStat(outcome.id, outcome.text, _mean(before), _mean(after),
                                 len(before), len(after)))
    return stats


def _quizzes(course: Course) -> list[tuple[str, Exercise]]:
    return [(lesson.title, ex) for lesson in course.lessons for ex in lesson.exercises
            if (kind := kinds.KINDS.get(ex.kind)) is not None and kind.graded]


def _percent(part: int, whole: int) -> float:
    return round(100.0 * part / whole, 1) if whole else 0.0


def _flag_duplicates(learners: list[Learner]) -> None:
    by_key: dict[str, list[Learner]] = {}
    for learner in learners:
        if learner.key:  # nameless files are unknown, not one person
            by_key.setdefault(learner.key, []).append(learner)
    for group in by_key.values():
        if len(group) > 1:  # name a few others only: 10,000 files of one name stay linear
            for learner in group:
                learner.duplicate_of = [o.file for o in group[:DUPLICATES_SHOWN + 1]
                                        if o is not learner][:DUPLICATES_SHOWN]
                learner.duplicate_count = len(group) - 1


def _wanted(course: Course, questions: list[Question], labels: dict[str, str]) -> Wanted:
    return Wanted(
        course_id=course.id,
        blocks=course.canvas.block_ids,
        questions=tuple(q.id for q in questions),
        lessons=frozenset(x.id for x in course.lessons),
        quizzes=frozenset(ex.id for _, ex in _quizzes(course)),
        labels=labels,
        types_block=course.canvas.role_id("relationships"),
        rated=_self_checks(course),
        scored=tuple(ex.id for _title, ex in _rubrics(course)),
        exercises=tuple((lesson.id, ex) for lesson in course.lessons
                        for ex in lesson.exercises),
    )


def collect(paths: list[Path], course: Course, progress: Progress | None = None,
            *, now: datetime | None = None) -> ClassReport:
    """Read every canvas under `paths` and compute the class statistics.

    Unreadable files become `Skipped` entries with a reason; nothing here raises for a
    bad file. `progress(done, total)` is called once before reading and after every file.
    """
    files, missing = find_canvases(paths)
    skipped = [Skipped(display_path(p), reason) for p, reason in missing]
    questions = _questions(course)
    labels = _type_labels(course)
    want = _wanted(course, questions, labels)
    total = len(files)
    done = 0

    def tick() -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, total)

    if progress is not None:
        progress(0, total)
    seen: set[tuple[int, int]] = set()
    jobs: list[tuple[str, Path]] = []
    for path in files:  # cheap checks here, so a pipe or a loop never reaches a worker
        problem = regular_file_problem(path, seen)
        if problem is None:
            jobs.append((display_path(path), path))
        else:
            skipped.append(Skipped(display_path(path), problem))
            tick()
    learners: list[Learner] = []
    for (file, _path), result in zip(jobs, read_files(jobs, want, tick), strict=True):
        if isinstance(result, str):
            skipped.append(Skipped(file, result))
        else:
            learners.append(result)
    skipped.sort(key=lambda s: s.file)
    _flag_duplicates(learners)
    report = _report(course, learners, skipped, questions, labels, now or now_utc())
    report.records = records_of(paths)
    return report


def _report(course: Course, learners: list[Learner], skipped: list[Skipped],
            questions: list[Question], labels: dict[str, str], now: datetime) -> ClassReport:
    """Count once over the learners: the figures every renderer shows."""
    n = len(learners)
    attempted: Counter[str] = Counter(q for x in learners for q in x.quiz)
    right: Counter[str] = Counter(q for x in learners for q, ok in x.quiz.items() if ok)
    done: Counter[str] = Counter(x for learner in learners for x in learner.completed)
    begun: Counter[str] = Counter(x for learner in learners for x in learner.started)
    answered: Counter[str] = Counter(x for learner in learners for x in learner.work)
    chosen: Counter[str] = Counter(t for learner in learners for t in learner.types)
    types = [TypeStat(tid, label, chosen[tid]) for tid, label in labels.items()]
    others = sum(1 for learner in learners if learner.other_types)
    if others:  # hand-edited ids: one bar, so a hostile file cannot flood the chart
        types.append(TypeStat(OTHER_TYPE, _("Other (not in this course)"), others,
                              known=False))
    return ClassReport(
        language=course.language,
        course_id=course.id,
        course_title=course.title,
        layout=course.canvas,
        credit=credit_of(course),
        generated=now,
        learners=learners,
        skipped=skipped,
        lessons=[LessonStat(x.id, x.title, done[x.id], _percent(done[x.id], n),
                            begun[x.id], _percent(begun[x.id], n))
                 for x in course.lessons],
        exercises=[ExerciseColumn(ex.id, ex.kind, ex.prompt, lesson.id, lesson.title,
                                  answered[ex.id])
                   for lesson in course.lessons for ex in lesson.exercises],
        quizzes=[QuizStat(ex.id, ex.kind, title, ex.prompt, attempted[ex.id], right[ex.id],
                          _percent(right[ex.id], attempted[ex.id]))
                 for title, ex in _quizzes(course)],
        types=types,
        questions=questions,
        outcomes=_outcomes(course, learners),
        rubrics=_rubric_stats(course, learners),
        type_labels=labels,
        types_block=course.canvas.role_id("relationships"),
        types_title=vocabulary_title(course, course.canvas.role_id("relationships")),
    )
