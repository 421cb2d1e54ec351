"""The generated part of docs/trainer-guide.md: lessons and times, outcomes, answer key.

Written from the built-in course, so the guide cannot drift from the lessons:
tests/test_trainer_guide.py fails when the guide's generated part differs from what this
module writes. After changing a lesson, refresh the guide with

    python tests/answer_key.py --write
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from canvas_tutor.course.loader import load_course
from canvas_tutor.course.model import Course, Exercise, Lesson

GUIDE = Path(__file__).resolve().parents[1] / "docs" / "trainer-guide.md"
START = "<!-- generated from the lessons by tests/answer_key.py: do not edit below -->"
END = "<!-- end of the generated part -->"


def classroom_minutes(lesson: Lesson) -> int:
    """The total the facilitator's Timing gives: lesson, discussion and activity."""
    m = re.search(r"\*\*Timing:\*\* (\d+) minutes in all", lesson.facilitator)
    return int(m.group(1)) if m else lesson.minutes


def _one_line(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _choice(ex: Exercise) -> list[str]:
    lines = [f"**{ex.id}** ({'choose all that apply' if ex.multiple else 'one answer'}): "
             f"{_one_line(ex.prompt)}", ""]
    for option in ex.options:
        mark = "**right**" if option.correct else "not right"
        lines.append(f"- {mark}: {_one_line(option.text)} ({_one_line(option.feedback)})")
    return [*lines, ""]


def _classify(ex: Exercise) -> list[str]:
    lines = [f"**{ex.id}** (sort): {_one_line(ex.prompt)}", "",
             "| Item | Belongs in | Why |", "| --- | --- | --- |"]
    for item in ex.items:
        category = ex.category(item.answer)
        lines.append(f"| {_one_line(item.text)} | {category.text if category else item.answer}"
                     f" | {_one_line(item.feedback)} |")
    return [*lines, ""]


def _rubric_table(ex: Exercise) -> list[str]:
    """A rubric exercise as a grid to print: a row per criterion, a column per level."""
    width = max((len(c.levels) for c in ex.criteria), default=0)
    lines = ["| Criterion | " + " | ".join(str(n) for n in range(1, width + 1)) + " |",
             "| --- |" + " --- |" * width]
    for c in ex.criteria:
        cells = [_one_line(level) for level in c.levels] + [""] * (width - len(c.levels))
        lines.append(f"| {_one_line(c.title)} | " + " | ".join(cells) + " |")
    return [*lines, ""]


def _handout(lesson: Lesson) -> list[str]:
    """The last lesson's rubric and peer-review form, to print for the final task.

    The rubric is the lesson's `rubric` exercise, drawn as a grid under the final task."""
    prose = "\n\n".join(s.text for s in lesson.segments if s.kind == "prose")
    parts = re.split(r"^## ", prose, flags=re.M)
    wanted = [p for p in parts if p.startswith(("Final task", "Peer review"))]
    if not wanted:
        return []
    out = ["## Handout: the final task", "",
           f"Print this page for the final task of lesson {lesson.title!r}: it is the "
           "lesson's own rubric and peer-review form.", ""]
    rubrics = [ex for ex in lesson.exercises if ex.kind == "rubric"]
    for part in wanted:
        title, _nl, body = part.partition("\n")
        out += [f"### {title.strip()}", "", body.strip(), ""]
        if part.startswith("Final task"):
            for ex in rubrics:
                out += [_one_line(ex.prompt), "", *_rubric_table(ex)]
    return out


def generated(course: Course) -> str:
    """The Markdown between the markers."""
    out = ["## The course at a glance", "",
           "| # | Lesson | On your own (min) | In class, with discussion and activity (min) |",
           "| --- | --- | --- | --- |"]
    for i, lesson in enumerate(course.lessons, 1):
        out.append(f"| {i} | {lesson.title} | {lesson.minutes} | {classroom_minutes(lesson)} |")
    own = sum(lesson.minutes for lesson in course.lessons)
    together = sum(classroom_minutes(lesson) for lesson in course.lessons)
    out += [f"| | **All lessons** | **{own}** | **{together}** |", ""]
    if course.outcomes:
        out += ["## Learning outcomes", "",
                "At the end of the course a learner can:", "",
                "| Outcome | EntreComp competence | EQF level |", "| --- | --- | --- |"]
        out += [f"| {_one_line(o.text)} | {o.entrecomp} | {o.eqf} |" for o in course.outcomes]
        out.append("")
    out += _handout(course.lessons[-1])
    out += ["## Answer key", "",
            "Every quiz of the course, lesson by lesson, with the feedback learners see. "
            "Reflect, notes and pick exercises have no single right answer: compare "
            "learners' answers with Naima's (press `t` on My canvas) and with the questions "
            "in the lesson.", ""]
    for i, lesson in enumerate(course.lessons, 1):
        quizzes = [ex for ex in lesson.exercises if ex.kind in ("choice", "classify")]
        if not quizzes:
            continue
        out += [f"### Lesson {i}: {lesson.title}", ""]
        for ex in quizzes:
            out += _choice(ex) if ex.kind == "choice" else _classify(ex)
    return "\n".join(out).rstrip() + "\n"


def split_guide(text: str) -> tuple[str, str, str]:
    """The hand-written head, the generated part and the hand-written tail."""
    head, rest = text.split(START, 1)
    middle, tail = rest.split(END, 1)
    return head, middle.strip("\n") + "\n", tail


def write(course: Course) -> None:
    head, _old, tail = split_guide(GUIDE.read_text(encoding="utf-8"))
    GUIDE.write_text(f"{head}{START}\n\n{generated(course)}\n{END}{tail}", encoding="utf-8")


if __name__ == "__main__":
    if sys.argv[1:] != ["--write"]:
        sys.exit("usage: python tests/answer_key.py --write")
    write(load_course())
    print(f"wrote {GUIDE}")
