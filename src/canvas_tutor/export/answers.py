"""Every answer a learner gave, exercise by exercise, as plain text: for exports and reports.

A canvas keeps answers where the course put them (a reflect answer under its block, a
quiz answer under progress, picked types and notes in their block); this module asks the
course, lesson by lesson, what each exercise's answer is and writes it out as a person
would read it. Answers the course no longer knows (an older version of the pack, a file
edited by hand) are not dropped: they are listed after the lessons.
"""

from __future__ import annotations

from dataclasses import dataclass

from canvas_tutor.canvas.model import Canvas
from canvas_tutor.course.exercises import KINDS
from canvas_tutor.course.model import Course, Exercise
from canvas_tutor.i18n import _
from canvas_tutor.text import one_line, strip_controls


@dataclass(frozen=True)
class ExerciseAnswer:
    """One exercise and the learner's answer to it ('' when there is none yet)."""

    id: str
    kind: str
    prompt: str
    text: str
    correct: bool | None = None  # for a choice or classify exercise that was checked


@dataclass(frozen=True)
class LessonAnswers:
    """The answers of one lesson, in the lesson's order."""

    id: str
    title: str
    answers: tuple[ExerciseAnswer, ...]


def _labels(ex: Exercise) -> dict[str, str]:
    return {o.id: one_line(o.text) for o in ex.options}


def answer_text(canvas: Canvas, ex: Exercise) -> tuple[str, bool | None]:
    """The learner's answer to one exercise as text, and whether it was right if checked.

    Where to look comes from the kind's registry entry (`keeps`), so a new kind that keeps
    its work like an existing one is reported without a change here.
    """
    kind = KINDS.get(ex.kind)
    keeps = kind.keeps if kind is not None else "quiz"
    work = canvas.blocks.get(ex.saves_to) if ex.saves_to else None
    if keeps == "answers":
        text = work.answers.get(ex.id, "") if work else ""
        return strip_controls(text).strip(), None
    if keeps == "notes":
        notes = [one_line(n) for n in (work.notes if work else [])]
        return "\n".join(f"- {n}" for n in notes if n), None
    if keeps == "types":
        labels = _labels(ex)
        return ", ".join(labels.get(t, one_line(t)) for t in (work.types if work else [])), None
    if keeps == "ratings" and ex.criteria:  # a rubric: one line per criterion, "2/3 title"
        given = canvas.ratings_of(ex.id)
        return "\n".join(f"{given[c.id]}/{len(c.levels)} {one_line(c.title)}"
                         for c in ex.criteria  # a level it lacks (a hand edit) is left out
                         if 1 <= given.get(c.id, 0) <= len(c.levels)), None
    if keeps == "ratings":  # a self-check: one line per outcome, "text: 4/5"
        labels = _labels(ex)
        given = canvas.ratings_of(ex.id)
        return "\n".join(f"{labels.get(item, one_line(item))}: {value}/5"
                         for item, value in given.items()), None
    result = canvas.progress.quiz.get(ex.id)
    if result is None or not result.answer:
        return "", None
    if ex.items:  # sorted into categories: one line per item
        names = {c.id: one_line(c.text) for c in ex.categories}
        lines = [f"{one_line(item.text)}: {names.get(chosen, one_line(chosen))}"
                 for item, chosen in zip(ex.items, result.answer, strict=False)]
        return "\n".join(lines), result.correct
    labels = _labels(ex)
    return "; ".join(labels.get(a, one_line(a)) for a in result.answer), result.correct


def _known(course: Course) -> tuple[set[str], set[str]]:
    """Exercise ids the course reads from block answers and from quiz results."""
    reflect: set[str] = set()
    quiz: set[str] = set()
    for lesson in course.lessons:
        for ex in lesson.exercises:
            kind = KINDS.get(ex.kind)
            (reflect if kind is not None and kind.keeps == "answers" else quiz).add(ex.id)
    return reflect, quiz


def answers_by_lesson(canvas: Canvas, course: Course, *,
                      with_empty: bool = False) -> list[LessonAnswers]:
    """Every answer, grouped by lesson; lessons without one are left out unless asked."""
    out: list[LessonAnswers] = []
    for lesson in course.lessons:
        found = []
        for ex in lesson.exercises:
            text, correct = answer_text(canvas, ex)
            if text or with_empty:
                found.append(ExerciseAnswer(ex.id, ex.kind, one_line(ex.prompt), text,
                                            correct))
        if found:
            out.append(LessonAnswers(lesson.id, one_line(lesson.title), tuple(found)))
    reflect, quiz = _known(course)
    others = []
    for block_id, work in canvas.blocks.items():
        for ex_id, text in work.answers.items():
            if ex_id not in reflect and strip_controls(text).strip():
                others.append(ExerciseAnswer(ex_id, "reflect", one_line(
                    f"{block_id.replace('_', ' ')}: {ex_id}"), strip_controls(text).strip()))
    for ex_id, result in canvas.progress.quiz.items():
        if ex_id not in quiz and ex_id not in reflect and result.answer:
            others.append(ExerciseAnswer(ex_id, "choice", one_line(ex_id),
                                         "; ".join(one_line(a) for a in result.answer),
                                         result.correct))
    if others:
        out.append(LessonAnswers("", _("Other answers (not in this course)"), tuple(others)))
    return out


def started_lessons(canvas: Canvas, course: Course) -> set[str]:
    """Lessons the learner has begun: opened last, finished, or answered anything in."""
    started = set(canvas.progress.completed)
    if canvas.progress.current:
        started.add(canvas.progress.current)
    for group in answers_by_lesson(canvas, course):
        if group.id:
            started.add(group.id)
    return started
