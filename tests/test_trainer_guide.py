"""docs/trainer-guide.md: its answer key, lesson times and outcomes are the lessons' own."""

from __future__ import annotations

import re

import pytest

from answer_key import GUIDE, generated, split_guide
from canvas_tutor.course.model import Course


def test_the_generated_part_matches_the_lessons(builtin_course: Course) -> None:
    _head, middle, _tail = split_guide(GUIDE.read_text(encoding="utf-8"))
    assert middle == generated(builtin_course), (
        "docs/trainer-guide.md is out of date: run python tests/answer_key.py --write")


def test_every_quiz_is_in_the_answer_key_with_its_right_answers(builtin_course: Course) -> None:
    guide = GUIDE.read_text(encoding="utf-8")
    key = guide.split("## Answer key", 1)[1]
    quizzes = [ex for lesson in builtin_course.lessons for ex in lesson.exercises
               if ex.kind in ("choice", "classify")]
    assert len(quizzes) >= 20
    for ex in quizzes:
        assert f"**{ex.id}**" in key, ex.id
        section = key.split(f"**{ex.id}**", 1)[1].split("\n**", 1)[0]
        for option in ex.options:
            line = next(x for x in section.splitlines()
                        if " ".join(option.text.split()).replace("|", "\\|") in x)
            assert line.startswith("- **right**" if option.correct else "- not right"), line
        for item in ex.items:
            category = ex.category(item.answer)
            assert category is not None
            assert re.search(rf"\| {re.escape(' '.join(item.text.split()))} \| "
                             rf"{re.escape(category.text)} \|", section), item.text


def test_agendas_and_materials_are_there() -> None:
    guide = GUIDE.read_text(encoding="utf-8")
    for heading in ("### 90 minutes", "### Half a day", "### Two days", "## Materials",
                    "## Answer key", "## Further reading"):
        assert heading in guide, heading
    assert "Osterwalder and Yves Pigneur, *Business Model Generation* (Wiley, 2010)" in guide


def test_the_two_day_agenda_adds_up(builtin_course: Course) -> None:
    """Each lesson's slot in the two-day agenda is its classroom time from its notes."""
    from answer_key import classroom_minutes

    days = GUIDE.read_text(encoding="utf-8").split("### Two days", 1)[1].split("## ", 1)[0]
    slots = re.findall(r"^\| \d+:\d\d \| (\d+) .+? \((\d+) min\) \|$", days, re.M)
    assert [int(n) for n, _ in slots] == list(range(1, 14))
    for number, minutes in slots:
        assert int(minutes) == classroom_minutes(builtin_course.lessons[int(number) - 1])


@pytest.mark.parametrize(("language", "right", "wrong"), [("es", "**correcta**", "no correcta"),
                                                           ("fr", "**juste**", "pas juste")])
def test_each_translated_guide_has_its_editions_answer_key(language: str, right: str,
                                                            wrong: str) -> None:
    """docs/trainer-guide.<lang>.md: its lesson table and answer key are the edition's own
    (a changed Spanish or French quiz fails here until the guide is brought in step)."""
    from pathlib import Path

    from canvas_tutor.course.loader import load_course

    edition = load_course(None, language)
    guide = (Path(__file__).resolve().parents[1] / "docs"
             / f"trainer-guide.{language}.md").read_text(encoding="utf-8")
    lines = [" ".join(line.split()) for line in guide.splitlines()]  # no-break spaces too
    for lesson in edition.lessons:
        assert any(re.match(rf"\| \d+ \| {re.escape(lesson.title)} \| {lesson.minutes} \|", line)
                   for line in lines), lesson.title
        for ex in lesson.exercises:
            if ex.kind == "choice":
                assert f"**{ex.id}**" in guide, ex.id
                for option in ex.options:
                    mark = right if option.correct else wrong
                    text = " ".join(option.text.split())
                    assert any(line.startswith(f"- {mark}") and text in line
                               for line in lines), (ex.id, option.id)
            elif ex.kind == "classify":
                names = {c.id: c.text for c in ex.categories}
                for item in ex.items:
                    row = f"| {' '.join(item.text.split())} | {names[item.answer]} |"
                    assert any(line.startswith(row) for line in lines), (ex.id, item.text)
