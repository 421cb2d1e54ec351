"""The loader: what a lesson screen gets from a pack (segments, exercises, lines)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from canvas_tutor.course.loader import builtin_root, load_course
from canvas_tutor.course.model import Course
from canvas_tutor.errors import CourseError

MINI = Path(__file__).parent / "fixtures" / "mini-pack"


@pytest.fixture(scope="module")
def course() -> Course:
    return load_course(MINI)


def test_manifest_fields(course: Course) -> None:
    assert course.id == "business-model-canvas"
    assert course.title == "Mini course"
    assert course.version == "0.1.0"
    assert course.language == "en" and course.languages == ("en",)
    assert course.authors == ("Test",)
    assert "Strategyzer" in course.credit  # falls back to canvas.toml's credit
    assert len(course.canvas.blocks) == 9
    assert course.canvas.block("channels") is not None
    assert course.case.block("customer_relationships").answers["mi-expect"].startswith("Naima")


def test_intro_segments_in_order_with_fence_lines(course: Course) -> None:
    intro = course.lesson("intro")
    assert intro is not None
    assert intro.title == "Introduction" and intro.minutes == 5 and intro.block == ""
    assert [(s.kind, s.line) for s in intro.segments] == [
        ("prose", 8), ("case", 10), ("exercise", 14), ("facilitator", 30)]
    assert intro.segments[0].text == "Welcome to the **mini** course."
    assert intro.segments[1].text == "Naima has an idea."
    assert intro.facilitator.startswith("**Timing:** 5 minutes.")
    assert "**Activity:**" in intro.facilitator


def test_relations_segments_in_order(course: Course) -> None:
    lesson = course.lesson("relations")
    assert lesson is not None and lesson.block == "customer_relationships"
    assert [(s.kind, s.line) for s in lesson.segments] == [
        ("prose", 9), ("exercise", 13), ("exercise", 22), ("exercise", 30), ("exercise", 55)]
    assert [e.id for e in lesson.exercises] == ["mi-expect", "mi-notes", "mi-sort", "mi-pick"]
    assert [e.kind for e in lesson.exercises] == ["reflect", "notes", "classify", "pick"]


def test_choice_fields_and_default_option_ids(course: Course) -> None:
    quiz = course.exercise("mi-quiz")
    assert quiz is not None
    assert quiz.kind == "choice" and quiz.line == 14 and not quiz.multiple
    assert quiz.prompt == "Where is your work saved?" and quiz.hint == "Think of the file."
    assert [o.id for o in quiz.options] == ["a", "b"]
    assert [o.correct for o in quiz.options] == [True, False]
    assert quiz.correct_ids == frozenset({"a"})
    assert quiz.options[1].feedback == "No: answers are saved as you type."


def test_reflect_and_notes_fields(course: Course) -> None:
    reflect = course.exercise("mi-expect")
    notes = course.exercise("mi-notes")
    assert reflect is not None and notes is not None
    assert (reflect.kind, reflect.saves_to, reflect.compare) == (
        "reflect", "customer_relationships", "case")
    assert reflect.hint == "Think of each segment."
    assert (notes.kind, notes.saves_to, notes.compare) == ("notes", "customer_relationships", "")


def test_classify_fields(course: Course) -> None:
    sort = course.exercise("mi-sort")
    assert sort is not None
    assert [(c.id, c.text) for c in sort.categories] == [
        ("transactional", "Transactional"), ("communities", "Communities")]
    assert [(i.text, i.answer) for i in sort.items] == [
        ("An airport kiosk", "transactional"), ("A forum of users", "communities")]
    assert sort.items[1].feedback == "Users help each other."
    assert sort.category("communities") is not None and sort.category("nope") is None


def test_pick_fields(course: Course) -> None:
    pick = course.exercise("mi-pick")
    assert pick is not None
    assert pick.saves_to == "customer_relationships"
    assert pick.vocabulary == "relationship_types"  # items come from canvas.toml
    assert [(o.id, o.text, o.feedback) for o in pick.options] == [
        ("transactional", "Transactional", "One purchase at a time."),
        ("communities", "Communities", "Customers help each other.")]


def test_lookups(course: Course) -> None:
    assert course.position("relations") == 1 and course.position("nope") == -1
    assert course.lesson_for_block("customer_relationships") is course.lesson("relations")
    assert course.exercise("nope") is None


def test_other_fences_stay_prose(tmp_path: Path) -> None:
    root = tmp_path / "pack"
    shutil.copytree(MINI, root)
    lesson = root / "lessons/en/01-intro.md"
    text = lesson.read_text(encoding="utf-8").replace(
        "Welcome to the **mini** course.",
        "Welcome to the **mini** course.\n\n```python\nprint('hi')\n```\n\n"
        "    ```exercise\n    indented code, not a fence\n    ```\n\n```text\nplain\n```")
    lesson.write_text(text, encoding="utf-8")
    intro = load_course(root).lesson("intro")
    assert intro is not None
    assert [s.kind for s in intro.segments] == ["prose", "case", "exercise", "facilitator"]
    prose = intro.segments[0].text
    assert "```python\nprint('hi')\n```" in prose and "```text\nplain\n```" in prose
    assert "indented code" in prose
    assert intro.segments[1].line == 22


def test_exercise_inside_a_list_item_is_not_split_out(tmp_path: Path) -> None:
    root = tmp_path / "pack"
    shutil.copytree(MINI, root)
    lesson = root / "lessons/en/01-intro.md"
    text = lesson.read_text(encoding="utf-8").replace(
        "Welcome to the **mini** course.",
        "- a list item\n\n  ```case\n  nested case\n  ```")
    lesson.write_text(text, encoding="utf-8")
    intro = load_course(root).lesson("intro")
    assert intro is not None
    assert [s.kind for s in intro.segments] == ["prose", "case", "exercise", "facilitator"]
    assert "nested case" in intro.segments[0].text


def test_load_course_raises_course_error_listing_every_fault(tmp_path: Path) -> None:
    root = tmp_path / "pack"
    shutil.copytree(MINI, root)
    manifest = root / "course/course.toml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace(
        '"relations"]', '"relations", "pricing", "relations"]'), encoding="utf-8")
    with pytest.raises(CourseError) as info:
        load_course(root)
    faults = info.value.faults
    assert len(faults) == 2
    assert all(f.path == manifest and f.line == 8 for f in faults)
    assert "pricing" in faults[0].message and "listed twice" in faults[1].message
    assert str(info.value) == f"{faults[0]} (and 1 more)"


def test_load_course_of_a_folder_that_is_no_pack(tmp_path: Path) -> None:
    with pytest.raises(CourseError, match="not a course pack"):
        load_course(tmp_path)


def test_builtin_root_finds_a_pack() -> None:
    root = builtin_root()
    assert (root / "course" / "course.toml").is_file()
    assert (root / "course" / "canvas.toml").is_file()
    assert any((root / "lessons" / "en").glob("*.md"))
